/**
 * The readiness report's model: the facts the readiness playbook gathers on each node (the
 * module's check-mode results on the node's own runtime and on the target) judged, check by check,
 * into ok / warning / blocking and a verdict per node. Pure: facts in, data out; the HTML,
 * Markdown and JSON renderers only present it. Every string that comes from a node is data here
 * and is escaped by each renderer.
 */
import * as semver from '../knowledge/semver-functions.js';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../core/diagnostics.js';
import { resolveRuntime, RuntimeSpecError } from '../knowledge/runtime.js';
import type { ModuleFinding, ModuleNetwork, ModuleProbe, ModuleResult, ModuleRuntime } from '../ansible/module.js';
import { diagnosticDocUrl } from './docs-links.js';
import { READINESS_FIXES } from './readiness-fixes.js';

/** One run of the module on a node, as Ansible registered it (check mode, fail_on never). */
export type ReadinessRun = Partial<
  Pick<ModuleResult, 'failed' | 'msg' | 'changed_files' | 'findings' | 'unreadable' | 'load_order' | 'networks' | 'probes' | 'node_runtime' | 'runtime' | 'warnings'>
>;

/** What the readiness playbook gathered on one node. */
export interface ReadinessNodeFacts {
  readonly name: string;
  /** The node's inventory groups. */
  readonly groups?: readonly string[];
  readonly path?: string;
  readonly bin_dir?: string;
  /** The module run against the runtime the node reports (null: the node gave no facts). */
  readonly current?: ReadinessRun | null;
  /** The module run against the target runtime. */
  readonly target?: ReadinessRun | null;
}

/** The readiness playbook's facts file. */
export interface ReadinessFacts {
  /** The runtime the fleet moves to, as the runtime option spells it: containerd@2.1.0. */
  readonly target: string;
  readonly generated?: string;
  readonly nodes: readonly ReadinessNodeFacts[];
}

export type CheckId = 'runtime' | 'target' | 'plugins' | 'configs' | 'loopback' | 'load';
export type CheckStatus = 'ok' | 'warning' | 'blocking' | 'n/a';
export type Verdict = 'ready' | 'ready with warnings' | 'blocked';

/** The checks, in the matrix's column order, with what each means (docs/readiness.md says more). */
export const READINESS_CHECKS: readonly { readonly id: CheckId; readonly title: string; readonly description: string }[] = [
  { id: 'runtime', title: 'Runtime', description: 'the runtime the node runs, from its containerd --version or crio --version' },
  { id: 'target', title: 'Target', description: 'the target runtime is in the compatibility data, and the node moves to it' },
  { id: 'plugins', title: 'Plugins', description: 'every plugin binary the configs use is present and accepts the cniVersion the configs need on the target' },
  { id: 'configs', title: 'Configs', description: "the configs' cniVersion works on the target: the module's findings on the target, and the files its fix would change" },
  { id: 'loopback', title: 'Loopback', description: "containerd runs its built-in loopback network with the bin directory's loopback binary, which must accept that network's cniVersion" },
  { id: 'load', title: 'Loads', description: 'what the target runtime loads from each node config directory' },
];

export interface CheckCell {
  readonly status: CheckStatus;
  /** One line for the matrix. */
  readonly summary: string;
  readonly details: readonly string[];
}

export interface ReadinessFinding {
  readonly check: CheckId;
  readonly code: string;
  readonly severity: string;
  readonly status: CheckStatus;
  readonly path: string;
  readonly line: number | null;
  readonly message: string;
  readonly fix: string;
  /** The code's section of docs/diagnostics.md; null for a code the project does not know. */
  readonly docs: string | null;
}

