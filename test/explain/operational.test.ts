/**
 * `cni-migrate explain` on the operational failures (src/explain/operational.ts) and the flannel
 * delegate case, with log lines quoted as printed in the public issue threads named next to them.
 * Assertions are on ids, captures, line numbers and the component an explanation names.
 */
import { describe, expect, it } from 'vitest';
import { explainText } from '../../src/explain/explain.js';

const ids = (text: string): string[] => explainText(text).map((m) => m.id);

describe('several lines of a real log', () => {
  // https://github.com/kubernetes/kubelet/issues/46 (kubelet klog, containerd error quoted with \")
  const KUBELET_46 = [
    String.raw`Oct 26 14:08:18 k8s-eu-1-master kubelet[1067481]: E1026 14:08:18.459322 1067481 remote_runtime.go:193] "RunPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = failed to setup network for sandbox \"5db402ddcda98eb797e884575883860a0211c9bf5b6b9d08562793290fd5de78\": plugin type=\"flannel\" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory"`,
    String.raw`Oct 26 14:08:18 k8s-eu-1-master kubelet[1067481]: E1026 14:08:18.459398 1067481 kuberuntime_sandbox.go:72] "Failed to create sandbox for pod" err="rpc error: code = Unknown desc = failed to setup network for sandbox \"5db402ddcda98eb797e884575883860a0211c9bf5b6b9d08562793290fd5de78\": plugin type=\"flannel\" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory" pod="kube-system/coredns-5dd5756b68-gt7xt"`,
    String.raw`Oct 26 14:08:18 k8s-eu-1-master kubelet[1067481]: E1026 14:08:18.459421 1067481 kuberuntime_manager.go:1166] "CreatePodSandbox for pod failed" err="rpc error: code = Unknown desc = failed to setup network for sandbox \"5db402ddcda98eb797e884575883860a0211c9bf5b6b9d08562793290fd5de78\": plugin type=\"flannel\" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory" pod="kube-system/coredns-5dd5756b68-gt7xt"`,
  ].join('\n');

  it('reports the cause once, counted, and drops the setup wrapper', () => {
    expect(explainText(KUBELET_46).map((m) => [m.id, m.line, m.count, m.captures])).toEqual([
      ['flannel-subnet-env-missing', 1, 3, { file: '/run/flannel/subnet.env' }],
    ]);
  });

  // https://github.com/openshift/origin/issues/14661 (two kubelet lines, repeated)
  const ORIGIN_14661 = [
    'Jun 15 15:56:55 ip-172-18-9-251.ec2.internal origin-node[17440]: W0615 15:56:55.887902   17494 cni.go:157] Unable to update cni config: No networks found in /etc/cni/net.d',
    'Jun 15 15:56:55 ip-172-18-9-251.ec2.internal origin-node[17440]: E0615 15:56:55.888015   17494 kubelet.go:2072] Container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized',
    'Jun 15 15:57:00 ip-172-18-9-251.ec2.internal origin-node[17440]: W0615 15:57:00.889340   17494 cni.go:157] Unable to update cni config: No networks found in /etc/cni/net.d',
    'Jun 15 15:57:00 ip-172-18-9-251.ec2.internal origin-node[17440]: E0615 15:57:00.889507   17494 kubelet.go:2072] Container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized',
    'Jun 15 15:57:05 ip-172-18-9-251.ec2.internal origin-node[17440]: I0615 15:57:05.565256   17494 qos_container_manager_linux.go:285] [ContainerManager]: Updated QoS cgroup configuration',
  ].join('\n');

  it('explains the dockershim pair with line numbers', () => {
    expect(explainText(ORIGIN_14661).map((m) => [m.id, m.line, m.count])).toEqual([
      ['kubelet-no-networks', 1, 2],
      ['cni-config-uninitialized', 2, 2],
    ]);
  });
});

