import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { compat } from '../../src/knowledge/data/compat.js';
import { SPEC_VERSIONS } from '../../src/core/spec-versions.js';


describe('compatibility data', () => {
  it('spec versions are the released ones, oldest first', () => {
    expect(SPEC_VERSIONS).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0']);
  });

  it('every plugin row has a non-empty source array and versions that are spec versions', () => {
    for (const [type, rows] of Object.entries(compat.plugins)) {
      expect(rows.length, type).toBeGreaterThan(0);
      for (const row of rows) {
        expect(Array.isArray(row.source), type).toBe(true);
        expect(row.source.length, type).toBeGreaterThan(0);
        expect(row.source.every((s) => typeof s === 'string' && s.trim() !== ''), type).toBe(true);
        // portmap v0.6–v0.7 also lists "" (verified in its main.go); everything else is a released version.
        expect(row.supportedVersions.filter((v) => v !== '').every((v) => SPEC_VERSIONS.includes(v)), type).toBe(true);
        expect(row.releases === null || semver.validRange(row.releases) !== null, `${type} ${row.releases}`).toBe(true);
      }
    }
  });

  it('every runtime row has a source, a valid range and a spec-version bound', () => {
    for (const name of ['containerd', 'cri-o'] as const) {
      const rows = compat.runtimes[name];
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(Array.isArray(row.source), `${name} ${row.releases}`).toBe(true);
        expect(row.source.length, `${name} ${row.releases}`).toBeGreaterThan(0);
        expect(semver.validRange(row.releases), `${name} ${row.releases}`).not.toBeNull();
        expect(SPEC_VERSIONS).toContain(row.maxConfigVersion);
      }
    }
  });

  it('runtime rows do not overlap', () => {
    for (const name of ['containerd', 'cri-o'] as const) {
      const rows = compat.runtimes[name];
      for (const [i, a] of rows.entries()) {
        for (const b of rows.slice(i + 1)) expect(semver.intersects(a.releases, b.releases), `${name}: ${a.releases} / ${b.releases}`).toBe(false);
      }
    }
  });

  it('plugin rows of one project do not overlap', () => {
    for (const [type, rows] of Object.entries(compat.plugins)) {
      const ranged = rows.filter((r) => r.releases !== null);
      for (const [i, a] of ranged.entries()) {
        for (const b of ranged.slice(i + 1)) {
          if (a.project !== b.project) continue;
          expect(semver.intersects(a.releases!, b.releases!), `${type}: ${a.releases} / ${b.releases}`).toBe(false);
        }
      }
    }
  });
});
