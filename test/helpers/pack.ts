/**
 * Packs the working tree with the real `npm pack`, once per test process, for the tests that
 * install the package the way a user does (test/integrations/*). The build must have run first
 * (`npm test` does): packing runs no scripts, so it never rebuilds dist/ under the feet of tests
 * running in parallel.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './cli.js';

export interface Packed {
  /** Absolute path of the .tgz. */
  readonly tarball: string;
  /** The paths inside the tarball, relative to its `package/` folder, as npm reports them. */
  readonly files: readonly string[];
  readonly name: string;
  readonly version: string;
}

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** How long the command took, in milliseconds. */
  readonly ms: number;
}

/**
 * Runs a command (no shell) and returns what it printed. Asynchronous, so that a long npm install
 * does not block the test worker (vitest's own messages time out if it does).
 */
export function run(command: string, args: readonly string[], cwd: string, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Run> {
  const start = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...cleanEnv(), npm_config_update_notifier: 'false', ...(options.env ?? {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 180_000,
      shell: process.platform === 'win32',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) => (stderr += `\n${e.message}`));
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - start }));
  });
}

/**
 * The environment without what `npm test` and vitest add to it (npm_package_*, npm_config_local_prefix
 * and the like, NODE_ENV), so that an npm run in a temp project behaves as it does for a user.
 * Registry, cache and proxy settings are kept.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const keep = /^npm_config_(cache|registry|userconfig|globalconfig|proxy|https_proxy|noproxy|strict_ssl|cafile|fetch_retries)$/i;
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !(/^npm_/i.test(k) && !keep.test(k)) && k !== 'NODE_ENV' && k !== 'INIT_CWD' && !k.startsWith('VITEST')),
  );
}

/** What a failed command printed, for assertion messages. */
export function describeRun(what: string, r: Run): string {
  return `${what} exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/** `npm` as a command; on Windows it is a .cmd file. */
export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let packing: { dir: string; packed: Promise<Packed>; users: number } | undefined;

/**
 * The packed package, packed on first use. Pair every call with `releasePacked()` (afterAll):
 * the temp folder holding the tarball goes when the last user releases it.
 */
export function acquirePacked(): Promise<Packed> {
  if (packing) {
    packing.users++;
    return packing.packed;
  }
  const dir = mkdtempSync(join(tmpdir(), 'cni-migrate-pack-'));
  packing = { dir, packed: pack(dir), users: 1 };
  return packing.packed;
}

async function pack(dir: string): Promise<Packed> {
  for (const built of ['dist/index.js', 'dist/cjs/index.js', 'dist/bundle/cli.cjs', 'ansible/plugins/modules/cni_migrate']) {
    if (!existsSync(join(repoRoot, built))) throw new Error(`${built} is missing: run \`npm run build\` (npm test does) before these tests`);
  }
  if (statSync(join(repoRoot, 'dist/cjs/index.js')).mtimeMs < statSync(join(repoRoot, 'dist/index.js')).mtimeMs) {
    throw new Error('dist/cjs is older than dist/: run `npm run build` (npm test does) before these tests');
  }
  const r = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], repoRoot);
  if (r.code !== 0) throw new Error(describeRun('npm pack', r));
  // npm prints a JSON array (one entry per package packed); anything before it is not ours.
  const report = JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as { filename: string; name: string; version: string; files: { path: string }[] }[];
  const entry = report[0]!;
  return {
    tarball: join(dir, entry.filename),
    files: entry.files.map((f) => f.path).sort(),
    name: entry.name,
    version: entry.version,
  };
}

export function releasePacked(): void {
  if (!packing) return;
  if (--packing.users > 0) return;
  rmSync(packing.dir, { recursive: true, force: true });
  packing = undefined;
}
