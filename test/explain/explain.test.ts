/**
 * `cni-migrate explain`: the catalogue is consistent with the sourced data, every entry finds
 * the message it describes in a realistic log line, and the CLI function behaves.
 * Assertions are on ids, codes, captures and line numbers, not wording.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import raw from '../../src/knowledge/data/cni-compat.json' with { type: 'json' };
import { DIAGNOSTIC_CODES } from '../../src/core/diagnostics.js';
import { CATALOGUE, parseVersionList } from '../../src/explain/catalogue.js';
import { OPERATIONAL } from '../../src/explain/operational.js';
import { explainText, likelySpecVersions, unescapeLogLine } from '../../src/explain/explain.js';
import { runExplain, type ExplainJsonReport } from '../../src/cli/explain-command.js';
import { readStream } from '../../src/cli/stdin.js';
import { memoryIO } from '../helpers/memory-io.js';

interface ErrorMessageRow {
  readonly pattern: string;
  readonly meaning: string;
  readonly confidence: string;
  readonly source: readonly string[];
}
const ROWS = (raw as unknown as { errorMessages: readonly ErrorMessageRow[] }).errorMessages;

const ids = (text: string): string[] => explainText(text).map((m) => m.id);
const only = (text: string, id: string) => {
  const found = explainText(text).filter((m) => m.id === id);
  expect(found, `${id} in ${text}`).toHaveLength(1);
  return found[0]!;
};

// --- The seed messages, verbatim ------------------------------------------------------------------

/** kubernetes.io "Troubleshooting CNI plugin-related errors", "Incompatible CNI versions error" (as printed, escapes and trailing quote included). */
const K8S_INCOMPATIBLE = String.raw`incompatible CNI versions; config is \"1.0.0\", plugin supports [\"0.1.0\" \"0.2.0\" \"0.3.0\" \"0.3.1\" \"0.4.0\"]"`;

/** containerd#6876, as the issue quotes it (the closing bracket is cut off there). */
const CONTAINERD_6876 = 'plugin type="loopback" failed (add): incompatible CNI versions; config is "1.0.0", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0"';

/** kubernetes.io troubleshooting page, "Failed to destroy network for sandbox error" (two lines). */
const K8S_DESTROY = String.raw`ERROR[2022-04-26T00:43:24.518165483Z] StopPodSandbox for "b" failed
error="failed to destroy network for sandbox \"bbc85f891eaf060c5a879e27bba9b6b06450210161dfdecfbb2732959fb6500a\": invalid version \"\": the version is empty"`;

const LOOPBACK_SUPPORTS = '"0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0"';

describe('the seed messages from the Kubernetes CNI troubleshooting page', () => {
  it('recognises "incompatible CNI versions" as printed on the page', () => {
    const m = only(K8S_INCOMPATIBLE, 'incompatible-cni-versions');
    expect(m.line).toBe(1);
    expect(m.captures).toEqual({ version: '1.0.0', supported: LOOPBACK_SUPPORTS });
    expect(parseVersionList(m.captures.supported)).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0']);
    expect(m.entry.codes).toContain('CNI_VERSION_UNSUPPORTED');
    expect(m.hints).toEqual([]);
  });

  it('recognises it with the plugin type="loopback" failed (add) prefix of containerd#6876', () => {
    const m = only(CONTAINERD_6876, 'incompatible-cni-versions');
    expect(m.captures).toEqual({ type: 'loopback', operation: 'add', version: '1.0.0', supported: LOOPBACK_SUPPORTS });
    expect(m.text.startsWith('plugin type="loopback" failed (add): ')).toBe(true);
    // The loopback/1.0.0 case names the binary and the containerd release, not a cniVersion change.
    expect(m.fix).toContain('v1.0.0');
    expect(m.fix).toContain('1.6.4');
  });

  it('recognises the teardown failure on the second line, and its cause', () => {
    const [teardown, m, ...rest] = explainText(K8S_DESTROY);
    expect(rest).toEqual([]);
    expect(teardown).toMatchObject({ id: 'pod-network-teardown-failed', line: 2, captures: { sandbox: 'bbc85f891eaf060c5a879e27bba9b6b06450210161dfdecfbb2732959fb6500a' } });
    expect(m).toMatchObject({ id: 'version-empty', line: 2, count: 1, text: 'invalid version "": the version is empty', captures: {} });
    expect(m!.entry.codes).toContain('CNI_VERSION_MISSING');
  });
});

