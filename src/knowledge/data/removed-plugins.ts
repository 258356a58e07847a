/**
 * Plugin types a project stopped shipping, so a config that names them fails on nodes with a
 * newer release of that project (`failed to find plugin "flannel" in path`).
 */
export interface RemovedPlugin {
  readonly type: string;
  /** Project alias, as in PluginFacts.releases (`cni-plugins`). */
  readonly project: string;
  /** First release without the plugin. */
  readonly removedIn: string;
  /** Where the plugin lives now. */
  readonly replacement: string;
  readonly references: readonly string[];
}

export const REMOVED_PLUGINS: readonly RemovedPlugin[] = [
  {
    type: 'flannel',
    project: 'cni-plugins',
    removedIn: '1.0.0',
    replacement: 'flannel-io/cni-plugin (the flannel-cni-plugin image flannel manifests install since v0.15)',
    references: [
      'cni-compat.json plugins.flannel[1].notes: "flannel removed from containernetworking/plugins in v1.0.0"',
      'https://github.com/containernetworking/plugins/pull/633',
      'https://github.com/flannel-io/flannel/issues/1471',
    ],
  },
  {
    type: 'egress-v4-cni',
    project: 'aws-vpc-cni',
    removedIn: '1.13.0',
    replacement: 'the egress-cni plugin of the same release (its 10-aws.conflist names "type": "egress-cni")',
    references: [
      'github:aws/amazon-vpc-cni-k8s@v1.13.0(8114f0c0) cmd/egress-cni-plugin replaces cmd/egress-v4-cni-plugin; misc/10-aws.conflist "type": "egress-cni"',
    ],
  },
];
