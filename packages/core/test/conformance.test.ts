import { describeConformance } from "@metrics/conformance";
import { CompositeBackend } from "../src/composite.js";
import { MemoryBackend } from "../src/testing.js";

const wire = { timingType: "timing", timingScale: 1, setsArriveAs: "members" } as const;

describeConformance("MemoryBackend", {
  wire,
  async setup(onError) {
    const memory = new MemoryBackend({ onError });
    return { backend: memory, received: async () => [...memory.records], teardown: async () => {} };
  },
});

describeConformance("CompositeBackend of two MemoryBackends", {
  wire,
  async setup(onError) {
    const first = new MemoryBackend({ onError });
    const second = new MemoryBackend({ onError });
    return {
      backend: new CompositeBackend([first, second], { onError }),
      // Both children must have received the same metrics.
      received: async () =>
        JSON.stringify(first.records) === JSON.stringify(second.records) ? [...first.records] : [],
      teardown: async () => {},
    };
  },
});
