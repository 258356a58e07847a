/**
 * The directory walk (src/io/walk.ts, via discoverFiles) against the fast-glob walk it replaced
 * (test/helpers/glob-walk.ts) and against git itself (`git ls-files --others --exclude-standard`),
 * on random trees with random .gitignore files.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { afterAll, describe, expect, it } from 'vitest';
import { WALKED_PATTERNS } from '../../src/formats/registry.js';
import { discoverFiles } from '../../src/io/files.js';
import { globWalk } from '../helpers/glob-walk.js';
import { scratchDirs } from '../helpers/cli.js';

const { temp } = scratchDirs(afterAll, 'cni-walk-');
const RUNS = Number(process.env['CNI_MIGRATE_PROPERTY_RUNS'] ?? 0) || undefined;

const walk = async (root: string, options: { exclude?: string[]; include?: string[]; noIgnore?: boolean; followSymlinks?: boolean; onUnreadable?: (m: string) => void } = {}): Promise<string[]> => {
  const found: string[] = [];
  for await (const f of discoverFiles(['.'], { cwd: root, patterns: WALKED_PATTERNS, ...options })) found.push(f.display);
  return found;
};

// Directory and file names never collide: file names always end in an extension.
const DIR = fc.constantFrom('a', 'b', 'a-b', 'a.b', '.h', 'n.yaml', 'node_modules');
const FILE = fc.tuple(fc.constantFrom('a', 'b', 'c', '.d', 'a-b'), fc.constantFrom('.yaml', '.yml', '.json', '.conf', '.md', '.txt', '.conflist.j2')).map(([b, e]) => b + e);
const SEGMENT = fc.constantFrom('a', 'b', 'a-b', 'a.b', '.h', 'n.yaml', '*', '**', '*.yaml', '*.json', '?.conf', '[ab]*', 'c.md', 'a.yaml', 'b.json');
/** A .gitignore line without negation. */
const pattern = (): fc.Arbitrary<string> =>
  fc
    .record({
      anchored: fc.constantFrom(false, false, true),
      body: fc.array(SEGMENT, { minLength: 1, maxLength: 3 }).map((s) => s.join('/')),
      dirOnly: fc.boolean(),
      comment: fc.constantFrom(false, false, false, false, true),
    })
    .map(({ anchored, body, dirOnly, comment }) => (comment ? '# a comment' : `${anchored ? '/' : ''}${body}${dirOnly ? '/' : ''}`));
// With negations, fewer names and patterns of the kinds found in real files, so that a deeper
// .gitignore often speaks of what one above left out.
const NEAR_DIR = fc.constantFrom('a', 'b');
const NEAR_FILE = fc.tuple(fc.constantFrom('a', 'b'), fc.constantFrom('.yaml', '.json')).map(([b, e]) => b + e);
const NEAR_LINE = fc.constantFrom('*.json', 'b.json', 'a.yaml', 'a/', 'b/', '/a', '*', 'b/**', 'a/*.json', '**/b.json', '!*.json', '!b.json', '!a.yaml', '!a/', '!b/', '!a/b.json', '!**/a.yaml', '!b/a.yaml', '!*');
const tree = (negation: boolean) =>
  negation
    ? fc.record({
        files: fc.array(fc.tuple(fc.array(NEAR_DIR, { maxLength: 2 }), NEAR_FILE), { minLength: 1, maxLength: 20 }),
        ignores: fc.array(fc.tuple(fc.array(NEAR_DIR, { maxLength: 2 }), fc.array(NEAR_LINE, { minLength: 1, maxLength: 4 })), { maxLength: 4 }),
      })
    : fc.record({
        files: fc.array(fc.tuple(fc.array(DIR, { maxLength: 3 }), FILE), { minLength: 1, maxLength: 25 }),
        ignores: fc.array(fc.tuple(fc.array(DIR.filter((d) => d !== 'node_modules'), { maxLength: 2 }), fc.array(pattern(), { minLength: 1, maxLength: 4 })), { maxLength: 4 }),
      });
interface Tree {
  readonly files: [string[], string][];
  readonly ignores: [string[], string[]][];
}

