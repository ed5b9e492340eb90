import { Worker } from "node:worker_threads";
import { RequestAbortedError } from "../delivery/delivery-errors.js";
import { bodyOf, type PackedPayload } from "../encoding/pack-payloads.js";
import type { IntakeSettings } from "./datadog-intake.js";
import { fromWire } from "./wire-errors.js";
import type { FromWorker, ToWorker } from "./worker-messages.js";

/** The worker's script: next to the bundle that contains this code (`dist/`). */
function workerScript(): URL {
  const own = import.meta.url;
  return new URL(own.endsWith(".cjs") ? "./intake-worker.cjs" : "./intake-worker.js", own);
}

/** How long the worker outlives the last backend, in milliseconds. */
const LINGER_MS = 10_000;

interface Pending {
  readonly backend: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * The one intake worker of the process, shared by every backend (the client is loaded once).
 * Started on the first request, never on import or construction; unref'd unless a request is
 * pending for a backend someone is awaiting, so it never keeps an idle process alive; stopped
 * 10 s after the last backend closed. If it dies, pending requests fail with a retryable error
 * and the next request starts a new one.
 */
class SharedWorker {
  private worker: Worker | undefined;
  private readonly backends = new Map<number, IntakeSettings>();
  private readonly configured = new Set<number>();
  private readonly pending = new Map<number, Pending>();
  private readonly holding = new Set<number>();
  private nextId = 1;
  private linger: NodeJS.Timeout | undefined;

  register(backend: number, settings: IntakeSettings): void {
    this.backends.set(backend, settings);
    if (this.linger !== undefined) clearTimeout(this.linger);
    this.linger = undefined;
  }

  submit(backend: number, payload: PackedPayload): Promise<void> {
    const worker = this.start();
    if (!this.configured.has(backend)) {
      const { apiKey, baseUrl, requestTimeoutMs } = this.backends.get(backend) as IntakeSettings;
      this.post(worker, {
        type: "configure",
        backend,
        settings: { apiKey, baseUrl, requestTimeoutMs },
      });
      this.configured.add(backend);
    }
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { backend, resolve, reject });
      this.post(worker, { type: "submit", backend, id, kind: payload.kind, body: bodyOf(payload) });
      this.updateRef();
    });
  }

  hold(backend: number, holding: boolean): void {
    if (holding) this.holding.add(backend);
    else this.holding.delete(backend);
    this.updateRef();
  }

  /** Fails the backend's pending requests at once and abandons them in the worker. */
  abort(backend: number): void {
    this.rejectPending(new RequestAbortedError(), backend);
    if (this.worker !== undefined && this.configured.has(backend)) {
      this.post(this.worker, { type: "abort", backend });
    }
  }

  /** Forgets a closed backend; stops the worker when no backend is left. */
  release(backend: number): void {
    this.abort(backend);
    this.holding.delete(backend);
    this.backends.delete(backend);
    if (this.worker !== undefined && this.configured.has(backend)) {
      this.post(this.worker, { type: "forget", backend });
    }
    this.configured.delete(backend);
    if (this.backends.size === 0 && this.worker !== undefined && this.linger === undefined) {
      // Kept a little in case a new backend follows (reconfiguration, tests): loading the
      // client again would cost another second or two. Unref'd, it keeps no process alive.
      this.linger = setTimeout(() => {
        this.linger = undefined;
        if (this.backends.size > 0 || this.worker === undefined) return;
        const worker = this.worker;
        this.worker = undefined;
        this.configured.clear();
        void worker.terminate();
      }, LINGER_MS);
      this.linger.unref();
    }
    this.updateRef();
  }

  private post(worker: Worker, message: ToWorker): void {
    worker.postMessage(message);
  }

  private start(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(workerScript(), {
      // None of the application's flags: a worker refuses per-process ones (heap sizes such as
      // `--max-old-space-size`, `--input-type`), and it runs only this package and the client.
      execArgv: [],
    });
    worker.unref();
    worker.on("message", (message: FromWorker) => this.receive(message));
    const died = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.configured.clear();
      this.rejectPending(
        Object.assign(new Error(`intake worker stopped: ${reason}`), { code: "ERR_INTAKE_WORKER" }),
      );
    };
    worker.on("error", (error) => died(error.message));
    worker.on("exit", (code) => died(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  private receive(message: FromWorker): void {
    if (message.type === "compressed") {
      this.backends
        .get(message.backend)
        ?.onCompressed(message.uncompressedBytes, message.compressedBytes);
      return;
    }
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    this.pending.delete(message.id);
    if (message.error === undefined) pending.resolve();
    else pending.reject(fromWire(message.error));
    this.updateRef();
  }

  private rejectPending(error: Error, backend?: number): void {
    for (const [id, pending] of this.pending) {
      if (backend !== undefined && pending.backend !== backend) continue;
      this.pending.delete(id);
      pending.reject(error);
    }
    this.updateRef();
  }

  private updateRef(): void {
    if (this.worker === undefined) return;
    let held = false;
    for (const pending of this.pending.values()) {
      if (this.holding.has(pending.backend)) {
        held = true;
        break;
      }
    }
    if (held) this.worker.ref();
    else this.worker.unref();
  }
}

let shared: SharedWorker | undefined;
let nextBackend = 1;

/** One backend's handle on the shared intake worker. Constructing it starts nothing. */
export class WorkerIntake {
  private readonly id = nextBackend++;
  private stopped = false;

  constructor(settings: IntakeSettings) {
    shared ??= new SharedWorker();
    shared.register(this.id, settings);
  }

  /** Sends one payload; resolves when the intake accepted it. */
  submit(payload: PackedPayload): Promise<void> {
    if (this.stopped || shared === undefined) return Promise.reject(new RequestAbortedError());
    return shared.submit(this.id, payload);
  }

  /** Whether someone awaits delivery: then a pending request keeps the process alive. */
  hold(holding: boolean): void {
    shared?.hold(this.id, holding);
  }

  /** Fails every pending request as aborted; later requests fail too. */
  abortInFlight(): void {
    this.stopped = true;
    shared?.abort(this.id);
  }

  /** Releases this backend's share of the worker. */
  destroy(): void {
    this.stopped = true;
    shared?.release(this.id);
  }
}
