/** One diagnostic example per code, for tests of the renderers. */
import { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode } from '../../src/core/diagnostics.js';

export type Example<C extends DiagnosticCode> = Extract<Diagnostic, { code: C }>;
export const ex = <C extends DiagnosticCode>(code: C, args: Example<C>['args']): Example<C> =>
  ({ code, severity: DIAGNOSTIC_CODES[code].severity, args }) as Example<C>;

/** One example per code: a code added to DIAGNOSTIC_CODES without an example fails to compile. */
export const EXAMPLES: { [C in DiagnosticCode]: Example<C> } = {
  JSON_PARSE_ERROR: ex('JSON_PARSE_ERROR', { problem: 'close brace expected at end of input' }),
  JSON_NOT_STRICT: ex('JSON_NOT_STRICT', { problems: ['comment ×2', 'trailing-comma'] }),
  TEMPLATE_PLACEHOLDER: ex('TEMPLATE_PLACEHOLDER', { tokens: ['__CNI_MTU__'] }),
  TEMPLATE_DIRECTIVES: ex('TEMPLATE_DIRECTIVES', { count: 6, first: '{{range $i, $range := .PodCIDRRanges}}' }),
  DUPLICATE_KEY: ex('DUPLICATE_KEY', { key: 'cniVersion', count: 2 }),
  KEY_CASE_VARIANT: ex('KEY_CASE_VARIANT', { key: 'cniVersion', spellings: ['cniVersion', 'cniversion'], read: 'cniversion' }),
  CONF_HOLDS_LIST: ex('CONF_HOLDS_LIST', {}),
  CONFLIST_WITHOUT_PLUGINS: ex('CONFLIST_WITHOUT_PLUGINS', {}),
  PLUGIN_LIST_EMPTY: ex('PLUGIN_LIST_EMPTY', {}),
  CNI_VERSION_MISSING: ex('CNI_VERSION_MISSING', { inserted: '1.0.0' }),
  CNI_VERSION_INVALID: ex('CNI_VERSION_INVALID', { value: '0.3', replacement: '1.0.0' }),
  CNI_VERSION_UNSUPPORTED: ex('CNI_VERSION_UNSUPPORTED', {
    version: '1.1.0',
    replacement: '1.0.0',
    plugins: ['bridge, portmap (accept 0.1.0–1.0.0)'],
    runtime: 'containerd 1.6.4 (libcni v1.1.0 executes up to 1.0.0)',
  }),
  CNI_VERSION_UNCONFIRMED: ex('CNI_VERSION_UNCONFIRMED', {
    version: '1.0.0',
    plugins: [{ type: 'bridge', projects: ['cni-plugins'], acceptedFrom: [{ project: 'cni-plugins', releases: '>=1.0.0' }] }],
  }),
  CNI_VERSION_NO_COMMON: ex('CNI_VERSION_NO_COMMON', { plugins: ['firewall', 'bandwidth'] }),
  CHAINED_PLUGIN_ENTRY: ex('CHAINED_PLUGIN_ENTRY', { type: 'linkerd-cni', project: 'linkerd/linkerd2' }),
  CNI_VERSION_TEMPLATED: ex('CNI_VERSION_TEMPLATED', {
    template: '"{{ .Values.cni.version }}"',
    accepted: ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'],
    render: '1.0.0',
    targetRefused: null,
  }),
  TARGET_VERSION_UNSUPPORTED: ex('TARGET_VERSION_UNSUPPORTED', {
    target: '1.0.0',
    plugins: ['calico, calico-ipam (accept 0.1.0–0.3.1)'],
    runtime: null,
    supportedByAll: ['0.1.0', '0.2.0', '0.3.0', '0.3.1'],
  }),
  PLUGIN_UNKNOWN: ex('PLUGIN_UNKNOWN', { type: 'bond' }),
  PLUGIN_RELEASE_NOT_IN_DATA: ex('PLUGIN_RELEASE_NOT_IN_DATA', { type: 'flannel', release: '1.1.1', known: ['cni-plugins >=0.6.0 <0.8.0'] }),
  PLUGIN_TYPE_INVALID: ex('PLUGIN_TYPE_INVALID', { type: '../x' }),
  PLUGIN_BINARY_MISSING: ex('PLUGIN_BINARY_MISSING', { type: 'bridge', binDir: '/opt/cni/bin' }),
  PROBE_FAILED: ex('PROBE_FAILED', { type: 'bridge', binary: '/opt/cni/bin/bridge', problem: 'exit status 1' }),
  EMBEDDED_EDIT_UNSAFE: ex('EMBEDDED_EDIT_UNSAFE', { location: 'ConfigMap kube-system/x data.cni-conf.json', style: 'single-quoted' }),
  YAML_PARSE_ERROR: ex('YAML_PARSE_ERROR', { problem: 'Implicit map keys need to be followed by map values' }),
  TEMPLATE_NOT_PARSED: ex('TEMPLATE_NOT_PARSED', { syntax: 'Go/Helm', problem: 'Unexpected scalar', cniVersions: [{ value: '0.3.1', line: 12 }] }),
  IMAGE_TAG_UNUSABLE: ex('IMAGE_TAG_UNUSABLE', { image: 'calico/cni@sha256:abc', where: 'DaemonSet kube-system/calico-node', problem: 'pinned by digest, no tag' }),
  PLUGIN_NOT_SHIPPED: ex('PLUGIN_NOT_SHIPPED', { type: 'flannel', project: 'cni-plugins', release: '1.1.1', removedIn: '1.0.0', replacement: 'flannel-io/cni-plugin' }),
  NAME_MISSING: ex('NAME_MISSING', { list: true }),
  NAME_INVALID: ex('NAME_INVALID', { name: '-bad name' }),
  CNI_VERSIONS_WITHOUT_CNI_VERSION: ex('CNI_VERSIONS_WITHOUT_CNI_VERSION', { versions: ['1.0.0', '1.1.0'] }),
  CNI_VERSIONS_UNSUPPORTED: ex('CNI_VERSIONS_UNSUPPORTED', { effective: '1.1.0', cniVersion: '1.0.0', runtime: 'containerd 2.1.0' }),
  VERSION_DOWNGRADE_LIVE: ex('VERSION_DOWNGRADE_LIVE', { from: '1.1.0', to: '1.0.0' }),
  MULTUS_PRIMARY_VERSION: ex('MULTUS_PRIMARY_VERSION', { from: '0.3.1', to: '1.0.0' }),
  REMOTE_MANIFEST_NOT_READ: ex('REMOTE_MANIFEST_NOT_READ', { url: 'https://raw.githubusercontent.com/projectcalico/calico/v3.26.1/manifests/calico.yaml', where: 'kustomization resources', file: 'calico.yaml', project: 'Calico', holds: 'ConfigMap calico-config data.cni_network_config' }),
  ATTACHMENT_NEWER_THAN_RUNTIME: ex('ATTACHMENT_NEWER_THAN_RUNTIME', { version: '1.1.0', runtime: 'containerd 1.7.27 (libcni v1.1.2 executes up to 1.0.0)' }),
  LOOPBACK_TOO_OLD: ex('LOOPBACK_TOO_OLD', { runtime: 'containerd 1.6.3', accepts: ['0.1.0', '0.4.0'], needs: '1.0.0' }),
  LOAD_ABORTS_CONTAINERD: ex('LOAD_ABORTS_CONTAINERD', { directory: 'etc/cni/net.d', reason: 'it does not load (JSON_NOT_STRICT)' }),
  LOAD_SKIPPED_CRIO: ex('LOAD_SKIPPED_CRIO', { directory: 'etc/cni/net.d', reason: 'a plugin rejects its cniVersion', instead: '20-b.conflist' }),
  LOAD_SHADOWED: ex('LOAD_SHADOWED', { directory: 'etc/cni/net.d', by: '10-a.conflist' }),
  DUPLICATE_NETWORK_NAME: ex('DUPLICATE_NETWORK_NAME', { name: 'crio', files: ['10-crio-bridge.conf', '11-crio-ipv4-bridge.conf'] }),
  INTERNAL_VERIFY_FAILED: ex('INTERNAL_VERIFY_FAILED', { problem: 'the result no longer parses' }),
};
