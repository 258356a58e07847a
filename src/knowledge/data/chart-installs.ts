/**
 * Helm charts whose DaemonSets copy CNI plugin binaries onto the nodes, for manifests that deploy
 * the chart rather than hold its DaemonSet (a Flux HelmRelease, a k3s/RKE2 HelmChart, an Argo CD
 * Application): a config in such a document's values runs the plugin the chart installs, whatever
 * release of another project the nodes have.
 */
export interface ChartInstall {
  /** The chart's name, as its Chart.yaml says and a HelmRelease or Application names it. */
  readonly chart: string;
  /** Plugin types its DaemonSet copies into /opt/cni/bin. */
  readonly installs: readonly string[];
  readonly references: readonly string[];
}

export const CHART_INSTALLS: readonly ChartInstall[] = [
  {
    chart: 'flannel',
    installs: ['flannel'],
    references: [
      'github:flannel-io/flannel@cdf76059 chart/kube-flannel/Chart.yaml `name: flannel`; templates/daemonset.yaml:40-47 initContainer install-cni-plugin: cp -f /flannel /opt/cni/bin/flannel',
    ],
  },
];
