import { isDeepStrictEqual } from 'node:util';
import { getNodeValue, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { diagnostic, type PendingDiagnostic } from '../../core/diagnostics.js';
import { embeddedPluginTypes, placeImageFindings, planEmbedded, verifyEmbeddedNetworks, type EmbeddedNetwork } from '../embedded/plan-embedded.js';
import { CNI_KEYS, describeObject, isAttachmentConfig, readEmbeddedConfig } from '../embedded/manifest.js';
import { jsonString } from '../embedded/text.js';
import { MAX_NESTING, nestingDepth } from '../../network/network.js';
import { withImageReleases } from '../../knowledge/manifest-releases.js';
import type { FileInput } from '../../core/types.js';
import type { Analysis, FormatPlan, PlanContext } from '../types.js';

export interface K8sJsonData {
  readonly networks: readonly EmbeddedNetwork[];
  readonly document: unknown;
}


/** Inside a JSON string, the config's own quotes are escaped: `\"type\"`. */
const CONFIG_SIGNS = ['\\"type', 'cniVersion'];

function mightHoldCni(text: string): boolean {
  return CONFIG_SIGNS.some((s) => text.includes(s));
}

/** Whether analyzeK8sJson could claim a file of this path whose text holds what `holds` says (FormatModule.mightClaim). */
export function mightClaimK8sJson(path: string, holds: (ascii: string) => boolean): boolean {
  return /\.json$/i.test(path) && CONFIG_SIGNS.some(holds) && (holds('"kind"') || holds('"op"'));
}

/**
 * A JSON patch (RFC 6902, kustomize's `patchesJson6902` file): an array of operations, each with
 * an `op` and a `path`; the string an operation sets is at the key its path ends in.
 */
function isJsonPatch(document: unknown): document is { op: unknown; path: unknown }[] {
  return Array.isArray(document) && document.length > 0 && document.every((o) => typeof o === 'object' && o !== null && typeof o.op === 'string' && typeof o.path === 'string');
}

/** `/data/cni_network_config` → `cni_network_config` (`~1` and `~0` unescaped, as RFC 6901 writes `/` and `~`). */
function lastPointerKey(pointer: string): string {
  return (pointer.split('/').at(-1) ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
}

export function analyzeK8sJson(input: FileInput): Analysis<K8sJsonData> | null {
  if (!mightClaimK8sJson(input.path, (s) => input.text.includes(s))) return null;
  const depth = nestingDepth(input.text);
  if (depth > MAX_NESTING) {
    return { ok: false, format: 'k8s-json', diagnostics: [diagnostic('JSON_PARSE_ERROR', { problem: `nesting ${depth} levels deep (more than ${MAX_NESTING})` }, { offset: 0, length: 1 })] };
  }
  const errors: ParseError[] = [];
  const root = parseTree(input.text, errors, { allowTrailingComma: false, disallowComments: true });
  if (!root || (root.type !== 'object' && root.type !== 'array') || errors.length > 0) return null;
  const document = getNodeValue(root) as { apiVersion?: unknown; kind?: unknown };
  const patch = isJsonPatch(document);
  if (!patch && (typeof document.kind !== 'string' || typeof document.apiVersion !== 'string')) return null;
  const networks: EmbeddedNetwork[] = [];
  let fatal: PendingDiagnostic | null = null;
  walk(root, [], (node, path) => {
    const value = node.value as string;
    if (fatal || !mightHoldCni(JSON.stringify(value))) return;
    // In a JSON patch, the value an operation sets stands at the key its path names.
    const operation = patch && path.length === 2 && path[1] === 'value' ? (document as { op: string; path: string }[])[path[0] as number] : undefined;
    const key = operation ? lastPointerKey(operation.path) : String(path.at(-1) ?? '');
    const reading = readEmbeddedConfig(value, { claimed: CNI_KEYS.test(key) });
    if (reading.kind === 'not-cni') return;
    const location = operation ? `JSON patch ${operation.op} ${operation.path}` : `${describeOwner(document, path)}${path.join('.')}`;
    const text = jsonString(input.text, node.offset, node.offset + node.length, value);
    if (reading.kind !== 'network') {
      // A JSON manifest is not a template: what does not parse is broken.
      const at = text ? text.toFile(Math.min(reading.offset, value.length)) : node.offset;
      fatal = diagnostic('JSON_PARSE_ERROR', { problem: `${location}: ${reading.problem}` }, { offset: at, length: 1 });
      return;
    }
    const { prepared, network } = reading;
    if (!text) {
      fatal = diagnostic('EMBEDDED_EDIT_UNSAFE', { location, style: 'json-string' }, { offset: node.offset, length: 1 });
      return;
    }
    const attachmentDefinition = isAttachmentConfig(document, path);
    networks.push({ location, path, document: 0, text, prepared, network, range: [node.offset, node.offset + node.length], ...(attachmentDefinition ? { attachmentDefinition } : {}) });
  });
  if (fatal) return { ok: false, format: 'k8s-json', diagnostics: [fatal] };
  if (networks.length === 0) return null;
  const types = embeddedPluginTypes(networks);
  return { ok: true, format: 'k8s-json', pluginTypes: types, data: { networks, document } };
}

export function planK8sJson(input: FileInput, data: K8sJsonData, context: PlanContext): FormatPlan {
  const { context: informed, diagnostics } = withImageReleases(context, [data.document]);
  return planEmbedded(data.networks, informed, placeImageFindings(input.text, diagnostics));
}

export function verifyK8sJson(_before: FileInput, _after: string, plan: FormatPlan, beforeData: K8sJsonData, analyzeAfter: () => Analysis<K8sJsonData> | null): string | null {
  const a = analyzeAfter();
  if (!a?.ok) return 'the result no longer parses';
  const strings = verifyEmbeddedNetworks(beforeData.networks, a.data.networks, plan);
  if (strings) return strings;
  const outside = (doc: unknown, networks: readonly EmbeddedNetwork[]): unknown => {
    const copy = structuredClone(doc) as Record<string | number, unknown>;
    for (const n of networks) {
      let node: Record<string | number, unknown> = copy;
      for (const k of n.path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
      node[n.path.at(-1)!] = null;
    }
    return copy;
  };
  return isDeepStrictEqual(outside(a.data.document, a.data.networks), outside(beforeData.document, beforeData.networks))
    ? null
    : 'the result differs outside the CNI configs';
}

function walk(node: Node, path: (string | number)[], visit: (n: Node, path: (string | number)[]) => void): void {
  if (node.type === 'object') {
    for (const prop of node.children ?? []) {
      const [key, value] = prop.children ?? [];
      if (key && value) walk(value, [...path, key.value as string], visit);
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((child, i) => walk(child, [...path, i], visit));
  } else if (node.type === 'string') {
    visit(node, path);
  }
}

/** `ConfigMap kube-system/calico-config ` for the object (or List item) that holds `path`. */
function describeOwner(document: unknown, path: readonly (string | number)[]): string {
  const list = document as { kind?: unknown; items?: unknown[] };
  const inList = list.kind === 'List' && path[0] === 'items' && typeof path[1] === 'number';
  return describeObject(inList ? (list.items?.[path[1] as number] ?? {}) : document);
}
