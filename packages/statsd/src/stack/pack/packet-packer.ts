// The global `Buffer` is an accessor: reading it calls a getter on every use (seen in profiles).
import { Buffer } from "node:buffer";

/** The payload limit of a {@link PacketPacker} and where its output goes. */
export interface PacketPackerOptions {
  /** The largest payload, in UTF-8 bytes, separators included. */
  maxBytes: number;
  /** Receives each full payload (lines joined by `\n`, no trailing newline) and its samples. */
  send: (payload: string, bytes: number, samples: number) => void;
  /** Receives a line longer than `maxBytes` on its own, and its samples; it is not sent. */
  onOversize: (line: string, bytes: number, samples: number) => void;
}

/**
 * Packs lines into payloads of at most `maxBytes` UTF-8 bytes, joined by newlines, in order.
 * A payload is never larger than `maxBytes` and a line is never cut: one that cannot fit even
 * alone goes to `onOversize` instead (transports split multi-value lines to avoid that). Each
 * payload comes with the samples its lines carry, so a lost payload is reported with exactly
 * the calls, values and members it held.
 *
 * @example
 * ```ts
 * const packer = new PacketPacker({
 *   maxBytes: 1432,
 *   send: (payload, bytes, samples) => socket.send(payload, bytes, samples),
 *   onOversize: (line, bytes) => report("dropped", line, bytes),
 * });
 * packer.add("jobs:3|c", 3); // a counter summing 3 calls
 * packer.flush();
 * ```
 */
export class PacketPacker {
  /** The largest payload, in UTF-8 bytes. */
  readonly maxBytes: number;
  private readonly send: PacketPackerOptions["send"];
  private readonly onOversize: PacketPackerOptions["onOversize"];
  private payload = "";
  private bytes = 0;
  private samples = 0;

  constructor(options: PacketPackerOptions) {
    if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes < 1) {
      throw new TypeError(`maxBytes must be a positive integer, got ${String(options.maxBytes)}`);
    }
    this.maxBytes = options.maxBytes;
    this.send = options.send;
    this.onOversize = options.onOversize;
  }

  /** Bytes held, not yet sent. */
  get pendingBytes(): number {
    return this.bytes;
  }

  /**
   * Adds one line (without its newline); sends the held payload first if the line would not fit.
   * An empty line carries nothing and is ignored. `samples` is what the line carries.
   */
  add(line: string, samples = 1): void {
    const lineBytes = Buffer.byteLength(line, "utf8");
    if (lineBytes === 0) return;
    if (lineBytes > this.maxBytes) {
      this.onOversize(line, lineBytes, samples);
      return;
    }
    if (this.bytes === 0) {
      this.payload = line;
      this.bytes = lineBytes;
      this.samples = samples;
    } else if (this.bytes + 1 + lineBytes <= this.maxBytes) {
      this.payload += `\n${line}`;
      this.bytes += 1 + lineBytes;
      this.samples += samples;
    } else {
      this.send(this.payload, this.bytes, this.samples);
      this.payload = line;
      this.bytes = lineBytes;
      this.samples = samples;
    }
  }

  /** Sends what is held, if anything. */
  flush(): void {
    if (this.bytes === 0) return;
    const { payload, bytes, samples } = this;
    this.payload = "";
    this.bytes = 0;
    this.samples = 0;
    this.send(payload, bytes, samples);
  }
}
