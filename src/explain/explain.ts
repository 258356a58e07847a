/**
 * Finds known CNI error strings in a log excerpt (kubelet, containerd, CRI-O, `kubectl describe`
 * events, a plugin's stdout) and explains each one from the catalogue. Pure: text in, data out.
 */
import { isSpecVersion, SPEC_VERSIONS } from '../core/spec-versions.js';
import { CATALOGUE, fill, type Captures, type CatalogueEntry } from './catalogue.js';

export interface ExplainMatch {
  /** The catalogue entry's id. */
  readonly id: string;
  readonly entry: CatalogueEntry;
  /** 1-based line of the first occurrence in the input. */
  readonly line: number;
  /** How many times this entry matched with these same captures. */
  readonly count: number;
  /** The matched text of the first occurrence, with `\"` escapes undone. */
  readonly text: string;
  readonly captures: Captures;
  readonly meaning: string;
  readonly cause: string;
  readonly fix: string;
  /** Notes drawn from the captured values (e.g. a cniVersion that is not a spec version). */
  readonly hints: readonly string[];
}

/**
 * Undoes the quoting that log formats put around an error string, so the catalogue's patterns see
 * the message as Go produced it. containerd and CRI-O write logfmt (`msg="…"`, `error="…"`,
 * `err="…"`) and kubelet klog `err="…"`, all with `\"` inside; a message quoted twice (kubelet
 * quoting containerd's error, JSON logs) has `\\\"`. Any run of backslashes before a quote is a
 * quote.
 */
export function unescapeLogLine(line: string): string {
  // The lookbehind starts a match only at the first backslash of a run, so a long run without a
  // quote after it is read once, not once per backslash (linear, not quadratic).
  return line.replace(/(?<!\\)\\+"/g, '"');
}

interface Compiled {
  readonly entry: CatalogueEntry;
  readonly patterns: readonly RegExp[];
}

/** Global copies of the patterns, made once per catalogue. */
const compiledCache = new WeakMap<readonly CatalogueEntry[], readonly Compiled[]>();
function compile(catalogue: readonly CatalogueEntry[]): readonly Compiled[] {
  let compiled = compiledCache.get(catalogue);
  if (!compiled) {
    compiled = catalogue.map((entry) => ({
      entry,
      patterns: entry.patterns.map((p) => new RegExp(p.source, p.flags.includes('g') ? p.flags : `${p.flags}g`)),
    }));
    compiledCache.set(catalogue, compiled);
  }
  return compiled;
}

interface RawMatch {
  readonly entry: CatalogueEntry;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly captures: Captures;
}

/** Every catalogue match on one (unescaped) line, minus the ones another match makes redundant. */
function matchLine(line: string, compiled: readonly Compiled[]): RawMatch[] {
  const found: RawMatch[] = [];
  for (const { entry, patterns } of compiled) {
    for (const re of patterns) {
      // exec on the shared global copy: matchAll would clone the RegExp for every line.
      re.lastIndex = 0;
      for (let m = re.exec(line); m !== null; m = re.exec(line)) {
        if (m[0] === '') {
          re.lastIndex++;
          continue;
        }
        const captures: Record<string, string> = {};
        for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) captures[k] = v;
        found.push({ entry, start: m.index, end: m.index + m[0].length, text: m[0], captures });
      }
    }
  }
  // Sweeps over sorted matches rather than every pair: a line of repeated messages has tens of
  // thousands of matches, and a pairwise filter made reading 1 MB take seconds.
  const byEntry = new Map<CatalogueEntry, RawMatch[]>();
  for (const m of found) {
    const list = byEntry.get(m.entry);
    if (list) list.push(m);
    else byEntry.set(m.entry, [m]);
  }
  for (const [entry, matches] of byEntry) byEntry.set(entry, longestOfOverlapping(matches));
  const kept = [...byEntry.values()].flat().filter((a) => !supersededBy(a, byEntry));
  // A wrapper ("failed to setup network for sandbox …") only speaks when nothing on the line says more.
  const specific = kept.filter((m) => m.entry.fallback !== true);
  return (specific.length > 0 ? specific : kept).sort((a, b) => a.start - b.start);
}

/**
 * Two patterns of one entry found the same message: of overlapping matches keep the longer (then
 * the first). The result does not overlap, sorted by start.
 */