describe('wrappers', () => {
  it('reports the NetworkPluginNotReady condition only when its message is not known', () => {
    // https://github.com/kind-ci/examples/issues/33 (issue title)
    expect(ids('KubeletNotReady runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized')).toEqual([
      'cni-plugin-not-initialized',
    ]);
  });

  it('reports a teardown next to its cause, with the plugin that failed', () => {
    // https://github.com/kubesphere/kubekey/issues/2504
    const line = String.raw`Mar 10 11:23:25 master01 kubelet[30360]: E0310 11:23:25.118774   30360 pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \"KillPodSandbox\" for \"df5850ac-71ea-4222-a991-e6f83020cac6\" with KillPodSandboxError: \"rpc error: code = Unknown desc = failed to destroy network for sandbox \\\"e7ca2caab400695302490760c6f4a69348788886f7330240da1ea7e567563d9a\\\": plugin type=\\\"calico\\\" failed (delete): stat /var/lib/calico/nodename: no such file or directory: check that the calico/node container is running and has mounted /var/lib/calico/\\\"\"" pod="kube-system/calico-kube-controllers-75c587cc8d-jf892" podUID="df5850ac-71ea-4222-a991-e6f83020cac6"`;
    const [teardown, cause, ...rest] = explainText(line);
    expect(rest).toEqual([]);
    expect(teardown).toMatchObject({
      id: 'pod-network-teardown-failed',
      captures: { sandbox: 'e7ca2caab400695302490760c6f4a69348788886f7330240da1ea7e567563d9a', type: 'calico', operation: 'delete' },
    });
    expect(teardown!.meaning).toContain('"calico"');
    expect(cause).toMatchObject({ id: 'calico-nodename-missing', captures: { file: '/var/lib/calico/nodename' } });
  });

  it('reads a dockershim teardown whose cause is repeated in the same line', () => {
    // https://github.com/cilium/cilium/issues/6801
    const line =
      'Warning  FailedCreatePodSandBox  20s   kubelet, ip-192-168-4-64.us-west-2.compute.internal  Failed create pod sandbox: rpc error: code = Unknown desc = [failed to set up sandbox container "7cf45c4df81512373b370ffe526ce61fad423a1c801f6d0136f389314a4fac1c" network for pod "cilium-etcd-zj5wtgvx9d": NetworkPlugin cni failed to set up pod "cilium-etcd-zj5wtgvx9d_kube-system" network: unable to connect to Cilium daemon: Failed to create cilium agent client after 30.000000 seconds timeout: %!!(MISSING)s(<nil>), failed to clean up sandbox container "7cf45c4df81512373b370ffe526ce61fad423a1c801f6d0136f389314a4fac1c" network for pod "cilium-etcd-zj5wtgvx9d": NetworkPlugin cni failed to teardown pod "cilium-etcd-zj5wtgvx9d_kube-system" network: unable to connect to Cilium daemon: Failed to create cilium agent client after 30.000000 seconds timeout: %!!(MISSING)s(<nil>)]';
    expect(explainText(line).map((m) => [m.id, m.count, m.captures])).toEqual([
      ['cilium-agent-unreachable', 2, {}],
      ['pod-network-teardown-failed', 1, { pod: 'cilium-etcd-zj5wtgvx9d_kube-system' }],
    ]);
  });
});

