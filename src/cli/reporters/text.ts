/** `--format text`: each file's findings and decisions as they come, the load order, a summary line. */
import type { Diagnostic } from '../../core/diagnostics.js';
import type { LoadOrderAnalysis } from '../../io/node-dirs.js';
import { shownFinding } from '../../render/groups.js';
import { printable } from '../../render/terminal.js';
import { renderFileText, renderHiddenInfo, renderLoadOrder, renderSummary } from '../../render/text.js';
import { findingsStream, type ReportedFile, type Reporter, type ReporterContext, type RunSummary } from './reporter.js';

export function textReporter(context: ReporterContext): Reporter {
  const out = findingsStream(context);
  const style = { color: context.color };
  const { options } = context;
  // Info findings are counted, not shown, unless --verbose: in a big run they drown the rest.
  const hiding = infoHider(options.verbose ?? false);
  return {
    file({ file, plan, findings, backup, notWritten, group }: ReportedFile) {
      const errors = findings.some((d) => d.severity === 'error');
      if (options.quiet && !plan.fatal && !errors) return;
      const verb = options.command === 'fix' && !notWritten ? 'did' : 'would';
      out.write(renderFileText({ ...plan, diagnostics: hiding.shown(findings) }, file.display, style, verb, group));
      if (backup) out.write(`${printable(file.display)}: original kept as ${printable(backup)}\n`);
    },
    notProcessed() {},
    notice() {},
    loadOrder({ directories, findings }: LoadOrderAnalysis) {
      const shown = options.quiet ? directories.filter((o) => o.order.findings.some((f) => f.diagnostic.severity === 'error')) : directories;
      if (shown.length) out.write(renderLoadOrder(shown.map((s) => ({ ...s, notInRunFindings: hiding.shownByPath(s.notInRunFindings) })), hiding.shownByPath(findings), style));
    },
    finish({ totals }: RunSummary) {
      if (hiding.hidden && !options.quiet) out.write(renderHiddenInfo(hiding.hidden, style));
      out.write(renderSummary(totals, options.command, style));
    },
  };
}

/** Keeps info findings out of a report for people unless `verbose`, counting what it left out. */
export function infoHider(verbose: boolean): {
  readonly hidden: number;
  shown(findings: readonly Diagnostic[]): readonly Diagnostic[];
  shownByPath(byPath: ReadonlyMap<string, readonly Diagnostic[]>): ReadonlyMap<string, readonly Diagnostic[]>;
} {
  let hidden = 0;
  const shown = (findings: readonly Diagnostic[]): readonly Diagnostic[] => {
    const kept = findings.filter((d) => shownFinding(d, verbose));
    hidden += findings.length - kept.length;
    return kept;
  };
  return {
    get hidden() {
      return hidden;
    },
    shown,
    shownByPath: (byPath) => new Map([...byPath].map(([path, list]) => [path, shown(list)])),
  };
}
