/**
 * What the runtimes would load from each node config directory the module touched (named `net.d`,
 * or matching `node_dirs`), judged on the files as they are after the run (or would be, in check
 * mode). The same analysis as the CLI's report (src/io/node-dirs.ts): a stray .json file counts,
 * an unreadable one counts only when its bytes are not a config either, and the directory's files
 * the module was not given are read from disk, never written, and reported with the directory.
 */
import type { FoundFile } from '../io/files.js';
import { LoadOrderCollector, type LoadOrderAnalysis, type NodeDirOptions } from '../io/node-dirs.js';
import type { Outcome, PluginFactsCache } from '../io/process-file.js';

export async function loadOrderOf(
  results: readonly { file: FoundFile; outcome: Outcome }[],
  nodeDirs: NodeDirOptions,
  facts: PluginFactsCache | ((file: FoundFile) => Promise<PluginFactsCache>),
): Promise<LoadOrderAnalysis> {
  const collector = new LoadOrderCollector({ predictWrite: true });
  for (const { file, outcome } of results) collector.add(file, outcome);
  return collector.analyze(nodeDirs, facts);
}
