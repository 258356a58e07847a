/** What the grouped reports (`--format markdown`, `--compact`) collect of a run before rendering it whole. */
import type { Diagnostic } from '../../core/diagnostics.js';
import type { LoadOrderAnalysis } from '../../io/node-dirs.js';
import type { GroupedFile } from '../../render/groups.js';
import type { ReportedFile } from './reporter.js';

/** A reported file as the grouped reports see it. */
export function groupedFile({ file, plan, findings, group, notWritten }: ReportedFile): GroupedFile {
  return { path: file.display, group, networks: plan.networks, changed: plan.changed && !notWritten, findings };
}

/**
 * The files with their load-order findings added. A file the findings name that is not among
 * them comes as not planned; a file of a node directory the run did not hold comes marked so (its
 * findings count in no total: the run holding it reports them).
 */
export function withLoadOrder(files: readonly GroupedFile[], analysis: LoadOrderAnalysis): GroupedFile[] {
  const inRun = new Map<string, readonly Diagnostic[]>(analysis.findings);
  const out = files.map((f) => {
    const extra = inRun.get(f.path);
    inRun.delete(f.path);
    return extra ? { ...f, findings: [...f.findings, ...extra] } : f;
  });
  for (const [path, findings] of inRun) out.push({ path, networks: [], changed: false, findings, planned: false });
  for (const { notInRunFindings } of analysis.directories) {
    for (const [path, findings] of notInRunFindings) if (findings.length) out.push({ path, networks: [], changed: false, findings, planned: false, notInRun: true });
  }
  return out;
}

/** One line per node directory: what containerd and CRI-O load from it. */
export function loadOrderRows(analysis: LoadOrderAnalysis): { directory: string; containerd: string; crio: string }[] {
  return analysis.directories.map(({ order: o }) => ({
    directory: `${o.directory}/`,
    containerd: o.containerd.loads ?? (o.containerd.abortedAt ? `nothing (stops at ${o.containerd.abortedAt})` : 'nothing'),
    crio: o.crio.loads ?? 'nothing',
  }));
}
