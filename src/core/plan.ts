/**
 * The pure core's entry point: text in, a verified plan out. No file system, no processes.
 */
import type { Diagnostic, PendingDiagnostic } from './diagnostics.js';
import { diagnostic } from './diagnostics.js';
import { applyEdits, lineLocator, offsetAfterEdits } from './edits.js';
import { FORMATS } from '../formats/registry.js';
import { readingPath, readingPaths } from '../formats/template-files.js';
import type { Analysis, FormatModule, FormatPlan, PlanContext } from '../formats/types.js';
import type { CompatData } from '../knowledge/data/compat.js';
import type { PluginFacts } from '../knowledge/plugin-support.js';
import { DEFAULT_RUNTIME, fleetOrder, resolveRuntime } from '../knowledge/runtime.js';
import { isSpecVersion } from './spec-versions.js';
import type { Edit, FileInput, NetworkPlan, RuntimeTarget } from './types.js';

export interface PlanOptions {
  /**
   * `containerd@1.6.4` (default) or `cri-o@1.24.0`, or a resolved target; or several (a fleet
   * mid-upgrade): the file must then work on every one, so the oldest bounds the version.
   */
  readonly runtime?: string | RuntimeTarget | readonly (string | RuntimeTarget)[];
  /** The same as an array `runtime`; both may be given, and are merged. */
  readonly runtimes?: readonly (string | RuntimeTarget)[];
  /**
   * Write a spec 1.1.0 `cniVersions` array in network lists, so runtimes whose libcni reads it
   * (v1.2.0+) run a newer version than the oldest runtime accepts (docs/version-policy.md).
   */
  readonly cniVersions?: boolean;
  /** Ask for this version wherever every plugin and the runtime accept it. */
  readonly targetVersion?: string;
  /** Probe results, explicit facts and plugin releases. */
  readonly plugins?: PluginFacts;
  /** Compatibility data to use instead of the built-in data (see `mergeMatrix`). */
  readonly data?: CompatData;
}

export interface FilePlan {
  readonly path: string;
  /** `conflist`, `conf` (or `json` for an unreadable .json); null when the file is not a CNI config. */
  readonly format: string | null;
  readonly networks: readonly NetworkPlan[];
  readonly edits: readonly Edit[];
  readonly diagnostics: readonly Diagnostic[];
  readonly before: string;
  readonly after: string;
  readonly changed: boolean;
  /** The file looked like a CNI config but could not be read: nothing can be planned or written. */
  readonly fatal: boolean;
  /**
   * The findings that remain once the edits are applied, positioned in `after` (the findings a
   * run on the fixed file would report). Equal to `diagnostics` when nothing changes.
   */
  readonly remaining: readonly Diagnostic[];
}

/** What a format read from a file; lets a caller learn the plugin types (to probe them) before planning. */
export interface FileAnalysis {
  readonly input: FileInput;
  /** The path the formats read the file as: its own, or a template's rendered name (formats/template-files.ts). */
  readonly readAs: string;
  readonly format: FormatModule<never> | null;
  readonly analysis: Analysis<never> | null;
}

/** The input under the path the formats read it as (a template under the name it renders to). */
function inputAsRead(input: FileInput, readAs: string): FileInput {
  return readAs === input.path ? input : { ...input, path: readAs, templateOf: input.path };
}

/**
 * Whether some format could claim a file of this path whose text holds what `holds` says it holds
 * (`holds(s)`: the text contains the ASCII string `s`). A run asks this of a file's bytes before
 * decoding them: most files of a repository are decided here, without a string or a parser.
 */
export function mightBeClaimed(path: string, holds: (ascii: string) => boolean): boolean {
  return readingPaths(path).some((readAs) => FORMATS.some((format) => format.mightClaim(readAs, holds)));
}

export function analyzeFile(input: FileInput): FileAnalysis {
  const readAs = readingPath(input.path, input.text);
  const asRead = inputAsRead(input, readAs);
  for (const format of FORMATS) {
    const analysis = format.analyze(asRead);
    if (analysis) return { input, readAs, format, analysis };
  }
  return { input, readAs, format: null, analysis: null };
}

/** Plugin types a file's networks will run, so a caller can probe exactly those. */
export function pluginTypesOf(analyzed: FileAnalysis): readonly string[] {
  return analyzed.analysis?.ok ? analyzed.analysis.pluginTypes : [];
}

export function planFile(input: FileInput, options: PlanOptions = {}): FilePlan {
  return planAnalyzed(analyzeFile(input), resolveContext(options));
}

/** Throws RangeError/RuntimeSpecError for invalid options: wrong use of the API, not bad input. */
export function resolveContext(options: PlanOptions): PlanContext {
  const given = [...(options.runtime === undefined ? [] : isRuntimeList(options.runtime) ? options.runtime : [options.runtime]), ...(options.runtimes ?? [])];
  const resolved = (given.length ? given : [DEFAULT_RUNTIME]).map((r) => (typeof r === 'object' ? r : resolveRuntime(r, options.data)));
  const runtimes = fleetOrder(resolved);
  const runtime = runtimes[0]!;
  if (options.targetVersion !== undefined && !isSpecVersion(options.targetVersion)) {
    throw new RangeError(`target version "${options.targetVersion}" is not a released CNI spec version`);
  }
  return {
    runtime,
    // One runtime: the context has the shape it always had.
    ...(runtimes.length > 1 ? { runtimes } : {}),
    ...(options.cniVersions ? { cniVersions: true } : {}),
    targetVersion: options.targetVersion,
    plugins: options.plugins ?? {},
    ...(options.data ? { data: options.data } : {}),
  };
}

