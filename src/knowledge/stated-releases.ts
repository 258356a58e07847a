/**
 * The releases a run states (`--plugin NAME@RELEASE`), checked against the data before they
 * decide anything: a name that is neither a project nor a plugin type of the data is a typo
 * (`cni-plugin@1.1.1`, `bridg@1.1.1`), and a release newer than any the data knows of its project
 * (`cni-plugins@9.9.9`) is one whose accepted versions nobody has read. Both are usage errors:
 * accepted silently, they would change the decision on a guess.
 */
import * as semver from './semver-functions.js';
import reviewed from './data/releases-reviewed.json' with { type: 'json' };
import { CALICO_FORK_ALIAS, CALICO_FORK_NUMBERED_BY } from './data/calico-fork.js';
import { LINKERD_LATER_RELEASES } from './data/linkerd-cni.js';
import { PLUGIN_TYPE_ALIASES, projectAlias, type CompatData, type PluginRow } from './data/compat.js';
import { normalizeRelease } from './plugin-support.js';
import { closest } from '../core/closest.js';
import type { Vocabulary } from '../core/vocabulary.js';

/** Projects numbered by another project's releases (Calico's fork by Calico's). */
const NUMBERED_BY: Readonly<Record<string, string>> = { [CALICO_FORK_ALIAS]: CALICO_FORK_NUMBERED_BY };

/** Where a project's later releases are read under another name: said with a release past its rows. */
const LATER_RELEASES: Readonly<Record<string, { readonly text: string; readonly name: string }>> = {
  linkerd: { text: LINKERD_LATER_RELEASES, name: 'linkerd-cni-plugin' },
};

/** The newest release reviewed for each project alias (releases-reviewed.json); made when a run states a release. */
let newestReviewed: ReadonlyMap<string, string> | undefined;
const newestReviewedReleases = (): ReadonlyMap<string, string> =>
  (newestReviewed ??= new Map(reviewed.projects.map((p) => [p.alias, normalizeRelease(p.newestReviewed.slice(('tagPrefix' in p ? String(p.tagPrefix) : '').length)) ?? '0.0.0'])));

/** The first problem with the stated releases, in the front end's words, or null. */
export function checkStatedReleases(releases: Readonly<Record<string, string>>, data: CompatData, say: Vocabulary): string | null {
  const rowsByName = namesOf(data);
  for (const [name, release] of Object.entries(releases)) {
    const rows = rowsByName.get(name);
    const flag = say.plugin(`${name}@${release}`);
    if (!rows) {
      const projects = [...rowsByName.keys()].filter((n) => !(n in data.plugins) && !(n in PLUGIN_TYPE_ALIASES)).sort();
      const guess = closest(name, rowsByName.keys());
      return `${flag}: no project or plugin type "${name}" in the data${guess ? `; did you mean "${guess}"?` : ''} (projects: ${projects.join(', ')}; or a plugin type such as bridge)`;
    }
    const version = normalizeRelease(release);
    const known = version === null ? null : unknownRelease(rows, version);
    if (known !== null) {
      const later = LATER_RELEASES[name];
      if (later) return `${flag}: the data knows releases of ${name} up to ${known}; ${later.text} ${say.plugin(`${later.name}@RELEASE`)}`;
      return `${flag}: the data knows releases of ${name} up to ${known}; what ${release} accepts is not known: probe the binaries with ${say.binDir()}, state what a plugin accepts with ${say.plugin('TYPE=VERSION,...')}, or add rows with ${say.matrix('FILE')}`;
    }
  }
  return null;
}

/** Every name a release can be stated under (project aliases and plugin types), with its rows. */
function namesOf(data: CompatData): Map<string, PluginRow[]> {
  const names = new Map<string, PluginRow[]>();
  const add = (name: string, rows: readonly PluginRow[]): void => void names.set(name, [...(names.get(name) ?? []), ...rows]);
  for (const [type, rows] of Object.entries(data.plugins)) {
    add(type, rows);
    for (const r of rows) add(projectAlias(r.project), [r]);
  }
  for (const [type, alias] of Object.entries(PLUGIN_TYPE_ALIASES)) add(type, data.plugins[alias.type] ?? []);
  return names;
}

/**
 * The newest release the data has reviewed for the projects of these rows, and whether `version`
 * is beyond it with no row written for it (a --matrix row that starts after the reviewed data and
 * covers it makes it known). Null when no project of the rows is reviewed.
 */
function unknownRelease(rows: readonly PluginRow[], version: string): string | null {
  let newest: string | null = null;
  for (const r of rows) {
    const alias = projectAlias(r.project);
    const reviewedRelease = newestReviewedReleases().get(NUMBERED_BY[alias] ?? alias);
    if (reviewedRelease !== undefined && (newest === null || semver.gt(reviewedRelease, newest))) newest = reviewedRelease;
  }
  if (newest === null || !semver.gt(version, newest)) return null;
  const newer = newest;
  const written = rows.some((r) => r.releases !== null && semver.validRange(r.releases) !== null && semver.gt(semver.minVersion(r.releases)?.version ?? '0.0.0', newer) && semver.satisfies(version, r.releases));
  return written ? null : newest;
}
