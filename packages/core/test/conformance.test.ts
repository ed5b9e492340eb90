import { describeConformance } from "@metrics/conformance";
import { CompositeBackend } from "../src/composite.js";
import { filter, limitCardinality, route } from "../src/layers.js";
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

describeConformance("route() around MemoryBackends", {
  wire,
  async setup(onError) {
    const hostile = new MemoryBackend({ onError });
    const counters = new MemoryBackend({ onError });
    const fallback = new MemoryBackend({ onError });
    return {
      backend: route(
        [
          { prefixes: ["conformance.hostile.", "conformance.tagged."], backend: hostile },
          { prefixes: ["conformance."], types: ["counter"], backend: counters },
        ],
        fallback,
      ),
      received: async () => [...hostile.records, ...counters.records, ...fallback.records],
      teardown: async () => {},
    };
  },
});

describeConformance("filter() around MemoryBackend", {
  wire,
  async setup(onError) {
    const memory = new MemoryBackend({ onError });
    return {
      // Rules that none of the kit's metrics meet: everything must pass unchanged.
      backend: filter(memory, {
        allowPrefixes: ["conformance."],
        denyPrefixes: ["internal."],
        denyTags: ["user_id", /^request_id$/],
      }),
      received: async () => [...memory.records],
      teardown: async () => {},
    };
  },
});

describeConformance("limitCardinality() around MemoryBackend", {
  wire,
  async setup(onError) {
    const memory = new MemoryBackend({ onError });
    return {
      backend: limitCardinality(memory, { maxTagSets: 10, onError }),
      received: async () => [...memory.records],
      teardown: async () => {},
    };
  },
});
