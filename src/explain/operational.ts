/**
 * Catalogue entries for the CNI failures operators meet most that are not about the config's
 * version or syntax: the runtime has no network yet, the pod network could not be set up or torn
 * down, IPAM ran out of addresses, the bridge or the network namespace is in a bad state, and the
 * messages of flannel, Calico, Cilium and Multus themselves.
 *
 * Same conventions as src/explain/catalogue.ts (capture names `type`, `file`, `dir`, `version`,
 * `sandbox`, `pod`, …). Each entry's example line, quoted from a public issue thread, is in
 * test/explain/explain.test.ts. Sources without a tag were read through a code search and are
 * marked so; the confidence says whether the message was read in code or only in issue threads.
 */
import type { CatalogueEntry, Captures } from './catalogue.js';

/** A file or directory path in a message (no spaces, no colon after it). */
const PATH = String.raw`[^\s:"]+`;
/** Go's %s of a []string of directories: `[/etc/cni/net.d]`. */
const PATH_LIST = String.raw`\[[^\]]*\]`;
/** A version printed with %s (no quotes). */
const BARE_VERSION = String.raw`\d+(?:\.\d+)*|[^\s",;\]]+`;

const CHECK_DIR = 'cni-migrate check /etc/cni/net.d --bin-dir /opt/cni/bin';
const dirOf = (c: Captures): string => c.dir ?? '/etc/cni/net.d';

const SRC = {
  kubeletCni:
    'github:kubernetes/kubernetes pkg/kubelet/dockershim/network/cni/cni.go getDefaultCNINetwork ("no networks found in %s", "no valid networks found in %s"), checkInitialized ("cni config uninitialized"); Kubernetes up to 1.23 (read via code search, tag not pinned)',
  goCniEarly: 'github:containerd/go-cni cni.go Load: "no valid networks found in %s" wrapped in ErrCNINotInitialized (early releases; read via code search, tag not pinned)',
  ocicniMissing: 'github:cri-o/ocicni@v0.4.3(f9adb07) pkg/ocicni/ocicni.go:69 errMissingDefaultNetwork "no CNI configuration file in %s. Has your network provider started?"',
  hostLocal:
    'github:containernetworking/plugins@v1.9.1(adc3e6b5) plugins/ipam/host-local/main.go:117 "failed to allocate for range %d: %v", backend/allocator/allocator.go:109 "no IP addresses available in range set: %s"',
  hostLocalDup: 'github:containernetworking/plugins@v1.9.1(adc3e6b5) plugins/ipam/host-local/backend/allocator/allocator.go:83 "%s has been allocated to %s, duplicate allocation is not allowed"',
  bridgeAddr: 'github:containernetworking/plugins@v1.9.1(adc3e6b5) plugins/main/bridge/bridge.go:291 "%q already has an IP address different from %v", :673 "failed to set bridge addr: %v"',
  bridgeCreate: 'github:containernetworking/plugins@v1.9.1(adc3e6b5) plugins/main/bridge/bridge.go:345 "could not add %q: %v", :519 "failed to create bridge %q: %v"',
  nsStatfs: 'github:containernetworking/plugins@v1.9.1(adc3e6b5) pkg/ns/ns_linux.go:129 "failed to Statfs %q: %v"',
  flannelDelegate: 'github:flannel-io/cni-plugin@v1.9.1-flannel1(4c87e5d) flannel.go:264 "failed to delegate add: %w"',
  flannelSubnet:
    'github:flannel-io/cni-plugin@v1.9.1-flannel1(4c87e5d) flannel.go:287 "failed to load flannel \'subnet.env\' file: %w. Check the flannel pod log for this node." (before commit 18df61d: "loadFlannelSubnetEnv failed: %v")',
  flannelVersionToDelegate: 'https://github.com/containernetworking/plugins/pull/24 (flannel sets the cniVersion on the delegated config)',
  cni020: 'github:containernetworking/cni@v0.8.1(9fc34ae) pkg/types/020/types.go:73 GetAsVersion "cannot convert version %q to %s"',
  cniConvert: 'github:containernetworking/cni@v1.0.0(5608690) pkg/types/040/types.go:36-37 converters from 0.1.0 and 0.2.0 results',
  podmanParse: 'github:containers/podman libpod/networking_linux.go "error parsing CNI plugin result %q: %v" after cnitypes.GetResult (podman 1.x; read via code search, tag not pinned)',
  libcniInvoke:
    'github:containernetworking/cni@v1.3.0(a28faab9) pkg/invoke/raw_exec.go:76-81 pluginErr: "netplugin failed with no error message: %v" (nothing on stdout or stderr), "netplugin failed: %q" (stderr only), "netplugin failed but error parsing its diagnostic message %q: %v" (stdout not a CNI error object); the first two since v0.7.0 (59d8d02), the third since v0.6.0',
  portmapBackend:
    'github:containernetworking/plugins@v1.9.1(adc3e6b5) plugins/meta/portmap/portmap_iptables.go:70 "failed to open iptables: %v"; pkg/ip/ipmasq_iptables_linux.go:61 "failed to locate iptables: %v" (bridge/ptp ipMasq); vendor/sigs.k8s.io/knftables/nftables.go:99 "could not find nftables binary: %w" (the nftables backend)',
  calicoNodename:
    'github:projectcalico/calico cni-plugin/pkg/plugin/plugin.go "%s: check that the calico/node container is running and has mounted /var/lib/calico/" (read via code search, tag not pinned)',
} as const;

