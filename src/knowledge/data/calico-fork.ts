/**
 * The containernetworking plugins Calico builds from its own fork,
 * projectcalico/containernetworking-plugins, from Calico v3.27.5 and v3.28.3 on (before, Calico
 * shipped upstream releases: bundled-plugins.ts). The fork has no release of its own that Calico
 * names: each Calico release clones its `master` (or, on Calico master, a pinned commit), so the
 * fork is a release line numbered by the Calico release that ships it (`calico-cni-plugins@3.30.0`).
 * Every fork commit these releases build pins libcni (github.com/containernetworking/cni) v1.0.1,
 * whose `version.All` is 0.1.0–1.0.0; the only fork master with libcni v1.2.3 (2025-01-24 to
 * 2025-01-27) was reverted, and no Calico release is tagged in that window.
 */
import type { PluginRow } from './compat.js';

export const CALICO_FORK_PROJECT = 'projectcalico/containernetworking-plugins';
/** What `--plugin` states the fork's release under; its releases are Calico's (CALICO_FORK_NUMBERED_BY). */
export const CALICO_FORK_ALIAS = 'calico-cni-plugins';
export const CALICO_FORK_NUMBERED_BY = 'calico';

/** Calico releases that build the fork's `master` (or a pinned fork commit). */
const FORK_RELEASES = '>=3.27.5 <3.28.0 || >=3.28.3';
/** Bandwidth is built only until Calico v3.30.0 dropped it from the chain and the image. */
const FORK_RELEASES_WITH_BANDWIDTH = '>=3.27.5 <3.28.0 || >=3.28.3 <3.30.0';

const BUILD = [
  'github:projectcalico/calico@62ef945d (v3.27.5) metadata.mk:52, @e2b74bea (v3.28.3) metadata.mk:52, @26c4c71c (v3.29.0) metadata.mk:47, @572a32dd (v3.30.0) metadata.mk:57, @94bd1d5b (v3.31.7) metadata.mk:63, @0ca9d1b9 (v3.32.1) metadata.mk:61: CNI_VERSION=master; cni-plugin/Makefile: git clone --single-branch --branch $(CNI_VERSION) https://github.com/projectcalico/containernetworking-plugins.git (calico@3f26c488 "Fix CVE-2022-29526 (#9362)" switched to master; backported to release-v3.27 by 5b044d2a, release-v3.28 by 8cd7ce37)',
  'github:projectcalico/calico@87c15906 (master) metadata.mk:69-71: CNI_VERSION=9ffe547cb3b66f80dd32a00fc69a6d0082b55321 ("the fork has no release tag at the toolchain we build with"); third_party/cni-plugins/Makefile',
  'github:projectcalico/containernetworking-plugins@bd588f8f and @9ffe547c (master) go.mod:9 github.com/containernetworking/cni v1.0.1; vendor/github.com/containernetworking/cni/pkg/version/version.go:39 All = PluginSupports("0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0")',
  'github:projectcalico/containernetworking-plugins@9ffe547c reverts the upstream merge 56432a24 (cni v1.2.3, which adds 1.1.0) made three days before (#42); no Calico release is tagged between 2025-01-24 and 2025-01-27',
];
const EVIDENCE =
  'github:projectcalico/calico@94bd1d5b (v3.31.7) manifests/calico.yaml: cni_network_config "cniVersion": "1.0.0" with calico and portmap (e345d10438 "Bump default CNI config cniVersion to 1.0.0")';

const ALL_TO_1_0_0 = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'];

function row(releases: string, supportedVersions: readonly string[], call: string): PluginRow {
  return {
    project: CALICO_FORK_PROJECT,
    releases,
    supportedVersions,
    confidence: 'verified (code)',
    source: [...BUILD, `github:projectcalico/containernetworking-plugins@9ffe547c ${call}`, EVIDENCE],
    notes: 'Numbered by the Calico release that builds the fork (state it as calico-cni-plugins@CALICO_RELEASE; a calico/cni image tag says it).',
    // Only Calico's install-cni puts these binaries on a node, next to calico's own.
    installedWith: ['calico', 'calico-ipam'],
  };
}

/** Rows for each plugin type the fork builds into Calico's images, added to the compatibility data. */
export const CALICO_FORK_ROWS: Readonly<Record<string, readonly PluginRow[]>> = {
  portmap: [row(FORK_RELEASES, ALL_TO_1_0_0, 'plugins/meta/portmap/main.go:139 version.All')],
  tuning: [row(FORK_RELEASES, ALL_TO_1_0_0, 'plugins/meta/tuning/tuning.go:408 version.All')],
  'host-local': [row(FORK_RELEASES, ALL_TO_1_0_0, 'plugins/ipam/host-local/main.go:33 version.All')],
  loopback: [row(FORK_RELEASES, ALL_TO_1_0_0, 'plugins/main/loopback/loopback.go:169 version.All')],
  bandwidth: [
    row(FORK_RELEASES_WITH_BANDWIDTH, ['0.3.0', '0.3.1', '0.4.0', '1.0.0'], 'plugins/meta/bandwidth/main.go:249 version.VersionsStartingFrom("0.3.0")'),
  ],
};
