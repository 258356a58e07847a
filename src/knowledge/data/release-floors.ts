/**
 * Release lines too old to cry wolf about. A version a config already has is warned about
 * (CNI_VERSION_UNCONFIRMED) when some release of a plugin whose release is not stated rejects it;
 * releases before a floor here are left out of that test. They still count everywhere else: a
 * version is only ever written when every release in the data accepts it, and a stated or probed
 * release below the floor is judged by its own row.
 *
 * A floor is set only where a line ended long before any runtime the data covers. Later lines stay
 * in even when old: containernetworking/plugins v0.8.x–v0.9.x (to 2021) still meet containerd 1.6
 * and 1.7 on long-lived nodes, so a 1.0.0 config without a stated release still warns.
 */
export interface ReleaseFloor {
  /** Project alias (compat.ts PROJECT_ALIASES). */
  readonly project: string;
  /** Releases before this one are left out of CNI_VERSION_UNCONFIRMED. */
  readonly from: string;
  readonly reason: string;
  readonly source: readonly string[];
}

export const RELEASE_FLOORS: readonly ReleaseFloor[] = [
  {
    project: 'cni-plugins',
    from: '0.8.0',
    reason:
      'v0.6.0–v0.7.6 accept no config newer than 0.3.1; v0.8.0 (2019-05-10) superseded them and v0.7.6 (2019-08-13) was the last of them, a year before containerd 1.4.0 (2020-08-17), the oldest containerd the data covers',
    source: [
      'evidence/plugins-tags.tsv (github:containernetworking/plugins tags v0.7.6 2019-08-13, v0.8.0 2019-05-10; version.All per tag)',
      'evidence/containerd-tags.tsv (github:containerd/containerd@v1.4.0(09814d48) 2020-08-17)',
      'cni-compat.json plugins.bridge … portmap: releases ">=0.6.0 <0.8.0" accept 0.1.0–0.3.1, ">=0.8.0 <1.0.0" add 0.4.0',
    ],
  },
  {
    project: 'sriov-cni',
    from: '2.2.0',
    reason:
      'v2.0.0–v2.1.0 accept no config newer than 0.3.1; v2.2 (2019-11-05) superseded them, nine months before containerd 1.4.0 (2020-08-17), the oldest containerd the data covers',
    source: [
      'sriov.ts rows ">=2.0.0 <2.2.0" (libcni v0.6.0-rc1), ">=2.2.0 <2.7.0" (adds 0.4.0)',
      'github:k8snetworkplumbingwg/sriov-cni tags v2.1.0(00ec040d) 2019-06-12, v2.2(2aa9b0e7) 2019-11-05',
      'evidence/containerd-tags.tsv (github:containerd/containerd@v1.4.0(09814d48) 2020-08-17)',
    ],
  },
  {
    project: 'ovs-cni',
    from: '0.8.0',
    reason:
      'v0.1.0–v0.7.0 accept no config newer than 0.3.1; v0.8.0 (2019-11-28) superseded them, before containerd 1.4.0 (2020-08-17), the oldest containerd the data covers',
    source: [
      'ovs.ts rows ">=0.1.0 <0.8.0" (libcni v0.6.0), ">=0.8.0 <0.26.0" (adds 0.4.0)',
      'github:k8snetworkplumbingwg/ovs-cni tags v0.7.0(2cc23736) 2019-08-20, v0.8.0(25670b48) 2019-11-28',
      'evidence/containerd-tags.tsv (github:containerd/containerd@v1.4.0(09814d48) 2020-08-17)',
    ],
  },
];
