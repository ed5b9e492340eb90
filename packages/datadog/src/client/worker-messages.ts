import type { PayloadKind } from "../encoding/wire-types.js";
import type { IntakeSettings } from "./datadog-intake.js";
import type { WireError } from "./wire-errors.js";

/** Settings of one backend's intake, as the worker receives them. */
export type WorkerIntakeSettings = Omit<IntakeSettings, "onCompressed">;

/** Main thread to intake worker. `backend` identifies the backend instance. */
export type ToWorker =
  | {
      readonly type: "configure";
      readonly backend: number;
      readonly settings: WorkerIntakeSettings;
    }
  /** Send one request body (`{"series":[...]}`). */
  | {
      readonly type: "submit";
      readonly backend: number;
      readonly id: number;
      readonly kind: PayloadKind;
      readonly body: string;
    }
  /** Abandon this backend's requests in flight. */
  | { readonly type: "abort"; readonly backend: number }
  /** The backend closed: release its sockets. */
  | { readonly type: "forget"; readonly backend: number };

/** Intake worker to main thread. */
export type FromWorker =
  | { readonly type: "done"; readonly id: number; readonly error?: WireError }
  | {
      readonly type: "compressed";
      readonly backend: number;
      readonly uncompressedBytes: number;
      readonly compressedBytes: number;
    };
