/**
 * Whereabouts, type `whereabouts`: a cluster-wide IPAM plugin. It is only ever the `ipam` of
 * another plugin's entry (macvlan, ipvlan, bridge… in a NetworkAttachmentDefinition), so it runs
 * at that config's `cniVersion`. Every release passes libcni's `version.All` to skel, so it
 * accepts the list of the github.com/containernetworking/cni it pins (glide.lock at 0.1, go.mod
 * and vendor/ after; no `replace` of it). Read at every release tag, v0.1 to v0.9.4; the tags
 * carry a leading `v` and the early ones have two parts (v0.1 … v0.6 are 0.1.0 … 0.6.0). v0.9.0
 * (2025-03-20) was cut before v0.8.1 (2025-04-01): both fall in the last row. Before 0.7.0 the
 * libcni is v0.7.1 or v0.8.1, so those releases reject 1.0.0 and 1.1.0 configs.
 */
import type { PluginRow } from './compat.js';
import { codeRows } from './code-rows.js';

export const WHEREABOUTS_PROJECT = 'k8snetworkplumbingwg/whereabouts';

const MAIN = 'cmd/whereabouts.go';

const row = codeRows(WHEREABOUTS_PROJECT);

/** Rows for the `whereabouts` plugin type, added to the compatibility data. */
export const WHEREABOUTS_ROWS: Readonly<Record<string, readonly PluginRow[]>> = {
  whereabouts: [
    row(
      '>=0.1.0 <0.7.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0'],
      [
        `github:k8snetworkplumbingwg/whereabouts@v0.1(31296b3a) ${MAIN}:18 skel.PluginMain(cmdAdd, cmdGet, cmdDel, version.All, "TODO"); @v0.4.2(aec29ad8) ${MAIN}:20 the same; @v0.5(7e39872d) ${MAIN}:23 skel.PluginMain(…, cniversion.All (:27), …); @v0.6.3(2999b720) ${MAIN}:21 skel.PluginMain(…, cniversion.All (:51), …)`,
        'github:k8snetworkplumbingwg/whereabouts glide.lock:4-5 github.com/containernetworking/cni version 4cfb7b56 (= tag v0.7.1) @v0.1(31296b3a); go.mod github.com/containernetworking/cni v0.7.1 @v0.2(d3c8d8e2)–v0.5.4(d979fa57), v0.8.1 @v0.6(92d3cdf7)–v0.6.3(2999b720); github:containernetworking/cni@v0.7.1(4cfb7b56), @v0.8.1(9fc34aee) pkg/version/version.go:39 All = PluginSupports("0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0")',
        'github:k8snetworkplumbingwg/whereabouts@v0.1(31296b3a)–v0.6.3(2999b720) vendor/github.com/containernetworking/cni/pkg/version/version.go:39 the same list at every tag',
      ],
    ),
    row(
      '>=0.7.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'],
      [
        `github:k8snetworkplumbingwg/whereabouts@v0.7.0(c599b3c2) ${MAIN}:53 skel.PluginMainFuncs(skel.CNIFuncs{…}, cniversion.All (:58), …); @v0.9.4(3a262bd0) ${MAIN}:56 the same (cniversion.All :61)`,
        'github:k8snetworkplumbingwg/whereabouts go.mod github.com/containernetworking/cni: v1.2.0-rc1 @v0.7.0(c599b3c2), v1.2.0 @v0.8.0(8c381170) and v0.8.1(89c88d95), v1.2.3 @v0.9.0(18d7b92b), v1.3.0 @v0.9.1(e1d65697)–v0.9.4(3a262bd0); github:containernetworking/cni@v1.2.0-rc1(86c37cb0), @v1.2.0(df52e946), @v1.2.3(309b6bbc), @v1.3.0(a28faab9) pkg/version/version.go:39 All = PluginSupports("0.1.0", …, "1.0.0", "1.1.0")',
      ],
      'Checked through 0.9.4, the newest release tag. 0.7.0 pins the libcni pre-release v1.2.0-rc1, whose All already has 1.1.0.',
    ),
  ],
};
