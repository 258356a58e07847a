/**
 * The file system side of the CLI: finding files under the paths given, and writing results
 * atomically. Nothing here knows about CNI.
 */
import { CLI_VOCABULARY, type Vocabulary } from '../core/vocabulary.js';
// fs.promises is a getter that loads Node's promise API on first use: a run on named files (a
// pre-commit hook's) checks its paths synchronously and never needs it.
import { constants, opendirSync, promises as fsp, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { gitCouldFindRepository, type GitAnswer } from './git-worktree.js';
import { GitignoreStack } from './gitignore.js';
import { walkFiles } from './walk.js';
import { isNetDPath } from '../core/load-order.js';

// Loaded on first use: a run on named files (a pre-commit hook's) never walks a directory, and
// the CLI starts measurably faster without them (docs/benchmarks.md).
const loadPicomatch = async () => (await import('picomatch')).default;
const loadIgnore = async () => (await import('ignore')).default;

export interface DiscoverOptions {
  readonly cwd: string;
  /** How messages name the caller's settings (the CLI's flags by default). */
  readonly say?: Vocabulary;
  /** Globs offered by the formats (e.g. `**\/*.conflist`; picomatch, relative to the walked directory). */
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
  /** Directories whose links to files are read without `followSymlinks` (default: those named `net.d`). */
  readonly fileLinksIn?: ((absoluteDir: string) => boolean) | undefined;
  /**
   * Hears what the walk could not do as asked without failing: git could not list a directory
   * (other than "not a git repository"), which was then walked without git's ignore rules.
   */
  readonly onWarning?: (message: string) => void;
  /**
   * Hears of each directory the walk could not list (`sub: cannot read the directory: permission
   * denied`); the walk goes on. Without it, the walk throws one PathError naming them all at its end.
   */
  readonly onUnreadable?: (message: string) => void;
  /** Hears the names in each directory a walk lists (its absolute path), so that no one lists it again. */
  readonly onDirectory?: ((absolute: string, names: readonly string[]) => void) | undefined;
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

/**
 * Expands PATH arguments: files as given (even where git ignores them), directories walked
 * (walk.ts: format patterns plus --include, minus --exclude, node_modules and .git; in the order
 * of their sorted paths), keeping what git lists inside a git work tree, or what .gitignore files
 * do not exclude outside one. Files come as the walk meets them, not after it.
 */
export async function* discoverFiles(paths: readonly string[], options: DiscoverOptions): AsyncGenerator<FoundFile> {
  for await (const batch of discoverFileBatches(paths, options)) yield* batch;
}

/** Files kept waiting before a batch is handed on: a few, so files still come as the walk meets them. */
const BATCH = 64;

/**
 * discoverFiles, a few files at a time: a scan of 20,000 files then pays an asynchronous step per
 * batch, not per file (each costs microseconds, which added up to a tenth of a scan).
 */
export async function* discoverFileBatches(paths: readonly string[], options: DiscoverOptions): AsyncGenerator<readonly FoundFile[]> {
  let batch: FoundFile[] = [];
  const seen = new Set<string>();
  for (const p of paths.length ? paths : ['.']) {
    const absolute = resolve(options.cwd, p);
    let info;
    try {
      info = statSync(absolute);
    } catch (err) {
      throw new PathError(`${p}: ${describeFsError(err)}`);
    }
    if (info.isFile()) {
      if (!seen.has(absolute)) yield [{ absolute, display: displayPath(options.cwd, absolute), explicit: true }];
      seen.add(absolute);
      continue;
    }
    if (!info.isDirectory()) throw new PathError(`${p}: not a file or directory`);
    // A directory the user may not list is an error like a file they may not read, not an empty tree.
    try {
      opendirSync(absolute).closeSync();
    } catch (err) {
      throw new PathError(`${p}: cannot read the directory: ${describeFsError(err)}`);
    }
    let unlisted: [string, unknown][] = [];
    const picomatch = await loadPicomatch();
    const walk = async (gitignore: boolean): Promise<Generator<string>> =>
      walkFiles(absolute, {
        picomatch,
        patterns: [...options.patterns, ...(options.include ?? [])],
        ...(options.exclude ? { exclude: options.exclude } : {}),
        ...(gitignore ? { gitignore: new GitignoreStack(await loadIgnore()) } : {}),
        followSymlinks: options.followSymlinks ?? false,
        fileLinksIn: options.fileLinksIn ?? isNetDPath,
        onUnlisted: (dir, err) => unlisted.push([dir, err]),
        onDirectory: options.onDirectory,
      });
    let filter: IgnoreFilter | 'gitignore' | null = null;
    let found: Iterable<string>;
    if (options.noIgnore) {
      found = await walk(false);
    } else if (!gitCouldFindRepository(absolute)) {
      // git is not even started here (runGit): the answer is the .gitignore files at once.
      filter = await ignoreFilter(p, absolute, options);
      found = await walk(filter === 'gitignore');
    } else {
      // git lists the tree in a process of its own (a tenth of a 20,000-file scan) while the walk
      // meets the files as it would keep them in a work tree; git's list then decides. Should git
      // not know the tree after all, the walk starts again with the .gitignore files.
      const early = await walkWhileWaiting(ignoreFilter(p, absolute, options), await walk(false));
      filter = early.answer;
      if (filter === 'gitignore') {
        unlisted = [];
        found = await walk(true);
      } else {
        found = early.entries;
      }
    }
    // Only a second path or followed links can meet a file twice: otherwise nothing is kept per file.
    const dedupe = paths.length > 1 || (options.followSymlinks ?? false);
    const shownAs = relative(options.cwd, absolute).split(sep).join('/');
    for (const entry of found) {
      if (filter !== null && filter !== 'gitignore') {
        const kept = filter.keep(entry);
        if (kept === false || (kept !== true && !(await kept))) continue;
      }
      // `entry` is already `/`-separated and normalised: where that is the separator, no join is needed.
      const file = sep === '/' ? `${absolute === '/' ? '' : absolute}/${entry}` : join(absolute, entry);
      if (dedupe) {
        // Followed links can reach one file by many paths: visit each file once.
        const key = options.followSymlinks ? await fsp.realpath(file).catch(() => file) : file;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      batch.push({ absolute: file, display: shownAs ? `${shownAs}/${entry}` : entry, explicit: false });
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) {
      yield batch;
      batch = [];
    }
    const problems: string[] = [];
    for (const [dir, err] of unlisted.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      // git lists nothing below a directory it ignores, readable or not (outside git, the walk never enters one).
      if (filter !== null && filter !== 'gitignore' && (await filter.ignoresDirectory(dir))) continue;
      problems.push(`${displayPath(options.cwd, resolve(absolute, dir))}: cannot read the directory: ${describeFsError(err)}`);
    }
    if (problems.length && !options.onUnreadable) throw new PathError(problems.join('; '));
    for (const message of problems) options.onUnreadable?.(message);
  }
}

/**
 * Which walked entries (paths relative to the walked directory `root`) to keep: those git lists
 * in a git work tree; elsewhere (or without git) those no .gitignore file in the tree excludes.
 * When git fails for another reason (a repository owned by another user, a corrupt index), the
 * walk says so and falls back to the .gitignore files rather than guess silently.
 */
async function ignoreFilter(given: string, root: string, options: DiscoverOptions): Promise<IgnoreFilter | 'gitignore'> {
  const { GitListings } = await import('./git-listing.js'); // only directory walks ask git
  const warn = options.onWarning ?? (() => undefined);
  const listings = new GitListings((dir, reason) =>
    warn(`${displayPath(options.cwd, dir)}: git could not list its files (${reason}); its files are walked without git's ignore rules`),
  );
  const listing = await listings.list(root);
  if ('files' in listing) {
    return {
      keep: (entry) => listing.files.has(entry) || listings.listed(root, listing.files, entry),
      // git lists nothing inside a directory it cannot read, ignored or not: ask it which.
      ignoresDirectory: async (dir) => 'stdout' in (await runGitOnce(root, ['check-ignore', '-q', '--', `${dir}/`])),
    };
  }
  if ('failed' in listing) {
    warn(
      `${given}: git could not list its files (${listing.failed}); walking it with its .gitignore files only, so .git/info/exclude and git's global excludes file are not honoured${noIgnoreHint(options)}`,
    );
  }
  return 'gitignore';
}

/** Entries the walk meets between two turns of the event loop, which reads what git writes. */
const WALKED_PER_TURN = 256;

/**
 * Walks while `asking` is pending, keeping what it meets, and turns the event loop every few
 * entries so a child process's output is read (git would stop once its pipe is full). Gives the
 * answer, and every entry: those met so far, then the rest of the walk.
 */
async function walkWhileWaiting<T>(asking: Promise<T>, walk: Generator<string>): Promise<{ answer: T; entries: Iterable<string> }> {
  let settled = false;
  const settle = (): void => void (settled = true);
  asking.then(settle, settle);
  const met: string[] = [];
  let done = false;
  while (!settled && !done) {
    for (let i = 0; i < WALKED_PER_TURN && !done; i++) {
      const next = walk.next();
      if (next.done) done = true;
      else met.push(next.value);
    }
    if (!done) await new Promise<void>((turned) => setImmediate(turned));
  }
  const answer = await asking;
  return {
    answer,
    entries: (function* () {
      yield* met;
      yield* { [Symbol.iterator]: () => walk };
    })(),
  };
}

interface IgnoreFilter {
  /** Whether to keep a walked file (a path relative to the walked directory). */
  keep(entry: string): boolean | Promise<boolean>;
  /** Whether the ignore rules leave out a whole directory (relative to the walked directory). */
  ignoresDirectory(dir: string): boolean | Promise<boolean>;
}

async function runGitOnce(cwd: string, args: readonly string[]): Promise<GitAnswer> {
  const { runGit } = await import('./git-worktree.js');
  return runGit(cwd, args);
}

const FS_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENXIO: 'not a regular file', // a socket, which cannot be opened
  NOT_REGULAR: 'not a regular file',
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

export interface AtomicWriteOptions {
  /**
   * Keep the replaced bytes beside the file first, named as Ansible names backups
   * (`file.<pid>.<YYYY-MM-DD@HH:MM:SS>~`), with its mode; the date is this one.
   */
  readonly backup?: Date | undefined;
}

/**
 * Writes `text` over `path` atomically: a temp file in the same folder, fsync, rename. Keeps the
 * mode (and owner, where permitted). A symbolic link is kept and the file it points to is
 * replaced. It is not written, and PathError says why, when:
 * - it no longer holds `expected` (an edit made between read and write is never overwritten);
 * - it is no longer a regular file (a FIFO swapped in is never read: that would block);
 * - it has other hard links (the rename would leave them holding the old text);
 * - it or its folder is read-only, or another process is writing it.
 * The read, compare and rename happen under a lock (file-lock.ts), so two runs never both
 * replace the same original. Nothing is left behind on failure: no temp file, lock or backup.
 * Returns the backup's path, when one was asked for.
 */
export async function writeFileAtomic(path: string, text: string, expected: string | Buffer, options: AtomicWriteOptions = {}): Promise<{ backup?: string }> {
  const target = (await fsp.lstat(path)).isSymbolicLink() ? await fsp.realpath(path) : path;
  const info = await fsp.stat(target);
  // Root may write anything; a file or folder marked read-only was marked so on purpose.
  if ((info.mode & 0o222) === 0) throw new PathError('the file is read-only');
  if (((await fsp.stat(dirname(target))).mode & 0o222) === 0) throw new PathError('its directory is read-only');
  const { lockFile, LockError } = await import('./file-lock.js'); // only writes need it
  let unlock;
  try {
    unlock = await lockFile(target);
  } catch (err) {
    if (err instanceof LockError) throw new PathError(err.message);
    throw new PathError(`cannot lock it for writing: ${describeFsError(err)}`);
  }
  let temp: string | undefined;
  let backup: string | undefined;
  try {
    const held = await readRegular(target, { noFollow: true });
    if (!held.bytes.equals(typeof expected === 'string' ? Buffer.from(expected, 'utf8') : expected)) throw new PathError('it changed on disk while it was being processed');
    const mode = held.info.mode & 0o7777;
    if (options.backup) backup = await writeBackup(target, held.bytes, mode, options.backup);
    temp = await writeTempBeside(target, text, mode);
    await fsp.chmod(temp, mode);
    if (process.getuid?.() === 0) await fsp.chown(temp, held.info.uid, held.info.gid).catch(() => undefined);
    // The name must still lead to the file compared (not another put there since by a program that takes no lock).
    const now = await fsp.lstat(target);
    if (now.ino !== held.info.ino || now.dev !== held.info.dev) throw new PathError('it changed on disk while it was being processed');
    await fsp.rename(temp, target);
    temp = undefined;
  } catch (err) {
    if (temp) await fsp.unlink(temp).catch(() => undefined);
    if (backup) await fsp.unlink(backup).catch(() => undefined); // nothing changed: no backup either
    throw err;
  } finally {
    await unlock();
  }
  return backup ? { backup } : {};
}

/**
 * Reads a file that must be a regular one: opened without blocking (a FIFO or device swapped in
 * is opened, seen for what it is by fstat on the descriptor, and never read) and, with
 * `noFollow`, refusing a symbolic link put in its place. Throws PathError for anything else.
 */
export async function readRegular(path: string, { noFollow = false } = {}): Promise<{ bytes: Buffer; info: import('node:fs').Stats }> {
  let handle;
  try {
    handle = await fsp.open(path, constants.O_RDONLY | constants.O_NONBLOCK | (noFollow ? constants.O_NOFOLLOW : 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' && noFollow) throw new PathError('it was replaced by a symbolic link');
    if (code === 'ENXIO') throw new PathError('it is no longer a regular file'); // a socket
    throw new PathError(describeFsError(err));
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new PathError('it is no longer a regular file');
    if (info.nlink > 1) {
      const others = info.nlink - 1;
      throw new PathError(`it has ${others} other hard link${others === 1 ? '' : 's'}; replacing it would leave ${others === 1 ? 'that name' : 'those names'} holding the old text (write it through each name yourself, or break the links first)`);
    }
    return { bytes: await handle.readFile(), info };
  } finally {
    await handle.close();
  }
}

/**
 * Writes `text` to a new, uniquely named hidden file in `target`'s folder and syncs it to disk;
 * returns its path. The caller renames or links it into place (same file system) or unlinks it.
 */
export async function writeTempBeside(target: string, text: string, mode: number): Promise<string> {
  const { randomBytes } = await import('node:crypto'); // only writes need it: not loaded at start-up
  const temp = join(dirname(target), `.${basename(target)}.cni-migrate-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fsp.open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    await fsp.unlink(temp).catch(() => undefined); // a full disk leaves no half-written temp behind
    throw err;
  }
  return temp;
}

/** Writes the replaced bytes beside the file, Ansible-style, with its mode; never over an existing file. */
async function writeBackup(target: string, bytes: Buffer, mode: number, now: Date): Promise<string> {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}@${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  const backup = `${target}.${process.pid}.${stamp}~`;
  const handle = await fsp.open(backup, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode);
  try {
    await handle.writeFile(bytes);
    await handle.chmod(mode); // the umask may have narrowed it
  } catch (err) {
    await handle.close();
    await fsp.unlink(backup).catch(() => undefined);
    throw err;
  }
  await handle.close();
  return backup;
}

/** How to list every file instead, in the caller's words; nothing where it has no such setting. */
function noIgnoreHint(options: DiscoverOptions): string {
  const setting = (options.say ?? CLI_VOCABULARY).noIgnore();
  return setting ? ` (pass ${setting} to list every file)` : '';
}
