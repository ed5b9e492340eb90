export { LoggingBackend, type LoggingBackendOptions } from "./backends/logging-backend.js";
