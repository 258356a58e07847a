/**
 * What a configuration says about one file: its top-level settings, then each `overrides` entry
 * whose globs match the file (relative to the configuration's directory), in order, later ones
 * winning key by key, as prettier and eslint apply overrides. Pure.
 */
import { relative, sep } from 'node:path';
import picomatch from 'picomatch';
import type { ConfigSettings, ProjectConfig } from './types.js';

export interface FileSettings extends ConfigSettings {
  /** The node group the file belongs to: the name of the last matching named override. */
  readonly group?: string;
  /** Which overrides applied (their indexes), for messages and for a key of equal settings. */
  readonly overrides: readonly number[];
}

type Matcher = (path: string) => boolean;
const matchers = new WeakMap<ProjectConfig, readonly { include: Matcher; exclude: Matcher }[]>();

function matchersOf(config: ProjectConfig): readonly { include: Matcher; exclude: Matcher }[] {
  let list = matchers.get(config);
  if (!list) {
    // A glob without a slash matches the name in any directory (`*.conflist`), as prettier's do.
    const compile = (globs: readonly string[]): Matcher => (globs.length ? picomatch(globs.map((g) => (g.includes('/') ? g : `**/${g}`)), { dot: true }) : () => false);
    list = config.overrides.map((o) => ({ include: compile(o.files), exclude: compile(o.excludeFiles) }));
    matchers.set(config, list);
  }
  return list;
}

export function settingsForFile(config: ProjectConfig, absolutePath: string): FileSettings {
  const path = relative(config.directory, absolutePath).split(sep).join('/');
  let merged: { -readonly [K in keyof ConfigSettings]: ConfigSettings[K] } = { ...config.settings };
  let group: string | undefined;
  const applied: number[] = [];
  matchersOf(config).forEach((m, i) => {
    if (path.startsWith('../') || !m.include(path) || m.exclude(path)) return;
    const override = config.overrides[i]!;
    const { plugins, ...rest } = override.settings;
    // Plugin entries add to what is stated already; a later entry for the same name wins.
    merged = { ...merged, ...rest, ...(plugins ? { plugins: [...(merged.plugins ?? []), ...plugins] } : {}) };
    if (override.name !== undefined) group = override.name;
    applied.push(i);
  });
  return { ...merged, ...(group === undefined ? {} : { group }), overrides: applied };
}
