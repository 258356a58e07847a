/**
 * What the runtimes would load from each node config directory a run touched: the file-system
 * side of the load-order analysis (src/core/load-order.ts), shared by the CLI's report and the Ansible
 * module.
 *
 * - Only a node's config directory is analysed, since files that merely sit together in a config
 *   repository never share a node: a directory whose path (absolute, or its real path) ends in a
 *   component named `net.d`, or one the user declares (`--node-dir GLOB`, `node_dirs`).
 * - A run may hold only some of such a directory's files: pre-commit passes the staged files in
 *   batches to several processes, `--exclude` or git's ignore rules leave some out. The runtime
 *   loads them all, so the others are read from disk as libcni lists them (every entry that is not
 *   a directory, with the exact extension `.conf`, `.conflist` or `.json`) and planned check-only:
 *   they are never written, and their findings are the directory's, not the run's.
 * - Symbolic links count as the runtimes see them, whether or not the walk follows links: libcni
 *   lists a link whatever it points to and reads through it, so a link to a file is loaded (its
 *   target is read check-only), and one it cannot read through (to nothing, to a directory, a
 *   loop) is a file that does not load (src/core/load-order.ts).
 */
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { RecentMap } from '../core/remembered.js';
import { analyzeLoadOrder, isNetDPath, looksLikeConfDir, type LoadEntry, type LoadLink, type LoadOrder } from '../core/load-order.js';
import { describeFsError, type FoundFile } from './files.js';
import { loadEntryFor } from './load-entry.js';
import { processFile, type Outcome, type PluginFactsCache } from './process-file.js';

const LOADED_EXTENSIONS = /\.(conf|conflist|json)$/; // as src/core/load-order.ts: exact and case-sensitive, as libcni compares

/** Which directories are node config directories, besides those named `net.d`. */
export interface NodeDirOptions {
  /** Globs (picomatch syntax, as --include's) of directories, relative to `base`, or absolute. */
  readonly globs: readonly string[];
  /** What relative globs are matched against: the CLI's working directory, the module's `path`. */
  readonly base: string;
}

/** One node directory's load order, with what the run did not hold itself. */
export interface DirectoryLoadOrder {
  readonly order: LoadOrder;
  /** The directory's files that were not in the run, read from disk for the analysis (display paths). */
  readonly notInRun: readonly string[];
  /** Load-order findings about those files, by display path: shown with the directory, not counted as the run's. */
  readonly notInRunFindings: ReadonlyMap<string, readonly Diagnostic[]>;
  /** Files of the directory (or the directory itself) that could not be read: left out of the analysis. */
  readonly unreadable: readonly { readonly path: string; readonly message: string }[];
}

export interface LoadOrderAnalysis {
  readonly directories: readonly DirectoryLoadOrder[];
  /** Load-order findings about the run's own files, by display path. */
  readonly findings: ReadonlyMap<string, readonly Diagnostic[]>;
}

interface Directory {
  /** As reports show it: the display path of the run's files, without the file name. */
  readonly display: string;
  readonly entries: LoadEntry[];
  /** Names of the run's files here that a runtime could list: not to be read again. */
  readonly names: Set<string>;
}

/**
 * Collects, directory by directory, what a runtime listing it would make of each file of the run
 * (a few fields per file, so memory does not grow with file sizes), then analyses the node
 * directories among them.
 */
export class LoadOrderCollector {
  private readonly dirs = new Map<string, Directory>();
  private readonly absolutes = new Map<string, string>();
  /** Directories known not to be node directories, lately: their files are not kept (most of a repository's). */
  private readonly notNodeDirs = new RecentMap<string, true>();

  /**
   * `predictWrite`: judge a changed file as it will be once written (the Ansible module's check
   * mode). `nodeDirs`, when known before the run: directories that cannot be node directories
   * are told as their first file comes, so nothing is kept for their files.
   */
  constructor(private readonly options: { readonly predictWrite?: boolean; readonly nodeDirs?: NodeDirOptions } = {}) {}

