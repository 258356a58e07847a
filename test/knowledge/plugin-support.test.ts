import { describe, expect, it } from 'vitest';
import { compat, PROJECT_ALIASES, projectAlias } from '../../src/knowledge/data/compat.js';
import raw from '../../src/knowledge/data/cni-compat.json' with { type: 'json' };
import { isValidPluginType, normalizeRelease, resolvePluginSupport } from '../../src/knowledge/plugin-support.js';
import type { PluginSupport } from '../../src/core/types.js';
import { ADDED_PLUGINS } from '../../src/knowledge/data/added-plugins.js';
import semver from 'semver';

function exactVersions(s: PluginSupport): readonly string[] {
  if (s.status !== 'exact') throw new Error(`expected exact support, got ${s.status}`);
  return s.versions;
}

describe('normalizeRelease', () => {
  it.each([
    ['v1.5.1-flannel1', '1.5.1'],
    ['v1.4.1-flannel12', '1.4.1'],
    ['v3.26', '3.26.0'],
    ['3.26', '3.26.0'],
    ['v1.1.1', '1.1.1'],
    ['1.1.1', '1.1.1'],
    [' v2.8.1 ', '2.8.1'],
    ['v4', '4.0.0'],
    ['1.2.3-rc.1', '1.2.3-rc.1'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeRelease(input)).toBe(expected);
  });

  it.each(['', 'latest', 'main'])('%j has no version', (input) => {
    expect(normalizeRelease(input)).toBeNull();
  });
});

describe('isValidPluginType', () => {
  it.each(['bridge', 'host-local', 'calico-ipam', 'wincni.exe', 'egress-v4-cni', 'a', 'x_y+z'])('%j is a binary name', (t) => {
    expect(isValidPluginType(t)).toBe(true);
  });
  it.each(['', '.hidden', '../bridge', '/usr/bin/x', 'a b', 'a\\b', '-x', 'x'.repeat(256)])('%j is not', (t) => {
    expect(isValidPluginType(t)).toBe(false);
  });
});

