/**
 * Asks real plugin binaries which spec versions they accept, the way libcni does: exec
 * `<binDir>/<type>` with CNI_COMMAND=VERSION and a config on stdin, read `supportedVersions`.
 * No shell, a minimal environment, a timeout and an output cap, so a hung or noisy binary
 * becomes a diagnostic, never a hang.
 * Reference: github:containernetworking/cni pkg/invoke (GetVersionInfo), pkg/skel (VERSION).
 */
// fs.promises loads Node's promise API on first use: only a run that probes needs it.
import { constants, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { diagnostic, type PendingDiagnostic } from '../core/diagnostics.js';
import { isValidPluginType, type SupportFact } from '../knowledge/plugin-support.js';
import { NEWEST_SPEC_VERSION } from '../core/spec-versions.js';
import { execBounded } from './exec-bounded.js';

export interface ProbeOptions {
  readonly timeoutMs?: number;
}

export type ProbeResult =
  | { readonly ok: true; readonly fact: SupportFact }
  | { readonly ok: false; readonly problem: PendingDiagnostic };

const MAX_OUTPUT = 64 * 1024;
export const DEFAULT_PROBE_TIMEOUT_MS = 5000;

/**
 * What trying to run a plugin binary with CNI_COMMAND=VERSION gave: the file-system checks that
 * come first, then the run (or why it could not be made). Gathered here by exec, or on a node by
 * whoever runs the binary there (the Ansible action plugin), and judged the same way.
 */
export type ProbeRun =
  | { readonly state: 'missing' }
  | { readonly state: 'not-regular' }
  | { readonly state: 'not-executable' }
  | { readonly state: 'failed'; readonly error: string }
  | { readonly state: 'ran'; readonly code: number | null; readonly stdout: string };

export async function probePlugin(binDir: string, type: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  if (!isValidPluginType(type)) return probeVerdict(binDir, type, { state: 'failed', error: 'not a valid plugin binary name' });
  return probeVerdict(binDir, type, await runProbe(join(binDir, type), options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS));
}

async function runProbe(binary: string, timeoutMs: number): Promise<ProbeRun> {
  try {
    if (!(await fsp.stat(binary)).isFile()) return { state: 'not-regular' };
  } catch {
    return { state: 'missing' };
  }
  try {
    await fsp.access(binary, constants.X_OK);
  } catch {
    return { state: 'not-executable' };
  }
  const run = await execVersion(binary, timeoutMs);
  return 'error' in run ? { state: 'failed', error: run.error } : { state: 'ran', ...run };
}

/** The fact (or the problem) a probe run of `<binDir>/<type>` gives. */
export function probeVerdict(binDir: string, type: string, run: ProbeRun): ProbeResult {
  const binary = join(binDir, type);
  const fail = (problem: string): ProbeResult => ({ ok: false, problem: diagnostic('PROBE_FAILED', { type, binary, problem }) });
  if (!isValidPluginType(type)) return fail('not a valid plugin binary name');
  switch (run.state) {
    case 'missing':
      return { ok: false, problem: diagnostic('PLUGIN_BINARY_MISSING', { type, binDir }) };
    case 'not-regular':
      return fail('not a regular file');
    case 'not-executable':
      return fail('not executable');
    case 'failed':
      return fail(run.error);
  }
  const versions = parseVersionReply(run.stdout);
  // libcni: a plugin whose skel predates VERSION answers this error and supports only 0.1.0.
  if (run.code !== 0 && isLegacyVersionError(run.stdout)) {
    return { ok: true, fact: { versions: ['0.1.0'], source: { kind: 'probe', binary } } };
  }
  if (run.code !== 0) {
    return fail(`exited with ${run.code === null ? 'a signal' : `code ${run.code}`}${typeof versions === 'string' ? `; ${versions}` : ''}`);
  }
  if (typeof versions === 'string') return fail(versions);
  if (versions.length === 0) return fail('the reply lists no supported versions');
  return { ok: true, fact: { versions, source: { kind: 'probe', binary } } };
}

/** Probes each type once, in parallel, and returns facts and problems keyed by type. */
export async function probePlugins(
  binDir: string,
  types: Iterable<string>,
  options: ProbeOptions = {},
): Promise<{ supported: Record<string, SupportFact>; problems: Record<string, PendingDiagnostic[]> }> {
  const unique = [...new Set(types)];
  const results = await Promise.all(unique.map((t) => probePlugin(binDir, t, options)));
  const supported: Record<string, SupportFact> = {};
  const problems: Record<string, PendingDiagnostic[]> = {};
  unique.forEach((type, i) => {
    const r = results[i]!;
    if (r.ok) supported[type] = r.fact;
    else problems[type] = [r.problem];
  });
  return { supported, problems };
}

/** Reference: github:containernetworking/cni pkg/invoke/exec.go GetVersionInfo. */
function isLegacyVersionError(stdout: string): boolean {
  try {
    const reply = JSON.parse(stdout) as { msg?: unknown; details?: unknown };
    return reply.msg === 'unknown CNI_COMMAND: VERSION' && !reply.details;
  } catch {
    return false;
  }
}

/** The plugin's VERSION reply → its accepted versions, or what is wrong with the reply. */
export function parseVersionReply(stdout: string): string[] | string {
  let reply: unknown;
  try {
    reply = JSON.parse(stdout);
  } catch {
    const shown = stdout.trim().slice(0, 80);
    return shown ? `the reply is not JSON: ${JSON.stringify(shown)}` : 'no reply on stdout';
  }
  const list = (reply as { supportedVersions?: unknown } | null)?.supportedVersions;
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) {
    const msg = (reply as { msg?: unknown } | null)?.msg;
    return typeof msg === 'string' ? `the plugin answered with an error: ${msg}` : 'the reply has no supportedVersions list';
  }
  return list as string[];
}

/** The whole environment of the VERSION call: as libcni's GetVersionInfo, fake NETNS/IFNAME/PATH for plugins built on an older skel. */
export const PROBE_ENV: Readonly<Record<string, string>> = {
  CNI_COMMAND: 'VERSION',
  CNI_CONTAINERID: '',
  CNI_NETNS: 'dummy',
  CNI_IFNAME: 'dummy',
  CNI_ARGS: '',
  CNI_PATH: 'dummy',
  PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
};

/** What the VERSION call gets on stdin. */
export const PROBE_STDIN = JSON.stringify({ cniVersion: NEWEST_SPEC_VERSION });

async function execVersion(binary: string, timeoutMs: number): Promise<{ stdout: string; code: number | null } | { error: string }> {
  const run = await execBounded(binary, [], {
    env: PROBE_ENV,
    stdin: PROBE_STDIN,
    timeoutMs,
    maxOutput: MAX_OUTPUT,
    captureStderr: false,
  });
  return run.failure === undefined ? { stdout: run.stdout, code: run.code } : { error: run.failure };
}
