/** `--format sarif`: one SARIF 2.1.0 log on stdout at the end; the summary on stderr. */
import { sarifLog, sarifNotification, sarifResults, type SarifNotification, type SarifResult } from '../../render/sarif.js';
import { renderSummary } from '../../render/text.js';
import { EXIT } from '../exit-codes.js';
import type { Reporter, ReporterContext } from './reporter.js';

export function sarifReporter(context: ReporterContext): Reporter {
  const { io, options } = context;
  const results: SarifResult[] = [];
  const notifications: SarifNotification[] = [];
  return {
    file({ file, plan, findings, written }) {
      results.push(
        ...sarifResults({
          path: file.display,
          absolute: file.absolute,
          text: written ? plan.after : plan.before,
          findings,
          networks: plan.networks,
          // What fix would change, as SARIF fixes; once written, nothing is left to propose.
          edits: !written && plan.changed ? plan.edits : undefined,
        }),
      );
    },
    notProcessed(file, message) {
      notifications.push(
        sarifNotification(message, {
          path: file.display,
          absolute: file.absolute,
        }),
      );
    },
    notice(message, level) {
      notifications.push(level === 'warning' ? { ...sarifNotification(message), level: 'warning' } : sarifNotification(message));
    },
    loadOrder({ findings }, absoluteOf) {
      for (const [path, list] of findings)
        results.push(
          ...sarifResults({
            path,
            absolute: absoluteOf(path) ?? path,
            text: '',
            findings: list,
            networks: [],
          }),
        );
    },
    finish({ totals, exitCode, context: plan, matrix }) {
      const log = sarifLog({
        toolVersion: io.version,
        cwd: io.cwd,
        results,
        notifications,
        exitCode,
        executionSuccessful: exitCode < EXIT.usage,
        properties: {
          command: options.command,
          runtime: `${plan.runtime.name}@${plan.runtime.version}`,
          targetVersion: plan.targetVersion ?? null,
          failOn: options.failOn,
          ...(matrix ? { matrix } : {}),
        },
      });
      io.stdout.write(`${JSON.stringify(log, null, 2)}\n`);
      io.stderr.write(renderSummary(totals, options.command, { color: context.color }));
    },
  };
}
