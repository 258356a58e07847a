/**
 * Fleets and `cniVersions` (docs/version-policy.md "Fleets mid-upgrade"): the version every
 * runtime accepts goes in cniVersion; with the option, a list gets a cniVersions array for the
 * runtimes whose libcni reads it, written in the file's own layout and proven by re-parse.
 */
import { readFileSync } from 'node:fs';
import { parse as parseJsonc } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { planFile, type FilePlan, type PlanOptions } from '../../src/core/plan.js';

const FLEET = ['containerd@1.7.27', 'containerd@2.1.0'];
const NEW_PLUGINS: PlanOptions = { runtime: FLEET, cniVersions: true, plugins: { releases: { 'cni-plugins': '1.6.0' } } };
const OLD_PLUGINS: PlanOptions = { ...NEW_PLUGINS, plugins: { releases: { 'cni-plugins': '1.1.1' } } };
const fixture = (path: string): string => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

const LIST = `{
  "cniVersion": "1.0.0",
  "name": "net",
  "plugins": [
    { "type": "bridge", "bridge": "cni0", "ipam": { "type": "host-local", "subnet": "10.88.0.0/16" } },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
`;

const codes = (p: FilePlan, which: 'diagnostics' | 'remaining' = 'remaining'): string[] => p[which].map((d) => d.code);

/** The plan holds: the result re-plans to nothing, and no cniVersions finding remains. */
function settled(p: FilePlan, options: PlanOptions): void {
  expect(codes(p).filter((c) => c.startsWith('CNI_VERSIONS'))).toEqual([]);
  const again = planFile({ path: p.path, text: p.after }, options);
  expect(again.edits).toEqual([]);
  expect(codes(again).filter((c) => c.startsWith('CNI_VERSIONS'))).toEqual([]);
}

