/**
 * What the runtimes would load from each net.d-shaped directory the module touched, judged on the
 * files as they are after the run (or would be, in check mode). The same rule as the CLI's report:
 * a stray .json file counts, an unreadable one counts only when its bytes are not a config either.
 */
import { posix } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { analyzeLoadOrder, looksLikeConfDir, type LoadEntry } from '../load-order.js';
import type { FoundFile } from '../node/files.js';
import { loadEntryFor } from '../node/load-entry.js';
import type { Outcome } from '../node/process-file.js';

/** Load-order findings by display path. */
export function loadOrderFindings(results: readonly { file: FoundFile; outcome: Outcome }[]): Map<string, Diagnostic[]> {
  const dirs = new Map<string, LoadEntry[]>();
  for (const { file, outcome } of results) {
    const entry = loadEntryFor(file, outcome, { predictWrite: true });
    if (!entry) continue;
    const dir = posix.dirname(file.display);
    dirs.set(dir, [...(dirs.get(dir) ?? []), entry]);
  }
  const byPath = new Map<string, Diagnostic[]>();
  for (const [dir, entries] of dirs) {
    if (!looksLikeConfDir(entries)) continue;
    for (const f of analyzeLoadOrder(dir, entries).findings) {
      const { at: _at, ...d } = f.diagnostic; // no position: the finding is about the whole file
      byPath.set(f.path, [...(byPath.get(f.path) ?? []), d as Diagnostic]);
    }
  }
  return byPath;
}
