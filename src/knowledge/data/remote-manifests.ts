/**
 * Upstream install manifests that hold a CNI config, by the file name their URL ends in
 * (`https://raw.githubusercontent.com/projectcalico/calico/v3.26.1/manifests/calico.yaml`). A
 * kustomization that lists one as a resource deploys a CNI config that is fetched when it is
 * built, so it is not in the repository to be read: said (REMOTE_MANIFEST_NOT_READ), never
 * passed over. Each name's evidence is a copy of that manifest among the fixtures.
 */
export interface RemoteManifest {
  /** The last path component of the URL, exactly. */
  readonly file: string;
  readonly project: string;
  /** Where the manifest holds its CNI config. */
  readonly holds: string;
  readonly references: readonly string[];
}

const CALICO_CONFIG = 'ConfigMap calico-config data.cni_network_config';
const CANAL_CONFIG = 'ConfigMap canal-config data.cni_network_config';

export const REMOTE_MANIFESTS: readonly RemoteManifest[] = [
  { file: 'calico.yaml', project: 'Calico', holds: CALICO_CONFIG, references: ['corpus calico/v3.26.0/calico.yaml (github:projectcalico/calico@1bd249b2 manifests/calico.yaml)'] },
  { file: 'calico-typha.yaml', project: 'Calico', holds: CALICO_CONFIG, references: ['corpus calico/v3.26.0/calico-typha.yaml (github:projectcalico/calico@1bd249b2 manifests/calico-typha.yaml)'] },
  { file: 'calico-etcd.yaml', project: 'Calico', holds: CALICO_CONFIG, references: ['corpus calico/v3.27.0/calico-etcd.yaml (github:projectcalico/calico@711528ee manifests/calico-etcd.yaml)'] },
  { file: 'canal.yaml', project: 'Canal (Calico)', holds: CANAL_CONFIG, references: ['corpus calico/v3.24.0/canal.yaml (github:projectcalico/calico@dd5e3a40 manifests/canal.yaml)'] },
  { file: 'canal-etcd.yaml', project: 'Canal (Calico)', holds: CANAL_CONFIG, references: ['corpus calico/v3.24.0/canal-etcd.yaml (github:projectcalico/calico@dd5e3a40 manifests/canal-etcd.yaml)'] },
  { file: 'kube-flannel.yml', project: 'flannel', holds: 'ConfigMap kube-flannel-cfg data.cni-conf.json', references: ['corpus flannel/v0.28.9/kube-flannel.yml (github:flannel-io/flannel@5cd0d526 Documentation/kube-flannel.yml)'] },
  { file: 'kube-flannel-aliyun.yml', project: 'flannel', holds: 'ConfigMap kube-flannel-cfg data.cni-conf.json', references: ['corpus flannel/v0.11.0/kube-flannel-aliyun.yml (github:flannel-io/flannel@d3eea7f5 Documentation/kube-flannel-aliyun.yml)'] },
  { file: 'multus-daemonset.yml', project: 'Multus', holds: 'ConfigMap multus-cni-config data.cni-conf.json', references: ['corpus multus/v4.3.0/multus-daemonset.yml (github:k8snetworkplumbingwg/multus-cni@db307415 deployments/multus-daemonset.yml)'] },
  {
    file: 'multus-daemonset-thick.yml',
    project: 'Multus',
    holds: 'ConfigMap multus-daemon-config data.daemon-config.json',
    references: ['fixtures/diagnostics/MULTUS_PRIMARY_VERSION/multus-daemonset-thick.yml (github:k8snetworkplumbingwg/multus-cni@db307415 deployments/multus-daemonset-thick.yml)'],
  },
  { file: 'kubeadm-kuberouter.yaml', project: 'kube-router', holds: 'ConfigMap kube-router-cfg data.cni-conf.json', references: ['corpus kube-router/v0.2.0/kubeadm-kuberouter.yaml (github:cloudnativelabs/kube-router@7496b00d daemonset/kubeadm-kuberouter.yaml)'] },
  { file: 'antrea.yml', project: 'Antrea', holds: 'ConfigMap antrea-config data.antrea-cni.conflist', references: ['corpus antrea/v2.7.0/antrea.yml (github:antrea-io/antrea@e59003c2 build/yamls/antrea.yml)'] },
];

/** The file names, for the byte-level pre-check. */
export const REMOTE_MANIFEST_FILES: readonly string[] = REMOTE_MANIFESTS.map((m) => m.file);
