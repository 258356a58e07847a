/** The generated conflist as a Kubernetes ConfigMap (`generate --format yaml`). */
import { GenerateError } from './generate-error.js';

/** Where containerd's install-cni writes the file, and the ConfigMap data key used for it. */
export const CONTAINERD_BRIDGE_FILENAME = '10-containerd-net.conflist';

export interface ConfigMapOptions {
  /** metadata.name (default `cni-config`): a DNS-1123 subdomain. */
  readonly name?: string;
  /** metadata.namespace (default `kube-system`): a DNS-1123 label. */
  readonly namespace?: string;
  /** The data key (default `10-containerd-net.conflist`). */
  readonly key?: string;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * A Kubernetes ConfigMap holding the conflist text under one data key, as a literal block
 * scalar (`|`), so the JSON reads in the manifest exactly as it will on the node.
 */
export function renderConfigMap(conflistText: string, options: ConfigMapOptions = {}): string {
  const name = options.name ?? 'cni-config';
  const namespace = options.namespace ?? 'kube-system';
  const key = options.key ?? CONTAINERD_BRIDGE_FILENAME;
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    throw new GenerateError(`ConfigMap name "${name}" is not a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", at most 253 characters`, name);
  }
  if (namespace.length > 63 || !DNS1123_LABEL.test(namespace)) {
    throw new GenerateError(`namespace "${namespace}" is not a DNS-1123 label: lower-case letters, digits and "-", at most 63 characters`, namespace);
  }
  if (key.length > 253 || !CONFIGMAP_KEY.test(key) || key === '.' || key === '..') {
    throw new GenerateError(`ConfigMap data key "${key}" is not valid: letters, digits, "-", "_" and "."`, key);
  }
  const body = conflistText
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line === '' ? '' : `    ${line}`))
    .join('\n');
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${yamlScalar(name)}`,
    `  namespace: ${yamlScalar(namespace)}`,
    'data:',
    `  ${yamlScalar(key)}: |`,
    body,
    '',
  ].join('\n');
}

/** Plain when no YAML 1.1 or 1.2 reader could take it for anything but a string; else double-quoted. */
function yamlScalar(value: string): string {
  const ambiguous =
    !/^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(value) ||
    /^(y|n|yes|no|true|false|on|off|null)$/i.test(value) ||
    /^[-+]?(\d[\d_]*)?(\.[\d_]*)?(e[-+]?\d+)?$/i.test(value) || // numbers (1.1 allows "_")
    /^0[xob]/i.test(value) ||
    /^\d{4}-\d\d?-\d\d?/.test(value); // YAML 1.1 timestamps
  return ambiguous ? JSON.stringify(value) : value;
}
