/**
 * Linkerd's CNI plugin, type `linkerd-cni`: the linkerd2-cni DaemonSet's install-cni.sh appends the
 * plugin's entry to the plugin list of the config already on the node (filter.jq), where it runs at
 * that list's `cniVersion` (a lone .conf is turned into a list with "cniVersion": "0.3.0"). It
 * passes libcni's `version.All` to skel, so it accepts the list of the
 * github.com/containernetworking/cni its go.mod pins.
 *
 * Two numberings. The plugin lived in linkerd/linkerd2 under cni-plugin/ from stable-2.2.0; the
 * image its chart (or, before 2.7, `linkerd install-cni`) deploys was built from that repository
 * and tagged with the release name (stable-2.x.y), so those rows are over linkerd2 stable numbers
 * (stable-2.9.0 → 2.9.0). From stable-2.12.5 and 2.13.0 the chart pins the image built in
 * linkerd/linkerd2-proxy-init under cni-plugin/, released as `cni-plugin/vX.Y.Z` tags and pushed as
 * `cni-plugin:vX.Y.Z`; those rows are over the cni-plugin numbers (prefix `cni-plugin/v` dropped).
 * Read at every linkerd2 stable tag (stable-2.0.0 to stable-2.14.10; 2.0 and 2.1 have no plugin) and
 * every cni-plugin/ tag of linkerd2-proxy-init (v1.0.0 to v1.6.8, and v1.7.0-alpha.1).
 */
import type { PluginRow } from './compat.js';
import { codeRows } from './code-rows.js';

/** The repository of the cni-plugin/vX.Y.Z releases the chart has pinned since 2.12.5 / 2.13.0. */
export const LINKERD_CNI_PROJECT = 'linkerd/linkerd2-proxy-init';

/** The repository whose stable releases built the plugin image themselves, stable-2.2.0 to 2.12.4. */
export const LINKERD2_PROJECT = 'linkerd/linkerd2';

/**
 * Said when a run states a linkerd2 release past the rows: its chart has run linkerd2-proxy-init's
 * cni-plugin image since 2.12.5 and 2.13.0 (values.yaml `cniPluginImage`), so that image's tag is
 * the release to state.
 */
export const LINKERD_LATER_RELEASES =
  "Linkerd's chart runs linkerd2-proxy-init's cni-plugin image from 2.12.5 on: state its tag (cr.l5d.io/linkerd/cni-plugin:v1.6.8) with";

const row = codeRows(LINKERD_CNI_PROJECT);
const row2 = codeRows(LINKERD2_PROJECT);

