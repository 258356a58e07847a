/** The shared corpus of upstream configs (../shared/corpus beside the repository) and its index. */
import { existsSync, readFileSync } from 'node:fs';

export interface CorpusEntry {
  readonly file: string;
  readonly kind: string;
  readonly cniVersion: string | null;
  readonly pluginTypes: readonly string[];
  readonly flags: readonly string[];
}

export const corpus = new URL('../../../shared/corpus/', import.meta.url);
export const indexUrl = new URL('index.json', corpus);
/** Whether the corpus is beside the repository (CI always has it; tests fail there without it). */
export const available = existsSync(indexUrl);

/** The index entries that `keep` accepts; none when the corpus is absent. */
export function corpusEntries(keep: (entry: CorpusEntry) => boolean): CorpusEntry[] {
  return available ? (JSON.parse(readFileSync(indexUrl, 'utf8')) as CorpusEntry[]).filter(keep) : [];
}
