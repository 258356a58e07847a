import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/render/messages.js';
import { readNetwork } from '../../src/network/network.js';
import { prepareJson } from '../../src/network/prepare.js';
import { analyzeFile, planFile, pluginTypesOf } from '../../src/core/plan.js';
import { crlf, dedent } from '../helpers/dedent.js';
import { codes } from '../helpers/verify.js';

function read(text: string, claimed = true) {
  return readNetwork(prepareJson(text), claimed);
}

function network(text: string, claimed = true) {
  const r = read(text, claimed);
  if (r.status !== 'ok') throw new Error(`expected a network, got ${r.status}`);
  return r.network;
}

describe('readNetwork: what a network is made of', () => {
  const conflist = dedent`
    {
      "cniVersion": "1.0.0",
      "name": "k8s-pod-network",
      "plugins": [
        { "type": "calico", "ipam": { "type": "calico-ipam" } },
        { "type": "portmap", "capabilities": { "portMappings": true } }
      ]
    }
  `;

  it('reads a list: kind, name, version and every plugin in chain order, ipam included', () => {
    const net = network(conflist);
    expect(net.kind).toBe('conflist');
    expect(net.name).toBe('k8s-pod-network');
    expect(net.current).toEqual({ kind: 'string', value: '1.0.0' });
    expect(net.versionCount).toBe(1);
    expect(net.plugins.map((p) => [p.type, p.role])).toEqual([
      ['calico', 'plugin'],
      ['calico-ipam', 'ipam'],
      ['portmap', 'plugin'],
    ]);
    expect(net.untypedPlugins).toEqual([]);
  });

  it('plugin offsets point at the type value tokens', () => {
    for (const p of network(conflist).plugins) {
      expect(conflist.slice(p.offset, p.offset + p.type.length + 2)).toBe(JSON.stringify(p.type));
    }
  });

  it('the version value node covers the value token', () => {
    const net = network(conflist);
    expect(conflist.slice(net.versionValue!.offset, net.versionValue!.offset + net.versionValue!.length)).toBe('"1.0.0"');
  });

  it('reads a single config with a flannel-style delegate and its ipam', () => {
    const net = network(dedent`
      {
        "name": "cbr0",
        "type": "flannel",
        "delegate": { "type": "win-bridge", "ipam": { "type": "host-local" } },
        "ipam": { "type": "host-local" }
      }
    `);
    expect(net.kind).toBe('conf');
    expect(net.current).toEqual({ kind: 'missing' });
    expect(net.versionValue).toBeUndefined();
    expect(net.plugins.map((p) => [p.type, p.role])).toEqual([
      ['flannel', 'plugin'],
      ['host-local', 'ipam'],
      ['win-bridge', 'delegate'],
    ]);
  });

  it('lists chain members without a string type as untyped, by the member offset', () => {
    const text = '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge"}, {"mtu": 1}, {"type": 3}]}';
    const net = network(text, true);
    expect(net.plugins.map((p) => p.type)).toEqual(['bridge']);
    expect(net.untypedPlugins).toEqual([text.indexOf('{"mtu"'), text.indexOf('{"type": 3}')]);
  });

  it.each([
    ['missing', '{"name": "n", "type": "bridge"}', { kind: 'missing' }],
    ['a string', '{"cniVersion": "0.3.1", "type": "bridge"}', { kind: 'string', value: '0.3.1' }],
    ['an empty string', '{"cniVersion": "", "type": "bridge"}', { kind: 'string', value: '' }],
    ['a number', '{"cniVersion": 0.3, "type": "bridge"}', { kind: 'other', raw: '0.3' }],
    ['null', '{"cniVersion": null, "type": "bridge"}', { kind: 'other', raw: 'null' }],
    ['an array', '{"cniVersion": ["1.0.0"], "type": "bridge"}', { kind: 'other', raw: '["1.0.0"]' }],
  ])('current version when it is %s', (_label, text, current) => {
    expect(network(text).current).toEqual(current);
  });

  it('a duplicate cniVersion: counts both and uses the last (as Go encoding/json does)', () => {
    const text = '{"cniVersion": "0.3.1", "name": "n", "type": "bridge", "cniVersion": "1.1.0"}';
    const net = network(text);
    expect(net.versionCount).toBe(2);
    expect(net.current).toEqual({ kind: 'string', value: '1.1.0' });
    expect(net.versionValue!.offset).toBe(text.lastIndexOf('"1.1.0"'));
  });

  it('a duplicate name or type: the last one counts', () => {
    const net = network('{"name": "a", "type": "bridge", "name": "b", "type": "ptp"}');
    expect(net.name).toBe('b');
    expect(net.plugins.map((p) => p.type)).toEqual(['ptp']);
  });

  it('a non-string name is null', () => {
    expect(network('{"name": 5, "type": "bridge"}').name).toBeNull();
  });
});