function longestOfOverlapping(matches: readonly RawMatch[]): RawMatch[] {
  const sorted = [...matches].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: RawMatch[] = [];
  for (const m of sorted) {
    const last = kept.at(-1);
    if (last === undefined || m.start >= last.end) kept.push(m);
    else if (m.end - m.start > last.end - last.start) kept[kept.length - 1] = m;
  }
  return kept;
}

/** Another entry declares this match redundant inside its own (non-overlapping, sorted) matches. */
function supersededBy(a: RawMatch, byEntry: ReadonlyMap<CatalogueEntry, readonly RawMatch[]>): boolean {
  for (const [entry, matches] of byEntry) {
    if (entry === a.entry || entry.supersedes?.includes(a.entry.id) !== true) continue;
    // The last match starting at or before `a`: the only one that can contain it.
    let lo = 0;
    let hi = matches.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (matches[mid]!.start <= a.start) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const b = at >= 0 ? matches[at] : undefined;
    if (b && a.end <= b.end && (a.start !== b.start || a.end !== b.end)) return true;
  }
  return false;
}

/**
 * Words at least one of which is in every message of the default catalogue (case-sensitive, as
 * Go writes them). Lines without any are skipped unread, which makes long logs cheap; every
 * catalogue entry's example in test/explain/explain.test.ts passes through this filter.
 */
const MAY_MATCH =
  /CNI|cni|version|configuration|failed to find plugin|network type not found|network name|networks found|NetworkReady|sandbox|plugin type=|failed to delegate|allocat|IP address|bridge|Statfs|network namespace|subnet\.env|ClusterInformation|calico|Cilium|Multus|[Rr]eadiness[Ii]ndicator|plugin supports|netplugin|iptables|nftables/;

/**
 * Scans `text` line by line and returns every known CNI error in it, in order of first
 * appearance. A message seen again with the same captured values is counted, not repeated.
 */
export function explainText(text: string, catalogue: readonly CatalogueEntry[] = CATALOGUE): ExplainMatch[] {
  const compiled = compile(catalogue);
  const byKey = new Map<string, { first: RawMatch; line: number; count: number }>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (catalogue === CATALOGUE && !MAY_MATCH.test(raw)) continue;
    for (const m of matchLine(unescapeLogLine(raw), compiled)) {
      const key = `${m.entry.id}\u0000${JSON.stringify(Object.entries(m.captures).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`;
      const seen = byKey.get(key);
      if (seen) seen.count++;
      else byKey.set(key, { first: m, line: i + 1, count: 1 });
    }
  }
  return [...byKey.values()].map(({ first, line, count }) => ({
    id: first.entry.id,
    entry: first.entry,
    line,
    count,
    text: first.text,
    captures: first.captures,
    meaning: fill(first.entry.meaning, first.captures),
    cause: fill(first.entry.cause, first.captures),
    fix: fill(first.entry.fix, first.captures),
    hints: hintsFor(first.captures),
  }));
}

/** Released spec versions `value` was probably meant to be: "0.3" → 0.3.0, 0.3.1; "v1.0.0" → 1.0.0. */
export function likelySpecVersions(value: string): string[] {
  const v = value.trim().replace(/^v/i, '');
  if (!/^\d+(\.\d+){0,2}$/.test(v)) return [];
  if (isSpecVersion(v)) return [v];
  return v.split('.').length === 3 ? [] : SPEC_VERSIONS.filter((s) => s.startsWith(`${v}.`));
}

function hintsFor(c: Captures): string[] {
  return [...delegateHint(c), ...versionHint(c)];
}

/** flannel wraps its delegate's error: the version was refused by the delegate's binary, not by flannel. */
function delegateHint(c: Captures): string[] {
  if (c.delegated === undefined) return [];
  return [
    `The version was refused by the plugin that ${c.type ? `"${c.type}"` : 'flannel'} delegates to (bridge, unless its "delegate" names another type), not by ${c.type ?? 'flannel'} itself: check that binary's supported versions in the CNI bin directory.`,
  ];
}

function versionHint(c: Captures): string[] {
  const v = c.version;
  if (v === undefined || v === '' || isSpecVersion(v)) return [];
  const likely = likelySpecVersions(v);
  return [
    `"${v}" is not a CNI spec version string. Plugins and libcni compare cniVersion by exact string, so it matches nothing${
      likely.length ? `: write ${likely.map((s) => `"${s}"`).join(' or ')}` : ''
    } (released: ${SPEC_VERSIONS.join(', ')}). \`cni-migrate fix\` rewrites it (CNI_VERSION_INVALID).`,
  ];
}
