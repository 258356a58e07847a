import { describe, expect, it } from 'vitest';
import { compat } from '../../src/knowledge/data/compat.js';
import { mergeMatrix, MatrixError, validateMatrix } from '../../src/knowledge/matrix.js';
import { planFile } from '../../src/core/plan.js';

const bond = {
  plugins: {
    bond: [{ project: 'in-house/bond-cni', releases: '>=2.8.0', supportedVersions: ['0.3.0', '0.3.1', '0.4.0', '1.0.0'], source: ['our bond-cni 2.8.0 build: CNI_COMMAND=VERSION'] }],
  },
};
const conflist = '{\n  "cniVersion": "0.3.0",\n  "name": "bond",\n  "plugins": [ { "type": "bond" }, { "type": "portmap" } ]\n}\n';

describe('--matrix data', () => {
  it('adds a plugin the data does not know, so its network can be planned', () => {
    const before = planFile({ path: 'a.conflist', text: conflist }, { targetVersion: '1.0.0', plugins: { releases: { 'cni-plugins': '1.1.1' } } });
    expect(before.diagnostics.map((d) => d.code)).toContain('PLUGIN_UNKNOWN');
    const { data, report } = mergeMatrix(compat, validateMatrix(bond, 'm.json'));
    expect(report).toEqual({ added: ['plugin bond'], overridden: [] });
    const after = planFile({ path: 'a.conflist', text: conflist }, { targetVersion: '1.0.0', data, plugins: { releases: { 'cni-plugins': '1.1.1', bond: '2.8.1' } } });
    expect(after.networks[0]?.decision).toMatchObject({ action: 'rewrite', version: '1.0.0' });
    const support = after.networks[0]?.support.find((s) => s.type === 'bond');
    expect(support?.status === 'exact' && support.sources[0]?.kind === 'data' && support.sources[0].references).toEqual(['our bond-cni 2.8.0 build: CNI_COMMAND=VERSION']);
  });

  it('overrides built-in plugin rows and runtime ranges, and says so', () => {
    const m = validateMatrix(
      {
        plugins: { calico: [{ project: 'in-house/calico', releases: null, supportedVersions: ['0.3.1', '0.4.0', '1.0.0', '1.1.0'], source: ['build log 2026-11'] }] },
        runtimes: { containerd: [{ releases: '>=2.3.0', libcni: 'v1.3.0', maxConfigVersion: '1.1.0', emptyCniVersionDelBug: false, source: ['vendor/modules.txt'] }, { releases: '1.6.4', libcni: 'v1.1.0', maxConfigVersion: '0.4.0', emptyCniVersionDelBug: false, source: ['test'] }] },
      },
      'm.yaml',
    );
    const { data, report } = mergeMatrix(compat, m);
    expect(report.added).toEqual([]);
    expect(report.overridden).toEqual(['plugin calico', 'containerd >=2.3.0 (over >=2.2.0)', 'containerd 1.6.4 (over 1.6.4)']);
    expect(data.plugins.calico).toHaveLength(1);
    // The matrix row decides the runtime releases it covers.
    const plan = planFile({ path: 'x.conflist', text: '{"cniVersion":"1.0.0","name":"x","plugins":[{"type":"bridge"}]}' }, { data, plugins: { releases: { 'cni-plugins': '1.1.1' } } });
    expect(plan.networks[0]?.decision).toMatchObject({ action: 'rewrite', version: '0.4.0' });
    const cri = mergeMatrix(compat, validateMatrix({ runtimes: { 'cri-o': [{ releases: '>=2.0.0', libcni: 'v1.4.0', maxConfigVersion: '1.1.0', emptyCniVersionDelBug: false, source: ['s'] }] } }, 'm'));
    expect(cri.report.added).toEqual([]); // the built-in >=1.33.0 row already covers 2.x
    expect(planFile({ path: 'x.conf', text: '{}' }, { runtime: 'cri-o@2.0.0', data: cri.data }).fatal).toBe(false);
  });

  it('adds a runtime release range the data does not cover', () => {
    const m = validateMatrix({ runtimes: { containerd: [{ releases: '>=1.3.0 <1.4.0', libcni: 'v0.7.1', maxConfigVersion: '0.4.0', emptyCniVersionDelBug: true, source: ['vendor.conf'] }] } }, 'm');
    const { data, report } = mergeMatrix(compat, m);
    expect(report).toEqual({ added: ['containerd >=1.3.0 <1.4.0'], overridden: [] });
    expect(() => planFile({ path: 'x.conf', text: '{}' }, { runtime: 'containerd@1.3.9' })).toThrow(/no compatibility data/);
    const plan = planFile({ path: 'x.conf', text: '{"name":"x","type":"bridge"}' }, { runtime: 'containerd@1.3.9', data, plugins: { releases: { 'cni-plugins': '0.8.6' } } });
    expect(plan.networks[0]?.decision).toMatchObject({ action: 'insert', version: '0.4.0' });
  });

  it.each([
    [[], 'top level'],
    [{ plugin: {} }, 'unknown key'],
    [{ plugins: { 'a/b': [] } }, 'not a plugin binary name'],
    [{ plugins: { x: [] } }, 'non-empty array'],
    [{ plugins: { x: [{ project: 'p', releases: 'banana', supportedVersions: ['1.0.0'], source: ['s'] }] } }, 'semver range'],
    [{ plugins: { x: [{ project: 'p', releases: null, supportedVersions: ['1.0'], source: ['s'] }] } }, 'not a released spec version'],
    [{ plugins: { x: [{ project: 'p', releases: null, supportedVersions: ['1.0.0'], source: [] }] } }, 'must name where the fact comes from'],
    [{ plugins: { x: [{ project: 'p', releases: null, supportedVersions: ['1.0.0'] }] } }, 'must name where the fact comes from'],
    [{ runtimes: { docker: [] } }, 'unknown runtime'],
    [{ runtimes: { containerd: [{ releases: '>=3.0.0', libcni: 'v1', maxConfigVersion: '2.0.0', emptyCniVersionDelBug: false, source: ['s'] }] } }, 'maxConfigVersion'],
    [{ runtimes: { 'cri-o': [{ releases: '>=2.0.0', libcni: 'v1', maxConfigVersion: '1.1.0', source: ['s'] }] } }, 'emptyCniVersionDelBug'],
  ])('rejects %j naming the entry', (doc, problem) => {
    expect(() => validateMatrix(doc, 'bad.json')).toThrow(MatrixError);
    expect(() => validateMatrix(doc, 'bad.json')).toThrow(new RegExp(`^bad\\.json: .*${problem}`));
  });
});
