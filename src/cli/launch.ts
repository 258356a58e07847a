/**
 * Starts the CLI bundle with V8's code cache: the bytecode V8 compiled for the bundle in an earlier
 * run, kept in the user's cache directory, so a run does not compile the CLI's code again. A
 * pre-commit hook starts the CLI on every commit, and compiling its ~700 KB is most of what a
 * check of one small file costs beyond Node's own start. Node 22.1+ has a compile cache of its
 * own (`module.enableCompileCache()`); this one is kept after the run, so it also holds the
 * functions the run compiled lazily, and it serves Node 20 too.
 *
 * Built on its own (dist/bundle/launch.cjs), outside the bundle it loads. A cache is only ever an
 * optimisation: whatever goes wrong with it (no home, a read-only or foreign directory, a stale or
 * corrupt file), the run goes on without it and says nothing.
 */
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Script } from 'node:vm';

/** Bumped when the way the bundle is run changes, so caches of the old way are not reused. */
const LAUNCH_FORMAT = 2;
/** Cache files kept in the directory: other installed versions of the CLI, other Node versions. */
export const KEPT_CACHES = 4;
/** The bundle's last line, written by scripts/build-cli.mjs: a hash of everything before it. */
const BUNDLE_HASH = /\/\/ cniMigrateBundleHash=([0-9a-f]{16})\s*$/;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where the code cache is kept: CNI_MIGRATE_CODE_CACHE (a directory, or `off`), else
 * `$XDG_CACHE_HOME/cni-migrate`, else `$HOME/.cache/cni-migrate`; null for none (and on Windows).
 */
export function codeCacheDirectory(env: Env): string | null {
  // Windows file modes, as Node reports them, do not say who else may write (see trustworthy).
  if (process.platform === 'win32') return null;
  const asked = env['CNI_MIGRATE_CODE_CACHE'];
  if (asked !== undefined && asked !== '') return asked === 'off' || !isAbsolute(asked) ? null : asked;
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg && isAbsolute(xdg)) return join(xdg, 'cni-migrate');
  const home = env['HOME'];
  return home && isAbsolute(home) ? join(home, '.cache', 'cni-migrate') : null;
}

/** The cache file's name for this bundle, V8 and architecture; null when the bundle names no hash. */
export function codeCacheName(source: string): string | null {
  const hash = BUNDLE_HASH.exec(source.slice(-100))?.[1];
  if (!hash) return null;
  const v8 = process.versions.v8.replace(/[^0-9A-Za-z.]/g, '_');
  return `cli-${hash}-v8-${v8}-${process.arch}-${LAUNCH_FORMAT}.cache`;
}

/**
 * Whether a directory or file may be trusted to hold code this process runs: owned by this user,
 * writable by no one else (the callers also refuse links). Bytecode in a cache runs as whoever
 * reads it, so a cache another user could write (a shared HOME under sudo, a world-writable
 * directory) is not read.
 */
export function trustworthy(info: { uid: number; mode: number }): boolean {
  return ownedByThisUser(info) && (info.mode & 0o022) === 0;
}

function ownedByThisUser(info: { uid: number }): boolean {
  const uid = process.getuid?.();
  return uid === undefined || info.uid === uid;
}

function trustedDirectory(dir: string): boolean {
  const info = lstatSync(dir, { throwIfNoEntry: false });
  return info !== undefined && info.isDirectory() && trustworthy(info);
}

