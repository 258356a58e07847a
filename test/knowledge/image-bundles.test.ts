/**
 * RKE2's hardened images: the release each tag names and what each build bundles (rke2-hardened.ts),
 * read with image strings as RKE2's charts write them (rancher/rke2-charts values.yaml), and what a
 * manifest's context learns from them.
 */
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { HARDENED_CALICO_BUILDS, HARDENED_CNI_PLUGINS_BUILDS } from '../../src/knowledge/data/rke2-hardened.js';
import { releasesFromImages, type ImageRelease } from '../../src/knowledge/images.js';
import { withImageReleases } from '../../src/knowledge/manifest-releases.js';
import { resolvePluginSupport } from '../../src/knowledge/plugin-support.js';
import { resolveRuntime } from '../../src/knowledge/runtime.js';
import type { PlanContext } from '../../src/formats/types.js';

const W = 'DaemonSet kube-system/x initContainer install-cni';

function read(...images: string[]): { releases: [string, string, string[] | undefined][]; problems: string[] } {
  const r = releasesFromImages(images.map((image) => ({ image, where: W })));
  return { releases: r.releases.map((x: ImageRelease) => [x.name, x.release, x.types ? [...x.types] : undefined]), problems: r.problems.map((p) => p.problem) };
}

function daemonSet(...images: string[]): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'rke2', namespace: 'kube-system' },
    spec: { template: { spec: { initContainers: images.map((image, i) => ({ name: `c${i}`, image })) } } },
  };
}

const context: PlanContext = { runtime: resolveRuntime('containerd@2.2.0'), plugins: {} };

describe('rancher/hardened-calico', () => {
  it('v3.29.2-build20250306 (rke2-canal v3.29.2-build2025030600 values.yaml) is Calico 3.29.2 with the plugins of hardened-cni-plugins v1.6.2-build20250124', () => {
    expect(read('rancher/hardened-calico:v3.29.2-build20250306')).toEqual({
      releases: [
        ['calico', '3.29.2', undefined],
        ['cni-plugins', '1.6.2', undefined],
        ['flannel-cni-plugin', '1.6.0-flannel1', undefined],
      ],
      problems: [],
    });
  });

  it('its bundled plugins are upstream releases, not Calico\'s fork (calico/cni:v3.29.2 would bundle calico-cni-plugins)', () => {
    expect(read('calico/cni:v3.29.2').releases.map(([name]) => name)).toEqual(['calico', 'calico-cni-plugins']);
    expect(read('rancher/hardened-calico:v3.29.2-build20250306').releases.map(([name]) => name)).not.toContain('calico-cni-plugins');
  });

  it('behind a system-default-registry mirror and with its per-arch tag', () => {
    expect(read('registry.example.com:5000/rancher/hardened-calico:v3.29.2-build20250306').releases[1]).toEqual(['cni-plugins', '1.6.2', undefined]);
    expect(read('mirror.example.com/library/rancher/hardened-calico:v3.29.2-build20250306-amd64').releases.slice(0, 2)).toEqual([
      ['calico', '3.29.2', undefined],
      ['cni-plugins', '1.6.2', undefined],
    ]);
  });

  it('pinned by digest: with its tag it counts; a digest alone names nothing', () => {
    expect(read('rancher/hardened-calico:v3.29.2-build20250306@sha256:0123abcd').releases[0]).toEqual(['calico', '3.29.2', undefined]);
    expect(read('rancher/hardened-calico@sha256:0123abcd')).toEqual({ releases: [], problems: ['pinned by digest, no tag'] });
  });

  it('a build newer than the table (rke2-canal v3.32.1-build2026081900) still names Calico; what it bundles stays unknown', () => {
    expect(read('rancher/hardened-calico:v3.32.1-build20260819')).toEqual({ releases: [['calico', '3.32.1', undefined]], problems: [] });
  });

  it('the build that compiled containernetworking/plugins itself (v0.8.7, which still had flannel)', () => {
    expect(read('rancher/hardened-calico:v3.13.3-build20210223').releases).toEqual([
      ['calico', '3.13.3', undefined],
      ['cni-plugins', '0.8.7', undefined],
    ]);
  });

  it('the one mistyped git tag names no release', () => {
    expect(read('rancher/hardened-calico:v3.3.0.3-build20251010').problems).toEqual(["tag 'v3.3.0.3-build20251010' names no release"]);
  });
});

describe('rancher/hardened-cni-plugins', () => {
  it('v1.9.1-build20260819 (rke2-flannel v0.28.906 values.yaml) is cni-plugins 1.9.1 with flannel v1.9.1-flannel3', () => {
    expect(read('rancher/hardened-cni-plugins:v1.9.1-build20260819')).toEqual({
      releases: [
        ['cni-plugins', '1.9.1', undefined],
        ['flannel-cni-plugin', '1.9.1-flannel3', undefined],
      ],
      problems: [],
    });
  });

  it('builds of one plugins release ship different flannel releases', () => {
    const flannel = (tag: string) => read(`rancher/hardened-cni-plugins:${tag}`).releases.find(([name]) => name === 'flannel-cni-plugin')?.[1];
    expect(flannel('v1.9.1-build20260415')).toBe('1.9.1-flannel1');
    expect(flannel('v1.9.1-build20260707')).toBe('1.9.1-flannel2');
    expect(flannel('v1.8.0-build20250902')).toBe('1.7.1-flannel2');
    // v1.0.1 builds took flannel-io/cni-plugin at the plugins' own tag.
    expect(flannel('v1.0.1-build20220121')).toBe('1.0.1');
  });

  it('v0.9.1 builds: flannel is containernetworking/plugins\' own, so the project release covers it', () => {
    expect(read('rancher/hardened-cni-plugins:v0.9.1-build20210414').releases).toEqual([['cni-plugins', '0.9.1', undefined]]);
    expect(resolvePluginSupport('flannel', { releases: { 'cni-plugins': '0.9.1' } }).support.status).toBe('exact');
  });

  it('a build newer than the table: the release is stated for the upstream types only, never for flannel', () => {
    const [release] = read('registry.example.com/rancher/hardened-cni-plugins:v1.9.1-build20261001').releases;
    expect(release?.[0]).toBe('cni-plugins');
    expect(release?.[2]).toEqual(expect.arrayContaining(['bridge', 'host-local', 'portmap', 'loopback', 'bandwidth', 'tuning']));
    expect(release?.[2]).not.toContain('flannel');
  });

  it('Rancher\'s -lts1- build (from Rancher\'s own forks) names no release', () => {
    expect(read('rancher/hardened-cni-plugins:v1.6.2-lts1-build20250211').problems).toEqual(["tag 'v1.6.2-lts1-build20250211' names no release"]);
  });
});

