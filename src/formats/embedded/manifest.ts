/**
 * What the YAML and JSON manifest formats share about Kubernetes objects that hold CNI configs.
 */
import { readNetwork, type JsonNetwork } from '../../network/network.js';
import { prepareJson, type Placeholder, type PreparedJson } from '../../network/prepare.js';

/**
 * A NetworkAttachmentDefinition: its `spec.config` is a CNI config Multus runs (and names after
 * the object when the config has no name).
 */
export const NAD_KIND = 'NetworkAttachmentDefinition';

/**
 * Whether the string at `path` of a document is a NetworkAttachmentDefinition's config: the
 * document's own `spec.config`, or an item's of a `List` (`kubectl get net-attach-def -o yaml`).
 */
export function isAttachmentConfig(document: unknown, path: readonly (string | number)[]): boolean {
  if (typeof document !== 'object' || document === null) return false;
  const object = document as { kind?: unknown; items?: unknown };
  if (path[0] === 'items' && typeof path[1] === 'number' && Array.isArray(object.items)) return isAttachmentConfig(object.items[path[1]], path.slice(2));
  return object.kind === NAD_KIND && path.length === 2 && path[0] === 'spec' && path[1] === 'config';
}

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

/** What a manifest's string is, read as a CNI config (`readEmbeddedConfig`). */
export type EmbeddedReading =
  | { readonly kind: 'network'; readonly prepared: PreparedJson; readonly network: JsonNetwork }
  /** Not a CNI config: a script, a manifest, prose, a value (it may still be YAML that holds one). */
  | { readonly kind: 'not-cni' }
  /** A CNI config, or clearly one (a CNI key, or a JSON object naming `cniVersion`), that does not parse. */
  | { readonly kind: 'broken'; readonly offset: number; readonly problem: string }
  /** JSON that only the rendered template completes: not broken, only not readable before. */
  | { readonly kind: 'template-unread'; readonly offset: number; readonly problem: string };

/**
 * The one rule for "is this string a CNI network", shared by the YAML and JSON manifest formats:
 * only a string under a CNI key (`claimed`), or a JSON object with CNI keys, is one; what does not
 * parse is broken only when it clearly tries to be one, and never when a template completes it.
 * `strict`: the string lies inside a string that is YAML itself (values, prose): only a CNI key
 * makes a broken one a CNI config there.
 */
export function readEmbeddedConfig(
  value: string,
  options: { readonly claimed: boolean; readonly templated?: boolean; readonly strict?: boolean; readonly folded?: readonly Placeholder[] },
): EmbeddedReading {
  const prepared = options.folded?.length ? { ...prepareJson(value), folded: options.folded } : prepareJson(value);
  const templated = options.templated === true || prepared.directives.length > 0;
  const jsonShaped = /^\s*\{/.test(prepared.masked);
  const namesVersion = /"cniVersion"\s*:/.test(prepared.masked);
  const read = readNetwork(prepared, options.claimed, templated);
  if (read.status === 'ok') return { kind: 'network', prepared, network: read.network };
  if (read.status === 'not-cni') {
    return templated && jsonShaped && namesVersion ? { kind: 'template-unread', offset: 0, problem: 'not a CNI config until rendered' } : { kind: 'not-cni' };
  }
  if (!options.claimed && (!jsonShaped || options.strict === true || !namesVersion)) return { kind: 'not-cni' };
  return templated ? { kind: 'template-unread', offset: read.offset, problem: read.problem } : { kind: 'broken', offset: read.offset, problem: read.problem };
}
