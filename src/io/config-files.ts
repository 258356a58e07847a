/**
 * Finding the project configuration that applies to a file: the nearest `.cni-migrate.yaml`,
 * `.cni-migrate.yml`, `.cni-migrate.json`, or package.json with a `cni-migrate` key, searching up
 * from the file's directory to the root of the file system, as prettier and eslint search. Each
 * directory is looked at once per run.
 */
// fs.promises is a getter that loads Node's promise API on first use: a run on named files (a
// pre-commit hook's) never needs it.
import { promises as fsp, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { readConfig } from '../config/read-config.js';
import { ConfigError, type ProjectConfig } from '../config/types.js';
import { RecentMap } from '../core/remembered.js';
import { describeFsError, displayPath } from './files.js';

/** The names a configuration may have, in one directory at most one of them. */
export const CONFIG_FILE_NAMES = ['.cni-migrate.yaml', '.cni-migrate.yml', '.cni-migrate.json'] as const;

const LOOKED_FOR: ReadonlySet<string> = new Set([...CONFIG_FILE_NAMES, 'package.json']);
const NONE: ReadonlySet<string> = new Set();

/**
 * Whether a configuration may be at `path`: false only when nothing is there. Asked of the few
 * names looked for, rather than listing the directory: the directories above a repository (the
 * home directory, /tmp) can hold hundreds of entries.
 */
function mayBeThere(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return true; // reading it will say why it cannot be read
  }
}

/** Reads the configuration in `path` (--config FILE): any name; package.json by its key. */
export async function loadConfigFile(path: string): Promise<ProjectConfig> {
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(path, null, null, `cannot read the configuration: ${describeFsError(err)}`);
  }
  const packageJson = basename(path) === 'package.json';
  const config = readConfig(text, path, packageJson ? 'package.json' : 'file');
  if (config === null) throw new ConfigError(path, null, null, 'has no "cni-migrate" key: no configuration in it');
  return config;
}

/** The configuration of each directory of a run: found by searching up, or fixed (--config, --no-config). */
export class ConfigFinder {
  // Both forget once they hold a few thousand directories: a directory forgotten is looked in again.
  private readonly byDirectory = new RecentMap<string, Promise<ProjectConfig | null>>();
  /** What a directory walk saw of the names below, for directories not looked in yet. */
  private readonly listings = new RecentMap<string, ReadonlySet<string>>();
  /** The configurations found, by directory: kept, so one looked for again is the same object, not read again. */
  private readonly found = new Map<string, ProjectConfig>();

  private constructor(private readonly fixed: ProjectConfig | null | undefined) {}

  /** Search up from each directory. */
  static searching(): ConfigFinder {
    return new ConfigFinder(undefined);
  }

  /** One configuration for every file (`--config FILE`), or none (`--no-config`). */
  static fixedTo(config: ProjectConfig | null): ConfigFinder {
    return new ConfigFinder(config);
  }

  /**
   * As a command line asks: `file` is `--config FILE` (relative to `cwd`), null `--no-config`,
   * undefined a search up from each directory. Throws ConfigError for a FILE that cannot be used.
   */
  static async forOption(file: string | null | undefined, cwd: string): Promise<ConfigFinder> {
    if (file === undefined) return ConfigFinder.searching();
    return ConfigFinder.fixedTo(file === null ? null : await loadConfigFile(resolve(cwd, file)));
  }

  /** The configuration for the files of `directory` (absolute); throws ConfigError for one that cannot be used. */
  forDirectory(directory: string): Promise<ProjectConfig | null> {
    if (this.fixed !== undefined) return Promise.resolve(this.fixed);
    const dir = resolve(directory);
    let found = this.byDirectory.get(dir);
    if (!found) {
      found = this.lookIn(dir);
      this.byDirectory.set(dir, found);
    }
    return found;
  }

  /**
   * The names in `directory` (absolute), as a directory walk just listed them: looking in it
   * later needs no listing of its own (a repository scan would otherwise list every directory twice).
   */
  listed(directory: string, names: readonly string[]): void {
    const dir = resolve(directory);
    if (this.fixed !== undefined || this.byDirectory.has(dir)) return;
    const wanted = names.filter((n) => LOOKED_FOR.has(n));
    this.listings.set(dir, wanted.length ? new Set(wanted) : NONE);
  }

  private async lookIn(dir: string): Promise<ProjectConfig | null> {
    const known = this.found.get(dir);
    if (known) return known;
    const here: ProjectConfig[] = [];
    // The walk's listing where it has one (most directories of a big tree hold none of the names).
    const names = this.listings.get(dir);
    this.listings.delete(dir);
    for (const name of LOOKED_FOR) {
      if (names !== undefined && !names.has(name)) continue; // no path to build: most directories
      const path = join(dir, name);
      if (names === undefined && !mayBeThere(path)) continue;
      const text = await readIfFile(path);
      if (text === null) continue;
      // A package.json that does not mention the key holds no configuration: not worth parsing.
      if (name === 'package.json' && !text.includes('"cni-migrate"')) continue;
      const config = readConfig(text, path, name === 'package.json' ? 'package.json' : 'file');
      if (config !== null) here.push(config);
    }
    if (here.length > 1) {
      throw new ConfigError(here[1]!.file, null, null, `a second configuration beside ${basename(here[0]!.file)} in the same directory: keep one`);
    }
    if (here.length === 1) {
      this.found.set(dir, here[0]!);
      return here[0]!;
    }
    const parent = dirname(dir);
    return parent === dir ? null : this.forDirectory(parent);
  }
}

/** `nodes/.cni-migrate.yaml:7:5: unknown key …`, the file named relative to `cwd`, as the CLI shows it. */
export function describeConfigError(err: ConfigError, cwd: string): string {
  return `${displayPath(cwd, err.file)}${err.line === null ? '' : `:${err.line}:${err.column ?? 1}`}: ${err.problem}`;
}

/** The file's text, or null when there is no such file (or it is a directory). */
async function readIfFile(path: string): Promise<string | null> {
  try {
    // Synchronously, as the pipeline reads (process-file.ts): a scan meets a package.json in many folders.
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw new ConfigError(path, null, null, `cannot read the configuration: ${describeFsError(err)}`);
  }
}
