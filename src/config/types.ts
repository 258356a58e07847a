/**
 * The project configuration (`.cni-migrate.yaml`, `.cni-migrate.json`, or the `cni-migrate` key of
 * package.json) once read and checked: docs/configuration.md describes every key.
 */

/** What a file is judged against; the top level and each `overrides` entry may set these. */
export interface ConfigSettings {
  /** Every runtime the files must work on (`runtime: containerd@1.7.0` or `runtimes: [...]`). */
  readonly runtimes?: readonly string[];
  /** Plugin facts and releases in `--plugin` syntax (`cni-plugins@1.6.0`, `bridge=0.4.0,1.0.0`). */
  readonly plugins?: readonly string[];
  readonly targetVersion?: string;
  /** Write `cniVersions` for runtimes that read it (libcni v1.2.0+). */
  readonly cniVersions?: boolean;
  /** A compatibility-matrix file, absolute (written relative to the configuration file). */
  readonly matrix?: string;
}

/** An `overrides` entry: settings for the files its globs match, and the node group they form. */
export interface ConfigOverride {
  /** Globs relative to the configuration file's directory (picomatch syntax). */
  readonly files: readonly string[];
  readonly excludeFiles: readonly string[];
  /** The node group's name, shown in reports; files of an unnamed override are grouped by directory. */
  readonly name?: string;
  readonly settings: ConfigSettings;
}

/** Settings of a whole run: read only from the configuration that applies to the working directory. */
export interface RunWideSettings {
  readonly failOn?: 'error' | 'warning' | 'never';
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** Globs of node config directories (besides `net.d`), absolute (written relative to the file). */
  readonly nodeDirs?: readonly string[];
}

export interface ProjectConfig {
  /** The file it was read from, absolute. */
  readonly file: string;
  /** What globs and paths in it are relative to: the file's directory. */
  readonly directory: string;
  readonly settings: ConfigSettings;
  readonly runWide: RunWideSettings;
  /** Which run-wide keys the file sets (a nested configuration's are ignored, with a warning). */
  readonly runWideKeys: readonly string[];
  readonly overrides: readonly ConfigOverride[];
}

/** A configuration that cannot be used: the file, the key's position and what is wrong. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly column: number | null,
    readonly problem: string,
  ) {
    super(`${file}${line === null ? '' : `:${line}:${column ?? 1}`}: ${problem}`);
  }
}
