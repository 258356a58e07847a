/**
 * Plans one CNI network held in JSON text: resolves what each plugin accepts, asks the policy
 * for a version, and builds the edit. Offsets are relative to `text`; formats that embed JSON
 * (ConfigMaps) map them into the file.
 */
import { diagnostic, type PendingDiagnostic } from '../core/diagnostics.js';
import type { PlanContext } from '../formats/types.js';
import { isValidPluginType, normalizeRelease, resolvePluginSupport } from '../knowledge/plugin-support.js';
import { decideVersion, unconfirmedPlugins, type PolicyResult } from '../core/policy.js';
import { compareVersions, isSpecVersion, newest, sortVersions } from '../core/spec-versions.js';
import type { Edit, NetworkPlan, PluginRef, PluginSupport, RuntimeTarget, VersionDecision } from '../core/types.js';
import { honoursCniVersions, runtimeLabel, runtimesOf } from '../knowledge/runtime.js';
import { networksWithin, type JsonNetwork } from './network.js';
import type { PreparedJson } from './prepare.js';
import { chainedPlugin } from '../knowledge/data/chained-plugins.js';
import { isTemplatedString, writesText } from './templated.js';
import { cniVersionsEdits, versionEdit } from './version-edit.js';

export interface PlannedNetwork {
  readonly network: NetworkPlan;
  /** The edits of this network: its `cniVersion`, and with the `cniVersions` option its `cniVersions` array. */
  readonly edits: readonly Edit[];
  readonly diagnostics: PendingDiagnostic[];
}

/** A network of the text with where its object is (`[]`, or `['delegates', i]` for a Multus delegate). */
export interface PlannedAt extends PlannedNetwork {
  readonly path: readonly (string | number)[];
}

/**
 * The plugin type of Multus, which runs a NetworkAttachmentDefinition's config and a Multus
 * config's delegates with the libcni its release vendors, not the runtime's: it bounds their
 * version as a plugin of the chain does (cni-compat.json plugins.multus: v3.x executes up to
 * 0.4.0, v4.0 up to 1.0.0, v4.1+ up to 1.1.0).
 */
export const MULTUS_TYPE = 'multus';

/**
 * The network and, for Multus, each of its delegates: every one is planned at its own version.
 * `runByMultus`: the network is a NetworkAttachmentDefinition's config. Delegates always are.
 */
export function planJsonNetworks(text: string, prepared: PreparedJson, net: JsonNetwork, context: PlanContext, runByMultus = false): PlannedAt[] {
  return networksWithin(net).map(({ network, path }) => ({
    ...planJsonNetwork(text, prepared, network, context, runByMultus || path.length > 0, runByMultus && path.length === 0),
    path,
  }));
}

/**
 * `attachment`: the network is a NetworkAttachmentDefinition's config, whose result reaches the
 * runtime only when a pod takes it as its default network (policy.ts `resultToRuntime`).
 */
