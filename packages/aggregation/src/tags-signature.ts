/** Tags as transports receive them from `@metrics/core`: already merged and stringified. */
export type Tags = Readonly<Record<string, string>>;

/**
 * A stable, unambiguous string for a set of tags: the same tags in any order give the same
 * signature, and no two different tag sets share one (every name and value is length-prefixed,
 * so no character inside them can forge a boundary). `""` means "no tags". A non-empty
 * signature ends with `|`, which no length prefix can contain, so it is self-delimiting.
 */
export function tagsSignature(tags: Tags): string {
  let signature = "";
  let previous: string | undefined;
  // Fast path: tags usually arrive in one consistent order, so build while checking it is sorted
  // and only fall back to sorting when it is not.
  for (const name in tags) {
    if (previous !== undefined && name < previous) return sortedSignature(tags);
    previous = name;
    const value = tags[name] as string;
    signature += `${name.length}:${name}${value.length}:${value}`;
  }
  return previous === undefined ? "" : `${signature}|`;
}

function sortedSignature(tags: Tags): string {
  let signature = "";
  for (const name of Object.keys(tags).sort()) {
    const value = tags[name] as string;
    signature += `${name.length}:${name}${value.length}:${value}`;
  }
  return `${signature}|`;
}

/**
 * A private copy of `tags` (with a null prototype, so a tag named `__proto__` stays a tag),
 * kept by a context so later mutation of the caller's object cannot change what is sent.
 */
export function copyTags(tags: Tags): Tags {
  const copy: Record<string, string> = Object.create(null);
  for (const name in tags) copy[name] = tags[name] as string;
  return copy;
}
