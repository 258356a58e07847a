/** Reading `git status --porcelain=v1 -z`, and asking a real repository. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dirtyReason, GitWorktrees, parseStatus } from '../src/node/git-worktree.js';
import { git, tempDir } from './helpers/cli.js';

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
