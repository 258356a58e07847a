/**
 * `cni-migrate verify` interrupted, and the leftovers of runs that died: the built CLI as a real
 * process, Debian's real bridge and host-local plugins in /usr/lib/cni, a stand-in plugin that
 * hangs after them, and real signals. Each run's lease directory is under a TMPDIR of the test's
 * own, so "nothing left" can be checked exactly.
 *
 * Needs root and `ip netns` (iproute2), as test/netns/real-plugins.test.ts: without them the suite
 * FAILS, never skips. Runs concurrently with that file: both only count namespaces named after
 * their own processes, and the sweep keeps the namespaces of live processes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildPrivateCli } from '../helpers/private-cli.js';
import { isRunning, killRecorded, recordedPids, sh, writeStandIn } from '../helpers/standin.js';

const BIN_DIR = '/usr/lib/cni';
const PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

function run(cmd: string, args: readonly string[]): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15_000, env: { PATH } });
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') || (r.error?.message ?? '') };
}

function must(cmd: string, args: readonly string[]): string {
  const r = run(cmd, args);
  if (!r.ok) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return r.stdout;
}

/** `ip netns list` names (the list prints `name (id: N)` for namespaces with an id). */
const namespaces = (): string[] => must('ip', ['netns', 'list']).split('\n').map((l) => l.split(' ')[0]!).filter(Boolean);
const namespacesOf = (pid: number): string[] => namespaces().filter((n) => n.startsWith(`cni-migrate-verify-${pid}-`));

/** The real host namespace's links and iptables rules: verify must never change them. */
function hostState(): string {
  const links = (JSON.parse(must('ip', ['-j', 'link', 'show'])) as { ifname: string }[]).map((l) => l.ifname).sort();
  const rules = ['filter', 'nat', 'mangle', 'raw'].map((t) => must('iptables', ['-w', '-t', t, '-S']).trim());
  return [...links, ...rules].join('\n');
}

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return condition();
}

let tmp = '';
let cliPath = '';
const cleanups: (() => void)[] = [];

interface Started {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** The built CLI as a real process, its temp directory `tmpDir`. */
function startCli(args: readonly string[], tmpDir: string): Started {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH, TMPDIR: tmpDir } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (child.pid !== undefined) for (const ns of namespacesOf(child.pid)) run('ip', ['netns', 'del', ns]);
  });
  return { child, exited };
}

/** A fresh directory under the test's temp directory. */
function freshDir(name: string): string {
  const dir = join(tmp, `${name}-${randomBytes(3).toString('hex')}`);
  mkdirSync(dir);
  return dir;
}