function isRuntimeList(r: string | RuntimeTarget | readonly (string | RuntimeTarget)[]): r is readonly (string | RuntimeTarget)[] {
  return Array.isArray(r);
}

export function planAnalyzed(analyzed: FileAnalysis, context: PlanContext): FilePlan {
  const { input, format, analysis, readAs } = analyzed;
  const unchanged = (fmt: string | null, pending: readonly PendingDiagnostic[], fatal: boolean): FilePlan => {
    const diagnostics = locate(input.text, pending);
    return { path: input.path, format: fmt, networks: [], edits: [], diagnostics, before: input.text, after: input.text, changed: false, fatal, remaining: diagnostics };
  };
  if (!format || !analysis) return unchanged(null, [], false);
  // Nothing could be read; it is broken only if an error says so (an unrendered template is not).
  if (!analysis.ok) return unchanged(analysis.format, analysis.diagnostics, analysis.diagnostics.some((d) => d.severity === 'error'));

  const asRead = inputAsRead(input, readAs);
  const plan = format.plan(asRead, analysis.data, context);
  const result = (p: FormatPlan, after: string, extra: PendingDiagnostic[] = [], remaining?: readonly PendingDiagnostic[]): FilePlan => {
    const diagnostics = locate(input.text, [...p.diagnostics, ...extra]);
    return {
      path: input.path,
      format: analysis.format,
      networks: p.networks,
      edits: p.edits,
      diagnostics,
      before: input.text,
      after,
      changed: after !== input.text,
      fatal: false,
      remaining: remaining ? locate(after, remaining) : diagnostics,
    };
  };
  if (plan.edits.length === 0) return result(plan, input.text);

  const after = applyEdits(input.text, plan.edits);
  let afterAnalysis: Analysis<never> | null | undefined;
  const analyzeAfter = (): Analysis<never> | null => (afterAnalysis === undefined ? (afterAnalysis = format.analyze({ ...asRead, text: after })) : afterAnalysis);
  const replanned = format.verify(asRead, after, plan, analysis.data, analyzeAfter) ?? replan(format, readAs, after, context, analyzeAfter);
  if (typeof replanned === 'string') {
    const refused: FormatPlan = { ...plan, edits: [] };
    const at = plan.edits[0] ? { offset: plan.edits[0].offset, length: plan.edits[0].length } : undefined;
    return result(refused, input.text, [diagnostic('INTERNAL_VERIFY_FAILED', { problem: replanned }, at)]);
  }
  // What the change itself brings about is still so once it is written (drain the nodes; raise the primary config).
  const consequences = plan.diagnostics.filter((d) => CONSEQUENCES.has(d.code)).map((d) => (d.at ? { ...d, at: { ...d.at, offset: offsetAfterEdits(plan.edits, d.at.offset) } } : d));
  return result(plan, after, [], [...replanned.diagnostics, ...consequences]);
}

/**
 * Whether the file holds a CNI config (read or not), rather than only naming one elsewhere (a
 * kustomization's remote CNI manifest): what "N CNI configs" in a report counts.
 */
export function holdsCniConfig(plan: FilePlan): boolean {
  return plan.networks.length > 0 || plan.diagnostics.some((d) => !REFERENCES_ELSEWHERE.has(d.code));
}

/** Findings about a CNI config that is not in the file, only named by it. */
const REFERENCES_ELSEWHERE: ReadonlySet<string> = new Set(['REMOTE_MANIFEST_NOT_READ']);

/** Findings about the change a plan makes, not about the file: they stay among what remains once it is written. */
const CONSEQUENCES: ReadonlySet<string> = new Set(['VERSION_DOWNGRADE_LIVE', 'MULTUS_PRIMARY_VERSION']);


/** Plans the output again: it must read, and change nothing (idempotence). Returns a problem or the new plan. */
function replan(format: FormatModule<never>, path: string, after: string, context: PlanContext, analyzeAfter: () => Analysis<never> | null): FormatPlan | string {
  const again = analyzeAfter();
  if (!again?.ok) return 'the result can no longer be read';
  const replanned = format.plan({ path, text: after }, again.data, context);
  return replanned.edits.length === 0 ? replanned : 'planning the result again would change it again';
}

function locate(text: string, pending: readonly PendingDiagnostic[]): Diagnostic[] {
  const lineColumnAt = lineLocator(text);
  return pending
    .map((d): Diagnostic => {
      const { at, ...rest } = d;
      if (!at) return rest as Diagnostic;
      return { ...rest, position: { offset: at.offset, length: at.length, ...lineColumnAt(at.offset) } } as Diagnostic;
    })
    .sort((a, b) => (a.position?.offset ?? -1) - (b.position?.offset ?? -1));
}
