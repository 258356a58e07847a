/**
 * A config in the values of a chart that installs its own plugin (flannel's) runs that plugin,
 * whichever release of the containernetworking plugins the nodes have: a HelmRelease, HelmChart or
 * Application that deploys the chart says so, as the chart's own DaemonSet would.
 */
import { describe, expect, it } from 'vitest';
import { planFile } from '../../src/core/plan.js';

const CNI_CONF = [
  '{',
  '  "name": "cbr0",',
  '  "cniVersion": "0.3.1",',
  '  "plugins": [',
  '    { "type": "flannel", "delegate": { "hairpinMode": true, "isDefaultGateway": true } },',
  '    { "type": "portmap", "capabilities": { "portMappings": true } }',
  '  ]',
  '}',
];
const indented = (n: number): string => CNI_CONF.map((l) => ' '.repeat(n) + l).join('\n');

const deployments = {
  'a Flux HelmRelease': (chart: string) =>
    `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: cni\nspec:\n  chart:\n    spec:\n      chart: ${chart}\n      sourceRef:\n        kind: HelmRepository\n        name: flannel\n  values:\n    flannel:\n      cniConf: |\n${indented(8)}\n`,
  'a k3s HelmChart': (chart: string) =>
    `apiVersion: helm.cattle.io/v1\nkind: HelmChart\nmetadata:\n  name: cni\n  namespace: kube-system\nspec:\n  chart: ${chart}\n  repo: https://flannel-io.github.io/flannel/\n  valuesContent: |-\n    flannel:\n      cniConf: |\n${indented(8)}\n`,
  'an Argo CD Application': (chart: string) =>
    `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: cni\nspec:\n  source:\n    repoURL: https://flannel-io.github.io/flannel/\n    chart: ${chart}\n    targetRevision: v0.28.9\n    helm:\n      values: |\n        flannel:\n          cniConf: |\n${indented(12)}\n`,
};

describe("a config in the values of flannel's chart, with a cni-plugins release that no longer ships flannel", () => {
  it.each(Object.entries(deployments))('%s of the flannel chart: flannel is the chart\'s, not PLUGIN_NOT_SHIPPED; another chart: PLUGIN_NOT_SHIPPED', (_, deploy) => {
    const options = { plugins: { releases: { 'cni-plugins': '1.1.1' } } };
    const flannel = planFile({ path: 'cni.yaml', text: deploy('flannel') }, options);
    expect(flannel.networks.length).toBe(1);
    expect(flannel.diagnostics.map((d) => d.code)).not.toContain('PLUGIN_NOT_SHIPPED');
    const other = planFile({ path: 'cni.yaml', text: deploy('my-network') }, options);
    expect(other.networks.length).toBe(1);
    expect(other.diagnostics.map((d) => d.code)).toContain('PLUGIN_NOT_SHIPPED');
  });
});
