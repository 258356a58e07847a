/**
 * The plugin probe (src/io/probe.ts) against Debian's real plugin binaries and against
 * stand-in `#!/bin/sh` plugins, then the probe's results through the core and the built CLI.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compat } from '../../src/knowledge/data/compat.js';
import type { DiagnosticArgs, DiagnosticCode, PendingDiagnostic } from '../../src/core/diagnostics.js';
import { resolvePluginSupport } from '../../src/knowledge/plugin-support.js';
import { probePlugin, probePlugins, type ProbeResult } from '../../src/io/probe.js';
import { planFile, type PlanOptions } from '../../src/core/plan.js';
import { callCount, isRunning, killRecorded, readEnvRecord, recordedPids, sh, versionReply, writeStandIn } from '../helpers/standin.js';
import { expectSafeEdit } from '../helpers/verify.js';
import { buildPrivateCli } from '../helpers/private-cli.js';

const DEBIAN_DIR = '/usr/lib/cni';
const EVIDENCE = new URL('../../fixtures/upstream/evidence/debian-plugins-1.1.1-version-probe.txt', import.meta.url);
/** Set in the parent's environment while probing; a plugin must never see it. */
const SENTINEL = 'CNI_MIGRATE_PROBE_TEST_SENTINEL';

/**
 * What Debian's containernetworking-plugins 1.1.1 binaries answer to VERSION, copied from
 * fixtures/upstream/evidence/debian-plugins-1.1.1-version-probe.txt (checked against it below).
 */
const ALL_UP_TO_1_0_0 = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'];
const DEBIAN_1_1_1: Readonly<Record<string, readonly string[]>> = {
  bandwidth: ['0.3.0', '0.3.1', '0.4.0', '1.0.0'],
  bridge: ALL_UP_TO_1_0_0,
  dhcp: ALL_UP_TO_1_0_0,
  firewall: ['0.4.0', '1.0.0'],
  'host-device': ALL_UP_TO_1_0_0,
  'host-local': ALL_UP_TO_1_0_0,
  ipvlan: ALL_UP_TO_1_0_0,
  loopback: ALL_UP_TO_1_0_0,
  macvlan: ALL_UP_TO_1_0_0,
  portmap: ALL_UP_TO_1_0_0,
  ptp: ALL_UP_TO_1_0_0,
  sbr: ALL_UP_TO_1_0_0,
  static: ALL_UP_TO_1_0_0,
  tuning: ALL_UP_TO_1_0_0,
  vlan: ALL_UP_TO_1_0_0,
  vrf: ['0.3.1', '0.4.0', '1.0.0'],
};

/** The plugin binaries in /usr/lib/cni; fails (never skips) when Debian's package is not installed. */
function debianPlugins(): string[] {
  if (!existsSync(join(DEBIAN_DIR, 'bridge'))) {
    throw new Error(
      `${DEBIAN_DIR}/bridge does not exist: these tests run Debian's real CNI plugin binaries. ` +
        'Install them with `apt-get install containernetworking-plugins` (CI installs it).',
    );
  }
  return readdirSync(DEBIAN_DIR)
    .filter((f) => statSync(join(DEBIAN_DIR, f)).isFile())
    .sort();
}

/** The problem of a failed probe, narrowed to the expected code. */
function problemOf<C extends DiagnosticCode>(result: ProbeResult, code: C): DiagnosticArgs[C] {
  if (result.ok) throw new Error(`expected ${code}, but the probe succeeded with ${JSON.stringify(result.fact)}`);
  return argsOf(result.problem, code);
}

function argsOf<C extends DiagnosticCode>(d: PendingDiagnostic | { code: string; args: unknown }, code: C): DiagnosticArgs[C] {
  expect(d.code).toBe(code);
  return d.args as DiagnosticArgs[C];
}

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return condition();
}

