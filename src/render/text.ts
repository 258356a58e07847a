/**
 * Text for people in a terminal: per file, each finding with its position, then what the
 * planner decided per network. Colour only when asked (the CLI decides from TTY and NO_COLOR).
 * Every string that comes from the input (paths, names, types, quoted text) is shown through
 * `printable`, so the only control characters printed are the line breaks and colours made here.
 */
import type { Diagnostic } from '../core/diagnostics.js';
import type { LoadOrder } from '../core/load-order.js';
import type { FilePlan } from '../core/plan.js';
import type { NetworkPlan } from '../core/types.js';
import { formatDiagnostic, formatReleaseHint } from './messages.js';
import { printable } from './terminal.js';

export interface Style {
  readonly color: boolean;
}

export const paint = (on: boolean, code: string, s: string): string => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
export const SEVERITY_COLOR = { error: '31', warning: '33', info: '36' } as const;

/** `verb` says what happened to an edit: "would insert" (check), "inserted" (fix). */
export function renderFileText(plan: FilePlan, displayPath: string, style: Style, verb: 'would' | 'did', group?: string): string {
  const lines: string[] = [];
  const decisions = plan.networks.flatMap((n) => [renderDecision(n, verb), renderCniVersions(n, verb)]).filter((l): l is string => l !== null);
  if (plan.diagnostics.length === 0 && decisions.length === 0) return '';
  // The node group (a named override of the project configuration) follows the name, unstyled.
  lines.push(paint(style.color, '1;4', printable(displayPath)) + (group === undefined ? '' : printable(`  (node group ${group})`)));
  for (const d of plan.diagnostics) lines.push(renderDiagnostic(d, style));
  for (const d of decisions) lines.push(`  ${paint(style.color, '32', '→')} ${printable(d)}`);
  for (const n of plan.networks) {
    const basis = describeBasis(n);
    if (basis) lines.push(paint(style.color, '2', `  ${printable(`${n.location ?? (n.name ? `network "${n.name}"` : 'network')}: ${basis}`)}`));
  }
  for (const n of plan.networks) {
    // A fleet: what each runtime will run the network at, once planned.
    if (!n.executes || n.executes.length < 2) continue;
    const runs = n.executes.map((e) => `${e.runtime} executes ${e.version ?? 'no readable version'}`).join('; ');
    lines.push(paint(style.color, '2', `  ${printable(`${n.location ?? (n.name ? `network "${n.name}"` : 'network')}: ${runs}`)}`));
  }
  return `${lines.join('\n')}\n\n`;
}

/** Which source decided each plugin's support, where it was more than the data's bounds. */
function describeBasis(n: NetworkPlan): string | null {
  // "calico, calico-ipam 3.24.0; portmap, bandwidth 1.1.1 (image …)", grouped by source.
  const bySource = new Map<string, Map<string, string[]>>();
  const add = (source: string, what: string, type: string): void => {
    const group = bySource.get(source) ?? new Map<string, string[]>();
    group.set(what, [...(group.get(what) ?? []), type]);
    bySource.set(source, group);
  };
  for (const s of n.support) {
    if (s.status !== 'exact') continue;
    const src = s.sources[0];
    if (!src) continue;
    if (src.kind === 'probe') add(`probed in ${src.binary.replace(/\/[^/]+$/, '')}`, '', s.type);
    else if (src.kind === 'flag') add(src.flag, '', s.type);
    else if (src.release !== undefined) add(src.releaseFrom ?? 'stated', src.release, s.type);
  }
  if (bySource.size === 0) return null;
  const parts = [...bySource].map(([source, group]) => {
    const items = [...group].map(([release, types]) => `${types.join(', ')}${release ? ` ${release}` : ''}`).join('; ');
    return `${items} (${source})`;
  });
  return `plugins: ${parts.join('; ')}`;
}

function renderDiagnostic(d: Diagnostic, style: Style): string {
  const at = d.position ? `${d.position.line}:${d.position.column}` : '';
  const severity = paint(style.color, SEVERITY_COLOR[d.severity], d.severity.padEnd(7));
  return `  ${at.padEnd(7)} ${severity} ${paint(style.color, '2', d.code)}  ${printable(formatDiagnostic(d))}`;
}

function renderDecision(n: NetworkPlan, verb: 'would' | 'did'): string | null {
  const d = n.decision;
  if (d.action !== 'insert' && d.action !== 'rewrite') return null;
  const name = n.name ? `network "${n.name}": ` : '';
  const what =
    d.action === 'insert'
      ? `${verb === 'would' ? 'would insert' : 'inserted'} cniVersion "${d.version}"`
      : `${verb === 'would' ? 'would rewrite' : 'rewrote'} cniVersion ${d.from === null ? '' : `${JSON.stringify(d.from)} `}→ "${d.version}"`;
  return `${name}${what}: ${d.reason}${d.releaseHint ? `; ${formatReleaseHint(d.releaseHint)}` : ''}`;
}

