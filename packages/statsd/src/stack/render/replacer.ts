/**
 * Makes a function replacing every match of `reserved` (one regular expression per wire format,
 * given by the flavour) with `replacement`. The expression is made global whatever its flags.
 * The `test` before `replace` keeps the common, clean case free of allocations.
 *
 * @example
 * ```ts
 * const clean = createReplacer(/[:|@#]/);
 * clean("a:b|c"); // "a_b_c"
 * ```
 */
export function createReplacer(reserved: RegExp, replacement = "_"): (text: string) => string {
  const pattern = new RegExp(
    reserved.source,
    reserved.flags.includes("g") ? reserved.flags : `${reserved.flags}g`,
  );
  const probe = new RegExp(pattern.source, pattern.flags.replace("g", ""));
  return (text) => (probe.test(text) ? text.replace(pattern, replacement) : text);
}
