/**
 * The Windows CNI plugins of microsoft/windows-container-networking (`sdnbridge`, `sdnoverlay`,
 * `nat`; containerd on Windows nodes, and flannel's Windows delegates). Each binary runs
 * common/core.Core(), whose cni/plugin.go Execute passes a fixed list to skel, the same for the
 * three. Read at every release tag, v0.2.0 to v0.3.1. The tags are not cut in the order of their
 * numbers (v0.3.0 in 2022, v0.2.1 in 2023, v0.2.2 in 2024): the rows follow the numbers, each
 * tag's own list. No release accepts 0.3.1.
 */
import type { PluginRow } from './compat.js';
import { codeRows } from './code-rows.js';

export const WINDOWS_CNI_PROJECT = 'microsoft/windows-container-networking';

const PLUGIN = 'cni/plugin.go';

const row = codeRows(WINDOWS_CNI_PROJECT);

const ROWS: readonly PluginRow[] = [
  row(
    '>=0.2.0 <0.2.2',
    ['0.2.0'],
    [
      `github:microsoft/windows-container-networking@v0.2.0(b2f5f995) ${PLUGIN}:46 cniVers.PluginSupports(Version), cni/cni.go:23 Version = "0.2.0"; @v0.2.1(ae7b7cb2) the same`,
      'github:microsoft/windows-container-networking@v0.2.0(b2f5f995) plugins/nat, plugins/sdnbridge, plugins/sdnoverlay: main() { core.Core() }',
    ],
  ),
  row(
    '>=0.2.2 <0.3.0',
    ['0.2.0', '0.3.0', '0.4.0', '1.0.0'],
    [`github:microsoft/windows-container-networking@v0.2.2(0f859017) cni/cni.go:31 VersionsSupported = []string{"0.2.0", "0.3.0", "0.4.0", "1.0.0"}; ${PLUGIN}:45 cniVers.PluginSupports(VersionsSupported...)`],
  ),
  row(
    '>=0.3.0 <0.3.1',
    ['0.2.0', '0.3.0'],
    [`github:microsoft/windows-container-networking@v0.3.0(3d79f1c0) cni/cni.go:30 VersionsSupported = []string{"0.2.0", "0.3.0"}; ${PLUGIN}:46 cniVers.PluginSupports(VersionsSupported...)`],
  ),
  row(
    '>=0.3.1',
    ['0.2.0', '0.3.0', '0.4.0', '1.0.0'],
    [
      `github:microsoft/windows-container-networking@v0.3.1(a0463d87) cni/cni.go:31 VersionsSupported = []string{"0.2.0", "0.3.0", "0.4.0", "1.0.0"}; ${PLUGIN}:45 cniVers.PluginSupports(VersionsSupported...); common/core/core.go:50 netPlugin.Execute; plugins/*: core.Core()`,
      'github:microsoft/windows-container-networking@b96345f1 (2025-09-08, after the newest tag) cni/cni.go:31 the same list',
    ],
  ),
];

/** Rows for the three plugin types, added to the compatibility data. */
export const WINDOWS_CNI_ROWS: Readonly<Record<string, readonly PluginRow[]>> = {
  sdnbridge: ROWS,
  sdnoverlay: ROWS,
  nat: ROWS,
};
