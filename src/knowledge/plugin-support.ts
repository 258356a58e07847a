/**
 * Decides what is known about a plugin type's accepted versions, in the order the policy
 * promises: a probe or an explicit `--plugin TYPE=V,...` fact, then the built-in data for a
 * stated release, then the built-in data bounds over all releases, then nothing.
 */
import * as semver from './semver-functions.js';
import { compat, PLUGIN_TYPE_ALIASES, projectAlias, type CompatData, type PluginRow } from './data/compat.js';
import { RELEASE_FLOORS } from './data/release-floors.js';
import { entirelyBelow, rangesIntersect, releaseAtLeast, satisfiesRelease } from './release-range.js';
import { REMOVED_PLUGINS, type RemovedPlugin } from './data/removed-plugins.js';
import { ADDED_PLUGINS, type AddedPlugin } from './data/added-plugins.js';
import { chainedPlugin } from './data/chained-plugins.js';
import { CALICO_PROJECT, calicoBundledPlugins } from './calico-bundles.js';
import { CALICO_FORK_ALIAS } from './data/calico-fork.js';
import { diagnostic, type PendingDiagnostic } from '../core/diagnostics.js';
import { intersect, sortVersions } from '../core/spec-versions.js';
import { remembered } from '../core/remembered.js';
import type { CalicoInstalls, PluginSupport, SupportSource } from '../core/types.js';

/** An exact list of accepted versions, as a probe or the user states it. */
export interface SupportFact {
  readonly versions: readonly string[];
  readonly source: SupportSource;
}

/** Facts supplied from outside the core (the CLI's probe and flags, or a library caller). */
export interface PluginFacts {
  /** Exact accepted-version lists by plugin type. */
  readonly supported?: Readonly<Record<string, SupportFact>>;
  /**
   * Plugin releases, keyed by plugin type (`calico`) or by project alias (`cni-plugins`,
   * `flannel-cni-plugin`, `calico`, `weave`, `multus`, `aws-vpc-cni`, `cilium`, `antrea`,
   * `kube-ovn`, `azure-cni`, `azure-ipam`).
   */
  readonly releases?: Readonly<Record<string, string>>;
  /** Where each stated release came from (`--plugin calico@3.26.0`, `image docker.io/calico/cni:v3.26.0 …`), by the same keys. */
  readonly releaseSources?: Readonly<Record<string, string>>;
  /** Findings from gathering the facts (a probe that failed, a binary not found), by plugin type. */
  readonly problems?: Readonly<Record<string, readonly PendingDiagnostic[]>>;
  /**
   * Plugin types a DaemonSet beside the config copies into the nodes' CNI bin directory: they
   * come from that manifest, so a stated release of a project that no longer ships them is no
   * reason for nodes to miss them (kubespray's flannel manifest, its images templated).
   */
  readonly installedByManifest?: readonly string[];
}

/** Plugin binary names as libcni finds them in CNI_PATH: no separators, no leading dot. */
const PLUGIN_TYPE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

export function isValidPluginType(type: string): boolean {
  return PLUGIN_TYPE.test(type) && type.length <= 255;
}

/**
 * Whether the data knows a plugin of this type: rows of its own or by an alias, or a chained
 * plugin's entry. What makes an object with only a `name` and a `type`, where no extension says
 * CNI, a CNI config: `{"name": "database", "type": "csi"}` (a Nomad volume) and `{"name":
 * "Launch", "type": "node"}` (an editor's launch entry) are not.
 */
export function isKnownPluginType(type: string, data: CompatData = compat): boolean {
  return (data.plugins[type]?.length ?? 0) > 0 || PLUGIN_TYPE_ALIASES[type] !== undefined || chainedPlugin(type) !== undefined;
}

/**
 * Turns a release tag into a comparable semver: `v1.5.1-flannel1` → `1.5.1`, `v3.26` → `3.26.0`.
 * Reference: cni-compat.json meta.semverNote (flannel-io tags carry -flannelN suffixes).
 */
export function normalizeRelease(release: string): string | null {
  return normalized(release);
}

const normalized = remembered(normalize);

function normalize(release: string): string | null {
  const stripped = release.trim().replace(/^v/, '').replace(/-flannel\d+$/, '');
  if (semver.valid(stripped)) return stripped;
  return semver.coerce(stripped)?.version ?? null;
}

/**
 * `chain`: the plugin types of the network the type runs in, when known. Builds that only one
 * project's installer ships (Calico's fork) then count only beside that project's plugin.
 */
