/**
 * CNI configs held as JSON strings in Kubernetes JSON manifests (format k8s-json):
 * `kubectl get cm -o json` output and `kind: List`, through planFile.
 */
import { describe, expect, it } from 'vitest';
import { analyzeK8sJson } from '../../src/formats/k8s-json/k8s-json.js';
import { codes, expectSafeEmbeddedEdit, OPTIONS, plan } from './check.js';
import { planFile } from '../../src/core/plan.js';

const CONFLIST = {
  name: 'cbr0',
  plugins: [
    { type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', subnet: '10.85.0.0/16', dataDir: '/var/lib/cni/networks' } },
    { type: 'portmap', capabilities: { portMappings: true } },
  ],
};

/** The CNI config as kubectl prints a ConfigMap key: 2-space JSON inside an escaped string. */
function conflist(version: string | null, name = 'cbr0'): string {
  return `${JSON.stringify({ ...(version ? { cniVersion: version } : {}), ...CONFLIST, name }, null, 2)}\n`;
}

/** `kubectl get cm -o json`: 4-space indentation, the config as one escaped string with \n. */
function configMap(name: string, data: Record<string, string>): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    data,
    kind: 'ConfigMap',
    metadata: {
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","kind":"ConfigMap"}\n' },
      creationTimestamp: '2024-01-01T00:00:00Z',
      name,
      namespace: 'kube-system',
      resourceVersion: '4242',
      uid: '0b0e5b8e-0000-4000-8000-000000000000',
    },
  };
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 4)}\n`;

describe('k8s-json: kubectl -o json ConfigMap', () => {
  it('insert: the string keeps its \\n escaping and the file its 4-space layout', () => {
    const text = json(configMap('cni-config', { '10-cbr0.conflist': conflist(null), 'other.txt': 'x' }));
    const p = plan('cm.json', text);
    expect(p.format).toBe('k8s-json');
    expect(p.networks).toHaveLength(1);
    expect(p.networks[0]).toMatchObject({ name: 'cbr0', location: 'ConfigMap kube-system/cni-config data.10-cbr0.conflist', currentVersion: null });
    expect(p.networks[0]!.decision).toMatchObject({ action: 'insert', version: '1.0.0' });
    expect(p.edits).toEqual([{ offset: text.indexOf(String.raw`\"name\": \"cbr0\"`), length: 0, content: String.raw`\"cniVersion\": \"1.0.0\",\n  ` }]);
    expect(codes(p)).toEqual(['CNI_VERSION_MISSING']);
    // The diagnostic points at the string's opening brace, on the ConfigMap key's line.
    expect(p.diagnostics[0]!.position).toMatchObject({ line: text.split('\n').findIndex((l) => l.includes('10-cbr0')) + 1 });
    // Plugin offsets point into the file, at each escaped type token.
    for (const ref of p.networks[0]!.plugins) expect(text.slice(ref.offset, ref.offset + ref.type.length + 4)).toBe(`\\"${ref.type}\\"`);
    const changed = expectSafeEmbeddedEdit(p);
    expect(changed.map((c) => c.path)).toEqual(['data.10-cbr0.conflist']);
    expect(p.after).toBe(json(configMap('cni-config', { '10-cbr0.conflist': conflist('1.0.0'), 'other.txt': 'x' })));
  });

  it('rewrite: only the escaped value token changes', () => {
    const text = json(configMap('cni-config', { '10-cbr0.conflist': conflist('1.1.0') }));
    const p = plan('cm.json', text);
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', from: '1.1.0', version: '1.0.0' });
    expect(p.edits).toEqual([{ offset: text.indexOf(String.raw`\"1.1.0\"`), length: 9, content: String.raw`\"1.0.0\"` }]);
    expect(codes(p)).toEqual(['CNI_VERSION_UNSUPPORTED', 'VERSION_DOWNGRADE_LIVE']);
    expectSafeEmbeddedEdit(p);
  });

  it('\\/ and \\u escapes written by other emitters are kept', () => {
    const text = json(configMap('cni-config', { 'net.conflist': conflist('0.3.1') }))
      .replace('/var/lib/cni/networks', String.raw`\/var\/lib\/cni\/networks`)
      .replace(String.raw`\"portmap\"`, String.raw`\u0022portmap\u0022`);
    const options = { ...OPTIONS, targetVersion: '1.0.0' };
    const p = plan('cm.json', text, options);
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', version: '1.0.0' });
    expectSafeEmbeddedEdit(p, options);
    expect(p.after).toContain(String.raw`\/var\/lib\/cni\/networks`);
    expect(p.after).toContain(String.raw`\u0022portmap\u0022`);
  });

  it('a one-line config string stays on one line', () => {
    const text = json(configMap('one', { 'cni-conf.json': JSON.stringify(CONFLIST) }));
    const p = plan('cm.json', text);
    expect(p.edits[0]!.content).toBe(String.raw`\"cniVersion\":\"1.0.0\",`);
    expectSafeEmbeddedEdit(p);
  });

  it('kind: List with two ConfigMaps: two networks, two edits', () => {
    const text = json({
      apiVersion: 'v1',
      items: [configMap('first', { '10-a.conflist': conflist(null, 'a') }), configMap('second', { '20-b.conflist': conflist('1.1.0', 'b') })],
      kind: 'List',
      metadata: { resourceVersion: '' },
    });
    const p = plan('list.json', text);
    expect(p.networks.map((n) => [n.location, n.name, n.decision.action])).toEqual([
      ['ConfigMap kube-system/first items.0.data.10-a.conflist', 'a', 'insert'],
      ['ConfigMap kube-system/second items.1.data.20-b.conflist', 'b', 'rewrite'],
    ]);
    expect(p.edits).toHaveLength(2);
    const changed = expectSafeEmbeddedEdit(p);
    expect(changed.map((c) => c.path)).toEqual(['items.0.data.10-a.conflist', 'items.1.data.20-b.conflist']);
  });

  it('a JSON manifest without a CNI config is not mine', () => {
    for (const text of [
      json(configMap('app', { 'settings.json': '{"type": "web", "port": 8080}', 'app.js': 'const c = {"type": "x", broken};' })),
      json({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'w', image: 'nginx:1.25' }] } } } }),
      json({ kind: 'Config', cniVersion: 'not a manifest' }),
    ]) {
      expect(analyzeK8sJson({ path: 'm.json', text })).toBeNull();
      expect(plan('m.json', text)).toMatchObject({ format: null, fatal: false, changed: false, diagnostics: [], networks: [] });
    }
  });

  it('broken JSON under a CNI key → fatal JSON_PARSE_ERROR inside the string', () => {
    const broken = '{\n  "name": "x",\n  "plugins": [{"type": "bridge"}\n}\n';
    const text = json(configMap('broken', { 'cni-conf.json': broken }));
    const p = plan('cm.json', text);
    expect(p).toMatchObject({ format: 'k8s-json', fatal: true, changed: false });
    expect(codes(p)).toEqual(['JSON_PARSE_ERROR']);
    const at = p.diagnostics[0]!.position!.offset;
    const string = text.indexOf(String.raw`"{\n`);
    expect(at).toBeGreaterThan(string);
    expect(at).toBeLessThan(text.indexOf('"metadata"'));
  });

  it('a .json CNI config file is handled by the cni-json format, even with a "kind" member', () => {
    for (const text of [conflist(null), `{\n  "kind": "bridge-net",\n${conflist(null).slice(2)}`]) {
      expect(analyzeK8sJson({ path: '10-net.json', text })).toBeNull();
      const p = plan('10-net.json', text);
      expect(p.format).toBe('conflist');
      expect(p.networks[0]!.location).toBeUndefined();
    }
  });
});

