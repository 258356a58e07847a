/**
 * A directory walk inside a git work tree lists files the way git does: tracked files, and
 * untracked files git does not ignore (`.gitignore` files, `.git/info/exclude`, the global
 * `core.excludesFile`). So a walk never offers `fix` a file that the git safety check
 * (git-worktree.ts) would then refuse as ignored, and a tracked file is walked even where a
 * `.gitignore` pattern matches it, as git itself treats it.
 *
 * git is asked once per directory (`git ls-files -z --cached --others --exclude-standard`, run in
 * it, so paths come relative to it); the walk itself stays the project's own (walk.ts), so the
 * format patterns, --include/--exclude, node_modules/.git and symbolic-link handling are exactly
 * those of a walk outside git, and a file git lists that is no longer on disk is simply not met.
 */
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { runGit, type RunGit } from './git-worktree.js';

/** git's list of a directory's files, relative to it; or why there is none. */
export type Listing = { readonly files: ReadonlySet<string> } | { readonly notRepository: true } | { readonly failed: string };

const LS_FILES = ['ls-files', '-z', '--cached', '--others', '--exclude-standard'];

export class GitListings {
  private readonly listings = new Map<string, Promise<Listing>>();
  private readonly failures = new Set<string>();

  /**
   * `onFailure` hears of a directory below the walked one (a nested repository, a submodule, the
   * target of a followed link) that git could not list (other than "not a git repository"): its
   * files are then kept unfiltered, and the caller says so.
   */
  constructor(
    private readonly onFailure: (dir: string, reason: string) => void = () => undefined,
    private readonly git: RunGit = runGit,
  ) {}

  /** `git ls-files` in `dir`, once per directory. Paths are `/`-separated; a nested repository ends in `/`. */
  list(dir: string): Promise<Listing> {
    let listing = this.listings.get(dir);
    if (!listing) {
      listing = this.git(dir, LS_FILES).then((answer): Listing => {
        if ('notRepository' in answer) return answer;
        if ('failed' in answer) return answer;
        // A file in a merge conflict is listed once per stage: the set keeps one.
        return { files: new Set(answer.stdout.split('\0').filter((p) => p !== '')) };
      });
      this.listings.set(dir, listing);
    }
    return listing;
  }

  /**
   * Whether git lists `entry` (a path relative to `root`, as the walk found it), given git's
   * listing of `root`. A path below an entry git lists whole (a followed symbolic link to a
   * directory, a submodule, a nested repository: git does not look inside them) is judged by
   * git where that entry really is; where no work tree holds it, it is kept.
   */
  async listed(root: string, listing: ReadonlySet<string>, entry: string): Promise<boolean> {
    if (listing.has(entry)) return true;
    const parts = entry.split('/');
    for (let i = 1; i < parts.length; i++) {
      const above = parts.slice(0, i).join('/');
      if (!listing.has(above) && !listing.has(`${above}/`)) continue;
      const inner = await realpath(join(root, above)).catch(() => join(root, above));
      const there = await this.list(inner);
      if ('notRepository' in there) return true;
      if ('failed' in there) {
        if (!this.failures.has(inner)) this.onFailure(inner, there.failed);
        this.failures.add(inner);
        return true;
      }
      return this.listed(inner, there.files, parts.slice(i).join('/'));
    }
    return false;
  }
}
