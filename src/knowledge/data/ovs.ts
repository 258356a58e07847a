/**
 * OVS CNI of k8snetworkplumbingwg/ovs-cni (KubeVirt's Open vSwitch plugin, used through Multus
 * NetworkAttachmentDefinitions), type `ovs`, and from 0.28.0 its traffic-mirroring plugins
 * `ovs-mirror-producer` and `ovs-mirror-consumer`, chained after `ovs` in a conflist. The DaemonSet
 * in examples/ovs-cni.yml copies the three binaries from the quay.io/kubevirt/ovs-cni-plugin image
 * (ghcr.io/k8snetworkplumbingwg/ovs-cni-plugin from 0.33.0) into /opt/cni/bin. Read at every
 * release tag, v0.1.0 to v0.39.0 (75 tags, patch branches included: v0.19.6, v0.26.3, v0.29.6,
 * v0.31.4, v0.32.1, v0.34.3 and v0.36.1 were cut after newer minors, each with its own minor's list).
 * Each main passes libcni's `version.All` to skel, except 0.26.0 to 0.33.x, which pass a fixed
 * `version.PluginSupports("0.3.0", "0.3.1", "0.4.0")` (no 0.1.0, 0.2.0 nor 1.0.0, though the
 * libcni they pin, v1.0.1, knows 1.0.0). The libcni version is from Gopkg.lock (to 0.7.0) and
 * go.mod with vendor/modules.txt (from 0.8.0; no replace to another version).
 */
import type { PluginRow } from './compat.js';
import { codeRows } from './code-rows.js';

export const OVS_PROJECT = 'k8snetworkplumbingwg/ovs-cni';

const MAIN = 'cmd/plugin/main.go';

const row = codeRows(OVS_PROJECT);

const OVS_TYPE_ROWS: readonly PluginRow[] = [
  row(
    '>=0.1.0 <0.8.0',
    ['0.1.0', '0.2.0', '0.3.0', '0.3.1'],
    [
      `github:k8snetworkplumbingwg/ovs-cni@v0.1.0(c8630e3f) ${MAIN}:25 skel.PluginMain(plugin.CmdAdd, plugin.CmdDel, version.All); @v0.7.0(2cc23736) the same`,
      'github:k8snetworkplumbingwg/ovs-cni Gopkg.lock github.com/containernetworking/cni version = "v0.6.0", revision a7885cb6 @v0.1.0(c8630e3f) :14–v0.7.0(2cc23736) :35; github:containernetworking/cni@v0.6.0(a7885cb6) pkg/version/version.go:38 All = PluginSupports("0.1.0", "0.2.0", "0.3.0", "0.3.1")',
    ],
  ),
  row(
    '>=0.8.0 <0.26.0',
    ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0'],
    [
      `github:k8snetworkplumbingwg/ovs-cni@v0.8.0(25670b48) ${MAIN}:26 skel.PluginMain(plugin.CmdAdd, plugin.CmdCheck, plugin.CmdDel, version.All, …); @v0.25.0(3522e441) and @v0.19.6(63bb0d56) the same`,
      'github:k8snetworkplumbingwg/ovs-cni go.mod github.com/containernetworking/cni: v0.7.1 @v0.8.0(25670b48)–v0.12.0(edb4754d), v0.8.0 @v0.13.0(973a42b0)–v0.17.0(8bf42502), v0.8.1 (replace => v0.8.1) @v0.18.0(1af83739)–v0.25.0(3522e441) and v0.19.x to v0.19.6(63bb0d56); github:containernetworking/cni@v0.7.1(4cfb7b56), @v0.8.0(11db36c1), @v0.8.1(9fc34aee) pkg/version/version.go:39 All = PluginSupports("0.1.0", …, "0.3.1", "0.4.0")',
    ],
  ),
  row(
    '>=0.26.0 <0.34.0',
    ['0.3.0', '0.3.1', '0.4.0'],
    [
      `github:k8snetworkplumbingwg/ovs-cni@v0.26.0(3973253a) ${MAIN}:26 skel.PluginMain(plugin.CmdAdd, plugin.CmdCheck, plugin.CmdDel, version.PluginSupports("0.3.0", "0.3.1", "0.4.0"), …); @v0.33.0(6f8174b1) the same; patch tags @v0.26.3(f2c96239), @v0.29.6(d13943fc), @v0.31.4(aeb094b6), @v0.32.1(4035a608) the same`,
      'github:k8snetworkplumbingwg/ovs-cni go.mod github.com/containernetworking/cni v1.0.1 @v0.26.0(3973253a)–v0.33.0(6f8174b1): the list is the literal above, not libcni\'s All',
    ],
    'libcni v1.0.1 would accept 1.0.0, but these releases list only 0.3.0, 0.3.1 and 0.4.0.',
  ),
  row(
    '>=0.34.0 <0.35.0',
    ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'],
    [
      `github:k8snetworkplumbingwg/ovs-cni@v0.34.0(86f45a9f) ${MAIN}:26 skel.PluginMain(plugin.CmdAdd, plugin.CmdCheck, plugin.CmdDel, version.All, …); @v0.34.3(22c58094) the same`,
      'github:k8snetworkplumbingwg/ovs-cni go.mod github.com/containernetworking/cni v1.0.1 @v0.34.0(86f45a9f)–v0.34.3(22c58094); github:containernetworking/cni@v1.0.1(1694fd7b) pkg/version/version.go:39 All = PluginSupports("0.1.0", …, "0.4.0", "1.0.0")',
    ],
  ),
  row(
    '>=0.35.0',
    ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'],
    [
      `github:k8snetworkplumbingwg/ovs-cni@v0.35.0(9a93db04) ${MAIN}:26 skel.PluginMainFuncs(skel.CNIFuncs{…}, version.All, …) (version.All at :30); @v0.39.0(6ef93aa4) and @v0.36.1(64dd9348) the same`,
      'github:k8snetworkplumbingwg/ovs-cni go.mod github.com/containernetworking/cni v1.2.3 @v0.35.0(9a93db04)–v0.39.0(6ef93aa4); github:containernetworking/cni@v1.2.3(309b6bbc) pkg/version/version.go:39 All = PluginSupports("0.1.0", …, "1.0.0", "1.1.0")',
    ],
    'Checked through v0.39.0, the newest release tag; main after it (19262a0c) pins libcni v1.3.0, whose All is the same list.',
  ),
];