describe('k8s-json: a JSON patch (kustomize patchesJson6902 as a .json file)', () => {
  const conflist = '{\n  "name": "k8s-pod-network",\n  "cniVersion": "0.3.1",\n  "plugins": [{ "type": "calico", "ipam": { "type": "calico-ipam" } }, { "type": "portmap", "capabilities": { "portMappings": true } }]\n}';
  const patch = (value: string, path = '/data/cni_network_config'): string =>
    `[\n  { "op": "replace", "path": "${path}", "value": ${JSON.stringify(value)} },\n  { "op": "add", "path": "/data/veth_mtu", "value": "1440" }\n]\n`;

  it('the value an operation sets at a CNI key is read, and edited in its JSON string', () => {
    const text = patch(conflist);
    const options = { targetVersion: '1.0.0', plugins: { releases: { calico: '3.26.0', 'cni-plugins': '1.1.1' } } };
    const p = planFile({ path: 'cni-patch.json', text }, options);
    expect(p.format).toBe('k8s-json');
    expect(p.networks.map((n) => n.location)).toEqual(['JSON patch replace /data/cni_network_config']);
    expect(p.changed).toBe(true);
    expect(p.after).toBe(text.replace('\\"cniVersion\\": \\"0.3.1\\"', '\\"cniVersion\\": \\"1.0.0\\"'));
    expect(planFile({ path: 'cni-patch.json', text: p.after }, options).changed).toBe(false);
  });

  it('at a CNI key, a broken config is broken; a value that is no config, or operations of other JSON, nothing is said', () => {
    expect(codes(planFile({ path: 'p.json', text: patch('{ "cniVersion": "0.3.1" "name": "x" }') }))).toEqual(['JSON_PARSE_ERROR']);
    expect(planFile({ path: 'p.json', text: patch('see "type" in the cniVersion docs', '/data/notes') }).format).toBeNull();
    expect(planFile({ path: 'p.json', text: '[{ "op": "add", "path": "/spec/template/spec/containers/0/args/-", "value": "--type=x" }]\n' }).format).toBeNull();
  });
});