describe('variants of the operational messages', () => {
  it('reads the Calico API timeout without the ClusterInformation prefix', () => {
    // https://github.com/projectcalico/calico/issues/4361 (issue title)
    const m = explainText('"https://[100.64.0.1]:443/apis/crd.projectcalico.org/v1/clusterinformations/default": dial tcp 100.64.0.1:443: i/o timeout when creating pods');
    expect(m.map((x) => [x.id, x.captures])).toEqual([['calico-apiserver-unreachable', { reason: 'dial tcp 100.64.0.1:443: i/o timeout' }]]);
  });

  it('reads the Calico "Service Unavailable" title with a bracketed service IP', () => {
    // https://github.com/projectcalico/calico/issues/2941 (issue title)
    const [m, ...rest] = explainText(
      'containerd: failed to setup network for sandbox [uuid] error getting ClusterInformation: Get https://[10.96.0.1]:443/apis/crd.projectcalico.org/v1/clusterinformations/default: Service Unavailable',
    );
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ id: 'calico-apiserver-unreachable', captures: { url: 'https://[10.96.0.1]:443/apis/crd.projectcalico.org/v1/clusterinformations/default', reason: 'Service Unavailable' } });
  });

  it('reads the Multus "waiting for pod" form and names the cause of Unauthorized', () => {
    // https://github.com/Mellanox/network-operator/issues/1363
    const [m, ...rest] = explainText(
      '0s          Warning   FailedCreatePodSandBox   pod/ibtest-7bcb79db58-ssdsp               Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "c1dbf1d229d550be97df0a23973f9827ed6101062cad98b739dc6ea0daf2c339": plugin type="multus" name="multus-cni-network" failed (add): Multus: [default/ibtest-7bcb79db58-ssdsp/4573f52c-7caa-4161-9025-8553985a537a]: error waiting for pod: Unauthorized',
    );
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ id: 'multus-pod-lookup-failed', captures: { pod: 'default/ibtest-7bcb79db58-ssdsp/4573f52c-7caa-4161-9025-8553985a537a', reason: 'Unauthorized' } });
    expect(m!.cause).toContain('token');
  });

  it('reads the old flannel subnet.env wording through CNI Genie and dockershim', () => {
    // https://github.com/kubernetes/website/issues/10377
    const line =
      'Warning  FailedCreatePodSandBox  1d                 kubelet, node2     Failed create pod sandbox: rpc error: code = Unknown desc = failed to set up sandbox container "99e30671c80ab8fe5cedd54fb4edd2ce99ebc45ed120e912d2c7e51f2cab350a" network for pod "node1-6777d4468-d6tvq": NetworkPlugin cni failed to set up pod "node1-6777d4468-d6tvq_default" network: open /run/flannel/subnet.env: no such file or directory';
    expect(ids(line)).toEqual(['flannel-subnet-env-missing']);
  });
});

describe('incompatible CNI versions: who refused', () => {
  it('names flannel when flannel itself refused (no delegate)', () => {
    // https://github.com/kubernetes-sigs/sig-windows-tools/issues/266
    const [m, ...rest] = explainText(
      'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "8249f8c9d4845a1cfda66c0bc5becd7d035d3250c63a79e283a7352a3c8d6156": plugin type="flannel" name="flannel.4096" failed (add): incompatible CNI versions; config is "0.3.1", plugin supports ["0.2.0"]',
    );
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ id: 'incompatible-cni-versions', captures: { type: 'flannel', name: 'flannel.4096', operation: 'add', version: '0.3.1', supported: '"0.2.0"' } });
    expect(m!.captures.delegated).toBeUndefined();
    expect(m!.meaning.startsWith('Plugin "flannel" refused')).toBe(true);
    expect(m!.hints).toEqual([]);
  });

  it("names flannel's delegate (bridge) when flannel wraps the delegate's refusal", () => {
    // No public thread quotes this combination; the line joins flannel's wrapper
    // (flannel-io/cni-plugin flannel.go "failed to delegate add: %w", as in multus-cni#1276)
    // with the bridge plugin's refusal as containerd 1.6 prints it.
    const line =
      'failed to setup network for sandbox "0f3c": plugin type="flannel" failed (add): failed to delegate add: incompatible CNI versions; config is "1.0.0", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0"]';
    const [m, ...rest] = explainText(line);
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ id: 'incompatible-cni-versions', captures: { type: 'flannel', delegated: 'failed to delegate add', version: '1.0.0' } });
    expect(m!.meaning).toMatch(/^The plugin that "flannel" delegates to \(bridge/);
    expect(m!.cause).toContain('not flannel');
    expect(m!.fix).toContain('upgrading flannel itself does not help');
    expect(m!.hints).toHaveLength(1);
    expect(m!.hints[0]).toContain('bridge');
  });

  it('reads the error object a plugin prints when run by hand, pretty-printed', () => {
    // https://github.com/containernetworking/plugins/issues/425 (host-local run by hand)
    const out = ['$ /opt/cni/bin/host-local <host-local.conf', '{', '    "code": 1,', '    "msg": "incompatible CNI versions",', String.raw`    "details": "config is \"0.4.0\", plugin supports [\"0.1.0\" \"0.2.0\" \"0.3.0\" \"0.3.1\"]"`, '}'].join(
      '\n',
    );
    expect(explainText(out).map((m) => [m.id, m.line, m.captures])).toEqual([
      ['incompatible-cni-versions', 5, { version: '0.4.0', supported: '"0.1.0" "0.2.0" "0.3.0" "0.3.1"' }],
    ]);
  });
});

