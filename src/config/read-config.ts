/**
 * Reads a project configuration from its text: pure (the caller reads the file), so the library
 * can use it as it is. Every problem is a ConfigError naming the key and its line, since a
 * configuration that is half understood would change decisions on a guess.
 */
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import type { LineCounter, Node, Pair } from 'yaml';
import { isMap, isScalar, isSeq, lineCounter, parseDocument } from '../formats/yaml-lib.js';
import { closest } from '../core/closest.js';
import { isSpecVersion, SPEC_VERSIONS } from '../core/spec-versions.js';
import { CLI_VOCABULARY, type Vocabulary } from '../core/vocabulary.js';
import { compat } from '../knowledge/data/compat.js';
import { parsePluginFlags } from '../knowledge/plugin-flags.js';
import { describeRuntimeError, resolveRuntime, RuntimeSpecError } from '../knowledge/runtime.js';
import { checkStatedReleases } from '../knowledge/stated-releases.js';
import { ConfigError, type ConfigOverride, type ConfigSettings, type ProjectConfig, type RunWideSettings } from './types.js';

/** How the file holds the configuration: the whole file, or package.json's `cni-migrate` key. */
export type ConfigSource = 'file' | 'package.json';

/** The key of package.json that holds a configuration. */
export const PACKAGE_JSON_KEY = 'cni-migrate';

const SETTINGS_KEYS = ['runtime', 'runtimes', 'plugins', 'targetVersion', 'cniVersions', 'matrix'] as const;
const RUN_WIDE_KEYS = ['failOn', 'include', 'exclude', 'nodeDirs'] as const;
const TOP_KEYS = ['$schema', ...SETTINGS_KEYS, ...RUN_WIDE_KEYS, 'overrides'];
const OVERRIDE_KEYS = ['files', 'excludeFiles', 'name', ...SETTINGS_KEYS];

/** How messages name settings that come from a configuration file: by their keys. */
export const CONFIG_VOCABULARY: Vocabulary = {
  ...CLI_VOCABULARY,
  targetVersion: (v) => `targetVersion: ${v}`,
  plugin: (v) => `plugins: ${v}`,
  matrix: (file) => `matrix: ${file}`,
  runtime: () => 'runtime',
};

/**
 * The configuration in `text`, read from `file` (absolute). Null for a package.json without the
 * key: it holds no configuration, and the search goes on above it.
 */
export function readConfig(text: string, file: string, source: ConfigSource = 'file'): ProjectConfig | null {
  // A project that installs cni-migrate names it in its package.json: JSON.parse tells quickly
  // that the key is not there. The YAML reading below is for the key's positions and for errors.
  if (source === 'package.json' && !hasPackageKey(text)) return null;
  const lines = lineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const reader = new Reader(file, lines);
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    throw new ConfigError(file, at?.line ?? null, at?.col ?? null, `not valid ${source === 'package.json' || file.endsWith('.json') ? 'JSON' : 'YAML'}: ${error.message.split('\n')[0]}`);
  }
  let root: Node | null = doc.contents as Node | null;
  if (source === 'package.json') {
    if (!isMap(root)) return null;
    const pair = root.items.find((p) => isScalar(p.key) && p.key.value === PACKAGE_JSON_KEY);
    if (!pair) return null;
    root = (pair.value as Node | null) ?? null;
    if (!isMap(root)) throw reader.problem(pair.value ?? pair.key, `"${PACKAGE_JSON_KEY}" must be an object of settings`);
  }
  const directory = dirname(file);
  if (root === null || (isScalar(root) && root.value === null)) {
    return { file, directory, settings: {}, runWide: {}, runWideKeys: [], overrides: [] };
  }
  if (!isMap(root)) throw reader.problem(root, 'the configuration must be a mapping of keys (see docs/configuration.md)');
  return reader.config(root, directory);
}

/** False only for valid JSON whose top level is an object without the key; true when unsure. */
function hasPackageKey(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return true;
  }
  return typeof value !== 'object' || value === null || Array.isArray(value) || Object.hasOwn(value, PACKAGE_JSON_KEY);
}

class Reader {
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  problem(node: unknown, message: string): ConfigError {
    const range = (node as Node | undefined)?.range;
    const at = range ? this.lines.linePos(range[0]) : undefined;
    return new ConfigError(this.file, at?.line ?? null, at?.col ?? null, message);
  }

