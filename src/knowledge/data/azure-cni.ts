/**
 * Azure CNI (Azure/azure-container-networking). Its plugins (azure-vnet, azure-vnet-ipam,
 * azure-vnet-ipamv6) share cni.Plugin.Execute (cni/plugin.go), which hands libcni's skel
 * `PluginSupports(supportedVersions...)`: a list of its own in cni/cni.go, not libcni's
 * `version.All`. Walked at every vX.Y.Z tag from v1.0.0 to v1.8.12. Tags v1.16.15–v1.16.17 are
 * not releases (v1.16.15 tags v1.6.15's commit; v1.16.16 and v1.16.17 are Go module retraction
 * tags); their code states the same list as the row that covers them.
 *
 * azure-ipam (the IPAM plugin for Cilium) is a module of its own, tagged azure-ipam/vX.Y.Z, that
 * passes libcni's `version.All` to skel.
 */
import type { PluginRow } from './compat.js';
import { codeRows } from './code-rows.js';

export const AZURE_CNI_PROJECT = 'Azure/azure-container-networking';
export const AZURE_IPAM_PROJECT = 'Azure/azure-container-networking (azure-ipam)';

const TO_0_3_1 = ['0.1.0', '0.2.0', '0.3.0', '0.3.1'];
const TO_0_4_0 = [...TO_0_3_1, '0.4.0'];
const TO_1_0_0 = [...TO_0_4_0, '1.0.0'];
const TO_1_1_0 = [...TO_1_0_0, '1.1.0'];

const LIST = {
  '0.3.1': 'github:Azure/azure-container-networking@v1.0.0(b887155b) cni/cni.go:24 supportedVersions = []string{"0.1.0", "0.2.0", "0.3.0", "0.3.1"}, the same through @v1.0.5(41ecaedb); cni/plugin.go:109-112 cniSkel.PluginMainWithError(…, cniVers.PluginSupports(supportedVersions...))',
  '0.4.0':
    'github:Azure/azure-container-networking@v1.0.6(18760986) cni/cni.go:25 supportedVersions = []string{"0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0"}, the same through @v1.5.50(a208275a) and @v1.6.0(6b86c475) cni/cni.go:35; cni/plugin.go:88 (v1.0.6), :93 (v1.5.50) cniSkel.PluginMainWithError(…, pluginInfo, …) with pluginInfo = cniVers.PluginSupports(supportedVersions...)',
  '1.0.0':
    'github:Azure/azure-container-networking@v1.6.1(b29bdac9) cni/cni.go:35 supportedVersions = []string{"0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0"}, the same at @v1.6.48(946dc3df), @v1.7.17(7478ace6), @v1.8.12(317afc74) (go.mod github.com/containernetworking/cni v1.2.2 at v1.6.1, v1.3.0 at v1.8.12: 1.1.0 is in libcni but not in this list)',
} as const;
const VENDOR_NOTE =
  'v1.0.6–v1.0.10 vendored no libcni (built against whatever go get fetched); from v1.0.11 the vendored libcni implements 0.4.0 (vendor/github.com/containernetworking/cni/pkg/types/current/types.go ImplementedSpecVersion = "0.4.0").';
const NEWEST = 'Checked through v1.8.12 (and v1.6.48, v1.7.17), the newest release tags.';

const row = codeRows(AZURE_CNI_PROJECT);
const ipamRow = codeRows(AZURE_IPAM_PROJECT);

/**
 * The release lines of the cni/cni.go list for a plugin type that runs cni.Plugin.Execute, from
 * v1.0.0 or from the release that first shipped the type.
 */
function vnetRows(binary: string, first?: { readonly release: string; readonly source: string }): PluginRow[] {
  const sources = (list: string): string[] => [...(first ? [first.source] : []), binary, list];
  return [
    ...(first ? [] : [row('>=1.0.0 <1.0.6', TO_0_3_1, sources(LIST['0.3.1']))]),
    row(`>=${first?.release ?? '1.0.6'} <1.6.1`, TO_0_4_0, sources(LIST['0.4.0']), first ? undefined : VENDOR_NOTE),
    row('>=1.6.1', TO_1_0_0, sources(LIST['1.0.0']), NEWEST),
  ];
}

