/**
 * `--compact` (text): one table per node group or directory, written when the run ends (a table
 * needs all its rows), then what the runtimes load per node directory, then the summary line.
 */
import type { LoadOrderAnalysis } from '../../io/node-dirs.js';
import { renderCompact } from '../../render/compact.js';
import type { GroupedFile } from '../../render/groups.js';
import { printable } from '../../render/terminal.js';
import { renderHiddenInfo, renderSummary } from '../../render/text.js';
import { groupedFile, loadOrderRows, withLoadOrder } from './grouped.js';
import { findingsStream, type Reporter, type ReporterContext } from './reporter.js';

export function compactReporter(context: ReporterContext): Reporter {
  const out = findingsStream(context);
  const style = { color: context.color };
  const { options } = context;
  const verbose = options.verbose ?? false;
  const files: GroupedFile[] = [];
  let loadOrder: LoadOrderAnalysis = { directories: [], findings: new Map() };
  return {
    file(reported) {
      files.push(groupedFile(reported));
      if (reported.backup) out.write(`${printable(reported.file.display)}: original kept as ${printable(reported.backup)}\n`);
    },
    notProcessed() {},
    notice() {},
    loadOrder(analysis) {
      loadOrder = analysis;
    },
    finish({ totals }) {
      const all = withLoadOrder(files, loadOrder);
      out.write(renderCompact(all, { ...style, command: options.command, verbose, quiet: options.quiet }));
      const directories = options.quiet ? loadOrder.directories.filter((o) => o.order.findings.some((f) => f.diagnostic.severity === 'error')) : loadOrder.directories;
      const rows = loadOrderRows({ ...loadOrder, directories });
      for (const r of rows) out.write(`${printable(`${r.directory} (what runtimes load): containerd loads ${r.containerd}; CRI-O loads ${r.crio}`)}\n`);
      if (rows.length) out.write('\n');
      const hidden = all.reduce((n, f) => n + f.findings.filter((d) => d.severity === 'info').length, 0);
      if (hidden && !verbose && !options.quiet) out.write(renderHiddenInfo(hidden, style));
      out.write(renderSummary(totals, options.command, style));
    },
  };
}