describe('no false alarms', () => {
  it('ignores the ordinary lines around the errors in the same threads', () => {
    const noise = [
      // https://github.com/opsnull/follow-me-install-kubernetes-cluster/issues/232
      'Jun 22 00:03:17 k8s-master-server kubelet[13584]: I0622 00:03:17.754246   13584 mount_linux.go:211] Detected OS with systemd',
      // https://github.com/cri-o/cri-o/issues/4276
      'Mar 07 12:59:42 RegalFoyer crio[20666]: time="2025-03-07 12:59:42.508389982+05:30" level=info msg="Starting seccomp notifier watcher"',
      'Mar 07 13:00:04 RegalFoyer crio[20666]: time="2025-03-07 13:00:04.563443050+05:30" level=info msg="Stopping pod sandbox: a59945b16f8402f4b60272d645010fad6fb3b23743c6da36a7a832e62004d674" id=d4c12c89-0541-4ebd-9f2a-32f56ca3a3c4 name=/runtime.v1.RuntimeService/StopPodSandbox',
      // https://github.com/projectcalico/calico/issues/8767
      '2024-04-26 19:48:51.631 [INFO][1] main.go 131: Ensuring Calico datastore is initialized',
      // https://github.com/projectcalico/calico/issues/8645
      '2024-03-22 20:01:54.629 [INFO][1] cni-installer/<nil> <nil>: File is already up to date, skipping file="/host/opt/cni/bin/calico"',
      // https://github.com/kubernetes-sigs/kubespray/issues/3295
      'level=info msg="Serving cilium at unix:///var/run/cilium/cilium.sock" subsys=daemon',
      // https://github.com/k3s-io/k3s/issues/122
      'time="2019-03-04T09:53:00.650735158+01:00" level=info msg="RunPodSandbox with config &PodSandboxConfig{Metadata:&PodSandboxMetadata{Name:nginx-deployment-76bf4969df-7r7q9,Uid:65aa1dc1-3d40-11e9-8c52-4ccc6abd096d,Namesp',
    ].join('\n');
    expect(explainText(noise)).toEqual([]);
  });

  it('stays linear on long hostile lines', () => {
    const hostile = [
      `failed to setup network for sandbox "${'a'.repeat(50_000)}`,
      `no CNI configuration file in /${'x/'.repeat(50_000)}`,
      `error getting ClusterInformation: Get "https://${'9'.repeat(50_000)}`,
      `Multus: [${'p'.repeat(50_000)}]: error getting pod: ${'u'.repeat(50_000)}`,
      `${'\\'.repeat(50_000)}" no IP addresses available in range set: ${'1.'.repeat(50_000)}`,
      `still waiting for readinessindicatorfile @ ${'f'.repeat(50_000)}`,
    ].join('\n');
    const start = performance.now();
    explainText(hostile.repeat(4));
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