export interface NodeReadiness {
  readonly name: string;
  readonly groups: readonly string[];
  readonly verdict: Verdict;
  /** The runtime the node runs, as detected (containerd@1.7.13), or null. */
  readonly runtime: string | null;
  readonly cells: Readonly<Record<CheckId, CheckCell>>;
  readonly findings: readonly ReadinessFinding[];
  readonly probes: readonly ModuleProbe[];
  readonly networks: readonly ModuleNetwork[];
  readonly loads: readonly { readonly directory: string; readonly file: string | null }[];
}

export interface ReadinessReport {
  readonly target: { readonly spec: string; readonly runtime: ModuleRuntime & { readonly loopback_config_version: string | null }; readonly error: null } | { readonly spec: string; readonly runtime: null; readonly error: string };
  readonly generated: string | null;
  readonly checks: typeof READINESS_CHECKS;
  /** Node groups, each naming its nodes; a node is in every group it belongs to. */
  readonly groups: readonly { readonly name: string; readonly nodes: readonly string[] }[];
  readonly nodes: readonly NodeReadiness[];
  readonly totals: Readonly<Record<Verdict, number>>;
}

/** The group of nodes that are in no group the report groups by. */
export const UNGROUPED = 'ungrouped';

const RANK: Record<CheckStatus, number> = { 'n/a': 0, ok: 0, warning: 1, blocking: 2 };
const worst = (statuses: readonly CheckStatus[]): CheckStatus => statuses.reduce<CheckStatus>((w, s) => (RANK[s] > RANK[w] ? s : w), 'ok');

/** Which check a finding belongs to; the rest are the configs' own. */
const CHECK_OF_CODE: Partial<Record<DiagnosticCode, CheckId>> = {
  PLUGIN_BINARY_MISSING: 'plugins',
  PROBE_FAILED: 'plugins',
  LOOPBACK_TOO_OLD: 'loopback',
  LOAD_ABORTS_CONTAINERD: 'load',
  LOAD_SKIPPED_CRIO: 'load',
  LOAD_SHADOWED: 'load',
  DUPLICATE_NETWORK_NAME: 'load',
};

const isCode = (code: string): code is DiagnosticCode => Object.hasOwn(DIAGNOSTIC_CODES, code);
const list = <T>(value: readonly T[] | undefined | null): readonly T[] => (Array.isArray(value) ? value : []);
const runtimeName = (spec: string): string => spec.split('@')[0]!;
const runtimeVersion = (spec: string): string => spec.split('@')[1] ?? '';

/** Judges every node of the facts against the target. */
export function buildReadiness(facts: ReadinessFacts): ReadinessReport {
  let target: ReadinessReport['target'];
  try {
    const r = resolveRuntime(facts.target);
    target = {
      spec: facts.target,
      runtime: { name: r.name, version: r.version, libcni: r.libcni, max_config_version: r.maxConfigVersion, loopback_config_version: r.loopbackConfigVersion ?? null },
      error: null,
    };
  } catch (err) {
    if (!(err instanceof RuntimeSpecError)) throw err;
    target = { spec: facts.target, runtime: null, error: err.setting ? `the target ${err.message}` : err.message };
  }
  const nodes = [...facts.nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((n) => judgeNode(n, target));
  const totals: Record<Verdict, number> = { ready: 0, 'ready with warnings': 0, blocked: 0 };
  for (const n of nodes) totals[n.verdict]++;
  return { target, generated: facts.generated ?? null, checks: READINESS_CHECKS, groups: groupNodes(nodes), nodes, totals };
}

/**
 * The groups the report is grouped by: the nodes' inventory groups, less `all` and `ungrouped`
 * and, when nodes differ in their groups, less those every node is in (the play's own group, such
 * as k8s_nodes, groups nothing). Sorted by name; nodes in none are listed last, as `ungrouped`.
 */
export function groupNodes(nodes: readonly { readonly name: string; readonly groups: readonly string[] }[]): { name: string; nodes: string[] }[] {
  const named = nodes.map((n) => ({ name: n.name, groups: [...new Set(n.groups.filter((g) => g !== 'all' && g !== UNGROUPED))] }));
  const everyone = (g: string): boolean => named.every((n) => n.groups.includes(g));
  const differ = named.some((n) => n.groups.some((g) => !everyone(g)));
  const byGroup = new Map<string, string[]>();
  for (const n of named) {
    const kept = differ ? n.groups.filter((g) => !everyone(g)) : n.groups;
    for (const g of kept.length ? kept : [UNGROUPED]) byGroup.set(g, [...(byGroup.get(g) ?? []), n.name]);
  }
  const order = (g: string): string => (g === UNGROUPED ? '\uffff' : g);
  return [...byGroup.entries()].sort(([a], [b]) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0)).map(([name, members]) => ({ name, nodes: members }));
}

