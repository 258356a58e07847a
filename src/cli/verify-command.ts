/**
 * `cni-migrate verify FILE [--bin-dir DIR] [--keep] [--runtime R]...`: proves a .conflist or .conf on the real
 * plugin binaries. Runs ADD, CHECK and DEL as libcni does (src/io/run-chain.ts) for a
 * container in a throwaway network namespace and prints each plugin's answer, so a config that
 * the plugins reject fails here with the plugin's own message (e.g. `incompatible CNI versions`).
 *
 * The plugins themselves run inside a second throwaway namespace standing in for the host, so
 * the bridges, veth peers, iptables chains and sysctls they create never touch the real host
 * and disappear when the namespace is deleted. Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) and
 * `ip` (iproute2); the plugins need iptables for ipMasq, portmap and firewall.
 *
 * Wiring (src/cli/run.ts): dispatch `verify` before the check/diff/fix parser, e.g.
 *   if (argv[0] === 'verify' || (argv[0] === 'help' && argv[1] === 'verify'))
 *     return runVerify(argv[0] === 'help' ? ['--help'] : argv.slice(1), io);
 */
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve as resolvePath } from 'node:path';
import { explainText } from '../explain/explain.js';
import { interruptedBy, interruptedExitCode, onInterrupt } from '../io/interrupt.js';
import { formatCniError, runNetwork, toPluginList, type ChainResult, type ChainStep } from '../io/run-chain.js';
import { createDataDir, ip, removeSandbox, sandboxFor, sweepStale } from '../io/verify-sandbox.js';
import { printable } from '../render/terminal.js';
import { compareVersions, isSpecVersion } from '../core/spec-versions.js';
import type { RuntimeTarget } from '../core/types.js';
import { describeRuntimeError, fleetOrder, honoursCniVersions, resolveRuntime, runtimeLabel, RuntimeSpecError } from '../knowledge/runtime.js';
import type { CliIO } from './run.js';
import { EXIT } from './exit-codes.js';
import { parseOptions } from './parse-options.js';

export const DEFAULT_BIN_DIR = '/opt/cni/bin';

export interface VerifyOptions {
  /** Whether this process may create network namespaces. Default: effective uid is 0. */
  readonly isRoot?: () => boolean;
}

export function verifyHelpText(): string {
  return `Usage: cni-migrate verify [options] FILE

Runs the network in FILE (a .conflist, or a single-plugin .conf/.json) on the real CNI plugin
binaries, as the container runtime's libcni does: ADD through the plugin chain (each plugin gets
the list's name and cniVersion, and the previous plugin's result as prevResult), CHECK (for
cniVersion 0.4.0 and later, unless disableCheck), then DEL in reverse order. The container side
is a throwaway network namespace; the plugins run in a second throwaway namespace standing in for
the host, so nothing they create (bridges, iptables chains, sysctls) reaches the real host.
host-local IPAM keeps its leases in a temporary directory. Interrupted (SIGINT, SIGTERM), it
kills the running plugin and removes the namespaces and the leases before exiting (130, 143); what
a run that died left behind is removed by the next run. Needs root and iproute2.

Examples:
  sudo cni-migrate verify /etc/cni/net.d/10-containerd-net.conflist
  sudo cni-migrate verify 10-bridge.conflist --bin-dir /usr/lib/cni
  cni-migrate generate containerd-bridge -o /tmp/b.conflist && sudo cni-migrate verify /tmp/b.conflist --keep

Options:
  --bin-dir DIR   directory of the plugin binaries (default ${DEFAULT_BIN_DIR})
  --keep          skip DEL and keep the namespaces for inspection (they are never swept);
                  prints how to remove them
  --runtime NAME@VERSION
                  run the network at the version this runtime picks (libcni v1.2.0+, as in
                  containerd 2.x and CRI-O 1.31+, picks the highest of cniVersion and a
                  list's cniVersions it executes; older libcni reads cniVersion); repeatable:
                  a section per runtime, the chain run once per distinct version. Without it,
                  the runtimes the project configuration names for FILE (its node group's)
  --config FILE   the project configuration to read runtimes from (default: the nearest
                  .cni-migrate.yaml above FILE); --no-config reads none
  -h, --help      show this help

Exit codes:
  0  ADD, CHECK and DEL succeeded (for every --runtime)
  1  the plugins rejected the config (their error is printed), libcni could not load it, or a
     --runtime picks a version newer than its libcni executes
  2  usage error, not root, FILE unreadable, or the namespaces could not be created
  130, 143  interrupted by SIGINT or SIGTERM (after cleaning up)
`;
}

