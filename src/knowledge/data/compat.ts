/**
 * Typed view of cni-compat.json, a byte copy of the project's sourced compatibility reference
 * (`npm run sync-data` refreshes it). Facts live in the JSON with their sources; this module only
 * gives them types. Nothing here is computed or guessed.
 */
import raw from './cni-compat.json' with { type: 'json' };
import { ANTREA_PROJECT, ANTREA_ROWS } from './antrea.js';
import { AWS_EGRESS_V4_ROWS } from './aws-egress-v4.js';
import { AZURE_CNI_PROJECT, AZURE_CNI_ROWS, AZURE_IPAM_PROJECT } from './azure-cni.js';
import { CALICO_FORK_ALIAS, CALICO_FORK_PROJECT, CALICO_FORK_ROWS } from './calico-fork.js';
import { CILIUM_CNI_ROWS } from './cilium.js';
import { KUBE_OVN_PROJECT, KUBE_OVN_ROWS } from './kube-ovn.js';
import { ISTIO_PROJECT, ISTIO_ROWS } from './istio.js';
import { KUMA_PROJECT, KUMA_ROWS } from './kuma.js';
import { IB_SRIOV_PROJECT, IB_SRIOV_ROWS } from './ib-sriov.js';
import { LINKERD2_PROJECT, LINKERD_CNI_PROJECT, LINKERD_CNI_ROWS } from './linkerd-cni.js';
import { OVS_PROJECT, OVS_ROWS } from './ovs.js';
import { SRIOV_PROJECT, SRIOV_ROWS } from './sriov.js';
import { WHEREABOUTS_PROJECT, WHEREABOUTS_ROWS } from './whereabouts.js';
import { WINDOWS_CNI_PROJECT, WINDOWS_CNI_ROWS } from './windows-cni.js';

export interface SpecVersionEntry {
  readonly version: string;
  readonly introducedIn: string;
  readonly notableChanges: readonly string[];
  readonly source: readonly string[];
}

export interface PluginRow {
  readonly project: string;
  /** A semver range over the project's release tags, or null where the mapping is not verified. */
  readonly releases: string | null;
  readonly supportedVersions: readonly string[];
  readonly confidence: string;
  readonly source: readonly string[];
  readonly notes?: string;
  readonly inferredReleases?: string;
  /**
   * Plugin types whose installer alone puts this build on nodes (Calico's fork comes with
   * calico). While the release is not known, the row counts only in a chain with one of them.
   */
  readonly installedWith?: readonly string[];
}

export interface RuntimeRow {
  readonly releases: string;
  readonly libcni: string;
  readonly maxConfigVersion: string;
  readonly emptyCniVersionDelBug: boolean;
  readonly loopbackConfigVersion?: string;
  readonly notes?: string;
  readonly source: readonly string[];
}

export interface CompatData {
  readonly specVersions: readonly SpecVersionEntry[];
  readonly plugins: Readonly<Record<string, readonly PluginRow[]>>;
  readonly runtimes: {
    readonly containerd: readonly RuntimeRow[];
    readonly 'cri-o': readonly RuntimeRow[];
  };
}

/**
 * Rows that take the place of the reference's rows for a type: the reference's cilium-cni rows
 * have releases null (the mapping to Cilium releases was not verified); cilium.ts has it, read at
 * Cilium's tags, with the same version lists.
 */
const REPLACED_ROWS: Readonly<Record<string, readonly PluginRow[]>> = {
  'cilium-cni': CILIUM_CNI_ROWS,
};

/**
 * The reference's data, with rows it lacks, each module sourced like the reference: the plugins
 * Calico builds from its own fork (calico-fork.ts), which the reference records as "not a
 * release", the plugins of Antrea, kube-ovn and Azure CNI, AWS VPC CNI's egress-v4-cni, and the chained
 * plugins of Istio, Kuma and Linkerd, the Windows plugins of microsoft/windows-container-networking, and
 * the Multus companions of k8snetworkplumbingwg (whereabouts, sriov, ib-sriov, ovs); and the
 * cilium-cni rows replaced (REPLACED_ROWS).
 */