function judgeNode(facts: ReadinessNodeFacts, target: ReadinessReport['target']): NodeReadiness {
  const current = facts.current ?? null;
  const onTarget = facts.target ?? null;
  const noFacts = (run: ReadinessRun | null): string | null => (run === null ? 'no facts were gathered (the node was unreachable, or its task did not run)' : run.runtime === undefined ? `the module failed: ${run.msg ?? 'no message'}` : null);
  const findings = target.runtime && onTarget?.runtime ? list(onTarget.findings).map((f) => readinessFinding(f, target.runtime.name)) : [];
  const byCheck = (check: CheckId): ReadinessFinding[] => findings.filter((f) => f.check === check);

  const cells: Record<CheckId, CheckCell> = {
    runtime: runtimeCell(current, noFacts(current)),
    target: targetCell(target, current),
    plugins: pluginsCell(onTarget, byCheck('plugins'), noFacts(onTarget) ?? (target.runtime ? null : 'no target to judge against')),
    configs: configsCell(onTarget, byCheck('configs'), noFacts(onTarget) ?? (target.runtime ? null : 'no target to judge against')),
    loopback: loopbackCell(onTarget, byCheck('loopback'), target),
    load: loadCell(onTarget, byCheck('load'), target),
  };
  const statuses = Object.values(cells).map((c) => c.status);
  const verdict: Verdict = worst(statuses) === 'blocking' ? 'blocked' : worst(statuses) === 'warning' ? 'ready with warnings' : 'ready';
  const runtime = current?.node_runtime?.runtime ?? null;
  const loads = target.runtime && onTarget?.runtime
    ? list(onTarget.load_order).map((o) => ({ directory: o.directory, file: (target.runtime.name === 'cri-o' ? o.crio?.loads : o.containerd?.loads) ?? null }))
    : [];
  return { name: facts.name, groups: list(facts.groups), verdict, runtime, cells, findings, probes: list(onTarget?.probes ?? current?.probes), networks: list(onTarget?.networks), loads };
}

function readinessFinding(f: ModuleFinding, runtime: string): ReadinessFinding {
  const known = isCode(f.code);
  const check = (known ? CHECK_OF_CODE[f.code] : undefined) ?? 'configs';
  // A load-order finding about the other runtime does not stop this one.
  const otherRuntime = (f.code === 'LOAD_ABORTS_CONTAINERD' && runtime !== 'containerd') || (f.code === 'LOAD_SKIPPED_CRIO' && runtime !== 'cri-o');
  let status: CheckStatus = f.severity === 'error' ? 'blocking' : f.severity === 'warning' ? 'warning' : 'ok';
  // A plugin the runtime cannot find fails every pod that uses it.
  if (f.code === 'PLUGIN_BINARY_MISSING') status = 'blocking';
  if (otherRuntime) status = 'ok';
  return {
    check,
    code: f.code,
    severity: f.severity,
    status,
    path: f.path,
    line: typeof f.line === 'number' ? f.line : null,
    message: f.message,
    fix: known ? READINESS_FIXES[f.code] : 'See the module message.',
    docs: known ? diagnosticDocUrl(f.code) : null,
  };
}

