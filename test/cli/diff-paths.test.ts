/**
 * `diff` on files whose names need quoting: the patch applies with real `git apply` and real
 * `patch -p1` to exactly the files `fix` changes, and to no other file (decoys sit where a
 * misread header would point).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli, git, repoRoot, scratchDirs, snapshotTree } from '../helpers/cli.js';

const { temp } = scratchDirs(afterEach);
const PLUGINS = ['--plugin', 'cni-plugins@1.1.1'];
const CONFLIST = '{\n  "name": "n",\n  "plugins": [{ "type": "bridge" }]\n}\n';

const NAMES = [
  'x\n+++ b/t.conflist',
  'tab\there.conflist',
  'quote"d.conflist',
  'back\\slash.conflist',
  'with space/a b.conflist',
  'x b/y.conflist',
  '+++ b.conflist',
  '+++ c/d.conflist',
  '-leading.conflist',
  'réseau/ü.conflist',
];
/** Where a header cut at a newline, a space or a ` b/` would send the edit. */
const DECOYS = ['t.conflist', 'y.conflist', 'b.conflist', 'x', 'space/a', 'here.conflist', 'd.conflist', 'c/d.conflist'];

beforeAll(() => {
  expect(existsSync(join(repoRoot, 'dist', 'bundle', 'cli.cjs')), 'run `npm run build` first (npm test does)').toBe(true);
});

function tree(): string {
  const dir = temp();
  for (const name of [...NAMES, ...DECOYS]) {
    mkdirSync(join(dir, dirname(name)), { recursive: true });
    writeFileSync(join(dir, name), CONFLIST);
  }
  return dir;
}

/** The patch for the hostile names only (decoys are not in the run), and the tree `fix` leaves. */
function patchAndExpected(): { patch: string; expected: Record<string, string> } {
  const dir = tree();
  const r = cli(['diff', ...PLUGINS, '--', ...NAMES], dir);
  expect(r.code, r.stderr).toBe(1);
  const fixed = tree();
  expect(cli(['fix', ...PLUGINS, '--', ...NAMES], fixed).code).toBe(0);
  const expected = snapshotTree(fixed);
  // fix changed each hostile file and no decoy; the patch must do the same.
  for (const name of NAMES) expect(expected[name]).toContain('"cniVersion": "1.0.0"');
  for (const name of DECOYS) expect(expected[name]).toBe(CONFLIST);
  return { patch: r.stdout, expected };
}

describe('diff with file names that need quoting', () => {
  it('applies with git apply --check and git apply to exactly the named files', () => {
    const { patch, expected } = patchAndExpected();
    const dir = tree();
    const patchFile = join(temp(), 'cni.patch');
    writeFileSync(patchFile, patch);
    const check = git(['apply', '--check', patchFile], dir);
    expect(check.code, check.stderr).toBe(0);
    const applied = git(['apply', patchFile], dir);
    expect(applied.code, applied.stderr).toBe(0);
    expect(snapshotTree(dir)).toEqual(expected);
  });

  it('applies with patch -p1 to exactly the named files', () => {
    const { patch, expected } = patchAndExpected();
    const dir = tree();
    const r = spawnSync('patch', ['-p1', '--batch'], { cwd: dir, input: patch, encoding: 'utf8' });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(snapshotTree(dir)).toEqual(expected);
  });

  it('applies inside a git work tree, where git apply resolves names against the index', () => {
    const { patch, expected } = patchAndExpected();
    const dir = tree();
    expect(git(['init', '-q'], dir).code).toBe(0);
    expect(git(['add', '-A'], dir).code).toBe(0);
    expect(git(['commit', '-qm', 'base'], dir).code).toBe(0);
    const patchFile = join(temp(), 'cni.patch');
    writeFileSync(patchFile, patch);
    const applied = git(['apply', '--index', patchFile], dir);
    expect(applied.code, applied.stderr).toBe(0);
    const copy = temp();
    cpSync(dir, copy, { recursive: true, filter: (src) => !src.includes(`${dir}/.git`) });
    expect(snapshotTree(copy)).toEqual(expected);
  });
});

describe('diff from a subdirectory of a git work tree', () => {
  function repository(): string {
    const dir = temp();
    for (const name of ['nodes/a/10-net.conflist', 'nodes/b/20-net.conflist', 'other/30-net.conflist']) {
      mkdirSync(join(dir, dirname(name)), { recursive: true });
      writeFileSync(join(dir, name), CONFLIST);
    }
    expect(git(['init', '-q'], dir).code).toBe(0);
    expect(git(['add', '-A'], dir).code).toBe(0);
    expect(git(['commit', '-qm', 'base'], dir).code).toBe(0);
    return dir;
  }

  it('names files from the top of the tree, as git diff does, so `cni-migrate diff . | git apply` applies there', () => {
    const dir = repository();
    const sub = join(dir, 'nodes');
    const r = cli(['diff', '.', ...PLUGINS], sub);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('diff --git a/nodes/a/10-net.conflist b/nodes/a/10-net.conflist');
    const applied = spawnSync('git', ['apply'], { cwd: sub, input: r.stdout, encoding: 'utf8' });
    expect(applied.status, applied.stderr).toBe(0);
    // Every file the diff named changed, and a second diff has nothing left.
    expect(git(['diff', '--name-only'], dir).stdout.split('\n').filter(Boolean).sort()).toEqual(['nodes/a/10-net.conflist', 'nodes/b/20-net.conflist']);
    expect(cli(['diff', '.', ...PLUGINS], sub).stdout).toBe('');
  });

  it('a path outside the current directory is named from the top too, not with ../', () => {
    const dir = repository();
    const r = cli(['diff', '../other', ...PLUGINS], join(dir, 'nodes'));
    expect(r.stdout).toContain('diff --git a/other/30-net.conflist b/other/30-net.conflist');
    expect(r.stdout).not.toContain('../');
    const applied = spawnSync('git', ['apply'], { cwd: join(dir, 'nodes', 'a'), input: r.stdout, encoding: 'utf8' });
    // git apply run below the file's directory skips it (as with git's own diffs); from the top it applies.
    expect(applied.status, applied.stderr).toBe(0);
    expect(spawnSync('git', ['apply'], { cwd: dir, input: r.stdout, encoding: 'utf8' }).status).toBe(0);
    expect(git(['diff', '--name-only'], dir).stdout.trim()).toBe('other/30-net.conflist');
  });
});
