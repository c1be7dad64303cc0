// Strings matching a pattern. fc.stringMatching parses its regular expression into an
// arbitrary on every call (milliseconds each, and the properties build their arbitraries
// per run); arbitraries are immutable, so one instance per pattern serves them all.
import fc from 'fast-check';

const byPattern = new Map<string, fc.Arbitrary<string>>();

export function matching(regex: RegExp): fc.Arbitrary<string> {
  const key = `/${regex.source}/${regex.flags}`;
  let arbitrary = byPattern.get(key);
  if (!arbitrary) byPattern.set(key, (arbitrary = fc.stringMatching(regex)));
  return arbitrary;
}
