/**
 * A function of a string with its answers kept: a scan asks the same few questions (a version's
 * numbers, a release tag's form, a list of ranges merged) for every file. Answers are kept for at
 * most `max` keys, since probe output, images and matrix files can bring any number of strings.
 */
export function remembered<T>(compute: (key: string) => T, max = 1_000): (key: string) => T {
  const kept = new Map<string, T>();
  return (key) => {
    if (kept.has(key)) return kept.get(key)!;
    const answer = compute(key);
    if (kept.size < max) kept.set(key, answer);
    return answer;
  };
}
