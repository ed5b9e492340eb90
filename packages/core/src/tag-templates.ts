import type { Tags } from "./backend.js";
import { copyTags } from "./tags.js";

/**
 * Merging a call's tags over inherited (global and `withTags`) tags, without building the
 * object property by property on every call: for each list of call-tag names met under an
 * inherited tags object, a template (the inherited tags plus those names) is kept on that
 * object, and a call clones it and fills in its values. A clone of an object V8 knows the shape
 * of costs a fraction of adding its properties one by one.
 */
interface Template {
  /** The call's tag names, in order. */
  readonly names: readonly string[];
  /** The inherited tags and those names (with the inherited value, or ""), never handed out. */
  readonly object: Readonly<Record<string, string>>;
}

/** At most this many name lists per inherited tags object (call sites under one scope). */
const MAX_TEMPLATES = 4;

/** Keyed by `Symbol.for` so that every copy of core finds it; `for...in` skips symbols. */
const TEMPLATES = Symbol.for("@metrics/core:templates");
type WithTemplates = Tags & { readonly [TEMPLATES]?: Template[] };

/** Frozen tags that calls can merge their own tags over through templates. */
export function inheritableTags(tags: Record<string, string>): Tags {
  Object.defineProperty(tags, TEMPLATES, { value: [] });
  return Object.freeze(tags);
}

/**
 * `inherited` with the call's tags over it, or `undefined` when the fast way does not apply
 * (inherited tags without templates, a tag value that is not a string, an unusual name): the
 * caller then merges and validates tag by tag.
 */
export function mergeByTemplate(inherited: Tags, callTags: object): Tags | undefined {
  const templates = (inherited as WithTemplates)[TEMPLATES];
  if (templates === undefined) return undefined;
  const values = callTags as Record<string, unknown>;
  for (let t = 0; t < templates.length; t++) {
    const template = templates[t]!;
    if (matches(template.names, values)) {
      const out: Record<string, string> = { ...template.object };
      for (const name in values) out[name] = values[name] as string;
      return out;
    }
  }
  return addTemplate(templates, inherited, values);
}

/** Whether the call's tags are all strings, under exactly these names in this order. */
function matches(names: readonly string[], values: Record<string, unknown>): boolean {
  let i = 0;
  for (const name in values) {
    if (name !== names[i] || typeof values[name] !== "string") return false;
    i++;
  }
  return i === names.length;
}

function addTemplate(
  templates: Template[],
  inherited: Tags,
  values: Record<string, unknown>,
): Tags | undefined {
  const names: string[] = [];
  for (const name in values) {
    if (typeof values[name] !== "string" || name === "" || name === "__proto__") return undefined;
    names.push(name);
  }
  const object = copyTags({}, inherited);
  for (const name of names) if (!(name in object)) object[name] = "";
  if (templates.length >= MAX_TEMPLATES) templates.shift();
  templates.push({ names, object });
  const out: Record<string, string> = { ...object };
  for (const name of names) out[name] = values[name] as string;
  return out;
}