describe('readNetwork: what is not a network', () => {
  it.each([
    ['an empty object', '{}'],
    ['an object without type or plugins', '{"name": "x", "cniVersion": "1.0.0"}'],
    ['an empty plugins list', '{"name": "x", "plugins": []}'],
    ['a plugins list of untyped objects', '{"name": "x", "plugins": [{"a": 1}]}'],
    ['a non-string type without CNI keys', '{"name": "x", "type": 3}'],
  ])('%s in a .json is not CNI', (_label, text) => {
    expect(read(text, false).status).toBe('not-cni');
  });

  it('broken JSON without CNI keys is not ours, even though it cannot be parsed', () => {
    expect(read('{"name": "x", "items": [1, 2', false)).toEqual({ status: 'not-cni' });
  });

  it('broken JSON that names a CNI key is unparseable, with the error offset', () => {
    const r = read('{"cniVersion": "1.0.0" "type": "bridge"}', false);
    expect(r).toMatchObject({ status: 'unparseable', offset: 23 });
  });

  it('a .conf whose top level is not an object is unparseable', () => {
    expect(read('[{"type": "bridge"}]', true)).toMatchObject({ status: 'unparseable', problem: 'the top level is not a JSON object' });
    expect(read('"bridge"', true)).toMatchObject({ status: 'unparseable' });
  });
});

describe('detection through planFile: files that are not CNI configs', () => {
  const NOT_MINE: [string, string][] = [
    [
      'package.json',
      dedent`
        {
          "name": "cni-migrate",
          "version": "0.1.0",
          "type": "module",
          "scripts": { "test": "vitest" },
          "dependencies": { "jsonc-parser": "^3.3.1" }
        }
      `,
    ],
    ['package.json', '{ "name": "workspace-root", "private": true, "type": "module", "workspaces": ["packages/*"] }\n'],
    ['package.json', '{"name": "tiny", "type": "module"}'],
    ['packages/a/package.json', '{"name": "a", "type": "commonjs"}'],
    [
      'tsconfig.json',
      dedent`
        {
          // comments are allowed here
          "extends": "./base.json",
          "compilerOptions": { "module": "NodeNext", "types": ["node"], },
        }
      `,
    ],
    [
      'schema.json',
      dedent`
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Network",
          "name": "network",
          "type": "object",
          "properties": { "type": { "type": "string" } }
        }
      `,
    ],
    ['sub-schema.json', '{"title": "T", "type": "object", "properties": {"name": {"type": "string"}}}'],
    ['numbers.json', '[1, 2, 3]'],
    ['objects.json', '[{"type": "bridge", "name": "x"}]'],
    ['strings.json', '["cniVersion", "plugins", "type"]'],
    ['broken.json', '{"items": [1, 2,'],
    ['broken-with-name.json', '{"name": "x", "values": [1, 2'],
    ['settings.json', '{"editor.tabSize": 2, "files.eol": "\\n"}'],
    ['empty.json', ''],
    ['null.json', 'null'],
    ['types.json', '{"type": "Feature", "geometry": {"type": "Point"}}'],
  ];

  it.each(NOT_MINE)('%s → format null, no diagnostics, unchanged (%#)', (path, text) => {
    const plan = planFile({ path, text });
    expect(plan.format).toBeNull();
    expect(plan.diagnostics).toEqual([]);
    expect(plan.networks).toEqual([]);
    expect(plan.fatal).toBe(false);
    expect(plan.changed).toBe(false);
    expect(plan.after).toBe(text);
  });
});

