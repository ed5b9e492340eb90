import diagnosticsChannel from "node:diagnostics_channel";

/**
 * Channel subscriptions made together and removed together. `active` turns false on removal, so
 * a per-request listener that fires later (a `close` after `stop()`) emits nothing.
 */
export class Subscriptions {
  readonly #made: Array<[string, (message: unknown, name: string | symbol) => void]> = [];
  #active = true;

  get active(): boolean {
    return this.#active;
  }

  add<T>(channel: string, handler: (message: T) => void): void {
    const listener = handler as (message: unknown) => void;
    diagnosticsChannel.subscribe(channel, listener);
    this.#made.push([channel, listener]);
  }

  removeAll(): void {
    this.#active = false;
    for (const [channel, listener] of this.#made) diagnosticsChannel.unsubscribe(channel, listener);
    this.#made.length = 0;
  }
}
