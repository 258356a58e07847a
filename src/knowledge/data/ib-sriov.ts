/**
 * The InfiniBand SR-IOV CNI plugin of k8snetworkplumbingwg/ib-sriov-cni, type `ib-sriov`: it
 * moves an InfiniBand VF into the pod (with Multus, the SR-IOV network device plugin and
 * ib-kubernetes; also installed by the sriov-network-operator). Read at every release tag, v1.0.0
 * to v1.3.0 (tags carry a leading `v`). v1.0.0 built the binary as `ib-sriov-cni`, so its configs
 * use that type; from v1.0.1 the binary is `ib-sriov`. Every tag passes libcni's `version.All` to
 * skel, so it accepts the list of the github.com/containernetworking/cni its go.mod pins.
 */
import type { PluginRow } from './compat.js';
import { codeRows } from './code-rows.js';

export const IB_SRIOV_PROJECT = 'k8snetworkplumbingwg/ib-sriov-cni';

const MAIN = 'cmd/ib-sriov-cni/main.go';

const row = codeRows(IB_SRIOV_PROJECT);

/** Rows for the `ib-sriov` plugin type (and `ib-sriov-cni`, its name at v1.0.0). */
export const IB_SRIOV_ROWS: Readonly<Record<string, readonly PluginRow[]>> = {
  'ib-sriov': [
    row(
      '>=1.0.1 <1.1.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0'],
      [
        `github:k8snetworkplumbingwg/ib-sriov-cni@v1.0.1(cea28a43) ${MAIN}:394 skel.PluginMain(cmdAdd, cmdCheck, cmdDel, cniVersion.All, ""); @v1.0.2(af8a57a2) :394, @v1.0.3(b1794e7c) :398 the same; Makefile:2 BINARY_NAME=ib-sriov`,
        'github:k8snetworkplumbingwg/ib-sriov-cni go.mod:8 github.com/containernetworking/cni: v0.7.1 @v1.0.1(cea28a43), v0.8.1 @v1.0.2(af8a57a2)–v1.0.3(b1794e7c) (vendor/modules.txt the same); github:containernetworking/cni@v0.7.1, @v0.8.1 pkg/version/version.go:39 All = PluginSupports("0.1.0", …, "0.3.1", "0.4.0") (vendored copies the same)',
      ],
    ),
    row(
      '>=1.1.0 <1.3.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'],
      [
        `github:k8snetworkplumbingwg/ib-sriov-cni@v1.1.0(3d6a0500) ${MAIN}:403 skel.PluginMain(cmdAdd, cmdCheck, cmdDel, cniVersion.All, ""); @v1.1.1(abe30d62), @v1.2.0(b7b9facc), @v1.2.1(aa7d40f4) :403 the same`,
        'github:k8snetworkplumbingwg/ib-sriov-cni go.mod github.com/containernetworking/cni v1.1.2 @v1.1.0(3d6a0500)–v1.2.1(aa7d40f4); github:containernetworking/cni@v1.1.2 pkg/version/version.go:39 All = PluginSupports("0.1.0", …, "0.4.0", "1.0.0")',
      ],
    ),
    row(
      '>=1.3.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'],
      [
        `github:k8snetworkplumbingwg/ib-sriov-cni@v1.3.0(8cbc12ce) ${MAIN}:404 skel.PluginMainFuncs(skel.CNIFuncs{…}, cniVersion.All, "") (the argument at :410)`,
        'github:k8snetworkplumbingwg/ib-sriov-cni go.mod:6 github.com/containernetworking/cni v1.3.0 @v1.3.0(8cbc12ce); github:containernetworking/cni@v1.3.0 pkg/version/version.go:39 All = PluginSupports("0.1.0", …, "1.0.0", "1.1.0")',
      ],
      'Checked through v1.3.0, the newest release tag (and master 543060da: the same call, cni v1.3.0).',
    ),
  ],
  'ib-sriov-cni': [
    row(
      '>=1.0.0 <1.0.1',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0'],
      [
        `github:k8snetworkplumbingwg/ib-sriov-cni@v1.0.0(da58da78) ${MAIN}:242 skel.PluginMain(cmdAdd, cmdCheck, cmdDel, version.All, ""); Makefile:2 BINARY_NAME=ib-sriov-cni; deployment/examples/ib-crd.yaml "type": "ib-sriov-cni"`,
        'github:k8snetworkplumbingwg/ib-sriov-cni go.mod:8 github.com/containernetworking/cni v0.7.1 @v1.0.0(da58da78); github:containernetworking/cni@v0.7.1 pkg/version/version.go:39 All = PluginSupports("0.1.0", …, "0.3.1", "0.4.0")',
      ],
      'Only v1.0.0 installs the binary under this name; it became `ib-sriov` in d4049a3c (2020-05-26), first released in v1.0.1.',
    ),
  ],
};
