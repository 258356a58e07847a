/**
 * `--matrix FILE`: compatibility facts a user adds to the built-in data, or overrides it with,
 * without changing code (a vendor plugin, an in-house build, a runtime release newer than the
 * data). Same shapes as src/knowledge/data/cni-compat.json; every entry must carry its source.
 *
 * ```json
 * { "plugins": { "bond": [ { "project": "in-house/bond-cni", "releases": ">=2.8.0",
 *                             "supportedVersions": ["0.3.0", "0.3.1", "0.4.0", "1.0.0"],
 *                             "source": ["our bond-cni 2.8.0 build: CNI_COMMAND=VERSION"] } ] },
 *   "runtimes": { "containerd": [ { "releases": ">=2.3.0", "libcni": "v1.3.0", "maxConfigVersion": "1.1.0",
 *                                   "emptyCniVersionDelBug": false, "source": ["…"] } ] } }
 * ```
 * Plugin rows for a type replace the built-in rows of that type; runtime rows go before the
 * built-in ones, so they decide the releases they cover. Both are reported as overrides.
 */
import * as semver from './semver-functions.js';
import type { CompatData, PluginRow, RuntimeRow } from './data/compat.js';
import { isSpecVersion } from '../core/spec-versions.js';

export interface MatrixReport {
  /** Plugin types and runtime ranges the matrix adds. */
  readonly added: readonly string[];
  /** Built-in entries the matrix replaces or takes precedence over. */
  readonly overridden: readonly string[];
}

/** Thrown for a matrix that is not valid; the message names the file and the entry. */
export class MatrixError extends Error {
  override readonly name = 'MatrixError';
}

const RUNTIMES = ['containerd', 'cri-o'] as const;

/** Validates a parsed matrix document; `file` names it in messages. */
export function validateMatrix(doc: unknown, file: string): { plugins: Record<string, PluginRow[]>; runtimes: Partial<Record<(typeof RUNTIMES)[number], RuntimeRow[]>> } {
  const fail = (where: string, problem: string): never => {
    throw new MatrixError(`${file}: ${where}: ${problem}`);
  };
  if (!isObject(doc)) fail('top level', 'must be an object with "plugins" and/or "runtimes"');
  const top = doc as Record<string, unknown>;
  for (const key of Object.keys(top)) if (key !== 'plugins' && key !== 'runtimes' && key !== '$schema') fail(key, 'unknown key (expected "plugins" or "runtimes")');
  const plugins: Record<string, PluginRow[]> = {};
  const runtimes: Partial<Record<(typeof RUNTIMES)[number], RuntimeRow[]>> = {};

  if (top.plugins !== undefined) {
    if (!isObject(top.plugins)) fail('plugins', 'must be an object keyed by plugin type');
    for (const [type, rows] of Object.entries(top.plugins as Record<string, unknown>)) {
      if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(type)) fail(`plugins.${type}`, 'is not a plugin binary name');
      if (!Array.isArray(rows) || rows.length === 0) fail(`plugins.${type}`, 'must be a non-empty array of rows');
      plugins[type] = (rows as unknown[]).map((row, i) => {
        const at = `plugins.${type}[${i}]`;
        if (!isObject(row)) return fail(at, 'must be an object');
        const r = row as Record<string, unknown>;
        if (typeof r.project !== 'string' || r.project === '') fail(`${at}.project`, 'must be a non-empty string');
        if (r.releases !== null && (typeof r.releases !== 'string' || semver.validRange(r.releases) === null)) {
          fail(`${at}.releases`, 'must be a semver range (">=1.0.0 <1.6.0") or null');
        }
        checkVersions(r.supportedVersions, `${at}.supportedVersions`, fail);
        checkSource(r.source, `${at}.source`, fail);
        return {
          project: r.project as string,
          releases: r.releases as string | null,
          supportedVersions: r.supportedVersions as string[],
          confidence: typeof r.confidence === 'string' ? r.confidence : `from ${file}`,
          source: r.source as string[],
        };
      });
    }
  }

  if (top.runtimes !== undefined) {
    if (!isObject(top.runtimes)) fail('runtimes', 'must be an object keyed by runtime (containerd, cri-o)');
    for (const [name, rows] of Object.entries(top.runtimes as Record<string, unknown>)) {
      if (!(RUNTIMES as readonly string[]).includes(name)) fail(`runtimes.${name}`, 'unknown runtime (containerd, cri-o)');
      if (!Array.isArray(rows) || rows.length === 0) fail(`runtimes.${name}`, 'must be a non-empty array of rows');
      runtimes[name as (typeof RUNTIMES)[number]] = (rows as unknown[]).map((row, i) => {
        const at = `runtimes.${name}[${i}]`;
        if (!isObject(row)) return fail(at, 'must be an object');
        const r = row as Record<string, unknown>;
        if (typeof r.releases !== 'string' || semver.validRange(r.releases) === null) fail(`${at}.releases`, 'must be a semver range');
        if (typeof r.libcni !== 'string') fail(`${at}.libcni`, 'must be a string (the vendored libcni version)');
        if (typeof r.maxConfigVersion !== 'string' || !isSpecVersion(r.maxConfigVersion)) fail(`${at}.maxConfigVersion`, 'must be a released spec version');
        if (typeof r.emptyCniVersionDelBug !== 'boolean') fail(`${at}.emptyCniVersionDelBug`, 'must be true or false');
        if (r.loopbackConfigVersion !== undefined && (typeof r.loopbackConfigVersion !== 'string' || !isSpecVersion(r.loopbackConfigVersion))) {
          fail(`${at}.loopbackConfigVersion`, 'must be a released spec version');
        }
        checkSource(r.source, `${at}.source`, fail);
        return {
          releases: r.releases as string,
          libcni: r.libcni as string,
          maxConfigVersion: r.maxConfigVersion as string,
          emptyCniVersionDelBug: r.emptyCniVersionDelBug as boolean,
          ...(typeof r.loopbackConfigVersion === 'string' ? { loopbackConfigVersion: r.loopbackConfigVersion } : {}),
          source: r.source as string[],
        };
      });
    }
  }
  return { plugins, runtimes };
}