let tmp: string;
let bin: string;
let rec: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cni-migrate-probe-'));
  bin = join(tmp, 'bin');
  rec = join(tmp, 'rec');
  mkdirSync(bin);
  mkdirSync(rec);
  const r = (name: string): string => sh(join(rec, name));

  // (a)+(b): answers a chosen list and records its environment and stdin.
  writeStandIn(bin, 'standin', `/usr/bin/env > ${r('standin.env')}\n/bin/cat > ${r('standin.stdin')}\n${versionReply(['0.3.1', '0.4.0'])}`);
  // Used by planning and the CLI: counts its calls and records its environment.
  writeStandIn(bin, 'narrow', `echo call >> ${r('narrow.calls')}\n/usr/bin/env > ${r('narrow.env')}\n${versionReply(['0.3.1', '0.4.0'])}`);
  writeStandIn(bin, 'wide', versionReply(['0.3.1', '0.4.0', '1.0.0']));
  writeStandIn(bin, 'counted', `echo call >> ${r('counted.calls')}\n${versionReply(['0.4.0'])}`);
  // (c): hangs in a child process, as a shell wrapper around a stuck binary would.
  writeStandIn(
    bin,
    'hang',
    `echo $$ >> ${r('hang-shell.pids')}\n/bin/sh -c ${sh(`echo $$ >> ${join(rec, 'sleep.pids')}; exec sleep 30`)} &\nwait\n${versionReply(['0.4.0'])}`,
  );
  // Forks a long-lived child that holds none of the pipes (so closing them cannot stop it), then hangs.
  writeStandIn(bin, 'forker', `/bin/sleep 300 </dev/null >/dev/null 2>&1 &\necho $! >> ${r('forker-child.pids')}\nwait`);
  // (d), (e)
  writeStandIn(bin, 'garbage', `echo 'this is not json'`);
  writeStandIn(bin, 'cnierror', `printf '%s\\n' ${sh('{"cniVersion":"1.0.0","code":4,"msg":"incompatible CNI versions"}')}\nexit 1`);
  writeStandIn(bin, 'failok', `${versionReply(['0.4.0'])}\nexit 1`);
  // A plugin built on a skel older than the VERSION command (libcni reads it as 0.1.0 only).
  writeStandIn(bin, 'legacy', `env > ${r('legacy.env')}\nprintf '%s\\n' '{"code":4,"msg":"unknown CNI_COMMAND: VERSION"}'\nexit 1`);
  writeStandIn(bin, 'nothing', versionReply([]));
  // (f): a valid responder, except that it cannot be executed.
  writeStandIn(bin, 'noexec', `echo call >> ${r('noexec.calls')}\n${versionReply(['0.4.0'])}`, 0o644);
  // (h)
  mkdirSync(join(bin, 'adir'));
  // (i): executables a type with a separator or `..` would reach.
  writeStandIn(tmp, 'escape', `echo call >> ${r('escape.calls')}\n${versionReply(['0.4.0'])}`);
  mkdirSync(join(bin, 'sub'));
  writeStandIn(join(bin, 'sub'), 'escape', `echo call >> ${r('sub-escape.calls')}\n${versionReply(['0.4.0'])}`);
  // (j): a valid reply padded beyond 64 KiB, and a reply that never ends.
  writeStandIn(
    bin,
    'huge',
    `printf '%s' ${sh('{"cniVersion":"1.0.0","supportedVersions":["0.3.1","0.4.0"],"pad":"')}\nhead -c 70000 /dev/zero | tr '\\0' x\nprintf '%s\\n' '"}'`,
  );
  writeStandIn(bin, 'flood', `/bin/sh -c ${sh(`echo $$ >> ${join(rec, 'yes.pids')}; exec yes '{"cniVersion":"1.0.0"}'`)} &\nwait`);
});

afterAll(() => {
  if (!tmp) return;
  // Only the children the stand-ins started, by their recorded pids.
  killRecorded(join(rec, 'sleep.pids'), 'sleep');
  killRecorded(join(rec, 'yes.pids'), 'yes');
  killRecorded(join(rec, 'forker-child.pids'), 'sleep');
  for (const signal of ['SIGINT', 'SIGTERM']) {
    killRecorded(join(rec, `cli-${signal}.pids`), 'forker');
    killRecorded(join(rec, `cli-${signal}.pids`), 'sleep');
  }
  rmSync(tmp, { recursive: true, force: true });
});

