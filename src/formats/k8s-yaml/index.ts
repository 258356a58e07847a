/**
 * CNI configs embedded in Kubernetes YAML: ConfigMap data (Calico `cni_network_config`, Flannel
 * `cni-conf.json`, any `*.conflist` key or any string that is a CNI config), Multus
 * NetworkAttachmentDefinition `spec.config`, Helm values strings. See readme.md beside this file.
 */
import type { FormatModule } from '../types.js';
import { analyzeK8sYaml, planK8sYaml, verifyK8sYaml, type K8sYamlData } from './k8s-yaml.js';
import { mightClaimK8sYaml } from './cni-signals.js';

export const k8sYaml: FormatModule<K8sYamlData> = {
  id: 'k8s-yaml',
  displayName: 'Kubernetes YAML manifest (ConfigMap, NetworkAttachmentDefinition, Helm values)',
  patterns: ['**/*.yaml', '**/*.yml'],
  mightClaim: mightClaimK8sYaml,
  analyze: analyzeK8sYaml,
  plan: planK8sYaml,
  verify: verifyK8sYaml,
};
