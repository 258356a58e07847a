import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { compat, projectAlias } from '../../src/knowledge/data/compat.js';
import reviewed from '../../src/knowledge/data/releases-reviewed.json' with { type: 'json' };
import { RELEASE_FLOORS } from '../../src/knowledge/data/release-floors.js';
import { resolvePluginSupport } from '../../src/knowledge/plugin-support.js';
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

describe('warning floors', () => {
  it('each floor names a project of the data, starts where one of its rows starts, and carries its sources', () => {
    for (const floor of RELEASE_FLOORS) {
      const rows = Object.values(compat.plugins)
        .flat()
        .filter((r) => projectAlias(r.project) === floor.project);
      expect(rows.length, floor.project).toBeGreaterThan(0);
      expect(rows.some((r) => r.releases !== null && semver.minVersion(r.releases)?.version === floor.from), floor.project).toBe(true);
      expect(floor.source.length).toBeGreaterThan(0);
      expect(floor.reason.trim()).not.toBe('');
    }
  });

  it('a floor leaves out only the lines before it: what the standard plugins settle on is 0.1.0–0.4.0, what is certain stays 0.1.0–0.3.1', () => {
    const { support } = resolvePluginSupport('bridge', {});
    expect(support.status).toBe('release-unknown');
    if (support.status !== 'release-unknown') return;
    expect(support.certain).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1']);
    expect(support.settled).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0']);
  });
});

describe('releases reviewed (src/knowledge/data/releases-reviewed.json)', () => {
  /** Every release a range names (`>=1.0.0 <1.6.0` → 1.0.0, 1.6.0). */
  const namedIn = (range: string): string[] =>
    new semver.Range(range).set.flat().map((c) => c.semver.version).filter((v) => v !== '0.0.0');
  const reviewedOf = (alias: string) => reviewed.projects.find((p) => p.alias === alias);

  it('the data names no release newer than the newest one reviewed for its project', () => {
    const named: [alias: string, release: string][] = [];
    for (const rows of Object.values(compat.plugins)) {
      for (const r of rows) {
        const alias = projectAlias(r.project);
        // Calico's fork is numbered by the Calico release that builds it.
        const project = alias === 'calico-cni-plugins' ? 'calico' : alias;
        if (r.releases !== null) named.push(...namedIn(r.releases).map((v): [string, string] => [project, v]));
      }
    }
    for (const name of ['containerd', 'cri-o'] as const) {
      for (const r of compat.runtimes[name]) named.push(...namedIn(r.releases).map((v): [string, string] => [name, v]));
    }
    const checked = named.filter(([alias]) => reviewedOf(alias) !== undefined);
    expect(checked.length).toBeGreaterThan(50);
    for (const [alias, release] of checked) {
      const newest = semver.coerce(reviewedOf(alias)!.newestReviewed)!.version;
      expect(semver.lte(release, newest), `${alias} ${release} is newer than the newest release reviewed (${newest})`).toBe(true);
    }
  });

  it('every project entry names its repository, how it is read and where the newest release was seen', () => {
    for (const p of reviewed.projects) {
      expect(p.repository, p.alias).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(['plugins', 'runtime', 'review']).toContain(p.kind);
      expect(semver.coerce(p.newestReviewed), p.alias).not.toBeNull();
      expect(p.reads.trim(), p.alias).not.toBe('');
      expect(p.source.trim(), p.alias).not.toBe('');
      if (p.kind === 'plugins') expect(p.dataProjects?.length, p.alias).toBeGreaterThan(0);
    }
  });
});
