import { cpus, totalmem } from "node:os";

/** Where and when the numbers were measured; printed above every table. */
export function describeEnvironment(): string {
  const cpuList = cpus();
  const model = cpuList[0]?.model.trim() ?? "unknown CPU";
  return [
    `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, "Z")}`,
    `- Node ${process.version} (V8 ${process.versions.v8}), ${process.platform}/${process.arch}`,
    `- CPU: ${model}, ${cpuList.length} logical cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
  ].join("\n");
}