  add(file: FoundFile, outcome: Outcome): void {
    const name = posix.basename(file.display);
    if (!LOADED_EXTENSIONS.test(name)) return;
    const key = dirname(file.absolute);
    if (this.notNodeDirs.has(key)) return;
    let dir = this.dirs.get(key);
    if (!dir) {
      // Without globs the test needs no glob matcher, so it can be made now.
      if (this.options.nodeDirs?.globs.length === 0 && !isNodeDirByName(key)) {
        this.notNodeDirs.set(key, true);
        return;
      }
      dir = { display: posix.dirname(file.display), entries: [], names: new Set() };
      this.dirs.set(key, dir);
    }
    dir.names.add(posix.basename(file.absolute));
    const entry = loadEntryFor(file, outcome, { predictWrite: this.options.predictWrite ?? false });
    if (entry) dir.entries.push(entry);
    this.absolutes.set(file.display, file.absolute);
  }

  /** The absolute path of a file of the run, by display path. */
  absoluteOf(display: string): string | undefined {
    return this.absolutes.get(display);
  }

  /**
   * Analyses each node directory that holds a file of the run a runtime would list, reading its
   * other files from disk (planned with `facts`, or the facts for each file, never written).
   */
  async analyze(nodeDirs: NodeDirOptions, facts: PluginFactsCache | ((file: FoundFile) => Promise<PluginFactsCache>)): Promise<LoadOrderAnalysis> {
    const isNodeDir = await nodeDirTest(nodeDirs);
    const directories: DirectoryLoadOrder[] = [];
    const findings = new Map<string, Diagnostic[]>();
    const sorted = [...this.dirs].sort(([, a], [, b]) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
    for (const [absolute, dir] of sorted) {
      if (dir.entries.length === 0 || !isNodeDir(absolute)) continue;
      const others = await readOthers(absolute, dir, facts);
      const entries = [...dir.entries, ...others.entries].map((e) => withLink(absolute, e));
      if (!looksLikeConfDir(entries)) continue;
      const order = analyzeLoadOrder(dir.display, entries);
      const notInRunFindings = new Map<string, Diagnostic[]>();
      const notInRun = new Set(others.paths);
      for (const f of order.findings) {
        const { at: _at, ...d } = f.diagnostic; // no position: the finding is about the whole file
        const into = notInRun.has(f.path) ? notInRunFindings : findings;
        into.set(f.path, [...(into.get(f.path) ?? []), d as Diagnostic]);
      }
      directories.push({ order, notInRun: others.paths, notInRunFindings, unreadable: others.unreadable });
    }
    return { directories, findings };
  }
}

/** The node-directory test for `options`: a `net.d` path, or a declared glob's match. */
export async function nodeDirTest(options: NodeDirOptions): Promise<(absolute: string) => boolean> {
  const globs = options.globs.map((g) => g.replace(/^\.\//, '').replace(/(.)\/+$/, '$1')).filter((g) => g !== '');
  let matches: (absolute: string) => boolean = () => false;
  if (globs.length) {
    const picomatch = (await import('picomatch')).default; // only a run given --node-dir needs it
    const relativeGlobs = globs.filter((g) => !g.startsWith('/'));
    const absoluteGlobs = globs.filter((g) => g.startsWith('/'));
    const byRelative = relativeGlobs.length ? picomatch(relativeGlobs, { dot: true }) : () => false;
    const byAbsolute = absoluteGlobs.length ? picomatch(absoluteGlobs, { dot: true }) : () => false;
    matches = (absolute) => byRelative(relative(options.base, absolute).split(sep).join('/') || '.') || byAbsolute(absolute.split(sep).join('/'));
  }
  return (absolute) => isNodeDirByName(absolute, matches);
}

/**
 * Whether a directory, or the directory it really is, is named as node directories are (`net.d`)
 * or matches a declared glob. Its real path is asked synchronously, as files are read: a run asks
 * it of every directory holding a `.json` file.
 */
function isNodeDirByName(absolute: string, matches: (absolute: string) => boolean = () => false): boolean {
  if (isNetDPath(absolute) || matches(absolute)) return true;
  let real: string;
  try {
    real = realpathSync.native(absolute);
  } catch {
    return false;
  }
  return real !== absolute && (isNetDPath(real) || matches(real));
}

/** The directory's files that were not in the run, as libcni lists them, planned check-only. */
async function readOthers(
  absolute: string,
  dir: Directory,
  facts: PluginFactsCache | ((file: FoundFile) => Promise<PluginFactsCache>),
): Promise<{ entries: LoadEntry[]; paths: string[]; unreadable: { path: string; message: string }[] }> {
  const entries: LoadEntry[] = [];
  const paths: string[] = [];
  const unreadable: { path: string; message: string }[] = [];
  let names: string[];
  try {
    // libcni skips what readdir says is a directory; a symbolic link is listed, whatever it points to.
    names = readdirSync(absolute, { withFileTypes: true }).filter((d) => !d.isDirectory()).map((d) => d.name);
  } catch (err) {
    const message = `cannot list the directory (${describeFsError(err)}); only the files of this run are counted`;
    return { entries, paths, unreadable: [{ path: dir.display, message }] };
  }
  for (const name of names.filter((n) => LOADED_EXTENSIONS.test(n) && !dir.names.has(n)).sort()) {
    const file: FoundFile = { absolute: join(absolute, name), display: posix.join(dir.display, name), explicit: false };
    const problem = notRegular(file.absolute);
    if (problem === 'gone') continue; // removed since the directory was listed
    if (problem && 'unreadable' in problem) {
      // A link the runtime cannot read through: an entry that does not load, not one left out.
      entries.push({ name, path: file.display, cni: true, networkName: null, errors: [], link: problem });
      paths.push(file.display);
      continue;
    }
    if (problem) {
      unreadable.push({ path: file.display, message: problem.message });
      continue;
    }
    // Planned with the facts of the file's own settings (a project configuration may say per file).
    const outcome = await processFile(file, { write: false, backup: false }, typeof facts === 'function' ? await facts(file) : facts);
    if (outcome.kind === 'unreadable' && !outcome.undecodable) {
      unreadable.push({ path: file.display, message: outcome.message });
      continue;
    }
    const entry = loadEntryFor(file, outcome); // as it is on disk: it is not written
    if (entry) entries.push(entry);
    paths.push(file.display);
  }
  return { entries, paths, unreadable };
}

/** The entry with what it is as a symbolic link (its target as written), when it is one. */
function withLink(directory: string, entry: LoadEntry): LoadEntry {
  if (entry.link) return entry;
  const path = join(directory, entry.name);
  const info = orNull(() => lstatSync(path));
  if (!info?.isSymbolicLink()) return entry;
  const target = orNull(() => readlinkSync(path));
  return target === null ? entry : { ...entry, link: { target, unreadable: null } };
}

/**
 * Why a listed file cannot be read as a regular file (never opened: a FIFO would block), `gone`,
 * or null. A symbolic link that no reader can follow to a file (to nothing, to a directory, a
 * loop) is returned as a link the runtime fails on; what is unreadable only to this process (a
 * permission the runtime, as root, has) is a message: the file is left out of the analysis.
 */
function notRegular(path: string): LoadLink | { message: string } | 'gone' | null {
  const link = orNull(() => lstatSync(path));
  if (!link) return 'gone';
  const target = link.isSymbolicLink() ? (orNull(() => readlinkSync(path)) ?? '?') : null;
  try {
    const info = statSync(path);
    if (info.isFile()) return null;
    if (target !== null && info.isDirectory()) return { target, unreadable: 'its target is a directory' };
    return { message: 'cannot read: not a regular file' };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (target !== null && (code === 'ENOENT' || code === 'ENOTDIR')) return { target, unreadable: 'its target does not exist' };
    if (target !== null && code === 'ELOOP') return { target, unreadable: 'a loop of symbolic links' };
    return { message: `cannot read: ${describeFsError(err)}` };
  }
}

/** The value, or null where the call throws (a file gone, a link that cannot be read). */
function orNull<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}
