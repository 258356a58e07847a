/**
 * The rows of Antrea, kube-ovn and Azure CNI (src/knowledge/data/antrea.ts, kube-ovn.ts,
 * azure-cni.ts): release tags at each boundary the tag walk found select the list their code
 * states, and configs shaped like the ones these projects ship plan as their plugins would run them.
 */
import { describe, expect, it } from 'vitest';
import { resolvePluginSupport } from '../../src/knowledge/plugin-support.js';
import type { PlanOptions } from '../../src/core/plan.js';
import { codes, planChecked } from '../helpers/verify.js';

const TO_0_3_1 = ['0.1.0', '0.2.0', '0.3.0', '0.3.1'];
const TO_0_4_0 = [...TO_0_3_1, '0.4.0'];
const TO_1_0_0 = [...TO_0_4_0, '1.0.0'];
const TO_1_1_0 = [...TO_1_0_0, '1.1.0'];

/** What a stated release selects: the versions, or the diagnostic codes when no row covers it. */
function selected(type: string, name: string, release: string): readonly string[] | string {
  const r = resolvePluginSupport(type, { releases: { [name]: release } });
  return r.support.status === 'exact' ? r.support.versions : r.diagnostics.map((d) => d.code).join(',');
}

describe('release tags select the list their code states', () => {
  it.each([
    ['0.1.0', TO_0_3_1], // the shim's own PluginSupports list; the agent's string list also has 0.4.0
    ['0.7.2', TO_0_3_1],
    ['0.8.0', TO_0_4_0], // cniversion.All, libcni v0.7.1
    ['1.0.0', TO_0_4_0],
    ['1.10.1', TO_0_4_0], // libcni v0.8.1
    ['1.11.0', TO_1_0_0], // libcni v1.1.1
    ['2.0.1', TO_1_0_0],
    ['2.1.0', TO_1_1_0], // libcni v1.2.0
    ['2.7.0', TO_1_1_0], // libcni v1.3.0
  ])('antrea %s', (release, versions) => {
    expect(selected('antrea', 'antrea', release)).toEqual(versions);
  });

  it.each([
    ['0.1.0', TO_0_3_1], // Gopkg.lock libcni v0.6.0
    ['1.0.1', TO_0_3_1],
    ['1.1.0', TO_0_4_0], // libcni v0.7.1
    ['1.9.41', TO_0_4_0], // libcni v0.8.1
    ['1.10.0', TO_1_0_0], // libcni v1.0.1
    ['1.12.19', TO_1_0_0], // libcni v1.1.2
    ['1.12.20', TO_1_1_0], // libcni v1.2.3
    ['1.13.0', TO_1_1_0],
    ['1.16.2', TO_1_1_0], // libcni v1.3.0
  ])('kube-ovn %s', (release, versions) => {
    expect(selected('kube-ovn', 'kube-ovn', release)).toEqual(versions);
  });

  it.each([
    ['azure-vnet', '1.0.5', TO_0_3_1],
    ['azure-vnet', '1.0.6', TO_0_4_0],
    ['azure-vnet', '1.6.0', TO_0_4_0],
    ['azure-vnet', '1.6.1', TO_1_0_0],
    ['azure-vnet', '1.8.12', TO_1_0_0],
    ['azure-vnet', '1.16.17', TO_1_0_0], // a retraction tag, not a release: its code says the same
    ['azure-vnet-ipam', '1.0.0', TO_0_3_1],
    ['azure-vnet-ipam', '1.5.50', TO_0_4_0],
    ['azure-vnet-ipamv6', '1.1.0', TO_0_4_0],
    ['azure-vnet-ipamv6', '1.0.33', 'PLUGIN_RELEASE_NOT_IN_DATA'], // before cni/ipam/pluginv6
    ['azure-cns', '1.1.7', 'PLUGIN_RELEASE_NOT_IN_DATA'], // azure-vnet had no CNS invoker yet
    ['azure-cns', '1.1.8', TO_0_4_0],
    ['azure-cns', '1.7.17', TO_1_0_0],
  ])('%s of azure-cni %s', (type, release, versions) => {
    expect(selected(type, 'azure-cni', release)).toEqual(versions);
  });

  it.each([
    ['0.0.1', TO_1_0_0],
    ['0.2.0', TO_1_0_0],
    ['0.2.1', TO_1_1_0],
    ['0.4.1', TO_1_1_0],
  ])('azure-ipam %s', (release, versions) => {
    expect(selected('azure-ipam', 'azure-ipam', release)).toEqual(versions);
  });

  it('a release unstated bounds each type by what every release accepts', () => {
    for (const type of ['antrea', 'kube-ovn', 'azure-vnet', 'azure-vnet-ipam']) {
      const s = resolvePluginSupport(type, {}).support;
      expect(s.status === 'release-unknown' && s.certain, type).toEqual(TO_0_3_1);
    }
  });
});

