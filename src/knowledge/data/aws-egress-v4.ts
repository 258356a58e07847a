/**
 * AWS VPC CNI's IPv4 egress plugin of v1.10–v1.12, type `egress-v4-cni` (cmd/egress-v4-cni-plugin,
 * chained after `aws-cni` in 10-aws.conflist for IPv6 clusters). v1.13.0 replaced it with
 * `egress-cni` (cmd/egress-cni-plugin), whose rows the reference has. It passes libcni's
 * `cniversion.All` to skel; every tag of those lines pins (or, from v1.12.6, replaces the module
 * with) libcni v0.8.x, whose `All` is 0.1.0–0.4.0.
 */
import type { PluginRow } from './compat.js';

export const AWS_VPC_CNI_PROJECT = 'aws/amazon-vpc-cni-k8s';

/** Rows for `egress-v4-cni`, added to the compatibility data. */
export const AWS_EGRESS_V4_ROWS: Readonly<Record<string, readonly PluginRow[]>> = {
  'egress-v4-cni': [
    {
      project: AWS_VPC_CNI_PROJECT,
      releases: '>=1.10.0 <1.13.0',
      supportedVersions: ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0'],
      confidence: 'verified (code)',
      source: [
        'github:aws/amazon-vpc-cni-k8s@v1.10.0(7b8e0e4a) cmd/egress-v4-cni-plugin/cni.go:247 skel.PluginMain(cmdAdd, nil, cmdDel, cniversion.All, …) (added 2021-09-20, first tag v1.10.0); @v1.12.6(cdc05e07) cni.go:250 the same',
        'github:aws/amazon-vpc-cni-k8s@v1.10.0(7b8e0e4a) go.mod github.com/containernetworking/cni v0.8.0 (v1.11.0 v0.8.0, v1.12.0 v0.8.1); @v1.12.6(cdc05e07) go.mod replace github.com/containernetworking/cni => v0.8.1',
        'github:aws/amazon-vpc-cni-k8s@v1.10.0(7b8e0e4a) misc/10-aws.conflist:15 "type": "egress-v4-cni"; @v1.13.0(8114f0c0) cmd/egress-cni-plugin replaces cmd/egress-v4-cni-plugin',
      ],
    },
  ],
};