function cell(status: CheckStatus, summary: string, details: readonly string[] = []): CheckCell {
  return { status, summary, details };
}

function runtimeCell(current: ReadinessRun | null, problem: string | null): CheckCell {
  if (problem !== null || current === null) return cell('blocking', 'no facts', [problem ?? '']);
  const said = current.node_runtime;
  if (said === undefined) return cell('warning', current.runtime ? `${current.runtime.name} ${current.runtime.version} (given, not detected)` : 'not detected', []);
  if (said === null) return cell('warning', 'not detected', ['neither containerd nor crio answered --version on the node']);
  if (said.runtime === null) return cell('warning', `${said.binary}: version unreadable`, [`${said.binary} --version said: ${said.output.trim().slice(0, 200)}`]);
  return cell('ok', `${runtimeName(said.runtime)} ${runtimeVersion(said.runtime)}`, [`${said.binary} --version: ${said.output.trim().split('\n')[0]}`]);
}

function targetCell(target: ReadinessReport['target'], current: ReadinessRun | null): CheckCell {
  if (!target.runtime) return cell('blocking', 'not in the data', [target.error]);
  const t = target.runtime;
  const summary = `${t.name} ${t.version}`;
  const details = [`libcni ${t.libcni}: executes configs up to cniVersion ${t.max_config_version}`];
  const from = current?.node_runtime?.runtime;
  if (from && runtimeName(from) !== t.name) return cell('warning', summary, [...details, `the node runs ${runtimeName(from)}: the move changes runtime, and its configuration with it`]);
  const fromVersion = from ? semver.coerce(runtimeVersion(from))?.version : undefined;
  if (fromVersion && semver.gt(fromVersion, t.version)) return cell('warning', summary, [...details, `the node runs ${runtimeName(from!)} ${fromVersion}, newer than the target: a downgrade`]);
  return cell('ok', summary, details);
}

