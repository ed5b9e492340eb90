// Starts both instrumentations with the defaults and does nothing else: the process must end.
import { instrumentHttp, startRuntimeMetrics } from "../../dist/index.js";

startRuntimeMetrics();
instrumentHttp();
