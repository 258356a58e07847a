/**
 * Release ranges as people read them. The data splits a project's releases into rows by what they
 * accept, so "releases that accept 0.4.0" comes out as `>=0.8.0 <1.0.0`, `>=1.0.0 <1.6.0`,
 * `>=1.6.0`: one range, `>=0.8.0`, in a message.
 */
import * as semver from '../knowledge/semver-functions.js';
import { remembered } from './remembered.js';

interface Bounds {
  readonly from: string | null;
  /** Exclusive upper bound, or null for none. */
  readonly below: string | null;
}

/** `>=a <b`, `>=a`, `<b`, `>=a <=b` and a single release `a`; anything else is kept as written. */
function boundsOf(range: string): Bounds | null {
  const text = range.trim();
  if (semver.valid(text)) return { from: text, below: semver.inc(text, 'patch') };
  const m = /^(?:>=\s*(\S+))?\s*(?:(<=?)\s*(\S+))?$/.exec(text);
  if (!m || (m[1] === undefined && m[3] === undefined)) return null;
  const from = m[1] ?? null;
  const upper = m[3] ?? null;
  if ((from !== null && !semver.valid(from)) || (upper !== null && !semver.valid(upper))) return null;
  return { from, below: upper === null ? null : m[2] === '<=' ? semver.inc(upper, 'patch') : upper };
}

function render(b: Bounds): string {
  if (b.from !== null && b.below !== null && semver.inc(b.from, 'patch') === b.below) return b.from;
  if (b.from === null && b.below === null) return 'any release';
  return [b.from === null ? '' : `>=${b.from}`, b.below === null ? '' : `<${b.below}`].filter(Boolean).join(' ');
}

/** Joins ranges that meet end to start (`>=0.8.0 <1.0.0` + `>=1.0.0` → `>=0.8.0`); keeps the rest, in order. */
export function mergeAdjacentRanges(ranges: readonly string[]): string[] {
  return [...mergedOf(JSON.stringify(ranges))];
}

/** The same few lists of data ranges come up for every file a message is written for. */
const mergedOf = remembered((key): readonly string[] => merge(JSON.parse(key) as string[]));

function merge(ranges: readonly string[]): string[] {
  const simple: Bounds[] = [];
  const other: string[] = [];
  for (const r of ranges) {
    const b = boundsOf(r);
    if (b) simple.push(b);
    else other.push(r);
  }
  simple.sort((a, b) => (a.from === null ? -1 : b.from === null ? 1 : semver.compare(a.from, b.from)));
  const merged: Bounds[] = [];
  for (const b of simple) {
    const last = merged.at(-1);
    if (last && last.below !== null && b.from !== null && semver.eq(last.below, b.from)) merged[merged.length - 1] = { from: last.from, below: b.below };
    else merged.push(b);
  }
  return [...merged.map(render), ...other];
}
