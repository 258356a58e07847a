/**
 * The directory walk: one `readdirSync` per directory, yielding each file as it is met rather
 * than listing the whole tree first, so memory stays flat however large the tree is.
 *
 * Order: each directory's entries are sorted by name, a directory's name with `/` after it,
 * comparing UTF-16 code units, and a directory is walked where it sorts. That yields the paths
 * in the order a sort of the whole list of relative paths would give (`a-b/x`, `a.yaml`, `a/x`),
 * so reports list files in the order earlier versions did.
 *
 * Leaves out: `node_modules` and `.git` directories; symbolic links unless followed; what each
 * directory's .gitignore leaves out (as git does, gitignore.ts), when asked to; `exclude`
 * patterns. Yields files the patterns match (picomatch, relative to the root, dotfiles
 * included, as fast-glob's `dot: true` matched them).
 */
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type picomatch from 'picomatch';
import type { GitignoreStack } from './gitignore.js';

type Picomatch = typeof picomatch;

export interface WalkOptions {
  readonly picomatch: Picomatch;
  /** Files to yield (globs relative to the root). A leading `!` makes a glob an exclusion. */
  readonly patterns: readonly string[];
  /** Files and directories to leave out (globs relative to the root, or absolute). */
  readonly exclude?: readonly string[];
  /** Apply each directory's .gitignore as the walk enters it; without, none is read. */
  readonly gitignore?: GitignoreStack;
  /** Follow symbolic links to files and directories; a link back to a directory being walked is not entered again. */
  readonly followSymlinks?: boolean;
  /**
   * Directories whose links to files are walked without `followSymlinks`: those runtimes load
   * configs from (libcni lists a link as a file and reads what it points to). Asked only of a
   * directory that holds a link.
   */
  readonly fileLinksIn?: ((absoluteDir: string) => boolean) | undefined;
  /** Hears of each directory that could not be listed (relative to the root); the walk goes on. */
  readonly onUnlisted: (dir: string, err: unknown) => void;
  /** Hears the names in each directory listed, so that no one lists it again. */
  readonly onDirectory?: ((absolute: string, names: readonly string[]) => void) | undefined;
}

/** Never entered: dependencies and git's own store. */
const SKIPPED = new Set(['node_modules', '.git']);

// A directory gone since it was seen, or a link cycle met with --follow-symlinks, is not an error.
const UNLISTED_IS_FINE = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG']);

/** Characters a glob's `*` or `?` would not match: in a name they are matched as any other character. */
const LINE_BREAK = /[\r\n\u2028\u2029]/;
const LINE_BREAKS = /[\r\n\u2028\u2029]/g;

interface Entry {
  readonly name: string;
  /** The sort key: the name, with `/` after a directory's. */
  readonly key: string;
  readonly directory: boolean;
}

interface Frame {
  readonly abs: string;
  /** Relative to the root: '' or ending in `/`. */
  readonly rel: string;
  readonly entries: Entry[];
  next: number;
  readonly scoped: boolean;
  readonly real: string | undefined;
}

