/**
 * Git safety for `fix`: a file with changes git has not recorded (unstaged edits, or a file git
 * does not track yet) is not rewritten unless the user allows it, so every fix can be reviewed
 * with `git diff` and undone with `git checkout` on its own, without losing the user's own work.
 * Staged changes are fine: the index keeps the user's version (this is what pre-commit and
 * lint-staged leave behind, having stashed everything unstaged).
 */
import { realpath } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

export type GitState = 'clean' | 'unstaged' | 'untracked' | 'not-in-git';

interface Run {
  (cwd: string, args: readonly string[]): Promise<string | null>;
}

/** Runs git, resolving to its stdout, or null when git is missing or says this is no repository. */
const runGit: Run = async (cwd, args) => {
  const { execFile } = await import('node:child_process'); // only fix asks git, and only for a file it would write
  return new Promise((done) => {
    execFile('git', [...args], { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } }, (err, stdout) =>
      done(err ? null : stdout.toString('utf8')),
    );
  });
};

/** Asks git once per directory for its work tree, and once per work tree for its status. */
export class GitWorktrees {
  private readonly tops = new Map<string, Promise<string | null>>();
  private readonly statuses = new Map<string, Promise<Map<string, GitState>>>();

  constructor(private readonly git: Run = runGit) {}

  async stateOf(file: string): Promise<GitState> {
    const real = await realpath(file).catch(() => resolve(file));
    const dir = dirname(real);
    let top = this.tops.get(dir);
    if (!top) {
      top = this.git(dir, ['rev-parse', '--show-toplevel']).then(async (out) => (out === null ? null : realpath(out.trim()).catch(() => null)));
      this.tops.set(dir, top);
    }
    const root = await top;
    if (root === null) return 'not-in-git';
    let status = this.statuses.get(root);
    if (!status) {
      status = this.git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all']).then((out) => parseStatus(root, out ?? ''));
      this.statuses.set(root, status);
    }
    return (await status).get(real) ?? 'clean';
  }
}

/**
 * `git status --porcelain=v1 -z`: entries `XY path`, NUL-terminated; a rename or copy is followed
 * by its source path. X is the index, Y the work tree; `??` is untracked.
 */
export function parseStatus(root: string, out: string): Map<string, GitState> {
  const states = new Map<string, GitState>();
  const fields = out.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i]!;
    if (entry.length < 4) continue;
    const xy = entry.slice(0, 2);
    const path = join(root, entry.slice(3));
    if (xy[0] === 'R' || xy[0] === 'C') i++; // skip the source path
    if (xy === '??') states.set(path, 'untracked');
    else if (xy[1] !== ' ') states.set(path, 'unstaged');
  }
  return states;
}

/** Why `fix` leaves a file alone, or null when git has recorded everything in it. */
export async function dirtyReason(worktrees: GitWorktrees, file: string): Promise<string | null> {
  switch (await worktrees.stateOf(file)) {
    case 'unstaged':
      return 'it has changes not staged in git; stage or commit them first so this fix can be reviewed and undone on its own, or pass --allow-dirty';
    case 'untracked':
      return 'git does not track it yet; add it first so this fix can be reviewed and undone on its own, or pass --allow-dirty';
    default:
      return null;
  }
}