describe("Debian's real plugin binaries", () => {
  it(`are installed in ${DEBIAN_DIR}`, () => {
    expect(debianPlugins()).toContain('bridge');
  });

  it('answer VERSION with exactly the versions recorded in the evidence', async () => {
    const binaries = debianPlugins();
    // Every binary has a recorded answer: a new or changed package must fail here, not pass unchecked.
    expect(binaries).toEqual(Object.keys(DEBIAN_1_1_1).sort());
    const { supported, problems } = await probePlugins(DEBIAN_DIR, binaries);
    expect(problems).toEqual({});
    const got = Object.fromEntries(binaries.map((b) => [b, supported[b]?.versions]));
    expect(got).toEqual(DEBIAN_1_1_1);
    for (const b of binaries) expect(supported[b]?.source).toEqual({ kind: 'probe', binary: join(DEBIAN_DIR, b) });
    // The cases the compatibility notes single out.
    expect(supported.bridge?.versions).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0']);
    expect(supported.bandwidth?.versions).toEqual(['0.3.0', '0.3.1', '0.4.0', '1.0.0']);
    expect(supported.firewall?.versions).toEqual(['0.4.0', '1.0.0']);
    expect(supported.vrf?.versions).toEqual(['0.3.1', '0.4.0', '1.0.0']);
  });

  it('the expected table is the one in the evidence file', () => {
    const recorded: Record<string, string[]> = {};
    for (const line of readFileSync(EVIDENCE, 'utf8').split('\n')) {
      const m = /^(\S+) VERSION: (\{.*\})$/.exec(line);
      if (m) recorded[m[1]!] = (JSON.parse(m[2]!) as { supportedVersions: string[] }).supportedVersions;
    }
    expect(recorded).toEqual(DEBIAN_1_1_1);
  });

  it('the built-in data for cni-plugins 1.1.1 states exactly what the binaries answer', async () => {
    const binaries = debianPlugins();
    const { supported } = await probePlugins(DEBIAN_DIR, binaries);
    const compared: string[] = [];
    for (const type of binaries) {
      if (!compat.plugins[type]?.length) continue;
      const { support, diagnostics } = resolvePluginSupport(type, { releases: { 'cni-plugins': '1.1.1' } });
      expect(diagnostics, type).toEqual([]);
      expect(support.status, type).toBe('exact');
      if (support.status !== 'exact') continue;
      expect({ type, versions: support.versions }).toEqual({ type, versions: supported[type]?.versions });
      expect(support.sources.map((s) => s.kind), type).toEqual(['data']);
      compared.push(type);
    }
    expect(compared).toEqual(expect.arrayContaining(['bridge', 'bandwidth', 'firewall', 'vrf', 'portmap', 'host-local', 'loopback']));
  });
});