/** Paths of the files under `root`, relative to it and `/`-separated, in the order described above. */
export function* walkFiles(root: string, options: WalkOptions): Generator<string> {
  const match = matcher(options);
  const follow = options.followSymlinks ?? false;
  const gitignore = options.gitignore;
  const chain = new Set<string>(); // real paths of the directories being walked, with --follow-symlinks
  // A node directory's link to a file the walk meets anyway is left to that file: one report, one
  // edit, and a diff `git apply` takes (it cannot patch a link). One outside is read through the link.
  let rootRealPath: string | null | undefined;
  const rootReal = (): string | null => (rootRealPath === undefined ? (rootRealPath = realpathOrNull(root)) : rootRealPath);
  const stack: Frame[] = [];

  const enter = (abs: string, rel: string): void => {
    let real: string | undefined;
    if (follow) {
      real = realpathOrNull(abs) ?? abs;
      if (chain.has(real)) return; // a link back to a directory being walked
    }
    let dirents: Dirent[];
    try {
      dirents = readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      if (!UNLISTED_IS_FINE.has((err as NodeJS.ErrnoException).code ?? '')) options.onUnlisted(rel.slice(0, -1) || '.', err);
      return;
    }
    if (real !== undefined) chain.add(real);
    options.onDirectory?.(abs, dirents.map((d) => d.name));
    const entries: Entry[] = [];
    let ignoreFile = false;
    let fileLinks: boolean | undefined;
    for (const d of dirents) {
      const name = d.name;
      if (name === '.gitignore' && !d.isDirectory()) ignoreFile = true;
      let directory = d.isDirectory();
      if (!directory && !d.isFile()) {
        if (!d.isSymbolicLink()) continue;
        const kind = follow || (fileLinks ??= options.fileLinksIn?.(abs) ?? false) ? linkKind(join(abs, name)) : null;
        if (kind === null || (!follow && (kind !== 'file' || within(rootReal, realpathOrNull(join(abs, name)))))) continue;
        directory = kind === 'directory';
      }
      if (directory && SKIPPED.has(name)) continue;
      entries.push({ name, key: directory ? `${name}/` : name, directory });
    }
    entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let scoped = false;
    if (gitignore && ignoreFile) {
      const text = readTextOrNull(join(abs, '.gitignore'));
      if (text !== null) {
        gitignore.push(rel, text);
        scoped = true;
      }
    }
    stack.push({ abs, rel, entries, next: 0, scoped, real });
  };

  enter(root, '');
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next === top.entries.length) {
      stack.pop();
      if (top.scoped) gitignore!.pop();
      if (top.real !== undefined) chain.delete(top.real);
      continue;
    }
    const entry = top.entries[top.next++]!;
    const rel = top.rel + entry.name;
    if (entry.directory) {
      if (match.skipsDirectory(rel)) continue;
      if (gitignore?.ignores(`${rel}/`)) continue;
      enter(join(top.abs, entry.name), `${rel}/`);
    } else if (match.file(rel) && !gitignore?.ignores(rel)) {
      yield rel;
    }
  }

  function matcher({ picomatch, patterns, exclude = [] }: WalkOptions): { file(rel: string): boolean; skipsDirectory(rel: string): boolean } {
    // fast-glob's options, which earlier versions matched with.
    const settings = { dot: true, posix: true, strictSlashes: false };
    const norm = (rel: string): string => (LINE_BREAK.test(rel) ? rel.replace(LINE_BREAKS, '\uE000') : rel);
    const compile = (globs: readonly string[]): ((path: string) => boolean) => (globs.length ? picomatch(globs as string[], settings) : () => false);
    const plain = (glob: string): string => (glob.startsWith('./') ? glob.slice(2) : glob);
    const positive = patterns.filter((p) => !p.startsWith('!')).map(plain);
    const negative = [...patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1)), ...exclude].map(plain);
    const relative = negative.filter((g) => !isAbsolute(g));
    const absolute = negative.filter((g) => isAbsolute(g));
    // `**/*.conf` and the like (the formats' own patterns): with `dot: true` these match exactly
    // the names that end so, which is tested without a regular expression.
    const suffixes = positive.map((g) => /^\*\*\/\*([\w.-]+)$/.exec(g)?.[1]).filter((x) => x !== undefined);
    const globs = compile([...new Set(positive.filter((g) => !/^\*\*\/\*([\w.-]+)$/.test(g)))]);
    const wanted = (rel: string): boolean => {
      const name = rel.slice(rel.lastIndexOf('/') + 1);
      for (const s of suffixes) if (name.endsWith(s)) return true;
      return globs(norm(rel));
    };
    const unwanted = compile(relative);
    const unwantedAbsolute = compile(absolute);
    // As fast-glob: an exclusion ending in `/**` or in a plain name also leaves out a directory it matches, unwalked.
    const prunes = compile(relative.filter((g) => g.endsWith('/**') || !/[*?[\]{}()!+@]/.test(g.slice(g.lastIndexOf('/') + 1))));
    const prunesAbsolute = compile(absolute.filter((g) => g.endsWith('/**') || !/[*?[\]{}()!+@]/.test(g.slice(g.lastIndexOf('/') + 1))));
    return {
      file: (rel) => wanted(rel) && !(relative.length > 0 && unwanted(norm(rel))) && !(absolute.length > 0 && unwantedAbsolute(norm(join(root, rel)))),
      skipsDirectory: (rel) => (relative.length > 0 && prunes(norm(rel))) || (absolute.length > 0 && prunesAbsolute(norm(join(root, rel)))),
    };
  }
}

/** Whether `path` lies inside the directory `root()` names (null: not known, so not inside). */
function within(root: () => string | null, path: string | null): boolean {
  const dir = root();
  return dir !== null && path !== null && (path.startsWith(dir.endsWith('/') ? dir : `${dir}/`) || path.startsWith(`${dir}\\`));
}

/** What a symbolic link leads to, or null for a broken link (or anything but a file or directory). */
function linkKind(path: string): 'file' | 'directory' | null {
  try {
    const info = statSync(path);
    return info.isDirectory() ? 'directory' : info.isFile() ? 'file' : null;
  } catch {
    return null;
  }
}

function realpathOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

/** A .gitignore that cannot be read (a broken link, a directory) is as if absent, as git treats it. */
function readTextOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
