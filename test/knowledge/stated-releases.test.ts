import { describe, expect, it } from 'vitest';
import { compat, type CompatData } from '../../src/knowledge/data/compat.js';
import { checkStatedReleases } from '../../src/knowledge/stated-releases.js';
import { ANSIBLE_VOCABULARY, CLI_VOCABULARY } from '../../src/core/vocabulary.js';

const check = (releases: Record<string, string>, data: CompatData = compat) => checkStatedReleases(releases, data, CLI_VOCABULARY);

describe('stated releases are checked against the data', () => {
  it('accepts projects and plugin types of the data at releases it knows', () => {
    expect(check({ 'cni-plugins': '1.1.1', calico: 'v3.26.0', 'flannel-cni-plugin': 'v1.9.1-flannel1', bridge: '1.6.0', 'multus-shim': '4.1.0' })).toBeNull();
    expect(check({ 'calico-cni-plugins': '3.30.0', antrea: '2.7.0', 'azure-ipam': '0.4.1' })).toBeNull();
  });

  it('a name that is no project and no plugin type is a usage error with the closest name', () => {
    expect(check({ 'cni-plugin': '1.1.1' })).toMatch(/^--plugin cni-plugin@1\.1\.1: no project or plugin type "cni-plugin" in the data; did you mean "cni-plugins"\?/);
    expect(check({ bridg: '1.1.1' })).toContain('did you mean "bridge"?');
    const far = check({ nonsense: '1.0.0' })!;
    expect(far).not.toContain('did you mean');
    expect(far).toContain('cni-plugins');
  });

  it('a release newer than any the data knows is a usage error saying how to supply the fact', () => {
    const text = check({ 'cni-plugins': '9.9.9' })!;
    expect(text).toContain('the data knows releases of cni-plugins up to 1.9.1');
    expect(text).toContain('--bin-dir');
    expect(text).toContain('--matrix FILE');
    expect(checkStatedReleases({ 'cni-plugins': '9.9.9' }, compat, ANSIBLE_VOCABULARY)).toMatch(/^plugins: cni-plugins@9\.9\.9: .*bin_dir/);
  });

  it("a Linkerd release past linkerd2's stable tags names the cni-plugin release to state instead", () => {
    const text = check({ linkerd: '2.15.0' })!;
    expect(text).toContain('the data knows releases of linkerd up to 2.14.10');
    expect(text).toContain('--plugin linkerd-cni-plugin@RELEASE');
    expect(check({ 'linkerd-cni-plugin': '1.6.8' })).toBeNull();
    expect(check({ linkerd: '2.14.10' })).toBeNull();
  });

  it('a row for a newer release (a --matrix) makes that release known', () => {
    const bridge = compat.plugins['bridge']!;
    // A row written after the reviewed data (as --matrix adds one) and covering the release.
    const data: CompatData = { ...compat, plugins: { ...compat.plugins, bridge: [...bridge, { ...bridge.at(-1)!, releases: '>=9.9.0', source: ['in-house build'] }] } };
    expect(check({ 'cni-plugins': '9.9.9' }, data)).toBeNull();
  });
});
