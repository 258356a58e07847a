/** `--format json`: one JSON document on stdout at the end (docs/cli.md "JSON output"). */
import type { Diagnostic } from '../../core/diagnostics.js';
import type { LoadOrderAnalysis } from '../../io/node-dirs.js';
import { jsonDiagnostic, jsonFileReport, jsonReport, type JsonFileReport, type JsonSummary } from '../../render/json.js';
import type { Reporter, ReporterContext } from './reporter.js';
import { runtimesOf } from '../../knowledge/runtime.js';

export function jsonReporter(context: ReporterContext): Reporter {
  const { io, options } = context;
  const files: JsonFileReport[] = [];
  let loadOrder: LoadOrderAnalysis = { directories: [], findings: new Map() };
  // What stderr said beside the files: files that could not be read or written, run-level notices.
  const notProcessed: { path: string; message: string }[] = [];
  const notices: { level: 'error' | 'warning'; message: string }[] = [];
  return {
    file({ file, plan, backup, notWritten, group }) {
      files.push({
        ...jsonFileReport(plan, file.display),
        ...(group === undefined ? {} : { group }),
        ...(backup ? { backup } : {}),
        ...(notWritten ? { changed: false, notWritten } : {}),
      });
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
    finish({ totals: t, byCode, context: plan, matrix }) {
      const summary: JsonSummary = {
        filesScanned: t.scanned,
        cniFiles: t.cniFiles,
        changed: t.changed,
        errors: t.errors,
        warnings: t.warnings,
        info: t.info,
        unreadable: t.unreadable,
        bySeverity: { error: t.errors, warning: t.warnings, info: t.info },
        byCode: Object.fromEntries([...byCode].sort(([a], [b]) => (a < b ? -1 : 1))),
      };
      const directories = loadOrder.directories.map(({ order: { findings: _f, ...o }, notInRun, notInRunFindings, unreadable }) => ({
        ...o,
        // The directory's files this run did not hold, read from disk for the analysis (never written),
        // with their load-order findings: counted in no summary, reported by the run that holds them.
        notInRun: notInRun.map((path) => ({
          path,
          diagnostics: (notInRunFindings.get(path) ?? []).map(jsonDiagnostic),
        })),
        unreadable,
      }));
      io.stdout.write(
        jsonReport(withLoadOrderFindings(files, loadOrder.findings), summary, {
          command: options.command,
          runtime: plan.runtime,
          runtimes: runtimesOf(plan),
          targetVersion: plan.targetVersion,
          failOn: options.failOn,
          loadOrder: directories,
          ...(matrix ? { matrix } : {}),
          ...(notProcessed.length ? { notProcessed } : {}),
          ...(notices.length ? { notices } : {}),
        }),
      );
    },
  };
}

/** File reports with the load-order findings of each file added (and a report for a stray file). */
function withLoadOrderFindings(files: readonly JsonFileReport[], byPath: ReadonlyMap<string, readonly Diagnostic[]>): JsonFileReport[] {
  const out = files.map((f) => {
    const extra = byPath.get(f.path);
    return extra
      ? {
          ...f,
          diagnostics: [...f.diagnostics, ...extra.map(jsonDiagnostic)],
          remaining: [...f.remaining, ...extra.map(jsonDiagnostic)],
        }
      : f;
  });
  for (const [path, extra] of byPath) {
    if (files.some((f) => f.path === path)) continue;
    const diagnostics = extra.map(jsonDiagnostic);
    out.push({
      path,
      format: null,
      changed: false,
      fatal: false,
      networks: [],
      edits: [],
      diagnostics,
      remaining: diagnostics,
    });
  }
  return out;
}
