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

/**
 * A Map for what a walk learns about each directory, emptied once it holds `limit` entries: a
 * scan of 200,000 files would otherwise keep an entry for every directory it has passed. A walk
 * goes depth first, so it asks about the directories near it; what was forgotten is worked out
 * again if asked.
 */
export class RecentMap<K, V> {
  private readonly kept = new Map<K, V>();

  constructor(private readonly limit = 4_096) {}

  get(key: K): V | undefined {
    return this.kept.get(key);
  }

  has(key: K): boolean {
    return this.kept.has(key);
  }

  set(key: K, value: V): void {
    if (this.kept.size >= this.limit && !this.kept.has(key)) this.kept.clear();
    this.kept.set(key, value);
  }

  delete(key: K): void {
    this.kept.delete(key);
  }
}