type Parsed =
  | { readonly kind: 'help' }
  | { readonly kind: 'usage-error'; readonly message: string }
  | {
      readonly kind: 'run';
      readonly file: string;
      readonly binDir: string;
      readonly keep: boolean;
      readonly runtimes: readonly string[];
      /** `--config FILE`, null for `--no-config`, undefined: the nearest configuration above FILE. */
      readonly config: string | null | undefined;
    };

function parseVerifyArgs(args: readonly string[]): Parsed {
  // As every command parses: node's parseArgs, strict, FILE as the one positional.
  const result = parseOptions({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      'bin-dir': { type: 'string' },
      keep: { type: 'boolean' },
      runtime: { type: 'string', multiple: true },
      config: { type: 'string' },
      'no-config': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if ('problem' in result) return { kind: 'usage-error', message: result.problem };
  const { parsed } = result;
  const v = parsed.values;
  if (v.help) return { kind: 'help' };
  if (v['bin-dir'] === '') return { kind: 'usage-error', message: '--bin-dir needs a directory' };
  const files = parsed.positionals;
  if (files.length === 0) return { kind: 'usage-error', message: 'verify needs a FILE (.conflist or .conf)' };
  if (files.length > 1) return { kind: 'usage-error', message: 'verify takes one FILE' };
  if (files[0] === '-') return { kind: 'usage-error', message: 'verify reads a FILE, not stdin' };
  if (v.config !== undefined && v['no-config']) return { kind: 'usage-error', message: '--config FILE and --no-config cannot be combined' };
  return { kind: 'run', file: files[0]!, binDir: v['bin-dir'] ?? DEFAULT_BIN_DIR, keep: v.keep ?? false, runtimes: v.runtime ?? [], config: v['no-config'] ? null : v.config };
}

interface AddrInfo {
  readonly ifname?: string;
  readonly operstate?: string;
  readonly addr_info?: readonly { readonly family?: string; readonly local?: string; readonly prefixlen?: number; readonly scope?: string }[];
}

/** `ip -n NS -j addr` → one line per interface. */
export function describeAddresses(json: string): string[] {
  let links: AddrInfo[];
  try {
    links = JSON.parse(json) as AddrInfo[];
  } catch {
    return [`(could not read ip -j addr output)`];
  }
  return links.map((l) => {
    const addrs = (l.addr_info ?? []).map((a) => `${a.local ?? '?'}/${a.prefixlen ?? '?'}${a.scope && a.scope !== 'global' ? ` (${a.scope})` : ''}`);
    return `  ${(l.ifname ?? '?').padEnd(8)} ${(l.operstate ?? '?').padEnd(8)} ${addrs.length ? addrs.join(' ') : '(no addresses)'}`;
  });
}

function stepLines(s: ChainStep): string[] {
  const head = `${s.command.padEnd(5)} ${s.type.padEnd(12)}`;
  if (s.ok) return [`${head} ok`];
  const lines = [`${head} FAILED: ${s.error ? formatCniError(s.error) : 'unknown error'}`];
  const stderr = s.stderr.trim();
  if (stderr) lines.push(...stderr.split('\n').slice(0, 10).map((l) => `      stderr: ${l}`));
  return lines;
}

/** Link names that macvlan/ipvlan/vlan use as `master`; created as dummy links in the host namespace. */
function mastersOf(conf: object): string[] {
  const list = toPluginList(conf);
  if (typeof list === 'string') return [];
  const names = new Set<string>();
  for (const p of list.plugins) {
    const master = p.conf['master'];
    if (['macvlan', 'ipvlan', 'vlan'].includes(p.type) && typeof master === 'string' && /^[A-Za-z0-9_.-]{1,15}$/.test(master)) names.add(master);
  }
  return [...names];
}

export async function runVerify(args: readonly string[], io: CliIO, options: VerifyOptions = {}): Promise<number> {
  const parsed = parseVerifyArgs(args);
  // One report line each; file names, plugin types, plugin output and ip's output shown printable.
  const say = (...lines: readonly string[]): void => {
    for (const line of lines) io.stdout.write(`${printable(line)}\n`);
  };
  if (parsed.kind === 'help') {
    io.stdout.write(verifyHelpText());
    return EXIT.ok;
  }
  if (parsed.kind === 'usage-error') {
    io.stderr.write(`cni-migrate: ${printable(parsed.message)}\nRun 'cni-migrate verify --help' for usage.\n`);
    return EXIT.usage;
  }
  const isRoot = options.isRoot ?? (() => process.getuid?.() === 0);
  if (!isRoot()) {
    io.stderr.write('cni-migrate: verify creates network namespaces and runs CNI plugins: run it as root\n');
    return EXIT.usage;
  }
  const path = resolvePath(io.cwd, parsed.file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    io.stderr.write(`cni-migrate: ${printable(`cannot read ${parsed.file}: ${(err as Error).message}`)}\n`);
    return EXIT.usage;
  }

  // libcni reads strict JSON, and chooses list or single plugin by extension.
  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(text);
  } catch (err) {
    say(`${parsed.file}: libcni cannot load it: not valid JSON (${(err as Error).message})`);
    return EXIT.findings;
  }
  const ext = extname(path).toLowerCase();
  if (typeof parsedJson !== 'object' || parsedJson === null || Array.isArray(parsedJson)) {
    say(`${parsed.file}: libcni cannot load it: not a JSON object`);
    return EXIT.findings;
  }
  const conf: object = parsedJson;
  if (ext === '.conflist' && !('plugins' in conf)) {
    say(`${parsed.file}: libcni cannot load it: error parsing configuration list: no 'plugins' key`);
    return EXIT.findings;
  }
  if ((ext === '.conf' || ext === '.json') && 'plugins' in conf && !('type' in conf)) {
    say(`${parsed.file}: libcni cannot load it: a ${ext} file is read as one plugin: error parsing configuration: missing 'type' (rename it to .conflist)`);
    return EXIT.findings;
  }

  // Without --runtime, the runtimes the project configuration names for FILE (its node group's).
  let runtimes = parsed.runtimes;
  if (runtimes.length === 0) {
    const configured = await configuredRuntimes(parsed, path, io);
    if (typeof configured === 'number') return configured;
    if (configured) {
      runtimes = configured.runtimes;
      say(`runtimes from ${configured.from}: ${runtimes.join(', ')}`);
    }
  }
  if (runtimes.length === 0) return runInSandbox(parsed, conf, 'ignore', io, say);

  // Each runtime picks its version as its libcni does; the chain runs once per distinct pick.
  let fleet: RuntimeTarget[];
  try {
    fleet = fleetOrder(runtimes.map((r) => resolveRuntime(r)));
  } catch (err) {
    if (!(err instanceof RuntimeSpecError)) throw err;
    io.stderr.write(`cni-migrate: ${printable(describeRuntimeError(err))}\nRun 'cni-migrate verify --help' for usage.\n`);
    return EXIT.usage;
  }
  const isList = 'plugins' in conf;
  const picks = new Map<string, { mode: 'ignore' | 'select'; runtimes: RuntimeTarget[] }>();
  for (const r of fleet) {
    const mode = isList && honoursCniVersions(r) ? 'select' : 'ignore';
    const list = toPluginList(conf, mode);
    const pick = typeof list === 'string' ? '' : list.cniVersion;
    // Runtimes that pick the same version inject the same cniVersion: one run serves them all.
    const same = picks.get(pick);
    picks.set(pick, { mode: same?.mode ?? mode, runtimes: [...(same?.runtimes ?? []), r] });
  }
  let worst: number = EXIT.ok;
  for (const { mode, runtimes } of picks.values()) {
    const list = toPluginList(conf, mode);
    const pick = typeof list === 'string' ? null : list.cniVersion;
    const names = runtimes.map(runtimeLabel).join(', ');
    say(`== ${names}: ${pick === null ? 'cannot load it' : `runs cniVersion ${pick === '' ? '(none: plugins read it as "0.1.0")' : JSON.stringify(pick)}`}`);
    // A result newer than the runtime's libcni fails in the runtime itself, whatever the plugins say.
    const tooNew = pick !== null && isSpecVersion(pick) ? runtimes.filter((r) => compareVersions(pick, r.maxConfigVersion) > 0) : [];
    for (const r of tooNew) say(`${runtimeLabel(r)} (libcni ${r.libcni}) executes up to ${r.maxConfigVersion}: ADD fails in the runtime with 'unsupported CNI result version "${pick}"' (inferred)`);
    const code = await runInSandbox(parsed, conf, mode, io, say);
    if (code !== EXIT.ok && code !== EXIT.findings) return code; // interrupted, or no sandbox: stop here
    if (code === EXIT.findings || tooNew.length > 0) worst = EXIT.findings;
  }
  say(`verdict: ${worst === EXIT.ok ? 'ok on every runtime' : 'FAILED on at least one runtime'}`);
  return worst;
}

/** One run of the chain in a fresh sandbox, with cniVersions read as `mode` says; the exit code of that run. */
async function runInSandbox(
  parsed: Extract<Parsed, { kind: 'run' }>,
  conf: object,
  mode: 'ignore' | 'select',
  io: CliIO,
  say: (...lines: readonly string[]) => void,
): Promise<number> {
  for (const line of await sweepStale()) io.stderr.write(`cni-migrate: ${line}\n`);
  const sandbox = sandboxFor(parsed.keep);
  const { ctrNs, hostNs, dataDir } = sandbox;
  // On SIGINT or SIGTERM the plugin's process group is killed first (src/io/exec-bounded.ts), then this.
  const forget = onInterrupt(() => removeSandbox(sandbox));
  let keepAll = false;
  try {
    for (const ns of [hostNs, ctrNs]) {
      const r = await ip(['netns', 'add', ns]);
      if (!r.ok) {
        if (interruptedBy() === null) io.stderr.write(`cni-migrate: ${printable(`cannot create network namespace ${ns}: ${r.stderr.trim()}`)}\n`);
        return EXIT.usage;
      }
    }
    await ip(['-n', hostNs, 'link', 'set', 'lo', 'up']);
    await ip(['-n', ctrNs, 'link', 'set', 'lo', 'up']);
    const masters = mastersOf(conf);
    for (const m of masters) await ip(['-n', hostNs, 'link', 'add', m, 'up', 'type', 'dummy']);
    try {
      await createDataDir(sandbox);
    } catch (err) {
      io.stderr.write(`cni-migrate: cannot create the lease directory ${dataDir}: ${(err as Error).message}\n`);
      return EXIT.usage;
    }

    const list = toPluginList(conf, mode);
    const header =
      typeof list === 'string'
        ? `${parsed.file}`
        : `${parsed.file}: network ${JSON.stringify(list.name)}, cniVersion ${list.cniVersion === '' ? '(none: plugins read it as "0.1.0")' : JSON.stringify(list.cniVersion)}, plugins ${list.plugins.map((p) => p.type).join(', ')}`;
    say(header);
    say(`plugins from ${parsed.binDir}; container namespace ${ctrNs}, host side in ${hostNs}`);
    if (masters.length) say(`dummy master link${masters.length > 1 ? 's' : ''} ${masters.join(', ')} created in the host-side namespace`);

    let printed = 0;
    const flush = (r: { steps: readonly ChainStep[] }): void => {
      for (; printed < r.steps.length; printed++) say(...stepLines(r.steps[printed]!));
    };
    const result: ChainResult = await runNetwork(conf, {
      binDir: parsed.binDir,
      netns: `/var/run/netns/${ctrNs}`,
      ifName: 'eth0',
      containerId: sandbox.containerId,
      dataDir,
      hostNetns: hostNs,
      skipDel: parsed.keep,
      cniVersions: mode,
      afterAdd: async (_result, steps) => {
        flush({ steps });
        const addr = await ip(['-n', ctrNs, '-j', 'addr']);
        say('interfaces in the container namespace after ADD:');
        say(...(addr.ok ? describeAddresses(addr.stdout) : [`  (ip addr failed: ${addr.stderr.trim()})`]));
      },
    });
    const signal = interruptedBy();
    if (signal !== null) return interruptedExitCode(signal); // the cleanup is under way; a half-run chain says nothing
    if (result.configError !== undefined) {
      say(`libcni cannot load it: ${result.configError}`);
      return EXIT.findings;
    }
    // The rest in order, a skipped phase where it would have run.
    for (const command of ['ADD', 'CHECK', 'DEL'] as const) {
      for (const s of result.skipped) if (s.command === command) say(`${command.padEnd(5)} skipped: ${s.reason}`);
      while (printed < result.steps.length && result.steps[printed]!.command === command) say(...stepLines(result.steps[printed++]!));
    }
    const verdict = (ok: boolean, skipped: boolean): string => (skipped ? 'skipped' : ok ? 'ok' : 'FAILED');
    const skippedCheck = result.skipped.some((s) => s.command === 'CHECK');
    const skippedDel = result.skipped.some((s) => s.command === 'DEL');
    const cleanup = !result.add && !skippedDel ? ' (cleanup after the failed ADD)' : '';
    say(`result: ADD ${verdict(result.add, false)}, CHECK ${verdict(result.check, skippedCheck)}, DEL ${verdict(result.del, skippedDel)}${cleanup}`);
    const failed = result.steps.find((s) => !s.ok);
    if (failed?.error) {
      say(`the ${failed.type} plugin rejected the config at ${failed.command}: ${formatCniError(failed.error)}`);
      const known = explainText(formatCniError(failed.error))[0];
      if (known) say(`${known.entry.title}: run cni-migrate explain '${formatCniError(failed.error).replace(/'/g, "'\\''")}' for the cause and the fix`);
    }
    if (parsed.keep) {
      keepAll = true;
      say(
        `kept: namespaces ${ctrNs} and ${hostNs}, leases in ${dataDir}`,
        `  inspect: ip -n ${ctrNs} addr; ip netns exec ${hostNs} iptables -S -t nat`,
        `  remove:  ip netns del ${ctrNs}; ip netns del ${hostNs}; rm -r ${dataDir}`,
      );
    }
    return result.ok ? EXIT.ok : EXIT.findings;
  } finally {
    if (!keepAll && interruptedBy() === null) await removeSandbox(sandbox);
    forget();
  }
}

/**
 * The runtimes the project configuration names for the file (docs/configuration.md), and where
 * that was said; null when none does; an exit code when the configuration cannot be used.
 */
async function configuredRuntimes(
  parsed: Extract<Parsed, { kind: 'run' }>,
  path: string,
  io: CliIO,
): Promise<{ readonly runtimes: readonly string[]; readonly from: string } | null | number> {
  const [{ ConfigFinder, describeConfigError }, { settingsForFile }, { ConfigError }, { displayPath }] = await Promise.all([
    import('../io/config-files.js'),
    import('../config/settings-for-file.js'),
    import('../config/types.js'),
    import('../io/files.js'),
  ]);
  try {
    const config = await (await ConfigFinder.forOption(parsed.config, io.cwd)).forDirectory(dirname(path));
    if (!config) return null;
    const settings = settingsForFile(config, path);
    if (!settings.runtimes?.length) return null;
    return { runtimes: settings.runtimes, from: `${displayPath(io.cwd, config.file)}${settings.group === undefined ? '' : ` (node group ${settings.group})`}` };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr.write(`cni-migrate: ${printable(describeConfigError(err, io.cwd))}\n`);
    return EXIT.usage;
  }
}
