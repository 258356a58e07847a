/** `--format markdown`: one Markdown report on stdout at the end (docs/cli.md "Markdown report"); the summary on stderr. */
import type { LoadOrderAnalysis } from '../../io/node-dirs.js';
import type { GroupedFile } from '../../render/groups.js';
import { renderMarkdownReport } from '../../render/markdown.js';
import { renderSummary } from '../../render/text.js';
import { groupedFile, loadOrderRows, withLoadOrder } from './grouped.js';
import type { Reporter, ReporterContext } from './reporter.js';

export function markdownReporter(context: ReporterContext): Reporter {
  const { io, options } = context;
  const files: GroupedFile[] = [];
  const notProcessed: { path: string; message: string }[] = [];
  const notices: { level: 'error' | 'warning'; message: string }[] = [];
  let loadOrder: LoadOrderAnalysis = { directories: [], findings: new Map() };
  return {
    file(reported) {
      files.push(groupedFile(reported));
    },
    notProcessed(file, message) {
      notProcessed.push({ path: file.display, message });
    },
    notice(message, level) {
      notices.push({ level, message });
    },
    loadOrder(analysis) {
      loadOrder = analysis;
    },
    finish({ totals, context: plan }) {
      io.stdout.write(
        renderMarkdownReport({
          command: options.command === 'fix' ? 'fix' : 'check',
          totals,
          runtime: `${plan.runtime.name}@${plan.runtime.version}`,
          targetVersion: plan.targetVersion ?? null,
          files: withLoadOrder(files, loadOrder),
          notProcessed,
          notices,
          loadOrder: loadOrderRows(loadOrder),
          verbose: options.verbose ?? false,
        }),
      );
      io.stderr.write(renderSummary(totals, options.command, { color: context.color }));
    },
  };
}
