import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode } from '../../src/core/diagnostics.js';
import { formatDiagnostic } from '../../src/render/messages.js';
import { planFile } from '../../src/core/plan.js';

type Example<C extends DiagnosticCode> = Extract<Diagnostic, { code: C }>;
const ex = <C extends DiagnosticCode>(code: C, args: Example<C>['args']): Example<C> =>
  ({ code, severity: DIAGNOSTIC_CODES[code].severity, args }) as Example<C>;

/** One example per code: a code added to DIAGNOSTIC_CODES without an example fails to compile and fails below. */
const EXAMPLES: { [C in DiagnosticCode]: Example<C> } = {
  JSON_PARSE_ERROR: ex('JSON_PARSE_ERROR', { problem: 'close brace expected at end of input' }),
  JSON_NOT_STRICT: ex('JSON_NOT_STRICT', { problems: ['comment ×2', 'trailing-comma'] }),
  TEMPLATE_PLACEHOLDER: ex('TEMPLATE_PLACEHOLDER', { tokens: ['__CNI_MTU__'] }),
  TEMPLATE_DIRECTIVES: ex('TEMPLATE_DIRECTIVES', { count: 6, first: '{{range $i, $range := .PodCIDRRanges}}' }),
  DUPLICATE_KEY: ex('DUPLICATE_KEY', { key: 'cniVersion', count: 2 }),
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
  PLUGIN_UNKNOWN: ex('PLUGIN_UNKNOWN', { type: 'antrea' }),
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
  LOOPBACK_TOO_OLD: ex('LOOPBACK_TOO_OLD', { runtime: 'containerd 1.6.3', accepts: ['0.1.0', '0.4.0'], needs: '1.0.0' }),
  LOAD_ABORTS_CONTAINERD: ex('LOAD_ABORTS_CONTAINERD', { directory: 'etc/cni/net.d', reason: 'it does not load (JSON_NOT_STRICT)' }),
  LOAD_SKIPPED_CRIO: ex('LOAD_SKIPPED_CRIO', { directory: 'etc/cni/net.d', reason: 'a plugin rejects its cniVersion', instead: '20-b.conflist' }),
  LOAD_SHADOWED: ex('LOAD_SHADOWED', { directory: 'etc/cni/net.d', by: '10-a.conflist' }),
  DUPLICATE_NETWORK_NAME: ex('DUPLICATE_NETWORK_NAME', { name: 'crio', files: ['10-crio-bridge.conf', '11-crio-ipv4-bridge.conf'] }),
  INTERNAL_VERIFY_FAILED: ex('INTERNAL_VERIFY_FAILED', { problem: 'the result no longer parses' }),
};

describe('formatDiagnostic', () => {
  it('the example table covers exactly the codes in DIAGNOSTIC_CODES', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(Object.keys(DIAGNOSTIC_CODES).sort());
  });

  it.each(Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[])('%s has a message', (code) => {
    const example = EXAMPLES[code];
    expect(example, `no example for ${code}`).toBeDefined();
    const text = formatDiagnostic(example);
    expect(typeof text).toBe('string');
    expect(text.trim().length).toBeGreaterThan(10);
    expect(text).not.toMatch(/undefined|\[object Object\]/);
  });

  it('every code has a title and a severity', () => {
    for (const [code, info] of Object.entries(DIAGNOSTIC_CODES)) {
      expect(info.title.length, code).toBeGreaterThan(0);
      expect(['error', 'warning', 'info']).toContain(info.severity);
    }
  });
});

