/**
 * `--format markdown`: a report to paste in a pull request, as Renovate and Atlantis comment. A
 * heading with the totals, then per node group (or directory) a table of its networks and their
 * cniVersion change with the planner's reason, then its findings with each code linked to its
 * section of docs/diagnostics.md. Pure: the reporter collects, this renders.
 *
 * Every string from the input goes through `markdownText`, so a file named `a|b.conflist` or
 * `<script>` stays one cell of text: no table is broken and no HTML is injected.
 */
import type { Diagnostic } from '../core/diagnostics.js';
import type { NetworkPlan } from '../core/types.js';
import { diagnosticDocUrl } from './docs-links.js';
import { bySeverity, cniVersionsChange, executesText, groupFiles, nameInGroup, shownFinding, versionChange, type FileGroup, type GroupedFile } from './groups.js';
import { formatDiagnostic, formatReleaseHint } from './messages.js';
import { printable } from './terminal.js';
import type { Totals } from './text.js';

/** One file of the report (a planned CNI config, or a file only the load-order analysis speaks of). */
export type MarkdownFile = GroupedFile;

export interface MarkdownReportInput {
  readonly command: 'check' | 'fix';
  readonly totals: Readonly<Totals> & { readonly info: number };
  /** `containerd@1.6.4` */
  readonly runtime: string;
  readonly targetVersion: string | null;
  readonly files: readonly MarkdownFile[];
  /** Files that could not be read or written, with why. */
  readonly notProcessed: readonly { readonly path: string; readonly message: string }[];
  /** Run-level problems (a PATH that cannot be used, git). */
  readonly notices: readonly { readonly level: 'error' | 'warning'; readonly message: string }[];
  /** What each node directory's runtimes load. */
  readonly loadOrder: readonly { readonly directory: string; readonly containerd: string; readonly crio: string }[];
  /** Show info findings (`--verbose`); otherwise they are counted in one line. */
  readonly verbose: boolean;
}

/** More findings than this in a group: those that are not errors fold into `<details>`. */
export const OPEN_FINDINGS = 10;

/**
 * Text from the input as Markdown text: control characters escaped (one line), HTML's `&`, `<`
 * and `>` as entities, and the characters GFM gives meaning inside a line (`\`, `` ` ``, `*`, `_`,
 * `[`, `]`, `|`, `~`, `#`, `!`) escaped with a backslash; so are `@` and the `:` of `://`, which
 * GFM's extended autolinks would make links of (`containerd@1.6.4` is an e-mail address to it).
 * Reference: GitHub Flavored Markdown spec, "Backslash escapes" (any ASCII punctuation), "Tables"
 * (`\|` in a cell, including inside code spans) and "Autolinks (extension)".
 */
