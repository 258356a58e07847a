/**
 * satisfiesRelease answers as semver.satisfies does, entirelyBelow as semver.subset(range, `<V`)
 * and rangesIntersect as semver.intersects, coercedRelease as semver.coerce and releaseAtLeast as
 * semver.gte: on every range the data writes, against every version
 * the data names and its neighbours, and on ranges and versions they hand to semver.
 */
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { CALICO_BUNDLED_CNI_PLUGINS } from '../../src/knowledge/data/bundled-plugins.js';
import { compat } from '../../src/knowledge/data/compat.js';
import { coercedRelease, entirelyBelow, rangesIntersect, releaseAtLeast, satisfiesRelease } from '../../src/knowledge/release-range.js';
import { RELEASE_FLOORS } from '../../src/knowledge/data/release-floors.js';

const dataRanges = [
  ...[...compat.runtimes.containerd, ...compat.runtimes['cri-o']].map((r) => r.releases),
  ...Object.values(compat.plugins).flatMap((rows) => rows.map((r) => r.releases)),
  ...CALICO_BUNDLED_CNI_PLUGINS.map((r) => r.calicoCni),
].filter((r): r is string => typeof r === 'string');

/** Every version a range of the data names, and one patch, minor and major on either side. */
function versionsNear(ranges: readonly string[]): string[] {
  const versions = new Set<string>(['0.0.0', '999.999.999']);
  for (const range of ranges) {
    for (const [, major, minor, patch] of range.matchAll(/(\d+)\.(\d+)\.(\d+)/g)) {
      const [a, b, c] = [Number(major), Number(minor), Number(patch)];
      for (const [x, y, z] of [[a, b, c], [a, b, c + 1], [a, b + 1, 0], [a + 1, 0, 0], [a, b, Math.max(c - 1, 0)], [a, Math.max(b - 1, 0), 99], [Math.max(a - 1, 0), 99, 99]]) versions.add(`${x}.${y}.${z}`);
    }
  }
  return [...versions];
}

describe('satisfiesRelease', () => {
  it('agrees with semver.satisfies on every range of the data and every version near one', () => {
    expect(dataRanges.length).toBeGreaterThan(50);
    expect(dataRanges.some((r) => r.includes(' || '))).toBe(true);
    const versions = versionsNear(dataRanges);
    let compared = 0;
    let inRange = 0;
    for (const range of new Set(dataRanges)) {
      for (const version of versions) {
        const expected = semver.satisfies(version, range);
        expect(satisfiesRelease(version, range), `${version} in "${range}"`).toBe(expected);
        compared++;
        if (expected) inRange++;
      }
    }
    // Both answers occur often: the comparison is not of two constant functions.
    expect(inRange).toBeGreaterThan(compared / 50);
    expect(compared - inRange).toBeGreaterThan(compared / 2);
  });

  it('agrees on the forms it hands to semver, and on versions that are not plain releases', () => {
    const ranges = ['>=1.2.3  <2.0.0', ' >=1.2.3', '1.x', '^1.2.0', '~1.2.0', '>=1.2.3 || 2.0.0', '>=1.2.3 <1.3.0 || >=1.4.0', '1.2.3 || 1.4.0 || >2.0.0', '>=1.2.3 <1.3.0 ||  >=1.4.0', '1.2.3 || ', '|| 1.2.3', '1.2.3 || ^1.4.0', '1.2.3 - 1.4.0', '*', '', '>= 1.2.3', '=1.2.3', '>1.2.3 <=1.4.0', 'v1.2.3', '>=01.2.3', '>=1.2.3-rc.1', 'garbage'];
    const versions = ['1.2.3', '1.4.0', '2.0.0', '1.2.3-rc.1', '1.2.4-rc.1', 'v1.2.3', '01.2.3', '1.2', '', '1.2.3+build', '1.3.0', '0.9.9', '9007199254740993.0.0'];
    for (const range of ranges) {
      for (const version of versions) expect(satisfiesRelease(version, range), `${version} in "${range}"`).toBe(semver.satisfies(version, range));
    }
  });
});

describe('entirelyBelow', () => {
  it('agrees with semver.subset(range, "<V") on every range of the data, for every floor and every version near one', () => {
    const limits = [...new Set([...RELEASE_FLOORS.map((f) => f.from), ...versionsNear(dataRanges)])];
    let compared = 0;
    let below = 0;
    for (const range of new Set(dataRanges)) {
      for (const limit of limits) {
        const expected = semver.subset(range, `<${limit}`);
        expect(entirelyBelow(range, limit), `"${range}" below ${limit}`).toBe(expected);
        compared++;
        if (expected) below++;
      }
    }
    expect(below).toBeGreaterThan(compared / 20);
    expect(compared - below).toBeGreaterThan(compared / 20);
  });

  it('agrees on bounds of every kind, empty ranges and the forms it hands to semver', () => {
    const ranges = ['>=1.0.0 <1.2.0', '>1.0.0 <=1.2.0', '<=1.2.0', '<1.2.0 <1.1.0', '<=1.1.0 <1.1.0', '>=1.0.0', '>1.1.0', '1.1.0', '=1.1.0', '>=1.2.0 <1.0.0', '>=1.1.0 <=1.1.0', '>1.1.0 <=1.1.0', '>=1.1.0 <1.1.0', '1.0.0 1.1.0', '1.x', '^1.0.0', '<1.2.0-rc.1', '>=1.0.0 || <0.5.0', '*'];
    for (const range of ranges) {
      for (const limit of ['1.0.0', '1.1.0', '1.1.1', '1.2.0', '1.3.0', '0.9.0', '1.2.0-rc.1']) {
        expect(entirelyBelow(range, limit), `"${range}" below ${limit}`).toBe(semver.subset(range, `<${limit}`));
      }
    }
  });
});

