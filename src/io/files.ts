/**
 * The file system side of the CLI: finding files under the paths given, and writing results
 * atomically. Nothing here knows about CNI.
 */
import { CLI_VOCABULARY, type Vocabulary } from '../core/vocabulary.js';
import { constants } from 'node:fs';
import { chmod, chown, copyFile, lstat, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Ignore } from 'ignore';

// Loaded on first use: a run on named files (a pre-commit hook's) never walks a directory, and
// the CLI starts measurably faster without them (docs/benchmarks.md).
const loadGlob = async () => (await import('fast-glob')).default;
const loadIgnore = async () => (await import('ignore')).default;

export interface DiscoverOptions {
  readonly cwd: string;
  /** How messages name the caller's settings (the CLI's flags by default). */
  readonly say?: Vocabulary;
  /** fast-glob patterns offered by the formats (e.g. `**\/*.conflist`). */
  readonly patterns: readonly string[];
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /**
   * List every file: do not ask git (inside a work tree a walk lists what `git ls-files` lists:
   * tracked files and untracked ones git does not ignore) nor read .gitignore files (outside one).
   */
  readonly noIgnore?: boolean;
  /**
   * Follow symbolic links met in the walk (files and folders). Off by default, so a walk never
   * leaves the tree it was given; a link named on the command line is always followed.
   */
  readonly followSymlinks?: boolean;
  /**
   * Hears what the walk could not do as asked without failing: git could not list a directory
   * (other than "not a git repository"), which was then walked without git's ignore rules.
   */
  readonly onWarning?: (message: string) => void;
}

export interface FoundFile {
  readonly absolute: string;
  /** The path to show: relative to the working directory, `/`-separated. */
  readonly display: string;
  /** True when the user named the file itself rather than a directory holding it. */
  readonly explicit: boolean;
}

export class PathError extends Error {
  override readonly name = 'PathError';
}

const ALWAYS_SKIPPED = ['**/node_modules/**', '**/.git/**'];

/**
 * Expands PATH arguments: files as given (even where git ignores them), directories walked with
 * fast-glob (format patterns plus --include, minus --exclude, node_modules and .git), keeping what
 * git lists inside a git work tree, or what .gitignore files do not exclude outside one.
 */
export async function* discoverFiles(paths: readonly string[], options: DiscoverOptions): AsyncGenerator<FoundFile> {
  const seen = new Set<string>();
  for (const p of paths.length ? paths : ['.']) {
    const absolute = resolve(options.cwd, p);
    let info;
    try {
      info = await stat(absolute);
    } catch (err) {
      throw new PathError(`${p}: ${describeFsError(err)}`);
    }
    if (info.isFile()) {
      if (!seen.has(absolute)) yield { absolute, display: displayPath(options.cwd, absolute), explicit: true };
      seen.add(absolute);
      continue;
    }
    if (!info.isDirectory()) throw new PathError(`${p}: not a file or directory`);
    const fg = await loadGlob();
    const entries = await fg([...options.patterns, ...(options.include ?? [])], {
      cwd: absolute,
      ignore: [...ALWAYS_SKIPPED, ...(options.exclude ?? [])],
      dot: true,
      onlyFiles: true,
      followSymbolicLinks: options.followSymlinks ?? false,
      suppressErrors: true,
    });
    entries.sort();
    const keep = options.noIgnore ? () => true : await ignoreFilter(p, absolute, options);
    for (const entry of entries) {
      if (!(await keep(entry))) continue;
      const file = join(absolute, entry);
      // Followed links can reach one file by many paths (a link cycle): visit each file once.
      const key = options.followSymlinks ? await realpath(file).catch(() => file) : file;
      if (seen.has(key)) continue;
      seen.add(key);
      yield { absolute: file, display: displayPath(options.cwd, file), explicit: false };
    }
  }
}

/**
 * Which walked entries (paths relative to the walked directory `root`) to keep: those git lists
 * in a git work tree; elsewhere (or without git) those no .gitignore file in the tree excludes.
 * When git fails for another reason (a repository owned by another user, a corrupt index), the
 * walk says so and falls back to the .gitignore files rather than guess silently.
 */
async function ignoreFilter(given: string, root: string, options: DiscoverOptions): Promise<(entry: string) => boolean | Promise<boolean>> {
  const { GitListings } = await import('./git-listing.js'); // only directory walks ask git
  const warn = options.onWarning ?? (() => undefined);
  const listings = new GitListings((dir, reason) =>
    warn(`${displayPath(options.cwd, dir)}: git could not list its files (${reason}); its files are walked without git's ignore rules`),
  );
  const listing = await listings.list(root);
  if ('files' in listing) return (entry) => listing.files.has(entry) || listings.listed(root, listing.files, entry);
  if ('failed' in listing) {
    warn(
      `${given}: git could not list its files (${listing.failed}); walking it with its .gitignore files only, so .git/info/exclude and git's global excludes file are not honoured${noIgnoreHint(options)}`,
    );
  }
  const ignored = await gitignoreMatcher(root);
  return (entry) => !ignored(entry);
}

