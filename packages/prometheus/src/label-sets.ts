import type { Tags } from "@metrics/core";
import { type FamilyKind, labelName } from "./prometheus-names.js";

/** Labels as prom-client takes them: one object per series, never changed once made. */
export type Labels = Record<string, string>;

/**
 * One series of a metric: its labels, and what the hot path accumulated for it since the last
 * scrape (prom-client gets it in the metric's `collect`, so a call costs a lookup and an add).
 */
export interface Series {
  readonly labels: Labels;
  /** A counter's sum since the last scrape, or a gauge's last value. */
  value: number;
  /** Something was recorded since the last scrape. */
  dirty: boolean;
}

/** What {@link LabelSets.seriesOf} saw wrong with a call's tags, to report. */
export interface LabelProblems {
  /** A tag whose label name the metric does not have (or that another tag already fills). */
  extraTag(tag: string): void;
  /** The first label set past the cap. */
  capReached(): void;
}

type Node = Map<string, Node | Series>;

/**
 * A step of the path cache: the series that the tags so far lead to (in the caller's order), and
 * where each next tag leads. Most steps see one tag name, held inline; other names in `others`.
 */
interface Path {
  series: Series | undefined;
  name: string | undefined;
  values: Map<string, Path> | undefined;
  others: Map<string, Map<string, Path>> | undefined;
}

function newPath(): Path {
  return { series: undefined, name: undefined, values: undefined, others: undefined };
}

/**
 * The label names of one metric and its series. Prometheus wants one set of label names per
 * metric, so they are fixed at the metric's first call: a later tag with another name is dropped
 * (reported once), a missing one is the empty string. At most `maxLabelSets` series (prom-client
 * keeps every series it was given forever); a call for a new one past the cap is dropped and
 * counted in `dropped`. Series are found through one map per label, by value: exact, whatever
 * the values contain, and without building a key string per call.
 */
export class LabelSets {
  /** The metric's label names, in the order of its first call's tags. */
  readonly names: readonly string[];
  /** Every series, for the scrape. */
  readonly series: Series[] = [];
  /** Calls dropped because the cap was reached, since the last report. */
  dropped = 0;
  /** The tag that fills each label (same order as `names`). */
  private readonly tags: readonly string[];
  private readonly root: Node = new Map();
  /** Tag sets seen before, as the caller listed them, to their series: the hot path. */
  private readonly paths = newPath();
  private pathCount = 0;
  private readonly reportedTags = new Set<string>();
  private capReported = false;

  constructor(
    first: Tags,
    kind: FamilyKind,
    private readonly maxLabelSets: number,
  ) {
    const names: string[] = [];
    const tags: string[] = [];
    for (const tag in first) {
      const name = labelName(tag, kind);
      if (names.includes(name)) continue; // a second tag for one label: reported at the call
      names.push(name);
      tags.push(tag);
    }
    this.names = names;
    this.tags = tags;
  }

  /**
   * The series of a call, or `undefined` when it would be a new series past the cap. A tag set
   * seen before is found along its tags in the caller's order (one `Map.get` per tag, no label
   * names to look up); any other goes through the label names, then is remembered that way.
   */
  seriesOf(tags: Tags, problems: LabelProblems): Series | undefined {
    let path: Path | undefined = this.paths;
    for (const name in tags) {
      const value = tags[name] as string;
      path = path.name === name ? path.values!.get(value) : path.others?.get(name)?.get(value);
      if (path === undefined) return this.byLabels(tags, problems);
    }
    return path.series ?? this.byLabels(tags, problems);
  }

  /** The series of a call by its label values, made if new (within the cap). */
  private byLabels(tags: Tags, problems: LabelProblems): Series | undefined {
    const names = this.tags;
    let given = 0;
    for (const _ in tags) given++;
    let matched = 0;
    let node: Node = this.root;
    let found: Node | Series | undefined;
    for (let i = 0; i < names.length; i++) {
      // Tag values are strings; anything else (an inherited property) is no tag.
      const raw = tags[names[i]!];
      const value = typeof raw === "string" ? raw : "";
      if (typeof raw === "string") matched++;
      found = node.get(value);
      if (found === undefined) {
        const series = this.add(tags, problems, given !== matched);
        if (series !== undefined && given === matched) this.remember(tags, series);
        return series;
      }
      if (i < names.length - 1) node = found as Node;
    }
    if (given !== matched) this.reportExtraTags(tags, problems);
    const series = names.length === 0 ? this.add(tags, problems, false) : (found as Series);
    if (series !== undefined && given === matched) this.remember(tags, series);
    return series;
  }

  /**
   * Makes the path of `tags` (every one a label, with a string value) lead to `series`. At most
   * twice `maxLabelSets` paths (the same tags in other orders), past which calls take `byLabels`.
   */
  private remember(tags: Tags, series: Series): void {
    if (this.pathCount >= 2 * this.maxLabelSets) return;
    let path = this.paths;
    for (const name in tags) path = nextPath(path, name, tags[name] as string);
    path.series = series;
    this.pathCount += 1;
  }

  /** Makes the series of a call not seen before (or the only one of a metric without labels). */
  private add(tags: Tags, problems: LabelProblems, extra: boolean): Series | undefined {
    if (extra) this.reportExtraTags(tags, problems);
    const names = this.tags;
    if (names.length === 0 && this.series.length === 1) return this.series[0];
    if (this.series.length >= this.maxLabelSets) {
      this.dropped += 1;
      if (!this.capReported) {
        this.capReported = true;
        problems.capReached();
      }
      return undefined;
    }
    const labels: Labels = {};
    let node: Node = this.root;
    for (let i = 0; i < names.length; i++) {
      const raw = tags[names[i]!];
      const value = typeof raw === "string" ? raw : "";
      Object.defineProperty(labels, this.names[i]!, { value, enumerable: true });
      if (i === names.length - 1) break;
      let next = node.get(value) as Node | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(value, next);
      }
      node = next;
    }
    const series: Series = { labels, value: 0, dirty: false };
    if (names.length > 0) {
      const last = tags[names[names.length - 1]!];
      node.set(typeof last === "string" ? last : "", series);
    }
    this.series.push(series);
    return series;
  }

  private reportExtraTags(tags: Tags, problems: LabelProblems): void {
    for (const tag in tags) {
      if (this.tags.includes(tag) || this.reportedTags.has(tag)) continue;
      if (this.reportedTags.size >= this.maxLabelSets) return;
      this.reportedTags.add(tag);
      problems.extraTag(tag);
    }
  }
}

/** Where the tag `name` = `value` leads from `path`, made if missing. */
function nextPath(path: Path, name: string, value: string): Path {
  let values: Map<string, Path> | undefined;
  if (path.name === undefined || path.name === name) {
    path.name = name;
    values = path.values ??= new Map();
  } else {
    path.others ??= new Map();
    values = path.others.get(name);
    if (values === undefined) {
      values = new Map();
      path.others.set(name, values);
    }
  }
  let next = values.get(value);
  if (next === undefined) {
    next = newPath();
    values.set(value, next);
  }
  return next;
}
