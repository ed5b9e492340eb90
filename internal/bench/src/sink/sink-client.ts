import { type ChildProcess, fork } from "node:child_process";
import { siblingPath, TSX_EXEC_ARGV } from "../harness/child.js";
import type { SinkAddress, SinkCommand, SinkMessage, SinkTotals } from "./sink-protocol.js";

type Distribute<T> = T extends unknown ? Omit<T, "id"> : never;

/** The parent's handle on a sink child process (see `sink-process.ts`). */
export class Sink {
  readonly address: SinkAddress;
  readonly #child: ChildProcess;
  readonly #waiting = new Map<number, (message: SinkMessage) => void>();
  #nextId = 1;

  private constructor(child: ChildProcess, address: SinkAddress) {
    this.#child = child;
    this.address = address;
    child.on("message", (message: SinkMessage) => {
      if (!("id" in message)) return;
      this.#waiting.get(message.id)?.(message);
      this.#waiting.delete(message.id);
    });
  }

  /** Starts a sink process and resolves once it listens. */
  static start(): Promise<Sink> {
    const child = fork(siblingPath(import.meta.url, "./sink-process.ts"), [], {
      execArgv: TSX_EXEC_ARGV,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    return new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`sink exited with code ${code}`)));
      child.once("message", (message: SinkMessage) => {
        if ("ready" in message) resolve(new Sink(child, message.ready));
      });
    });
  }

  #ask(command: Distribute<SinkCommand>): Promise<SinkMessage> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      this.#child.send({ ...command, id });
    });
  }

  /** Forgets everything received so far. */
  async reset(): Promise<void> {
    await this.#ask({ cmd: "reset" });
  }

  /** Waits until nothing has arrived for `quietMs`, then returns what arrived since the reset. */
  async settle(quietMs = 250): Promise<SinkTotals> {
    const message = await this.#ask({ cmd: "settle", quietMs });
    if (!("totals" in message)) throw new Error("sink answered settle without totals");
    return message.totals;
  }

  /** Stops the sink process. */
  async stop(): Promise<void> {
    await this.#ask({ cmd: "stop" });
    this.#child.removeAllListeners("exit");
  }
}
