/** `--format text`: each file's findings and decisions as they come, the load order, a summary line. */
import type { LoadOrderAnalysis } from '../../io/node-dirs.js';
import { printable } from '../../render/terminal.js';
import { renderFileText, renderLoadOrder, renderSummary } from '../../render/text.js';
import { findingsStream, type ReportedFile, type Reporter, type ReporterContext, type RunSummary } from './reporter.js';

export function textReporter(context: ReporterContext): Reporter {
  const out = findingsStream(context);
  const style = { color: context.color };
  const { options } = context;
  return {
    file({ file, plan, findings, backup, notWritten }: ReportedFile) {
      const errors = findings.some((d) => d.severity === 'error');
      if (options.quiet && !plan.fatal && !errors) return;
      const verb = options.command === 'fix' && !notWritten ? 'did' : 'would';
      out.write(renderFileText({ ...plan, diagnostics: findings }, file.display, style, verb));
      if (backup) out.write(`${printable(file.display)}: original kept as ${printable(backup)}\n`);
    },
    notProcessed() {},
    notice() {},
    loadOrder({ directories, findings }: LoadOrderAnalysis) {
      const shown = options.quiet ? directories.filter((o) => o.order.findings.some((f) => f.diagnostic.severity === 'error')) : directories;
      if (shown.length) out.write(renderLoadOrder(shown, findings, style));
    },
    finish({ totals }: RunSummary) {
      out.write(renderSummary(totals, options.command, style));
    },
  };
}
