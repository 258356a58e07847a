/**
 * Plans one CNI network held in JSON text: resolves what each plugin accepts, asks the policy
 * for a version, and builds the edit. Offsets are relative to `text`; formats that embed JSON
 * (ConfigMaps) map them into the file.
 */
import { diagnostic, type PendingDiagnostic } from '../core/diagnostics.js';
import type { PlanContext } from '../formats/types.js';
import { isValidPluginType, resolvePluginSupport } from '../knowledge/plugin-support.js';
import { decideVersion } from '../core/policy.js';
import { compareVersions, isSpecVersion, newest } from '../core/spec-versions.js';
import type { Edit, NetworkPlan, PluginRef, PluginSupport, VersionDecision } from '../core/types.js';
import { networksWithin, type JsonNetwork } from './network.js';
import type { PreparedJson } from './prepare.js';
import { chainedPlugin } from '../knowledge/data/chained-plugins.js';
import { isTemplatedString } from './templated.js';
import { versionEdit } from './version-edit.js';

/** A quoted template placeholder in place of a plugin type. */
const TEMPLATE_TYPE = /^__[A-Za-z0-9_]+__$/;

export interface PlannedNetwork {
  readonly network: NetworkPlan;
  readonly edit: Edit | null;
  readonly diagnostics: PendingDiagnostic[];
}

/** A network of the text with where its object is (`[]`, or `['delegates', i]` for a Multus delegate). */
export interface PlannedAt extends PlannedNetwork {
  readonly path: readonly (string | number)[];
}

/** The network and, for Multus, each of its delegates: every one is planned at its own version. */
export function planJsonNetworks(text: string, prepared: PreparedJson, net: JsonNetwork, context: PlanContext): PlannedAt[] {
  return networksWithin(net).map(({ network, path }) => ({ ...planJsonNetwork(text, prepared, network, context), path }));
}