/** Rows for Azure CNI's plugin and IPAM types, added to the compatibility data. */
export const AZURE_CNI_ROWS: Readonly<Record<string, readonly PluginRow[]>> = {
  'azure-vnet': vnetRows('github:Azure/azure-container-networking@v1.8.12(317afc74) cni/network/plugin/main.go:182 netPlugin.Execute(cni.PluginApi(netPlugin)) (the azure-vnet binary)'),
  'azure-vnet-ipam': vnetRows('github:Azure/azure-container-networking@v1.8.12(317afc74) cni/ipam/plugin/main.go:52 ipamPlugin.Execute(cni.PluginApi(ipamPlugin)); @v1.0.0(b887155b) :35 the same'),
  'azure-vnet-ipamv6': vnetRows('github:Azure/azure-container-networking@v1.8.12(317afc74) cni/ipam/pluginv6/main.go:52 ipamPlugin.Execute(cni.PluginApi(ipamPlugin))', {
    release: '1.1.0',
    source: 'github:Azure/azure-container-networking@v1.1.0(6ac5e8c9) cni/ipam/pluginv6/main.go:17 name = "azure-vnet-ipamv6", :73 ipamPlugin.Execute(…) (first tag with cni/ipam/pluginv6)',
  }),
  // Not a binary: azure-vnet serves this IPAM type itself (asks CNS over HTTP), so a config naming
  // it is accepted or rejected by azure-vnet's own list.
  'azure-cns': vnetRows('github:Azure/azure-container-networking@v1.8.12(317afc74) cni/network/network.go:577 switch nwCfg.IPAM.Type { case network.AzureCNS: NewCNSInvoker(…) } (network/manager.go:30 AzureCNS = "azure-cns"): no IPAM binary runs', {
    release: '1.1.8',
    source: 'github:Azure/azure-container-networking@v1.1.8(fa9bc994) cni/network/network.go:423 case network.AzureCNS (absent at @v1.1.7(0b3f31da))',
  }),
  'azure-ipam': [
    ipamRow(
      '>=0.0.1 <0.2.1',
      TO_1_0_0,
      [
        'github:Azure/azure-container-networking@azure-ipam/v0.0.1(2ee67e5b) azure-ipam/main.go:51 skel.PluginMainWithError(…, version.All, …); @azure-ipam/v0.2.0(364c168c) :55 the same',
        'github:Azure/azure-container-networking azure-ipam/go.mod github.com/containernetworking/cni: v1.1.1 @azure-ipam/v0.0.1(2ee67e5b), v1.1.2 @azure-ipam/v0.0.2(bb67582f)–v0.2.0(364c168c); libcni v1.1.x version.All is 0.1.0–1.0.0',
      ],
    ),
    ipamRow(
      '>=0.2.1',
      TO_1_1_0,
      [
        'github:Azure/azure-container-networking@azure-ipam/v0.2.1(87c3307b) azure-ipam/main.go:55 skel.PluginMainWithError(…, version.All, …); @azure-ipam/v0.4.1(73f67339) :55 the same',
        'github:Azure/azure-container-networking azure-ipam/go.mod:7 github.com/containernetworking/cni: v1.2.0 @azure-ipam/v0.2.1(87c3307b), v1.2.3 @azure-ipam/v0.3.0(456ce7c0)–v0.4.0(8d75d8b0), v1.3.0 @azure-ipam/v0.4.1(73f67339) and @v1.8.12(317afc74); libcni v1.2.x–v1.3.0 version.All is 0.1.0–1.1.0',
      ],
      'Numbered by the azure-ipam/vX.Y.Z tags (the azure-ipam image tag), not by Azure CNI releases. Checked through azure-ipam/v0.4.1, the newest.',
    ),
  ],
};