export function markdownText(s: string): string {
  return printable(s)
    .replace(/[\\`*_[\]|~#!@]|:(?=\/\/)/g, (c) => `\\${c}`)
    .replace(/\bwww\./gi, (w) => `${w.slice(0, -1)}\\.`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function renderMarkdownReport(input: MarkdownReportInput): string {
  const t = input.totals;
  const out: string[] = [];
  const change = input.command === 'fix' ? `${plural(t.changed, 'file')} fixed` : `${plural(t.changed, 'file')} to change`;
  out.push(`## cni-migrate ${input.command}: ${change}, ${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')}`, '');
  const facts = [
    `${plural(t.scanned, 'file')} scanned`,
    plural(t.cniFiles, 'CNI config'),
    ...(t.unreadable ? [`${t.unreadable} unreadable`] : []),
    `runtime ${markdownText(input.runtime)}`,
    `target version ${input.targetVersion === null ? 'the newest all accept' : markdownText(input.targetVersion)}`,
  ];
  out.push(`${facts.join(' · ')}`, '');
  for (const n of input.notices) out.push(`> **${n.level}:** ${markdownText(n.message)}`, '');

  if (input.notProcessed.length) {
    out.push('### Not processed', '', '| File | Problem |', '| --- | --- |');
    for (const f of input.notProcessed) out.push(`| ${markdownText(f.path)} | ${markdownText(f.message)} |`);
    out.push('');
  }

  let hidden = 0;
  const quiet: FileGroup<MarkdownFile>[] = [];
  for (const group of groupFiles(input.files)) {
    // Per file, most severe first.
    const shown = group.files.flatMap((f) => bySeverity(f.findings.filter((d) => shownFinding(d, input.verbose))).map((d) => ({ file: f, d })));
    hidden += group.files.reduce((n, f) => n + f.findings.filter((d) => !shownFinding(d, input.verbose)).length, 0);
    if (shown.length === 0 && !group.files.some((f) => f.changed)) {
      quiet.push(group);
      continue;
    }
    out.push(...renderGroup(group, shown, input.command));
  }
  if (quiet.length) out.push(...renderQuietGroups(quiet));
  if (input.loadOrder.length) {
    out.push('### What runtimes load', '', '| Directory | containerd loads | CRI-O loads |', '| --- | --- | --- |');
    for (const o of input.loadOrder) out.push(`| ${markdownText(o.directory)} | ${markdownText(o.containerd)} | ${markdownText(o.crio)} |`);
    out.push('');
  }
  if (hidden) out.push(`_${plural(hidden, 'info finding')} hidden; \`--verbose\` shows them._`, '');
  if (input.files.length === 0 && input.notProcessed.length === 0) out.push('No CNI config found.', '');
  return `${out.join('\n').trimEnd()}\n`;
}

function fileCell(f: MarkdownFile, group: FileGroup<MarkdownFile>): string {
  return `${markdownText(nameInGroup(f.path, group))}${f.notInRun ? ' (not in this run)' : ''}`;
}

function renderGroup(group: FileGroup<MarkdownFile>, shown: readonly { file: MarkdownFile; d: Diagnostic }[], command: 'check' | 'fix'): string[] {
  const out: string[] = [];
  const planned = group.files.filter((f) => f.planned !== false);
  const changed = planned.filter((f) => f.changed).length;
  const errors = shown.filter((s) => s.d.severity === 'error').length;
  const warnings = shown.filter((s) => s.d.severity === 'warning').length;
  out.push(`### ${group.byDirectory ? markdownText(`${group.name}/`) : `Node group ${markdownText(group.name)}`}`, '');
  out.push(`${plural(planned.length, 'file')}, ${changed} ${command === 'fix' ? 'fixed' : 'to change'}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`, '');
  if (planned.length) {
    // A fleet's group (several runtimes) says what each runtime will run each network at.
    const fleet = planned.some((f) => f.networks.some((n) => executesText(n) !== null));
    out.push(`| File | Network | cniVersion |${fleet ? ' Runtimes run |' : ''} Why |`, `| --- | --- | --- |${fleet ? ' --- |' : ''} --- |`);
    for (const f of planned) {
      if (f.networks.length === 0) out.push(`| ${fileCell(f, group)} | | |${fleet ? ' |' : ''} no network could be read (see the findings) |`);
      for (const n of f.networks) out.push(`| ${fileCell(f, group)} | ${networkCell(n)} | ${versionCell(n)} |${fleet ? ` ${runsCell(n)} |` : ''} ${whyCell(n)} |`);
    }
    out.push('');
  }
  if (shown.length === 0) return out;
  if (shown.length <= OPEN_FINDINGS) {
    out.push(...findingsTable(shown, group), '');
    return out;
  }
  // A long list: the errors stay open, the rest fold.
  const errorRows = shown.filter((s) => s.d.severity === 'error');
  const rest = shown.filter((s) => s.d.severity !== 'error');
  if (errorRows.length) out.push(...findingsTable(errorRows, group), '');
  if (rest.length) {
    const counts = [['warning', 'warning'], ['info', 'info finding']] as const;
    const said = counts.map(([s, word]) => [rest.filter((r) => r.d.severity === s).length, word] as const).filter(([n]) => n > 0);
    out.push(`<details><summary>${said.map(([n, word]) => plural(n, word)).join(', ')}</summary>`, '', ...findingsTable(rest, group), '', '</details>', '');
  }
  return out;
}

function findingsTable(rows: readonly { file: MarkdownFile; d: Diagnostic }[], group: FileGroup<MarkdownFile>): string[] {
  const out = ['| File | Line | Severity | Code | Message |', '| --- | --- | --- | --- | --- |'];
  for (const { file, d } of rows) {
    const line = d.position ? String(d.position.line) : '';
    out.push(`| ${fileCell(file, group)} | ${line} | ${d.severity} | [${d.code}](${diagnosticDocUrl(d.code)}) | ${markdownText(formatDiagnostic(d))} |`);
  }
  return out;
}

/** Groups with nothing to change and nothing shown: one folded table, so big runs stay short. */
function renderQuietGroups(groups: readonly FileGroup<MarkdownFile>[]): string[] {
  const files = groups.reduce((n, g) => n + g.files.filter((f) => f.planned !== false).length, 0);
  const out = [`<details><summary>${plural(groups.length, 'group')} with nothing to change (${plural(files, 'file')})</summary>`, ''];
  out.push('| Group | File | Network | cniVersion |', '| --- | --- | --- | --- |');
  for (const g of groups) {
    const name = g.byDirectory ? markdownText(`${g.name}/`) : markdownText(g.name);
    for (const f of g.files) {
      if (f.planned === false) continue;
      if (f.networks.length === 0) out.push(`| ${name} | ${fileCell(f, g)} | | |`);
      for (const n of f.networks) out.push(`| ${name} | ${fileCell(f, g)} | ${networkCell(n)} | ${versionCell(n)} |`);
    }
  }
  out.push('', '</details>', '');
  return out;
}

function networkCell(n: NetworkPlan): string {
  const name = n.name === null ? '(unnamed)' : markdownText(n.name);
  return n.location ? `${name} (${markdownText(n.location)})` : name;
}

function versionCell(n: NetworkPlan): string {
  const { from, to, changed } = versionChange(n);
  const v = (s: string): string => markdownText(s);
  const main = changed ? `${from === null ? 'none' : v(from)} → **${v(to!)}**` : to !== null ? v(to) : `${from === null ? 'none' : v(from)} (left as is)`;
  const list = cniVersionsChange(n);
  return list === null ? main : `${main}; cniVersions **${v(list)}**`;
}

/** The column a fleet's group gets: what each runtime runs the network at. */
function runsCell(n: NetworkPlan): string {
  return markdownText(executesText(n) ?? '');
}

function whyCell(n: NetworkPlan): string {
  const d = n.decision;
  const list = n.cniVersions ? '; cniVersions: runtimes that read it (libcni v1.2.0+) run the newest entry they execute' : '';
  return markdownText(`${d.reason}${list}${d.releaseHint ? `; ${formatReleaseHint(d.releaseHint)}` : ''}`);
}
