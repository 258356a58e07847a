/**
 * The library's way to use a project configuration: explicitly. A caller reads the file itself
 * (`readConfig(text, path)`), asks what applies to a file (`settingsForFile`), and plans with
 * these options; nothing in the core reads a configuration behind its back.
 */
import type { PlanOptions } from '../core/plan.js';
import { parsePluginFlags } from '../knowledge/plugin-flags.js';
import { CONFIG_VOCABULARY } from './read-config.js';
import type { FileSettings } from './settings-for-file.js';
import { ConfigError } from './types.js';

/**
 * Plan options for a file's settings. `matrix` is not read here (the core does no I/O): a
 * settings.matrix path is for the caller to read, check with `validateMatrix` and pass as `data`
 * through `mergeMatrix`.
 */
export function planOptionsFor(settings: FileSettings, options: Pick<PlanOptions, 'data'> = {}): PlanOptions {
  const plugins = parsePluginFlags(settings.plugins ?? [], CONFIG_VOCABULARY);
  // readConfig checked every entry; a string here means the settings were not made by it.
  if (typeof plugins === 'string') throw new ConfigError('(settings)', null, null, plugins);
  return {
    ...(settings.runtimes ? { runtime: settings.runtimes } : {}),
    ...(settings.targetVersion === undefined ? {} : { targetVersion: settings.targetVersion }),
    ...(settings.cniVersions ? { cniVersions: true } : {}),
    plugins,
    ...options,
  };
}
