/**
 * The JSON report: the plan as data, with line/column and rendered messages added, and no file
 * texts (a report over a large repo stays small).
 */
import type { Diagnostic } from '../core/diagnostics.js';
import type { FilePlan } from '../core/plan.js';
import type { RuntimeTarget } from '../core/types.js';
import { formatDiagnostic } from './messages.js';

export interface JsonFileReport {
  readonly path: string;
  readonly format: string | null;
  readonly changed: boolean;
  readonly fatal: boolean;
  readonly networks: FilePlan['networks'];
  readonly edits: FilePlan['edits'];
  /** Findings in the file as read. */
  readonly diagnostics: readonly JsonDiagnostic[];
  /** Findings that remain once the edits are applied (positions in the edited text). */
  readonly remaining: readonly JsonDiagnostic[];
  /** fix --backup: where the original was kept. */
  readonly backup?: string;
  /** fix planned a change but left the file alone (read-only, changed meanwhile, not recorded in git), and why. */
  readonly notWritten?: string;
}

export interface JsonDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly args: unknown;
}

export function jsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  return { code: d.code, severity: d.severity, message: formatDiagnostic(d), line: d.position?.line ?? null, column: d.position?.column ?? null, args: d.args };
}

export function jsonFileReport(plan: FilePlan, displayPath: string): JsonFileReport {
  return {
    path: displayPath,
    format: plan.format,
    changed: plan.changed,
    fatal: plan.fatal,
    networks: plan.networks,
    edits: plan.edits,
    diagnostics: plan.diagnostics.map(jsonDiagnostic),
    remaining: plan.remaining.map(jsonDiagnostic),
  };
}

export interface JsonSummary {
  readonly filesScanned: number;
  readonly cniFiles: number;
  readonly changed: number;
  readonly errors: number;
  readonly warnings: number;
  readonly info: number;
  readonly unreadable: number;
  /** Findings per severity; after `fix`, those that remain in the written files. */
  readonly bySeverity: { readonly error: number; readonly warning: number; readonly info: number };
  /** Findings per diagnostic code (the same findings as bySeverity), codes sorted. */
  readonly byCode: Readonly<Record<string, number>>;
}

function runtimeJson(r: RuntimeTarget): { name: string; version: string; libcni: string; maxConfigVersion: string } {
  return { name: r.name, version: r.version, libcni: r.libcni, maxConfigVersion: r.maxConfigVersion };
}

export function jsonReport(
  files: readonly JsonFileReport[],
  summary: JsonSummary,
  context: {
    command: string;
    runtime: RuntimeTarget;
    /** Every runtime of the run, oldest first (`runtime` is the first). */
    runtimes?: readonly RuntimeTarget[];
    targetVersion: string | undefined;
    failOn: string;
    /** What runtimes would load from each config directory (see src/core/load-order.ts). */
    loadOrder?: readonly unknown[];
    /** What a --matrix file added and overrode. */
    matrix?: unknown;
    /** Files that could not be read or written, with why (stderr says each too). */
    notProcessed?: readonly { path: string; message: string }[];
    /** Run-level notices (a path that cannot be used, a named file not read, git): stderr says each too. */
    notices?: readonly { level: 'error' | 'warning'; message: string }[];
  },
): string {
  return `${JSON.stringify(
    {
      command: context.command,
      runtime: runtimeJson(context.runtime),
      runtimes: (context.runtimes ?? [context.runtime]).map(runtimeJson),
      targetVersion: context.targetVersion ?? null,
      failOn: context.failOn,
      files,
      ...(context.loadOrder && context.loadOrder.length ? { loadOrder: context.loadOrder } : {}),
      ...(context.matrix ? { matrix: context.matrix } : {}),
      ...(context.notProcessed?.length ? { notProcessed: context.notProcessed } : {}),
      ...(context.notices?.length ? { notices: context.notices } : {}),
      summary,
    },
    null,
    2,
  )}\n`;
}