function renderCniVersions(n: NetworkPlan, verb: 'would' | 'did'): string | null {
  if (!n.cniVersions) return null;
  const name = n.name ? `network "${n.name}": ` : '';
  const list = (v: readonly string[]): string => `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
  const { from, versions } = n.cniVersions;
  const what =
    from === null
      ? `${verb === 'would' ? 'would insert' : 'inserted'} cniVersions ${list(versions)}`
      : `${verb === 'would' ? 'would rewrite' : 'rewrote'} cniVersions ${list(from)} → ${list(versions)}`;
  return `${name}${what}: runtimes that read cniVersions run the newest of these they execute`;
}

export interface Totals {
  scanned: number;
  cniFiles: number;
  changed: number;
  errors: number;
  warnings: number;
  unreadable: number;
}

export function renderSummary(t: Totals, command: 'check' | 'diff' | 'fix', style: Style): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const change =
    command === 'fix' ? `${plural(t.changed, 'file')} fixed` : `${plural(t.changed, 'file')} to change`;
  const parts = [
    `${plural(t.scanned, 'file')} scanned`,
    `${plural(t.cniFiles, 'CNI config')}`,
    change,
    paint(style.color && t.errors > 0, '31', plural(t.errors, 'error')),
    paint(style.color && t.warnings > 0, '33', plural(t.warnings, 'warning')),
  ];
  if (t.unreadable > 0) parts.push(paint(style.color, '31', `${t.unreadable} unreadable`));
  return `${parts.join(', ')}\n`;
}

/** The line that says info findings were left out of a report for people, and how to see them. */
export function renderHiddenInfo(count: number, style: Style): string {
  return paint(style.color, '2', `${count} info finding${count === 1 ? '' : 's'} hidden; --verbose shows them`) + '\n';
}

/** One node directory's load order as the text report shows it (src/io/node-dirs.ts makes it). */
export interface LoadOrderSection {
  readonly order: LoadOrder;
  /** Findings about files that were not in the run (read from disk for the analysis), by display path. */
  readonly notInRunFindings: ReadonlyMap<string, readonly Diagnostic[]>;
  /** Files (or the directory itself) that could not be read, left out of the analysis. */
  readonly unreadable: readonly { readonly path: string; readonly message: string }[];
}

/**
 * One section per node config directory: what containerd and CRI-O would load, and why not the
 * rest. Files the run did not hold (read from disk for the analysis) are marked so.
 */
export function renderLoadOrder(sections: readonly LoadOrderSection[], byPath: ReadonlyMap<string, readonly Diagnostic[]>, style: Style): string {
  const out: string[] = [];
  for (const { order: o, notInRunFindings, unreadable } of sections) {
    out.push(paint(style.color, '1;4', printable(`${o.directory}/ (what runtimes load)`)));
    const containerd = o.containerd.loads ?? (o.containerd.abortedAt ? `nothing (stops at ${o.containerd.abortedAt})` : 'nothing');
    out.push(`  ${printable(`containerd loads ${containerd}; CRI-O loads ${o.crio.loads ?? 'nothing'}`)}`);
    const within = (path: string): string => (o.directory === '.' ? path : path.startsWith(`${o.directory}/`) ? path.slice(o.directory.length + 1) : path);
    const links = new Map(o.links.map((l) => [l.file, l]));
    for (const name of o.candidates) {
      const path = o.directory === '.' ? name : `${o.directory}/${name}`;
      const link = links.get(name);
      if (link) out.push(`  ${printable(`${name}: a symbolic link to ${link.target}${link.unreadable ? `: ${link.unreadable}` : '; the runtimes read its target'}`)}`);
      for (const d of byPath.get(path) ?? []) out.push(`  ${printable(name)}: ${renderDiagnostic(d, style).trimStart()}`);
      for (const d of notInRunFindings.get(path) ?? []) out.push(`  ${printable(name)} (not in this run): ${renderDiagnostic(d, style).trimStart()}`);
    }
    for (const u of unreadable) {
      const what = u.path === o.directory ? '' : `${printable(within(u.path))} (not in this run): `;
      out.push(`  ${what}${paint(style.color, SEVERITY_COLOR.warning, printable(u.message))}${what ? '; left out of this analysis' : ''}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