const THREAD = {
  k8s54918: 'https://github.com/kubernetes/kubernetes/issues/54918',
  k8s92903: 'https://github.com/kubernetes/kubernetes/issues/92903',
  talosExt826: 'https://github.com/siderolabs/extensions/issues/826',
  kubeadm1704: 'https://github.com/kubernetes/kubeadm/issues/1704',
  flannelCni16: 'https://github.com/coreos/flannel-cni/issues/16',
  origin14661: 'https://github.com/openshift/origin/issues/14661',
  k8s48798: 'https://github.com/kubernetes/kubernetes/issues/48798',
  crio8999: 'https://github.com/cri-o/cri-o/issues/8999',
  crio4276: 'https://github.com/cri-o/cri-o/issues/4276',
  kindCi33: 'https://github.com/kind-ci/examples/issues/33',
  nerdctl4283: 'https://github.com/containerd/nerdctl/issues/4283',
  kubekey2504: 'https://github.com/kubesphere/kubekey/issues/2504',
  k8s57465: 'https://github.com/kubernetes/kubernetes/issues/57465',
  multus1276: 'https://github.com/k8snetworkplumbingwg/multus-cni/issues/1276',
  cni701: 'https://github.com/containernetworking/cni/issues/701',
  crio2026: 'https://github.com/cri-o/cri-o/pull/2026',
  rancher14504: 'https://github.com/rancher/rancher/issues/14504',
  flannel1416: 'https://github.com/flannel-io/flannel/issues/1416',
  podman12306: 'https://github.com/containers/podman/issues/12306',
  coredns87: 'https://github.com/coredns/deployment/issues/87',
  k3s168: 'https://github.com/k3s-io/k3s/issues/168',
  plugins370: 'https://github.com/containernetworking/plugins/issues/370',
  k8s72044: 'https://github.com/kubernetes/kubernetes/issues/72044',
  minikube8445: 'https://github.com/kubernetes/minikube/issues/8445',
  plugins315: 'https://github.com/containernetworking/plugins/issues/315',
  flannel2253: 'https://github.com/flannel-io/flannel/issues/2253',
  k8s70202: 'https://github.com/kubernetes/kubernetes/issues/70202',
  calico9215: 'https://github.com/projectcalico/calico/issues/9215',
  calico5712: 'https://github.com/projectcalico/calico/issues/5712',
  calico3538: 'https://github.com/projectcalico/calico/issues/3538',
  argoHelm1653: 'https://github.com/argoproj/argo-helm/issues/1653',
  calico10166: 'https://github.com/projectcalico/calico/issues/10166',
  calico10352: 'https://github.com/projectcalico/calico/issues/10352',
  calico4361: 'https://github.com/projectcalico/calico/issues/4361',
  calico2941: 'https://github.com/projectcalico/calico/issues/2941',
  calico10146: 'https://github.com/projectcalico/calico/issues/10146',
  calico1795: 'https://github.com/projectcalico/calico/issues/1795',
  cilium40312: 'https://github.com/cilium/cilium/issues/40312',
  cilium6801: 'https://github.com/cilium/cilium/issues/6801',
  cilium27715: 'https://github.com/cilium/cilium/issues/27715',
  cilium32399: 'https://github.com/cilium/cilium/issues/32399',
  cilium10627: 'https://github.com/cilium/cilium/issues/10627',
  multus1094: 'https://github.com/k8snetworkplumbingwg/multus-cni/issues/1094',
  mellanox1363: 'https://github.com/Mellanox/network-operator/issues/1363',
  istio22449: 'https://github.com/istio/istio/issues/22449',
  multus633: 'https://github.com/k8snetworkplumbingwg/multus-cni/pull/633',
  flannel1358: 'https://github.com/flannel-io/flannel/issues/1358',
  flannelPr1179: 'https://github.com/flannel-io/flannel/pull/1179',
} as const;

const ISSUES = 'doc (issue threads)';
const CODE_AND_ISSUES = 'verified message (code) + issue threads';
const SEARCHED_AND_ISSUES = 'message seen in code search + issue threads';