export function planJsonNetwork(text: string, prepared: PreparedJson, net: JsonNetwork, context: PlanContext): PlannedNetwork {
  const diagnostics: PendingDiagnostic[] = [...textDiagnostics(prepared, net.templated)];
  if (net.versionCount > 1 && net.versionValue && !net.templated) {
    diagnostics.push(diagnostic('DUPLICATE_KEY', { key: net.versionKey, count: net.versionCount }, span(net.versionValue)));
  }
  // A template's spellings may stand in branches of which only one is rendered.
  if (!net.templated) for (const v of net.keyVariants) diagnostics.push(diagnostic('KEY_CASE_VARIANT', { key: v.field, spellings: v.spellings, read: v.read }, { offset: v.offset, length: v.length }));
  // In a template, an entry without a type is one the template completes (or both branches of an `if`).
  const untyped = net.templated ? [] : net.untypedPlugins;
  const emptyList = net.emptyPluginList && !net.templated;
  for (const offset of untyped) diagnostics.push(diagnostic('PLUGIN_TYPE_INVALID', { type: '' }, { offset, length: 1 }));
  if (emptyList) diagnostics.push(diagnostic('PLUGIN_LIST_EMPTY', {}, span(net.root)));
  // A bare placeholder (`"type": __IPAM_TYPE__`) was masked; report it by its real token.
  const plugins = net.plugins.map((ref) => (text[ref.offset] === '"' || text.startsWith(ref.type, ref.offset) ? ref : { ...ref, type: text.slice(ref.offset, ref.offset + ref.type.length + 2) }));

  const support: PluginSupport[] = [];
  const seen = new Set<string>();
  const chainTypes = plugins.map((p) => p.type);
  for (const ref of plugins) {
    const at = { offset: ref.offset, length: ref.type.length + 2 };
    if (TEMPLATE_TYPE.test(ref.type) || isTemplatedString(ref.type)) {
      // Filled in at install time (Calico's __IPAM_TYPE__): which plugin runs is not known here.
      if (!seen.has(ref.type)) support.push({ type: ref.type, status: 'unknown', templated: true });
      seen.add(ref.type);
      continue;
    }
    if (!isValidPluginType(ref.type)) {
      diagnostics.push(diagnostic('PLUGIN_TYPE_INVALID', { type: ref.type }, at));
      if (!seen.has(ref.type)) support.push({ type: ref.type, status: 'unknown' });
      seen.add(ref.type);
      continue;
    }
    if (seen.has(ref.type)) continue;
    seen.add(ref.type);
    for (const problem of context.plugins.problems?.[ref.type] ?? []) diagnostics.push({ ...problem, at });
    const resolved = resolvePluginSupport(ref.type, context.plugins, context.data, chainTypes);
    support.push(resolved.support);
    for (const d of resolved.diagnostics) diagnostics.push({ ...d, at });
  }

  const chained = net.kind === 'conf' && net.current.kind === 'missing' && !net.versionMember && plugins.length === 1 ? chainedPlugin(plugins[0]!.type) : undefined;
  if (chained) {
    diagnostics.push(diagnostic('CHAINED_PLUGIN_ENTRY', { type: chained.type, project: chained.project }, { offset: net.root.offset, length: 1 }));
    return {
      network: networkPlan(net, plugins, support, [], { action: 'none', reason: `a ${chained.type} entry for the node's existing config; it runs at that config's cniVersion` }),
      edit: null,
      diagnostics,
    };
  }
  if (untyped.length > 0 || emptyList) {
    // libcni cannot load this network at all; no version choice would make it run.
    return {
      network: networkPlan(net, plugins, support, [], { action: 'none', reason: 'the network cannot be loaded until every plugin has a type' }),
      edit: null,
      diagnostics,
    };
  }
  diagnostics.push(...networkDiagnostics(text, net, support, context));
  const policy = decideVersion({ current: net.current, support, runtime: context.runtime, targetVersion: context.targetVersion });
  const versionAt = net.versionValue ? span(net.versionValue) : net.versionMember ? span(net.versionMember) : { offset: net.root.offset, length: 1 };
  for (const d of policy.diagnostics) {
    // Plugin-specific findings point at the plugin; version findings at the version (or the object).
    const plugin = d.code === 'PLUGIN_UNKNOWN' ? plugins.find((p) => p.type === d.args.type) : undefined;
    diagnostics.push({ ...d, at: plugin ? { offset: plugin.offset, length: plugin.type.length + 2 } : versionAt });
  }
  const decision = policy.decision;
  diagnostics.push(...cniVersionsDiagnostics(net, decision, policy.supportedByAll, context, versionAt));
  const edit =
    decision.action === 'insert' || decision.action === 'rewrite'
      ? versionEdit(text, net.root, net.versionValue, decision.version)
      : null;
  return { network: networkPlan(net, plugins, support, policy.supportedByAll, decision), edit, diagnostics };
}

function networkPlan(
  net: JsonNetwork,
  plugins: readonly PluginRef[],
  support: readonly PluginSupport[],
  supportedByAll: readonly string[],
  decision: VersionDecision,
): NetworkPlan {
  return {
    name: net.name,
    kind: net.kind,
    currentVersion: net.current.kind === 'missing' ? null : net.current.kind === 'string' ? net.current.value : net.current.raw,
    plugins,
    support,
    supportedByAll,
    decision,
  };
}

/**
 * libcni v1.2.0+ (runtimes whose newest config version is 1.1.0) runs a network at the highest of
 * `cniVersion` and its `cniVersions` entries, ignoring entries above 1.1.0. An entry the plugins
 * reject then breaks the network whatever `cniVersion` says.
 * Reference: cni-compat.md §1 "`cniVersions`" (libcni conf.go, v1.2.0+).
 */
function cniVersionsDiagnostics(
  net: JsonNetwork,
  decision: VersionDecision,
  supportedByAll: readonly string[],
  context: PlanContext,
  at: { offset: number; length: number },
): PendingDiagnostic[] {
  if (!net.cniVersions || compareVersions(context.runtime.maxConfigVersion, '1.1.0') < 0) return [];
  const planned = decision.action === 'none' ? (net.current.kind === 'string' ? net.current.value : null) : decision.version;
  const candidates = [planned, ...net.cniVersions].filter((v): v is string => v !== null && isSpecVersion(v) && compareVersions(v, '1.1.0') <= 0);
  const effective = newest(candidates);
  if (effective === null || effective === planned || supportedByAll.includes(effective)) return [];
  return [diagnostic('CNI_VERSIONS_UNSUPPORTED', { effective, cniVersion: planned, runtime: `${context.runtime.name} ${context.runtime.version}` }, at)];
}