  config(root: Node & { items: Pair[] }, directory: string): ProjectConfig {
    const pairs = this.pairs(root, TOP_KEYS, '');
    const settings = this.settings(pairs, '', directory);
    const runWide: { -readonly [K in keyof RunWideSettings]: RunWideSettings[K] } = {};
    const failOn = pairs.get('failOn');
    if (failOn) {
      const value = this.string(failOn, 'failOn');
      if (value !== 'error' && value !== 'warning' && value !== 'never') throw this.problem(failOn.value, `failOn must be error, warning or never, got "${value}"`);
      runWide.failOn = value;
    }
    for (const key of ['include', 'exclude'] as const) {
      const pair = pairs.get(key);
      if (pair) runWide[key] = this.strings(pair, key);
    }
    const nodeDirs = pairs.get('nodeDirs');
    if (nodeDirs) runWide.nodeDirs = this.strings(nodeDirs, 'nodeDirs').map((g) => (isAbsolute(g) ? g : `${escapeGlob(directory)}/${g}`));
    const overrides = pairs.get('overrides');
    return {
      file: this.file,
      directory,
      settings,
      runWide,
      runWideKeys: RUN_WIDE_KEYS.filter((k) => pairs.has(k)),
      overrides: overrides ? this.overrides(overrides, directory) : [],
    };
  }

  private overrides(pair: Pair, directory: string): ConfigOverride[] {
    if (!isSeq(pair.value)) throw this.problem(pair.value ?? pair.key, 'overrides must be a list of entries, each with `files:`');
    return pair.value.items.map((item, i) => {
      const where = `overrides[${i}]`;
      if (!isMap(item)) throw this.problem(item, `${where} must be a mapping with \`files:\` (globs) and the settings for those files`);
      const pairs = this.pairs(item as Node & { items: Pair[] }, OVERRIDE_KEYS, `${where}.`);
      const files = pairs.get('files');
      if (!files) throw this.problem(item, `${where} needs \`files:\`, the globs of the files it applies to (relative to this file)`);
      const exclude = pairs.get('excludeFiles');
      const name = pairs.get('name');
      return {
        files: this.globs(files, `${where}.files`),
        excludeFiles: exclude ? this.globs(exclude, `${where}.excludeFiles`) : [],
        ...(name ? { name: this.string(name, `${where}.name`) } : {}),
        settings: this.settings(pairs, where, directory),
      };
    });
  }