/** The cached bytecode, if a trustworthy file holds it. */
export function readCodeCache(dir: string, name: string): Buffer | undefined {
  try {
    if (!trustedDirectory(dir)) return undefined;
    const fd = openSync(join(dir, name), constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const info = fstatSync(fd);
      // Read from the descriptor whose owner and mode were checked, not by name again.
      return info.isFile() && trustworthy(info) ? readFileSync(fd) : undefined;
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/**
 * Keeps the bytecode: written to a private temporary file and renamed, so a concurrent run reads
 * the old file or the new, never half of one; then only the newest KEPT_CACHES files are kept.
 */
export function writeCodeCache(dir: string, name: string, data: Buffer): void {
  try {
    // Made only under a directory of this user's: root run with another user's HOME (sudo
    // without -H) leaves nothing of root's there.
    if (!ownsNearestExisting(dir)) return;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!trustedDirectory(dir)) return;
    const temp = join(dir, `.${name}.${process.pid}.tmp`);
    writeFileSync(temp, data, { mode: 0o600, flag: 'wx' });
    try {
      renameSync(temp, join(dir, name));
    } catch {
      unlinkSync(temp);
      return;
    }
    pruneCodeCaches(dir, name);
  } catch {
    // No cache this time; the next run tries again.
  }
}

function ownsNearestExisting(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    const info = lstatSync(d, { throwIfNoEntry: false });
    if (info !== undefined) return ownedByThisUser(info);
    if (dirname(d) === d) return false;
  }
}

function pruneCodeCaches(dir: string, keep: string): void {
  const others = readdirSync(dir)
    .filter((f) => f !== keep && f.startsWith('cli-') && f.endsWith('.cache'))
    .map((f) => ({ f, mtime: statSync(join(dir, f), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { f } of others.slice(KEPT_CACHES - 1)) unlinkSync(join(dir, f));
}

/**
 * Whether a run's bytecode is the one to keep: check, diff or fix given files and no directory,
 * as a pre-commit hook runs it. V8 keeps what a run compiled, and loading a cache costs time in
 * proportion to its size: the code of a directory walk and of every format met on the way (a
 * third more) would slow the start of every small run that loads it, and a run printing its
 * version or help compiles next to nothing. Option values that are not paths count for nothing.
 */
export function seedsCodeCache(argv: readonly string[], cwd: string): boolean {
  const [command, ...rest] = argv;
  if (command !== 'check' && command !== 'diff' && command !== 'fix') return false;
  let files = 0;
  for (const arg of rest) {
    if (arg.startsWith('-')) continue;
    const info = statSync(resolve(cwd, arg), { throwIfNoEntry: false });
    if (info?.isDirectory()) return false;
    if (info?.isFile()) files++;
  }
  return files > 0;
}

interface CliBundle {
  main(argv: readonly string[]): Promise<number>;
}

/** The bundle as a script, from the cached bytecode when V8 accepts it. */
function compile(bundle: string, source: string, cached: Buffer | undefined): { script: Script; usedCache: boolean } {
  // The bundle is already wrapped as Node's CommonJS loader wraps a module (scripts/build-cli.mjs).
  const script = new Script(source, {
    filename: bundle,
    ...(cached ? { cachedData: cached } : {}),
  });
  return { script, usedCache: cached !== undefined && script.cachedDataRejected !== true };
}

/**
 * Runs the CLI bundle (a CommonJS module body, wrapped as Node wraps one) as Node's module loader
 * would, but through a vm.Script given the cached bytecode; and, when there was no usable cache
 * and the run is of the shape worth keeping (seedsCodeCache), keeps this run's bytecode.
 */
export async function launch(bundle: string, argv: readonly string[], env: Env = process.env): Promise<number> {
  // The bundle is ASCII (scripts/build-cli.mjs checks): read as Latin-1, it needs no UTF-8 decoding.
  const source = readFileSync(bundle, 'latin1');
  const dir = codeCacheDirectory(env);
  const name = dir === null ? null : codeCacheName(source);
  // The cached bytes live only in compile(): garbage once V8 has read them.
  const { script, usedCache } = compile(bundle, source, dir !== null && name !== null ? readCodeCache(dir, name) : undefined);
  const loaded = { exports: {} as CliBundle };
  (script.runInThisContext() as (...args: unknown[]) => void).call(loaded.exports, loaded.exports, createRequire(bundle), loaded, bundle, dirname(bundle));
  const code = await loaded.exports.main(argv);
  if (dir !== null && name !== null && !usedCache && seedsCodeCache(argv, process.cwd())) {
    writeCodeCache(dir, name, script.createCachedData());
  }
  return code;
}