export const compat: CompatData = withRows(raw as unknown as CompatData, [CALICO_FORK_ROWS, ANTREA_ROWS, KUBE_OVN_ROWS, AZURE_CNI_ROWS, AWS_EGRESS_V4_ROWS, ISTIO_ROWS, KUMA_ROWS, WINDOWS_CNI_ROWS, WHEREABOUTS_ROWS, SRIOV_ROWS, IB_SRIOV_ROWS, OVS_ROWS, LINKERD_CNI_ROWS], REPLACED_ROWS);

function withRows(
  data: CompatData,
  extras: readonly Readonly<Record<string, readonly PluginRow[]>>[],
  replaced: Readonly<Record<string, readonly PluginRow[]>>,
): CompatData {
  const plugins: Record<string, readonly PluginRow[]> = { ...data.plugins, ...replaced };
  for (const extra of extras) for (const [type, rows] of Object.entries(extra)) plugins[type] = [...(plugins[type] ?? []), ...rows];
  return { ...data, plugins };
}

/**
 * Short names for the projects that ship plugins, for `--plugin PROJECT@RELEASE`.
 * Keys are the `project` strings of the data rows.
 */
export const PROJECT_ALIASES: Readonly<Record<string, string>> = {
  'containernetworking/plugins': 'cni-plugins',
  'containernetworking/plugins (plugins/meta/flannel)': 'cni-plugins',
  'flannel-io/cni-plugin': 'flannel-cni-plugin',
  'projectcalico/cni-plugin / projectcalico/calico cni-plugin/': 'calico',
  'projectcalico/calico cni-plugin/': 'calico',
  'cilium/cilium': 'cilium',
  'weaveworks/weave': 'weave',
  'k8snetworkplumbingwg/multus-cni': 'multus',
  [CALICO_FORK_PROJECT]: CALICO_FORK_ALIAS,
  'aws/amazon-vpc-cni-k8s': 'aws-vpc-cni',
  [ANTREA_PROJECT]: 'antrea',
  [KUBE_OVN_PROJECT]: 'kube-ovn',
  [ISTIO_PROJECT]: 'istio',
  [KUMA_PROJECT]: 'kuma',
  [WINDOWS_CNI_PROJECT]: 'windows-cni',
  [WHEREABOUTS_PROJECT]: 'whereabouts',
  [SRIOV_PROJECT]: 'sriov-cni',
  [IB_SRIOV_PROJECT]: 'ib-sriov-cni',
  [OVS_PROJECT]: 'ovs-cni',
  [LINKERD2_PROJECT]: 'linkerd',
  [LINKERD_CNI_PROJECT]: 'linkerd-cni-plugin',
  [AZURE_CNI_PROJECT]: 'azure-cni',
  [AZURE_IPAM_PROJECT]: 'azure-ipam',
};

export function projectAlias(project: string): string {
  return PROJECT_ALIASES[project] ?? project;
}

/**
 * Plugin types that are built from another type's project and module, with the same vendored
 * libcni, and so accept what that type's rows say, from the release that first shipped them.
 */
export const PLUGIN_TYPE_ALIASES: Readonly<Record<string, { readonly type: string; readonly from: string; readonly source: string }>> = {
  // The thick plugin's shim, which runs the config Multus's daemon writes from daemon-config.json.
  'multus-shim': {
    type: 'multus',
    from: '4.0.0',
    source:
      'github:k8snetworkplumbingwg/multus-cni@v4.0.0 cmd/multus-shim/main.go (skel.PluginMainFuncs with cniversion.All of the vendored libcni; the thick plugin first shipped in v4.0.0, same go.mod as the multus rows)',
  },
};