export function resolvePluginSupport(
  type: string,
  facts: PluginFacts,
  data: CompatData = compat,
  chain?: readonly string[],
): { support: PluginSupport; diagnostics: PendingDiagnostic[] } {
  const fact = facts.supported?.[type];
  if (fact) {
    return { support: { type, status: 'exact', versions: sortVersions(fact.versions), sources: [fact.source] }, diagnostics: [] };
  }
  const rows = rowsFor(type, data);
  if (!rows || rows.length === 0) return { support: { type, status: 'unknown' }, diagnostics: [] };

  const diagnostics: PendingDiagnostic[] = [];
  const stated = statedRelease(type, rows, facts.releases ?? {});
  const statedFrom = stated ? facts.releaseSources?.[stated.name] : undefined;
  if (stated) {
    const row = rowForRelease(stated.rows, stated.release);
    if (row) {
      return {
        support: {
          type,
          status: 'exact',
          versions: sortedVersionsOf(row),
          sources: [dataSource(row, stated.release, statedFrom)],
        },
        diagnostics,
      };
    }
    const removed = removedIn(type, stated.name, stated.release);
    const added = removed ? undefined : notYetAdded(type, stated.name, stated.release);
    if (removed || added) {
      // Not shipped by the stated project, but installed by the manifest beside the config: no finding.
      if (!facts.installedByManifest?.includes(type)) {
        const when = removed ? { removedIn: removed.removedIn, replacement: removed.replacement } : { addedIn: added!.addedIn };
        diagnostics.push(diagnostic('PLUGIN_NOT_SHIPPED', { type, project: (removed ?? added)!.project, release: stated.release, ...when }));
      }
    } else {
      diagnostics.push(
        diagnostic('PLUGIN_RELEASE_NOT_IN_DATA', {
          type,
          release: stated.release,
          known: stated.rows.map((r) => `${projectAlias(r.project)} ${r.releases ?? '(release mapping not verified)'}`),
          ...calicoInstallsInstead(stated.name, stated.release),
        }),
      );
    }
  }
  const bounds = boundsOverAllReleases(type, rowsInChain(type, rows, chain, data));
  const calicoInstalls = stated ? null : calicoInstallsFor(type, rows, facts.releases ?? {}, chain);
  return { support: calicoInstalls && bounds.status === 'release-unknown' ? { ...bounds, calicoInstalls } : bounds, diagnostics };
}

/**
 * The bounds each (type, rows) pair gave, by the rows' array: a scan asks for the same few
 * plugins thousands of times, and the answer is a function of the data alone. Shared between
 * plans, so frozen.
 */
const BOUNDS = new WeakMap<readonly PluginRow[], Map<string, PluginSupport>>();

/** The removal a stated project release falls under (flannel left cni-plugins in v1.0.0). */
function removedIn(type: string, name: string, release: string): RemovedPlugin | undefined {
  const version = normalizeRelease(release);
  return REMOVED_PLUGINS.find((r) => r.type === type && r.project === name && version !== null && semver.gte(version, r.removedIn));
}

/** The addition a stated project release comes before (dummy came to cni-plugins in v1.2.0). */
function notYetAdded(type: string, name: string, release: string): AddedPlugin | undefined {
  const version = normalizeRelease(release);
  return ADDED_PLUGINS.find((a) => a.type === type && a.project === name && version !== null && !releaseAtLeast(version, a.addedIn));
}

/** The release the user stated for this type, and the rows it selects among. */
function statedRelease(
  type: string,
  rows: readonly PluginRow[],
  releases: Readonly<Record<string, string>>,
): { name: string; release: string; rows: readonly PluginRow[] } | null {
  const byType = releases[type];
  if (byType !== undefined) return { name: type, release: byType, rows };
  const stated: { name: string; release: string; rows: readonly PluginRow[] }[] = [];
  for (const alias of new Set(rows.map((r) => projectAlias(r.project)))) {
    const byProject = releases[alias];
    if (byProject !== undefined) stated.push({ name: alias, release: byProject, rows: rows.filter((r) => projectAlias(r.project) === alias) });
  }
  // A type several projects shipped (flannel: cni-plugins before v1.0.0, then flannel-cni-plugin):
  // use the stated project whose data covers its release.
  return stated.find((s) => rowForRelease(s.rows, s.release) !== undefined) ?? stated[0] ?? null;
}

/**
 * A plugin Calico installs with calico and calico-ipam (portmap, bandwidth, ...), in a chain with
 * calico, when only Calico's release is stated: which build calico/cni at that release installs.
 * Said, not assumed: RKE2's hardened images and distributions' packages put other builds there.
 */