describe('detection through planFile: CNI configs', () => {
  it('a .json single config with cniVersion is detected', () => {
    const plan = planFile({ path: '10-bridge.json', text: '{"cniVersion": "0.3.1", "name": "n", "type": "bridge"}' });
    expect(plan.format).toBe('conf');
    expect(plan.networks).toHaveLength(1);
    expect(plan.networks[0]!.currentVersion).toBe('0.3.1');
  });

  it('a .json single config with name and type only is detected', () => {
    expect(planFile({ path: '99-loopback.json', text: '{"name": "lo", "type": "loopback"}' }).format).toBe('conf');
  });

  it('a .json with a typed plugins list is detected as a list', () => {
    const plan = planFile({ path: 'x.json', text: '{"name": "n", "plugins": [{"type": "bridge"}]}' });
    expect(plan.format).toBe('conflist');
  });

  it('a .conf with only a type is detected (the extension says CNI)', () => {
    const plan = planFile({ path: '10-x.conf', text: '{"type": "bridge"}' });
    expect(plan.format).toBe('conf');
    expect(plan.networks[0]!.plugins.map((p) => p.type)).toEqual(['bridge']);
  });

  it('a .conf that has the foreign keys of a package.json is still CNI (the extension decides)', () => {
    expect(planFile({ path: '10-x.conf', text: '{"name": "n", "version": "1", "type": "module"}' }).format).toBe('conf');
  });

  it('the extension match is case-insensitive', () => {
    expect(planFile({ path: '10-X.CONFLIST', text: '{"name": "n", "cniVersion": "1.0.0", "plugins": [{"type": "bridge"}]}' }).format).toBe(
      'conflist',
    );
  });

  it('ipam and delegate types are counted as plugins to check', () => {
    const analyzed = analyzeFile({
      path: '10-flannel.conf',
      text: '{"name": "cbr0", "type": "flannel", "delegate": {"type": "bridge", "ipam": {"type": "dhcp"}}, "ipam": {"type": "host-local"}}',
    });
    expect(pluginTypesOf(analyzed)).toEqual(['flannel', 'host-local', 'bridge']);
    expect(pluginTypesOf(analyzeFile({ path: 'x.json', text: '[]' }))).toEqual([]);
  });

  it('repeated plugin types are listed once', () => {
    const analyzed = analyzeFile({
      path: 'x.conflist',
      text: '{"name": "n", "plugins": [{"type": "bridge", "ipam": {"type": "host-local"}}, {"type": "bridge"}, {"type": "host-local"}]}',
    });
    expect(pluginTypesOf(analyzed)).toEqual(['bridge', 'host-local']);
  });
});

describe('detection through planFile: unreadable configs are fatal', () => {
  it('a truncated .conflist → JSON_PARSE_ERROR at the end of the text', () => {
    const text = dedent`
      {
        "cniVersion": "1.0.0",
        "name": "net",
        "plugins": [
          { "type": "bridge"
    `;
    const plan = planFile({ path: '10-net.conflist', text });
    expect(plan.fatal).toBe(true);
    expect(plan.format).toBe('conflist');
    expect(codes(plan)).toEqual(['JSON_PARSE_ERROR']);
    expect(plan.diagnostics[0]!.severity).toBe('error');
    expect(plan.diagnostics[0]!.position).toMatchObject({ offset: text.length, line: 6, column: 1 });
    expect(plan.edits).toEqual([]);
    expect(plan.after).toBe(text);
    expect(plan.changed).toBe(false);
  });

  it('a truncated one-line .conflist → the column is the end of the line', () => {
    const text = '{"cniVersion": "1.0.0", "plugins": [';
    const plan = planFile({ path: 'x.conflist', text });
    expect(plan.fatal).toBe(true);
    expect(plan.diagnostics[0]!.position).toMatchObject({ line: 1, column: text.length + 1 });
  });

  it('a missing comma → the position of the unexpected token', () => {
    const text = dedent`
      {
          "name": "multus-cni-network",
          "type": "multus"
          "capabilities": { "portMappings": true }
      }
    `;
    const plan = planFile({ path: '00-multus.conf', text });
    expect(plan.fatal).toBe(true);
    expect(plan.diagnostics[0]).toMatchObject({ code: 'JSON_PARSE_ERROR', position: { line: 4, column: 5 } });
  });

  it('CRLF files count lines the same way', () => {
    const text = crlf('{\n  "type": "bridge"\n  "name": "x"\n}\n');
    const plan = planFile({ path: 'x.conf', text });
    expect(plan.diagnostics[0]).toMatchObject({ code: 'JSON_PARSE_ERROR', position: { line: 3, column: 3 } });
  });

  it.each(['', '   \n', '\n\n'])('an empty .conf where runtimes load configs is fatal (%j)', (text) => {
    const plan = planFile({ path: 'etc/cni/net.d/10-empty.conf', text });
    expect(plan.fatal).toBe(true);
    expect(plan.format).toBe('conf');
    expect(plan.diagnostics.map((d) => [d.code, d.position?.line, d.position?.column])).toEqual([['JSON_PARSE_ERROR', 1, 1]]);
  });

  it('an empty .conf elsewhere, or a .conf that is not JSON, is not a CNI config (nginx, sysctl)', () => {
    for (const text of ['', 'server {\n  listen 80;\n}\n', 'net.ipv4.ip_forward = 1\n', '[Unit]\nDescription=x\n']) {
      expect(planFile({ path: 'roles/web/files/site.conf', text }).format, text).toBeNull();
    }
    // …but in a runtime's config directory it is one that does not load.
    expect(planFile({ path: 'nodes/net.d/10-x.conf', text: 'server {}\n' })).toMatchObject({ fatal: true, format: 'conf' });
  });

  it('an empty .conflist is fatal', () => {
    expect(planFile({ path: 'x.conflist', text: '' })).toMatchObject({ fatal: true, format: 'conflist' });
  });

  it('a .conflist whose top level is an array is fatal', () => {
    const plan = planFile({ path: 'x.conflist', text: '[{"type": "bridge"}]' });
    expect(plan.fatal).toBe(true);
    expect(codes(plan)).toEqual(['JSON_PARSE_ERROR']);
  });

  it('a broken .json that names cniVersion is fatal, with format json', () => {
    const plan = planFile({ path: 'x.json', text: '{"cniVersion": "1.0.0", "type": "bridge",, }' });
    expect(plan).toMatchObject({ fatal: true, format: 'json' });
  });
});

