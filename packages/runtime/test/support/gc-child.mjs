// Run with --expose-gc: forces major collections and provokes minor ones, then prints what the
// runtime metrics recorded for GC pauses as JSON.
import { configure } from "@metrics/core";
import { MemoryBackend } from "@metrics/core/testing";
import { startRuntimeMetrics } from "../../dist/index.js";

const memory = new MemoryBackend();
configure({ backend: memory });
const runtime = startRuntimeMetrics({ naming: process.argv[2] ?? "opentelemetry" });
for (let i = 0; i < 3; i++) globalThis.gc();
let keep = [];
for (let i = 0; i < 200_000; i++) keep.push({ i });
keep = null;
// The observer delivers its entries asynchronously.
await new Promise((resolve) => setTimeout(resolve, 100));
runtime.stop();
console.log(JSON.stringify(memory.records.filter((r) => r.key.includes("gc"))));