describe('a containerd log excerpt', () => {
  // containerd 1.6.3 logfmt, as `journalctl -u containerd` prints it.
  const LOG = [
    String.raw`time="2022-04-28T09:14:02.118271645Z" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:coredns-6d4b75cb6d-8x2kq,Uid:5f2c1f0e-2d6b-4a44-9a51-6a7c0d1e2f3a,Namespace:kube-system,Attempt:0,}"`,
    String.raw`time="2022-04-28T09:14:02.301542117Z" level=error msg="RunPodSandbox for &PodSandboxMetadata{Name:coredns-6d4b75cb6d-8x2kq,Uid:5f2c1f0e-2d6b-4a44-9a51-6a7c0d1e2f3a,Namespace:kube-system,Attempt:0,} failed, error" error="failed to setup network for sandbox \"6d0e3b1c2a\": plugin type=\"loopback\" failed (add): incompatible CNI versions; config is \"1.0.0\", plugin supports [\"0.1.0\" \"0.2.0\" \"0.3.0\" \"0.3.1\" \"0.4.0\"]"`,
    String.raw`time="2022-04-28T09:14:03.412779021Z" level=info msg="StopPodSandbox for \"b2c4d5e6f7\""`,
    String.raw`time="2022-04-28T09:14:03.520183338Z" level=error msg="StopPodSandbox for \"b2c4d5e6f7\" failed" error="failed to destroy network for sandbox \"b2c4d5e6f7\": invalid version \"\": the version is empty"`,
    String.raw`time="2022-04-28T09:14:17.009931245Z" level=error msg="RunPodSandbox for &PodSandboxMetadata{Name:coredns-6d4b75cb6d-p7m2v,Uid:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0,Namespace:kube-system,Attempt:0,} failed, error" error="failed to setup network for sandbox \"0aa1bb2cc3\": plugin type=\"loopback\" failed (add): incompatible CNI versions; config is \"1.0.0\", plugin supports [\"0.1.0\" \"0.2.0\" \"0.3.0\" \"0.3.1\" \"0.4.0\"]"`,
    String.raw`time="2022-04-28T09:14:20.771654109Z" level=info msg="ImageCreate event &ImageCreate{Name:k8s.gcr.io/pause:3.6,Labels:map[string]string{},XXX_unrecognized:[],}"`,
  ].join('\n');

  it('finds both errors with their line numbers and versions, and counts the repeat', () => {
    const matches = explainText(LOG);
    expect(matches.map((m) => [m.id, m.line, m.count])).toEqual([
      ['incompatible-cni-versions', 2, 2],
      ['pod-network-teardown-failed', 4, 1],
      ['version-empty', 4, 1],
    ]);
    // The teardown match starts at StopPodSandbox and names the sandbox from the error.
    expect(matches[1]!.text).toBe('StopPodSandbox for "b2c4d5e6f7" failed" error="failed to destroy network for sandbox "b2c4d5e6f7"');
    expect(matches[0]!.captures).toEqual({ type: 'loopback', operation: 'add', version: '1.0.0', supported: LOOPBACK_SUPPORTS });
  });

  it('reads CRLF line endings and doubly escaped quotes the same way', () => {
    const kubelet = String.raw`E0428 09:14:02.302011    1187 remote_runtime.go:212] "RunPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = failed to setup network for sandbox \\\"6d0e3b1c2a\\\": plugin type=\\\"loopback\\\" failed (add): incompatible CNI versions; config is \\\"1.0.0\\\", plugin supports [\\\"0.1.0\\\" \\\"0.2.0\\\" \\\"0.3.0\\\" \\\"0.3.1\\\" \\\"0.4.0\\\"]"`;
    const matches = explainText(`first line\r\n${kubelet}\r\n`);
    expect(matches.map((m) => [m.id, m.line])).toEqual([['incompatible-cni-versions', 2]]);
    expect(matches[0]!.captures.version).toBe('1.0.0');
  });
});

describe('explainText', () => {
  it('returns nothing for text that holds no known CNI error', () => {
    expect(explainText('')).toEqual([]);
    expect(explainText('time="2024-01-01T00:00:00Z" level=info msg="Start cni network conf syncer for default"\nall good')).toEqual([]);
    expect(explainText('Error: ImagePullBackOff: failed to pull image "nginx:latest"')).toEqual([]);
  });

  it('hints when the captured cniVersion is not a spec version string', () => {
    const m = only('{"code":1,"msg":"incompatible CNI versions","details":"config is \\"0.3\\", plugin supports [\\"0.1.0\\" \\"0.2.0\\" \\"0.3.0\\" \\"0.3.1\\" \\"0.4.0\\" \\"1.0.0\\"]"}', 'incompatible-cni-versions');
    expect(m.captures.version).toBe('0.3');
    expect(m.hints).toHaveLength(1);
    expect(m.hints[0]).toContain('"0.3.0" or "0.3.1"');
    expect(likelySpecVersions('0.3')).toEqual(['0.3.0', '0.3.1']);
    expect(likelySpecVersions('v1.0.0')).toEqual(['1.0.0']);
    expect(likelySpecVersions('1.0.1')).toEqual([]);
    expect(likelySpecVersions('latest')).toEqual([]);
  });

  it('keeps different captures apart and counts identical ones', () => {
    const a = 'plugin type="bridge" failed (add): incompatible CNI versions; config is "1.1.0", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0" "1.0.0"]';
    const b = 'plugin type="portmap" failed (add): incompatible CNI versions; config is "1.1.0", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0" "1.0.0"]';
    const matches = explainText([a, b, a, 'noise', a].join('\n'));
    expect(matches.map((m) => [m.captures.type, m.line, m.count])).toEqual([
      ['bridge', 1, 3],
      ['portmap', 2, 1],
    ]);
  });

  it('finds several errors on one line, in order', () => {
    const line = String.raw`level=warning msg="Error validating CNI config file /etc/cni/net.d/10-calico.conflist: [plugin calico does not support config version \"1.0.0\"]"`;
    expect(ids(line)).toEqual(['crio-validation-failed', 'plugin-does-not-support-config-version']);
  });

  it('drops a match that another entry supersedes on the same line only', () => {
    expect(ids('error="no network config found in /etc/cni/net.d: cni plugin not initialized"')).toEqual(['containerd-no-network-config']);
    expect(ids('no network config found in /etc/cni/net.d: cni plugin not initialized\nNetwork plugin returns error: cni plugin not initialized')).toEqual([
      'containerd-no-network-config',
      'cni-plugin-not-initialized',
    ]);
  });

  it('undoes logfmt escaping only before quotes', () => {
    expect(unescapeLogLine(String.raw`err="a \"b\" \\\"c\\\" C:\opt\cni"`)).toBe(String.raw`err="a "b" "c" C:\opt\cni"`);
  });
});

// --- The catalogue ------------------------------------------------------------------------------

