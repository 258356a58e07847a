/**
 * The contract of an output format (`--format`): what a run tells it, in order. The run counts,
 * decides the exit code and writes the plain stderr lines every format shares; a reporter only
 * renders. A new format is one file here plus a line in index.ts.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import type { PlanContext } from '../../formats/types.js';
import type { FoundFile } from '../../io/files.js';
import type { LoadOrderAnalysis } from '../../io/node-dirs.js';
import type { FilePlan } from '../../core/plan.js';
import type { Totals } from '../../render/text.js';
import type { CommandOptions } from '../args.js';
import type { CliIO } from '../run.js';

export interface ReporterContext {
  readonly options: CommandOptions;
  readonly io: CliIO;
  /** Whether the stream the report goes to may be coloured. */
  readonly color: boolean;
}

/** A file the run planned (and, for fix, wrote or could not write). */
export interface ReportedFile {
  readonly file: FoundFile;
  readonly plan: FilePlan;
  /** The findings that count: after a write, those the written file still has. */
  readonly findings: readonly Diagnostic[];
  readonly backup?: string | undefined;
  /** Why fix did not write a changed file. */
  readonly notWritten?: string | undefined;
  /** Whether the file's text shown is the written one. */
  readonly written: boolean;
  /** The node group the file belongs to, when the run knows one; grouped reports use its directory otherwise. */
  readonly group?: string | undefined;
}

export interface RunSummary {
  readonly totals: Totals & { readonly info: number };
  readonly byCode: ReadonlyMap<string, number>;
  readonly exitCode: number;
  readonly context: PlanContext;
  readonly matrix?:
    | {
        readonly file: string;
        readonly added: readonly string[];
        readonly overridden: readonly string[];
      }
    | undefined;
}

export interface Reporter {
  file(reported: ReportedFile): void;
  /** A file that could not be read, or not written; already named on stderr. */
  notProcessed(file: FoundFile, message: string): void;
  /** A run-level problem (a path, git); already said on stderr. */
  notice(message: string, level: 'error' | 'warning'): void;
  /** The node directories' load order, once, after every file. */
  loadOrder(analysis: LoadOrderAnalysis, absoluteOf: (path: string) => string | undefined): void;
  finish(summary: RunSummary): void;
}

/**
 * Where findings go: stdout, except for `diff`, whose stdout is the patch alone. Formats that own
 * stdout (sarif, github) write their summary to stderr.
 */
export function findingsStream({ options, io }: { readonly options: CommandOptions; readonly io: CliIO }): CliIO['stdout'] {
  return options.command === 'diff' ? io.stderr : io.stdout;
}
