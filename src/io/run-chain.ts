/**
 * Runs a network's plugin chain on the real plugin binaries the way libcni does, for
 * `cni-migrate verify` and the network-namespace tests: ADD through the list, CHECK, then DEL in
 * reverse order, recording each plugin's reply.
 *
 * What libcni does and this module copies (reference: the shared reference cni-compat.md §1;
 * github:containernetworking/cni libcni/api.go buildOneConfig, AddNetworkList, CheckNetworkList,
 * DelNetworkList; libcni/conf.go ConfListFromConf):
 *  - a single-plugin config (no `plugins` array) is a one-plugin list with the same name and
 *    cniVersion;
 *  - every plugin gets the list's `name` and `cniVersion` injected, overwriting its own; a list
 *    without cniVersion injects `"cniVersion": ""` (the plugin's skel reads that as 0.1.0);
 *  - ADD chains `prevResult`; the first failure stops the chain;
 *  - CHECK only for cniVersion >= 0.4.0 and not `disableCheck: true`, with prevResult = the
 *    final ADD result (libcni's cached result);
 *  - DEL in reverse order, with prevResult = the cached ADD result for >= 0.4.0.
 * Differences, on purpose: no capability args (`runtimeConfig` is injected only from what the
 * file already holds), the result is kept in memory rather than in /var/lib/cni/results, and
 * after a failed ADD the plugins that ran are still deleted (best-effort cleanup; libcni leaves
 * that to the runtime's later DEL, which also has no cached result then).
 *
 * Each plugin is spawned without a shell, with only the CNI variables and a fixed PATH, a
 * timeout and an output cap (as src/io/probe.ts does).
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { isValidPluginType } from '../knowledge/plugin-support.js';
import { execBounded, type BoundedRun } from './exec-bounded.js';

export const DEFAULT_PLUGIN_TIMEOUT_MS = 20_000;
/** The plugins' own PATH (iptables, ip6tables, modprobe…); never the caller's. */
export const PLUGIN_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';
const MAX_OUTPUT = 256 * 1024;

export interface RunNetworkOptions {
  /** Directory of the plugin binaries; also passed as CNI_PATH (for IPAM plugins). */
  readonly binDir: string;
  /** The container's network namespace, a path such as /var/run/netns/NAME. */
  readonly netns: string;
  readonly ifName: string;
  readonly containerId: string;
  /** Per plugin invocation. Default 20 s. */
  readonly timeoutMs?: number;
  /** Injected as `dataDir` into every `host-local` ipam section, so nothing is written to /var/lib/cni. */
  readonly dataDir?: string;
  /**
   * Run the plugins inside this named network namespace (`ip netns exec NAME`) instead of the
   * caller's, so the "host" side (bridges, veth peers, iptables chains, sysctls) lives in a
   * throwaway namespace and disappears with it. Absent: the caller's namespace, as on a node.
   */
  readonly hostNetns?: string;
  /**
   * How the list's `cniVersions` array is treated. `ignore` (default): as libcni before v1.2.0
   * (containerd 1.x, CRI-O before 1.31), only `cniVersion` counts. `select`: as libcni v1.2.0 and
   * later, the highest of `cniVersion` and the `cniVersions` entries up to 1.1.0 is injected.
   */
  readonly cniVersions?: 'ignore' | 'select';
  /**
   * Called once after a successful ADD, before CHECK and DEL, with the final result and the
   * steps so far: the moment to look at the namespace. Its errors are not caught.
   */
  readonly afterAdd?: (result: unknown, steps: readonly ChainStep[]) => Promise<void> | void;
  /** Skip DEL (to inspect the namespaces afterwards). Default false. */
  readonly skipDel?: boolean;
}

export type CniCommand = 'ADD' | 'CHECK' | 'DEL';

export interface CniError {
  readonly code: number | null;
  readonly msg: string;
  readonly details?: string;
}