describe('messages quote what runtimes log', () => {
  it('a plugin rejection quotes the skel error', () => {
    expect(formatDiagnostic(EXAMPLES.CNI_VERSION_UNSUPPORTED)).toContain('incompatible CNI versions; config is "1.1.0"');
  });

  it('a version too new for the runtime quotes the libcni result error', () => {
    expect(formatDiagnostic(EXAMPLES.CNI_VERSION_UNSUPPORTED)).toContain('unsupported CNI result version');
    const runtimeOnly = ex('CNI_VERSION_UNSUPPORTED', { version: '1.1.0', replacement: '1.0.0', plugins: [], runtime: 'containerd 1.6.4' });
    expect(formatDiagnostic(runtimeOnly)).toContain('unsupported CNI result version "1.1.0"');
    expect(formatDiagnostic(runtimeOnly)).not.toContain('incompatible CNI versions');
  });

  it('a missing version quotes the teardown error, with and without an insertion', () => {
    expect(formatDiagnostic(EXAMPLES.CNI_VERSION_MISSING)).toContain('invalid version "": the version is empty');
    expect(formatDiagnostic(EXAMPLES.CNI_VERSION_MISSING)).toContain('1.0.0');
    expect(formatDiagnostic(ex('CNI_VERSION_MISSING', { inserted: null }))).toContain('invalid version "": the version is empty');
  });

  it('extension mismatches quote the loader errors', () => {
    expect(formatDiagnostic(EXAMPLES.CONF_HOLDS_LIST)).toContain("no 'type'; perhaps this is a .conflist?");
    expect(formatDiagnostic(EXAMPLES.CONFLIST_WITHOUT_PLUGINS)).toContain("no 'plugins' key");
    expect(formatDiagnostic(EXAMPLES.PLUGIN_LIST_EMPTY)).toContain('no plugins in list');
  });

  it('messages built from a real plan quote the real values', () => {
    const p = planFile(
      { path: 'x.conflist', text: '{"cniVersion": "1.1.0", "name": "n", "plugins": [{"type": "bridge"}]}' },
      { plugins: { releases: { 'cni-plugins': '1.1.1' } } },
    );
    const d = p.diagnostics.find((x) => x.code === 'CNI_VERSION_UNSUPPORTED')!;
    const text = formatDiagnostic(d);
    expect(text).toContain('incompatible CNI versions; config is "1.1.0"');
    expect(text).toContain('unsupported CNI result version "1.1.0"');
    expect(text).toContain('"1.0.0"');
  });

  it('PLUGIN_UNKNOWN names the type and the flag that states what it accepts, placeholder or not', () => {
    for (const type of ['antrea', '__IPAM_TYPE__']) {
      expect(formatDiagnostic(ex('PLUGIN_UNKNOWN', { type }))).toContain(`--plugin ${type}=`);
    }
    expect(formatDiagnostic(ex('PLUGIN_UNKNOWN', { type: '__IPAM_TYPE__' }))).not.toContain('--bin-dir');
  });

  it('CNI_VERSION_UNCONFIRMED names the flag to state the release', () => {
    expect(formatDiagnostic(EXAMPLES.CNI_VERSION_UNCONFIRMED)).toContain('--plugin cni-plugins@RELEASE');
  });

  it('CNI_VERSION_UNCONFIRMED names each project that ships the plugin, Calico\'s fork by its Calico release', () => {
    const text = formatDiagnostic(
      ex('CNI_VERSION_UNCONFIRMED', {
        version: '1.0.0',
        plugins: [
          { type: 'calico', projects: ['calico'], acceptedFrom: [{ project: 'calico', releases: '>=3.23.0' }] },
          {
            type: 'portmap',
            projects: ['cni-plugins', 'calico-cni-plugins'],
            acceptedFrom: [
              { project: 'cni-plugins', releases: '>=1.0.0' },
              { project: 'calico-cni-plugins', releases: '>=3.27.5 <3.28.0 || >=3.28.3' },
            ],
          },
        ],
      }),
    );
    expect(text).toContain('calico (calico >=3.23.0); portmap (cni-plugins >=1.0.0; calico-cni-plugins >=3.27.5 <3.28.0 || >=3.28.3)');
    expect(text).toContain('--plugin calico@RELEASE or --plugin cni-plugins@RELEASE or --plugin calico-cni-plugins@CALICO_RELEASE');
  });
});

describe('EMBEDDED_EDIT_UNSAFE with a reason', () => {
  it('says the reason instead of blaming the string style', () => {
    const text = formatDiagnostic(ex('EMBEDDED_EDIT_UNSAFE', { location: 'ConfigMap x data.cni-conf.json', style: 'block-literal', reason: 'an alias uses it as a mapping key (data.other), which an edit would change too' }));
    expect(text).toContain('an alias uses it as a mapping key (data.other)');
    expect(text).not.toContain('block-literal string');
  });
});