describe('rangesIntersect', () => {
  it('agrees with semver.intersects on every two ranges of the data', () => {
    const ranges = [...new Set(dataRanges)];
    let compared = 0;
    let meet = 0;
    for (const a of ranges) {
      for (const b of ranges) {
        const expected = semver.intersects(a, b);
        expect(rangesIntersect(a, b), `"${a}" meets "${b}"`).toBe(expected);
        compared++;
        if (expected) meet++;
      }
    }
    expect(meet).toBeGreaterThan(compared / 20);
    expect(compared - meet).toBeGreaterThan(compared / 5);
  });

  it('agrees on touching, open and empty bounds, the floor at 0.0.0 and the forms it hands to semver', () => {
    const ranges = [
      '>=1.0.0 <1.2.0', '>1.0.0 <=1.2.0', '<=1.2.0', '<1.2.0', '>1.2.0', '>=1.2.0', '1.2.0', '=1.2.0', '1.0.0', '>1.0.0', '<1.0.1', '<=1.0.0', '<1.0.0',
      '>=1.2.0 <1.0.0', '>1.1.0 <=1.1.0', '>=1.1.0 <=1.1.0', '>=1.1.0 <1.1.0', '1.0.0 1.1.0', '<0.0.0', '<=0.0.0', '<0.0.1', '>=0.0.0', '>0.0.0',
      '1.x', '^1.0.0', '~1.2.0', '<1.2.0-rc.1', '>=1.0.0 || <0.5.0', '*', '',
    ];
    for (const a of ranges) {
      for (const b of ranges) expect(rangesIntersect(a, b), `"${a}" meets "${b}"`).toBe(semver.intersects(a, b));
    }
  });

  it('agrees on random plain ranges of one to three comparators over nearby versions', () => {
    let seed = 18;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const comparator = () => `${['', '=', '>', '>=', '<', '<='][random(6)]}${random(2)}.${random(3)}.${random(3)}`;
    const range = () => Array.from({ length: 1 + random(3) }, comparator).join(' ');
    let meet = 0;
    for (let i = 0; i < 3000; i++) {
      const [a, b] = [range(), range()];
      const expected = semver.intersects(a, b);
      expect(rangesIntersect(a, b), `"${a}" meets "${b}"`).toBe(expected);
      if (expected) meet++;
    }
    expect(meet).toBeGreaterThan(300);
    expect(meet).toBeLessThan(2700);
  });

  it('throws as semver does on a range that is not one', () => {
    expect(() => semver.intersects('>=1.0.0', 'garbage')).toThrow();
    expect(() => rangesIntersect('>=1.0.0', 'garbage')).toThrow();
  });
});

describe('coercedRelease and releaseAtLeast', () => {
  const written = ['1.7', '1.7.27', '2.0', '2.1.0', '0.4', '0.4.0', '1.1.0', '10.20.30', '01.2', '1.02.3', '1.2.3.4', 'v1.2.3', '1', '', 'x.y', '1.2.3-rc.1', '9007199254740993.0.0', '1234567890123456.1'];
  it('coercedRelease agrees with semver.coerce on how runtimes and config versions are written, and on what it hands to semver', () => {
    const data = [...compat.runtimes.containerd, ...compat.runtimes['cri-o']].flatMap((r) => [r.maxConfigVersion, r.libcni]);
    for (const text of [...written, ...data, ...versionsNear(dataRanges)]) expect(coercedRelease(text), text).toBe(semver.coerce(text)?.version ?? null);
  });

  it('releaseAtLeast agrees with semver.gte on every version near a range of the data', () => {
    const versions = [...versionsNear(dataRanges), '1.2.3-rc.1', '1.2.3+build'];
    let atLeast = 0;
    for (const a of versions) {
      for (const b of ['0.4.0', '1.0.0', '1.1.0', '1.2.3', '2.2.0']) {
        const expected = semver.gte(a, b);
        expect(releaseAtLeast(a, b), `${a} >= ${b}`).toBe(expected);
        if (expected) atLeast++;
      }
    }
    expect(atLeast).toBeGreaterThan(50);
  });
});