const counted = (parts: readonly [number, string][]): string => parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`).join(', ');

function pluginsCell(run: ReadinessRun | null, findings: readonly ReadinessFinding[], problem: string | null): CheckCell {
  if (problem !== null || run === null) return cell('n/a', '—', problem ? [problem] : []);
  const probes = list(run.probes);
  const byType = new Map(probes.map((p) => [p.type, p]));
  const details: string[] = [];
  const statuses: CheckStatus[] = findings.map((f) => f.status);
  // Each plugin of each network must accept the cniVersion the network has on the target.
  const rejecting = new Set<string>();
  for (const n of list(run.networks)) {
    if (n.planned_version === null) continue;
    for (const type of new Set(n.plugins)) {
      const accepts = byType.get(type)?.accepts;
      if (accepts && !accepts.includes(n.planned_version)) {
        rejecting.add(type);
        details.push(`${type} does not accept ${n.planned_version}, which ${n.name ?? n.path} needs (it accepts ${accepts.join(', ')})`);
      }
    }
  }
  if (rejecting.size) statuses.push('blocking');
  for (const p of probes) details.push(p.accepts ? `${p.type}: ${p.accepts.join(', ')}` : `${p.type}: ${p.problem?.message ?? p.problem?.code ?? 'no answer'}`);
  if (!probes.length) return cell(worst([...statuses, 'warning']), 'not probed', ['no plugin binary was asked (set bin_dir)', ...details]);
  const missing = probes.filter((p) => p.problem?.code === 'PLUGIN_BINARY_MISSING').length;
  const silent = probes.filter((p) => !p.accepts).length - missing;
  const status = worst(statuses);
  const summary = counted([[missing, 'missing'], [silent, 'silent'], [rejecting.size, 'rejecting']]);
  return cell(status, summary ? `${summary} of ${probes.length}` : `${probes.length} present, all accept`, details);
}

function configsCell(run: ReadinessRun | null, findings: readonly ReadinessFinding[], problem: string | null): CheckCell {
  if (problem !== null || run === null) return cell('blocking', 'no facts', problem ? [problem] : []);
  const networks = list(run.networks);
  const changed = list(run.changed_files);
  const unreadable = list(run.unreadable);
  const errors = findings.filter((f) => f.status === 'blocking').length;
  const warnings = findings.filter((f) => f.status === 'warning').length;
  const statuses: CheckStatus[] = [...findings.map((f) => f.status), ...(unreadable.length ? ['blocking' as const] : []), ...(changed.length ? ['warning' as const] : [])];
  const details = [
    ...unreadable.map((u) => `${u.path}: ${u.message}`),
    ...networks.filter((n) => n.cni_version !== n.planned_version).map((n) => `${n.path}: cniVersion ${n.cni_version ?? '(none)'} → ${n.planned_version ?? '(none possible)'}`),
    ...findings.filter((f) => f.status !== 'ok').map((f) => `${f.code}: ${f.path}`),
  ];
  const files = new Set(networks.map((n) => n.path)).size;
  const summary = counted([[unreadable.length, 'unreadable'], [errors, errors === 1 ? 'error' : 'errors'], [changed.length, 'to fix'], [warnings, warnings === 1 ? 'warning' : 'warnings']]);
  return cell(worst(statuses), summary || `${files} config${files === 1 ? '' : 's'} fit`, details);
}

function loopbackCell(run: ReadinessRun | null, findings: readonly ReadinessFinding[], target: ReadinessReport['target']): CheckCell {
  if (!target.runtime || target.runtime.name !== 'containerd') return cell('n/a', '—', target.runtime ? ['CRI-O has no built-in loopback network'] : []);
  if (run === null || run.runtime === undefined) return cell('n/a', '—');
  const needs = target.runtime.loopback_config_version;
  if (needs === null) return cell('warning', 'unknown', ["the data does not say which cniVersion this containerd's loopback network has"]);
  const statuses = findings.map((f) => f.status);
  const probe = list(run.probes).find((p) => p.type === 'loopback');
  const details = [`containerd ${target.runtime.version} runs its loopback network at cniVersion ${needs}`];
  if (!probe) return cell(worst([...statuses, 'warning']), 'not probed', [...details, 'no config names the loopback plugin, so its binary was not asked']);
  if (!probe.accepts) return cell('blocking', probe.problem?.code === 'PLUGIN_BINARY_MISSING' ? 'binary missing' : 'no answer', [...details, probe.problem?.message ?? '']);
  if (!probe.accepts.includes(needs)) return cell('blocking', `rejects ${needs}`, [...details, `${probe.binary} accepts ${probe.accepts.join(', ')}`]);
  return cell(worst(statuses), `accepts ${needs}`, details);
}

function loadCell(run: ReadinessRun | null, findings: readonly ReadinessFinding[], target: ReadinessReport['target']): CheckCell {
  if (!target.runtime || run === null || run.runtime === undefined) return cell('n/a', '—');
  const crio = target.runtime.name === 'cri-o';
  const orders = list(run.load_order);
  if (!orders.length) return cell('warning', 'no node directory', ['the path holds no node config directory (net.d, or node_dirs)']);
  const statuses = findings.map((f) => f.status);
  const details: string[] = [];
  const loaded: string[] = [];
  for (const o of orders) {
    const loads = crio ? o.crio?.loads : o.containerd?.loads;
    if (loads) loaded.push(loads);
    else statuses.push('blocking');
    details.push(`${o.directory}: ${crio ? 'CRI-O' : 'containerd'} loads ${loads ?? 'nothing'}${!crio && o.containerd?.aborted_at ? ` (aborts at ${o.containerd.aborted_at})` : ''}`);
    if (crio) for (const s of list(o.crio?.skipped)) details.push(`${o.directory}: CRI-O skips ${s.file}: ${s.because}`);
  }
  return cell(worst(statuses), loaded.length ? loaded.join(', ') : 'nothing', details);
}
