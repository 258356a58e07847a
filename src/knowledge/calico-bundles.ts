/**
 * The containernetworking plugins a Calico release installs beside calico and calico-ipam:
 * an upstream release (bundled-plugins.ts), or Calico's own fork, numbered by the Calico release
 * (calico-fork.ts). Read for a calico/cni image tag and for a stated `calico@RELEASE`. Pure.
 */
import { CALICO_BUNDLED_CNI_PLUGINS, CALICO_BUNDLED_PLUGIN_TYPES, CALICO_BUNDLED_PLUGIN_TYPES_REFERENCES } from './data/bundled-plugins.js';
import { CALICO_FORK_ALIAS, CALICO_FORK_PROJECT } from './data/calico-fork.js';
import { satisfiesRelease } from './release-range.js';

/** Calico's releases are stated under this name (`--plugin calico@3.26.0`), as its image rules name them. */
export const CALICO_PROJECT = 'calico';

export interface InstalledRelease {
  /** A PluginFacts.releases key (project alias or plugin type). */
  readonly name: string;
  readonly release: string;
  readonly references: readonly string[];
  /** The plugin types this release is stated for; absent: every type of the project. */
  readonly types?: readonly string[];
}

/** `calicoRelease` is a normalized release (`3.26.0`); none when the data has no row for it. */
export function calicoBundledPlugins(calicoRelease: string): InstalledRelease | null {
  const row = CALICO_BUNDLED_CNI_PLUGINS.find((r) => satisfiesRelease(calicoRelease, r.calicoCni));
  if (!row) return null;
  if (row.cniPlugins === null) {
    return {
      name: CALICO_FORK_ALIAS,
      release: calicoRelease,
      references: [`calico/cni ${row.calicoCni} installs plugins built from ${CALICO_FORK_PROJECT} (${row.evidence})`, ...row.references, ...CALICO_BUNDLED_PLUGIN_TYPES_REFERENCES],
    };
  }
  return {
    name: 'cni-plugins',
    release: row.cniPlugins,
    // Only some plugins: other types (Canal's flannel, a bridge from the node's packages) are not judged by it.
    types: CALICO_BUNDLED_PLUGIN_TYPES,
    references: [`calico/cni ${row.calicoCni} installs containernetworking/plugins ${row.cniPlugins} (${row.evidence})`, ...row.references, ...CALICO_BUNDLED_PLUGIN_TYPES_REFERENCES],
  };
}