function calicoInstallsFor(type: string, rows: readonly PluginRow[], releases: Readonly<Record<string, string>>, chain: readonly string[] | undefined): CalicoInstalls | null {
  const calico = releases[CALICO_PROJECT];
  if (calico === undefined || !chain?.includes(CALICO_PROJECT)) return null;
  const version = normalizeRelease(calico);
  if (version === null) return null;
  const bundled = calicoBundledPlugins(version);
  if (!bundled || (bundled.types && !bundled.types.includes(type))) return null;
  const ships = rowForRelease(rows.filter((r) => projectAlias(r.project) === bundled.name), bundled.release) !== undefined;
  return ships ? { calico: version, statement: `${bundled.name}@${bundled.release}` } : null;
}

/** A Calico release stated as its fork's (`calico-cni-plugins@3.28.0`) that installs an upstream release instead. */
function calicoInstallsInstead(name: string, release: string): { calicoInstalls?: string } {
  const version = name === CALICO_FORK_ALIAS ? normalizeRelease(release) : null;
  const bundled = version === null ? null : calicoBundledPlugins(version);
  return bundled && bundled.name !== CALICO_FORK_ALIAS ? { calicoInstalls: `${bundled.name}@${bundled.release}` } : {};
}

function rowForRelease(rows: readonly PluginRow[], release: string): PluginRow | undefined {
  const version = normalizeRelease(release);
  return version ? rows.find((r) => r.releases !== null && satisfiesRelease(version, r.releases)) : undefined;
}

function boundsOverAllReleases(type: string, rows: readonly PluginRow[]): PluginSupport {
  const byType = mapFor(BOUNDS, rows);
  let bounds = byType.get(type);
  if (!bounds) byType.set(type, (bounds = freezeBounds(computeBounds(type, rows))));
  return bounds;
}

function computeBounds(type: string, rows: readonly PluginRow[]): PluginSupport {
  const lists = rows.map((r) => r.supportedVersions);
  const certain = everyListHas(lists);
  const current = rows.filter((r) => !belowWarningFloor(r));
  const settled = current.length === rows.length ? certain : everyListHas(current.map((r) => r.supportedVersions));
  const possible = sortVersions(lists.flat());
  return {
    type,
    status: 'release-unknown',
    certain,
    settled,
    possible,
    rows: rows.map((r) => ({ releases: r.releases, versions: r.supportedVersions, project: projectAlias(r.project) })),
    sources: rows.map((r) => dataSource(r)),
  };
}

/** The rows that can describe the binary in this chain (all of them when none would). */
function rowsInChain(type: string, rows: readonly PluginRow[], chain: readonly string[] | undefined, data: CompatData): readonly PluginRow[] {
  if (chain === undefined) return rows;
  // Every file of a scan asks the same few chains: answered once per type, chain and rows.
  const byChain = mapFor(IN_CHAIN, rows);
  const key = `${type}\u0000${chain.join('\u0000')}`;
  let known = byChain.get(key);
  if (!known) byChain.set(key, (known = chainRows(type, rows, chain, data)));
  return known;
}

const IN_CHAIN = new WeakMap<readonly PluginRow[], Map<string, readonly PluginRow[]>>();

function chainRows(type: string, rows: readonly PluginRow[], chain: readonly string[], data: CompatData): readonly PluginRow[] {
  const installed = rows.every((r) => !r.installedWith) ? rows : rows.filter((r) => !r.installedWith || r.installedWith.some((t) => chain.includes(t)));
  const here = releasesTogether(type, installed.length > 0 ? installed : rows, chain, data);
  return here.length > 0 ? sameRows(rows, here) : rows;
}

/**
 * The rows of releases in which the chain's other plugins of the same project exist too. One
 * project's plugins come from one release (one package, one tarball): a chain with `firewall`,
 * first shipped in containernetworking/plugins v0.8.0, runs a `bridge` of v0.8.0 or later, whose
 * rows accept 0.4.0, not the v0.6–v0.7 rows that stop at 0.3.1. Only a plugin no other project
 * ships narrows them.
 */
