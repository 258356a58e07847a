/**
 * Each file's settings in a run that reads project configurations: what the front end was told
 * (flags, module parameters) over what the configuration that applies to the file says (its top
 * level, then its matching overrides). Files with equal settings share one prepared run, so a
 * plugin is probed and a matrix read once per distinct setting, not once per file.
 */
import { CONFIG_VOCABULARY } from '../config/read-config.js';
import type { FileSettings } from '../config/settings-for-file.js';
import { ConfigError, type ProjectConfig } from '../config/types.js';
import { RecentMap } from '../core/remembered.js';
import type { Vocabulary } from '../core/vocabulary.js';
import type { ConfigFinder } from '../io/config-files.js';
import { parsePluginFlags } from '../knowledge/plugin-flags.js';
import { prepareRun, type PreparedRun, type RunSettings } from './pipeline.js';

export interface FileRun {
  readonly prepared: PreparedRun;
  /** The node group the file belongs to (a named override), when its configuration says. */
  readonly group?: string;
  /** The configuration that applied, if any. */
  readonly config?: ProjectConfig;
}

export class SettingsByFile {
  private readonly runs = new Map<string, Promise<FileRun>>();
  private unconfigured: Promise<FileRun> | undefined;
  /** Directories no configuration applies to, seen lately: most directories of a scan. */
  private readonly settled = new RecentMap<string, FileRun>();

  /** `given`: settings stated to the front end itself; they win over every configuration. */
  constructor(
    private readonly given: RunSettings,
    private readonly finder: ConfigFinder,
    private readonly cwd: string,
    private readonly say: Vocabulary,
  ) {}

  /**
   * The run for a file in `directory` (absolute), `file` the file itself. Throws ConfigError for
   * a configuration that cannot be used, naming the file and the line.
   */
  async forFile(directory: string, file: string): Promise<FileRun> {
    const config = await this.finder.forDirectory(directory);
    // Most files of a scan have no configuration: one run for all of them, no key to build.
    if (!config) {
      const run = await (this.unconfigured ??= this.prepare(null, null));
      this.settled.set(directory, run);
      return run;
    }
    // The glob matcher (picomatch) is loaded only by a run that has a configuration: a pre-commit
    // hook's start stays as short as it can be without one.
    const settings = (await import('../config/settings-for-file.js')).settingsForFile(config, file);
    const key = JSON.stringify([config.file, { ...settings, overrides: undefined, group: undefined }]);
    let run = this.runs.get(key);
    if (!run) {
      run = this.prepare(config, settings);
      this.runs.set(key, run);
      // A failed preparation is reported once per setting, not retried for each file.
    }
    const prepared = await run;
    return settings.group === undefined ? prepared : { ...prepared, group: settings.group };
  }

  /**
   * The run for a file in `directory` when it is known without waiting: a directory seen before
   * that no configuration applies to. A walk asks this first, so most of its files need no promise.
   */
  known(directory: string): FileRun | undefined {
    return this.settled.get(directory);
  }

  private async prepare(config: ProjectConfig | null, settings: FileSettings | null): Promise<FileRun> {
    const merged = config && settings ? this.merge(config, settings) : this.given;
    const prepared = await prepareRun(merged, this.cwd, config ? CONFIG_VOCABULARY : this.say);
    if ('problem' in prepared) {
      if (!config) throw new SettingsError(prepared.problem);
      throw new ConfigError(config.file, null, null, prepared.problem);
    }
    return { prepared, ...(config ? { config } : {}) };
  }

  /** The given settings over the configuration's, key by key; plugin facts name by name. */
  private merge(config: ProjectConfig, settings: FileSettings): RunSettings {
    const given = this.given;
    const stated = parsePluginFlags(settings.plugins ?? [], CONFIG_VOCABULARY);
    // Checked when the configuration was read; a string here would be a bug in that check.
    if (typeof stated === 'string') throw new ConfigError(config.file, null, null, stated);
    const givenRuntimes = given.runtimes?.length ? given.runtimes : given.runtime !== undefined ? [given.runtime] : undefined;
    const runtimes = givenRuntimes ?? settings.runtimes;
    const targetVersion = given.targetVersion ?? settings.targetVersion;
    const matrix = given.matrix ?? settings.matrix;
    const cniVersions = given.cniVersions ?? settings.cniVersions;
    return {
      ...given,
      runtime: undefined,
      ...(runtimes ? { runtimes } : {}),
      targetVersion,
      matrix,
      ...(cniVersions === undefined ? {} : { cniVersions }),
      supported: { ...stated.supported, ...given.supported },
      releases: { ...stated.releases, ...given.releases },
      releaseSources: { ...stated.releaseSources, ...given.releaseSources },
    };
  }
}

/** Settings given to the front end itself that cannot be used (no configuration involved). */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}
