/**
 * CNI spec versions. libcni matches `cniVersion` against a plugin's list by exact string, so
 * "0.3" or "v1.0.0" are rejected even though they look close.
 * Reference: github:containernetworking/cni pkg/version/version.go (see src/knowledge/data/cni-compat.json).
 */
import { compat } from '../knowledge/data/compat.js';
import { remembered } from './remembered.js';

/** Every released spec version, oldest first. */
export const SPEC_VERSIONS: readonly string[] = compat.specVersions.map((s) => s.version);

/** The newest released spec version (probe stdin uses it). */
export const NEWEST_SPEC_VERSION: string = SPEC_VERSIONS[SPEC_VERSIONS.length - 1]!;

export function isSpecVersion(value: string): boolean {
  return SPEC_VERSIONS.includes(value);
}

/** Each version's numbers: a scan compares the same few strings millions of times. */
const partsOf = remembered((version): readonly number[] => version.split('.').map(Number));

/** Orders x.y.z strings numerically; only called with released spec versions or probe output of that form. */
export function compareVersions(a: string, b: string): number {
  const pa = partsOf(a);
  const pb = partsOf(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function sortVersions(versions: Iterable<string>): string[] {
  const list = [...versions];
  // Most lists arrive in order already (the data's, or a filter of one): no set, no sort.
  return ascending(list) ? list : [...new Set(list)].sort(compareVersions);
}

/** Strictly ascending: in order and without repeats. */
function ascending(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (compareVersions(list[i - 1]!, list[i]!) >= 0) return false;
  return true;
}

export function newest(versions: readonly string[]): string | null {
  return versions.length === 0 ? null : sortVersions(versions).at(-1)!;
}

export function intersect(a: readonly string[], b: readonly string[]): string[] {
  return sortVersions(a.filter((v) => b.includes(v)));
}

/** Spec versions up to and including `max` (what a libcni whose `Current()` is `max` can execute). */
export function specVersionsUpTo(max: string): string[] {
  return SPEC_VERSIONS.filter((v) => compareVersions(v, max) <= 0);
}

/** "0.1.0–1.0.0" for a contiguous run of released versions, "0.4.0, 1.0.0" otherwise. */
export function describeVersions(versions: readonly string[]): string {
  if (versions.length === 0) return 'nothing';
  const sorted = sortVersions(versions);
  const runs: string[][] = [];
  for (const v of sorted) {
    const run = runs.at(-1);
    const prev = run?.at(-1);
    // Only released versions form runs: a non-version entry (portmap v0.7's "") must not start one.
    if (run && prev !== undefined && isSpecVersion(prev) && SPEC_VERSIONS.indexOf(v) === SPEC_VERSIONS.indexOf(prev) + 1) run.push(v);
    else runs.push([v]);
  }
  const show = (v: string | undefined): string => (v === '' ? '""' : (v ?? ''));
  return runs.map((r) => (r.length > 2 ? `${show(r[0])}–${show(r.at(-1))}` : r.map(show).join(', '))).join(', ');
}
