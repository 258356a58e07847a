/**
 * Every CNI the README names has compatibility data: each plugin type its shipped configs use
 * resolves to rows (or a type alias) of the built-in data, so checking such a config never ends
 * in PLUGIN_UNKNOWN for want of data.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolvePluginSupport } from '../../src/knowledge/plugin-support.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/**
 * CNIs by the name a README gives them, with the plugin types (chain and ipam) of the configs
 * they ship. `corpus` is fixtures/upstream.
 */
const CNIS: Readonly<Record<string, { readonly pattern: RegExp; readonly types: readonly string[] }>> = {
  // corpus calico/v3.24.0/calico.yaml cni_network_config: calico (ipam calico-ipam), portmap, bandwidth
  Calico: { pattern: /\bCalico\b/, types: ['calico', 'calico-ipam', 'portmap', 'bandwidth'] },
  // corpus calico/v3.24.0/canal.yaml: calico (ipam host-local), portmap, bandwidth; canal-etcd.yaml: flannel, portmap
  Canal: { pattern: /\bCanal\b/, types: ['calico', 'host-local', 'portmap', 'bandwidth', 'flannel'] },
  // corpus flannel/v0.28.9/kube-flannel.yml cni-conf.json: flannel, portmap
  Flannel: { pattern: /\bFlannel\b/, types: ['flannel', 'portmap'] },
  // corpus kube-router/v2.11.1/kubeadm-kuberouter-all-features-hostport.yaml: bridge (ipam host-local), portmap
  'kube-router': { pattern: /\bkube-router\b/i, types: ['bridge', 'host-local', 'portmap'] },
  // corpus multus/v3.4/cni-configuration.conf: multus; multus/v4.3.0/multus-daemonset.yml daemon-config: the thick plugin's multus-shim
  Multus: { pattern: /\bMultus\b/, types: ['multus', 'multus-shim'] },
  // corpus antrea/v2.7.0/antrea.yml antrea-cni.conflist: antrea (ipam host-local), portmap, bandwidth
  Antrea: { pattern: /\bAntrea\b/, types: ['antrea', 'host-local', 'portmap', 'bandwidth'] },
  // corpus cilium/a6a90cec1e27/10-cilium-cni.conf: cilium-cni
  Cilium: { pattern: /\bCilium\b/, types: ['cilium-cni'] },
  // github:kubeovn/kube-ovn@v1.16.2(12506be4) dist/images/01-kube-ovn.conflist: kube-ovn, portmap
  'kube-ovn': { pattern: /\bkube-ovn\b/i, types: ['kube-ovn', 'portmap'] },
  // corpus azure-container-networking/v1.16.17/azure-linux.conflist: azure-vnet (ipam azure-vnet-ipam), portmap;
  // …azure-linux-swift-overlay.conflist: ipam azure-cns; …cilium.conflist: cilium-cni (ipam azure-ipam)
  'Azure CNI': { pattern: /\bAzure CNI\b/, types: ['azure-vnet', 'azure-vnet-ipam', 'azure-cns', 'azure-ipam', 'portmap'] },
  // corpus amazon-vpc-cni-k8s/v1.23.0/10-aws.conflist: aws-cni, egress-cni, portmap;
  // github:aws/amazon-vpc-cni-k8s@v1.10.0(7b8e0e4a) misc/10-aws.conflist: egress-v4-cni (v1.10–v1.12)
  'AWS VPC CNI': { pattern: /\bAWS VPC CNI\b|\bamazon-vpc-cni\b/i, types: ['aws-cni', 'egress-cni', 'egress-v4-cni', 'portmap'] },
  // corpus weave/v2.8.1/10-weave.conflist: weave-net, portmap
  Weave: { pattern: /\bWeave\b/, types: ['weave-net', 'portmap'] },
};

/** The CNIs the first paragraph lists: "… install them from (Calico, Canal, …, Multus and Antrea ConfigMaps, …". */
function listedInFirstParagraph(readme: string): string[] | null {
  const list = /\(([^()]*?)\s+ConfigMaps\b/.exec(readme.split(/\n\s*\n/).find((p) => !p.startsWith('#')) ?? '')?.[1];
  return list === undefined ? null : list.split(/,\s*|\s+and\s+/).map((s) => s.trim()).filter((s) => s !== '');
}

const named = Object.keys(CNIS).filter((name) => CNIS[name]!.pattern.test(README));

describe('README CNIs have data', () => {
  it('the first paragraph lists CNIs, each of them in the table above', () => {
    const listed = listedInFirstParagraph(README);
    expect(listed, 'README first paragraph: "(Calico, …, Antrea ConfigMaps"').not.toBeNull();
    expect(listed!.length).toBeGreaterThan(3);
    expect(listed!.filter((name) => !(name in CNIS))).toEqual([]);
    expect(named).toEqual(expect.arrayContaining(listed!));
  });

  it.each(named)('%s: no plugin type its configs use is unknown', (name) => {
    expect(unknownTypes(name)).toEqual([]);
  });

  it('the other CNIs of the table have data too, so the README may name them', () => {
    expect(Object.keys(CNIS).filter((name) => unknownTypes(name).length > 0)).toEqual([]);
  });
});

function unknownTypes(name: string): string[] {
  return CNIS[name]!.types.filter((type) => resolvePluginSupport(type, {}).support.status === 'unknown');
}
