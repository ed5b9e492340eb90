// The kit needs only core's types, and takes them from core's build by path rather than through
// a dependency on @metrics/core: core's own tests depend on this kit, and a dependency back
// would make a cycle in the workspace graph (pnpm warns, and orders builds arbitrarily). The
// path is the file `@metrics/core` resolves to, so the types are the very ones the backends
// under test implement. Type-only: nothing is loaded at run time.
export type {
  ErrorHandler,
  MetricsBackend,
  MetricsError,
  Tags,
} from "../../../packages/core/dist/index.js";