describe('stand-in plugins', () => {
  it('a reply is read as the exact list of accepted versions', async () => {
    const r = await probePlugin(bin, 'standin');
    expect(r).toEqual({ ok: true, fact: { versions: ['0.3.1', '0.4.0'], source: { kind: 'probe', binary: join(bin, 'standin') } } });
  });

  it('runs the plugin as libcni does: CNI_COMMAND=VERSION, a 1.1.0 config on stdin, a minimal environment', async () => {
    const hadHome = process.env.HOME;
    process.env[SENTINEL] = 'must-not-leak';
    if (hadHome === undefined) process.env.HOME = tmp;
    let r: ProbeResult;
    try {
      r = await probePlugin(bin, 'standin');
    } finally {
      delete process.env[SENTINEL];
      if (hadHome === undefined) delete process.env.HOME;
    }
    expect(r.ok).toBe(true);
    const env = readEnvRecord(join(rec, 'standin.env'));
    expect(env.CNI_COMMAND).toBe('VERSION');
    expect(env).not.toHaveProperty('HOME');
    expect(env).not.toHaveProperty(SENTINEL);
    // Only CNI_* variables and PATH; PWD, SHLVL and _ are the shell's own.
    const foreign = Object.keys(env).filter((k) => !/^CNI_[A-Z]+$/.test(k) && !['PATH', 'PWD', 'SHLVL', '_', 'OLDPWD'].includes(k));
    expect(foreign).toEqual([]);
    const stdin = JSON.parse(readFileSync(join(rec, 'standin.stdin'), 'utf8')) as { cniVersion?: unknown };
    expect(stdin.cniVersion).toBe('1.1.0');
  });

  it('a plugin that hangs fails within the timeout, and is killed', async () => {
    const started = performance.now();
    const r = await probePlugin(bin, 'hang', { timeoutMs: 300 });
    const elapsed = performance.now() - started;
    const args = problemOf(r, 'PROBE_FAILED');
    expect(args.type).toBe('hang');
    expect(args.binary).toBe(join(bin, 'hang'));
    expect(args.problem).not.toBe('');
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(5000);
    const shells = recordedPids(join(rec, 'hang-shell.pids'));
    expect(shells.length).toBeGreaterThan(0);
    expect(await waitUntil(() => shells.every((p) => !isRunning(p, 'hang')), 2000)).toBe(true);
  });

  it('on a timeout the whole process group is killed: a child the plugin forked does not outlive the probe', async () => {
    const r = await probePlugin(bin, 'forker', { timeoutMs: 300 });
    problemOf(r, 'PROBE_FAILED');
    const children = recordedPids(join(rec, 'forker-child.pids'));
    expect(children).toHaveLength(1);
    expect(await waitUntil(() => !isRunning(children[0]!, 'sleep'), 2000), `forked child ${children[0]} still running`).toBe(true);
  });

  it('output that is not JSON fails', async () => {
    const args = problemOf(await probePlugin(bin, 'garbage'), 'PROBE_FAILED');
    expect(args).toMatchObject({ type: 'garbage', binary: join(bin, 'garbage') });
  });

  it('a CNI error reply with exit status 1 fails', async () => {
    const args = problemOf(await probePlugin(bin, 'cnierror'), 'PROBE_FAILED');
    expect(args).toMatchObject({ type: 'cnierror', binary: join(bin, 'cnierror') });
  });

  it('a well-formed reply with exit status 1 still fails', async () => {
    problemOf(await probePlugin(bin, 'failok'), 'PROBE_FAILED');
  });

  it('a plugin older than the VERSION command is read as supporting 0.1.0 only, as libcni does', async () => {
    const r = await probePlugin(bin, 'legacy');
    expect(r).toEqual({ ok: true, fact: { versions: ['0.1.0'], source: { kind: 'probe', binary: join(bin, 'legacy') } } });
    // libcni's fake values for plugins built against an older skel.
    expect(readEnvRecord(join(rec, 'legacy.env'))).toMatchObject({ CNI_NETNS: 'dummy', CNI_IFNAME: 'dummy', CNI_PATH: 'dummy' });
  });

  it('a reply listing no versions fails', async () => {
    problemOf(await probePlugin(bin, 'nothing'), 'PROBE_FAILED');
  });

  it('a file without the execute bit fails without running', async () => {
    const args = problemOf(await probePlugin(bin, 'noexec'), 'PROBE_FAILED');
    expect(args).toMatchObject({ type: 'noexec', binary: join(bin, 'noexec') });
    expect(callCount(join(rec, 'noexec.calls'))).toBe(0);
  });

  it('a missing binary is PLUGIN_BINARY_MISSING', async () => {
    const r = await probePlugin(bin, 'absent');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatchObject({ code: 'PLUGIN_BINARY_MISSING', severity: 'warning', args: { type: 'absent', binDir: bin } });
  });

  it('a directory named like the plugin fails', async () => {
    const args = problemOf(await probePlugin(bin, 'adir'), 'PROBE_FAILED');
    expect(args).toMatchObject({ type: 'adir', binary: join(bin, 'adir') });
  });

  it('a type with a path separator or a dot segment fails without executing anything', async () => {
    const types = ['../escape', 'sub/escape', `${tmp}/escape`, '..', '.', 'sub/../standin'];
    const { supported, problems } = await probePlugins(bin, types);
    expect(supported).toEqual({});
    expect(Object.keys(problems).sort()).toEqual([...types].sort());
    for (const t of types) {
      expect(problems[t]).toHaveLength(1);
      expect(argsOf(problems[t]![0]!, 'PROBE_FAILED').type).toBe(t);
    }
    expect(callCount(join(rec, 'escape.calls'))).toBe(0);
    expect(callCount(join(rec, 'sub-escape.calls'))).toBe(0);
  });

  it('more than 64 KiB of output fails, even when it would be a valid reply', async () => {
    // The stand-in's reply is valid JSON listing versions: only the size cap can reject it.
    const direct = spawnSync(join(bin, 'huge'), { encoding: 'utf8', env: { CNI_COMMAND: 'VERSION' } });
    expect(direct.stdout.length).toBeGreaterThan(64 * 1024);
    expect((JSON.parse(direct.stdout) as { supportedVersions: string[] }).supportedVersions).toEqual(['0.3.1', '0.4.0']);
    const args = problemOf(await probePlugin(bin, 'huge'), 'PROBE_FAILED');
    expect(args).toMatchObject({ type: 'huge', binary: join(bin, 'huge') });
  });

  it('output that never ends fails quickly, and its writer is stopped', async () => {
    const started = performance.now();
    problemOf(await probePlugin(bin, 'flood', { timeoutMs: 4000 }), 'PROBE_FAILED');
    expect(performance.now() - started).toBeLessThan(3000);
    const writers = recordedPids(join(rec, 'yes.pids'));
    expect(writers.length).toBeGreaterThan(0);
    // The background writer holds the pipe; once the probe lets go of it, the writer dies of SIGPIPE.
    expect(await waitUntil(() => writers.every((p) => !isRunning(p, 'yes')), 3000)).toBe(true);
  });

  it('probePlugins runs each type once and keys facts and problems by type', async () => {
    const { supported, problems } = await probePlugins(bin, ['counted', 'counted', 'absent', 'garbage', 'standin'], { timeoutMs: 3000 });
    expect(Object.keys(supported).sort()).toEqual(['counted', 'standin']);
    expect(supported.counted?.versions).toEqual(['0.4.0']);
    expect(Object.keys(problems).sort()).toEqual(['absent', 'garbage']);
    expect(problems.absent?.map((d) => d.code)).toEqual(['PLUGIN_BINARY_MISSING']);
    expect(problems.garbage?.map((d) => d.code)).toEqual(['PROBE_FAILED']);
    expect(callCount(join(rec, 'counted.calls'))).toBe(1);
  });
});

