/**
 * The contract every input format implements. Formats only find things and offsets; deciding
 * versions (policy.ts), applying edits (edits.ts) and verifying (plan.ts) are shared.
 */
import type { PendingDiagnostic } from '../core/diagnostics.js';
import type { CompatData } from '../knowledge/data/compat.js';
import type { PluginFacts } from '../knowledge/plugin-support.js';
import type { Edit, FileInput, NetworkPlan, RuntimeTarget } from '../core/types.js';

export interface PlanContext {
  /** The runtime that bounds the version: the oldest of `runtimes`. */
  readonly runtime: RuntimeTarget;
  /**
   * Every runtime the files must work on (a fleet mid-upgrade), oldest first; absent means
   * `[runtime]`. Read it through `runtimesOf`.
   */
  readonly runtimes?: readonly RuntimeTarget[];
  /** Write a spec 1.1.0 `cniVersions` array in network lists, for runtimes newer than the oldest. */
  readonly cniVersions?: boolean;
  /** The compatibility data in use: the built-in data, or that merged with a `--matrix` file. */
  readonly data?: CompatData;
  readonly targetVersion?: string | undefined;
  readonly plugins: PluginFacts;
}

/** What a format read from a file, before any version is decided. */
export type Analysis<A> =
  | { readonly ok: true; readonly format: string; readonly pluginTypes: readonly string[]; readonly data: A }
  | { readonly ok: false; readonly format: string; readonly diagnostics: readonly PendingDiagnostic[] };

export interface FormatPlan {
  readonly networks: readonly NetworkPlan[];
  readonly edits: readonly Edit[];
  readonly diagnostics: readonly PendingDiagnostic[];
}

export interface FormatModule<A = unknown> {
  readonly id: string;
  readonly displayName: string;
  /** Globs (picomatch, relative to the walked directory) a directory walk offers to this format. */
  readonly patterns: readonly string[];
  /**
   * Whether `analyze` could claim a file of this path whose text holds what `holds` says it holds
   * (`holds(s)`: the text contains the ASCII string `s`). A run asks it of a file's bytes before
   * decoding them, so it must never say no to a file `analyze` would claim; `analyze` applies the
   * same test first.
   */
  mightClaim(path: string, holds: (ascii: string) => boolean): boolean;
  /** Reads the file; null means "not mine" (never reported, never touched). Never throws on bad input. */
  analyze(input: FileInput): Analysis<A> | null;
  plan(input: FileInput, data: A, context: PlanContext): FormatPlan;
  /**
   * Re-reads `after` and returns a problem unless the only semantic change from `before` is the
   * planned `cniVersion` of each network. `beforeData` is what `analyze` read from `before`, and
   * `analyzeAfter` reads `after` once for this check and for the re-plan that follows, so neither
   * file is analysed twice.
   */
  verify(before: FileInput, after: string, plan: FormatPlan, beforeData: A, analyzeAfter: () => Analysis<A> | null): string | null;
}
