import type { Tags } from "@metrics/core";
import { sanitizeTagKey, sanitizeTagValue } from "./sanitize.js";

/** `key:value` (or bare `key` when the value is empty, as Datadog writes valueless tags). */
function tag(key: string, value: string): string {
  const safeKey = sanitizeTagKey(key);
  return value === "" ? safeKey : `${safeKey}:${sanitizeTagValue(value)}`;
}

/**
 * Renders tags once per call as the line's `|#…` field, with the constant tags appended unless a
 * call tag of the same key overrides them. Tag order is kept as given: it only decides which
 * client-side context a sample lands in, never what the Agent sees.
 */
export class TagRenderer {
  private readonly constantKeys: ReadonlySet<string>;
  /** `k:v,k:v` of the constant tags, or "" when there are none. */
  private readonly constantList: string;

  constructor(private readonly constants: Readonly<Record<string, string>>) {
    this.constantKeys = new Set(Object.keys(constants));
    this.constantList = Object.keys(constants)
      .map((key) => tag(key, constants[key]!))
      .join(",");
  }

  /** The `|#…` suffix for these call tags ("" when there are no tags at all). */
  render(tags: Tags): string {
    let list = "";
    let overridden: string[] | undefined;
    for (const key in tags) {
      if (!Object.hasOwn(tags, key)) continue;
      const value = tags[key];
      if (typeof value !== "string") continue;
      list = list === "" ? tag(key, value) : `${list},${tag(key, value)}`;
      if (this.constantKeys.has(key)) {
        overridden ??= [];
        overridden.push(key);
      }
    }
    const constants =
      overridden === undefined ? this.constantList : this.constantsWithout(overridden);
    if (constants !== "") list = list === "" ? constants : `${list},${constants}`;
    return list === "" ? "" : `|#${list}`;
  }

  private constantsWithout(keys: readonly string[]): string {
    return Object.keys(this.constants)
      .filter((key) => !keys.includes(key))
      .map((key) => tag(key, this.constants[key]!))
      .join(",");
  }
}
