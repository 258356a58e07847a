/**
 * cilium-cni rows with release ranges, read at Cilium release tags. They replace the reference's
 * cilium-cni rows, whose releases are null (mapping "not verified"; cni-compat.json is a byte copy
 * and is not edited). Cilium's agent image installs cilium-cni (initContainer install-cni-binaries),
 * so a quay.io/cilium/cilium:vX tag names the cilium-cni release.
 *
 * The tags were read in forks of cilium/cilium that carry its tags and branches (FengGaoCSC/cilium,
 * tommyp1ckles/cilium); the commit prefixes are upstream's. Cilium tags its
 * pre-releases on main and bumps main's VERSION to the next `.90`/`-dev` when a release branch is
 * cut, so a commit on main between a branch cut and the next pre-release is first released by the
 * following minor release.
 */
import type { PluginRow } from './compat.js';

export const CILIUM_PROJECT = 'cilium/cilium';

const TO_0_3_1 = ['0.1.0', '0.2.0', '0.3.0', '0.3.1'];
const TO_1_0_0 = [...TO_0_3_1, '0.4.0', '1.0.0'];
const TO_1_1_0 = [...TO_1_0_0, '1.1.0'];

const NOTE = 'Numbered by the Cilium release (state it as cilium@X; a quay.io/cilium/cilium:vX tag says it).';

/** Replaces cni-compat.json plugins["cilium-cni"] (three rows with releases null). */
export const CILIUM_CNI_ROWS: readonly PluginRow[] = [
  {
    project: CILIUM_PROJECT,
    releases: '>=1.0.0 <1.12.0',
    supportedVersions: TO_0_3_1,
    confidence: 'verified (code) at every release tag v1.0.0 to v1.11.20',
    source: [
      'github:FengGaoCSC/cilium@v1.0.0(0cd257bd) plugins/cilium-cni/cilium-cni.go:93 skel.PluginMain(cmdAdd, cmdDel, version.All); vendor/github.com/containernetworking/cni/pkg/version/version.go:38 All = PluginSupports("0.1.0", "0.2.0", "0.3.0", "0.3.1") (same at v1.3.8(82cc5604))',
      'github:FengGaoCSC/cilium@v1.4.0(73d2a683) plugins/cilium-cni/cilium-cni.go:112 cniVersion.PluginSupports("0.1.0", "0.2.0", "0.3.0", "0.3.1"); the same list at v1.6.0(0017da8c) cilium-cni.go:82 and every tag to v1.11.20(5269aad8) cilium-cni.go:76',
      'github:FengGaoCSC/cilium@v1.12.0-rc2(814ffce0) plugins/cilium-cni/cilium-cni.go:82: still the 0.3.1 list (the last pre-release without 1.0.0)',
    ],
    notes: NOTE,
  },
  {
    project: CILIUM_PROJECT,
    releases: '>=1.12.0 <1.18.0',
    supportedVersions: TO_1_0_0,
    confidence: 'verified (code) at tags v1.12.0-rc3 to v1.14.4 and branches v1.12-v1.14, v1.16; v1.15 and v1.17 inferred from main history (list unchanged on main from 2022-05-09 to 2025-01-31)',
    source: [
      'github:cilium/cilium@e44be02c "plugins/cilium-cni: update to CNI spec version 1.0.0" (2022-05-09, main, after v1.12.0-rc2; PR cilium/cilium#19719)',
      'github:FengGaoCSC/cilium@v1.12.0-rc3(33a36dd4) and @v1.12.0(9447cd1b) plugins/cilium-cni/cilium-cni.go:83 cniVersion.PluginSupports("0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0"); same list at every tag to v1.14.4(87dd2b64) main.go:77',
      'github:tommyp1ckles/cilium@v1.16 plugins/cilium-cni/main.go:25 the same list',
      'github:tommyp1ckles/cilium@b833f3e0 (main, 2024-12-18, VERSION 1.18.0-dev: v1.17 branched) plugins/cilium-cni/main.go:23 the same list',
    ],
    notes: NOTE,
  },
  {
    project: CILIUM_PROJECT,
    releases: '>=1.18.0',
    supportedVersions: TO_1_1_0,
    confidence: 'verified (code) on main at the commits that set VERSION to 1.18.0-pre.0, 1.18.0-pre.3, 1.19.0-pre.4 and 1.20.0-pre.3; the v1.18.x and v1.19.x release tags inferred (their branches were cut from main after those pre-releases, assuming no backport removed a version)',
    source: [
      'github:tommyp1ckles/cilium@33196469 "plugins/cilium-cni: implement cni STATUS support" (2025-01-31, main, after the 1.18.0-dev bump; PR cilium/cilium#37028)',
      'github:tommyp1ckles/cilium@3607c413 (main, VERSION 1.18.0-pre.0, 2025-03-03) plugins/cilium-cni/main.go:23 cniVersion.PluginSupports("0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"); the same at @593834ec (VERSION 1.18.0-pre.3, 2025-06-03)',
      'github:tommyp1ckles/cilium@f12299b2 (main, VERSION 1.19.0-pre.4, 2026-01-07) plugins/cilium-cni/cmd/cmd.go:120 the same list (moved by 32fb61a1 "add single CNI main entry point"); unchanged at @b0ac676c (VERSION 1.20.0-pre.3, 2026-06-01) and @aeb2d1b6 (main, 2026-06-25)',
    ],
    notes: NOTE,
  },
];