describe('resolvePluginSupport', () => {
  it('an unknown type is unknown, without diagnostics', () => {
    expect(resolvePluginSupport('bond', {})).toEqual({ support: { type: 'bond', status: 'unknown' }, diagnostics: [] });
  });

  it('an explicit fact wins over the data and is sorted', () => {
    const r = resolvePluginSupport('bridge', {
      supported: { bridge: { versions: ['1.0.0', '0.4.0'], source: { kind: 'probe', binary: '/opt/cni/bin/bridge' } } },
      releases: { 'cni-plugins': '1.6.0' },
    });
    expect(r.support).toEqual({ type: 'bridge', status: 'exact', versions: ['0.4.0', '1.0.0'], sources: [{ kind: 'probe', binary: '/opt/cni/bin/bridge' }] });
    expect(r.diagnostics).toEqual([]);
  });

  it('a stated cni-plugins release picks the matching row, with its source', () => {
    const r = resolvePluginSupport('bridge', { releases: { 'cni-plugins': 'v1.1.1' } });
    expect(exactVersions(r.support)).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0']);
    if (r.support.status !== 'exact') return;
    expect(r.support.sources).toHaveLength(1);
    expect(r.support.sources[0]).toMatchObject({ kind: 'data', release: 'v1.1.1', project: 'containernetworking/plugins', releases: '>=1.0.0 <1.6.0' });
    expect(r.diagnostics).toEqual([]);
  });

  it('a release keyed by type wins over the project alias', () => {
    const r = resolvePluginSupport('bridge', { releases: { bridge: '1.6.0', 'cni-plugins': '0.8.0' } });
    expect(exactVersions(r.support).at(-1)).toBe('1.1.0');
  });

  it.each([
    ['1.0.0', ['0.4.0']],
    ['1.0.1', ['0.4.0', '1.0.0']],
    ['1.6.0', ['0.4.0', '1.0.0', '1.1.0']],
  ])('firewall in cni-plugins %s accepts %j', (release, versions) => {
    expect(exactVersions(resolvePluginSupport('firewall', { releases: { 'cni-plugins': release } }).support)).toEqual(versions);
  });

  it('bandwidth in cni-plugins 1.0.0 does not accept 0.4.0', () => {
    expect(exactVersions(resolvePluginSupport('bandwidth', { releases: { 'cni-plugins': '1.0.0' } }).support)).toEqual(['0.3.0', '0.3.1', '1.0.0']);
  });

  it('flannel-cni-plugin v1.5.1-flannel1 → exact up to 1.1.0', () => {
    const r = resolvePluginSupport('flannel', { releases: { 'flannel-cni-plugin': 'v1.5.1-flannel1' } });
    expect(exactVersions(r.support).at(-1)).toBe('1.1.0');
    expect(r.diagnostics).toEqual([]);
  });

  it('flannel-cni-plugin v1.4.1-flannel1 → exact up to 1.0.0 (the suffix is not a pre-release)', () => {
    expect(exactVersions(resolvePluginSupport('flannel', { releases: { 'flannel-cni-plugin': 'v1.4.1-flannel1' } }).support).at(-1)).toBe('1.0.0');
  });

  it('cni-plugins 1.1.1 for flannel (removed in v1.0.0) → PLUGIN_NOT_SHIPPED, bounds over every release', () => {
    const r = resolvePluginSupport('flannel', { releases: { 'cni-plugins': '1.1.1' } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['PLUGIN_NOT_SHIPPED']);
    const [d] = r.diagnostics;
    if (d?.code !== 'PLUGIN_NOT_SHIPPED') return;
    expect(d.args).toMatchObject({ type: 'flannel', project: 'cni-plugins', release: '1.1.1', removedIn: '1.0.0' });
    expect(r.support.status).toBe('release-unknown');
  });

  it('a cni-plugins release the data does not cover, for a type it shipped → PLUGIN_RELEASE_NOT_IN_DATA', () => {
    const r = resolvePluginSupport('bridge', { releases: { 'cni-plugins': '0.5.2' } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['PLUGIN_RELEASE_NOT_IN_DATA']);
    const [d] = r.diagnostics;
    if (d?.code !== 'PLUGIN_RELEASE_NOT_IN_DATA') return;
    expect(d.args).toMatchObject({ type: 'bridge', release: '0.5.2' });
    expect(d.args.known.every((k) => k.startsWith('cni-plugins '))).toBe(true);
  });

  it.each([
    ['dummy', '1.1.1', '1.2.0'],
    ['tap', '1.2.0', '1.3.0'],
    ['vrf', '0.8.6', '0.9.0'],
    ['sbr', '0.7.6', '0.8.0'],
    ['firewall', 'v0.7.6', '0.8.0'],
    ['host-device', '0.6.0', '0.7.0'],
  ])('cni-plugins before the release that first shipped %s (%s) → PLUGIN_NOT_SHIPPED, bounds over every release; from %s on, exact', (type, release, addedIn) => {
    const r = resolvePluginSupport(type, { releases: { 'cni-plugins': release } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['PLUGIN_NOT_SHIPPED']);
    expect(r.diagnostics[0]!.args).toEqual({ type, project: 'cni-plugins', release, addedIn });
    expect(r.support.status).toBe('release-unknown');
    // Installed by the manifest beside the config: no finding.
    expect(resolvePluginSupport(type, { releases: { 'cni-plugins': release }, installedByManifest: [type] }).diagnostics).toEqual([]);
    const shipped = resolvePluginSupport(type, { releases: { 'cni-plugins': addedIn } });
    expect(shipped.diagnostics).toEqual([]);
    expect(shipped.support.status).toBe('exact');
  });

  it("each plugin's first release is where the data's rows for it begin (the two are read from the same tags)", () => {
    for (const added of ADDED_PLUGINS) {
      const rows = (compat.plugins[added.type] ?? []).filter((r) => projectAlias(r.project) === added.project && r.releases !== null);
      expect(rows.length, added.type).toBeGreaterThan(0);
      const lowest = rows.map((r) => /^>=(\d+\.\d+\.\d+)/.exec(r.releases!)?.[1]).filter((v): v is string => v !== undefined).sort(semver.compare)[0];
      expect(lowest, added.type).toBe(added.addedIn);
    }
  });

  it('flannel with cni-plugins 0.9.1 (still shipped) → exact, no finding', () => {
    const r = resolvePluginSupport('flannel', { releases: { 'cni-plugins': '0.9.1' } });
    expect(r.diagnostics).toEqual([]);
    expect(r.support.status).toBe('exact');
  });

  it('flannel with both cni-plugins and flannel-cni-plugin stated → the project that covers its release', () => {
    const r = resolvePluginSupport('flannel', { releases: { 'cni-plugins': '1.1.1', 'flannel-cni-plugin': 'v1.5.1-flannel1' } });
    expect(r.diagnostics).toEqual([]);
    expect(exactVersions(r.support).at(-1)).toBe('1.1.0');
  });

  it('flannel with an old cni-plugins release stated → that project', () => {
    const r = resolvePluginSupport('flannel', { releases: { 'cni-plugins': '0.8.6' } });
    expect(exactVersions(r.support).at(-1)).toBe('0.4.0');
  });

  it('an unparseable release → PLUGIN_RELEASE_NOT_IN_DATA', () => {
    const r = resolvePluginSupport('bridge', { releases: { 'cni-plugins': 'latest' } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['PLUGIN_RELEASE_NOT_IN_DATA']);
    expect(r.support.status).toBe('release-unknown');
  });

  it('a release older than any row, of a plugin it shipped → PLUGIN_RELEASE_NOT_IN_DATA', () => {
    const r = resolvePluginSupport('portmap', { releases: { 'cni-plugins': '0.5.0' } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['PLUGIN_RELEASE_NOT_IN_DATA']);
  });

  it('the calico alias covers calico-ipam', () => {
    expect(exactVersions(resolvePluginSupport('calico-ipam', { releases: { calico: '3.22.0' } }).support).at(-1)).toBe('0.3.1');
    expect(exactVersions(resolvePluginSupport('calico-ipam', { releases: { calico: 'v3.23.0' } }).support).at(-1)).toBe('1.0.0');
  });

  it('no release stated → certain is what every release accepts, possible what any does', () => {
    const r = resolvePluginSupport('bridge', {});
    expect(r.support.status).toBe('release-unknown');
    if (r.support.status !== 'release-unknown') return;
    expect(r.support.certain).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1']);
    expect(r.support.possible).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0']);
    expect(r.support.rows.length).toBe(compat.plugins['bridge']!.length);
    expect(r.support.rows.every((row) => row.project === 'cni-plugins')).toBe(true);
    expect(r.support.sources.length).toBe(r.support.rows.length);
  });

  it("the Windows plugins (sdnbridge, sdnoverlay, nat) take each tag's own list, and none takes 0.3.1", () => {
    for (const type of ['sdnbridge', 'sdnoverlay', 'nat']) {
      expect(exactVersions(resolvePluginSupport(type, { releases: { 'windows-cni': '0.3.1' } }).support)).toEqual(['0.2.0', '0.3.0', '0.4.0', '1.0.0']);
      expect(exactVersions(resolvePluginSupport(type, { releases: { 'windows-cni': '0.3.0' } }).support)).toEqual(['0.2.0', '0.3.0']);
      expect(exactVersions(resolvePluginSupport(type, { releases: { 'windows-cni': '0.2.1' } }).support)).toEqual(['0.2.0']);
      const unstated = resolvePluginSupport(type, {}).support;
      if (unstated.status !== 'release-unknown') throw new Error('expected release-unknown');
      expect(unstated.certain).toEqual(['0.2.0']);
      expect(unstated.possible).not.toContain('0.3.1');
    }
  });

  it("in a chain, only the releases in which the chain's other plugins of the project exist: firewall (from v0.8.0) lifts bridge's certain versions to 0.4.0", () => {
    const alone = resolvePluginSupport('bridge', {}, compat, ['bridge', 'portmap']).support;
    const withFirewall = resolvePluginSupport('bridge', {}, compat, ['bridge', 'portmap', 'firewall', 'tuning']).support;
    const firewall = resolvePluginSupport('firewall', {}, compat, ['bridge', 'portmap', 'firewall', 'tuning']).support;
    if (alone.status !== 'release-unknown' || withFirewall.status !== 'release-unknown' || firewall.status !== 'release-unknown') throw new Error('expected release-unknown');
    expect(alone.certain.at(-1)).toBe('0.3.1');
    // firewall's rows start at v0.8.0: the bridge beside it is of v0.8.0 or later.
    expect(compat.plugins['firewall']!.every((r) => r.releases !== null && !/<0\.8\.0|^>=0\.[67]/.test(r.releases))).toBe(true);
    expect(withFirewall.rows.every((r) => r.releases === null || !r.releases.startsWith('>=0.6.0'))).toBe(true);
    expect(withFirewall.certain.at(-1)).toBe('0.4.0');
    expect(firewall.certain).toContain('0.4.0');
    // A plugin of another project in the chain narrows nothing; nor does one another project
    // ships too (flannel: cni-plugins before v1.0.0, then flannel-cni-plugin).
    expect(resolvePluginSupport('bridge', {}, compat, ['bridge', 'calico']).support).toEqual(alone);
    const withFlannel = resolvePluginSupport('bridge', {}, compat, ['flannel', 'bridge', 'host-local', 'portmap']).support;
    expect(withFlannel).toEqual(resolvePluginSupport('bridge', {}, compat, ['bridge', 'host-local', 'portmap']).support);
    expect(withFlannel.status === 'release-unknown' && withFlannel.possible.includes('1.1.0')).toBe(true);
  });

  it.each([
    ['1.0.0', '0.3.1'],
    ['1.6.0', '0.3.1'],
    ['1.11.20', '0.3.1'],
    ['1.12.0', '1.0.0'],
    ['1.16.5', '1.0.0'],
    ['1.17.9', '1.0.0'],
    ['1.18.0', '1.1.0'],
    ['1.20.1', '1.1.0'],
  ])('cilium-cni of Cilium %s accepts up to %s (rows read at Cilium tags, cilium.ts)', (release, newest) => {
    const r = resolvePluginSupport('cilium-cni', { releases: { cilium: release } });
    expect(r.diagnostics).toEqual([]);
    expect(r.support.status).toBe('exact');
    if (r.support.status !== 'exact') return;
    expect(r.support.versions.at(-1)).toBe(newest);
    expect(r.support.versions[0]).toBe('0.1.0');
    expect(r.support.sources[0]).toMatchObject({ kind: 'data', project: 'cilium/cilium', release });
  });

  it('cilium-cni rows replace the reference\'s unmapped rows instead of adding to them', () => {
    const rows = compat.plugins['cilium-cni']!;
    expect(rows.map((r) => r.releases)).toEqual(['>=1.0.0 <1.12.0', '>=1.12.0 <1.18.0', '>=1.18.0']);
    expect(rows.every((r) => r.source.length > 0 && r.project === 'cilium/cilium')).toBe(true);
    // The reference's own lists are the same three: only the release mapping is new.
    expect(rows.map((r) => r.supportedVersions)).toEqual(raw.plugins['cilium-cni'].map((r) => r.supportedVersions));
    expect(raw.plugins['cilium-cni'].every((r) => r.releases === null)).toBe(true);
  });

  it('a Cilium release before the data selects no row', () => {
    const r = resolvePluginSupport('cilium-cni', { releases: { cilium: '0.13.0' } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['PLUGIN_RELEASE_NOT_IN_DATA']);
    expect(r.support.status).toBe('release-unknown');
  });
});

describe('project aliases', () => {
  it('every project string of the data has an alias', () => {
    const projects = new Set(Object.values(compat.plugins).flatMap((rows) => rows.map((r) => r.project)));
    const missing = [...projects].filter((p) => !(p in PROJECT_ALIASES));
    expect(missing).toEqual([]);
  });

  it('aliases are short flag-friendly names', () => {
    for (const alias of Object.values(PROJECT_ALIASES)) expect(alias).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(projectAlias('flannel-io/cni-plugin')).toBe('flannel-cni-plugin');
    expect(projectAlias('containernetworking/plugins (plugins/meta/flannel)')).toBe('cni-plugins');
    expect(projectAlias('someone/else')).toBe('someone/else');
  });

  it('each alias named in the PluginFacts docs selects data for some plugin', () => {
    const aliases = ['cni-plugins', 'flannel-cni-plugin', 'calico', 'weave', 'multus', 'aws-vpc-cni', 'cilium', 'antrea', 'kube-ovn', 'azure-cni', 'azure-ipam'];
    const used = new Set(Object.values(compat.plugins).flatMap((rows) => rows.map((r) => projectAlias(r.project))));
    for (const a of aliases) expect(used.has(a), a).toBe(true);
  });
});

describe('AWS VPC CNI egress-v4-cni (v1.10–v1.12)', () => {
  it('is known, and a stated release selects its row', () => {
    expect(resolvePluginSupport('egress-v4-cni', {}).support.status).toBe('release-unknown');
    const stated = resolvePluginSupport('egress-v4-cni', { releases: { 'aws-vpc-cni': '1.12.6' } }).support;
    expect(stated).toMatchObject({ status: 'exact', versions: ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0'] });
    // v1.13.0 replaced it with egress-cni: no row for that release.
    expect(resolvePluginSupport('egress-v4-cni', { releases: { 'aws-vpc-cni': '1.13.0' } }).diagnostics.map((d) => d.code)).toEqual(['PLUGIN_NOT_SHIPPED']);
  });
});

describe('resolvePluginSupport: what every file would compute alike is computed once', () => {
  it('gives the same bounds object for the same type and chain, frozen, so no plan can change what another sees', () => {
    const a = resolvePluginSupport('bridge', {}, compat, ['bridge', 'portmap']).support;
    const b = resolvePluginSupport('bridge', {}, compat, ['bridge', 'host-local', 'tuning']).support;
    expect(a).toBe(b);
    expect(a.status).toBe('release-unknown');
    expect(Object.isFrozen(a)).toBe(true);
    if (a.status !== 'release-unknown') return;
    expect(Object.isFrozen(a.certain) && Object.isFrozen(a.possible) && Object.isFrozen(a.rows) && Object.isFrozen(a.sources)).toBe(true);
    expect(() => (a.certain as string[]).push('9.9.9')).toThrow(TypeError);
    // The data's own arrays are the caller's: not frozen.
    expect(Object.isFrozen(compat.plugins['bridge']![0]!.supportedVersions)).toBe(false);
  });

  it("a chain that selects other rows (Calico's fork beside calico) gets bounds of its own", () => {
    const alone = resolvePluginSupport('portmap', {}, compat, ['portmap']).support;
    const withCalico = resolvePluginSupport('portmap', {}, compat, ['calico', 'portmap']).support;
    expect(alone.status === 'release-unknown' && withCalico.status === 'release-unknown').toBe(true);
    if (alone.status !== 'release-unknown' || withCalico.status !== 'release-unknown') return;
    expect(withCalico.rows.length).toBeGreaterThan(alone.rows.length);
    expect(resolvePluginSupport('portmap', {}, compat, ['portmap', 'calico']).support).toBe(withCalico);
  });
});

describe('a stated Calico release names the build its own installer copies, without assuming it', () => {
  const chain = ['calico', 'calico-ipam', 'portmap', 'bandwidth'];
  const installs = (type: string, releases: Record<string, string>, inChain: readonly string[] | undefined = chain) => {
    const r = resolvePluginSupport(type, { releases }, compat, inChain);
    return r.support.status === 'release-unknown' ? (r.support.calicoInstalls ?? null) : r.support.status;
  };

  it('calico@3.26.0: portmap stays of unknown release, and calico/cni 3.26.0 installs containernetworking/plugins 1.1.1', () => {
    expect(installs('portmap', { calico: '3.26.0' })).toEqual({ calico: '3.26.0', statement: 'cni-plugins@1.1.1' });
    expect(installs('bandwidth', { calico: 'v3.26' })).toEqual({ calico: '3.26.0', statement: 'cni-plugins@1.1.1' });
  });

  it("calico@3.30.0: portmap is Calico's fork numbered 3.30.0; bandwidth, which 3.30 no longer builds, gets no statement", () => {
    expect(installs('portmap', { calico: '3.30.0' })).toEqual({ calico: '3.30.0', statement: 'calico-cni-plugins@3.30.0' });
    expect(installs('bandwidth', { calico: '3.30.0' })).toBeNull();
  });

  it('not outside a chain with calico, not for a plugin Calico does not bundle, not without a Calico release', () => {
    expect(installs('portmap', { calico: '3.26.0' }, ['bridge', 'portmap'])).toBeNull();
    expect(resolvePluginSupport('portmap', { releases: { calico: '3.26.0' } }).support).not.toHaveProperty('calicoInstalls');
    expect(installs('firewall', { calico: '3.26.0' }, ['calico', 'firewall'])).toBeNull();
    expect(installs('portmap', {})).toBeNull();
  });

  it("a statement of the plugin's own project is used as stated", () => {
    expect(installs('portmap', { calico: '3.26.0', 'cni-plugins': '1.6.0' })).toBe('exact');
  });

  it('calico-cni-plugins@3.28.0 (Calico 3.28.0 bundles upstream v1.1.1, not the fork): the finding says what to state', () => {
    const r = resolvePluginSupport('portmap', { releases: { 'calico-cni-plugins': '3.28.0' } }, compat, chain);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'PLUGIN_RELEASE_NOT_IN_DATA', args: expect.objectContaining({ calicoInstalls: 'cni-plugins@1.1.1' }) })]);
    const fork = resolvePluginSupport('portmap', { releases: { 'calico-cni-plugins': '3.28.3' } }, compat, chain);
    expect(fork.diagnostics).toEqual([]);
    expect(fork.support.status).toBe('exact');
  });
});