const MIRROR_ROWS = (name: 'producer' | 'consumer'): readonly PluginRow[] => [
  row(
    '>=0.28.0 <0.34.0',
    ['0.3.0', '0.3.1', '0.4.0'],
    [
      `github:k8snetworkplumbingwg/ovs-cni@v0.28.0(2fa991b4) cmd/mirror/${name}/main.go:27 skel.PluginMain(plugin.CmdAdd, plugin.CmdCheck, plugin.CmdDel, version.PluginSupports("0.3.0", "0.3.1", "0.4.0"), …); @v0.29.0(ebb876e1)–v0.33.0(6f8174b1) cmd/mirror-${name}/main.go:27 the same`,
    ],
    'The mirror plugins first appear in 0.28.0.',
  ),
  row(
    '>=0.34.0 <0.35.0',
    ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'],
    [
      `github:k8snetworkplumbingwg/ovs-cni@v0.34.0(86f45a9f) cmd/mirror-${name}/main.go:27 skel.PluginMain(plugin.CmdAdd, plugin.CmdCheck, plugin.CmdDel, version.All, …); @v0.34.3(22c58094) the same`,
      'github:k8snetworkplumbingwg/ovs-cni go.mod github.com/containernetworking/cni v1.0.1 @v0.34.0(86f45a9f)–v0.34.3(22c58094); github:containernetworking/cni@v1.0.1(1694fd7b) pkg/version/version.go:39 All = PluginSupports("0.1.0", …, "0.4.0", "1.0.0")',
    ],
  ),
  row(
    '>=0.35.0',
    ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'],
    [
      `github:k8snetworkplumbingwg/ovs-cni@v0.35.0(9a93db04) cmd/mirror-${name}/main.go:27 skel.PluginMainFuncs(skel.CNIFuncs{…}, version.All, …) (version.All at :31); @v0.39.0(6ef93aa4) the same`,
      'github:k8snetworkplumbingwg/ovs-cni go.mod github.com/containernetworking/cni v1.2.3 @v0.35.0(9a93db04)–v0.39.0(6ef93aa4); github:containernetworking/cni@v1.2.3(309b6bbc) pkg/version/version.go:39 All = PluginSupports("0.1.0", …, "1.0.0", "1.1.0")',
    ],
    'Checked through v0.39.0, the newest release tag.',
  ),
];

/** Rows for the `ovs` plugin type and the two mirror plugin types, added to the compatibility data. */
export const OVS_ROWS: Readonly<Record<string, readonly PluginRow[]>> = {
  ovs: OVS_TYPE_ROWS,
  'ovs-mirror-producer': MIRROR_ROWS('producer'),
  'ovs-mirror-consumer': MIRROR_ROWS('consumer'),
};