/** libcni's network name rule. Reference: libcni api.go / pkg/utils ValidateNetworkName (v0.8.1+). */
const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Findings about the network's own members and its plugins against the runtime. */
function networkDiagnostics(text: string, net: JsonNetwork, support: readonly PluginSupport[], context: PlanContext): PendingDiagnostic[] {
  const out: PendingDiagnostic[] = [];
  const root = { offset: net.root.offset, length: 1 };
  const nameNode = net.nameValue;
  // A daemon's configuration is not loaded by libcni; the config the daemon writes gets a name.
  if (!nameNode) {
    if (!net.daemonConfig) out.push(diagnostic('NAME_MISSING', { list: net.kind === 'conflist' }, root));
  } else if (text[nameNode.offset] === '"') {
    // A quoted placeholder or template (`"__NAME__"`, `"{{ .Name }}"`) is filled in later.
    const name = nameNode.type === 'string' ? (nameNode.value as string) : text.slice(nameNode.offset, nameNode.offset + nameNode.length);
    if (!NETWORK_NAME.test(name) && !/^__\w+__$|\{\{|\{%/.test(name)) out.push(diagnostic('NAME_INVALID', { name }, span(nameNode)));
  }
  if (net.cniVersions && net.current.kind === 'missing') {
    out.push(diagnostic('CNI_VERSIONS_WITHOUT_CNI_VERSION', { versions: net.cniVersions }, root));
  }
  // Reference: containerd#6876, go-cni PR #88; Kubernetes "Troubleshooting CNI plugin-related errors".
  const runtime = context.runtime;
  const loopback = support.find((s) => s.type === 'loopback');
  if (runtime.name === 'containerd' && /^1\.6\./.test(runtime.version) && loopback?.status === 'exact' && !loopback.versions.includes('1.0.0')) {
    const ref = net.plugins.find((p) => p.type === 'loopback');
    out.push(
      diagnostic(
        'LOOPBACK_TOO_OLD',
        { runtime: `${runtime.name} ${runtime.version}`, accepts: loopback.versions, needs: runtime.loopbackConfigVersion ?? '1.0.0' },
        ref ? { offset: ref.offset, length: ref.type.length + 2 } : root,
      ),
    );
  }
  return out;
}

/**
 * Findings about the text itself: what Go's JSON parser rejects, and placeholders kept as they
 * are. In a template a comma before a closing bracket is usually one its directives complete.
 */
function textDiagnostics(prepared: PreparedJson, templated: boolean): PendingDiagnostic[] {
  const out: PendingDiagnostic[] = [];
  const strictness = templated ? prepared.strictness.filter((p) => p.kind !== 'trailing-comma') : prepared.strictness;
  const first = strictness[0];
  if (first) {
    const counts = new Map<string, number>();
    for (const p of strictness) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
    const problems = [...counts].map(([kind, n]) => (n === 1 ? kind : `${kind} ×${n}`));
    out.push(diagnostic('JSON_NOT_STRICT', { problems }, { offset: first.offset, length: first.length }));
  }
  const directive = prepared.directives[0];
  if (directive) {
    out.push(diagnostic('TEMPLATE_DIRECTIVES', { count: prepared.directives.length, first: directive.token }, { offset: directive.offset, length: directive.length }));
  }
  const placeholder = prepared.placeholders[0];
  if (placeholder) {
    const tokens = [...new Set(prepared.placeholders.map((p) => p.token))];
    out.push(diagnostic('TEMPLATE_PLACEHOLDER', { tokens }, { offset: placeholder.offset, length: placeholder.length }));
  }
  return out;
}

function span(node: { offset: number; length: number }): { offset: number; length: number } {
  return { offset: node.offset, length: node.length };
}