describe('probe results through the core', () => {
  let planBin: string;

  beforeAll(() => {
    planBin = join(tmp, 'plan-bin');
    mkdirSync(planBin);
    symlinkSync(join(DEBIAN_DIR, 'bridge'), join(planBin, 'bridge'));
    copyFileSync(join(bin, 'wide'), join(planBin, 'wide'));
    writeStandIn(planBin, 'narrow', versionReply(['0.3.1', '0.4.0']));
    // A plugin the data knows, whose binary gives no usable answer.
    writeStandIn(planBin, 'portmap', `echo 'portmap: no VERSION here'`);
    writeStandIn(planBin, 'mystery', `echo '{}'`);
  });

  const conflist = (types: readonly string[], version?: string): string =>
    `{\n  ${version === undefined ? '' : `"cniVersion": "${version}",\n  `}"name": "net",\n  "plugins": [\n${types
      .map((t) => `    { "type": "${t}" }`)
      .join(',\n')}\n  ]\n}\n`;

  async function probedOptions(types: readonly string[]): Promise<PlanOptions> {
    const { supported, problems } = await probePlugins(planBin, types, { timeoutMs: 3000 });
    return { plugins: { supported, problems } };
  }

  it('the newest version every probed plugin accepts is inserted (real bridge + a 0.3.1/0.4.0 stand-in → 0.4.0)', async () => {
    debianPlugins();
    const text = conflist(['bridge', 'narrow']);
    const options = await probedOptions(['bridge', 'narrow']);
    expect(options.plugins?.problems).toEqual({});
    const plan = planFile({ path: '10-net.conflist', text }, options);
    expectSafeEdit(plan, options);
    const net = plan.networks[0]!;
    expect(net.decision).toMatchObject({ action: 'insert', from: null, version: '0.4.0' });
    expect(net.supportedByAll).toEqual(['0.3.1', '0.4.0']);
    expect(net.support).toEqual([
      { type: 'bridge', status: 'exact', versions: ALL_UP_TO_1_0_0, sources: [{ kind: 'probe', binary: join(planBin, 'bridge') }] },
      { type: 'narrow', status: 'exact', versions: ['0.3.1', '0.4.0'], sources: [{ kind: 'probe', binary: join(planBin, 'narrow') }] },
    ]);
    expect((JSON.parse(plan.after) as { cniVersion: string }).cniVersion).toBe('0.4.0');
    expect(plan.diagnostics.map((d) => d.code)).toEqual(['CNI_VERSION_MISSING']);

    // Without the probe the stand-in is unknown and nothing can be chosen.
    const unprobed = planFile({ path: '10-net.conflist', text });
    expect(unprobed.changed).toBe(false);
    expect(unprobed.networks[0]!.decision.action).toBe('none');
  });

  it('a version a probed plugin rejects is rewritten to the common newest', async () => {
    const text = conflist(['wide', 'narrow'], '1.0.0');
    const options = await probedOptions(['wide', 'narrow']);
    const plan = planFile({ path: '10-net.conflist', text }, options);
    expectSafeEdit(plan, options);
    expect(plan.networks[0]!.decision).toMatchObject({ action: 'rewrite', from: '1.0.0', version: '0.4.0' });
    const unsupported = plan.diagnostics.find((d) => d.code === 'CNI_VERSION_UNSUPPORTED');
    expect(unsupported?.args).toMatchObject({ version: '1.0.0', replacement: '0.4.0', runtime: null });
  });

  it('a failed probe is a PROBE_FAILED diagnostic at the plugin type, and planning falls back to the data', async () => {
    debianPlugins();
    const text = conflist(['bridge', 'portmap']);
    const options = await probedOptions(['bridge', 'portmap']);
    expect(Object.keys(options.plugins?.problems ?? {})).toEqual(['portmap']);
    const plan = planFile({ path: '10-net.conflist', text }, options);

    const failed = plan.diagnostics.filter((d) => d.code === 'PROBE_FAILED');
    expect(failed).toHaveLength(1);
    const d = failed[0]!;
    expect(d.severity).toBe('warning');
    expect(argsOf(d, 'PROBE_FAILED')).toMatchObject({ type: 'portmap', binary: join(planBin, 'portmap') });
    const at = text.indexOf('"portmap"');
    expect(d.position).toEqual({ offset: at, length: '"portmap"'.length, line: 5, column: 15 });
    expect(text.split('\n')[4]!.slice(14, 23)).toBe('"portmap"');

    // portmap's support is what the data says over all releases in this chain, exactly as with no
    // probe at all (Calico's fork is left out: no calico here).
    const net = plan.networks[0]!;
    const portmap = net.support.find((s) => s.type === 'portmap');
    expect(portmap).toEqual(resolvePluginSupport('portmap', {}, compat, ['bridge', 'portmap']).support);
    expect(portmap?.status).toBe('release-unknown');
    // bridge still counts with its probed list; portmap's data (some releases stop at 0.3.1) caps the choice.
    expect(net.support.find((s) => s.type === 'bridge')).toMatchObject({ status: 'exact', sources: [{ kind: 'probe' }] });
    expect(net.decision).toMatchObject({ action: 'insert', version: '0.3.1' });
    expectSafeEdit(plan, options);
  });

  it('a missing binary is PLUGIN_BINARY_MISSING at the plugin type, and planning falls back to the data', async () => {
    debianPlugins();
    const text = conflist(['bridge', 'tuning'], '0.4.0');
    const options = await probedOptions(['bridge', 'tuning']);
    const plan = planFile({ path: '10-net.conflist', text }, options);
    const missing = plan.diagnostics.filter((d) => d.code === 'PLUGIN_BINARY_MISSING');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.args).toEqual({ type: 'tuning', binDir: planBin });
    expect(missing[0]!.position?.offset).toBe(text.indexOf('"tuning"'));
    expect(plan.networks[0]!.support.find((s) => s.type === 'tuning')).toEqual(resolvePluginSupport('tuning', {}, compat, ['bridge', 'tuning']).support);
    expect(plan.networks[0]!.decision).toMatchObject({ action: 'keep', version: '0.4.0' });
  });

  it('a failed probe of a plugin the data does not know leaves the version alone', async () => {
    const text = conflist(['narrow', 'mystery'], '0.3.1');
    const options = await probedOptions(['narrow', 'mystery']);
    const plan = planFile({ path: '10-net.conflist', text }, options);
    expect(plan.changed).toBe(false);
    const codes = plan.diagnostics.map((d) => d.code);
    expect(codes).toContain('PROBE_FAILED');
    expect(codes).toContain('PLUGIN_UNKNOWN');
    const failed = plan.diagnostics.find((d) => d.code === 'PROBE_FAILED');
    expect(failed?.position?.offset).toBe(text.indexOf('"mystery"'));
    expect(plan.networks[0]!.support.find((s) => s.type === 'mystery')).toEqual({ type: 'mystery', status: 'unknown' });
  });
});