export function planJsonNetwork(text: string, prepared: PreparedJson, net: JsonNetwork, context: PlanContext, runByMultus = false, attachment = false): PlannedNetwork {
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
  // (A directive YAML folded out of the string stands nowhere in it: it keeps its own token.)
  const plugins = net.plugins.map((ref) =>
    text[ref.offset] === '"' || text.startsWith(ref.type, ref.offset) || writesText(ref.type) ? ref : { ...ref, type: text.slice(ref.offset, ref.offset + ref.type.length + 2) },
  );

  const support: PluginSupport[] = [];
  const seen = new Set<string>();
  const chainTypes = plugins.map((p) => p.type);
  for (const ref of plugins) {
    const at = { offset: ref.offset, length: ref.type.length + 2 };
    // A template's text or an install-time placeholder (Calico's `__IPAM_TYPE__`), whose accepted
    // versions may be stated by hand (`--plugin __IPAM_TYPE__=0.3.1,0.4.0`), as PLUGIN_UNKNOWN advises.
    const placeholder = isTemplatedString(ref.type);
    if (placeholder && !context.plugins.supported?.[ref.type]) {
      // Filled in at install time (Calico's __IPAM_TYPE__): which plugin runs is not known here.
      if (!seen.has(ref.type)) support.push({ type: ref.type, status: 'unknown', templated: true });
      seen.add(ref.type);
      continue;
    }
    if (!placeholder && !isValidPluginType(ref.type)) {
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
  if (runByMultus && !seen.has(MULTUS_TYPE)) {
    // Multus is not in the config, but its libcni executes it: it accepts or rejects the version
    // too. A probed binary says what; none in the directory is no finding (the thick plugin's
    // daemon runs it from its own image, and the runtime never looks for it by this name).
    const at = { offset: net.root.offset, length: 1 };
    const resolved = resolvePluginSupport(MULTUS_TYPE, context.plugins, context.data, chainTypes);
    support.push({ ...resolved.support, executor: true });
    for (const d of resolved.diagnostics) diagnostics.push({ ...d, at });
  }

  const chained = net.kind === 'conf' && net.current.kind === 'missing' && !net.versionMember && plugins.length === 1 ? chainedPlugin(plugins[0]!.type) : undefined;
  if (chained) {
    diagnostics.push(diagnostic('CHAINED_PLUGIN_ENTRY', { type: chained.type, project: chained.project }, { offset: net.root.offset, length: 1 }));
    return {
      network: networkPlan(net, plugins, support, [], { action: 'none', reason: `a ${chained.type} entry for the node's existing config; it runs at that config's cniVersion` }),
      edits: [],
      diagnostics,
    };
  }
  if (untyped.length > 0 || emptyList) {
    // libcni cannot load this network at all; no version choice would make it run.
    return {
      network: networkPlan(net, plugins, support, [], { action: 'none', reason: 'the network cannot be loaded until every plugin has a type' }),
      edits: [],
      diagnostics,
    };
  }
  diagnostics.push(...networkDiagnostics(text, net, support, context));
  const fleet = runtimesOf(context);
  const policy = decideVersion({
    current: net.current,
    support,
    runtime: context.runtime,
    runtimes: fleet,
    targetVersion: context.targetVersion,
    ...(attachment ? { resultToRuntime: 'as-default-network' as const } : {}),
  });
  const versionAt = net.versionValue ? span(net.versionValue) : net.versionMember ? span(net.versionMember) : { offset: net.root.offset, length: 1 };
  for (const d of policy.diagnostics) {
    // Plugin-specific findings point at the plugin; version findings at the version (or the object).
    const plugin = d.code === 'PLUGIN_UNKNOWN' ? plugins.find((p) => p.type === d.args.type) : undefined;
    diagnostics.push({ ...d, at: plugin ? { offset: plugin.offset, length: plugin.type.length + 2 } : versionAt });
  }
  const decision = policy.decision;
  diagnostics.push(...cniVersionsDiagnostics(net, decision, policy, support, fleet, versionAt));
  const primaryCheck = multusPrimaryCheck(net, decision, context.plugins);
  if (primaryCheck) diagnostics.push({ ...primaryCheck, at: versionAt });
  const edit =
    decision.action === 'insert' || decision.action === 'rewrite'
      ? versionEdit(text, net.root, net.versionValue, decision.version)
      : null;
  // A plugin nothing is known about may reject any version a cniVersions array would add.
  const versions = context.cniVersions && support.every((s) => s.status !== 'unknown') ? planCniVersions(net, decision, policy, fleet) : null;
  const edits = versions ? cniVersionsEdits(text, net.root, net.versionMember, net.cniVersionsMember, versions, edit) : edit ? [edit] : [];
  if (context.cniVersions && decision.action === 'rewrite' && decision.from !== null) {
    // The runtimes that could run the old version still run it through cniVersions: no live pod is downgraded.
    const from = decision.from;
    const list = versions ?? net.cniVersions;
    const kept = fleet.every((r) => compareVersions(r.maxConfigVersion, from) < 0 || executedVersion(net.kind, decision.version, list, r) === from);
    if (kept) diagnostics.splice(0, diagnostics.length, ...diagnostics.filter((d) => d.code !== 'VERSION_DOWNGRADE_LIVE'));
  }
  const plan = networkPlan(net, plugins, support, policy.supportedByAll, decision);
  const withVersions = versions ? { ...plan, cniVersions: { from: net.cniVersions, versions } } : plan;
  return { network: fleet.length > 1 ? { ...withVersions, executes: executes(net, decision, versions, fleet) } : withVersions, edits, diagnostics };
}

/**
 * Multus's daemon (v4.0.0+), generating its config from the node's primary one, refuses a primary
 * config below 0.4.0 once its own `cniVersion` is 0.4.0 or newer (CHECK came with 0.4.0). Said when
 * the plan moves a daemon configuration across that line, which the primary config must follow.
 * Reference: github:k8snetworkplumbingwg/multus-cni@v4.3.0(db307415)
 * pkg/server/config/generator.go:93-119 CheckVersionCompatibility, manager.go:175 (also @v4.0.0(1b01e3e4) manager.go:128).
 */
function multusPrimaryCheck(net: JsonNetwork, decision: VersionDecision, facts: PlanContext['plugins']): PendingDiagnostic | null {
  if (!net.checksPrimaryVersion || (decision.action !== 'insert' && decision.action !== 'rewrite')) return null;
  if (net.checksPrimaryVersion === 'before 4.1.0') {
    // forceCNIVersion: releases from 4.1.0 rewrite the primary config's version first.
    const release = normalizeRelease(facts.releases?.[MULTUS_TYPE] ?? '');
    if (release !== null && compareVersions(release, '4.1.0') >= 0) return null;
  }
  const below = (v: string | null): boolean => v === null || !isSpecVersion(v) || compareVersions(v, '0.4.0') < 0;
  if (below(decision.version) || !below(decision.from)) return null;
  return diagnostic('MULTUS_PRIMARY_VERSION', { from: decision.from, to: decision.version });
}

/** The `cniVersion` the plan leaves: the decided one, or the one written when nothing is decided. */
function plannedVersion(net: JsonNetwork, decision: VersionDecision): string | null {
  return decision.action === 'none' ? (net.current.kind === 'string' ? net.current.value : null) : decision.version;
}

/**
 * The version libcni runs a network at: v1.2.0+ (a runtime that reads `cniVersions`) takes the
 * highest of `cniVersion` and the list's `cniVersions` entries it can execute; older libcni, and
 * any libcni for a single-plugin config, takes `cniVersion`.
 * Reference: cni-compat.md §1 "`cniVersions`"; src/io/run-chain.ts selectCniVersion.
 */
export function executedVersion(kind: 'conflist' | 'conf', cniVersion: string | null, cniVersions: readonly string[] | null, runtime: RuntimeTarget): string | null {
  if (kind !== 'conflist' || !cniVersions || !honoursCniVersions(runtime)) return cniVersion;
  const entries = cniVersions.filter((v) => isSpecVersion(v) && compareVersions(v, runtime.maxConfigVersion) <= 0);
  return newest([...(cniVersion !== null && isSpecVersion(cniVersion) ? [cniVersion] : []), ...entries]) ?? cniVersion;
}

function executes(net: JsonNetwork, decision: VersionDecision, written: readonly string[] | null, fleet: readonly RuntimeTarget[]): { runtime: string; version: string | null }[] {
  const version = plannedVersion(net, decision);
  return fleet.map((r) => ({ runtime: runtimeLabel(r), version: executedVersion(net.kind, version, written ?? net.cniVersions, r) }));
}

/**
 * The `cniVersions` array to write, or null to leave the list as it is (docs/version-policy.md
 * "cniVersions"). When a runtime that reads it executes more than the oldest runtime does, and
 * the plugins accept a version beyond what every runtime accepts, the array lists the versions
 * every plugin accepts from the planned `cniVersion` up to the newest one such a runtime executes;
 * it is written when it raises what a runtime runs. An existing array keeps its entries, less
 * those that make a runtime run a version a plugin rejects (such an array is always rewritten).
 */
function planCniVersions(net: JsonNetwork, decision: VersionDecision, policy: PolicyResult, fleet: readonly RuntimeTarget[]): string[] | null {
  const { supportedByPlugins: byPlugins, supportedByAll } = policy;
  if (net.kind !== 'conflist' || net.templated || net.cniVersionsCount > 1) return null;
  const base = plannedVersion(net, decision);
  if (decision.action === 'none' || base === null || !isSpecVersion(base)) return null;
  // An array of other values, or another value, is libcni's parse error: fixed by hand (explain says how).
  const value = net.cniVersionsMember?.children?.[1];
  if (value && (value.type !== 'array' || (value.children ?? []).some((c) => c.type !== 'string'))) return null;
  const readers = fleet.filter(honoursCniVersions);
  if (readers.length === 0) return null;
  const oldest = fleet[0]!;
  const newer = readers.filter((r) => compareVersions(r.maxConfigVersion, oldest.maxConfigVersion) > 0);
  const ceiling = newest(readers.map((r) => r.maxConfigVersion))!;
  // Only versions beyond what every runtime accepts need the array; without one, cniVersion serves all.
  const bound = newest(supportedByAll) ?? base;
  const beyond = newer.length > 0 && byPlugins.some((v) => isSpecVersion(v) && compareVersions(v, bound) > 0 && compareVersions(v, ceiling) <= 0);
  const target = beyond ? [base, ...byPlugins.filter((v) => isSpecVersion(v) && compareVersions(v, base) > 0 && compareVersions(v, ceiling) <= 0)] : [];
  const existing = value ? (net.cniVersions ?? []) : null;
  if (existing === null) return target.length > 1 ? target : null;
  // An entry above cniVersion that a plugin rejects is what a reader would pick and fail on. One
  // that only some releases accept is kept (never taken out on a guess: cniVersionsDiagnostics warns).
  const rejected = (v: string): boolean => isSpecVersion(v) && compareVersions(v, base) > 0 && !policy.possibleByPlugins.includes(v);
  const kept = existing.filter((v) => !rejected(v));
  const spec = sortVersions([...kept.filter(isSpecVersion), ...target]);
  const next = [...spec, ...kept.filter((v) => !isSpecVersion(v))];
  const runs = (list: readonly string[], r: RuntimeTarget): string | null => executedVersion('conflist', base, list, r);
  const wrong = kept.length !== existing.length && readers.some((r) => runs(existing, r) !== runs(kept, r));
  const raises = newer.some((r) => runs(existing, r) !== runs(next, r));
  const same = next.length === existing.length && next.every((v, i) => v === existing[i]);
  return !same && (wrong || raises) ? next : null;
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
  policy: PolicyResult,
  support: readonly PluginSupport[],
  fleet: readonly RuntimeTarget[],
  at: { offset: number; length: number },
): PendingDiagnostic[] {
  const readers = fleet.filter(honoursCniVersions);
  if (!net.cniVersions || readers.length === 0) return [];
  const planned = plannedVersion(net, decision);
  const candidates = [planned, ...net.cniVersions].filter((v): v is string => v !== null && isSpecVersion(v) && compareVersions(v, '1.1.0') <= 0);
  const effective = newest(candidates);
  if (effective === null || effective === planned) return [];
  // What each reader runs: rejected when a plugin rejects it for certain, or the runtime cannot execute it.
  const rejecting = readers.filter((r) => !(policy.possibleByPlugins.includes(effective) && compareVersions(effective, r.maxConfigVersion) <= 0));
  if (rejecting.length > 0) return [diagnostic('CNI_VERSIONS_UNSUPPORTED', { effective, cniVersion: planned, runtime: rejecting.map(runtimeLabel).join(', ') }, at)];
  // Only some releases of a plugin accept it: said as of a cniVersion, never taken out on a guess.
  const unsure = policy.settledByPlugins.includes(effective) ? [] : unconfirmedPlugins(support, effective);
  if (unsure.length === 0) return [];
  return [diagnostic('CNI_VERSION_UNCONFIRMED', { version: effective, plugins: unsure, runtimes: readers.map(runtimeLabel).join(', ') }, at)];
}

/** libcni's network name rule. Reference: github:containernetworking/cni@v0.8.0(11db36c1) libcni/api.go addNetwork, pkg/skel/skel.go, pkg/utils/utils.go ValidateNetworkName; absent @v0.7.1(4cfb7b56). */
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
  const runtime = runtimesOf(context).find((r) => r.name === 'containerd' && /^1\.6\./.test(r.version));
  const loopback = support.find((s) => s.type === 'loopback');
  if (runtime && loopback?.status === 'exact' && !loopback.versions.includes('1.0.0')) {
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
