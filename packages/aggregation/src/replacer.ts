/**
 * Makes a function replacing every match of `reserved` (one regular expression per wire format,
 * given by the transport) with `replacement`. The expression is made global whatever its flags.
 */
export function createReplacer(reserved: RegExp, replacement = "_"): (text: string) => string {
  const pattern = new RegExp(
    reserved.source,
    reserved.flags.includes("g") ? reserved.flags : `${reserved.flags}g`,
  );
  return (text) => text.replace(pattern, replacement);
}