describe('the built CLI with --bin-dir', () => {
  let work: string;
  let cliPath: string;

  interface Report {
    files: {
      path: string;
      changed: boolean;
      networks: { decision: Record<string, unknown>; support: { type: string; status: string; versions?: string[]; sources?: Record<string, unknown>[] }[] }[];
      diagnostics: { code: string; severity: string; line: number | null; column: number | null; args: Record<string, unknown> }[];
    }[];
  }

  beforeAll(() => {
    // Built from the current sources into a private package layout (bin shim, bundle,
    // package.json), so rebuilding never rewrites the repo's dist/ while other test files run it.
    cliPath = buildPrivateCli(join(tmp, 'pkg'));
    work = join(tmp, 'cli');
    mkdirSync(work);
    writeFileSync(join(work, 'insert.conflist'), '{\n  "name": "net",\n  "plugins": [{ "type": "narrow" }, { "type": "wide" }]\n}\n');
    writeFileSync(join(work, 'keep.conflist'), '{\n  "cniVersion": "0.4.0",\n  "name": "net",\n  "plugins": [{ "type": "narrow" }, { "type": "wide" }]\n}\n');
    writeFileSync(join(work, 'reject.conflist'), '{\n  "cniVersion": "1.0.0",\n  "name": "net",\n  "plugins": [{ "type": "narrow" }, { "type": "wide" }]\n}\n');
    writeFileSync(join(work, 'hang.conflist'), '{\n  "cniVersion": "0.4.0",\n  "name": "net",\n  "plugins": [{ "type": "hang" }]\n}\n');
    writeFileSync(join(work, 'absent.conflist'), '{\n  "cniVersion": "0.4.0",\n  "name": "net",\n  "plugins": [{ "type": "wide" }, { "type": "absent" }]\n}\n');
  }, 120_000);

  function cli(args: readonly string[]): { status: number | null; stdout: string; stderr: string; ms: number } {
    const started = performance.now();
    const r = spawnSync(process.execPath, [cliPath, ...args], {
      cwd: work,
      encoding: 'utf8',
      timeout: 40_000,
      env: { ...process.env, NO_COLOR: '1', [SENTINEL]: 'must-not-leak' },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started };
  }

  function report(stdout: string): Report['files'][number] {
    const parsed = JSON.parse(stdout) as Report;
    expect(parsed.files).toHaveLength(1);
    return parsed.files[0]!;
  }

  it('check reports the probed decision and exits 1 when a change is needed', () => {
    const before = readFileSync(join(work, 'insert.conflist'), 'utf8');
    const r = cli(['check', '--format', 'json', '--bin-dir', bin, 'insert.conflist']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const file = report(r.stdout);
    expect(file.changed).toBe(true);
    const net = file.networks[0]!;
    expect(net.decision).toMatchObject({ action: 'insert', version: '0.4.0' });
    expect(net.support.find((s) => s.type === 'narrow')).toEqual({
      type: 'narrow',
      status: 'exact',
      versions: ['0.3.1', '0.4.0'],
      sources: [{ kind: 'probe', binary: join(bin, 'narrow') }],
    });
    expect(file.diagnostics.find((d) => d.code === 'CNI_VERSION_MISSING')?.args).toEqual({ inserted: '0.4.0' });
    expect(readFileSync(join(work, 'insert.conflist'), 'utf8')).toBe(before);
    // The plugin saw none of the CLI's environment.
    const env = readEnvRecord(join(rec, 'narrow.env'));
    expect(env.CNI_COMMAND).toBe('VERSION');
    expect(env).not.toHaveProperty(SENTINEL);
  }, 60_000);

  it('without --bin-dir the stand-ins are unknown and nothing is decided', () => {
    const r = cli(['check', '--format', 'json', 'insert.conflist']);
    const file = report(r.stdout);
    expect(file.networks[0]!.decision.action).toBe('none');
    expect(file.diagnostics.map((d) => d.code)).toContain('PLUGIN_UNKNOWN');
  }, 60_000);

  it('check exits 0 when the probed plugins accept the current version', () => {
    const r = cli(['check', '--format', 'json', '--bin-dir', bin, 'keep.conflist']);
    expect(r.status).toBe(0);
    expect(report(r.stdout).networks[0]!.decision).toMatchObject({ action: 'keep', version: '0.4.0' });
  }, 60_000);

  it('check names a version a probed plugin rejects and exits 1', () => {
    const r = cli(['check', '--format', 'json', '--bin-dir', bin, 'reject.conflist']);
    expect(r.status).toBe(1);
    const file = report(r.stdout);
    expect(file.networks[0]!.decision).toMatchObject({ action: 'rewrite', from: '1.0.0', version: '0.4.0' });
    const d = file.diagnostics.find((x) => x.code === 'CNI_VERSION_UNSUPPORTED');
    expect(d).toMatchObject({ severity: 'error', line: 2, args: { version: '1.0.0', replacement: '0.4.0' } });
  }, 60_000);

  it('--plugin TYPE=... overrides the probe, and that plugin is not run', () => {
    const calls = callCount(join(rec, 'narrow.calls'));
    const r = cli(['check', '--format', 'json', '--bin-dir', bin, '--plugin', 'narrow=0.3.1', 'insert.conflist']);
    expect(r.status).toBe(1);
    const net = report(r.stdout).networks[0]!;
    expect(net.decision).toMatchObject({ action: 'insert', version: '0.3.1' });
    expect(net.support.find((s) => s.type === 'narrow')).toMatchObject({ status: 'exact', versions: ['0.3.1'], sources: [{ kind: 'flag' }] });
    expect(net.support.find((s) => s.type === 'wide')).toMatchObject({ sources: [{ kind: 'probe', binary: join(bin, 'wide') }] });
    expect(callCount(join(rec, 'narrow.calls'))).toBe(calls);
  }, 60_000);

  it('a hung plugin is reported as PROBE_FAILED within --probe-timeout, and the CLI exits promptly', () => {
    const r = cli(['check', '--format', 'json', '--bin-dir', bin, '--probe-timeout', '300', 'hang.conflist']);
    expect(r.ms).toBeLessThan(5000);
    expect(r.status).toBe(0);
    const file = report(r.stdout);
    const d = file.diagnostics.find((x) => x.code === 'PROBE_FAILED');
    expect(d).toMatchObject({ severity: 'warning', line: 4, args: { type: 'hang', binary: join(bin, 'hang') } });
    expect(d?.column).toBeGreaterThan(0);
    expect(file.diagnostics.map((x) => x.code)).toContain('PLUGIN_UNKNOWN');
    expect(file.changed).toBe(false);
  }, 60_000);

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('probe interrupted by %s kills the plugin and the child it forked, then exits %i', async (signal, code) => {
    const dir = join(tmp, `cli-bin-${signal}`);
    mkdirSync(dir);
    const pids = join(rec, `cli-${signal}.pids`);
    // Records its own pid, then its child's, and hangs.
    writeStandIn(dir, 'forker', `echo $$ >> ${sh(pids)}\n/bin/sleep 300 </dev/null >/dev/null 2>&1 &\necho $! >> ${sh(pids)}\nwait`);
    const child = spawn(process.execPath, [cliPath, 'probe', '--bin-dir', dir, '--probe-timeout', '60000'], { cwd: work, stdio: 'ignore', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (c, s) => resolve({ code: c, signal: s })));
    expect(await waitUntil(() => recordedPids(pids).length === 2, 10_000), 'the stand-in never started').toBe(true);
    child.kill(signal);
    expect(await exited).toEqual({ code, signal: null });
    const [shell, forked] = recordedPids(pids) as [number, number];
    expect(await waitUntil(() => !isRunning(shell, 'forker') && !isRunning(forked, 'sleep'), 2000), `plugin ${shell} or its child ${forked} still running`).toBe(true);
  }, 30_000);

  it('a binary missing from --bin-dir is PLUGIN_BINARY_MISSING', () => {
    const r = cli(['check', '--format', 'json', '--bin-dir', bin, 'absent.conflist']);
    const d = report(r.stdout).diagnostics.find((x) => x.code === 'PLUGIN_BINARY_MISSING');
    expect(d).toMatchObject({ severity: 'warning', line: 4, args: { type: 'absent', binDir: bin } });
  }, 60_000);

  it('fix writes the probed version, and a second check finds nothing', () => {
    copyFileSync(join(work, 'insert.conflist'), join(work, 'fixme.conflist'));
    const fixed = cli(['fix', '--bin-dir', bin, 'fixme.conflist']);
    expect(fixed.status).toBe(0);
    expect((JSON.parse(readFileSync(join(work, 'fixme.conflist'), 'utf8')) as { cniVersion: string }).cniVersion).toBe('0.4.0');
    expect(cli(['check', '--bin-dir', bin, 'fixme.conflist']).status).toBe(0);
  }, 60_000);
});