const FS_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
};

/** Why a file-system call failed, in words for the common cases and by its code otherwise. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return (code === undefined ? undefined : FS_ERRORS[code]) ?? code ?? (err as Error).message;
}

/** A path as reports show it: relative to the working directory, `/`-separated. */
export function displayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  return (rel === '' ? basename(absolute) : rel).split(sep).join('/');
}

/** Matches paths (relative to root) against every .gitignore in the tree, each scoped to its folder. */
async function gitignoreMatcher(root: string): Promise<(path: string) => boolean> {
  const fg = await loadGlob();
  const files = await fg('**/.gitignore', { cwd: root, ignore: ALWAYS_SKIPPED, dot: true, suppressErrors: true });
  if (files.length === 0) return () => false;
  const ignore = await loadIgnore();
  const scoped: { dir: string; matcher: Ignore }[] = [];
  for (const f of files) {
    const dir = dirname(f) === '.' ? '' : dirname(f);
    scoped.push({ dir, matcher: ignore().add(await readFile(join(root, f), 'utf8')) });
  }
  return (path) =>
    scoped.some(({ dir, matcher }) => {
      if (dir && !path.startsWith(`${dir}/`)) return false;
      const rel = dir ? path.slice(dir.length + 1) : path;
      // A file is ignored if it, or any folder above it, is.
      const parts = rel.split('/');
      for (let i = 1; i < parts.length; i++) if (matcher.ignores(`${parts.slice(0, i).join('/')}/`)) return true;
      return matcher.ignores(rel);
    });
}

/**
 * Writes `text` over `path` atomically: a temp file in the same folder, fsync, rename. Keeps the
 * mode (and owner, where permitted). Refuses when the file no longer holds `expected`, so an edit
 * made by someone else between read and write is never overwritten. A symbolic link is kept and
 * the file it points to is replaced.
 */
export async function writeFileAtomic(path: string, text: string, expected: string): Promise<void> {
  const target = (await lstat(path)).isSymbolicLink() ? await realpath(path) : path;
  const info = await stat(target);
  // Root may write anything; a file or folder marked read-only was marked so on purpose.
  if ((info.mode & 0o222) === 0) throw new PathError('the file is read-only');
  if (((await stat(dirname(target))).mode & 0o222) === 0) throw new PathError('its directory is read-only');
  const temp = await writeTempBeside(target, text, info.mode & 0o7777);
  try {
    await chmod(temp, info.mode & 0o7777);
    if (process.getuid?.() === 0) await chown(temp, info.uid, info.gid).catch(() => undefined);
    const now = await readFile(target, 'utf8');
    if (now !== expected) throw new PathError('it changed on disk while it was being processed');
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/**
 * Writes `text` to a new, uniquely named hidden file in `target`'s folder and syncs it to disk;
 * returns its path. The caller renames or links it into place (same file system) or unlinks it.
 */
export async function writeTempBeside(target: string, text: string, mode: number): Promise<string> {
  const { randomBytes } = await import('node:crypto'); // only writes need it: not loaded at start-up
  const temp = join(dirname(target), `.${basename(target)}.cni-migrate-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    await unlink(temp).catch(() => undefined); // a full disk leaves no half-written temp behind
    throw err;
  }
  return temp;
}

/**
 * Copies `path` beside itself before it is rewritten, named as Ansible names backups
 * (`file.<pid>.<YYYY-MM-DD@HH:MM:SS>~`), keeping its mode. Returns the backup's path.
 */
export async function backupFile(path: string, now: Date = new Date()): Promise<string> {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}@${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  const target = (await lstat(path)).isSymbolicLink() ? await realpath(path) : path;
  const backup = `${target}.${process.pid}.${stamp}~`;
  await copyFile(target, backup, constants.COPYFILE_EXCL);
  await chmod(backup, (await stat(target)).mode & 0o7777);
  return backup;
}

/** How to list every file instead, in the caller's words; nothing where it has no such setting. */
function noIgnoreHint(options: DiscoverOptions): string {
  const setting = (options.say ?? CLI_VOCABULARY).noIgnore();
  return setting ? ` (pass ${setting} to list every file)` : '';
}
