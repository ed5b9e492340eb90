import { afterEach } from "vitest";
import { configure, type MetricsError } from "../src/index.js";
import { noopBackend } from "../src/slot/global-state.js";
import { MemoryBackend } from "../src/testing.js";

/** A fresh MemoryBackend as the process backend, with every reported error collected. */
export function useMemory(): { memory: MemoryBackend; errors: MetricsError[] } {
  const errors: MetricsError[] = [];
  const memory = new MemoryBackend({ onError: (error) => errors.push(error) });
  configure({
    backend: memory,
    prefix: "",
    sampleRate: 1,
    globalTags: {},
    onError: (error) => errors.push(error),
  });
  return { memory, errors };
}

afterEach(() => {
  configure({ backend: noopBackend, prefix: "", sampleRate: 1, globalTags: {}, onError: () => {} });
});
