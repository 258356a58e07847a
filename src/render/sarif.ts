/**
 * SARIF 2.1.0 for code scanning (GitHub `upload-sarif` and other SARIF consumers). Pure: the CLI
 * hands in each file's findings together with the text their positions refer to, and gets back
 * plain data to serialize. Reference: OASIS SARIF v2.1.0 §3 (sarifLog, run, result, region;
 * fix, artifactChange and replacement in §3.55–§3.57); GitHub's "SARIF support for code
 * scanning" (partialFingerprints, %SRCROOT%, rule metadata).
 */
import { createHash } from 'node:crypto';
import { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode } from '../core/diagnostics.js';
import { lineLocator } from '../core/edits.js';
import type { Edit, LineColumn, NetworkPlan, Severity } from '../core/types.js';
import { diagnosticDocUrl, PROJECT_URL } from './docs-links.js';
import { formatDiagnostic } from './messages.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_VERSION = '2.1.0';
/** The key under `partialFingerprints`; bump the suffix if what is hashed ever changes. */
export const FINGERPRINT_KEY = 'cniFinding/v1';
/** Result URIs are relative to this base: the directory the tool ran in (the repository root in CI). */
export const SRCROOT = '%SRCROOT%';

export type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Readonly<Record<Severity, SarifLevel>> = { error: 'error', warning: 'warning', info: 'note' };

export function sarifLevel(severity: Severity): SarifLevel {
  return LEVEL[severity];
}

export interface SarifArtifactLocation {
  readonly uri: string;
  readonly uriBaseId?: string;
}

export interface SarifRegion {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

export interface SarifLocation {
  readonly physicalLocation: { readonly artifactLocation: SarifArtifactLocation; readonly region?: SarifRegion };
}

/**
 * A text region by both measures SARIF offers: zero-based `charOffset`/`charLength` and 1-based
 * line and column (end column exclusive). Both count UTF-16 code units (`columnKind`).
 */
export interface SarifTextRegion extends SarifRegion {
  readonly charOffset: number;
  readonly charLength: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** SARIF §3.55: a proposed fix, as the edits `cni-migrate fix` makes to the file. */
export interface SarifFix {
  readonly description: { readonly text: string };
  readonly artifactChanges: readonly {
    readonly artifactLocation: SarifArtifactLocation;
    /** §3.57: each deletes a region of the original text and inserts content in its place. */
    readonly replacements: readonly { readonly deletedRegion: SarifTextRegion; readonly insertedContent: { readonly text: string } }[];
  }[];
}

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: { readonly text: string };
  readonly locations: readonly SarifLocation[];
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly fixes?: readonly SarifFix[];
}

export interface SarifNotification {
  readonly level: SarifLevel;
  readonly message: { readonly text: string };
  readonly locations?: readonly SarifLocation[];
}

export interface SarifRule {
  readonly id: string;
  readonly shortDescription: { readonly text: string };
  /** The code's section of docs/diagnostics.md on the project's repository (docs-links.ts). */
  readonly helpUri: string;
  /** The same, for a reader offline: the docs also ship in the package. */
  readonly help: { readonly text: string };
  readonly defaultConfiguration: { readonly level: SarifLevel };
}

export interface SarifLog {
  readonly $schema: string;
  readonly version: string;
  readonly runs: readonly {
    readonly tool: { readonly driver: { readonly name: string; readonly version: string; readonly informationUri: string; readonly rules: readonly SarifRule[] } };
    readonly invocations: readonly {
      readonly executionSuccessful: boolean;
      readonly exitCode: number;
      readonly toolExecutionNotifications: readonly SarifNotification[];
    }[];
    readonly originalUriBaseIds: Readonly<Record<string, { readonly uri: string }>>;
    readonly columnKind: 'utf16CodeUnits';
    readonly results: readonly SarifResult[];
    readonly properties: Readonly<Record<string, unknown>>;
  }[];
}

const CODES = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];

/** One rule per diagnostic code, ids equal to the codes (public API, never renamed). */
export function sarifRules(): SarifRule[] {
  return CODES.map((code) => ({
    id: code,
    shortDescription: { text: DIAGNOSTIC_CODES[code].title },
    helpUri: diagnosticDocUrl(code),
    help: { text: `${DIAGNOSTIC_CODES[code].title}. Cause, effect on a node, fix and source: docs/diagnostics.md, section ${code} (shipped in the cni-migrate package, and at the help link).` },
    defaultConfiguration: { level: sarifLevel(DIAGNOSTIC_CODES[code].severity) },
  }));
}

