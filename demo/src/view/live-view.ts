/**
 * Shows the report once a second. On a terminal the block is redrawn in place; otherwise (CI,
 * a pipe) each tick prints one short line plus what the peer saw, and the table comes at the end.
 */
import type { Report } from "../report.js";
import { renderTable } from "./table.js";

const KEPT_ACTIVITY = 6;

export class LiveView {
  readonly #tty: boolean;
  readonly #write: (text: string) => void;
  #drawnLines = 0;
  #activity: string[] = [];

  constructor(
    readonly title: string,
    stream: NodeJS.WriteStream = process.stdout,
  ) {
    this.#tty = stream.isTTY === true;
    this.#write = (text) => stream.write(text);
  }

  tick(seconds: number, answered: number, report: Report, activity: string[]): void {
    if (!this.#tty) {
      const p90 = Math.max(0, ...report.rows.map((row) => row.p90 ?? 0));
      this.#write(
        `[${seconds.toFixed(0).padStart(3)}s] answered ${answered} · counted ${report.requests} · in flight ${report.inFlight ?? "–"} · users ${report.users ?? report.usersPerWindow ?? "–"} · worst p90 ${p90.toFixed(1)} ms\n`,
      );
      for (const line of activity) this.#write(`       ${line}\n`);
      return;
    }
    this.#activity = [...this.#activity, ...activity].slice(-KEPT_ACTIVITY);
    const block = [
      `${this.title} · ${seconds.toFixed(0)} s · ${answered} answered`,
      "",
      ...renderTable(report),
      "",
      ...this.#activity.map((line) => `  ${line}`),
    ];
    // Move up over the previous block and clear it, then draw the new one.
    const clear = this.#drawnLines > 0 ? `\x1b[${this.#drawnLines}F\x1b[J` : "";
    this.#write(`${clear}${block.join("\n")}\n`);
    this.#drawnLines = block.length;
  }

  final(report: Report, lines: string[]): void {
    const clear = this.#tty && this.#drawnLines > 0 ? `\x1b[${this.#drawnLines}F\x1b[J` : "";
    this.#write(`${clear}\n${renderTable(report).join("\n")}\n\n${lines.join("\n")}\n`);
  }
}
