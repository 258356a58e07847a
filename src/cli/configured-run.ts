/**
 * The CLI's side of project configurations: which configuration applies where (`--config FILE`,
 * `--no-config`, or the nearest one searching up), the run-wide keys of the one that applies to
 * the working directory, and each file's facts, with a configuration that cannot be used reported
 * once (exit 2), its files left alone.
 */
import { dirname } from 'node:path';
import { SettingsByFile, SettingsError, type FileRun } from '../app/settings-by-file.js';
import type { FactsForFile } from '../app/pipeline.js';
import { runWideNotGiven } from '../config/run-wide.js';
import { ConfigError, type ProjectConfig, type RunWideSettings } from '../config/types.js';
import { CLI_VOCABULARY } from '../core/vocabulary.js';
import { ConfigFinder, describeConfigError } from '../io/config-files.js';
import { displayPath, type FoundFile } from '../io/files.js';
import type { PluginFactsCache } from '../io/process-file.js';
import type { CommandOptions } from './args.js';

export interface ConfiguredRun {
  /** The options with the run-wide keys of the working directory's configuration filled in. */
  readonly options: CommandOptions;
  /** The run for the working directory itself: its context heads the report. */
  readonly home: FileRun;
  /** Each file's facts; null for a file whose configuration cannot be used (reported once). */
  readonly factsFor: FactsForFile;
  /** Each file's facts, the working directory's where its configuration cannot be used (load order). */
  readonly factsOrHome: (file: FoundFile) => Promise<PluginFactsCache>;
  /** The node group of a file already seen by `factsFor`. */
  groupOf(file: FoundFile): string | undefined;
  /** Hears the names in each directory a walk lists, so the configuration search need not list it again. */
  readonly onDirectory: (absolute: string, names: readonly string[]) => void;
}

export interface ConfigHearing {
  readonly warning: (message: string) => void;
  readonly error: (message: string) => void;
}

/** The run as configured, or the problem that stops it (exit 2). `near`: where the configuration search starts. */
export async function configureRun(options: CommandOptions, cwd: string, near: string, hear: ConfigHearing): Promise<ConfiguredRun | { readonly problem: string }> {
  const show = (err: ConfigError): string => describeConfigError(err, cwd);
  let finder: ConfigFinder;
  let here: ProjectConfig | null;
  try {
    finder = await ConfigFinder.forOption(options.config, cwd);
    here = await finder.forDirectory(near);
  } catch (err) {
    if (err instanceof ConfigError) return { problem: show(err) };
    throw err;
  }
  const configured = here ? withRunWide(options, here) : options;
  const byFile = new SettingsByFile(configured, finder, cwd, CLI_VOCABULARY);
  let home: FileRun;
  try {
    home = await byFile.forFile(near, near);
  } catch (err) {
    if (err instanceof ConfigError) return { problem: show(err) };
    if (err instanceof SettingsError) return { problem: err.message };
    throw err;
  }

  const groups = new Map<string, string>();
  const said = new Set<string>();
  const factsFor: FactsForFile = (file) => byFile.known(dirname(file.absolute))?.prepared.facts ?? factsLookedUp(file);
  const factsLookedUp = async (file: FoundFile): Promise<PluginFactsCache | null> => {
    try {
      const directory = dirname(file.absolute);
      const run = await byFile.forFile(directory, file.absolute);
      if (run.group !== undefined) groups.set(file.absolute, run.group);
      if (run.config && run.config !== here && run.config.runWideKeys.length && !said.has(run.config.file)) {
        said.add(run.config.file);
        hear.warning(
          `${displayPath(cwd, run.config.file)}: ${run.config.runWideKeys.join(', ')} apply to a whole run and are read only from the configuration of the working directory${here ? ` (${displayPath(cwd, here.file)})` : ''}; ignored here`,
        );
      }
      return run.prepared.facts;
    } catch (err) {
      if (!(err instanceof ConfigError) && !(err instanceof SettingsError)) throw err;
      const message = err instanceof ConfigError ? show(err) : err.message;
      if (!said.has(message)) {
        said.add(message);
        hear.error(`${message}; the files it applies to are left alone`);
      }
      return null;
    }
  };
  return {
    options: configured,
    home,
    factsFor,
    factsOrHome: async (file) => (await factsFor(file)) ?? home.prepared.facts,
    groupOf: (file) => groups.get(file.absolute),
    onDirectory: (absolute, names) => finder.listed(absolute, names),
  };
}

/** The configuration's run-wide keys, where the command line did not set them. */
function withRunWide(options: CommandOptions, config: ProjectConfig): CommandOptions {
  return { ...options, ...runWideNotGiven(config.runWide, (key) => options.given.has(RUN_WIDE_FLAGS[key])) };
}

/** The flag that sets each run-wide key. */
const RUN_WIDE_FLAGS: Readonly<Record<keyof RunWideSettings, string>> = { failOn: 'fail-on', include: 'include', exclude: 'exclude', nodeDirs: 'node-dir' };
