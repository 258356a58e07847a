/** Reading `git status --porcelain=v1 -z`, and asking a real repository. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/io/files.js';
import { GitListings } from '../../src/io/git-listing.js';
import { dirtyReason, GitWorktrees, parseStatus } from '../../src/io/git-worktree.js';
import { git, tempDir } from '../helpers/cli.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('parseStatus', () => {
  it('tells unstaged and untracked paths from staged ones, and skips rename sources', () => {
    const out = [
      'M  staged.conf', ' M unstaged.conf', 'MM both.conf', '?? new dir/with space.conf', 'R  renamed.conf', 'old.conf', 'A  added.conf',
      ' D gone.conf', ' R moved.conf', 'was.conf', '!! local.conf', '!! build/', '',
    ].join('\0');
    const states = parseStatus('/r', out);
    expect(Object.fromEntries(states)).toEqual({
      '/r/unstaged.conf': 'unstaged',
      '/r/both.conf': 'unstaged',
      '/r/new dir/with space.conf': 'untracked',
      '/r/gone.conf': 'unstaged',
      '/r/moved.conf': 'unstaged',
      '/r/local.conf': 'untracked',
      '/r/build/': 'untracked',
    });
  });
});

describe('GitWorktrees', () => {
  it('reports each file of a real repository, and files outside any repository', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const repo = join(t.dir, 'repo');
    mkdirSync(join(repo, 'sub'), { recursive: true });
    git(['init', '-q'], repo);
    for (const f of ['clean.conf', 'edited.conf', 'staged.conf']) writeFileSync(join(repo, f), '{}\n');
    git(['add', '.'], repo);
    git(['commit', '-qm', 'x'], repo);
    writeFileSync(join(repo, 'edited.conf'), '{"a": 1}\n');
    writeFileSync(join(repo, 'staged.conf'), '{"a": 1}\n');
    git(['add', 'staged.conf'], repo);
    writeFileSync(join(repo, 'sub', 'new.conf'), '{}\n');
    writeFileSync(join(t.dir, 'outside.conf'), '{}\n');
    writeFileSync(join(repo, '.gitignore'), 'local.conf\nbuild/\n');
    writeFileSync(join(repo, 'local.conf'), '{}\n');
    mkdirSync(join(repo, 'build'));
    writeFileSync(join(repo, 'build', 'out.conf'), '{}\n');
    const w = new GitWorktrees();
    expect(await w.stateOf(join(repo, 'clean.conf'))).toBe('clean');
    expect(await w.stateOf(join(repo, 'edited.conf'))).toBe('unstaged');
    expect(await w.stateOf(join(repo, 'staged.conf'))).toBe('clean');
    expect(await w.stateOf(join(repo, 'sub', 'new.conf'))).toBe('untracked');
    expect(await w.stateOf(join(t.dir, 'outside.conf'))).toBe('not-in-git');
    // Ignored files have no copy in git either.
    expect(await w.stateOf(join(repo, 'local.conf'))).toBe('untracked');
    expect(await w.stateOf(join(repo, 'build', 'out.conf'))).toBe('untracked');
  });

  it('when git fails (other than "not a repository"), the state is unknown and fix refuses', async () => {
    const failing = new GitWorktrees(async () => ({ failed: "fatal: detected dubious ownership in repository at '/r'" }));
    expect(await failing.stateOf('/r/a.conf')).toEqual({ unknown: "fatal: detected dubious ownership in repository at '/r'" });
    expect(await dirtyReason(failing, '/r/a.conf')).toMatch(/^git could not say whether it has unrecorded changes \(fatal: detected dubious ownership/);
    const statusFails = new GitWorktrees(async (_cwd, args) => (args[0] === 'rev-parse' ? { stdout: '/r\n' } : { failed: 'fatal: index file corrupt' }));
    expect(await statusFails.stateOf('/r/a.conf')).toEqual({ unknown: 'fatal: index file corrupt' });
    const noRepo = new GitWorktrees(async () => ({ notRepository: true }));
    expect(await dirtyReason(noRepo, '/r/a.conf')).toBeNull();
  });
});

describe('GitListings', () => {
  it('lists a directory as git does, relative to it: a nested repository as one entry, a merge conflict once', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const repo = join(t.dir, 'repo');
    mkdirSync(join(repo, 'sub'), { recursive: true });
    git(['init', '-q'], repo);
    writeFileSync(join(repo, 'sub', 'tracked.conf'), '{}\n');
    git(['add', '.'], repo);
    git(['commit', '-qm', 'x'], repo);
    writeFileSync(join(repo, '.gitignore'), 'sub/ignored.conf\n');
    writeFileSync(join(repo, 'sub', 'ignored.conf'), '{}\n');
    writeFileSync(join(repo, 'sub', 'new.conf'), '{}\n');
    mkdirSync(join(repo, 'sub', 'nested'));
    git(['init', '-q'], join(repo, 'sub', 'nested'));
    const listings = new GitListings();
    const sub = await listings.list(join(repo, 'sub'));
    expect('files' in sub && [...sub.files].sort()).toEqual(['nested/', 'new.conf', 'tracked.conf']);
    expect(await listings.list(t.dir)).toEqual({ notRepository: true });
    const conflicted = new GitListings(undefined, async () => ({ stdout: 'a.conf\0a.conf\0a.conf\0b.conf\0' }));
    const listed = await conflicted.list('/r');
    expect('files' in listed && [...listed.files]).toEqual(['a.conf', 'b.conf']);
  });

  it('judges a path below an entry git lists whole where it really is, and reports a listing git failed once', async () => {
    const failures: string[] = [];
    const answers: Record<string, { stdout: string } | { failed: string } | { notRepository: true }> = {
      '/r': { stdout: 'a.conf\0sub\0vendor/\0outside\0' },
      '/r/sub': { stdout: 'x.conf\0' },
      '/r/vendor': { failed: 'fatal: index file corrupt' },
      '/r/outside': { notRepository: true },
    };
    const listings = new GitListings((dir, reason) => failures.push(`${dir}: ${reason}`), async (cwd) => answers[cwd]!);
    const root = await listings.list('/r');
    if (!('files' in root)) throw new Error('no listing');
    const listed = (entry: string): Promise<boolean> => listings.listed('/r', root.files, entry);
    expect(await listed('a.conf')).toBe(true);
    expect(await listed('b.conf')).toBe(false);
    expect(await listed('deep/b.conf')).toBe(false);
    expect(await listed('sub/x.conf')).toBe(true);
    expect(await listed('sub/y.conf')).toBe(false);
    expect(await listed('outside/any.conf')).toBe(true);
    expect(await listed('vendor/a.conf')).toBe(true);
    expect(await listed('vendor/b.conf')).toBe(true);
    expect(failures).toEqual(['/r/vendor: fatal: index file corrupt']);
  });

  it('discoverFiles follows git in a work tree, skips a tracked file deleted from disk, and walks without git elsewhere', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const repo = join(t.dir, 'repo');
    mkdirSync(repo);
    git(['init', '-q'], repo);
    for (const f of ['a.conf', 'gone.conf', 'tracked-ignored.conf']) writeFileSync(join(repo, f), '{}\n');
    writeFileSync(join(repo, '.gitignore'), '*-ignored.conf\n');
    git(['add', '-f', '.'], repo);
    git(['commit', '-qm', 'x'], repo);
    rmSync(join(repo, 'gone.conf'));
    writeFileSync(join(repo, '.git', 'info', 'exclude'), 'excluded.conf\n');
    for (const f of ['excluded.conf', 'untracked-ignored.conf', 'new.conf']) writeFileSync(join(repo, f), '{}\n');
    const walk = async (path: string, options: { noIgnore?: boolean } = {}): Promise<string[]> => {
      const found: string[] = [];
      for await (const f of discoverFiles([path], { cwd: t.dir, patterns: ['**/*.conf'], ...options })) found.push(f.display);
      return found;
    };
    expect(await walk('repo')).toEqual(['repo/a.conf', 'repo/new.conf', 'repo/tracked-ignored.conf']);
    expect(await walk('repo', { noIgnore: true })).toEqual(['repo/a.conf', 'repo/excluded.conf', 'repo/new.conf', 'repo/tracked-ignored.conf', 'repo/untracked-ignored.conf']);
    // Outside a work tree: the walk and the .gitignore files under the walked folder.
    rmSync(join(repo, '.git'), { recursive: true });
    expect(await walk('repo')).toEqual(['repo/a.conf', 'repo/excluded.conf', 'repo/new.conf']);
  });
});
