import type { Tags } from "../backend.js";
import { copyTags } from "./tags.js";

/**
 * Merging a call's tags over inherited (global and `withTags`) tags at the cost of writing them
 * inline. For each list of call-tag names met under an inherited tags object, a builder is kept
 * on that object: a function whose body is one object literal with every name, so V8 allocates
 * the result with its final shape at once. Adding the properties one by one (or cloning and
 * filling in) costs two to three times as much, and that cost is per call.
 *
 * The builders are compiled with `new Function` from the tag names, each written as a JSON
 * string literal (any string is a valid one), and shared by every inherited object with the
 * same names. Where code generation is disallowed (`--disallow-code-generation-from-strings`),
 * a builder copies property by property instead.
 */
type Builder = (inherited: Tags, call: Readonly<Record<string, unknown>>) => Tags;

interface Template {
  /** The call's tag names, in order. */
  readonly names: readonly string[];
  readonly build: Builder;
}

/** At most this many name lists per inherited tags object (call sites under one scope). */
const MAX_TEMPLATES = 4;
/** Builders kept, by inherited and call names; past it the cache starts afresh. */
const MAX_BUILDERS = 1000;
const builders = new Map<string, Builder>();

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
  const values = callTags as Readonly<Record<string, unknown>>;
  for (let t = 0; t < templates.length; t++) {
    const template = templates[t]!;
    if (matches(template.names, values)) return template.build(inherited, values);
  }
  return addTemplate(templates, inherited, values);
}

/** Whether the call's tags are all strings, under exactly these names in this order. */
function matches(names: readonly string[], values: Readonly<Record<string, unknown>>): boolean {
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
  values: Readonly<Record<string, unknown>>,
): Tags | undefined {
  const names: string[] = [];
  for (const name in values) {
    if (typeof values[name] !== "string" || name === "" || name === "__proto__") return undefined;
    names.push(name);
  }
  const inheritedNames = Object.keys(inherited);
  // `__proto__` in an object literal would set the prototype: such tags take the slow way.
  if (inheritedNames.includes("__proto__")) return undefined;
  const build = builderFor(inheritedNames, names);
  if (templates.length >= MAX_TEMPLATES) templates.shift();
  templates.push({ names, build });
  return build(inherited, values);
}

/** The builder for these inherited and call names, compiled once per distinct pair of lists. */
function builderFor(inheritedNames: readonly string[], callNames: readonly string[]): Builder {
  const id = JSON.stringify([inheritedNames, callNames]);
  let build = builders.get(id);
  if (build === undefined) {
    build = compile(inheritedNames, callNames);
    if (builders.size >= MAX_BUILDERS) builders.clear();
    builders.set(id, build);
  }
  return build;
}

function compile(inheritedNames: readonly string[], callNames: readonly string[]): Builder {
  const fromCall = new Set(callNames);
  const entries = [
    ...inheritedNames.map((name) => [name, fromCall.has(name) ? "c" : "i"] as const),
    ...callNames
      .filter((name) => !inheritedNames.includes(name))
      .map((name) => [name, "c"] as const),
  ];
  const literal = entries
    .map(([name, source]) => `${JSON.stringify(name)}: ${source}[${JSON.stringify(name)}]`)
    .join(", ");
  try {
    return new Function("i", "c", `return { ${literal} };`) as Builder;
  } catch {
    return (inherited, call) => copyTags(copyTags({}, inherited), call as Tags);
  }
}