export interface ChainStep {
  readonly command: CniCommand;
  /** The plugin type (binary name). */
  readonly type: string;
  /** Position in the list, from 0. */
  readonly index: number;
  readonly ok: boolean;
  /** The plugin's exit code; null when it could not be started, timed out or was killed. */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Parsed stdout of a successful ADD (the plugin's result). */
  readonly result?: unknown;
  readonly error?: CniError;
  /** The exact JSON given on stdin. */
  readonly stdin: string;
}

export interface SkippedPhase {
  readonly command: CniCommand;
  readonly reason: string;
}

export interface ChainResult {
  /** The network name injected into each plugin (the list's `name`). */
  readonly name: string;
  /** The list-level cniVersion as injected (`""` when absent). */
  readonly cniVersion: string;
  readonly pluginTypes: readonly string[];
  readonly steps: readonly ChainStep[];
  /** CHECK (or all of DEL) not run, and why. */
  readonly skipped: readonly SkippedPhase[];
  readonly add: boolean;
  /** true also when CHECK was skipped because the version or disableCheck says so. */
  readonly check: boolean;
  /** true also when DEL was skipped on request (`skipDel`). */
  readonly del: boolean;
  /** add && check && del */
  readonly ok: boolean;
  /** The final ADD result (the last plugin's), when ADD succeeded. */
  readonly result?: unknown;
  /** A problem with the config itself found before any plugin ran (libcni's parse errors). */
  readonly configError?: string;
}

interface Plugin {
  readonly type: string;
  readonly conf: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * libcni's version.ParseVersion: "a", "a.b" or "a.b.c" of integers; an empty string counts as
 * 0.1.0 (libcni v1.1.0 and later). Returns null when libcni would fail to parse it.
 */
export function parseCniVersion(v: string): [number, number, number] | null {
  if (v === '') return [0, 1, 0];
  const parts = v.split('.');
  if (parts.length > 3 || parts.some((p) => !/^\d+$/.test(p))) return null;
  return [Number(parts[0]), Number(parts[1] ?? 0), Number(parts[2] ?? 0)];
}

function atLeast040(v: string): boolean | null {
  const p = parseCniVersion(v);
  if (!p) return null;
  return p[0] > 0 || p[1] > 4 || (p[1] === 4 && p[2] >= 0);
}

const compare = (a: readonly number[], b: readonly number[]): number => (a[0]! - b[0]!) || (a[1]! - b[1]!) || (a[2]! - b[2]!);

/**
 * libcni v1.2.0+ (`cniVersions`): the highest of cniVersion and the cniVersions entries,
 * ignoring entries above 1.1.0 (and, here, entries that do not parse).
 */
export function selectCniVersion(cniVersion: string, cniVersions: unknown): string {
  if (!Array.isArray(cniVersions)) return cniVersion;
  const ceiling = [1, 1, 0];
  let best = cniVersion;
  let bestParsed = parseCniVersion(cniVersion);
  for (const v of cniVersions) {
    if (typeof v !== 'string') continue;
    const p = parseCniVersion(v);
    if (!p || v === '' || compare(p, ceiling) > 0) continue;
    if (!bestParsed || compare(p, bestParsed) > 0) {
      best = v;
      bestParsed = p;
    }
  }
  return best;
}

/** The network as libcni would load it: a list of plugins, or what stops libcni from loading it. */
export function toPluginList(
  conf: object,
  cniVersions: 'ignore' | 'select' = 'ignore',
): { name: string; cniVersion: string; disableCheck: boolean; plugins: Plugin[] } | string {
  if (!isObject(conf)) return 'the configuration is not a JSON object';
  const version = conf['cniVersion'];
  if (version !== undefined && typeof version !== 'string') return 'cniVersion is not a string';
  const given = typeof version === 'string' ? version : '';
  const cniVersion = cniVersions === 'select' ? selectCniVersion(given, conf['cniVersions']) : given;
  const name = typeof conf['name'] === 'string' ? conf['name'] : '';
  if ('plugins' in conf) {
    // libcni ConfListFromBytes
    if (conf['name'] === undefined) return 'error parsing configuration list: no name';
    if (typeof conf['name'] !== 'string') return 'error parsing configuration list: invalid name type';
    const dc = conf['disableCheck'];
    if (dc !== undefined && typeof dc !== 'boolean') return `error parsing configuration list: invalid disableCheck type ${typeof dc}`;
    const list = conf['plugins'];
    if (!Array.isArray(list)) return 'error parsing configuration list: invalid plugins type';
    if (list.length === 0) return 'error parsing configuration list: no plugins in list';
    const plugins: Plugin[] = [];
    for (const [i, p] of list.entries()) {
      if (!isObject(p)) return `failed to parse plugin config ${i}: not an object`;
      if (typeof p['type'] !== 'string' || p['type'] === '') return `failed to parse plugin config ${i}: missing 'type'`;
      plugins.push({ type: p['type'], conf: p });
    }
    return { name, cniVersion, disableCheck: dc === true, plugins };
  }
  // libcni ConfFromBytes + ConfListFromConf
  if (typeof conf['type'] !== 'string' || conf['type'] === '') return "error parsing configuration: missing 'type'";
  return { name, cniVersion, disableCheck: false, plugins: [{ type: conf['type'], conf }] };
}

/** The plugin's stdin: its object with name, cniVersion (and prevResult) injected, dataDir for host-local. */
function buildConfig(plugin: Plugin, name: string, cniVersion: string, prevResult: unknown, dataDir: string | undefined): string {
  const conf: Record<string, unknown> = { ...plugin.conf, name, cniVersion };
  if (prevResult !== undefined) conf['prevResult'] = prevResult;
  else delete conf['prevResult'];
  const ipam = conf['ipam'];
  if (dataDir !== undefined && isObject(ipam) && ipam['type'] === 'host-local') conf['ipam'] = { ...ipam, dataDir };
  return JSON.stringify(conf);
}

function parseError(stdout: string, stderr: string, exitCode: number | null, failure?: string): CniError {
  if (failure) return { code: null, msg: failure };
  try {
    const e = JSON.parse(stdout) as { code?: unknown; msg?: unknown; details?: unknown };
    if (isObject(e) && typeof e.msg === 'string') {
      return {
        code: typeof e.code === 'number' ? e.code : null,
        msg: e.msg,
        ...(typeof e.details === 'string' && e.details !== '' ? { details: e.details } : {}),
      };
    }
  } catch {
    /* not a CNI error object */
  }
  const text = (stdout.trim() || stderr.trim()).slice(0, 500);
  return { code: null, msg: `exited with ${exitCode === null ? 'a signal' : `code ${exitCode}`}${text ? `: ${text}` : ''}` };
}

async function findIp(): Promise<string | null> {
  for (const dir of PLUGIN_PATH.split(':')) {
    try {
      await access(join(dir, 'ip'), constants.X_OK);
      return join(dir, 'ip');
    } catch {
      /* next */
    }
  }
  return null;
}

/** Runs ADD, CHECK and DEL for a parsed .conflist or .conf on the plugins in `options.binDir`. */
export async function runNetwork(conf: object, options: RunNetworkOptions): Promise<ChainResult> {
  const list = toPluginList(conf, options.cniVersions);
  const base = { steps: [], skipped: [], add: false, check: false, del: false, ok: false } as const;
  if (typeof list === 'string') return { ...base, name: '', cniVersion: '', pluginTypes: [], configError: list };
  const { name, cniVersion, plugins } = list;
  const pluginTypes = plugins.map((p) => p.type);
  const bad = pluginTypes.find((t) => !isValidPluginType(t));
  if (bad !== undefined) return { ...base, name, cniVersion, pluginTypes, configError: `plugin type ${JSON.stringify(bad)} is not a valid binary name` };

  let wrapper: { file: string; args: string[] } | null = null;
  if (options.hostNetns !== undefined) {
    const ip = await findIp();
    if (!ip) return { ...base, name, cniVersion, pluginTypes, configError: `cannot run in netns ${options.hostNetns}: no ip command in ${PLUGIN_PATH}` };
    wrapper = { file: ip, args: ['netns', 'exec', options.hostNetns] };
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_PLUGIN_TIMEOUT_MS;
  const steps: ChainStep[] = [];
  const skipped: SkippedPhase[] = [];

  const invoke = async (command: CniCommand, index: number, prevResult: unknown): Promise<ChainStep> => {
    const plugin = plugins[index]!;
    const stdin = buildConfig(plugin, name, cniVersion, prevResult, options.dataDir);
    const binary = join(options.binDir, plugin.type);
    const env = {
      CNI_COMMAND: command,
      CNI_CONTAINERID: options.containerId,
      CNI_NETNS: options.netns,
      CNI_IFNAME: options.ifName,
      CNI_ARGS: '',
      CNI_PATH: options.binDir,
      PATH: PLUGIN_PATH,
    };
    let run: BoundedRun;
    try {
      await access(binary, constants.X_OK);
      run = wrapper
        ? await execBounded(wrapper.file, [...wrapper.args, binary], { env, stdin, timeoutMs, maxOutput: MAX_OUTPUT, captureStderr: true })
        : await execBounded(binary, [], { env, stdin, timeoutMs, maxOutput: MAX_OUTPUT, captureStderr: true });
    } catch {
      // libcni: failed to find plugin "X" in path [...]
      run = { stdout: '', stderr: '', code: null, failure: `failed to find plugin "${plugin.type}" in path [${options.binDir}]` };
    }
    const common = { command, type: plugin.type, index, exitCode: run.code, stdout: run.stdout, stderr: run.stderr, stdin };
    if (run.failure === undefined && run.code === 0) {
      if (command !== 'ADD') return { ...common, ok: true };
      try {
        return { ...common, ok: true, result: JSON.parse(run.stdout) as unknown };
      } catch {
        return { ...common, ok: false, error: { code: null, msg: 'the ADD result is not JSON' } };
      }
    }
    return { ...common, ok: false, error: parseError(run.stdout, run.stderr, run.code, run.failure) };
  };

  // ADD, chaining prevResult.
  let prev: unknown;
  let ran = 0;
  let add = true;
  for (let i = 0; i < plugins.length; i++) {
    const step = await invoke('ADD', i, prev);
    steps.push(step);
    ran = i + 1;
    if (!step.ok) {
      add = false;
      break;
    }
    prev = step.result;
  }
  const result = add ? prev : undefined;
  if (add && options.afterAdd) await options.afterAdd(result, [...steps]);
  const newer = atLeast040(cniVersion);

  // CHECK
  let check = true;
  if (!add) {
    check = false;
    skipped.push({ command: 'CHECK', reason: 'ADD failed' });
  } else if (newer !== true) {
    skipped.push({
      command: 'CHECK',
      reason: newer === null ? `cniVersion ${JSON.stringify(cniVersion)} cannot be parsed` : `configuration version ${JSON.stringify(cniVersion)} does not support the CHECK command`,
    });
  } else if (list.disableCheck) {
    skipped.push({ command: 'CHECK', reason: 'disableCheck is true' });
  } else {
    for (let i = 0; i < plugins.length; i++) {
      const step = await invoke('CHECK', i, result);
      steps.push(step);
      if (!step.ok) {
        check = false;
        break;
      }
    }
  }

  // DEL, reverse order, every plugin that ran even if one fails (best-effort cleanup).
  let del = true;
  const delPrev = add && newer === true ? result : undefined;
  if (options.skipDel) skipped.push({ command: 'DEL', reason: 'skipped on request' });
  for (let i = options.skipDel ? -1 : ran - 1; i >= 0; i--) {
    const step = await invoke('DEL', i, delPrev);
    steps.push(step);
    if (!step.ok) del = false;
  }
  if (ran === 0) skipped.push({ command: 'DEL', reason: 'no plugin ran' });

  return {
    name,
    cniVersion,
    pluginTypes,
    steps,
    skipped,
    add,
    check,
    del,
    ok: add && check && del,
    ...(result !== undefined ? { result } : {}),
  };
}

/** One line for a plugin error, as libcni prints it: `msg: details`. */
export function formatCniError(e: CniError): string {
  return e.details ? `${e.msg}: ${e.details}` : e.msg;
}