describe('a fleet: containerd 1.7 and 2.1', () => {
  it('bridge from cni-plugins 1.6 accepts 1.1.0: cniVersion stays 1.0.0 and cniVersions ["1.0.0", "1.1.0"] is inserted after it', () => {
    const p = planFile({ path: '10-net.conflist', text: LIST }, NEW_PLUGINS);
    expect(p.after).toBe(LIST.replace('"cniVersion": "1.0.0",\n', '"cniVersion": "1.0.0",\n  "cniVersions": ["1.0.0", "1.1.0"],\n'));
    const conf = JSON.parse(p.after) as Record<string, unknown>;
    expect(conf['cniVersion']).toBe('1.0.0');
    expect(Array.isArray(conf['cniVersions']) && (conf['cniVersions'] as unknown[]).every((v) => typeof v === 'string')).toBe(true);
    expect(conf['cniVersions']).toEqual(['1.0.0', '1.1.0']);
    expect(p.networks[0]!.decision).toMatchObject({ action: 'keep', version: '1.0.0', reason: 'accepted by bridge, host-local, portmap and containerd 1.7.27, containerd 2.1.0' });
    expect(p.networks[0]!.cniVersions).toEqual({ from: null, versions: ['1.0.0', '1.1.0'] });
    expect(p.networks[0]!.executes).toEqual([
      { runtime: 'containerd 1.7.27', version: '1.0.0' },
      { runtime: 'containerd 2.1.0', version: '1.1.0' },
    ]);
    settled(p, NEW_PLUGINS);
  });

  it('plugins that accept nothing newer than 1.0.0 (cni-plugins 1.1.1): no cniVersions is written', () => {
    const p = planFile({ path: '10-net.conflist', text: LIST }, OLD_PLUGINS);
    expect(p.edits).toEqual([]);
    expect(p.networks[0]!.cniVersions).toBeUndefined();
    expect(p.networks[0]!.executes?.map((e) => e.version)).toEqual(['1.0.0', '1.0.0']);
  });

  it('without the option nothing but cniVersion is written, and the fleet still says what each runtime runs', () => {
    const p = planFile({ path: '10-net.conflist', text: LIST }, { ...NEW_PLUGINS, cniVersions: false });
    expect(p.changed).toBe(false);
    expect(p.networks[0]!.executes?.map((e) => e.version)).toEqual(['1.0.0', '1.0.0']);
  });

  it('1.1.0 is lowered to 1.0.0 naming the runtime that rejects it; cniVersions keeps containerd 2.1 at 1.1.0 (no live downgrade there)', () => {
    const p = planFile({ path: '10-net.conflist', text: LIST.replace('"1.0.0"', '"1.1.0"') }, NEW_PLUGINS);
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', version: '1.0.0' });
    expect(p.networks[0]!.decision.reason).toBe('1.1.0 is rejected by containerd 1.7.27; 1.0.0 is the newest version accepted by bridge, host-local, portmap and containerd 1.7.27, containerd 2.1.0');
    expect(codes(p, 'diagnostics')).toEqual(['CNI_VERSION_UNSUPPORTED']);
    const unsupported = p.diagnostics[0]!;
    expect(unsupported.args).toMatchObject({ runtime: 'containerd 1.7.27 (libcni v1.1.2 executes up to 1.0.0)' });
    expect(p.after).toContain('"cniVersion": "1.0.0",\n  "cniVersions": ["1.0.0", "1.1.0"],\n  "name"');
    settled(p, NEW_PLUGINS);
  });

  it('the same runtime named twice is one runtime: the plan is the single-runtime plan', () => {
    const twice = planFile({ path: '10-net.conflist', text: LIST }, { ...NEW_PLUGINS, runtime: ['containerd@2.1.0', 'containerd@2.1.0'] });
    const once = planFile({ path: '10-net.conflist', text: LIST }, { ...NEW_PLUGINS, runtime: 'containerd@2.1.0' });
    expect(twice).toEqual(once);
    expect(once.networks[0]!.executes).toBeUndefined();
    expect(once.changed).toBe(false); // one runtime: cniVersion can be what it runs
  });

  it('a missing cniVersion is inserted first, cniVersions right after it, on lines like the first member\'s', () => {
    const text = LIST.replace('  "cniVersion": "1.0.0",\n', '');
    const p = planFile({ path: '10-net.conflist', text }, NEW_PLUGINS);
    expect(p.after).toBe(LIST.replace('"cniVersion": "1.0.0",\n', '"cniVersion": "1.0.0",\n  "cniVersions": ["1.0.0", "1.1.0"],\n'));
    settled(p, NEW_PLUGINS);
  });

  it('JSONC with comments, a tab-indented CRLF file, a one-line file and cniVersion as last member keep their layout', () => {
    const jsonc = '{\n  // the pod network\n  "cniVersion": "1.0.0", // pinned for containerd 1.7\n  "name": "net",\n  /* chain */ "plugins": [{ "type": "bridge" }, { "type": "portmap" }]\n}\n';
    const a = planFile({ path: 'a.conflist', text: jsonc }, NEW_PLUGINS);
    expect(a.after).toBe(jsonc.replace('  "name"', '  "cniVersions": ["1.0.0", "1.1.0"],\n  "name"'));
    expect(parseJsonc(a.after)).toMatchObject({ cniVersions: ['1.0.0', '1.1.0'] });

    const crlf = '{\r\n\t"cniVersion":"1.0.0",\r\n\t"name":"net",\r\n\t"plugins":[{"type":"bridge"}]\r\n}\r\n';
    const b = planFile({ path: 'b.conflist', text: crlf }, NEW_PLUGINS);
    expect(b.after).toBe('{\r\n\t"cniVersion":"1.0.0",\r\n\t"cniVersions":["1.0.0","1.1.0"],\r\n\t"name":"net",\r\n\t"plugins":[{"type":"bridge"}]\r\n}\r\n');

    const line = '{"name": "net", "plugins": [{"type": "bridge"}], "cniVersion": "1.0.0"}';
    const c = planFile({ path: 'c.conflist', text: line }, NEW_PLUGINS);
    expect(c.after).toBe('{"name": "net", "plugins": [{"type": "bridge"}], "cniVersion": "1.0.0", "cniVersions": ["1.0.0", "1.1.0"]}');

    const last = '{\n    "name": "net",\n    "plugins": [{"type": "bridge"}],\n    "cniVersion": "1.0.0"\n}\n';
    const d = planFile({ path: 'd.conflist', text: last }, NEW_PLUGINS);
    expect(d.after).toBe('{\n    "name": "net",\n    "plugins": [{"type": "bridge"}],\n    "cniVersion": "1.0.0",\n    "cniVersions": ["1.0.0", "1.1.0"]\n}\n');
    for (const p of [a, b, c, d]) settled(p, NEW_PLUGINS);
  });

  it('never in a single-plugin .conf: libcni reads cniVersions only in a list', () => {
    const p = planFile({ path: '10-bridge.conf', text: '{\n  "cniVersion": "1.0.0",\n  "name": "b",\n  "type": "bridge"\n}\n' }, NEW_PLUGINS);
    expect(p.changed).toBe(false);
    expect(p.networks[0]!.executes?.map((e) => e.version)).toEqual(['1.0.0', '1.0.0']);
  });

  it('an existing array laid out one entry per line that lacks 1.1.0 is rewritten in that layout', () => {
    const text = LIST.replace('  "name"', '  "cniVersions": [\n    "0.4.0",\n    "1.0.0"\n  ],\n  "name"');
    const p = planFile({ path: '10-net.conflist', text }, NEW_PLUGINS);
    expect(p.after).toBe(LIST.replace('  "name"', '  "cniVersions": [\n    "0.4.0",\n    "1.0.0",\n    "1.1.0"\n  ],\n  "name"'));
    expect(p.networks[0]!.cniVersions).toEqual({ from: ['0.4.0', '1.0.0'], versions: ['0.4.0', '1.0.0', '1.1.0'] });
    settled(p, NEW_PLUGINS);
  });
});

