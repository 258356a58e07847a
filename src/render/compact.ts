/**
 * `--compact`: the text report for big runs. One table per node group (or directory) with a line
 * per file (its networks, their cniVersion change, its worst finding), the group's totals above
 * it, and every error below it in full: a table row may stand for many findings, never for an error.
 */
import type { Diagnostic } from '../core/diagnostics.js';
import { bySeverity, groupFiles, nameInGroup, shownFinding, versionChangeText, type FileGroup, type GroupedFile } from './groups.js';
import { formatDiagnostic } from './messages.js';
import { printable } from './terminal.js';
import { paint, SEVERITY_COLOR, type Style } from './text.js';

export interface CompactOptions extends Style {
  readonly command: 'check' | 'diff' | 'fix';
  /** Show info findings (`--verbose`). */
  readonly verbose: boolean;
  /** Only files with an error (or that cannot be read), as `--quiet` prints. */
  readonly quiet: boolean;
}

/** More networks than this in a file: the rest are counted (`a, b, c +2`). */
const NETWORKS_SHOWN = 3;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The groups' tables; the caller adds the load order, the hidden-info line and the summary. A
 * group with nothing to change and no finding shown gets no table unless `verbose`: one line
 * counts such groups, so a big run shows what needs attention.
 */
export function renderCompact(files: readonly GroupedFile[], options: CompactOptions): string {
  const out: string[] = [];
  let quietGroups = 0;
  let quietFiles = 0;
  for (const group of groupFiles(files)) {
    if (!options.verbose && !group.files.some((f) => f.changed || f.findings.some((d) => shownFinding(d, false)))) {
      quietGroups++;
      quietFiles += group.files.filter((f) => f.planned !== false).length;
      continue;
    }
    const block = renderGroup(group, options);
    if (block.length) out.push(...block, '');
  }
  if (quietGroups && !options.quiet) {
    out.push(`${plural(quietFiles, 'file')} in ${plural(quietGroups, 'group')} with nothing to change and no finding; --verbose lists them`, '');
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

function renderGroup(group: FileGroup<GroupedFile>, options: CompactOptions): string[] {
  const shownOf = (f: GroupedFile): Diagnostic[] => bySeverity(f.findings.filter((d) => shownFinding(d, options.verbose)));
  const hasError = (f: GroupedFile): boolean => f.findings.some((d) => d.severity === 'error');
  const files = options.quiet ? group.files.filter(hasError) : group.files;
  if (files.length === 0) return [];
  const planned = files.filter((f) => f.planned !== false);
  const all = files.flatMap(shownOf);
  const count = (s: Diagnostic['severity']): number => all.filter((d) => d.severity === s).length;
  const title = group.byDirectory ? `${group.name}/` : `node group ${group.name}`;
  const change = options.command === 'fix' ? 'fixed' : 'to change';
  const out = [
    `${paint(options.color, '1;4', printable(title))}  ${plural(planned.length, 'file')}, ${planned.filter((f) => f.changed).length} ${change}, ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}`,
  ];
  const rows = planned.map((f) => {
    const worst = worstCell(shownOf(f));
    return { texts: [printable(nameInGroup(f.path, group)), networksCell(f), versionsCell(f), worst.text], severity: worst.severity };
  });
  if (rows.length) {
    const header = ['file', 'networks', 'cniVersion', 'worst finding'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r.texts[i]!.length)));
    // Padded by the plain text, so colour codes do not skew the columns.
    const line = (cells: readonly string[], texts: readonly string[]): string =>
      `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - texts[i]!.length))).join('  ')}`.trimEnd();
    out.push(paint(options.color, '2', line(header, header)));
    for (const { texts, severity } of rows) {
      const cells = [...texts.slice(0, -1), paint(options.color && severity !== null, SEVERITY_COLOR[severity ?? 'info'], texts.at(-1)!)];
      out.push(line(cells, texts));
    }
  }
  // Errors in full, by file, with their position: what a table cell cannot say.
  for (const f of files) {
    for (const d of f.findings) {
      if (d.severity !== 'error') continue;
      const at = d.position ? `:${d.position.line}:${d.position.column}` : '';
      const name = `${printable(nameInGroup(f.path, group))}${at}${f.notInRun ? ' (not in this run)' : ''}`;
      out.push(`  ${name}  ${paint(options.color, SEVERITY_COLOR.error, 'error')} ${paint(options.color, '2', d.code)}  ${printable(formatDiagnostic(d))}`);
    }
  }
  return out;
}

function networksCell(f: GroupedFile): string {
  if (f.networks.length === 0) return '-';
  const names = f.networks.map((n) => (n.name === null ? '(unnamed)' : printable(n.name)));
  const extra = names.length - NETWORKS_SHOWN;
  return extra > 0 ? `${names.slice(0, NETWORKS_SHOWN).join(', ')} +${extra}` : names.join(', ');
}

/** Each distinct change once, counted when several networks share it: `0.3.1 → 1.0.0 (×3)`. */
function versionsCell(f: GroupedFile): string {
  if (f.networks.length === 0) return '-';
  const counts = new Map<string, number>();
  for (const n of f.networks) {
    const t = printable(versionChangeText(n));
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return [...counts].map(([t, n]) => (n > 1 ? `${t} (×${n})` : t)).join(', ');
}

/** `error CNI_VERSION_UNSUPPORTED +2`: the most severe finding shown, and how many more there are. */
function worstCell(shown: readonly Diagnostic[]): { text: string; severity: Diagnostic['severity'] | null } {
  const worst = shown[0];
  if (!worst) return { text: '-', severity: null };
  return { text: `${worst.severity} ${worst.code}${shown.length > 1 ? ` +${shown.length - 1}` : ''}`, severity: worst.severity };
}