/**
 * Where a file is, for SARIF: its path relative to the working directory (forward slashes,
 * percent-encoded) against %SRCROOT%; a file outside the working directory gets a file: URI.
 */
export function artifactLocation(displayPath: string, absolutePath: string): SarifArtifactLocation {
  const outside = displayPath === '..' || displayPath.startsWith('../') || displayPath.startsWith('/') || /^[A-Za-z]:/.test(displayPath);
  if (outside) return { uri: fileUri(absolutePath) };
  return { uri: displayPath.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** A `file:` URI for an absolute path (with a trailing slash for a directory base). */
export function fileUri(absolutePath: string, directory = false): string {
  const posix = absolutePath.replace(/\\/g, '/');
  const path = (posix.startsWith('/') ? posix : `/${posix}`) + (directory && !posix.endsWith('/') ? '/' : '');
  return `file://${path.split('/').map(encodeURIComponent).join('/').replace(/^(\/[A-Za-z])%3A/, '$1:')}`;
}

export interface SarifFileInput {
  /** The path as displayed: relative to the working directory, with forward slashes. */
  readonly path: string;
  readonly absolute: string;
  /** The text the findings' positions refer to (the edited text after `fix`). */
  readonly text: string;
  readonly findings: readonly Diagnostic[];
  readonly networks: readonly NetworkPlan[];
  /**
   * The edits `fix` would make, against `text` (so only when `text` is the original). Each goes,
   * as a SARIF fix, on the nearest finding that announces a cniVersion change; all of them
   * together make the fixed file.
   */
  readonly edits?: readonly Edit[] | undefined;
}

/** A file's findings as SARIF results, in the findings' order. */
export function sarifResults(file: SarifFileInput): SarifResult[] {
  const artifact = artifactLocation(file.path, file.absolute);
  const seen = new Map<string, number>();
  const lineColumnAt = lineLocator(file.text);
  const editsOf = assignEdits(file.findings, file.edits ?? []);
  return file.findings.map((d, i) => {
    const material = JSON.stringify([d.code, file.path, networkLocationOf(d, file.networks), stableArgs(d)]);
    // Identical findings in one file (same code, network and arguments) stay distinct by their
    // order, which inserting lines does not change.
    const occurrence = seen.get(material) ?? 0;
    seen.set(material, occurrence + 1);
    const region = d.position ? regionOf(lineColumnAt, d.position) : undefined;
    return {
      ruleId: d.code,
      ruleIndex: CODES.indexOf(d.code),
      level: sarifLevel(d.severity),
      message: { text: formatDiagnostic(d) },
      locations: [{ physicalLocation: { artifactLocation: artifact, ...(region ? { region } : {}) } }],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(occurrence === 0 ? material : `${material}#${occurrence}`) },
      ...(editsOf[i]?.length ? { fixes: [sarifFix(artifact, editsOf[i]!, lineColumnAt)] } : {}),
    };
  });
}

/** Whether a finding says the cniVersion is set by the plan (its edit is the fix of it). */
function announcesChange(d: Diagnostic): boolean {
  switch (d.code) {
    case 'CNI_VERSION_MISSING':
      return Boolean(d.args.inserted);
    case 'CNI_VERSION_INVALID':
    case 'CNI_VERSION_UNSUPPORTED':
      return Boolean(d.args.replacement);
    default:
      return false;
  }
}

/**
 * Each edit to the finding announcing a change that lies nearest to it (a file may hold several
 * networks). Edits no such finding announces (a --target-version move) get no fix.
 */
function assignEdits(findings: readonly Diagnostic[], edits: readonly Edit[]): Edit[][] {
  const out: Edit[][] = findings.map(() => []);
  const candidates = findings.flatMap((d, i) => (announcesChange(d) && d.position ? [{ i, at: d.position.offset }] : []));
  if (candidates.length === 0) return out;
  for (const e of edits) {
    let best = candidates[0]!;
    for (const c of candidates) if (Math.abs(c.at - e.offset) < Math.abs(best.at - e.offset)) best = c;
    out[best.i]!.push(e);
  }
  return out;
}

function sarifFix(artifact: SarifArtifactLocation, edits: readonly Edit[], lineColumnAt: (offset: number) => LineColumn): SarifFix {
  const replacements = [...edits]
    .sort((a, b) => a.offset - b.offset)
    .map((e) => {
      const start = lineColumnAt(e.offset);
      const end = lineColumnAt(e.offset + e.length);
      return {
        deletedRegion: {
          charOffset: e.offset,
          charLength: e.length,
          startLine: start.line,
          startColumn: start.column,
          endLine: end.line,
          endColumn: end.column,
        },
        insertedContent: { text: e.content },
      };
    });
  return { description: { text: 'Set cniVersion as cni-migrate fix does' }, artifactChanges: [{ artifactLocation: artifact, replacements }] };
}

/** A problem that is not a finding (an unreadable file), as a tool execution notification. */
export function sarifNotification(message: string, file?: { path: string; absolute: string }): SarifNotification {
  return {
    level: 'error',
    message: { text: message },
    ...(file ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(file.path, file.absolute) } }] } : {}),
  };
}