describe('the catalogue', () => {
  it('has unique kebab-case ids, patterns, texts and a confidence label', () => {
    const seen = new Set<string>();
    for (const e of CATALOGUE) {
      expect(e.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(seen.has(e.id), e.id).toBe(false);
      seen.add(e.id);
      expect(e.patterns.length, e.id).toBeGreaterThan(0);
      expect(e.title, e.id).not.toBe('');
      expect(e.confidence, e.id).not.toBe('');
      for (const p of e.patterns) expect(p.flags, e.id).not.toContain('g');
    }
  });

  it('names only diagnostic codes that exist, and each entry has references', () => {
    for (const e of CATALOGUE) {
      for (const code of e.codes) expect(Object.keys(DIAGNOSTIC_CODES), `${e.id}: ${code}`).toContain(code);
      expect(new Set(e.codes).size, e.id).toBe(e.codes.length);
      expect(e.references.length, e.id).toBeGreaterThan(0);
      for (const r of e.references) expect(r.trim(), e.id).not.toBe('');
    }
  });

  it('copies the sources of the cni-compat.json rows it explains, and covers every row', () => {
    const byPattern = new Map(ROWS.map((r) => [r.pattern, r]));
    const covered = new Set<string>();
    for (const e of CATALOGUE) {
      for (const pattern of e.errorMessages) {
        const row = byPattern.get(pattern);
        expect(row, `${e.id}: no errorMessages row "${pattern}"`).toBeDefined();
        for (const s of row!.source) expect(e.references, `${e.id} lacks ${s}`).toContain(s);
        covered.add(pattern);
      }
      if (e.errorMessages.length === 1) expect(e.confidence, e.id).toBe(byPattern.get(e.errorMessages[0]!)!.confidence);
    }
    expect(ROWS.map((r) => r.pattern).filter((p) => !covered.has(p))).toEqual([]);
  });

  it('supersedes only entries that exist', () => {
    const all = new Set(CATALOGUE.map((e) => e.id));
    for (const e of CATALOGUE) for (const id of e.supersedes ?? []) expect(all.has(id), `${e.id} → ${id}`).toBe(true);
  });

  it('has an example below for every entry', () => {
    expect(CATALOGUE.map((e) => e.id).sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  it('is listed in docs/explain.md with its codes', () => {
    const doc = readFileSync(new URL('../../docs/explain.md', import.meta.url), 'utf8');
    for (const e of CATALOGUE) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${e.id}\` |`));
      expect(row, e.id).toBeDefined();
      const cells = row!.split('|').map((c) => c.trim());
      expect(cells[3] === '—' ? [] : cells[3]!.split(', '), e.id).toEqual([...e.codes]);
    }
  });
});

interface Example {
  /** A realistic log line (or plugin output). */
  readonly line: string;
  /** Captures the entry must report (a subset check). */
  readonly captures?: Readonly<Record<string, string>>;
  /** Other entries the line also matches: the full set of ids is checked. */
  readonly also?: readonly string[];
  /** The public issue thread the line is quoted from, as printed there (also in the entry's references). */
  readonly source?: string;
}

const EXAMPLES: Readonly<Record<string, Example>> = {
  'incompatible-cni-versions': {
    line: String.raw`time="2022-05-11T10:09:33+08:00" level=fatal msg="failed to call cni.Setup: plugin type=\"bridge\" failed (add): incompatible CNI versions; config is \"1.0.0\", plugin supports [\"0.1.0\" \"0.2.0\" \"0.3.0\" \"0.3.1\" \"0.4.0\"]"`,
    captures: { type: 'bridge', operation: 'add', version: '1.0.0', supported: LOOPBACK_SUPPORTS },
  },
  'version-empty': { line: K8S_DESTROY.split('\n')[1]!, captures: {}, also: ['pod-network-teardown-failed'] },
  'version-part-empty': {
    line: String.raw`time="2019-07-04 11:32:05.781237118Z" level=error msg="Error deleting network: failed to convert major version part \"\": strconv.Atoi: parsing \"\": invalid syntax"`,
    captures: {},
  },
  'version-unparseable': {
    line: String.raw`level=error msg="StopPodSandbox for \"4f1c2d3e\" failed" error="failed to destroy network for sandbox \"4f1c2d3e\": failed to convert major version part \"v1\": strconv.Atoi: parsing \"v1\": invalid syntax"`,
    captures: { part: 'major', value: 'v1' },
    also: ['pod-network-teardown-failed'],
  },
  'plugin-does-not-support-config-version': {
    line: String.raw`time="2024-03-02 10:11:12.123456789Z" level=warning msg="Error validating CNI config file /etc/cni/net.d/10-calico.conflist: [plugin calico does not support config version \"1.0.0\"]"`,
    captures: { type: 'calico', version: '1.0.0' },
    also: ['crio-validation-failed'],
  },
  'unsupported-result-version': {
    line: String.raw`E0315 08:01:44.551272    2231 remote_runtime.go:222] "RunPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = failed to setup network for sandbox \"9a8b7c6d\": plugin type=\"bridge\" failed (add): unsupported CNI result version \"1.1.0\""`,
    captures: { version: '1.1.0' },
  },
  'cached-result-no-converter': {
    line: String.raw`time="2023-06-01T12:00:00Z" level=error msg="Error checking pod default_web-0 for CNI network \"crio\": failed to get network \"crio\" cached result: failed to convert cached result to config version \"1.0.1\": no converter for CNI result version 1.0.0 to 1.0.1"`,
    captures: { version: '1.0.1', from: '1.0.0', to: '1.0.1' },
  },
  'check-not-supported': {
    line: String.raw`level=error msg="Error checking pod kube-system_coredns-1 for CNI network \"k8s-pod-network\": configuration version \"\" does not support the CHECK command"`,
    captures: { version: '' },
  },
  'verb-not-allowed': {
    // evidence/debian-plugins-1.1.1-version-probe.txt: bridge CHECK with cniVersion 0.3.1.
    line: '{    "code": 1,    "msg": "config version does not allow CHECK"}',
    captures: { who: 'config', verb: 'CHECK' },
  },
  'list-no-name': {
    line: 'time="2023-02-01T08:00:00Z" level=error msg="Error loading CNI config list file /etc/cni/net.d/10-flannel.conflist: error parsing configuration list: no name"',
    captures: {},
    also: ['crio-config-load-failed'],
  },
  'network-name-invalid': {
    line: String.raw`time="2023-02-01T08:00:00Z" level=error msg="RunPodSandbox for &PodSandboxMetadata{Name:web-0,Namespace:default,Attempt:0,} failed, error" error="failed to setup network for sandbox \"ab12cd\": plugin type=\"bridge\" failed (add): invalid characters found in network name; cbr0/net"`,
    captures: { name: 'cbr0/net' },
  },
  'list-no-plugins-key': {
    line: String.raw`time="2023-02-01T08:00:00Z" level=error msg="failed to load cni during init, please check CRI plugin status before setting up network for pods" error="failed to load CNI config list file /etc/cni/net.d/10-bridge.conflist: error parsing configuration list: no 'plugins' key: invalid cni config"`,
    captures: {},
    also: ['containerd-cni-init-failed', 'containerd-config-load-failed'],
  },
  'list-no-plugins': {
    line: 'failed to load CNI config list file /etc/cni/net.d/10-bridge.conflist: error parsing configuration list: no plugins in list: invalid cni config',
    captures: {},
    also: ['containerd-config-load-failed'],
  },
  'list-invalid-cniversion-type': {
    line: 'Error loading CNI config list file /etc/cni/net.d/10-bridge.conflist: error parsing configuration list: invalid cniVersion type float64',
    captures: { goType: 'float64' },
    also: ['crio-config-load-failed'],
  },
  'list-invalid-cniversions': {
    line: 'error parsing configuration list: invalid cniVersions entry 1.x at index 1: failed to convert minor version part "x": strconv.Atoi: parsing "x": invalid syntax',
    captures: { entry: '1.x', index: '1' },
    also: ['version-unparseable'],
  },
  'list-invalid-bool': {
    line: 'failed to load CNI config list file /etc/cni/net.d/10-aws.conflist: error parsing configuration list: invalid disableCheck type string: invalid cni config',
    captures: { key: 'disableCheck', goType: 'string' },
    also: ['containerd-config-load-failed'],
  },
  'missing-type': {
    line: 'time="2023-02-01T08:00:00Z" level=error msg="Error loading CNI config file /etc/cni/net.d/10-flannel.conf: error parsing configuration: missing \'type\'"',
    captures: {},
    also: ['crio-config-load-failed'],
  },
  'config-json-syntax': {
    line: "failed to load CNI config list file /etc/cni/net.d/10-calico.conflist: error parsing configuration list: invalid character '}' looking for beginning of object key string: invalid cni config",
    captures: { list: ' list', problem: "invalid character '}' looking for beginning of object key string" },
    also: ['containerd-config-load-failed'],
  },
  'containerd-config-load-failed': {
    line: 'failed to load CNI config file /etc/cni/net.d/10-calico.conf: error parsing configuration: unexpected end of JSON input: invalid cni config',
    captures: { file: '/etc/cni/net.d/10-calico.conf' },
    also: ['config-json-syntax'],
  },
  'containerd-network-type-not-found': {
    line: String.raw`time="2023-02-01T08:00:00Z" level=error msg="failed to load cni during init, please check CRI plugin status before setting up network for pods" error="network type not found in /etc/cni/net.d/10-flannel.conf: invalid cni config"`,
    captures: { file: '/etc/cni/net.d/10-flannel.conf' },
    also: ['containerd-cni-init-failed'],
  },
  'containerd-no-network-config': {
    line: String.raw`time="2023-02-01T08:00:00Z" level=error msg="failed to load cni during init, please check CRI plugin status before setting up network for pods" error="no network config found in /etc/cni/net.d: cni plugin not initialized"`,
    captures: { dir: '/etc/cni/net.d' },
    also: ['containerd-cni-init-failed'],
  },
  'cni-plugin-not-initialized': {
    line: 'E0426 00:43:24.518165    1234 kubelet.go:2373] "Container runtime network not ready" networkReady="NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"',
    captures: {},
  },
  'containerd-cni-init-failed': {
    line: 'time="2023-02-01T08:00:00Z" level=error msg="failed to load cni during init, please check CRI plugin status before setting up network for pods"',
    captures: {},
  },
  'crio-no-type': {
    line: 'time="2023-02-01 08:00:00.000000000Z" level=warning msg="Error loading CNI config file /etc/cni/net.d/10-flannel.conf: no \'type\'; perhaps this is a .conflist?"',
    captures: { file: '/etc/cni/net.d/10-flannel.conf' },
  },
  'crio-config-load-failed': {
    line: 'time="2023-02-01 08:00:00.000000000Z" level=error msg="Error loading CNI config list file /etc/cni/net.d/10-calico.conflist: error parsing configuration list: unexpected end of JSON input"',
    captures: { list: 'list ', file: '/etc/cni/net.d/10-calico.conflist' },
    also: ['config-json-syntax'],
  },
  'crio-validation-failed': {
    line: 'level=warning msg="Error validating CNI config file /etc/cni/net.d/87-podman.conflist: [failed to find plugin \\"tuning\\" in path [/opt/cni/bin]]"',
    captures: { file: '/etc/cni/net.d/87-podman.conflist' },
    also: ['plugin-binary-not-found'],
  },
  'config-list-no-networks': {
    line: 'time="2023-02-01 08:00:00.000000000Z" level=info msg="CNI config list /etc/cni/net.d/99-empty.conflist has no networks, skipping"',
    captures: { file: '/etc/cni/net.d/99-empty.conflist' },
  },
  'multus-master-no-cniversion': {
    line: 'Error: cannot get cniVersion in master CNI config file "/host/etc/cni/net.d/10-calico.conflist": <nil>',
    captures: { file: '/host/etc/cni/net.d/10-calico.conflist' },
  },
  'multus-version-mismatch': {
    line: 'Error: Multus cni version is "0.3.1" while master plugin cni version is "1.0.0"',
    captures: { multus: '0.3.1', version: '1.0.0' },
  },
  'plugin-binary-not-found': {
    line: String.raw`err="rpc error: code = Unknown desc = failed to setup network for sandbox \"1f2e3d\": plugin type=\"flannel\" failed (add): failed to find plugin \"flannel\" in path [/opt/cni/bin]"`,
    captures: { type: 'flannel', path: '[/opt/cni/bin]' },
  },
  'version-info-decode': {
    line: 'level=warning msg="Error validating CNI config file /etc/cni/net.d/10-old.conflist: [decoding version info: missing field supportedVersions]"',
    captures: { field: 'supportedVersions' },
    also: ['crio-validation-failed'],
  },
  // --- Operational failures: every line quoted as printed in the public thread named by `source` ---
  'kubelet-no-networks': {
    source: 'https://github.com/kubernetes/kubernetes/issues/54918',
    line: 'Dec 01 12:28:18 brtlvlty1726sl kubelet[10091]: W1201 12:28:18.411623   10091 cni.go:196] Unable to update cni config: No networks found in /etc/cni/net.d',
    captures: { dir: '/etc/cni/net.d' },
  },
  'no-valid-networks': {
    source: 'https://github.com/coreos/flannel-cni/issues/16',
    line: 'Aug 27 23:28:44 wk-k8s kubelet[16814]: W0827 23:28:44.567244   16814 cni.go:237] Unable to update cni config: no valid networks found in /etc/cni/net.d',
    captures: { dir: '/etc/cni/net.d' },
  },
  'cni-config-uninitialized': {
    source: 'https://github.com/openshift/origin/issues/14661',
    line: 'Jun 15 15:56:55 ip-172-18-9-251.ec2.internal origin-node[17440]: E0615 15:56:55.888015   17494 kubelet.go:2072] Container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized',
    captures: {},
  },
  'crio-no-cni-config': {
    source: 'https://github.com/cri-o/cri-o/issues/8999',
    line: 'мар 07 10:02:00 dev crio[285805]: time="2025-03-07T10:02:00.635742535+07:00" level=warning msg="CNI plugin not yet initialized. Ignoring NetworkReady status: false, message: Network plugin returns error: no CNI configuration file in /etc/cni/net.d/. Has your network provider started?, reason: NetworkPluginNotReady" file="server/health.go:48"',
    captures: { dir: '/etc/cni/net.d/' },
  },
  'runtime-network-not-ready': {
    // The issue title, cut after the condition (the message it carries, "cni plugin not initialized", has its own entry).
    source: 'https://github.com/kind-ci/examples/issues/33',
    line: 'KubeletNotReady runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady',
    captures: {},
  },
  'kubelet-cni-validation-failed': {
    source: 'https://github.com/flannel-io/flannel/issues/1358',
    line: 'Oct 15 01:39:05 kubesphere kubelet: W1015 01:39:05.536425    1110 cni.go:202] Error validating CNI config list {"cniVersion":"","name":"cbr0","plugins":[{"delegate":{"isDefaultGateway":true},"name":"cbr0","type":"flannel"}]}: [plugin flannel does not support config version ""]',
    captures: {},
    also: ['plugin-does-not-support-config-version'],
  },
  'pod-network-setup-failed': {
    source: 'https://github.com/containerd/nerdctl/issues/4283',
    line: String.raw`failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error running createRuntime hook #0: exit status 1, stdout: , stderr: time=\"2025-05-22T14:06:52-07:00\" level=fatal msg=\"failed to call cni.Setup: plugin type=\\\"bridge\\\" failed (add): failed to set bridge addr: could not set bridge's mac: invalid argument\""`,
    captures: { type: 'bridge', operation: 'add' },
  },
  'plugin-failed-without-result': {
    source: 'https://github.com/kubernetes/kubernetes/issues/92903',
    line: '  Warning  FailedCreatePodSandBox  2m                  kubelet, vcloud-single  Failed to create pod sandbox: rpc error: code = Unknown desc = [failed to set up sandbox container "3fe33199939736653d0eb5ffb41ffd4a94630cbf0ee1d9ffa39e1fef7cb40a83" network for pod "kafka-0": networkPlugin cni failed to set up pod "kafka-0_default" network: netplugin failed with no error message, failed to clean up sandbox container "3fe33199939736653d0eb5ffb41ffd4a94630cbf0ee1d9ffa39e1fef7cb40a83" network for pod "kafka-0": networkPlugin cni failed to teardown pod "kafka-0_default" network: netplugin failed with no error message]',
    captures: {},
    also: ['pod-network-teardown-failed'],
  },
  'firewall-tool-missing': {
    source: 'https://github.com/siderolabs/extensions/issues/826',
    // As the thread quotes it, cut off at "$P".
    line: 'hostport-test        1s (x17 over 3m33s)      Warning   FailedCreatePodSandBox    Pod/hostport-test                                   (combined from similar events): Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "b2f90857da3f8367b0782f972fac5c148b4be82860fdfb477978debb61a8163f": plugin type="portmap" failed (add): could not find nftables binary: exec: "nft": executable file not found in $P',
    captures: { tool: 'nft' },
  },
  'pod-network-teardown-failed': {
    source: 'https://github.com/kubernetes/kubernetes/issues/57465',
    line: 'E1220 15:42:09.554117    1396 remote_runtime.go:109] StopPodSandbox "159b8a23dccc9a3e8747309b4ba0e968493cc216197dc44046ff0e688989074e" from runtime service failed: rpc error: code = 2 desc = NetworkPlugin cni failed to teardown pod "my-cron-pz1b7_mynamespace" network: failed to Statfs "/proc/115577/ns/net": no such file or directory',
    captures: { pod: 'my-cron-pz1b7_mynamespace' },
    also: ['netns-missing'],
  },
  'flannel-delegate-failed': {
    source: 'https://github.com/k8snetworkplumbingwg/multus-cni/issues/1276',
    line: 'error adding container to network "cbr0": plugin type="flannel" failed (add): failed to delegate add: bridge port in error state: lower-layer-down',
    captures: {},
  },
  'result-version-unconvertible': {
    source: 'https://github.com/containernetworking/cni/issues/701',
    line: 'panic: failed to get network "craft0" cached result: failed to convert cached result version "0.1.0" to config version "0.4.0": cannot convert version ["" "0.1.0" "0.2.0"] to 0.4.0',
    captures: { from: '0.1.0', version: '0.4.0', supported: '"" "0.1.0" "0.2.0"', to: '0.4.0' },
  },
  'podman-result-parse-failed': {
    source: 'https://github.com/cri-o/cri-o/pull/2026',
    line: 'Error: error parsing CNI plugin result "IP4:{IP:{IP:10.3.60.121 Mask:ffffffff} Gateway:10.3.0.1 Routes:[{Dst:{IP:10.3.0.1 Mask:ffffffff} GW:<nil>} {Dst:{IP:0.0.0.0 Mask:00000000} GW:10.3.0.1}]}, DNS:{Nameservers:[] Domain: Search:[] Options:[]}": cannot convert version ["" "0.1.0" "0.2.0"] to 0.4.0: cannot convert version ["" "0.1.0" "0.2.0"] to 0.4.0',
    captures: {},
    also: ['result-version-unconvertible'],
  },
  'ipam-range-exhausted': {
    source: 'https://github.com/rancher/rancher/issues/14504',
    line: 'E0711 15:11:17.994634   24727 remote_runtime.go:92] RunPodSandbox from runtime service failed: rpc error: code = Unknown desc = NetworkPlugin cni failed to set up pod "myzep-79945ccb7f-rz8ld_myzep" network: failed to allocate for range 0: no IP addresses available in range set: 10.42.0.1-10.42.0.254',
    captures: { range: '0', rangeSet: '10.42.0.1-10.42.0.254' },
  },
  'ipam-duplicate-allocation': {
    source: 'https://github.com/containernetworking/cni/issues/701',
    line: 'failed to allocate for range 0: 10.55.0.x has been allocated to some-container-name, duplicate allocation is not allowed',
    captures: { range: '0', ip: '10.55.0.x', container: 'some-container-name' },
  },
  'bridge-ip-mismatch': {
    source: 'https://github.com/containers/podman/issues/12306',
    line: 'CNI: failed to set bridge addr: "cni-podman1" already has an IP address different from 10.25.31.1/24',
    captures: { bridge: 'cni-podman1', addr: '10.25.31.1/24' },
  },
  'bridge-create-unsupported': {
    source: 'https://github.com/k3s-io/k3s/issues/168',
    line: String.raw`E0306 12:24:17.726312   29720 pod_workers.go:190] Error syncing pod a22d9673-3fc6-11e9-8d02-000c29013dd9 ("coredns-7748f7f6df-hwmpt_kube-system(a22d9673-3fc6-11e9-8d02-000c29013dd9)"), skipping: failed to "CreatePodSandbox" for "coredns-7748f7f6df-hwmpt_kube-system(a22d9673-3fc6-11e9-8d02-000c29013dd9)" with CreatePodSandboxError: "CreatePodSandbox for pod \"coredns-7748f7f6df-hwmpt_kube-system(a22d9673-3fc6-11e9-8d02-000c29013dd9)\" failed: rpc error: code = Unknown desc = failed to setup network for sandbox \"69c3e061d44fa7838606840c46c10d60aa6513bf4b326fe2cf611afe8c2ed142\": failed to create bridge \"cni0\": could not add \"cni0\": operation not supported"`,
    captures: { bridge: 'cni0' },
  },
  'netns-missing': {
    source: 'https://github.com/kubernetes/kubernetes/issues/72044',
    line: 'E1214 03:20:14.987393    3154 cni.go:260] Error adding network: failed to Statfs "/proc/93986/ns/net": no such file or directory',
    captures: { netns: '/proc/93986/ns/net' },
  },
  'kubelet-netns-unknown': {
    source: 'https://github.com/kubernetes/minikube/issues/8445',
    line: 'Jun 10 19:56:26 minikube kubelet[1100]: W0610 19:56:26.026755    1100 cni.go:328] CNI failed to retrieve network namespace path: cannot find network namespace for the terminated container "c588b942ff9ef0bcb4a04c3f7ff584bb909799c42af5824271d167527be59e77"',
    captures: {},
  },
  'flannel-subnet-env-missing': {
    source: 'https://github.com/flannel-io/flannel/issues/2253',
    line: 'Warning  FailedCreatePodSandBox  11s    kubelet            Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "3c05350cf5717b9bcf92a63ffafb7a3d27bd5ad1880de39272e72aa1661e637e": plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory',
    captures: { file: '/run/flannel/subnet.env' },
  },
  'calico-unauthorized': {
    source: 'https://github.com/projectcalico/calico/issues/9215',
    line: 'Warning  FailedCreatePodSandBox  33s               kubelet            Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "b6385006e8b3eedeaa1fd60e3e69afc9fb758a27666c93708a9211b3c988ab34": plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized',
    captures: {},
  },
  'calico-cluster-information-missing': {
    // Quoted up to the resource the API server names, where the thread's excerpt ends.
    source: 'https://github.com/argoproj/argo-helm/issues/1653',
    line: 'Warning  FailedCreatePodSandBox  2s (x9 over 111s)  kubelet            (combined from similar events): Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "f47d03a6b9ec0ac59167999f4991c0adf6fe43c687aa4d0b7d67057ee36b41b7": error getting ClusterInformation: resource does not exist: ClusterInformation(default) with error: the server could not find the requested resource',
    captures: {},
  },
  'calico-apiserver-unreachable': {
    source: 'https://github.com/projectcalico/calico/issues/10352',
    line: 'plugin type="calico" failed (add): error getting ClusterInformation: Get "https://172.20.0.1:443/apis/crd.projectcalico.org/v1/clusterinformations/default": Service Unavailable',
    captures: { url: 'https://172.20.0.1:443/apis/crd.projectcalico.org/v1/clusterinformations/default', reason: 'Service Unavailable' },
  },
  'calico-nodename-missing': {
    source: 'https://github.com/projectcalico/calico/issues/10146',
    line: 'Warning  FailedCreatePodSandBox  39m                    kubelet            Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "6e11a3643ea5af99e10ec02111105ae717dceb52ac837218ea58c1b355cb7f57": plugin type="calico" failed (add): stat /var/lib/calico/nodename: no such file or directory: check that the calico/node container is running and has mounted /var/lib/calico/',
    captures: { file: '/var/lib/calico/nodename' },
  },
  'cilium-agent-unreachable': {
    source: 'https://github.com/cilium/cilium/issues/40312',
    line: '(combined from similar events): Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "0b2f8521e66ae74da6ed86fdb778d9558b0114967e52d73ff3285466b0846e1e": plugin type="cilium-cni" failed (add): unable to connect to Cilium agent: failed to create cilium agent client after 30.000000 seconds timeout: Get "http://localhost/v1/config": dial unix /var/run/cilium/cilium.sock: connect: no such file or directory Is the agent running?',
    captures: {},
  },
  'cilium-api-timeout': {
    source: 'https://github.com/cilium/cilium/issues/32399',
    line: 'kubelet  (combined from similar events): Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "f40f8a986e4c53a727336b51fb698fee152f06b3357da0079a5ed204ed7d22a0": plugin type="cilium-cni" failed (add): unable to create endpoint: Cilium API client timeout exceeded',
    captures: {},
  },
  'cilium-ipam-exhausted': {
    source: 'https://github.com/cilium/cilium/issues/10627',
    line: 'default          13m         Warning   FailedCreatePodSandBox   pod/pod-to-a-allowed-cnp-5899c44899-lmsr8                    Failed to create pod sandbox: rpc error: code = Unknown desc = failed to set up sandbox container "3948297ee605c722e867e3cda372cd2708c16f40e2cb0c036ac543890fee98e6" network for pod "pod-to-a-allowed-cnp-5899c44899-lmsr8": networkPlugin cni failed to set up pod "pod-to-a-allowed-cnp-5899c44899-lmsr8_default" network: unable to allocate IP via local cilium agent: [POST /ipam][502] postIpamFailure  range is full',
    captures: { status: '502', reason: 'range is full' },
  },
  'multus-pod-lookup-failed': {
    source: 'https://github.com/k8snetworkplumbingwg/multus-cni/issues/1094',
    line: 'Warning  FailedCreatePodSandBox  115s  kubelet            Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "bc5e100744cc3e7524cb98ba0e056cb81bad97b85a8c9441602bf92ef4edfff5": Multus: [default/preferred-nodeaffinity-deploy-8599b9d4c8-5czz6/a47656c9-a43f-4f78-b337-fde316150fa9]: error getting pod: Unauthorized',
    captures: { pod: 'default/preferred-nodeaffinity-deploy-8599b9d4c8-5czz6/a47656c9-a43f-4f78-b337-fde316150fa9', reason: 'Unauthorized' },
  },
  'multus-readiness-indicator': {
    source: 'https://github.com/istio/istio/issues/22449',
    line: 'Warning  FailedCreatePodSandBox  51s        kubelet, worker-12  Failed create pod sandbox: rpc error: code = Unknown desc = failed to create pod network sandbox k8s_istio-telemetry-abcd-7hqd_istio-system_8fe36fef-87d4-230f-00eb-b81ad6cd9h_0(0e07efffa): Multus: [istio-system/istio-telemetry-abcd-7hqd]: PollImmediate error waiting for ReadinessIndicatorFile: timed out waiting for the condition',
    captures: {},
  },
};

describe('one realistic line per catalogue entry', () => {
  it.each(Object.entries(EXAMPLES))('%s', (id, ex) => {
    const matches = explainText(ex.line);
    expect(matches.map((m) => m.id).sort()).toEqual([id, ...(ex.also ?? [])].sort());
    const m = matches.find((x) => x.id === id)!;
    expect(m.line).toBe(1);
    expect(m.captures).toMatchObject(ex.captures ?? {});
    for (const text of [m.meaning, m.cause, m.fix]) {
      expect(text.trim()).not.toBe('');
      expect(text).not.toContain('undefined');
    }
  });

  it('matches the colon form and the plugin stdout form of "incompatible CNI versions"', () => {
    expect(only('incompatible CNI versions: config is "0.4.0", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1"]', 'incompatible-cni-versions').captures).toEqual({
      version: '0.4.0',
      supported: '"0.1.0" "0.2.0" "0.3.0" "0.3.1"',
    });
    // evidence/debian-plugins-1.1.1-version-probe.txt, vrf without cniVersion.
    const vrf = only('{    "code": 1,    "msg": "incompatible CNI versions",    "details": "config is \\"0.1.0\\", plugin supports [\\"0.3.1\\" \\"0.4.0\\" \\"1.0.0\\"]"} [rc=1]', 'incompatible-cni-versions');
    expect(vrf.captures).toEqual({ version: '0.1.0', supported: '"0.3.1" "0.4.0" "1.0.0"' });
  });

  it('quotes every operational entry from a public thread that the entry cites', () => {
    for (const e of OPERATIONAL) {
      const source = EXAMPLES[e.id]?.source;
      expect(source, e.id).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\/(issues|pull)\/\d+$/);
      expect(e.references, e.id).toContain(source);
    }
  });

  it('does not take the CRI-O no-type message for a generic load failure', () => {
    expect(ids(EXAMPLES['crio-no-type']!.line)).toEqual(['crio-no-type']);
  });

  it('reads the other forms of the verb and bool errors', () => {
    expect(only('plugin version does not allow STATUS', 'verb-not-allowed').captures).toEqual({ who: 'plugin', verb: 'STATUS' });
    expect(only('error parsing configuration list: invalid value "yes" for disableGC', 'list-invalid-bool').captures).toEqual({ value: 'yes', key: 'disableGC' });
    expect(only('error parsing configuration list: invalid type float64 for loadOnlyInlinedPlugins', 'list-invalid-bool').captures).toEqual({
      goType: 'float64',
      key: 'loadOnlyInlinedPlugins',
    });
    expect(only('invalid version "1.0.0.0": too many parts', 'version-unparseable').captures).toEqual({ version: '1.0.0.0' });
  });
});

