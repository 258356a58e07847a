/**
 * Plugins whose installer does not write a config of their own: it appends the plugin entry it is
 * given to the plugin list of the config already on the node, which it then runs at that
 * config's `cniVersion`. An entry of theirs without a `cniVersion` is not missing one.
 */
export interface ChainedPlugin {
  readonly type: string;
  readonly project: string;
  readonly source: string;
}

export const CHAINED_PLUGINS: readonly ChainedPlugin[] = [
  {
    type: 'linkerd-cni',
    project: 'linkerd/linkerd2',
    source: 'github:linkerd/linkerd2@a84dd4b0 cni-plugin/deployment/scripts/filter.jq (`.plugins += [$CNI_TMP_CONF_DATA]` into the existing conflist)',
  },
  {
    type: 'istio-cni',
    project: 'istio/istio',
    source: 'github:istio/istio cni/deployments/kubernetes/install/scripts/filter.jq (`.plugins += [$CNI_TMP_CONF_DATA]` into the existing conflist)',
  },
];

export function chainedPlugin(type: string): ChainedPlugin | undefined {
  return CHAINED_PLUGINS.find((p) => p.type === type);
}
