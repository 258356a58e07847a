/**
 * Git safety for `fix`: a file with changes git has not recorded (unstaged edits, or a file git
 * does not track yet) is not rewritten unless the user allows it, so every fix can be reviewed
 * with `git diff` and undone with `git checkout` on its own, without losing the user's own work.
 * Staged changes are fine: the index keeps the user's version (this is what pre-commit and
 * lint-staged leave behind, having stashed everything unstaged).
 */
import { CLI_VOCABULARY, type Vocabulary } from '../core/vocabulary.js';
// fs.promises loads Node's promise API on first use: only a run that asks git needs it.
import { existsSync, promises as fsp } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export type GitState = 'clean' | 'unstaged' | 'untracked' | 'not-in-git' | { readonly unknown: string };

/** git's answer: its stdout, "no repository here" (or no git at all), or why it failed. */
export type GitAnswer = { readonly stdout: string } | { readonly notRepository: true } | { readonly failed: string };

/** Runs git in `cwd` (tests pass a stand-in). */
export type RunGit = (cwd: string, args: readonly string[]) => Promise<GitAnswer>;

/**
 * Whether git could find a repository from `dir`: a `.git` (directory or file) in it or above
 * it, or GIT_DIR / GIT_WORK_TREE pointing git elsewhere.
 */
export function gitCouldFindRepository(dir: string): boolean {
  if (process.env['GIT_DIR'] !== undefined || process.env['GIT_WORK_TREE'] !== undefined) return true;
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return true;
    if (dirname(d) === d) return false;
  }
}

/**
 * Runs git with no shell, LC_ALL=C and no optional locks. git missing, or a directory outside any
 * work tree, is `notRepository`; any other failure is `failed` with git's first line of stderr,
 * which callers report rather than guess past.
 */
export const runGit: RunGit = async (cwd, args) => {
  // No .git in `cwd` or above it: git would only say so, and starting it costs 10-20 ms.
  if (!gitCouldFindRepository(cwd)) return { notRepository: true };
  // Loaded on first use: only fix (for a file it would write) and directory walks ask git.
  const { execFile } = await import('node:child_process');
  return new Promise((done) => {
    execFile('git', [...args], { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } }, (err, stdout, stderr) => {
      if (!err) return done({ stdout: stdout.toString('utf8') });
      const said = stderr.toString('utf8').trim();
      // No git installed, or a directory outside any work tree: nothing git could restore.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || /not a git repository/i.test(said)) return done({ notRepository: true });
      done({ failed: said.split('\n')[0] || err.message });
    });
  });
};

/** Asks git once per directory for its work tree, and once per work tree for its status. */
export class GitWorktrees {
  private readonly tops = new Map<string, Promise<GitAnswer>>();
  private readonly statuses = new Map<string, Promise<Map<string, GitState> | { readonly failed: string }>>();

  constructor(private readonly git: RunGit = runGit) {}

  /** The top of the work tree holding `file`, resolved, or why there is none. */
  private async topOf(file: string): Promise<{ readonly real: string; readonly root: string } | { readonly notRepository: true } | { readonly failed: string }> {
    const real = await fsp.realpath(file).catch(() => resolve(file));
    const dir = dirname(real);
    let top = this.tops.get(dir);
    if (!top) {
      top = this.git(dir, ['rev-parse', '--show-toplevel']);
      this.tops.set(dir, top);
    }
    const answer = await top;
    if (!('stdout' in answer)) return answer;
    return { real, root: await fsp.realpath(answer.stdout.trim()).catch(() => answer.stdout.trim()) };
  }

  /**
   * The path git names `file` by in a diff: relative to the top of its work tree, as `git diff`
   * writes it and `git apply` reads it from any directory of the tree. Null outside a work tree.
   */
  async pathInTree(file: string): Promise<string | null> {
    const top = await this.topOf(file);
    if (!('root' in top)) return null;
    const rel = relative(top.root, top.real);
    return rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel) ? null : rel.split(sep).join('/');
  }

  async stateOf(file: string): Promise<GitState> {
    const top = await this.topOf(file);
    if ('notRepository' in top) return 'not-in-git';
    if ('failed' in top) return { unknown: top.failed };
    const { real, root } = top;
    let status = this.statuses.get(root);
    if (!status) {
      // --ignored: a file git ignores has no copy in git either, so it counts as untracked.
      status = this.git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=matching']).then((out) =>
        'stdout' in out ? parseStatus(root, out.stdout) : { failed: 'failed' in out ? out.failed : 'not a git repository' },
      );
      this.statuses.set(root, status);
    }
    const states = await status;
    if (!(states instanceof Map)) return { unknown: states.failed };
    const exact = states.get(real);
    if (exact) return exact;
    // An ignored or untracked directory is listed once, with a trailing slash, for all below it.
    for (const [path, state] of states) if (path.endsWith(sep) && real.startsWith(path)) return state;
    return 'clean';
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
    const rel = entry.slice(3);
    // join keeps a directory's trailing slash: an ignored or untracked folder stands for all below it.
    const path = join(root, rel);
    if (/[RC]/.test(xy)) i++; // a rename or copy, in the index or the work tree: skip its source path
    if (xy === '??' || xy === '!!') states.set(path, 'untracked');
    else if (xy[1] !== ' ') states.set(path, 'unstaged');
  }
  return states;
}

/** Why `fix` leaves a file alone, or null when git has recorded everything in it; `say` names the override. */
export async function dirtyReason(worktrees: GitWorktrees, file: string, say: Vocabulary = CLI_VOCABULARY): Promise<string | null> {
  const state = await worktrees.stateOf(file);
  const override = say.allowDirty();
  if (typeof state === 'object') return `git could not say whether it has unrecorded changes (${state.unknown}); ${override} to write it anyway`;
  switch (state) {
    case 'unstaged':
      return `it has changes not staged in git; stage or commit them first so this fix can be reviewed and undone on its own, or ${override}`;
    case 'untracked':
      return `git does not track it (new or ignored); add it first so this fix can be reviewed and undone on its own, or ${override}`;
    default:
      return null;
  }
}
