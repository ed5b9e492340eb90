import type { TagInput } from "./backend.js";

/** Options every emitting call takes. */
export interface EmitOptions {
  /** Tags of this call; they override scoped and global tags of the same name. */
  tags?: TagInput;
  /** Keep this sample with this probability, in (0, 1]; the backend is told the rate. */
  sampleRate?: number;
  /** Unit of the value (`byte`, `second`, ...), for backends that carry units. */
  unit?: string;
  /** Shorthand for the tag `instance`. */
  instance?: string | number;
}

/** Options of `incr`. */
export interface IncrOptions extends EmitOptions {
  /** The amount, when not given as the second argument. Defaults to 1. */
  amount?: number;
}
