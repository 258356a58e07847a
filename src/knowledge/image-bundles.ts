/**
 * The releases one image installs: the one its tag names, and those of the plugins it bundles,
 * looked up in the sourced tables (calico/cni by Calico release, RKE2's hardened builds by their
 * whole tag). A release stated for some plugin types only carries them in `types`, so it does
 * not speak for a type the image did not install from that project. Pure data lookups.
 */
import { calicoBundledPlugins, type InstalledRelease } from './calico-bundles.js';
import { ARCH_SUFFIX, type ImageRule } from './data/bundled-plugins.js';
import { compat } from './data/compat.js';
import { HARDENED_CALICO_BUILDS, HARDENED_CALICO_REFERENCES, HARDENED_CNI_PLUGINS_BUILDS, HARDENED_CNI_PLUGINS_REFERENCES } from './data/rke2-hardened.js';
import { normalizeRelease } from './plugin-support.js';
import { satisfiesRelease } from './release-range.js';

/** What an image of `rule` with `tag` installs; the first entry is the release the tag names. */
export function installedReleases(rule: ImageRule & { readonly name: string }, tag: string, release: string, references: readonly string[]): InstalledRelease[] {
  const own: InstalledRelease = { name: rule.name, release, references };
  const build = tag.replace(ARCH_SUFFIX, '');
  if (rule.bundles === 'calico-cni') return [own, ...calicoBundled(release)];
  if (rule.bundles === 'rke2-hardened-calico') return [own, ...hardenedCalicoBundled(build)];
  if (rule.bundles === 'rke2-hardened-cni-plugins') {
    const known = HARDENED_CNI_PLUGINS_BUILDS[build];
    const via = known ? [`rancher/hardened-cni-plugins:${build} is github:rancher/image-build-cni-plugins@${build}(${known[0]})`] : [];
    return cniPluginsBuild(release, known ? known[1] : undefined, [...via, ...references]);
  }
  return [own];
}

/** The containernetworking plugins a calico/cni release installs: an upstream release, or Calico's fork. */
function calicoBundled(calicoRelease: string): InstalledRelease[] {
  const version = normalizeRelease(calicoRelease);
  const bundled = version === null ? null : calicoBundledPlugins(version);
  return bundled ? [bundled] : [];
}

/** The plugins a hardened-calico build copies from its hardened-cni-plugins build (or built itself). */
function hardenedCalicoBundled(build: string): InstalledRelease[] {
  const known = HARDENED_CALICO_BUILDS[build];
  if (!known) return [];
  const via = `rancher/hardened-calico:${build} is github:rancher/image-build-calico@${build}(${known[0]})`;
  if (known[1] === null) return cniPluginsBuild(stripV(known[2]), null, [`${via}, which builds containernetworking/plugins ${known[2]} itself`, ...HARDENED_CALICO_REFERENCES]);
  const cniImage = known[1];
  const cni = HARDENED_CNI_PLUGINS_BUILDS[cniImage];
  const references = [
    `${via}: Dockerfile CNI_IMAGE rancher/hardened-cni-plugins:${cniImage}${cni ? ` (github:rancher/image-build-cni-plugins@${cniImage}(${cni[0]}))` : ''}`,
    ...HARDENED_CALICO_REFERENCES,
    ...HARDENED_CNI_PLUGINS_REFERENCES,
  ];
  return cniPluginsBuild(cniImage.replace(/-build\d{8}$/, '').replace(/^v/, ''), cni ? cni[1] : undefined, references);
}

/**
 * A build of containernetworking/plugins `release` with flannel from flannel-io/cni-plugin
 * `flannel`, from containernetworking/plugins itself (null), or from a release not known
 * (undefined): then the release is stated for the upstream types only, so flannel is neither
 * judged by a plugins release that no longer ships it nor said to be missing.
 */
function cniPluginsBuild(release: string, flannel: string | null | undefined, references: readonly string[]): InstalledRelease[] {
  if (flannel === undefined) {
    return [{
      name: 'cni-plugins',
      release,
      types: upstreamTypes(release),
      references: [...references, 'the flannel-io/cni-plugin release of this build is not in rke2-hardened.ts: flannel stays unknown'],
    }];
  }
  const plugins: InstalledRelease = { name: 'cni-plugins', release, references };
  if (flannel === null) return [plugins];
  return [plugins, { name: 'flannel-cni-plugin', release: stripV(flannel), references: [`flannel: flannel-io/cni-plugin ${flannel} (the build's Dockerfile)`, ...references] }];
}

/** The plugin types the data has containernetworking/plugins rows for at `release`. */
function upstreamTypes(release: string): string[] {
  const version = normalizeRelease(release);
  if (!version) return [];
  return Object.entries(compat.plugins)
    .filter(([, rows]) => rows.some((r) => r.project === 'containernetworking/plugins' && r.releases !== null && satisfiesRelease(version, r.releases)))
    .map(([type]) => type);
}

function stripV(tag: string): string {
  return tag.replace(/^v/, '');
}
