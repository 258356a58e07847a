/** Runs the built CLI (bin/cni-migrate.js → dist/) as a real subprocess. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repoRoot, 'bin', 'cni-migrate.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function cli(args: readonly string[], cwd: string, env: Record<string, string> = {}, input?: string): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    ...(input === undefined ? {} : { input }),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024, // a JSON report of a whole repository is larger than the 1 MiB default
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temp directory removed by the returned cleanup function. */
export function tempDir(prefix = 'cni-migrate-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A temp copy of fixtures/example. */
export function exampleCopy(): { dir: string; cleanup: () => void } {
  const t = tempDir();
  cpSync(join(repoRoot, 'fixtures', 'example'), t.dir, { recursive: true });
  return t;
}

export function git(args: readonly string[], cwd: string): CliResult {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Temp dirs and example copies for one test file, removed by the hook given: `afterEach`, or
 * `afterAll` where tests run concurrently.
 */
export function scratchDirs(register: (fn: () => void) => void, prefix?: string): { temp: () => string; example: () => string } {
  const cleanups: (() => void)[] = [];
  register(() => {
    while (cleanups.length) cleanups.pop()!();
  });
  const keep = (t: { dir: string; cleanup: () => void }): string => {
    cleanups.push(t.cleanup);
    return t.dir;
  };
  return { temp: () => keep(tempDir(prefix)), example: () => keep(exampleCopy()) };
}

/** Every file under `dir` (relative path → content as latin1), to compare trees byte for byte. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  // Relative names, not Dirent.parentPath: that needs Node 20.12, and the package supports 20.10.
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, rel);
    if (statSync(path).isFile()) out[rel] = readFileSync(path, 'latin1');
  }
  return out;
}
