/**
 * Kuma's CNI plugin, type `kuma-cni`: its installer appends the plugin's entry to the plugin list
 * of the config already on the node (chained-plugins.ts), where it runs at that list's
 * `cniVersion`. It passes libcni's `version.All` to skel, so it accepts the list of the
 * github.com/containernetworking/cni its go.mod pins. Walked at each minor release's first and
 * last tag, 1.8.0 to v2.14.3 (before 1.8 the plugin lived in kumahq/kuma-cni; from 2.13 the tags
 * carry a leading `v`): the libcni version
 * only grows with the release number, patch releases included.
 */
import type { PluginRow } from './compat.js';
import { codeRows } from './code-rows.js';

export const KUMA_PROJECT = 'kumahq/kuma';

const row = codeRows(KUMA_PROJECT);

/** Rows for the `kuma-cni` plugin type, added to the compatibility data. */
export const KUMA_ROWS: Readonly<Record<string, readonly PluginRow[]>> = {
  'kuma-cni': [
    row(
      '>=1.8.0 <2.8.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'],
      [
        'github:kumahq/kuma@1.8.0(4917202a) app/cni/pkg/cni/main.go:295 skel.PluginMain(cmdAdd, cmdCheck, cmdDel, version.All, …); @2.7.19(5d51cee7) main.go:293 the same',
        'github:kumahq/kuma go.mod github.com/containernetworking/cni v1.1.2 @1.8.0(4917202a)–2.7.19(5d51cee7); github:containernetworking/cni@v1.1.2 pkg/version/version.go All = PluginSupports("0.1.0", …, "0.4.0", "1.0.0")',
      ],
    ),
    row(
      '>=2.8.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'],
      [
        'github:kumahq/kuma@2.8.0(1110a030) app/cni/pkg/cni/main_linux.go:298 skel.PluginMainFuncs(cniFuncs, version.All, …); @2.12.3(49ceedc4), @v2.13.0(99bb946e), @v2.14.3(0c7aaec0) main_linux.go:216 the same',
        'github:kumahq/kuma go.mod github.com/containernetworking/cni: v1.2.1 @2.8.0(1110a030)–2.8.8, v1.2.3 @2.9.0–2.10.8, v1.3.0 @2.11.0–v2.14.3(0c7aaec0); github:containernetworking/cni@v1.2.x, @v1.3.0 pkg/version/version.go All = PluginSupports("0.1.0", …, "1.0.0", "1.1.0")',
      ],
      'Checked through v2.14.3 (2026-08-07), the newest release tag.',
    ),
  ],
};
