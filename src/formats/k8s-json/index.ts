/**
 * CNI configs embedded as JSON strings in Kubernetes JSON manifests (`kubectl get cm -o json`,
 * `kind: List`). See readme.md beside this file.
 */
import type { FormatModule } from '../types.js';
import { mightClaimK8sJson, analyzeK8sJson, planK8sJson, verifyK8sJson, type K8sJsonData } from './k8s-json.js';

export const k8sJson: FormatModule<K8sJsonData> = {
  id: 'k8s-json',
  displayName: 'Kubernetes JSON manifest (ConfigMap, List)',
  patterns: ['**/*.json'],
  mightClaim: mightClaimK8sJson,
  analyze: analyzeK8sJson,
  plan: planK8sJson,
  verify: verifyK8sJson,
};
