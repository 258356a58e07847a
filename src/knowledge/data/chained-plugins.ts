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
    source:
      'github:istio/istio cni/deployments/kubernetes/install/scripts/filter.jq (`.plugins += [$CNI_TMP_CONF_DATA]` into the existing conflist), since in Go: github:istio/istio@86c9f01f cni/pkg/install/cniconfig.go insertCNIConfig (`newMap["plugins"] = append(plugins, istioMap)`)',
  },
  {
    type: 'kuma-cni',
    project: 'kumahq/kuma',
    source:
      'github:kumahq/kuma@348b6528 app/cni/pkg/install/transform.go (`pluginsArray = append(pluginsArray, kumaCniConfigParsed)` into the existing conflist; a single config is wrapped into a list with it); its entry: deployments/charts/kuma/templates/cni-configmap.yaml',
  },
];

export function chainedPlugin(type: string): ChainedPlugin | undefined {
  return CHAINED_PLUGINS.find((p) => p.type === type);
}