// Hand-written configs in the shape each project ships (cited in readme-cnis.test.ts).
const ANTREA = `{
    "cniVersion":"0.3.0",
    "name": "antrea",
    "plugins": [
        { "type": "antrea", "ipam": { "type": "host-local" } },
        { "type": "portmap", "capabilities": {"portMappings": true} },
        { "type": "bandwidth", "capabilities": {"bandwidth": true} }
    ]
}
`;
const KUBE_OVN = `{
    "name":"kube-ovn",
    "cniVersion":"1.1.0",
    "plugins":[
        { "type":"kube-ovn", "server_socket":"/run/openvswitch/kube-ovn-daemon.sock" },
        { "type":"portmap", "capabilities":{ "portMappings":true } }
    ]
}
`;
const AZURE_SWIFT = `{
    "cniVersion": "1.0.0",
    "name": "azure",
    "plugins": [
        { "type": "azure-vnet", "executionMode": "v4swift", "ipam": { "type": "azure-cns" } }
    ]
}
`;

function plan(text: string, path: string, ...flags: string[]): ReturnType<typeof planChecked> {
  const releases = Object.fromEntries(flags.filter((f) => f.includes('@')).map((f) => f.split('@') as [string, string]));
  const target = flags.find((f) => f.startsWith('target='))?.slice('target='.length);
  const options: PlanOptions = { plugins: { releases }, ...(target ? { targetVersion: target } : {}) };
  return planChecked(path, text, options);
}

describe('configs these projects ship', () => {
  it('Antrea: keeps 0.3.0 when the release is unknown, and moves to 1.0.0 only where the release accepts it', () => {
    const unknown = plan(ANTREA, '10-antrea.conflist', 'cni-plugins@1.1.1');
    expect(codes(unknown)).not.toContain('PLUGIN_UNKNOWN');
    expect(unknown.networks[0]?.decision).toMatchObject({ action: 'keep', version: '0.3.0' });
    expect(unknown.networks[0]?.supportedByAll).toEqual(['0.3.0', '0.3.1']);

    const v270 = plan(ANTREA, '10-antrea.conflist', 'cni-plugins@1.1.1', 'antrea@2.7.0', 'target=1.0.0');
    expect(v270.networks[0]?.decision).toMatchObject({ action: 'rewrite', from: '0.3.0', version: '1.0.0' });
    expect(codes(v270)).toEqual([]);

    const v1101 = plan(ANTREA, '10-antrea.conflist', 'cni-plugins@1.1.1', 'antrea@1.10.1', 'target=1.0.0');
    expect(v1101.edits).toEqual([]);
    expect(codes(v1101)).toContain('TARGET_VERSION_UNSUPPORTED');
  });

  it('kube-ovn: 1.1.0 is rejected by v1.12.0 and rewritten to what the chain and containerd 1.6.4 accept', () => {
    const p = plan(KUBE_OVN, '01-kube-ovn.conflist', 'cni-plugins@1.1.1', 'kube-ovn@1.12.0');
    expect(codes(p)).toContain('CNI_VERSION_UNSUPPORTED');
    expect(p.networks[0]?.decision).toMatchObject({ action: 'rewrite', from: '1.1.0', version: '1.0.0' });
    expect(codes(plan(KUBE_OVN, '01-kube-ovn.conflist', 'cni-plugins@1.1.1', 'kube-ovn@1.16.2'))).toContain('CNI_VERSION_UNSUPPORTED'); // containerd 1.6.4 stops at 1.0.0
  });

  it('Azure CNI: 1.0.0 is accepted from v1.6.1 only; an unstated release leaves it with a warning', () => {
    const old = plan(AZURE_SWIFT, '10-azure.conflist', 'azure-cni@1.5.16');
    expect(codes(old)).toContain('CNI_VERSION_UNSUPPORTED');
    expect(old.networks[0]?.decision).toMatchObject({ action: 'rewrite', from: '1.0.0', version: '0.4.0' });

    expect(plan(AZURE_SWIFT, '10-azure.conflist', 'azure-cni@1.6.1').networks[0]?.decision).toMatchObject({ action: 'keep', version: '1.0.0' });

    const unstated = plan(AZURE_SWIFT, '10-azure.conflist');
    expect(codes(unstated)).toEqual(['CNI_VERSION_UNCONFIRMED']);
    expect(unstated.networks[0]?.decision).toMatchObject({ action: 'keep', version: '1.0.0' });
  });
});