function releasesTogether(type: string, rows: readonly PluginRow[], chain: readonly string[], data: CompatData): readonly PluginRow[] {
  const others = [...new Set(chain)].filter((t) => t !== type);
  if (others.length === 0) return rows;
  return rows.filter((row) => {
    if (row.releases === null) return true;
    const project = projectAlias(row.project);
    return others.every((other) => {
      const all = rowsFor(other, data) ?? [];
      // A plugin another project ships too (flannel: cni-plugins before v1.0.0, then
      // flannel-cni-plugin) says nothing of which release of this project is beside it.
      if (all.some((r) => projectAlias(r.project) !== project)) return true;
      return all.length === 0 || all.some((r) => r.releases === null || rangesMeet(r.releases, row.releases!));
    });
  });
}

/** Whether two release ranges share a release; remembered, as the same few pairs recur for every file. */
const rangesMeet = (a: string, b: string): boolean => meets(a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
const meets = remembered((key: string): boolean => {
  const [a, b] = key.split('\u0000') as [string, string];
  try {
    return rangesIntersect(a, b);
  } catch {
    return true;
  }
});

/** One array for each subset of a type's rows, so the bounds of a subset are computed once (BOUNDS). */
const SUBSETS = new WeakMap<readonly PluginRow[], Map<string, readonly PluginRow[]>>();

function sameRows(all: readonly PluginRow[], subset: readonly PluginRow[]): readonly PluginRow[] {
  if (subset.length === all.length) return all;
  const subsets = mapFor(SUBSETS, all);
  const key = subset.map((r) => all.indexOf(r)).join(',');
  const known = subsets.get(key);
  if (known) return known;
  subsets.set(key, subset);
  return subset;
}

function everyListHas(lists: readonly (readonly string[])[]): readonly string[] {
  return lists.reduce<readonly string[]>((acc, list) => intersect(acc, list), lists[0] ?? []);
}

/** Each row's belowWarningFloor: the rows are the same for every file. */
const BELOW_FLOOR = new WeakMap<PluginRow, boolean>();

/** A row whose releases all come before its project's warning floor (data/release-floors.ts). */
function belowWarningFloor(row: PluginRow): boolean {
  let below = BELOW_FLOOR.get(row);
  if (below === undefined) {
    const floor = RELEASE_FLOORS.find((f) => f.project === projectAlias(row.project));
    below = floor !== undefined && row.releases !== null && entirelyBelow(row.releases, floor.from);
    BELOW_FLOOR.set(row, below);
  }
  return below;
}

function dataSource(row: PluginRow, release?: string, releaseFrom?: string): SupportSource {
  return {
    kind: 'data',
    ...(release === undefined ? {} : { release }),
    ...(releaseFrom === undefined ? {} : { releaseFrom }),
    project: row.project,
    releases: row.releases,
    references: row.source,
  };
}

/** A type's data rows; for an alias (`multus-shim`), the rows of the releases of its project that ship it. */
function rowsFor(type: string, data: CompatData): readonly PluginRow[] | undefined {
  const own = data.plugins[type];
  if (own?.length) return own;
  const alias = PLUGIN_TYPE_ALIASES[type];
  if (!alias) return own;
  const byAlias = mapFor(ALIAS_ROWS, data);
  if (!byAlias.has(type)) byAlias.set(type, data.plugins[alias.type]?.filter((r) => !r.releases || rangesIntersect(r.releases, `>=${alias.from}`)));
  return byAlias.get(type);
}

/** An alias's rows by data set, one array each. */
const ALIAS_ROWS = new WeakMap<CompatData, Map<string, readonly PluginRow[] | undefined>>();

/** The map kept for `owner` in `maps` (the data's own objects as keys), made on first use. */
function mapFor<K extends object, V>(maps: WeakMap<K, Map<string, V>>, owner: K): Map<string, V> {
  let map = maps.get(owner);
  if (!map) maps.set(owner, (map = new Map()));
  return map;
}

/** A row's accepted versions in order, one array each: shared by every plan that states its release. */
const SORTED = new WeakMap<PluginRow, readonly string[]>();

function sortedVersionsOf(row: PluginRow): readonly string[] {
  let sorted = SORTED.get(row);
  if (!sorted) SORTED.set(row, (sorted = Object.freeze(sortVersions(row.supportedVersions))));
  return sorted;
}

/**
 * Freezes what bounds made and plans share (a library caller may hold a plan and change it); the
 * data's own arrays it points to are the caller's, and left as they are.
 */
function freezeBounds(support: PluginSupport): PluginSupport {
  if (support.status === 'release-unknown') {
    for (const list of [support.certain, support.settled, support.possible, support.rows, support.sources]) Object.freeze(list);
    for (const item of [...support.rows, ...support.sources]) Object.freeze(item);
  }
  return Object.freeze(support);
}