describe.sequential('cni-migrate verify: interrupted runs and stale leftovers', () => {
  beforeAll(() => {
    if (process.getuid?.() !== 0) throw new Error(`test/netns needs root (uid 0) to create network namespaces; running as uid ${process.getuid?.()}`);
    for (const t of ['bridge', 'host-local', 'loopback']) {
      if (!existsSync(join(BIN_DIR, t))) throw new Error(`test/netns needs the real CNI plugins in ${BIN_DIR} (Debian: containernetworking-plugins); ${t} is missing`);
    }
    const probe = `cmt-probe-${randomBytes(4).toString('hex')}`;
    const r = run('ip', ['netns', 'add', probe]);
    if (!r.ok) throw new Error(`test/netns cannot create a network namespace (ip netns add ${probe}): ${r.stderr.trim()}. These tests need root with CAP_SYS_ADMIN/CAP_NET_ADMIN.`);
    must('ip', ['netns', 'del', probe]);
    tmp = mkdtempSync(join(tmpdir(), 'cni-migrate-verify-cleanup-'));
    cliPath = buildPrivateCli(join(tmp, 'pkg'));
  }, 120_000);

  afterEach(() => {
    while (cleanups.length) cleanups.pop()!();
  });

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'interrupted by %s while a plugin hangs: kills it, deletes both namespaces (bridge, veth, iptables chains) and the lease directory, exits %i',
    async (signal, code) => {
      const bin = freshDir('bin');
      for (const t of ['bridge', 'host-local']) symlinkSync(join(BIN_DIR, t), join(bin, t));
      const pids = join(bin, 'slow.pids');
      writeStandIn(bin, 'slow', `echo $$ >> ${sh(pids)}\nexec /bin/sleep 300`);
      cleanups.push(() => killRecorded(pids, 'sleep'));
      const leases = freshDir('tmp');
      const file = join(freshDir('conf'), 'slow.conflist');
      const conf = {
        cniVersion: '1.0.0',
        name: 'slow-net',
        plugins: [
          { type: 'bridge', bridge: 'cmslow0', isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.77.0.0/24' }]] } },
          { type: 'slow' },
        ],
      };
      writeFileSync(file, JSON.stringify(conf));
      const hostBefore = hostState();

      const { child, exited } = startCli(['verify', file, '--bin-dir', bin], leases);
      expect(await waitUntil(() => recordedPids(pids).length > 0, 15_000), 'the slow plugin never started').toBe(true);
      const pid = child.pid!;

      // What an interruption must not leave: two namespaces, a bridge and a veth in the host side, CNI chains, a lease.
      const ours = namespacesOf(pid).sort();
      expect(ours).toHaveLength(2);
      const hostNs = ours.find((n) => n.endsWith('-host'))!;
      const links = JSON.parse(must('ip', ['-d', '-n', hostNs, '-j', 'link', 'show'])) as { ifname: string; linkinfo?: { info_kind?: string } }[];
      expect(links.map((l) => l.ifname)).toContain('cmslow0');
      expect(links.some((l) => l.linkinfo?.info_kind === 'veth')).toBe(true);
      expect(must('ip', ['netns', 'exec', hostNs, 'iptables', '-w', '-t', 'nat', '-S'])).toMatch(/^-N CNI-/m);
      expect(readdirSync(leases)).toHaveLength(1);
      expect(readdirSync(leases, { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith(join('slow-net', '10.77.0.2')))).toBe(true);

      child.kill(signal);
      const r = await exited;
      expect({ code: r.code, signal: r.signal }, r.stdout + r.stderr).toEqual({ code, signal: null });
      expect(r.stderr).toContain(`interrupted (${signal})`);
      expect(namespacesOf(pid)).toEqual([]);
      expect(readdirSync(leases)).toEqual([]);
      expect(recordedPids(pids).every((p) => !isRunning(p, 'sleep'))).toBe(true);
      expect(hostState()).toBe(hostBefore);
    },
    30_000,
  );

  it("the next run sweeps a dead run's namespaces (killing what still runs in them) and lease directory, and keeps a live run's and kept ones", async () => {
    const dead = spawnSync('/bin/true').pid!;
    expect(() => process.kill(dead, 0)).toThrow(/ESRCH/);
    const live = spawn('/bin/sleep', ['300'], { stdio: 'ignore' });
    cleanups.push(() => live.kill('SIGKILL'));
    const leases = freshDir('tmp');

    const leftover = (name: string): { ns: string[]; dir: string } => {
      const ns = [name, `${name}-host`];
      for (const n of ns) {
        must('ip', ['netns', 'add', n]);
        cleanups.push(() => void run('ip', ['netns', 'del', n]));
      }
      must('ip', ['-n', `${name}-host`, 'link', 'add', 'cmstale0', 'type', 'bridge']);
      const dir = join(leases, name);
      mkdirSync(join(dir, 'net'), { recursive: true });
      writeFileSync(join(dir, 'net', '10.1.2.3'), 'x');
      return { ns, dir };
    };
    const stale = leftover(`cni-migrate-verify-${dead}-${randomBytes(3).toString('hex')}`);
    const running = leftover(`cni-migrate-verify-${live.pid}-${randomBytes(3).toString('hex')}`);
    const kept = leftover(`cni-migrate-verify-kept-${dead}-${randomBytes(3).toString('hex')}`);
    // A plugin of the dead run still running in its host-side namespace.
    const orphan = spawn('ip', ['netns', 'exec', stale.ns[1]!, '/bin/sleep', '300'], { stdio: 'ignore', env: { PATH } });
    cleanups.push(() => orphan.kill('SIGKILL'));
    expect(await waitUntil(() => isRunning(orphan.pid!, 'sleep'), 5000)).toBe(true);

    const file = join(freshDir('conf'), '99-loopback.conf');
    writeFileSync(file, JSON.stringify({ cniVersion: '1.0.0', name: 'lo', type: 'loopback' }));
    const r = await startCli(['verify', file, '--bin-dir', BIN_DIR], leases).exited;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toContain(`process ${dead}`);

    const now = namespaces();
    for (const n of stale.ns) expect(now).not.toContain(n);
    expect(existsSync(stale.dir)).toBe(false);
    expect(await waitUntil(() => !isRunning(orphan.pid!, 'sleep'), 2000), 'the dead run\'s plugin still runs').toBe(true);
    for (const { ns, dir } of [running, kept]) {
      for (const n of ns) expect(now).toContain(n);
      expect(existsSync(join(dir, 'net', '10.1.2.3'))).toBe(true);
    }
    // The run removed its own lease directory: only the live and kept ones remain.
    expect(readdirSync(leases).sort()).toEqual([running.dir, kept.dir].map((d) => d.slice(leases.length + 1)).sort());
  }, 30_000);
});