export const OPERATIONAL: readonly CatalogueEntry[] = [
  // --- the runtime has no pod network yet -----------------------------------------------------
  {
    id: 'kubelet-no-networks',
    title: 'kubelet (dockershim) found no CNI config',
    patterns: [new RegExp(String.raw`(?:Unable to update cni config: )?[Nn]o networks found in (?<dir>${PATH})`)],
    meaning: (c) =>
      `kubelet's built-in CNI support (dockershim, Kubernetes up to 1.23 with Docker) found no .conf, .conflist or .json file in ${dirOf(c)}, so the node reports NetworkPluginNotReady and stays NotReady.`,
    cause:
      'No pod network add-on has written its config yet: normal right after `kubeadm init` until a network add-on (flannel, Calico, …) is applied and its DaemonSet pod runs on this node. Otherwise kubelet looks in another directory (--cni-conf-dir) than the add-on writes to.',
    fix: (c) => `Apply the pod network add-on and check that its pod runs on this node; then \`ls ${dirOf(c)}\`. If the files are elsewhere, align kubelet's --cni-conf-dir with the add-on.`,
    codes: [],
    references: [SRC.kubeletCni, THREAD.k8s54918, THREAD.kubeadm1704],
    confidence: SEARCHED_AND_ISSUES,
    errorMessages: [],
  },
  {
    id: 'no-valid-networks',
    title: 'CNI config files exist, but none could be loaded',
    patterns: [new RegExp(String.raw`[Nn]o valid networks found in (?<dir>${PATH_LIST}|${PATH})`)],
    meaning: (c) =>
      `kubelet (dockershim) or an early containerd go-cni read the files in ${dirOf(c)} but could load none of them, so the pod network is not ready.`,
    cause:
      'Every file failed to parse or to validate. kubelet 1.16 to 1.23 runs each plugin\'s VERSION command and skips a list a plugin rejects: the flannel manifests before flannel PR #1179 had no cniVersion, which kubelet 1.16 rejected. The lines before this one ("Error validating CNI config …") name the plugin and the reason.',
    fix: `Run \`${CHECK_DIR}\`: it reports files that do not parse (JSON_PARSE_ERROR), a missing cniVersion (CNI_VERSION_MISSING), a version a plugin does not accept (CNI_VERSION_UNSUPPORTED) and missing binaries (PLUGIN_BINARY_MISSING).`,
    codes: ['CNI_VERSION_MISSING', 'CNI_VERSION_UNSUPPORTED', 'PLUGIN_BINARY_MISSING', 'JSON_PARSE_ERROR'],
    references: [SRC.kubeletCni, SRC.goCniEarly, THREAD.flannelCni16, THREAD.flannelPr1179],
    confidence: SEARCHED_AND_ISSUES,
    errorMessages: [],
  },
  {
    id: 'cni-config-uninitialized',
    title: 'kubelet (dockershim) has no CNI network loaded',
    patterns: [/(?:network plugin is not ready: )?cni config uninitialized/],
    meaning: 'The network plugin has not loaded any CNI network (dockershim in kubelet up to 1.23, or an early CRI-O), so no pod sandbox gets a network and the node stays NotReady.',
    cause: 'No config in the CNI config directory yet, or none of the files there could be loaded: look for "No networks found in" or "no valid networks found in" just before this line.',
    fix: `Apply the pod network add-on if there is none; otherwise run \`${CHECK_DIR}\` on the node to find the file that does not load.`,
    codes: ['CNI_VERSION_MISSING', 'JSON_PARSE_ERROR'],
    references: [SRC.kubeletCni, THREAD.origin14661, THREAD.k8s48798],
    confidence: SEARCHED_AND_ISSUES,
    errorMessages: [],
  },
  {
    id: 'crio-no-cni-config',
    title: 'CRI-O found no CNI config file',
    patterns: [new RegExp(String.raw`[Nn]o CNI configuration file in (?<dir>[^\s:"]+?)\.? Has your network provider started\?`)],
    meaning: (c) => `CRI-O (ocicni) found no usable CNI config in ${dirOf(c)}, so it reports NetworkReady=false and the node stays NotReady.`,
    cause:
      "The pod network add-on has not written its config yet (normal until its DaemonSet pod runs on the node), it writes to another directory than CRI-O's network_dir, or every file there was skipped as invalid (CRI-O logs why, per file).",
    fix: (c) => `Check that the network add-on's pod runs on this node and writes to ${dirOf(c)} (CRI-O's [crio.network] network_dir); run \`${CHECK_DIR}\` for files CRI-O skipped.`,
    codes: ['LOAD_SKIPPED_CRIO'],
    references: [SRC.ocicniMissing, THREAD.crio8999, THREAD.crio4276],
    confidence: CODE_AND_ISSUES,
    errorMessages: [],
  },
  {
    id: 'runtime-network-not-ready',
    title: 'The container runtime reports the pod network as not ready',
    patterns: [/NetworkReady=false reason:NetworkPluginNotReady/],
    meaning: 'kubelet asked the container runtime for its status and the network condition is false (NetworkPluginNotReady): the node is NotReady and no pod that needs the pod network starts.',
    cause: 'The text after "message:" says why; cni-migrate explains it separately when it knows it (for example "cni plugin not initialized" or "no CNI configuration file").',
    fix: `Look at the message after "message:" and at the runtime's log (journalctl -u containerd or -u crio); \`${CHECK_DIR}\` finds configs that do not load.`,
    codes: [],
    references: [SRC.kubeletCni, THREAD.kindCi33, THREAD.origin14661],
    confidence: ISSUES,
    errorMessages: [],
    fallback: true,
  },
  {
    id: 'kubelet-cni-validation-failed',
    title: 'kubelet skipped a CNI config that failed validation',
    patterns: [/Error validating CNI config(?: list)?(?= \{| &\{|" configList=)/],
    meaning: 'kubelet (dockershim, Kubernetes 1.16 to 1.23) ran every plugin of a network list with CNI_COMMAND=VERSION and one rejected it, so kubelet skipped the list. If no list is left, it reports "no valid networks found".',
    cause: 'The error in brackets after the config says which plugin and why: most often a missing or unsupported cniVersion, or a plugin binary that is not installed.',
    fix: `Fix what the bracketed error names: \`${CHECK_DIR}\` runs the same VERSION probe and reports CNI_VERSION_MISSING, CNI_VERSION_UNSUPPORTED and PLUGIN_BINARY_MISSING.`,
    codes: ['CNI_VERSION_MISSING', 'CNI_VERSION_UNSUPPORTED', 'PLUGIN_BINARY_MISSING'],
    references: [SRC.kubeletCni, THREAD.flannel1358, THREAD.flannelCni16],
    confidence: SEARCHED_AND_ISSUES,
    errorMessages: [],
  },

  // --- pod network setup and teardown -------------------------------------------------------------
  {
    id: 'pod-network-setup-failed',
    title: 'Pod network setup failed (the error after this says why)',
    patterns: [
      /failed to setup network for sandbox "(?<sandbox>[^"]+)"(?:: plugin type="(?<type>[^"]*)"(?: name="(?<name>[^"]*)")? failed \((?<operation>[a-z]+)\))?/,
      /failed to set up sandbox container "(?<sandbox>[^"]+)" network for pod "[^"]*": [Nn]etwork[Pp]lugin cni failed to set up pod "(?<pod>[^"]+)" network/,
      /[Nn]etwork[Pp]lugin cni failed to set up pod "(?<pod>[^"]+)" network/,
      /plugin type="(?<type>[^"]*)"(?: name="(?<name>[^"]*)")? failed \((?<operation>add|check)\)/,
    ],
    meaning: (c) =>
      `The runtime ran the CNI ADD for a pod sandbox${c.pod ? ` of pod ${c.pod}` : ''} and it failed${c.type ? `: plugin "${c.type}" returned the error` : ''}, so the pod stays in ContainerCreating and kubelet retries.`,
    cause: 'The text after this says why; cni-migrate did not recognise it. The plugin\'s own log (for example /var/log/calico/cni, the flannel or Cilium agent pod log) usually says more.',
    fix: (c) =>
      `Read the error after the wrapper${c.type ? ` and the log of the "${c.type}" plugin or its agent pod on this node` : ''}; \`${CHECK_DIR}\` rules out config and version problems.`,
    codes: [],
    references: [THREAD.nerdctl4283, THREAD.rancher14504],
    confidence: ISSUES,
    errorMessages: [],
    fallback: true,
  },
  {
    id: 'plugin-failed-without-result',
    title: 'A plugin failed without a CNI error of its own',
    patterns: [
      /netplugin failed with no error message(?:: (?<exit>exit status \d+|signal: [A-Za-z ]+))?/,
      /netplugin failed: "(?<stderr>[^"]{0,200})/,
      /netplugin failed but error parsing its diagnostic message/,
    ],
    meaning: (c) =>
      `The runtime ran a CNI plugin binary and it exited with an error${c.exit ? ` (${c.exit})` : ''} without printing the CNI error object a plugin writes on stdout${c.stderr ? `; it printed only on stderr: ${c.stderr}` : ''}: the binary crashed, was killed, or is not a CNI plugin at all.`,
    cause:
      'A binary that cannot run on this node (another CPU architecture, a missing shared library, a script with a wrong interpreter), a plugin killed by the OOM killer or a timeout, a wrapper script that fails before it starts the plugin, or a plugin that panicked.',
    fix: 'Run the plugin by hand as the runtime does: `echo \'{"cniVersion":"0.4.0"}\' | CNI_COMMAND=VERSION /opt/cni/bin/TYPE` must print its supported versions. If it does not, reinstall the binary for this node\'s architecture; `cni-migrate probe --bin-dir /opt/cni/bin` runs the same check on every plugin.',
    codes: ['PROBE_FAILED'],
    references: [SRC.libcniInvoke, THREAD.k8s92903],
    confidence: CODE_AND_ISSUES,
    errorMessages: [],
  },
  {
    id: 'firewall-tool-missing',
    title: 'The iptables or nft binary a plugin runs is missing',
    patterns: [
      /could not find nftables binary: exec: "(?<tool>nft)": executable file not found/,
      /failed to (?:open|locate) (?<tool>iptables)(?::[^"\]]{0,120})?/,
    ],
    meaning: (c) =>
      `A plugin that writes packet-filter rules (portmap for hostPort, bridge or ptp with ipMasq) could not run ${c.tool ?? 'iptables'} on the node, so pod setup failed.`,
    cause: (c) =>
      c.tool === 'nft'
        ? 'The plugin is configured for the nftables backend ("backend": "nftables" in portmap) and the node has no nft binary in the PATH the runtime gives plugins (minimal OSes such as Talos ship none).'
        : 'The node has no iptables binary in the PATH the runtime gives plugins (minimal images, or an nftables-only OS), or it cannot run (missing kernel modules).',
    fix: (c) =>
      c.tool === 'nft'
        ? 'Install nft on the node, or use the iptables backend (remove "backend": "nftables") where the kernel has iptables.'
        : 'Install iptables (iptables-nft on nftables-only kernels) on the node, or on an OS without it switch portmap to "backend": "nftables".',
    codes: [],
    references: [SRC.portmapBackend, THREAD.talosExt826],
    confidence: CODE_AND_ISSUES,
    errorMessages: [],
  },
  {
    id: 'pod-network-teardown-failed',
    title: 'Pod network teardown failed',
    patterns: [
      /(?:StopPodSandbox for "[^"]*" failed" error=")?failed to destroy network for sandbox "(?<sandbox>[^"]+)"(?:: plugin type="(?<type>[^"]*)"(?: name="(?<name>[^"]*)")? failed \((?<operation>delete)\))?/,
      /[Nn]etwork[Pp]lugin cni failed to teardown pod "(?<pod>[^"]+)" network/,
    ],
    meaning: (c) =>
      `The runtime ran the CNI DEL for a pod sandbox${c.pod ? ` of pod ${c.pod}` : ''} and it failed${c.type ? ` in plugin "${c.type}"` : ''}: the sandbox cannot be removed, the pod can hang in Terminating, and its IP address may stay allocated until a DEL succeeds.`,
    cause: 'The error after this says why (cni-migrate explains it separately when it knows it). Teardown fails on what setup tolerated: a config without cniVersion on older runtimes, a plugin whose agent is gone, a network namespace that no longer exists.',
    fix: 'Fix the cause the rest of the line names; kubelet retries the teardown, so the pod goes away once one DEL succeeds. Do not delete /var/lib/cni state by hand while the runtime still retries.',
    codes: [],
    references: [THREAD.kubekey2504, THREAD.k8s57465],
    confidence: ISSUES,
    errorMessages: [],
  },
  {
    id: 'flannel-delegate-failed',
    title: "flannel's delegate plugin (bridge) failed",
    patterns: [/failed to delegate add/],
    meaning: 'flannel does not set up the pod interface itself: it hands the network to a delegate plugin (bridge, unless the flannel config\'s "delegate" names another type) and that plugin failed. The text after this is the delegate\'s error, not flannel\'s.',
    cause: 'Whatever the delegate reports: for bridge, the cni0 bridge or its address, IPAM (host-local) or the version the bridge binary accepts.',
    fix: 'Fix what the delegate\'s error names. For a version error, upgrade the bridge binary in the CNI bin directory (flannel passes the network\'s cniVersion on to it) or lower cniVersion; upgrading flannel does not help.',
    codes: [],
    references: [SRC.flannelDelegate, SRC.flannelVersionToDelegate, THREAD.multus1276],
    confidence: CODE_AND_ISSUES,
    errorMessages: [],
  },

  // --- results the runtime cannot convert ---------------------------------------------------------
  {
    id: 'result-version-unconvertible',
    title: 'A plugin returned a 0.1.0/0.2.0 result the runtime cannot convert',
    patterns: [
      new RegExp(
        String.raw`(?:failed to convert cached result version "(?<from>[^"]*)" to config version "(?<version>[^"]*)": )?` +
          String.raw`cannot convert version \[(?<supported>[^\]]*)\] to (?<to>${BARE_VERSION})`,
      ),
    ],
    meaning: (c) =>
      `A CNI result in the old 0.1.0/0.2.0 format (the "ip4" field) had to be converted to version ${c.to ?? 'of the config'}, and the runtime's libcni can convert such a result only to 0.1.0 or 0.2.0.`,
    cause: (c) =>
      `${c.from !== undefined ? `The result cached at ADD is at version "${c.from}" and the config is now at "${c.version ?? ''}". ` : ''}A plugin in the chain (often an old or third-party IPAM or main plugin) answers with a 0.2.0 result whatever cniVersion it is given, and libcni before v1.0.0 (containerd up to 1.5, CRI-O up to 1.22, podman 1.x-3.x) has no converter from 0.2.0 up; libcni v1.0.0 added one.`,
    fix: 'Upgrade the plugin that returns the old result (run it by hand with CNI_COMMAND=ADD to see its cniVersion), or upgrade the runtime to one built with libcni v1.0.0 or later. Lowering cniVersion to 0.2.0 also avoids the conversion, but loses the 0.3.0+ result fields.',
    codes: [],
    references: [SRC.cni020, SRC.cniConvert, THREAD.cni701, THREAD.crio2026],
    confidence: 'verified (code) + issue threads',
    errorMessages: [],
  },
  {
    id: 'podman-result-parse-failed',
    title: "podman could not read a CNI plugin's result",
    patterns: [/error parsing CNI plugin result/],
    meaning: 'podman (1.x, libpod) converts every CNI result to the version its libcni implements (0.4.0) and could not convert this one.',
    cause: 'The error after the quoted result says why: \'cannot convert version ["" "0.1.0" "0.2.0"] to 0.4.0\' means a plugin returned a 0.2.0-format result, whatever the config\'s cniVersion.',
    fix: 'Upgrade the plugin that returns the old result, or upgrade podman (podman 4 uses netavark or a newer libcni).',
    codes: [],
    references: [SRC.podmanParse, THREAD.crio2026],
    confidence: SEARCHED_AND_ISSUES,
    errorMessages: [],
  },

  // --- IPAM, bridge, network namespace ------------------------------------------------------------
  {
    id: 'ipam-range-exhausted',
    title: 'host-local IPAM has no free address in the node range',
    patterns: [/(?:failed to allocate for range (?<range>\d+): )?no IP addresses available in range set: (?<rangeSet>[0-9a-fA-F.:]+-[0-9a-fA-F.:]+|[^\s"',]+)/],
    meaning: (c) => `host-local IPAM found every address of ${c.rangeSet ?? 'the node\'s range'} reserved, so the pod gets no IP address.`,
    cause:
      'Usually leaked reservations: host-local keeps one file per address in /var/lib/cni/networks/<network>/ and removes it only on a successful CNI DEL, so pods removed while teardown failed (or a runtime restart that lost sandboxes) leave addresses behind. Otherwise the node\'s pod range (podCIDR, e.g. a /24 = 254 addresses) is too small for its pods.',
    fix: 'Compare the files in /var/lib/cni/networks/<network>/ with the running sandboxes (crictl pods); drain the node and remove the files whose container ID no longer exists, then fix the teardown errors that leaked them. If the range is really full, give nodes a larger podCIDR or lower max pods.',
    codes: [],
    references: [SRC.hostLocal, THREAD.rancher14504, THREAD.flannel1416],
    confidence: CODE_AND_ISSUES,
    errorMessages: [],
  },
  {
    id: 'ipam-duplicate-allocation',
    title: 'host-local IPAM already gave the requested address to another container',
    // Anchored on host-local's wrapper: an unanchored run of address characters would rescan long lines.
    patterns: [/failed to allocate for range (?<range>\d+): (?<ip>[^\s"]+) has been allocated to (?<container>[^\s,"]+), duplicate allocation is not allowed/],
    meaning: (c) => `host-local IPAM refused to give ${c.ip ?? 'the address'} to this container: its reservation file says it belongs to ${c.container ?? 'another container'}.`,
    cause: 'A static IP requested twice, or a reservation left behind by a container whose CNI DEL never ran (the same leak that exhausts ranges).',
    fix: 'Run DEL for the old container (or let the runtime finish its teardown), or remove the stale file in /var/lib/cni/networks/<network>/ once no container uses the address.',
    codes: [],
    references: [SRC.hostLocalDup, THREAD.cni701],
    confidence: CODE_AND_ISSUES,
    errorMessages: [],
  },
  {
    id: 'bridge-ip-mismatch',
    title: 'The bridge already has another subnet',
    patterns: [/failed to set bridge addr: "(?<bridge>[^"]+)" already has an IP address different from (?<addr>[0-9a-fA-F.:/]+)/],
    meaning: (c) =>
      `The bridge plugin wanted ${c.addr ?? 'its gateway address'} on ${c.bridge ?? 'the bridge'}, but the bridge already carries an address from another subnet, so it refuses to add pods to it.`,
    cause: (c) =>
      `${c.bridge ?? 'The bridge'} survived a change of the node's pod subnet: the node was reset and rejoined (kubeadm reset), flannel leased a new subnet (/run/flannel/subnet.env changed), or another CNI created the bridge first.`,
    fix: (c) =>
      `Check the node's subnet (/run/flannel/subnet.env, or the node's podCIDR), then delete the stale bridge: \`ip link set ${c.bridge ?? 'cni0'} down && ip link delete ${c.bridge ?? 'cni0'}\`. The bridge plugin recreates it with the right address for the next pod.`,
    codes: [],
    references: [SRC.bridgeAddr, THREAD.podman12306, THREAD.coredns87],
    confidence: CODE_AND_ISSUES,
    errorMessages: [],
  },
  {
    id: 'bridge-create-unsupported',
    title: 'The kernel cannot create the bridge',
    patterns: [/failed to create bridge "(?<bridge>[^"]+)": could not add "[^"]+": operation not supported/],
    meaning: (c) => `The bridge plugin could not create the Linux bridge${c.bridge ? ` ${c.bridge}` : ''} ("operation not supported" from the kernel).`,
    cause: 'The kernel has no bridge support: the bridge module is not loaded or not built (minimal or custom kernels, some VPS and container hosts), or the running kernel was upgraded and its modules are gone until a reboot.',
    fix: '`modprobe bridge` (and br_netfilter); if that fails, install the kernel modules for the running kernel or reboot into the installed one.',
    codes: [],
    references: [SRC.bridgeCreate, THREAD.k3s168, THREAD.plugins370],
    confidence: CODE_AND_ISSUES,
    errorMessages: [],
  },
  {
    id: 'netns-missing',
    title: "The pod's network namespace no longer exists",
    patterns: [/failed to Statfs "(?<netns>[^"]+)": no such file or directory/],
    meaning: (c) => `The plugin was given the network namespace${c.netns ? ` ${c.netns}` : ''} and it no longer exists.`,
    cause: 'The sandbox process exited (or was killed) before the runtime ran the plugin: a race with pods that stop at once (CronJobs, OOM), or a teardown retried after the namespace was already gone.',
    fix: 'Usually transient: kubelet creates a new sandbox. If it repeats on teardown, upgrade the plugin (newer plugins treat a missing namespace on DEL as done) and the runtime.',
    codes: [],
    references: [SRC.nsStatfs, THREAD.k8s72044, THREAD.k8s57465],
    confidence: CODE_AND_ISSUES,
    errorMessages: [],
  },
  {
    id: 'kubelet-netns-unknown',
    title: 'kubelet could not find the network namespace of a terminated container',
    patterns: [/CNI failed to retrieve network namespace path: (?<reason>cannot find network namespace for the terminated container)/],
    meaning: 'kubelet (dockershim) wanted the network namespace of a pod sandbox that has already exited, to read its IP or tear it down, and found none.',
    cause: 'Normal while kubelet cleans up after a sandbox that failed or exited; it is a warning, not the failure itself.',
    fix: 'Nothing to fix on its own: look for the error that made the sandbox fail (for example the CNI ADD error just before).',
    codes: [],
    references: [SRC.kubeletCni, THREAD.minikube8445, THREAD.plugins315],
    confidence: ISSUES,
    errorMessages: [],
  },

  // --- flannel ----------------------------------------------------------------------------------
  {
    id: 'flannel-subnet-env-missing',
    title: "flannel's subnet.env does not exist (flanneld is not running here)",
    patterns: [/open (?<file>[^\s:"]*subnet\.env): no such file or directory/],
    meaning: (c) => `The flannel CNI plugin reads ${c.file ?? '/run/flannel/subnet.env'}, which flanneld writes once it has a subnet lease for the node, and the file does not exist.`,
    cause: 'flanneld is not running on this node, or has not got its lease yet: the kube-flannel pod is crash-looping or pending (often: the cluster was not created with --pod-network-cidr, so the node has no podCIDR), or flannel config remains in /etc/cni/net.d after moving to another CNI.',
    fix: 'Check the kube-flannel pod on this node (kubectl -n kube-flannel logs) and that the node has a podCIDR (kubeadm init --pod-network-cidr=10.244.0.0/16 for the default manifest). If flannel is not meant to be used, remove its file from /etc/cni/net.d.',
    codes: [],
    references: [SRC.flannelSubnet, THREAD.flannel2253, THREAD.k8s70202],
    confidence: CODE_AND_ISSUES,
    errorMessages: [],
  },

  // --- Calico -----------------------------------------------------------------------------------
  {
    id: 'calico-unauthorized',
    title: 'Calico CNI: the API server refused its credentials',
    patterns: [/error getting ClusterInformation: connection is unauthorized: Unauthorized/],
    meaning: 'The calico plugin reads ClusterInformation from the Kubernetes API on every ADD and DEL, and the API server answered 401 Unauthorized to the token in the plugin\'s kubeconfig (/etc/cni/net.d/calico-kubeconfig).',
    cause: 'The service-account token in calico-kubeconfig expired or was revoked (calico-node refreshes it; if calico-node is down or was reinstalled, the old token stays), or the service account was deleted and recreated.',
    fix: 'Make sure calico-node runs on this node and restart it so that it writes a fresh calico-kubeconfig; after a reinstall, delete the stale calico-kubeconfig first. Check the calico-cni-plugin / calico-node RBAC.',
    codes: [],
    references: [THREAD.calico9215, THREAD.calico5712, THREAD.calico3538],
    confidence: ISSUES,
    errorMessages: [],
  },
  {
    id: 'calico-cluster-information-missing',
    title: 'Calico CNI: the ClusterInformation resource does not exist',
    patterns: [/resource does not exist: ClusterInformation\(default\)/],
    meaning: 'The calico plugin reached the API server, but the ClusterInformation "default" resource (or its CRD) does not exist.',
    cause: 'Calico\'s CRDs are not installed, or calico-node has never initialised the datastore (it creates ClusterInformation at start), for example because calico-node is crash-looping.',
    fix: 'Install the Calico CRDs with the manifest of your Calico version and get calico-node running; kubectl get clusterinformations.crd.projectcalico.org default should then succeed.',
    codes: [],
    references: [THREAD.argoHelm1653, THREAD.calico10166],
    confidence: ISSUES,
    errorMessages: [],
  },
  {
    id: 'calico-apiserver-unreachable',
    title: 'Calico CNI cannot reach the Kubernetes API server',
    patterns: [
      /error getting ClusterInformation: Get "?(?<url>https?:\/\/[^\s"]+?)"?: (?<reason>[^"]*[^"\s])/,
      /clusterinformations\/default"?: (?<reason>dial tcp [^\s"]+: (?:i\/o timeout|connect: [a-z ]*[a-z]))/,
    ],
    meaning: (c) => `The calico plugin could not read ClusterInformation from the Kubernetes API${c.url ? ` (${c.url})` : ''}: ${c.reason ?? 'the request failed'}.`,
    cause:
      'The plugin runs on the host and reaches the API through the kubernetes Service IP (10.96.0.1 by default), which kube-proxy must route: kube-proxy not running, a Service CIDR that overlaps the pod or node network, a firewall, or an HTTP(S)_PROXY in the runtime\'s environment without NO_PROXY for the Service and pod ranges ("Service Unavailable").',
    fix: 'From the node, curl -k https://<service IP>:443/version; check kube-proxy on this node and the runtime\'s proxy settings (systemctl show containerd -p Environment), adding the Service and pod CIDRs to NO_PROXY.',
    codes: [],
    references: [THREAD.calico10352, THREAD.calico4361, THREAD.calico2941],
    confidence: ISSUES,
    errorMessages: [],
  },
  {
    id: 'calico-nodename-missing',
    title: 'Calico CNI: calico-node has not written /var/lib/calico/nodename',
    patterns: [/stat (?<file>[^\s:"]*\/calico\/nodename): no such file or directory/],
    meaning: (c) => `The calico plugin reads the node name from ${c.file ?? '/var/lib/calico/nodename'}, which calico-node writes when it starts, and the file does not exist.`,
    cause: 'calico-node is not running (yet) on this node, or does not mount /var/lib/calico from the host. Normal for a short time while a node starts; lasting, it means calico-node is crash-looping.',
    fix: 'Check the calico-node pod on this node (kubectl -n kube-system or -n calico-system logs) and that it mounts /var/lib/calico; pods get networks once it runs.',
    codes: [],
    references: [SRC.calicoNodename, THREAD.calico10146, THREAD.calico1795],
    confidence: SEARCHED_AND_ISSUES,
    errorMessages: [],
  },

  // --- Cilium -----------------------------------------------------------------------------------
  {
    id: 'cilium-agent-unreachable',
    title: 'Cilium CNI cannot reach the Cilium agent',
    patterns: [/[Uu]nable to connect to Cilium (?:daemon|agent)/],
    meaning: 'The cilium-cni plugin talks to the cilium-agent on the node through /var/run/cilium/cilium.sock and could not connect within its timeout.',
    cause: 'cilium-agent is not running on this node (starting, crash-looping, evicted), or Cilium was uninstalled and its CNI config was left in /etc/cni/net.d.',
    fix: 'Check the cilium pod on this node (kubectl -n kube-system logs ds/cilium); after uninstalling Cilium, remove its config (05-cilium.conflist) from /etc/cni/net.d on every node.',
    codes: [],
    references: [THREAD.cilium40312, THREAD.cilium6801, THREAD.cilium27715],
    confidence: ISSUES,
    errorMessages: [],
  },
  {
    id: 'cilium-api-timeout',
    title: 'Cilium CNI: the agent did not create the endpoint in time',
    patterns: [/[Uu]nable to create endpoint: Cilium API client timeout exceeded/],
    meaning: 'cilium-cni asked the cilium-agent to create the pod\'s endpoint and the request timed out.',
    cause: 'The agent is overloaded or blocked (endpoint regeneration, identity allocation waiting on the API server or kvstore, a stuck proxy).',
    fix: 'Look at the cilium-agent log on this node and `cilium status`; restarting the agent or moving the pod usually recovers; upgrade Cilium if it repeats.',
    codes: [],
    references: [THREAD.cilium32399],
    confidence: ISSUES,
    errorMessages: [],
  },
  {
    id: 'cilium-ipam-exhausted',
    title: 'Cilium IPAM has no free address on this node',
    patterns: [/unable to allocate IP via local cilium agent: \[POST \/ipam\]\[(?<status>\d+)\] postIpamFailure\s+(?<reason>[^",\]]*[^",\]\s])/],
    meaning: (c) => `cilium-cni asked the cilium-agent for an address and Cilium IPAM refused: ${c.reason ?? 'no address'}.`,
    cause: 'The node\'s pod CIDR is used up (too small for the pods on the node, or addresses leaked by endpoints that were not released).',
    fix: 'Check `cilium status --verbose` (IPAM) on the node; give nodes larger pod CIDRs (cluster-pool mask size) or lower max pods, and restart the agent to release leaked addresses.',
    codes: [],
    references: [THREAD.cilium10627],
    confidence: ISSUES,
    errorMessages: [],
  },

  // --- Multus -----------------------------------------------------------------------------------
  {
    id: 'multus-pod-lookup-failed',
    title: 'Multus could not read the pod from the API server',
    patterns: [/Multus: \[(?<pod>[^\]]+)\]: error (?:getting|waiting for) pod: (?<reason>[^",\]]*[^",\]\s])/],
    meaning: (c) => `Multus reads the pod (for its network annotations) from the API server before it calls the delegates, and the request for ${c.pod ?? 'the pod'} failed: ${c.reason ?? ''}.`,
    cause: (c) =>
      c.reason === 'Unauthorized'
        ? "The token in Multus's kubeconfig (/etc/cni/net.d/multus.d/multus.kubeconfig) is expired or belongs to a deleted service account: Multus was reinstalled or uninstalled and its config left behind, or the thin plugin does not refresh the token."
        : 'The API server is not reachable from the node, or the pod was deleted meanwhile.',
    fix: 'Restart the Multus DaemonSet pod on the node so it writes a fresh kubeconfig; after uninstalling Multus, remove 00-multus.conf and multus.d/ from /etc/cni/net.d.',
    codes: [],
    references: [THREAD.multus1094, THREAD.mellanox1363],
    confidence: ISSUES,
    errorMessages: [],
  },
  {
    id: 'multus-readiness-indicator',
    title: 'Multus is waiting for the default network to be ready',
    patterns: [/(?:error waiting for|still waiting for(?: the)?) ReadinessIndicatorFile(?: @ (?<file>[^\s"]+?)\.?(?=\s|"|$))?/i],
    meaning: (c) => `Multus waits for the readiness indicator file${c.file ? ` ${c.file}` : ''} (the default network's CNI config) before it sets up any pod, and it did not appear in time.`,
    cause: 'The default network (the CNI that Multus delegates to first) is not running on this node, or it writes its config under another name or directory than --readiness-indicator-file says.',
    fix: 'Get the default network\'s pod running on the node, and make --readiness-indicator-file name the file it writes.',
    codes: [],
    references: [THREAD.istio22449, THREAD.multus633],
    confidence: ISSUES,
    errorMessages: [],
  },
];
