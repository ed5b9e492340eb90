import type { Tags } from "@metrics/core";
import { type FamilyKind, labelName } from "./prometheus-names.js";

/** Labels as prom-client takes them; a fresh object per call, as prom-client keeps it. */
export type Labels = Record<string, string>;

/** What {@link LabelSets.labelsOf} saw wrong with a call's tags, to report. */
export interface LabelProblems {
  /** A tag whose label name the metric does not have (or that another tag already fills). */
  extraTag(tag: string): void;
  /** The first label set past the cap. */
  capReached(): void;
}

/**
 * The label names of one metric and the label sets it has seen. Prometheus wants one set of label
 * names per metric, so they are fixed at the metric's first call: a later tag with another name
 * is dropped (reported once), a missing one is the empty string. At most `maxLabelSets` label sets
 * (prom-client keeps every series it was given forever); the values of a new one past the cap are
 * dropped and counted in `dropped`.
 */
export class LabelSets {
  /** The metric's label names, in the order of its first call's tags. */
  readonly names: readonly string[];
  /** Values dropped because the cap was reached, since the last report. */
  dropped = 0;
  /** Tag name → label name, or `null` for a tag the metric has no label for. */
  private readonly labelOfTag = new Map<string, string | null>();
  private readonly tagOfLabel = new Map<string, string>();
  private readonly seen = new Set<string>();
  private readonly reportedTags = new Set<string>();
  private capReported = false;

  constructor(
    first: Tags,
    private readonly kind: FamilyKind,
    private readonly maxLabelSets: number,
  ) {
    const names: string[] = [];
    for (const tag in first) {
      const name = labelName(tag, kind);
      if (this.tagOfLabel.has(name)) continue; // a second tag of the same label: reported at use
      this.tagOfLabel.set(name, tag);
      this.labelOfTag.set(tag, name);
      names.push(name);
    }
    this.names = names;
  }

  /** The labels of a call, or `undefined` when it is a new label set past the cap. */
  labelsOf(tags: Tags, problems: LabelProblems): Labels | undefined {
    const labels: Labels = {};
    const names = this.names;
    for (let i = 0; i < names.length; i++) labels[names[i]!] = "";
    for (const tag in tags) {
      const name = this.labelOf(tag);
      if (name === null) {
        if (!this.reportedTags.has(tag) && this.reportedTags.size < this.maxLabelSets) {
          this.reportedTags.add(tag);
          problems.extraTag(tag);
        }
        continue;
      }
      labels[name] = tags[tag]!;
    }
    const id = names.length === 1 ? labels[names[0]!]! : JSON.stringify(Object.values(labels));
    if (this.seen.has(id)) return labels;
    if (this.seen.size >= this.maxLabelSets) {
      this.dropped += 1;
      if (!this.capReported) {
        this.capReported = true;
        problems.capReached();
      }
      return undefined;
    }
    this.seen.add(id);
    return labels;
  }

  private labelOf(tag: string): string | null {
    const known = this.labelOfTag.get(tag);
    if (known !== undefined) return known;
    const name = labelName(tag, this.kind);
    // Only the tag that named a label at the first call fills it.
    const label = this.tagOfLabel.get(name) === tag ? name : null;
    if (this.labelOfTag.size < this.maxLabelSets) this.labelOfTag.set(tag, label);
    return label;
  }
}