describe('an existing cniVersions a plugin rejects (the spec 1.1.0 example)', () => {
  const dbnet = fixture('upstream/cni-spec/v1.3.0/SPEC_example-configuration_dbnet.conflist');
  const ONE: PlanOptions = { runtime: 'containerd@2.1.0', plugins: { releases: { 'cni-plugins': '1.1.1' } } };

  it('without the option it is reported and left alone, as before', () => {
    const p = planFile({ path: 'dbnet.conflist', text: dbnet }, ONE);
    expect(codes(p)).toContain('CNI_VERSIONS_UNSUPPORTED');
    expect(p.after).toContain('"cniVersions": ["0.3.1", "0.4.0", "1.0.0", "1.1.0"]');
  });

  it('with the option the rejected entry is dropped, and CNI_VERSIONS_UNSUPPORTED no longer fires on the result', () => {
    const options = { ...ONE, cniVersions: true };
    const p = planFile({ path: 'dbnet.conflist', text: dbnet }, options);
    expect(codes(p, 'diagnostics')).toContain('CNI_VERSIONS_UNSUPPORTED');
    expect(p.after).toContain('"cniVersion": "1.0.0",\n  "cniVersions": ["0.3.1", "0.4.0", "1.0.0"],\n');
    expect(p.edits).toHaveLength(2);
    settled(p, options);
  });
});

describe('in manifests: the array goes into the block scalar, indented as its lines are', () => {
  const V = ['0.3.1', '0.4.0', '1.0.0', '1.1.0'];
  const stated = (types: readonly string[]) => Object.fromEntries(types.map((t) => [t, { versions: V, source: { kind: 'flag' as const, flag: `--plugin ${t}=${V.join(',')}` } }]));

  /** The CNI JSON in a ConfigMap key, parsed out of the YAML as a consumer reads it. */
  const configMapJson = (yamlText: string, key: string): Record<string, unknown> => {
    for (const doc of parseAllDocuments(yamlText)) {
      const data = (doc.toJS() as { kind?: string; data?: Record<string, string> } | null)?.data;
      if (data?.[key] !== undefined) return parseJsonc(data[key]) as Record<string, unknown>;
    }
    throw new Error(`no ${key}`);
  };

  it('a Calico ConfigMap (cni_network_config)', () => {
    const text = fixture('k8s-yaml/calico-v3.30.0-calico/input.yaml');
    const options: PlanOptions = { runtime: FLEET, cniVersions: true, plugins: { supported: stated(['calico', 'calico-ipam', 'portmap']) } };
    const p = planFile({ path: 'calico.yaml', text }, options);
    expect(p.after).toBe(text.replace('      "cniVersion": "0.3.1",\n', '      "cniVersion": "0.3.1",\n      "cniVersions": ["0.3.1", "0.4.0", "1.0.0", "1.1.0"],\n'));
    expect(configMapJson(p.after, 'cni_network_config')['cniVersions']).toEqual(V);
    expect(p.networks[0]!.executes?.map((e) => e.version)).toEqual(['0.3.1', '1.1.0']);
    settled(p, options);
  });

  it('a Flannel ConfigMap (cni-conf.json)', () => {
    const text = fixture('k8s-yaml/flannel-v0.28.9-kube-flannel/input.yml');
    const options: PlanOptions = { runtime: FLEET, cniVersions: true, plugins: { supported: stated(['flannel']), releases: { 'cni-plugins': '1.6.0' } } };
    const p = planFile({ path: 'kube-flannel.yml', text }, options);
    expect(p.after).toBe(text.replace('      "cniVersion": "0.3.1",\n', '      "cniVersion": "0.3.1",\n      "cniVersions": ["0.3.1", "0.4.0", "1.0.0", "1.1.0"],\n'));
    expect(configMapJson(p.after, 'cni-conf.json')['cniVersions']).toEqual(V);
    settled(p, options);
  });

  it('a JSON string in a JSON manifest: the member is encoded as the string encodes line breaks and quotes', () => {
    const conf = '{\n  "name": "n",\n  "cniVersion": "1.1.0",\n  "plugins": [{ "type": "bridge" }]\n}';
    const text = `${JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cni' }, data: { conf } }, null, 2)}\n`;
    const p = planFile({ path: 'cni.json', text }, NEW_PLUGINS);
    const after = (JSON.parse(p.after) as { data: { conf: string } }).data.conf;
    expect(after).toBe(conf.replace('"cniVersion": "1.1.0",\n', '"cniVersion": "1.0.0",\n  "cniVersions": ["1.0.0", "1.1.0"],\n'));
    settled(p, NEW_PLUGINS);
  });
});

