/** The corpus of upstream configs (fixtures/upstream, with SOURCES.md) and its index. */
import { existsSync, readFileSync } from 'node:fs';

export interface CorpusEntry {
  readonly file: string;
  readonly kind: string;
  readonly cniVersion: string | null;
  readonly pluginTypes: readonly string[];
  readonly flags: readonly string[];
}

export const corpus = new URL('../../fixtures/upstream/', import.meta.url);
export const indexUrl = new URL('index.json', corpus);
/** Always true in a checkout: the corpus is part of the repository. */
export const available = existsSync(indexUrl);

/** The index entries that `keep` accepts; none when the corpus is absent. */
export function corpusEntries(keep: (entry: CorpusEntry) => boolean): CorpusEntry[] {
  return available ? (JSON.parse(readFileSync(indexUrl, 'utf8')) as CorpusEntry[]).filter(keep) : [];
}
