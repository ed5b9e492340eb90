/**
 * What the stack counts about itself: the DogStatsD flavour sends these as its self-telemetry
 * (`datagrams_sent`, `bytes_sent`, `datagrams_dropped`, `bytes_dropped`, `lines_dropped`,
 * `contexts_overflowed`, `samples_sampled_out`).
 *
 * @example
 * ```ts
 * for (const [name, count] of stats.take()) emit(`${prefix}${name}:${count}|c`);
 * ```
 */
export class WireStats {
  datagramsSent = 0;
  bytesSent = 0;
  datagramsDropped = 0;
  bytesDropped = 0;
  linesDropped = 0;
  contextsOverflowed = 0;
  samplesSampledOut = 0;

  /** The counts since the last call, as `[name, count]` pairs of the non-zero ones; then resets. */
  take(): Array<[string, number]> {
    const counts: Array<[string, number]> = [
      ["datagrams_sent", this.datagramsSent],
      ["bytes_sent", this.bytesSent],
      ["datagrams_dropped", this.datagramsDropped],
      ["bytes_dropped", this.bytesDropped],
      ["lines_dropped", this.linesDropped],
      ["contexts_overflowed", this.contextsOverflowed],
      ["samples_sampled_out", this.samplesSampledOut],
    ];
    this.datagramsSent = 0;
    this.bytesSent = 0;
    this.datagramsDropped = 0;
    this.bytesDropped = 0;
    this.linesDropped = 0;
    this.contextsOverflowed = 0;
    this.samplesSampledOut = 0;
    return counts.filter(([, count]) => count > 0);
  }
}