/** Rows for the `linkerd-cni` plugin type, added to the compatibility data. */
export const LINKERD_CNI_ROWS: Readonly<Record<string, readonly PluginRow[]>> = {
  'linkerd-cni': [
    row2(
      '>=2.2.0 <2.11.2',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1'],
      [
        'github:linkerd/linkerd2@stable-2.2.0(1cde1f08) cni-plugin/main.go:84 skel.PluginMain(cmdAdd, cmdDel, version.All); @stable-2.11.1(43fc40f5) main.go:81 the same',
        'github:linkerd/linkerd2 github.com/containernetworking/cni: Gopkg.lock:122 revision = "v0.6.0" @stable-2.2.0(1cde1f08)–stable-2.4.0(a63c9ced), go.mod v0.6.0 @stable-2.5.0(f6e8d3a7)–stable-2.8.1(83ae0ccf), go.mod v0.6.1-0.20180218032124-142cde0c766c @stable-2.9.0(2ff70d4c)–stable-2.11.1(43fc40f5); github:containernetworking/cni@v0.6.0(a7885cb6) and @142cde0c pkg/version/version.go:38 All = PluginSupports("0.1.0", "0.2.0", "0.3.0", "0.3.1")',
      ],
      'Releases are linkerd2 stable numbers (stable-2.9.0 → 2.9.0); the image tag is the stable-2.x.y release name.',
    ),
    row2(
      '>=2.11.2 <=2.14.10',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'],
      [
        'github:linkerd/linkerd2@stable-2.11.2(d7a3ddf4) cni-plugin/main.go:81 skel.PluginMain(cmdAdd, cmdCheck, cmdDel, version.All, ""); @stable-2.12.4(ec4bb714) main.go:83 the same',
        'github:linkerd/linkerd2 go.mod:9 github.com/containernetworking/cni: v1.0.1 @stable-2.11.2(d7a3ddf4)–stable-2.11.5(1062718e), v1.1.2 @stable-2.12.0(0bd3f732)–stable-2.12.4(ec4bb714); github:containernetworking/cni@v1.0.1(1694fd7b), @v1.1.2(3363d143) pkg/version/version.go:39 All = PluginSupports("0.1.0", …, "0.4.0", "1.0.0")',
        'github:linkerd/linkerd2@stable-2.12.5(1b04e039) charts/linkerd2-cni/values.yaml:50-52 cr.l5d.io/linkerd/cni-plugin "v1.1.1"; @stable-2.13.0(775dc9fb)–stable-2.14.10(1ea6b271) values.yaml:54-56 "v1.1.0" to "v1.3.0": github:linkerd/linkerd2-proxy-init cni-plugin/v1.1.0–v1.3.0 go.mod:6 github.com/containernetworking/cni v1.1.2, cni-plugin/main.go:88 skel.PluginMain(…, version.All, "")',
      ],
      'From stable-2.12.5 and 2.13.0 the DaemonSet runs the linkerd2-proxy-init cni-plugin image its chart pins (v1.1.0 to v1.3.0), whose list is the same. Checked through stable-2.14.10, the last stable tag of linkerd2; later open-source releases are edge-YY.M.N tags.',
    ),
    row(
      '>=1.0.0 <1.5.1',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'],
      [
        'github:linkerd/linkerd2-proxy-init@cni-plugin/v1.0.0(109f0720) cni-plugin/main.go:87 skel.PluginMain(cmdAdd, cmdCheck, cmdDel, version.All, ""); @cni-plugin/v1.5.0(295008c4) main.go:91 the same',
        'github:linkerd/linkerd2-proxy-init go.mod:6 github.com/containernetworking/cni v1.1.2 @cni-plugin/v1.0.0(109f0720)–cni-plugin/v1.5.0(295008c4); github:containernetworking/cni@v1.1.2(3363d143) pkg/version/version.go:39 All = PluginSupports("0.1.0", …, "0.4.0", "1.0.0")',
      ],
      'Releases are the cni-plugin/vX.Y.Z tags of linkerd2-proxy-init, prefix dropped.',
    ),
    row(
      '>=1.5.1',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'],
      [
        'github:linkerd/linkerd2-proxy-init@cni-plugin/v1.5.1(1fd76aec) cni-plugin/main.go:91 skel.PluginMainFuncs(skel.CNIFuncs{…}, version.All, "") (version.All at :97); @cni-plugin/v1.6.8(c05c9c92) and @cni-plugin/v1.7.0-alpha.1(5709c111) the same',
        'github:linkerd/linkerd2-proxy-init go.mod github.com/containernetworking/cni: v1.2.0 @cni-plugin/v1.5.1(1fd76aec), v1.2.3 @cni-plugin/v1.5.2(6da785be)–v1.6.2(245af89e), v1.3.0 @cni-plugin/v1.6.3(6f426791)–v1.7.0-alpha.1(5709c111); github:containernetworking/cni@v1.2.0(df52e946), @v1.2.3(309b6bbc), @v1.3.0(a28faab9) pkg/version/version.go:39 All = PluginSupports("0.1.0", …, "1.0.0", "1.1.0")',
      ],
      'Checked through cni-plugin/v1.6.8, the newest release tag, and the pre-release cni-plugin/v1.7.0-alpha.1.',
    ),
  ],
};
