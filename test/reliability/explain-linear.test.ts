/**
 * `explain` reads whole logs, so every pattern it runs must take time linear in the line: one
 * line of 1 MB built to make a backtracking pattern retry (a long run of a pattern's own words,
 * of backslashes, quotes or spaces after a message's start) must be read in a bounded time.
 * Before the log-line unescaping was made linear, 100 KB of backslashes took 20 s and 400 KB 50 s.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/explain/catalogue.js';
import { explainText, unescapeLogLine } from '../../src/explain/explain.js';

const MB = 1 << 20;
const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
/** Far above what a linear read of 1 MB takes (about 0.4 s at worst here), far below the quadratic cases. */
const BOUND_MS = 4000;

/** The literal words of a pattern's source: what an input must repeat to make it retry. */
function wordsOf(re: RegExp): string[] {
  return re.source
    .replace(/\\[sdwSDWbB]|\(\?<\w+>|\(\?[:=!]|\(\?<[=!]|\[[^\]]*\]|[()^$*+?{}|]/g, ' ')
    .replace(/\\(.)/g, '$1')
    .split(/\s+/)
    .filter((w) => w.length > 1);
}

function timed(line: string): number {
  const start = performance.now();
  explainText(line);
  return performance.now() - start;
}

describe('explain reads adversarial 1 MB lines in linear time', () => {
  it('unescapes a run of backslashes without a quote once, not once per backslash', () => {
    const line = `incompatible CNI versions ${'\\'.repeat(MB)}`;
    const start = performance.now();
    expect(unescapeLogLine(line)).toBe(line);
    expect(performance.now() - start).toBeLessThan(BOUND_MS);
    expect(unescapeLogLine('a\\\\\\"b \\"c "d')).toBe('a"b "c "d');
  });

  const prefixes = ['incompatible CNI versions ', 'plugin type="x" failed (add): ', ''];
  const units = ['\\', '\\"', '"', ' ', '\t', 'a', '0.', '" "', '["" ', '=', ':', '/', ' plugin supports ['];
  it.each(prefixes.flatMap((p) => units.map((u) => [p, u] as const)))('after %j, 1 MB of %j', (prefix, unit) => {
    expect(timed(prefix + fill(unit))).toBeLessThan(BOUND_MS);
  });

  it.each(CATALOGUE.flatMap((e) => e.patterns.map((re, i) => [`${e.id} #${i}`, re] as const)))('%s: 1 MB of its own words', (_, re) => {
    const words = wordsOf(re);
    if (words.length === 0) words.push('x');
    // Its words repeated, and its first word glued to itself: both make a greedy pattern retry.
    expect(timed(`CNI ${fill(`${words.join(' ')} `)}`)).toBeLessThan(BOUND_MS);
    expect(timed(`CNI ${fill(words[0]!)}`)).toBeLessThan(BOUND_MS);
  });
});