export interface SarifLogInput {
  readonly toolVersion: string;
  /** The working directory: the base the relative result URIs resolve against. */
  readonly cwd: string;
  readonly results: readonly SarifResult[];
  readonly notifications: readonly SarifNotification[];
  readonly exitCode: number;
  /** False when the run could not do its work (unreadable input, usage or internal error). */
  readonly executionSuccessful: boolean;
  /** What the run was judged against (command, runtime, target version, --fail-on). */
  readonly properties: Readonly<Record<string, unknown>>;
}

export function sarifLog(input: SarifLogInput): SarifLog {
  return {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: { driver: { name: 'cni-migrate', version: input.toolVersion, informationUri: PROJECT_URL, rules: sarifRules() } },
        invocations: [{ executionSuccessful: input.executionSuccessful, exitCode: input.exitCode, toolExecutionNotifications: input.notifications }],
        originalUriBaseIds: { [SRCROOT]: { uri: fileUri(input.cwd, true) } },
        columnKind: 'utf16CodeUnits',
        results: input.results,
        properties: input.properties,
      },
    ],
  };
}

/** SARIF columns count UTF-16 code units here (`columnKind`); the end column is exclusive. */
function regionOf(lineColumnAt: (offset: number) => LineColumn, position: NonNullable<Diagnostic['position']>): SarifRegion {
  const start = { startLine: position.line, startColumn: position.column };
  if (position.length <= 0) return start;
  const end = lineColumnAt(position.offset + position.length);
  return { ...start, endLine: end.line, endColumn: end.column };
}

function fingerprint(material: string): string {
  return createHash('sha256').update(material, 'utf8').digest('hex');
}

/**
 * Arguments that may carry positions or run-specific detail (a parser's "at line 3", a probe's
 * timeout) are left out of the fingerprint, so it survives lines inserted above the finding.
 */
const UNSTABLE_ARGS: Partial<Record<DiagnosticCode, readonly string[]>> = {
  JSON_PARSE_ERROR: ['problem'],
  YAML_PARSE_ERROR: ['problem'],
  TEMPLATE_NOT_PARSED: ['problem'],
  PROBE_FAILED: ['problem'],
  INTERNAL_VERIFY_FAILED: ['problem'],
};

/** The finding's arguments as canonical JSON (sorted keys), without the unstable ones. */
export function stableArgs(d: Diagnostic): string {
  const drop = new Set(UNSTABLE_ARGS[d.code] ?? []);
  const args = Object.fromEntries(Object.entries(d.args as Record<string, unknown>).filter(([k]) => !drop.has(k)));
  return canonicalJson(args);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The embedded network a finding belongs to (`ConfigMap kube-system/x data.cni-conf.json`), or ''
 * for a standalone config. Plans do not carry network spans, so in a file with several networks
 * the finding goes to the network whose plugin `type` tokens lie nearest to it.
 */
function networkLocationOf(d: Diagnostic, networks: readonly NetworkPlan[]): string {
  const located = networks.filter((n) => n.location !== undefined);
  if (located.length === 0) return '';
  if (located.length === 1) return located[0]!.location!;
  if (d.code === 'EMBEDDED_EDIT_UNSAFE') return d.args.location;
  const at = d.position?.offset;
  if (at === undefined) return '';
  let best = '';
  let bestDistance = Infinity;
  for (const n of located) {
    const offsets = n.plugins.map((p) => p.offset);
    if (offsets.length === 0) continue;
    const lo = Math.min(...offsets);
    const hi = Math.max(...offsets);
    const distance = at < lo ? lo - at : at > hi ? at - hi : 0;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = n.location!;
    }
  }
  return best;
}