/** The built-in data with a validated matrix applied, and what it added or overrode. */
export function mergeMatrix(base: CompatData, matrix: ReturnType<typeof validateMatrix>): { data: CompatData; report: MatrixReport } {
  const added: string[] = [];
  const overridden: string[] = [];
  const plugins: Record<string, readonly PluginRow[]> = { ...base.plugins };
  for (const [type, rows] of Object.entries(matrix.plugins)) {
    (type in base.plugins ? overridden : added).push(`plugin ${type}`);
    plugins[type] = rows;
  }
  const runtimes = { ...base.runtimes };
  for (const name of RUNTIMES) {
    const rows = matrix.runtimes[name];
    if (!rows) continue;
    for (const row of rows) {
      const overlaps = base.runtimes[name].filter((b) => semver.intersects(b.releases, row.releases));
      if (overlaps.length) overridden.push(`${name} ${row.releases} (over ${overlaps.map((b) => b.releases).join(', ')})`);
      else added.push(`${name} ${row.releases}`);
    }
    runtimes[name] = [...rows, ...base.runtimes[name]];
  }
  return { data: { ...base, plugins, runtimes }, report: { added, overridden } };
}

function checkVersions(value: unknown, at: string, fail: (where: string, problem: string) => never): void {
  if (!Array.isArray(value) || value.length === 0) fail(at, 'must be a non-empty array of spec versions');
  for (const v of value as unknown[]) if (typeof v !== 'string' || !isSpecVersion(v)) fail(at, `${JSON.stringify(v)} is not a released spec version`);
}

function checkSource(value: unknown, at: string, fail: (where: string, problem: string) => never): void {
  if (!Array.isArray(value) || value.length === 0 || !value.every((s) => typeof s === 'string' && s.trim() !== '')) {
    fail(at, 'must name where the fact comes from (a non-empty array of strings)');
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