describe('rancher/hardened-flannel', () => {
  it('the flannel daemon installs no plugin: known, and it says nothing', () => {
    expect(read('rancher/hardened-flannel:v0.28.9-build20260819', 'rancher/hardened-flannel:v0.26.4-build20250306')).toEqual({ releases: [], problems: [] });
  });
});

describe('what a manifest learns from RKE2 images', () => {
  const learned = (...images: string[]) => withImageReleases(context, [daemonSet(...images)]).context.plugins.releases ?? {};

  it('rke2-flannel: flannel is judged by its flannel-io/cni-plugin release, not by cni-plugins 1.9.1 (which no longer ships it)', () => {
    const releases = learned('rancher/hardened-cni-plugins:v1.9.1-build20260819', 'rancher/hardened-flannel:v0.28.9-build20260819');
    expect(releases).toEqual({ 'cni-plugins': '1.9.1', 'flannel-cni-plugin': '1.9.1-flannel3' });
    const flannel = resolvePluginSupport('flannel', { releases });
    expect(flannel.diagnostics).toEqual([]);
    expect(flannel.support).toMatchObject({ status: 'exact', sources: [{ project: 'flannel-io/cni-plugin' }] });
    expect(resolvePluginSupport('portmap', { releases }).support).toMatchObject({ status: 'exact', sources: [{ project: 'containernetworking/plugins', release: '1.9.1' }] });
  });

  it('an unknown build: flannel stays unknown instead of "not shipped"', () => {
    const releases = learned('rancher/hardened-cni-plugins:v1.9.1-build20261001');
    expect(releases['cni-plugins']).toBeUndefined();
    expect(releases['bridge']).toBe('1.9.1');
    const flannel = resolvePluginSupport('flannel', { releases });
    expect(flannel.diagnostics).toEqual([]);
    expect(flannel.support.status).toBe('release-unknown');
  });

  it('rke2-canal: Calico from hardened-calico, and the plugins its build bundles', () => {
    const releases = learned('rancher/hardened-calico:v3.29.2-build20250306');
    expect(releases).toEqual({ calico: '3.29.2', 'cni-plugins': '1.6.2', 'flannel-cni-plugin': '1.6.0-flannel1' });
    expect(resolvePluginSupport('calico', { releases }).support.status).toBe('exact');
    expect(resolvePluginSupport('flannel', { releases }).support.status).toBe('exact');
  });
});

describe('the RKE2 build tables', () => {
  const BUILD_TAG = /^v\d+\.\d+\.\d+-build\d{8}$/;

  it('keys are whole build tags, values commit prefixes and release tags', () => {
    for (const [tag, [commit, flannel]] of Object.entries(HARDENED_CNI_PLUGINS_BUILDS)) {
      expect(tag).toMatch(BUILD_TAG);
      expect(commit).toMatch(/^[0-9a-f]{8}$/);
      if (flannel !== null) expect(semver.valid(flannel.replace(/^v/, '').replace(/-flannel\d+$/, '')), `${tag} ${flannel}`).not.toBeNull();
      // containernetworking/plugins built flannel itself only before v1.0.0.
      expect(flannel === null, tag).toBe(semver.lt(tag.slice(1).replace(/-build\d{8}$/, ''), '1.0.0'));
    }
    for (const [tag, build] of Object.entries(HARDENED_CALICO_BUILDS)) {
      expect(tag).toMatch(BUILD_TAG);
      expect(build[0]).toMatch(/^[0-9a-f]{8}$/);
    }
  });

  it('every hardened-cni-plugins build a hardened-calico build names is in the table', () => {
    const named = Object.values(HARDENED_CALICO_BUILDS).flatMap((b) => (b[1] === null ? [] : [b[1]]));
    expect(named.filter((tag) => !(tag in HARDENED_CNI_PLUGINS_BUILDS))).toEqual([]);
  });

  it('every build in the tables selects data rows for bridge, and for flannel where it ships one', () => {
    for (const tag of Object.keys(HARDENED_CNI_PLUGINS_BUILDS)) {
      const releases = Object.fromEntries(read(`rancher/hardened-cni-plugins:${tag}`).releases.map(([name, release]) => [name, release]));
      expect(resolvePluginSupport('bridge', { releases }).support.status, tag).toBe('exact');
      expect(resolvePluginSupport('flannel', { releases }).support.status, tag).toBe('exact');
    }
  });
});
