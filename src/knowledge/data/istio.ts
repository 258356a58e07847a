/**
 * Istio's CNI plugin, type `istio-cni`: its installer appends the plugin's entry to the plugin
 * list of the config already on the node (chained-plugins.ts), where it runs at that list's
 * `cniVersion`. It passes libcni's `version.All` to skel, so it accepts the list of the
 * github.com/containernetworking/cni its go.mod pins. Walked at each minor release's first and
 * last tag, 1.8.0 to 1.30.3 (before 1.8 the plugin lived in istio/cni): the libcni version only
 * grows with the release number, patch releases included.
 */
import type { PluginRow } from './compat.js';
import { codeRows } from './code-rows.js';

export const ISTIO_PROJECT = 'istio/istio';

const MAIN = 'cni/cmd/istio-cni/main.go';

const row = codeRows(ISTIO_PROJECT);

/** Rows for the `istio-cni` plugin type, added to the compatibility data. */
export const ISTIO_ROWS: Readonly<Record<string, readonly PluginRow[]>> = {
  'istio-cni': [
    row(
      '>=1.8.0 <1.12.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0'],
      [
        `github:istio/istio@1.8.0(c87a4c87) ${MAIN}:284 skel.PluginMain(cmdAdd, cmdGet, cmdDel, version.All, "istio-cni")`,
        'github:istio/istio go.mod github.com/containernetworking/cni: v0.7.0-alpha1 @1.8.0(c87a4c87)–1.10.6, v0.8.1 @1.11.0(57d639a4)–1.11.8; github:containernetworking/cni@v0.7.0-alpha1, @v0.8.1 pkg/version/version.go All = PluginSupports("0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0")',
      ],
    ),
    row(
      '>=1.12.0 <1.23.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'],
      [
        `github:istio/istio@1.12.0(016bc46f) ${MAIN}:59 skel.PluginMain(plugin.CmdAdd, plugin.CmdCheck, plugin.CmdDelete, version.All, …)`,
        'github:istio/istio go.mod github.com/containernetworking/cni: v1.0.1 @1.12.0(016bc46f)–1.14.6, v1.1.1 @1.15.0(e3364ab4)–1.15.7, v1.1.2 @1.16.0–1.22.8; github:containernetworking/cni@v1.0.1, @v1.1.1, @v1.1.2 pkg/version/version.go All = PluginSupports("0.1.0", …, "0.4.0", "1.0.0")',
      ],
    ),
    row(
      '>=1.23.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'],
      [
        `github:istio/istio@1.23.0(d0ca037e) ${MAIN}:57 skel.PluginMainFuncsWithError(funcs, version.All, …); @1.30.3(56df41f6) ${MAIN}:57 the same`,
        'github:istio/istio go.mod github.com/containernetworking/cni: v1.2.0 @1.23.0(d0ca037e)–1.23.6, v1.2.3 @1.24.0(8825a6b7)–1.26.8, v1.3.0 @1.27.0(7359d8be)–1.30.3(56df41f6); github:containernetworking/cni@v1.2.0, @v1.3.0 pkg/version/version.go All = PluginSupports("0.1.0", …, "1.0.0", "1.1.0")',
      ],
      'Checked through 1.30.3, the newest release tag.',
    ),
  ],
};
