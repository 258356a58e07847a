/**
 * The CLI built from the current sources into a private package layout (bin shim, the bundle,
 * package.json), for test files that must not depend on, or race with, the repository's dist/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { repoRoot } from './cli.js';

/** Builds into `dir` and returns the path of its bin/cni-migrate.js. */
export function buildPrivateCli(dir: string): string {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build-cli.mjs'), '--outdir', join(dir, 'dist', 'bundle')], { cwd: repoRoot, stdio: 'pipe' });
  for (const name of ['cni-migrate.js', 'package.json']) copyFileSync(join(repoRoot, 'bin', name), join(dir, 'bin', name));
  copyFileSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
  return join(dir, 'bin', 'cni-migrate.js');
}

export interface PrivateCli {
  /** Runs the private build in `cwd`, with nothing of the caller's environment but PATH. */
  cli(args: readonly string[], cwd: string): { code: number | null; stdout: string; stderr: string };
  /** A temp directory removed after the test. */
  temp(): string;
}

/**
 * For a test file: builds the CLI privately before its tests (removed after them) and gives a
 * runner for it, with temp directories removed after each test.
 */
export function usePrivateCli(prefix: string): PrivateCli {
  let root = '';
  let cliPath = '';
  const dirs: string[] = [];
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), `${prefix}-`));
    cliPath = buildPrivateCli(join(root, 'pkg'));
  }, 120_000);
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });
  afterEach(() => {
    while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
  });
  return {
    cli(args, cwd) {
      const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    temp() {
      const dir = mkdtempSync(join(tmpdir(), `${prefix}-run-`));
      dirs.push(dir);
      return dir;
    },
  };
}