  /** The keys of a mapping, each known (or a did-you-mean error) and present once. */
  private pairs(map: Node & { items: Pair[] }, known: readonly string[], prefix: string): Map<string, Pair> {
    const out = new Map<string, Pair>();
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? pair.key.value : null;
      if (typeof key !== 'string') throw this.problem(pair.key, `${prefix}keys must be strings`);
      if (!known.includes(key)) {
        const guess = closest(key, known);
        throw this.problem(pair.key, `unknown key "${prefix}${key}"${guess ? `; did you mean "${guess}"?` : ''} (keys: ${known.filter((k) => k !== '$schema').join(', ')})`);
      }
      out.set(key, pair);
    }
    return out;
  }

  private settings(pairs: Map<string, Pair>, where: string, directory: string): ConfigSettings {
    const name = (key: string) => (where ? `${where}.${key}` : key);
    const out: { -readonly [K in keyof ConfigSettings]: ConfigSettings[K] } = {};
    const runtime = pairs.get('runtime');
    const runtimes = pairs.get('runtimes');
    if (runtime && runtimes) throw this.problem(runtimes.key, `${name('runtime')} and ${name('runtimes')} both set: list every runtime under runtimes`);
    if (runtime) out.runtimes = [this.runtime(runtime.value, this.string(runtime, name('runtime')), name('runtime'))];
    if (runtimes) {
      if (!isSeq(runtimes.value) || runtimes.value.items.length === 0) throw this.problem(runtimes.value ?? runtimes.key, `${name('runtimes')} must be a list of runtimes such as containerd@1.7.0`);
      out.runtimes = runtimes.value.items.map((item, i) => this.runtime(item, this.scalarString(item, `${name('runtimes')}[${i}]`), name('runtimes')));
    }
    const plugins = pairs.get('plugins');
    const matrix = pairs.get('matrix');
    if (plugins) out.plugins = this.plugins(plugins, name('plugins'), matrix !== undefined);
    const target = pairs.get('targetVersion');
    if (target) {
      const value = this.string(target, name('targetVersion'));
      if (!isSpecVersion(value)) throw this.problem(target.value, `${name('targetVersion')} "${value}" is not a released CNI spec version (${SPEC_VERSIONS.join(', ')})`);
      out.targetVersion = value;
    }
    const cniVersions = pairs.get('cniVersions');
    if (cniVersions) {
      if (!isScalar(cniVersions.value) || typeof cniVersions.value.value !== 'boolean') throw this.problem(cniVersions.value ?? cniVersions.key, `${name('cniVersions')} must be true or false`);
      out.cniVersions = cniVersions.value.value;
    }
    if (matrix) out.matrix = resolvePath(directory, this.string(matrix, name('matrix')));
    return out;
  }

  private runtime(node: unknown, spec: string, key: string): string {
    try {
      resolveRuntime(spec);
    } catch (err) {
      if (err instanceof RuntimeSpecError) throw this.problem(node, err.setting ? `${key} ${err.message}` : `${key}: ${describeRuntimeError(err, CONFIG_VOCABULARY)}`);
      throw err;
    }
    return spec;
  }

  /** `plugins`, as the `--plugin` strings it stands for; each checked as the flag is. */
  private plugins(pair: Pair, key: string, hasMatrix: boolean): string[] {
    const entries: { text: string; node: unknown }[] = [];
    const value = pair.value;
    if (isSeq(value)) {
      value.items.forEach((item, i) => entries.push({ text: this.scalarString(item, `${key}[${i}]`), node: item }));
    } else if (isMap(value)) {
      for (const p of value.items) {
        const name = isScalar(p.key) ? p.key.value : null;
        if (typeof name !== 'string' || name === '') throw this.problem(p.key, `${key}: names must be strings (a project such as cni-plugins, or a plugin type)`);
        if (isSeq(p.value)) {
          const versions = p.value.items.map((item, i) => this.scalarString(item, `${key}.${name}[${i}]`));
          entries.push({ text: `${name}=${versions.join(',')}`, node: p.value });
        } else {
          entries.push({ text: `${name}@${this.scalarString(p.value, `${key}.${name}`)}`, node: p.value });
        }
      }
    } else {
      throw this.problem(value ?? pair.key, `${key} must be a list ("cni-plugins@1.6.0") or a mapping (cni-plugins: "1.6.0")`);
    }
    for (const entry of entries) {
      const parsed = parsePluginFlags([entry.text], CONFIG_VOCABULARY);
      if (typeof parsed === 'string') throw this.problem(entry.node, parsed);
      // A matrix may add the rows that make a release known: then the run checks it, with the matrix.
      const stated = hasMatrix ? null : checkStatedReleases(parsed.releases, compat, CONFIG_VOCABULARY);
      if (stated !== null) throw this.problem(entry.node, stated);
    }
    return entries.map((e) => e.text);
  }

  private string(pair: Pair, key: string): string {
    return this.scalarString(pair.value, key, pair.key);
  }

  /** A non-empty string; a number YAML read from `3.26` is named with a suggestion to quote it. */
  private scalarString(node: unknown, key: string, fallback?: unknown): string {
    if (isScalar(node) && typeof node.value === 'string' && node.value !== '') return node.value;
    if (isScalar(node) && typeof node.value === 'number') {
      const written = node.source ?? String(node.value);
      throw this.problem(node, `${key} must be a string: YAML reads ${written} as a number; quote it ("${written}")`);
    }
    throw this.problem(node ?? fallback, `${key} must be a non-empty string`);
  }

  private strings(pair: Pair, key: string): string[] {
    if (!isSeq(pair.value)) throw this.problem(pair.value ?? pair.key, `${key} must be a list of globs`);
    return pair.value.items.map((item, i) => this.scalarString(item, `${key}[${i}]`));
  }

  private globs(pair: Pair, key: string): string[] {
    if (isScalar(pair.value)) return [this.string(pair, key)];
    const list = this.strings(pair, key);
    if (list.length === 0) throw this.problem(pair.value, `${key} must name at least one glob`);
    return list;
  }
}

/** A directory path as a glob that matches only itself (picomatch's special characters escaped). */
export function escapeGlob(path: string): string {
  return path.replace(/[*?[\]{}()!+@\\]/g, '\\$&');
}
