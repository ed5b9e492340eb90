/**
 * Shows the report once a second, in lines of at most 80 columns. On a terminal the block (the
 * title, the table, one line of what the peer received) is redrawn in place, so the header stays
 * and nothing piles up under the table. Otherwise (CI, a pipe) each tick prints one line and
 * the table comes at the end.
 */
import type { Report } from "../report.js";
import { fit, screenWidth } from "./fit.js";
import { type Rates, renderTable } from "./table.js";

/**
 * @example
 * const view = new LiveView("@metrics demo · statsd");
 * view.tick(3, 120, report, ["statsd: 7 counters, 49 timings"]);
 */
export class LiveView {
  readonly #tty: boolean;
  readonly #width: number;
  readonly #write: (text: string) => void;
  #drawnLines = 0;
  /** The totals and the time of the previous tick, for the rates per second. */
  #previous: { seconds: number; answered: number; byRoute: Rates } = {
    seconds: 0,
    answered: 0,
    byRoute: {},
  };
  #rates: Rates = {};
  #received = "received: nothing yet";

  constructor(
    readonly title: string,
    stream: NodeJS.WriteStream = process.stdout,
  ) {
    this.#tty = stream.isTTY === true;
    this.#width = screenWidth(stream);
    this.#write = (text) => stream.write(text);
  }

  tick(seconds: number, answered: number, report: Report, activity: string[]): void {
    const byRoute = Object.fromEntries(report.rows.map((row) => [row.route, row.total]));
    const elapsed = Math.max(0.001, seconds - this.#previous.seconds);
    const answeredRate = (answered - this.#previous.answered) / elapsed;
    this.#rates = Object.fromEntries(
      Object.entries(byRoute).map(([route, total]) => [
        route,
        (total - (this.#previous.byRoute[route] ?? 0)) / elapsed,
      ]),
    );
    this.#previous = { seconds, answered, byRoute };
    const more = activity.length > 1 ? ` (+${activity.length - 1} more)` : "";
    const latest = activity.length > 0 ? `${activity[0]}${more}` : "";
    const rate = `${answeredRate.toFixed(0)}/s`;
    const progress = `${seconds.toFixed(0).padStart(3)} s · answered ${answered} (${rate}) · counted ${report.requests}`;

    if (!this.#tty) {
      this.#line(latest === "" ? progress : `${progress} · ${latest}`);
      return;
    }
    if (latest !== "") this.#received = `received: ${latest}`;
    const table = renderTable(report, this.#rates);
    this.#draw([`${this.title} · ${progress}`, "", ...table, this.#received]);
  }

  /** The last table, with the average rates over `seconds` of traffic, and closing lines. */
  final(report: Report, seconds: number, lines: string[]): void {
    const average = Object.fromEntries(report.rows.map((row) => [row.route, row.total / seconds]));
    const block = ["", ...renderTable(report, average), ...lines];
    if (this.#tty) this.#draw([this.title, ...block]);
    else for (const line of block) this.#line(line);
  }

  #line(text: string): void {
    this.#write(`${fit(text, this.#width)}\n`);
  }

  /** Moves up over the previous block, clears it, and draws `lines`. */
  #draw(lines: string[]): void {
    const clear = this.#drawnLines > 0 ? `\x1b[${this.#drawnLines}F\x1b[J` : "";
    this.#write(clear + lines.map((line) => `${fit(line, this.#width)}\n`).join(""));
    this.#drawnLines = lines.length;
  }
}
