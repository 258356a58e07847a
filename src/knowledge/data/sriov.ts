/**
 * The SR-IOV CNI plugin of k8snetworkplumbingwg/sriov-cni, type `sriov`: it moves an SR-IOV VF
 * into the pod (with Multus and the SR-IOV network device plugin; also installed by the
 * sriov-network-operator). Read at every release tag, v0.1 to v2.10.0 (the repository also holds
 * the intel/sriov-cni history: the same tags at the same commits up to v2.6.1). From v2.0.0 on the
 * plugin passes `version.All`, so it accepts the list of the libcni its glide.lock or go.mod pins.
 * Tags carry a leading `v`; v2.2 … v2.6 have no patch number (x.y.0).
 *
 * Releases before v2.0.0 have no row. v1.0.0 (2018-11-29) and v1.1.0 (2019-03-15) pass
 * `version.Legacy` (0.1.0, 0.2.0: sriov/main.go:139 and :158, libcni 530dd71e = v0.4.0); before
 * v1.0.0 the vendored skel had no version check at all. As rows they would make every network
 * with sriov and no stated release get 0.2.0, whose result has no interfaces, for a line v2.0.0
 * (2019-04-10) superseded before any runtime the data covers; stated, such a release is unknown
 * (PLUGIN_UNKNOWN) rather than guessed.
 */
import type { PluginRow } from './compat.js';
import { codeRows } from './code-rows.js';

export const SRIOV_PROJECT = 'k8snetworkplumbingwg/sriov-cni';

const row = codeRows(SRIOV_PROJECT);

/** Rows for the `sriov` plugin type, added to the compatibility data. */
export const SRIOV_ROWS: Readonly<Record<string, readonly PluginRow[]>> = {
  sriov: [
    row(
      '>=2.0.0 <2.2.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1'],
      [
        'github:k8snetworkplumbingwg/sriov-cni@v2.0.0(9e4c973b) cmd/sriov/main.go:180 skel.PluginMain(cmdAdd, cmdDel, version.All); @v2.1.0(00ec040d) main.go:180 the same',
        'github:k8snetworkplumbingwg/sriov-cni glide.lock:5 github.com/containernetworking/cni a2da8f8d (v0.6.0-rc1) @v2.0.0(9e4c973b)–v2.1.0(00ec040d); github:containernetworking/cni@a2da8f8d pkg/version/version.go:38 All = PluginSupports("0.1.0", "0.2.0", "0.3.0", "0.3.1") (vendored copy the same)',
      ],
    ),
    row(
      '>=2.2.0 <2.7.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0'],
      [
        'github:k8snetworkplumbingwg/sriov-cni@v2.2(2aa9b0e7) cmd/sriov/main.go:220 skel.PluginMain(cmdAdd, cmdCheck, cmdDel, version.All, ""); @v2.6.3(ba420ed4) main.go:222 the same',
        'github:k8snetworkplumbingwg/sriov-cni github.com/containernetworking/cni: glide.lock:5 dc953e2f (v0.7.1-2) @v2.2(2aa9b0e7)–v2.4(eaf36512), go.mod:6 v0.8.0 @v2.5(c822350a)–v2.6(bcc60a3f), v0.8.1 @v2.6.1(e60316cb)–v2.6.3(ba420ed4); github:containernetworking/cni@dc953e2f, @v0.8.0, @v0.8.1 pkg/version/version.go:39 All = PluginSupports("0.1.0", …, "0.3.1", "0.4.0")',
      ],
    ),
    row(
      '>=2.7.0 <2.8.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'],
      [
        'github:k8snetworkplumbingwg/sriov-cni@v2.7.0(011ae68d) cmd/sriov/main.go:268 skel.PluginMain(cmdAdd, cmdCheck, cmdDel, version.All, "")',
        'github:k8snetworkplumbingwg/sriov-cni go.mod:6 github.com/containernetworking/cni v1.1.2 @v2.7.0(011ae68d); github:containernetworking/cni@v1.1.2 pkg/version/version.go:39 All = PluginSupports("0.1.0", …, "0.4.0", "1.0.0")',
      ],
    ),
    row(
      '>=2.8.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'],
      [
        'github:k8snetworkplumbingwg/sriov-cni@v2.8.0(36570f53) cmd/sriov/main.go:316 skel.PluginMainFuncs(cniFuncs, version.All, ""); @v2.8.1(fca65912), @v2.9.0(d1f41e4c) main.go:326, @v2.10.0(6e57b33a) main.go:25 the same',
        'github:k8snetworkplumbingwg/sriov-cni go.mod github.com/containernetworking/cni: v1.2.0-rc0.0.20240317203738-a448e71e9867 @v2.8.0(36570f53)–v2.9.0(d1f41e4c), v1.3.0 @v2.10.0(6e57b33a); github:containernetworking/cni@a448e71e, @v1.3.0 pkg/version/version.go:39 All = PluginSupports("0.1.0", …, "1.0.0", "1.1.0")',
      ],
      'Checked through v2.10.0, the newest release tag (and master 1b7acc5b: same call, cni v1.3.0).',
    ),
  ],
};