describe('extension diagnostics', () => {
  const list = '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge"}]}';
  const single = '{"cniVersion": "1.0.0", "name": "n", "type": "bridge"}';

  it('a list in a .conf → CONF_HOLDS_LIST, pointing at the top-level brace', () => {
    const plan = planFile({ path: '10-flannel.conf', text: list });
    expect(codes(plan)).toContain('CONF_HOLDS_LIST');
    expect(plan.diagnostics.find((d) => d.code === 'CONF_HOLDS_LIST')!.position).toMatchObject({ offset: 0, line: 1, column: 1 });
    expect(plan.diagnostics.find((d) => d.code === 'CONF_HOLDS_LIST')!.severity).toBe('error');
  });

  it('a list in a .json where runtimes load configs → CONF_HOLDS_LIST', () => {
    expect(codes(planFile({ path: 'etc/cni/net.d/x.json', text: list }))).toContain('CONF_HOLDS_LIST');
  });

  it('a list in a .json elsewhere, or in any template, is installed under another name: no extension finding', () => {
    expect(codes(planFile({ path: 'roles/kube-router/files/cni-conf.json', text: list }))).not.toContain('CONF_HOLDS_LIST');
    expect(codes(planFile({ path: 'templates/cni-conf.json.j2', text: list }))).not.toContain('CONF_HOLDS_LIST');
    expect(codes(planFile({ path: 'templates/10-x.conf.j2', text: list }))).not.toContain('CONF_HOLDS_LIST');
  });

  it('a single config in a .conflist → CONFLIST_WITHOUT_PLUGINS', () => {
    const plan = planFile({ path: 'x.conflist', text: single });
    expect(codes(plan)).toContain('CONFLIST_WITHOUT_PLUGINS');
    expect(codes(plan)).not.toContain('CONF_HOLDS_LIST');
  });

  it("a .conflist with neither plugins nor a type (a misspelt \"pugins\": Istio's noplugins_calico.conflist; {}): one finding, the list's, and no advice to rename it", () => {
    for (const text of ['{ "cniVersion": "0.3.1", "name": "k8s-pod-network", "pugins": [ { "type": "calico" } ] }', '{}']) {
      const plan = planFile({ path: 'x.conflist', text });
      expect(codes(plan), text).toEqual(['CONFLIST_WITHOUT_PLUGINS']);
      expect(plan.diagnostics[0]!.args).toEqual({ untyped: true });
      expect(formatDiagnostic(plan.diagnostics[0]!)).toContain('add the list (is its key misspelt?)');
    }
    expect(planFile({ path: 'x.conflist', text: single }).diagnostics.find((d) => d.code === 'CONFLIST_WITHOUT_PLUGINS')!.args).toEqual({});
  });

  it('matching extensions → neither', () => {
    for (const plan of [planFile({ path: 'x.conflist', text: list }), planFile({ path: 'x.conf', text: single })]) {
      expect(codes(plan)).not.toContain('CONF_HOLDS_LIST');
      expect(codes(plan)).not.toContain('CONFLIST_WITHOUT_PLUGINS');
    }
  });
});
