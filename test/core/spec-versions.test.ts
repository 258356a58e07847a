import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  describeVersions,
  intersect,
  isSpecVersion,
  NEWEST_SPEC_VERSION,
  newest,
  sortVersions,
  specVersionsUpTo,
} from '../../src/core/spec-versions.js';

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
