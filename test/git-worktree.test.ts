/** Reading `git status --porcelain=v1 -z`, and asking a real repository. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitWorktrees, parseStatus } from '../src/node/git-worktree.js';
import { git, tempDir } from './helpers/cli.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('parseStatus', () => {
  it('tells unstaged and untracked paths from staged ones, and skips rename sources', () => {
    const out = ['M  staged.conf', ' M unstaged.conf', 'MM both.conf', '?? new dir/with space.conf', 'R  renamed.conf', 'old.conf', 'A  added.conf', ' D gone.conf', ''].join('\0');
    const states = parseStatus('/r', out);
    expect(Object.fromEntries(states)).toEqual({
      '/r/unstaged.conf': 'unstaged',
      '/r/both.conf': 'unstaged',
      '/r/new dir/with space.conf': 'untracked',
      '/r/gone.conf': 'unstaged',
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
    const w = new GitWorktrees();
    expect(await w.stateOf(join(repo, 'clean.conf'))).toBe('clean');
    expect(await w.stateOf(join(repo, 'edited.conf'))).toBe('unstaged');
    expect(await w.stateOf(join(repo, 'staged.conf'))).toBe('clean');
    expect(await w.stateOf(join(repo, 'sub', 'new.conf'))).toBe('untracked');
    expect(await w.stateOf(join(t.dir, 'outside.conf'))).toBe('not-in-git');
  });
});