// --- The CLI function ---------------------------------------------------------------------------

const noStdin = (): Promise<string> => Promise.reject(new Error('stdin must not be read'));
const stdinOf = (text: string) => {
  let reads = 0;
  const read = (): Promise<string> => {
    reads++;
    return Promise.resolve(text);
  };
  return { read, reads: () => reads };
};

describe('runExplain', () => {
  it('explains TEXT given as arguments, joined with spaces, and exits 0', async () => {
    const io = memoryIO();
    const code = await runExplain(['invalid', 'version', '"":', 'the', 'version', 'is', 'empty'], io, noStdin);
    expect(code).toBe(0);
    expect(io.out()).toContain('line 1: invalid version "": the version is empty');
    expect(io.out()).toContain('version-empty');
    expect(io.out()).toContain('CNI_VERSION_MISSING');
    expect(io.err()).toBe('');
  });

  it('exits 1 with a clear message when nothing is recognised', async () => {
    const io = memoryIO();
    expect(await runExplain(['all', 'is', 'well'], io, noStdin)).toBe(1);
    expect(io.out()).toBe('');
    expect(io.err()).toContain('no known CNI error found');
  });

  it("reads stdin for '-' through the callback", async () => {
    const io = memoryIO();
    const stdin = stdinOf(K8S_DESTROY);
    expect(await runExplain(['-'], io, stdin.read)).toBe(0);
    expect(stdin.reads()).toBe(1);
    expect(io.out()).toContain('line 2: invalid version');
  });

  it('reads stdin without arguments only when stdin is not a terminal', async () => {
    const piped = memoryIO();
    const stdin = stdinOf(CONTAINERD_6876);
    expect(await runExplain([], piped, stdin.read, { stdinIsTTY: false })).toBe(0);
    expect(stdin.reads()).toBe(1);
    expect(piped.out()).toContain('incompatible-cni-versions');

    const terminal = memoryIO();
    expect(await runExplain([], terminal, noStdin, { stdinIsTTY: true })).toBe(2);
    expect(await runExplain([], memoryIO(), noStdin)).toBe(2);
    expect(terminal.err()).toMatch(/^cni-migrate: /);
    expect(terminal.out()).toBe('');
  });

  it.each([[['--format', 'xml', 'x']], [['--format']], [['--frobnicate', 'x']], [['-', 'text']]])('exits 2 on usage error %j', async (args) => {
    const io = memoryIO();
    expect(await runExplain(args, io, noStdin)).toBe(2);
    expect(io.err()).toMatch(/^cni-migrate: /);
    expect(io.out()).toBe('');
  });

  it('exits 2 when stdin cannot be read', async () => {
    const io = memoryIO();
    expect(await runExplain(['-'], io, () => Promise.reject(new Error('EIO')), { stdinIsTTY: false })).toBe(2);
    expect(io.err()).toContain('EIO');
  });

  it('prints its own help with examples', async () => {
    for (const flag of ['-h', '--help']) {
      const io = memoryIO();
      expect(await runExplain([flag], io, noStdin)).toBe(0);
      expect(io.out()).toContain('Usage: cni-migrate explain');
      expect(io.out()).toContain('Examples:');
    }
  });

  it('treats arguments after -- as TEXT', async () => {
    const io = memoryIO();
    expect(await runExplain(['--', '-', 'cni', 'plugin', 'not', 'initialized'], io, noStdin)).toBe(0);
    expect(io.out()).toContain('cni-plugin-not-initialized');
  });

  it('writes a JSON report with --format json', async () => {
    const io = memoryIO();
    const stdin = stdinOf(`${K8S_INCOMPATIBLE}\n${K8S_DESTROY}\n${K8S_INCOMPATIBLE}`);
    expect(await runExplain(['--format=json', '-'], io, stdin.read)).toBe(0);
    const report = JSON.parse(io.out()) as ExplainJsonReport;
    expect(report.command).toBe('explain');
    expect(report.summary).toEqual({ lines: 4, recognised: 3, occurrences: 4 });
    expect(report.matches.map((m) => [m.id, m.line, m.count])).toEqual([
      ['incompatible-cni-versions', 1, 2],
      ['pod-network-teardown-failed', 3, 1],
      ['version-empty', 3, 1],
    ]);
    const first = report.matches[0]!;
    expect(first.captures).toEqual({ version: '1.0.0', supported: LOOPBACK_SUPPORTS });
    expect(first.codes).toEqual(CATALOGUE.find((e) => e.id === 'incompatible-cni-versions')!.codes);
    expect(first.codes).toContain('CNI_VERSION_UNSUPPORTED');
    expect(Object.keys(first).sort()).toEqual(
      ['id', 'title', 'line', 'count', 'text', 'captures', 'meaning', 'cause', 'fix', 'hints', 'codes', 'confidence', 'references'].sort(),
    );
    expect(io.err()).toBe('');
  });

  it('writes an empty JSON report and exits 1 when nothing is recognised', async () => {
    const io = memoryIO();
    expect(await runExplain(['--format', 'json', 'nothing', 'here'], io, noStdin)).toBe(1);
    expect(JSON.parse(io.out())).toEqual({ command: 'explain', matches: [], summary: { lines: 1, recognised: 0, occurrences: 0 } });
  });

  it('readStream reads a whole stream', async () => {
    expect(await readStream(Readable.from([Buffer.from('incompatible CNI '), 'versions']))()).toBe('incompatible CNI versions');
  });
});
