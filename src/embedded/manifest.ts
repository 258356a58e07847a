/**
 * What the YAML and JSON manifest formats share about Kubernetes objects that hold CNI configs.
 */

/**
 * Keys whose string is a CNI config by convention, so a broken one is reported rather than
 * ignored. (`*.conf` keys are too common to claim; a real CNI `.conf` is found by its content.)
 */
export const CNI_KEYS = /^(cni_network_config|cni-conf\.json|cniConf|.+\.conflist)$/;

/** `ConfigMap kube-system/calico-config ` for a Kubernetes object; '' for anything else. */
export function describeObject(obj: unknown): string {
  const o = obj as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
  if (!o || typeof o !== 'object' || typeof o.kind !== 'string') return '';
  const ns = typeof o.metadata?.namespace === 'string' ? `${o.metadata.namespace}/` : '';
  const name = typeof o.metadata?.name === 'string' ? o.metadata.name : '?';
  return `${o.kind} ${ns}${name} `;
}
