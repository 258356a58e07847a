/**
 * The throwaway network namespaces and lease directory of one `cni-migrate verify` run, named
 * after the process that owns them: `cni-migrate-verify-<pid>-<hex>` (the container side), the
 * same with `-host` (where the plugins run: bridges, veths, iptables chains) and a directory of
 * that name in the temp directory (host-local's leases). The pid in the name lets a later run
 * tell what a run that died left (SIGKILL, a crash) from what a concurrent run is using: only
 * the leftovers of pids that no longer exist are swept. A pid that was reused keeps its
 * leftovers until that process ends too; never the other way round. `--keep` runs are named
 * `cni-migrate-verify-kept-…` and never swept: the user asked to look at them.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interruptedBy } from './interrupt.js';
import { PLUGIN_PATH } from './run-chain.js';

/** A leftover of a run that was not kept: the owner's pid is group 1. */
const SWEPT_NAMESPACE = /^cni-migrate-verify-(\d+)-[0-9a-f]{6}(-host)?$/;
const SWEPT_DIR = /^cni-migrate-verify-(\d+)-[0-9a-f]{6}$/;

export interface IpResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

const running = new Set<Promise<IpResult>>();

/**
 * Runs `ip` (iproute2) with the plugins' PATH. Once the CLI is interrupted only `cleanup` calls
 * run, so nothing is created behind the cleanup's back.
 */
export function ip(args: readonly string[], cleanup = false): Promise<IpResult> {
  const signal = interruptedBy();
  if (signal !== null && !cleanup) return Promise.resolve({ ok: false, stdout: '', stderr: `interrupted by ${signal}` });
  const p = new Promise<IpResult>((resolve) => {
    execFile('ip', args, { env: { PATH: PLUGIN_PATH }, timeout: 10_000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ ok: !err, stdout: String(stdout), stderr: String(stderr || (err ? err.message : '')) });
    });
  });
  running.add(p);
  void p.then(() => running.delete(p));
  return p;
}

export interface Sandbox {
  /** The container's namespace. */
  readonly ctrNs: string;
  /** The namespace standing in for the host, where the plugins run. */
  readonly hostNs: string;
  /** host-local's lease directory, not yet created. */
  readonly dataDir: string;
  readonly containerId: string;
}

export function sandboxFor(keep: boolean): Sandbox {
  const name = `cni-migrate-verify-${keep ? 'kept-' : ''}${process.pid}-${randomBytes(3).toString('hex')}`;
  return { ctrNs: name, hostNs: `${name}-host`, dataDir: join(tmpdir(), name), containerId: name };
}

/** Creates the lease directory, private to root: its name is predictable, so it must not exist yet. */
export async function createDataDir(sb: Sandbox): Promise<void> {
  await mkdir(sb.dataDir, { mode: 0o700 });
}

/**
 * Deletes the namespaces (the container's first: that removes the veth ends inside it) and the
 * lease directory, whichever exist. Waits for `ip` commands still running, so a namespace being
 * added is deleted too.
 */
export async function removeSandbox(sb: Sandbox): Promise<void> {
  await Promise.all([...running]);
  for (const ns of [sb.ctrNs, sb.hostNs]) await ip(['netns', 'del', ns], true);
  await rm(sb.dataDir, { recursive: true, force: true });
}

/** Whether `pid` exists (EPERM: it does, owned by someone else). */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes what verify runs whose process no longer exists left behind: their namespaces (after
 * killing any plugin still running in them, which would keep the namespace alive) and their lease
 * directories (only directories owned by this user: the temp directory is shared). Returns one
 * line per dead run, saying what was removed.
 */
export async function sweepStale(): Promise<string[]> {
  const found = new Map<number, { namespaces: string[]; dirs: string[] }>();
  const entry = (pid: number) => found.get(pid) ?? found.set(pid, { namespaces: [], dirs: [] }).get(pid)!;
  const list = await ip(['netns', 'list']);
  for (const line of list.ok ? list.stdout.split('\n') : []) {
    const name = line.split(' ')[0] ?? '';
    const m = SWEPT_NAMESPACE.exec(name);
    if (m) entry(Number(m[1])).namespaces.push(name);
  }
  const tmp = tmpdir();
  let names: string[] = [];
  try {
    names = await readdir(tmp);
  } catch {
    /* no temp directory to sweep */
  }
  for (const name of names) {
    const m = SWEPT_DIR.exec(name);
    if (!m) continue;
    try {
      const st = await lstat(join(tmp, name));
      if (st.isDirectory() && st.uid === process.getuid?.()) entry(Number(m[1])).dirs.push(join(tmp, name));
    } catch {
      /* gone meanwhile */
    }
  }

  const report: string[] = [];
  for (const [pid, { namespaces, dirs }] of [...found].sort((a, b) => a[0] - b[0])) {
    if (isAlive(pid)) continue;
    // Container side first, as removeSandbox does.
    namespaces.sort((a, b) => Number(a.endsWith('-host')) - Number(b.endsWith('-host')) || (a < b ? -1 : 1));
    for (const ns of namespaces) {
      const pids = await ip(['netns', 'pids', ns]);
      for (const p of pids.ok ? pids.stdout.split('\n').map(Number).filter((n) => Number.isInteger(n) && n > 0) : []) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      await ip(['netns', 'del', ns]);
    }
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    const what = [namespaces.length ? `network namespaces ${namespaces.join(', ')}` : '', dirs.length ? `lease directory ${dirs.join(', ')}` : ''].filter(Boolean);
    report.push(`removed what verify process ${pid} left behind (it is no longer running): ${what.join('; ')}`);
  }
  return report;
}
