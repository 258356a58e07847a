/**
 * The CLI built from the current sources into a private package layout (bin shim, the bundle,
 * package.json), for test files that must not depend on, or race with, the repository's dist/.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli.js';

/** Builds into `dir` and returns the path of its bin/cni-migrate.js. */
export function buildPrivateCli(dir: string): string {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build-cli.mjs'), '--outdir', join(dir, 'dist', 'bundle')], { cwd: repoRoot, stdio: 'pipe' });
  copyFileSync(join(repoRoot, 'bin', 'cni-migrate.js'), join(dir, 'bin', 'cni-migrate.js'));
  copyFileSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
  return join(dir, 'bin', 'cni-migrate.js');
}
