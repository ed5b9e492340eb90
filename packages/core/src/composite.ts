export { CompositeBackend } from "./backends/composite-backend.js";
