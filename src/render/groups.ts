/**
 * Grouping a run's files for the reports that show one table per group (`--format markdown`,
 * `--compact`): by the node group a file was given (a project config's `overrides:` name), else by
 * its directory. Groups keep the order in which their first file came.
 */
import type { Diagnostic } from '../core/diagnostics.js';
import type { NetworkPlan, Severity } from '../core/types.js';

/** One file of a grouped report: a planned CNI config, or a file only the load-order analysis speaks of. */
export interface GroupedFile {
  readonly path: string;
  /** The node group it belongs to; without one it is grouped by its directory. */
  readonly group?: string | undefined;
  readonly networks: readonly NetworkPlan[];
  readonly changed: boolean;
  /** The findings that count (after fix, those the written file still has), load-order ones included. */
  readonly findings: readonly Diagnostic[];
  /** False for a file only the load-order analysis speaks of (it has no networks to show). */
  readonly planned?: boolean;
  /** A file of a node directory the run did not hold, read for the load-order analysis only. */
  readonly notInRun?: boolean;
}

/** What a grouped report knows of a group. */
export interface FileGroup<F> {
  /** The node group's name, or the directory (`.` for the top). */
  readonly name: string;
  /** True when named by directory: file names are then shown relative to it. */
  readonly byDirectory: boolean;
  readonly files: F[];
}

/** The directory part of a `/`-separated display path (`.` when there is none). */
export function directoryOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? (slash === 0 ? '/' : '.') : path.slice(0, slash);
}

/** The key a file is grouped under: its group, else its directory. */
export function groupKey(path: string, group: string | undefined): { readonly name: string; readonly byDirectory: boolean } {
  return group !== undefined && group !== '' ? { name: group, byDirectory: false } : { name: directoryOf(path), byDirectory: true };
}

/** A file's name as shown in its group: relative to the group's directory, or whole. */
export function nameInGroup(path: string, group: Pick<FileGroup<unknown>, 'name' | 'byDirectory'>): string {
  if (!group.byDirectory || group.name === '.') return path;
  return path.startsWith(`${group.name}/`) ? path.slice(group.name.length + 1) : path;
}

export function groupFiles<F extends { readonly path: string; readonly group?: string | undefined }>(files: readonly F[]): FileGroup<F>[] {
  const groups = new Map<string, FileGroup<F>>();
  for (const f of files) {
    const key = groupKey(f.path, f.group);
    // A node group and a directory of the same name stay apart.
    const id = `${key.byDirectory ? 'dir' : 'group'}:${key.name}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { ...key, files: [] }));
    g.files.push(f);
  }
  return [...groups.values()];
}

const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Findings most severe first, in their order otherwise. */
export function bySeverity<D extends Pick<Diagnostic, 'severity'>>(findings: readonly D[]): D[] {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

/** Whether a finding is shown in a report for people: info ones only when asked (`--verbose`). */
export function shownFinding(d: Pick<Diagnostic, 'severity'>, verbose: boolean): boolean {
  return verbose || d.severity !== 'info';
}

/** A network's cniVersion before and after, as the grouped reports show it. */
export function versionChange(n: Pick<NetworkPlan, 'currentVersion' | 'decision'>): { readonly from: string | null; readonly to: string | null; readonly changed: boolean } {
  const d = n.decision;
  if (d.action === 'insert' || d.action === 'rewrite') return { from: d.action === 'insert' ? null : d.from, to: d.version, changed: true };
  if (d.action === 'keep') return { from: n.currentVersion, to: d.version, changed: false };
  return { from: n.currentVersion, to: null, changed: false };
}

/** `0.3.1 → 1.0.0`, `none → 1.0.0`, `1.0.0` (kept), `0.3.1 (left as is)`; and the `cniVersions` the plan writes. */
export function versionChangeText(n: Pick<NetworkPlan, 'currentVersion' | 'decision' | 'cniVersions'>): string {
  const { from, to, changed } = versionChange(n);
  const main = changed ? `${from ?? 'none'} → ${to}` : to !== null ? to : `${from ?? 'none'} (left as is)`;
  const list = cniVersionsChange(n);
  return list === null ? main : `${main}, cniVersions ${list}`;
}

/** `→ [1.0.0, 1.1.0]` (or `[…] → […]`) when the plan writes a `cniVersions` array; null otherwise. */
export function cniVersionsChange(n: Pick<NetworkPlan, 'cniVersions'>): string | null {
  if (!n.cniVersions) return null;
  const list = (v: readonly string[]): string => `[${v.join(', ')}]`;
  return n.cniVersions.from === null ? `→ ${list(n.cniVersions.versions)}` : `${list(n.cniVersions.from)} → ${list(n.cniVersions.versions)}`;
}

/** What each runtime of a fleet runs the network at (`containerd 1.7.0: 1.0.0; containerd 2.1.0: 1.1.0`); null for one runtime. */
export function executesText(n: Pick<NetworkPlan, 'executes'>): string | null {
  if (!n.executes || n.executes.length < 2) return null;
  return n.executes.map((e) => `${e.runtime}: ${e.version ?? 'no readable version'}`).join('; ');
}
