/**
 * The control-node half of the action plugin (ansible/plugins/action/cni_migrate.py), for nodes
 * without Node.js: the plugin copies a node's files into a folder on the control node, and this
 * plans them there with the module's logic. One request in, one answer out, both JSON:
 *
 * - request: `{ args, root, probes?, runtime_version? }`: the task's arguments, where the node's
 *   files are mirrored, what running each plugin binary on the node gave (ProbeRun, by type),
 *   and the output of the node's `containerd --version` or `crio --version` (null: neither answered).
 * - answer: `{ probe: { types, env, stdin, timeout_ms } }` when plugin binaries must be run on the
 *   node first (the plugin asks again with their runs), or `{ result, writes }`: the module's
 *   result and the files to rewrite on the node.
 */
import { DEFAULT_PROBE_TIMEOUT_MS, PROBE_ENV, PROBE_STDIN, probeVerdict, type ProbeResult, type ProbeRun } from '../io/probe.js';
import { isValidPluginType, type SupportFact } from '../knowledge/plugin-support.js';
import type { PendingDiagnostic } from '../core/diagnostics.js';
import { join } from 'node:path';
import { describeDiagnostic } from '../render/messages.js';
import { ANSIBLE_VOCABULARY } from '../core/vocabulary.js';
import { planStaged, type ModuleNodeRuntime, type ModuleProbe, type ModuleResult, type StagedWrite } from './module.js';
import { runtimeFromVersionOutput } from './runtime-version.js';

export interface ControllerRequest {
  readonly args: Record<string, unknown>;
  readonly root: string;
  readonly probes?: Readonly<Record<string, ProbeRun>>;
  readonly runtime_version?: { readonly name: string; readonly output: string } | null;
}

export type ControllerAnswer =
  | { readonly probe: { readonly types: readonly string[]; readonly env: Readonly<Record<string, string>>; readonly stdin: string; readonly timeout_ms: number } }
  | { readonly result: ModuleResult; readonly writes: readonly StagedWrite[] };

export async function answer(request: ControllerRequest, cwd: string = process.cwd()): Promise<ControllerAnswer> {
  const given = request.probes ?? {};
  const wanted = new Set<string>();
  // What the node's binaries answered, returned as `probes` (the readiness report shows them).
  const probed = new Map<string, ModuleProbe>();
  const probe = async (binDir: string, types: Iterable<string>): Promise<{ supported: Record<string, SupportFact>; problems: Record<string, PendingDiagnostic[]> }> => {
    const supported: Record<string, SupportFact> = {};
    const problems: Record<string, PendingDiagnostic[]> = {};
    for (const type of new Set(types)) {
      const run = given[type];
      // A name that is no binary name is judged here, never run on the node.
      if (run === undefined && isValidPluginType(type)) wanted.add(type);
      const verdict: ProbeResult = probeVerdict(binDir, type, run ?? { state: 'failed', error: 'not run on the node' });
      if (verdict.ok) supported[type] = verdict.fact;
      else problems[type] = [verdict.problem];
      if (run !== undefined) {
        const problem = verdict.ok ? null : { code: verdict.problem.code, message: describeDiagnostic(verdict.problem, ANSIBLE_VOCABULARY) };
        probed.set(type, { type, binary: join(binDir, type), accepts: verdict.ok ? verdict.fact.versions : null, problem });
      }
    }
    return { supported, problems };
  };

  const args = { ...request.args };
  const warnings: string[] = [];
  if (args.runtime === '') delete args.runtime;
  const noRuntime = args.runtime === undefined || args.runtime === null;
  let nodeRuntime: ModuleNodeRuntime | null | undefined;
  if (noRuntime && request.runtime_version !== undefined) {
    const said = request.runtime_version;
    nodeRuntime = said ? { binary: said.name, output: said.output, runtime: runtimeFromVersionOutput(said.name, said.output) } : null;
  }
  if (noRuntime && request.runtime_version === null) warnings.push('neither containerd nor crio answered --version on the node; judged against the default runtime (set runtime)');
  if (noRuntime && request.runtime_version) {
    const runtime = runtimeFromVersionOutput(request.runtime_version.name, request.runtime_version.output);
    if (runtime) args.runtime = runtime;
    else warnings.push(`cannot read the runtime's version from \`${request.runtime_version.name} --version\` (${JSON.stringify(request.runtime_version.output.trim().slice(0, 80))}); set runtime`);
  }

  const { result, writes } = await planStaged(args, { root: request.root, probe }, { cwd, env: process.env });
  if (wanted.size) {
    const timeout = typeof args.probe_timeout === 'number' ? args.probe_timeout : Number(args.probe_timeout ?? DEFAULT_PROBE_TIMEOUT_MS) || DEFAULT_PROBE_TIMEOUT_MS;
    return { probe: { types: [...wanted].sort(), env: PROBE_ENV, stdin: PROBE_STDIN, timeout_ms: timeout } };
  }
  const facts: Partial<ModuleResult> = {
    ...(result.runtime ? { probes: [...probed.values()].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)) } : {}),
    ...(nodeRuntime !== undefined ? { node_runtime: nodeRuntime } : {}),
  };
  return { result: { ...result, ...facts, ...(warnings.length ? { warnings: [...warnings, ...(result.warnings ?? [])] } : {}) }, writes };
}
