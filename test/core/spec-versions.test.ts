import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  describeVersions,
  intersect,
  isSpecVersion,
  NEWEST_SPEC_VERSION,
  newest,
  sortVersions,
  SPEC_VERSIONS,
  specVersionsUpTo,
} from '../../src/core/spec-versions.js';
import { seededRandom } from '../helpers/seeded.js';

describe('spec versions', () => {
  it('matches by exact string', () => {
    expect(isSpecVersion('0.3.1')).toBe(true);
    for (const v of ['0.3', 'v1.0.0', '1.0', '1.0.1', '', ' 1.0.0', '1.0.0 ']) expect(isSpecVersion(v), v).toBe(false);
  });

  it('the newest is 1.1.0', () => {
    expect(NEWEST_SPEC_VERSION).toBe('1.1.0');
  });

  it('compares numerically, not lexically', () => {
    expect(compareVersions('0.10.0', '0.9.0')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0', '1.0')).toBe(0);
    expect(compareVersions('0.3.0', '0.3.1')).toBeLessThan(0);
  });

  it('sorts and dedupes', () => {
    expect(sortVersions(['1.0.0', '0.3.1', '1.0.0', '0.10.0'])).toEqual(['0.3.1', '0.10.0', '1.0.0']);
  });

  it('newest and intersect', () => {
    expect(newest([])).toBeNull();
    expect(newest(['0.4.0', '1.0.0', '0.3.1'])).toBe('1.0.0');
    expect(intersect(['1.0.0', '0.4.0', '0.3.1'], ['0.4.0', '1.0.0', '1.1.0'])).toEqual(['0.4.0', '1.0.0']);
    expect(intersect([], ['1.0.0'])).toEqual([]);
  });

  it('specVersionsUpTo', () => {
    expect(specVersionsUpTo('0.4.0')).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0']);
    expect(specVersionsUpTo('0.1.0')).toEqual(['0.1.0']);
  });

  it.each([
    [[], 'nothing'],
    [['0.4.0'], '0.4.0'],
    [['0.4.0', '1.0.0'], '0.4.0, 1.0.0'],
    [['0.1.0', '0.2.0', '0.3.0', '0.3.1'], '0.1.0–0.3.1'],
    [['0.3.0', '0.3.1', '1.0.0'], '0.3.0, 0.3.1, 1.0.0'],
    [['1.0.0', '0.3.0', '0.3.1', '0.2.0'], '0.2.0–0.3.1, 1.0.0'],
    [['', '0.1.0', '0.2.0', '0.3.0', '0.3.1'], '"", 0.1.0–0.3.1'],
  ])('describeVersions(%j) = %j', (versions, text) => {
    expect(describeVersions(versions)).toBe(text);
  });
});

describe('sortVersions and intersect: a list already in order is taken as it is', () => {
  it('give what sorting a set of the versions gives, on lists in any order, with repeats and odd strings', () => {
    const random = seededRandom(9);
    const pool = [...SPEC_VERSIONS, '', '1.0', '0.3', '2.0.0', '1.0.0'];
    const reference = (list: readonly string[]): string[] => [...new Set(list)].sort(compareVersions);
    for (let n = 0; n < 2000; n++) {
      const list = Array.from({ length: random(9) }, () => pool[random(pool.length)]!);
      const ordered = random(2) === 0 ? reference(list) : list;
      expect(sortVersions(ordered)).toEqual(reference(ordered));
      const other = Array.from({ length: random(9) }, () => pool[random(pool.length)]!);
      expect(intersect(ordered, other)).toEqual(reference(ordered.filter((v) => other.includes(v))));
      expect(newest(ordered)).toBe(ordered.length ? reference(ordered).at(-1) : null);
    }
  });

  it('returns a list of its own, never the one it was given', () => {
    const given = ['0.3.1', '0.4.0'];
    const sorted = sortVersions(given);
    expect(sorted).toEqual(given);
    sorted.push('1.0.0');
    expect(given).toEqual(['0.3.1', '0.4.0']);
  });
});
