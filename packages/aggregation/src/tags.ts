/** Tags as transports receive them from `@metrics/core`: already merged and stringified. */
export type Tags = Readonly<Record<string, string>>;

/**
 * A private copy of `tags` (with a null prototype, so a tag named `__proto__` stays a tag),
 * kept by a context so later mutation of the caller's object cannot change what is sent.
 */
export function copyTags(tags: Tags): Tags {
  const copy: Record<string, string> = Object.create(null);
  for (const name in tags) copy[name] = tags[name] as string;
  return copy;
}