function build({ files, ignores }: Tree): string {
  const root = temp();
  for (const [dirs, name] of files) {
    mkdirSync(join(root, ...dirs), { recursive: true });
    writeFileSync(join(root, ...dirs, name), '');
  }
  for (const [dirs, lines] of ignores) {
    mkdirSync(join(root, ...dirs), { recursive: true });
    writeFileSync(join(root, ...dirs, '.gitignore'), `${lines.join('\n')}\n`);
  }
  return root;
}

const walked = picomatch([...WALKED_PATTERNS], { dot: true });
/** What git lists in `root` (made a repository with no global or system configuration), kept to what a walk offers the formats. */
function gitLists(root: string): string[] {
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: root, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
  expect(spawnSync('git', ['init', '-q'], { cwd: root, env }).status).toBe(0);
  const r = spawnSync('git', ['-c', 'core.excludesFile=', 'ls-files', '-z', '--others', '--exclude-standard'], { cwd: root, env, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  rmSync(join(root, '.git'), { recursive: true, force: true });
  return r.stdout
    .split('\0')
    .filter((p) => p !== '' && walked(p) && !/(^|\/)node_modules\//.test(p))
    .sort();
}

const sorted = (list: readonly string[]): string[] => [...list].sort();

describe('the directory walk', () => {
  it('without negations, lists what the fast-glob walk listed, in the same order, and what git lists', async () => {
    await fc.assert(
      fc.asyncProperty(tree(false), async (t) => {
        const root = build(t);
        const mine = await walk(root);
        expect(mine).toEqual(await globWalk(root, { patterns: WALKED_PATTERNS }));
        expect(sorted(mine)).toEqual(gitLists(root));
        rmSync(root, { recursive: true, force: true });
      }),
      { numRuns: RUNS ?? 60 },
    );
  }, 120_000);

  it('with negations, lists what git lists: a deeper .gitignore re-includes what one above leaves out, and nothing re-includes a file below an excluded directory', async () => {
    await fc.assert(
      fc.asyncProperty(tree(true), async (t) => {
        const root = build(t);
        const mine = await walk(root);
        expect(mine).toEqual(sorted(mine));
        expect(mine).toEqual(gitLists(root));
        rmSync(root, { recursive: true, force: true });
      }),
      { numRuns: RUNS ?? 250 },
    );
  }, 120_000);

  it('--exclude and --include as the fast-glob walk matched them, directories pruned alike', async () => {
    const EXCLUDE = fc.constantFrom('**/a/**', 'a/**', '**/*.json', 'a', 'b/*.yaml', '**/.h/**', '*.conf', '**/a-b', 'a.b/', '**/n.yaml', '{a,b}/*.yml');
    const INCLUDE = fc.constantFrom('**/*.md', '*.txt', 'a/**/*.txt', '**/.d*');
    await fc.assert(
      fc.asyncProperty(tree(false), fc.array(EXCLUDE, { maxLength: 3 }), fc.array(INCLUDE, { maxLength: 2 }), async (t, exclude, include) => {
        const root = build(t);
        expect(await walk(root, { exclude, include, noIgnore: true })).toEqual(await globWalk(root, { patterns: [...WALKED_PATTERNS, ...include], exclude, noIgnore: true }));
        rmSync(root, { recursive: true, force: true });
      }),
      { numRuns: RUNS ?? 60 },
    );
  }, 120_000);

  it('a .gitignore below re-includes what one above leaves out, as git does (the fast-glob walk did not)', async () => {
    const root = temp();
    mkdirSync(join(root, 'sub', 'build'), { recursive: true });
    mkdirSync(join(root, 'build'));
    for (const p of ['b.json', 'sub/b.json', 'sub/c.json', 'build/a.yaml', 'sub/build/a.yaml']) writeFileSync(join(root, p), '');
    writeFileSync(join(root, '.gitignore'), '*.json\nbuild/\n');
    writeFileSync(join(root, 'sub', '.gitignore'), '!b.json\n!build/\n');
    const expected = ['sub/b.json', 'sub/build/a.yaml'];
    expect(await walk(root)).toEqual(expected);
    expect(gitLists(root)).toEqual(expected);
    expect(await globWalk(root, { patterns: WALKED_PATTERNS })).toEqual([]);
  });

  it('orders paths as a sort of the whole list would: a directory sorts with a slash after its name', async () => {
    const root = temp();
    for (const p of ['a/x.yaml', 'a-b/x.yaml', 'a.yaml', 'a0.yaml', 'B.yaml', 'a/b/c.yaml', 'a/b.yaml']) {
      mkdirSync(join(root, p, '..'), { recursive: true });
      writeFileSync(join(root, p), '');
    }
    expect(await walk(root)).toEqual(['B.yaml', 'a-b/x.yaml', 'a.yaml', 'a/b.yaml', 'a/b/c.yaml', 'a/x.yaml', 'a0.yaml']);
  });

  it('applies a .gitignore inside a directory whose name holds a line break, and matches patterns across such names', async () => {
    const root = temp();
    mkdirSync(join(root, 'x\ny', 'z'), { recursive: true });
    writeFileSync(join(root, 'x\ny', 'z', 'a.conf'), '');
    writeFileSync(join(root, 'x\ny', 'z', 'b.conf'), '');
    writeFileSync(join(root, 'x\ny', '.gitignore'), 'b.conf\n');
    expect(await walk(root)).toEqual(['x\ny/z/a.conf']);
    expect(await walk(root, { exclude: ['x?y/**'] })).toEqual([]);
  });

  it('with --follow-symlinks, enters a link to a directory once per path and never a link back to a directory being walked', async () => {
    const root = temp();
    mkdirSync(join(root, 'd', 'e'), { recursive: true });
    writeFileSync(join(root, 'd', 'e', 'a.conf'), '');
    symlinkSync('..', join(root, 'd', 'e', 'up'));
    symlinkSync('d', join(root, 'link'));
    symlinkSync('nowhere', join(root, 'broken.conf'));
    expect(await walk(root)).toEqual(['d/e/a.conf']);
    expect(await walk(root, { followSymlinks: true })).toEqual(['d/e/a.conf']); // link/e/a.conf is the same file
  });

  it("reads a node directory's links to files as the runtimes do, without --follow-symlinks: once, under the link's name when its target lies outside the walk", async () => {
    // minikube's ISO: /etc/cni/net.d/k8s.conf -> /usr/libexec/kubernetes/kubelet-plugins/net/exec/k8s.conf
    const outside = temp();
    writeFileSync(join(outside, 'k8s.conf'), '{}');
    const root = temp();
    mkdirSync(join(root, 'etc', 'cni', 'net.d'), { recursive: true });
    mkdirSync(join(root, 'other'), { recursive: true });
    mkdirSync(join(root, 'lib'), { recursive: true });
    writeFileSync(join(root, 'lib', 'inside.conflist'), '{}');
    symlinkSync(join(outside, 'k8s.conf'), join(root, 'etc', 'cni', 'net.d', '10-k8s.conf'));
    symlinkSync('../../../lib/inside.conflist', join(root, 'etc', 'cni', 'net.d', '20-inside.conflist'));
    symlinkSync(join(root, 'lib'), join(root, 'etc', 'cni', 'net.d', 'a-directory.conf'));
    symlinkSync('nowhere', join(root, 'etc', 'cni', 'net.d', 'broken.conf'));
    symlinkSync(join(outside, 'k8s.conf'), join(root, 'other', 'elsewhere.conf'));
    // The link to a file inside the walk is left to that file; links elsewhere than a node directory are not followed.
    expect(await walk(root)).toEqual(['etc/cni/net.d/10-k8s.conf', 'lib/inside.conflist']);
    expect(await walk(join(root, 'etc', 'cni', 'net.d'))).toEqual(['10-k8s.conf', '20-inside.conflist']);
    // --node-dir names more node directories.
    const named: string[] = [];
    for await (const f of discoverFiles(['.'], { cwd: root, patterns: WALKED_PATTERNS, fileLinksIn: (dir) => dir.endsWith('/other') })) named.push(f.display);
    expect(named).toEqual(['lib/inside.conflist', 'other/elsewhere.conf']);
  });
});
