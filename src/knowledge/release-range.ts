/**
 * `semver.satisfies` for the ranges the data writes, without semver's range parser: a range of
 * plain comparators (`>=1.6.0 <1.7.0`, `1.6.3`, `>=2.2.0`; for satisfiesRelease also sets of
 * them joined by ` || `) and a release version (no prerelease, no build) compare as number triples. Parsing a range builds it through a dozen regular
 * expressions, which a check of one small file paid for at every start (the runtime's row is
 * found by trying the rows in turn, and which release ranges of two plugins meet). Anything else,
 * or anything unusual, goes to semver itself; test/knowledge/release-range.test.ts holds them equal
 * to semver.
 */
import * as semver from './semver-functions.js';

const NUMBER = '(?:0|[1-9]\\d{0,14})';
const RELEASE = new RegExp(`^(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})$`);
const COMPARATOR = `(?:>=|<=|>|<|=)?${NUMBER}\\.${NUMBER}\\.${NUMBER}`;
const PLAIN_RANGE = new RegExp(`^${COMPARATOR}(?: ${COMPARATOR})*$`);

type Triple = readonly [number, number, number];

function triple(version: string): Triple | null {
  const m = RELEASE.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

type Operator = '>=' | '<=' | '>' | '<' | '=' | '';

/** A comparator of a plain range (PLAIN_RANGE has checked its form). */
function comparatorOf(text: string): { op: Operator; at: Triple } {
  const op = /^[<>=]*/.exec(text)![0] as Operator;
  return { op, at: triple(text.slice(op.length))! };
}

function holds(version: Triple, { op, at }: { op: Operator; at: Triple }): boolean {
  const c = compare(version, at);
  switch (op) {
    case '>=':
      return c >= 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '<':
      return c < 0;
    default:
      return c === 0;
  }
}

/**
 * `semver.coerce(text)?.version` for `X.Y` or `X.Y.Z` of plain numbers (what a runtime's release
 * and the data's config versions are written as); anything else goes to semver.
 */
export function coercedRelease(text: string): string | null {
  const m = SHORT_RELEASE.exec(text);
  if (m === null) return semver.coerce(text)?.version ?? null;
  return `${Number(m[1])}.${Number(m[2])}.${Number(m[3] ?? 0)}`;
}

const SHORT_RELEASE = new RegExp(`^(${NUMBER})\\.(${NUMBER})(?:\\.(${NUMBER}))?$`);

/** `semver.gte(a, b)` for two plain releases; anything else goes to semver. */
export function releaseAtLeast(a: string, b: string): boolean {
  const [x, y] = [triple(a), triple(b)];
  return x === null || y === null ? semver.gte(a, b) : compare(x, y) >= 0;
}

/** Whether `version` is in `range`, exactly as semver.satisfies(version, range) says. */
export function satisfiesRelease(version: string, range: string): boolean {
  const v = triple(version);
  // `A || B`: any of the sets (the data writes a release line's later fixes so).
  const sets = range.split(' || ');
  if (v === null || !sets.every((set) => PLAIN_RANGE.test(set))) return semver.satisfies(version, range);
  return sets.some((set) => set.split(' ').every((comparator) => holds(v, comparatorOf(comparator))));
}

/**
 * Whether every release in `range` comes before `version`, exactly as semver.subset(range,
 * `<${version}`) says: for plain comparators, whether an upper bound (or the one version an exact
 * range names) is below it. An empty range, and any other form, goes to semver.
 */
export function entirelyBelow(range: string, version: string): boolean {
  const limit = triple(version);
  if (limit === null || !PLAIN_RANGE.test(range)) return semver.subset(range, `<${version}`);
  const { lower, upper } = boundsOf(range.split(' '));
  // An empty range is a subset of anything; semver decides what counts as empty.
  if (lower !== null && upper !== null && compare(lower.at, upper.at) >= 0 && !(compare(lower.at, upper.at) === 0 && lower.inclusive && upper.inclusive)) {
    return semver.subset(range, `<${version}`);
  }
  if (upper === null) return false;
  const c = compare(upper.at, limit);
  return upper.inclusive ? c < 0 : c <= 0;
}

/**
 * Whether two ranges share a version, exactly as semver.intersects(a, b) says. For plain
 * comparators semver asks whether every two comparators meet, reading each as a half-line or a
 * point of a continuous line (`>1.0.0` meets `<1.0.1`); on a line, intervals that meet two by two
 * share a point, so the answer is whether the bounds of all of them together leave one. A bound
 * at 0.0.0 goes to semver, which reads `>=0.0.0` as any version and `<0.0.0` as none.
 */
export function rangesIntersect(a: string, b: string): boolean {
  if (!PLAIN_RANGE.test(a) || !PLAIN_RANGE.test(b) || ZERO.test(a) || ZERO.test(b)) return semver.intersects(a, b);
  const { lower, upper } = boundsOf([...a.split(' '), ...b.split(' ')]);
  if (lower === null || upper === null) return true;
  const c = compare(lower.at, upper.at);
  return c < 0 || (c === 0 && lower.inclusive && upper.inclusive);
}

const ZERO = /(^|[ <>=])0\.0\.0( |$)/;

interface Bound {
  readonly at: Triple;
  readonly inclusive: boolean;
}

/** The tightest lower and upper bound plain comparators (PLAIN_RANGE has checked them) set together; null where none. */
function boundsOf(comparators: readonly string[]): { lower: Bound | null; upper: Bound | null } {
  let lower: Bound | null = null;
  let upper: Bound | null = null;
  for (const comparator of comparators) {
    const { op, at } = comparatorOf(comparator);
    if (op === '' || op === '=' || op.startsWith('>')) {
      const inclusive = op !== '>';
      const c = lower === null ? 1 : compare(at, lower.at);
      if (c > 0 || (c === 0 && !inclusive)) lower = { at, inclusive };
    }
    if (op === '' || op === '=' || op.startsWith('<')) {
      const inclusive = op !== '<';
      const c = upper === null ? -1 : compare(at, upper.at);
      if (c < 0 || (c === 0 && !inclusive)) upper = { at, inclusive };
    }
  }
  return { lower, upper };
}