describe('an existing cniVersions array with plugins of unknown release', () => {
  // What `fix --cni-versions` writes with cni-plugins 1.6.0 stated, then checked without a release.
  const written = LIST.replace('"cniVersion": "1.0.0",\n', '"cniVersion": "1.0.0",\n  "cniVersions": ["0.4.0", "1.0.0", "1.1.0"],\n');
  const UNSTATED: PlanOptions = { runtime: FLEET, cniVersions: true };

  it('an entry only some releases accept is kept and warned about (CNI_VERSION_UNCONFIRMED, naming the runtime that runs it), never taken out on a guess', () => {
    for (const options of [UNSTATED, { ...UNSTATED, cniVersions: false }]) {
      const p = planFile({ path: '10-net.conflist', text: written }, options);
      expect(codes(p, 'diagnostics')).not.toContain('CNI_VERSIONS_UNSUPPORTED');
      expect(p.changed).toBe(false);
      const warned = p.diagnostics.filter((d) => d.code === 'CNI_VERSION_UNCONFIRMED').map((d) => d.args as { version: string; runtimes?: string; plugins: readonly { type: string }[] });
      expect(warned.find((a) => a.version === '1.1.0')).toMatchObject({ runtimes: 'containerd 2.1.0', plugins: [{ type: 'bridge' }, { type: 'host-local' }, { type: 'portmap' }] });
    }
  });

  it('an entry a plugin rejects for certain (stated 1.1.1: up to 1.0.0) is still an error, and --cni-versions takes out that entry only', () => {
    const p = planFile({ path: '10-net.conflist', text: written }, OLD_PLUGINS);
    expect(codes(p, 'diagnostics')).toContain('CNI_VERSIONS_UNSUPPORTED');
    expect(JSON.parse(p.after).cniVersions).toEqual(['0.4.0', '1.0.0']);
  });
});

describe('a plugin nothing is known about', () => {
  // rdma-cni chained after an interface plugin, Nomad's e2e conflist: a plugin the data does not know next to known ones.
  const withUnknown = LIST.replace('{ "type": "portmap", "capabilities": { "portMappings": true } }', '{ "type": "rdma" }');
  const templated = LIST.replace('"type": "portmap"', '"type": "__CHAINED_TYPE__"');

  it.each([
    ['an unknown type', withUnknown, 'rdma'],
    ['a placeholder type', templated, '__CHAINED_TYPE__'],
  ])('%s: no cniVersions array is written, whatever the known plugins accept', (_, text, type) => {
    const p = planFile({ path: '10-net.conflist', text }, NEW_PLUGINS);
    expect(p.changed).toBe(false);
    expect(p.networks[0]!.cniVersions).toBeUndefined();
    expect(p.diagnostics.find((d) => d.code === 'PLUGIN_UNKNOWN')?.args).toMatchObject({ type });
    // Stated, it is judged like the others: then the array is written.
    const stated = planFile({ path: '10-net.conflist', text }, { ...NEW_PLUGINS, plugins: { ...NEW_PLUGINS.plugins, supported: { [type]: { versions: ['0.4.0', '1.0.0', '1.1.0'], source: { kind: 'flag', flag: `--plugin ${type}=0.4.0,1.0.0,1.1.0` } } } } });
    expect(stated.networks[0]!.cniVersions?.versions).toEqual(['1.0.0', '1.1.0']);
  });
});
