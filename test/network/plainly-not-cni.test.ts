/**
 * plainlyNotCni decides `.json` files without a syntax tree; it must never refuse one the full
 * reading (readNetwork) would take for a CNI config or report as broken.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { noCniKeyAtTop, noCniKeyAtTopAsWritten, parsedWithinDepth, plainlyNotCni, readNetwork } from '../../src/network/network.js';
import { readEmbeddedConfig } from '../../src/formats/embedded/manifest.js';
import { prepareJson } from '../../src/network/prepare.js';
import { filesUnder } from '../helpers/files-under.js';
import { seededRandom } from '../helpers/seeded.js';

const fullReading = (text: string): string => readNetwork(prepareJson(text), false).status;

/**
 * The JSON-like fixtures, and the JSON strings of manifests among them: each `{` that opens a
 * line, to the end of the file (the first three of a file).
 */
function fixtureJsonTexts(): string[] {
  return filesUnder(fileURLToPath(new URL('../../fixtures/', import.meta.url)))
    .filter((f) => /\.(json|conf|conflist|j2|tmpl|ya?ml|golden)$/i.test(f))
    .map((f) => readFileSync(f, 'utf8'))
    .flatMap((t) => [t, ...[...t.matchAll(/^[ \t]*\{/gm)].slice(0, 3).map((m) => t.slice(m.index))]);
}

describe('plainlyNotCni', () => {
  it('agrees with the full reading on every JSON-like file the project carries', () => {
    const root = fileURLToPath(new URL('../../fixtures/', import.meta.url));
    const texts = filesUnder(root)
      .filter((f) => /\.(json|conf|conflist|j2|tmpl)$/i.test(f))
      .map((f) => readFileSync(f, 'utf8'));
    let decided = 0;
    for (const text of texts) {
      if (!plainlyNotCni(text)) continue;
      decided++;
      expect(fullReading(text)).toBe('not-cni');
    }
    expect(texts.length).toBeGreaterThan(100);
    expect(decided).toBeGreaterThan(0);
  });

  // [case, text, decided here?] — a case decided here must be not-cni to the full reading too.
  const cases: readonly [string, string, boolean][] = [
    ['a package.json of an ES module package', '{ "name": "web", "version": "1.0.0", "type": "module" }', true],
    ['a package.json with only a name and a type', '{ "name": "web", "type": "commonjs" }', true],
    ['a JSON Schema', '{ "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": { "type": { "type": "string" } } }', true],
    ['a dashboard: types only below the top level', '{ "title": "Nodes", "panels": [{ "type": "graph" }] }', true],
    ['a top-level array', '[{ "type": "bridge", "cniVersion": "1.0.0" }]', true],
    ['a config without cniVersion: name and type', '{ "name": "net", "type": "bridge" }', false],
    // Only a name and a type: a CNI config when the type names a plugin the data knows.
    ['a Nomad volume (hashicorp/nomad command/asset/volume.csi.json)', '{ "id": "ebs_prod_db1", "namespace": "default", "name": "database", "type": "csi", "plugin_id": "plugin_id" }', true],
    ['an editor launch entry', '{ "name": "Launch", "type": "node", "request": "launch", "program": "x.js" }', true],
    ['a Kuma API resource', '{ "type": "Mesh", "name": "default" }', true],
    ['a chained plugin entry without a version', '{ "name": "linkerd-cni", "type": "linkerd-cni", "log_level": "info" }', false],
    ['a Calico fork plugin by name and type', '{ "name": "k8s-pod-network", "type": "calico" }', false],
    ['a placeholder type', '{ "name": "net", "type": "__CNI_TYPE__" }', false],
    ['a config in other case', '{ "Name": "net", "TYPE": "bridge" }', false],
    ['a config with a cniVersion', '{ "cniVersion": "1.0.0", "type": "module" }', false],
    ['a list', '{ "name": "net", "plugins": [] }', false],
    ['ipam makes it a config', '{ "type": "bridge", "IPAM": {} }', false],
    ['two spellings of type', '{ "name": "net", "type": "module", "Type": "bridge" }', false],
    ['a template', '{ "name": "net", "type": "{{ .Values.type }}" }', false],
    ['not JSON (a comment)', '// c\n{ "name": "net", "version": "1", "type": "module" }', false],
    ['many brackets side by side, none deep', `{ "name": "x", "version": "1", "type": "module", "d": [${Array(600).fill('[]').join(',')}] }`, true],
    ['many brackets inside a string', `{ "name": "x", "version": "1", "type": "module", "d": "${'['.repeat(600)}" }`, true],
    ['nested as deep as may be read', `{ "name": "x", "version": "1", "type": "module", "d": ${'['.repeat(511)}${']'.repeat(511)} }`, true],
    ['too deep to read', `{ "name": "x", "version": "1", "type": "module", "d": ${'['.repeat(600)}${']'.repeat(600)} }`, false],
    ['too deep, with no member a config shows (a Trivy report)', `{ "Name": "x", "Type": "ubuntu", "d": ${'['.repeat(600)}${']'.repeat(600)} }`, true],
    ['too deep, a "type" only below its top level', `{ "ArtifactType": "x", "Results": [{ "type": "ubuntu" }], "d": ${'['.repeat(600)}${']'.repeat(600)} }`, true],
  ];
  for (const [name, text, decided] of cases) {
    it(`${name}: ${decided ? 'decided here' : 'left to the full reading'}`, () => {
      expect(plainlyNotCni(text)).toBe(decided);
      if (decided) expect(fullReading(text)).toBe('not-cni');
    });
  }

  it('JSON nested too deep for the tree: no config when no key at its top level is a CNI key (JSON.parse reads any depth); refused as broken when one is', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(fullReading(`{ "title": "x", "d": ${deep}, "panels": [{ "type": "graph" }] }`)).toBe('not-cni');
    expect(fullReading(`[{ "type": "graph", "d": ${deep} }]`)).toBe('not-cni');
    expect(fullReading(`{ "name": "net", "type": "bridge", "d": ${deep} }`)).toBe('unparseable');
    expect(fullReading(`{ "name": "net", "Plugins": [{ "type": "bridge" }], "d": ${deep} }`)).toBe('unparseable');
    // Not JSON (a comment): nothing to read its top level by, refused as before.
    expect(fullReading(`// c\n{ "title": "x", "d": ${deep}, "panels": [{ "type": "graph" }] }`)).toBe('unparseable');
  });

  it('leaves configs to the full reading, which takes them', () => {
    expect(fullReading('{ "name": "net", "type": "bridge" }')).toBe('ok');
    expect(fullReading('{ "name": "net", "type": "__CNI_TYPE__" }')).toBe('ok');
    // A config of a plugin the data does not know shows more than a name: a cniVersion, an ipam.
    expect(fullReading('{ "name": "net", "type": "sriov", "ipam": { "type": "whereabouts" } }')).toBe('ok');
    expect(fullReading('{ "cniVersion": "0.3.1", "name": "net", "type": "sriov" }')).toBe('ok');
    expect(fullReading('{ "name": "net", "type": "module", "Type": "bridge" }')).toBe('ok');
  });
});

describe('noCniKeyAtTop (readNetwork decides a JSON object without its tree when no top-level key is a CNI one)', () => {
  const viaTree = (text: string): string => {
    const prepared = prepareJson(text);
    return readNetwork(prepared, false, undefined, parsedWithinDepth(prepared.masked) ?? undefined).status;
  };
  const cases: readonly [string, string, boolean][] = [
    ['a Grafana dashboard: types only below the top level', '{ "title": "Nodes", "panels": [{ "type": "graph", "targets": [{ "expr": "up" }] }] }', true],
    ['a dashboard in a chart template, its legends escaped for Helm', '{ "panels": [{ "type": "graph", "legendFormat": "{{`{{pod}}`}}" }] }', true],
    ['a directive between members, masked', '{ "title": "x", {{- if .Values.y }} "y": 1, {{- end }} "z": 2 }', true],
    ['a CNI key at the top', '{ "name": "net", "type": "bridge" }', false],
    ['in another case', '{ "Name": "net", "TYPE": "bridge" }', false],
    ['a list', '{ "name": "net", "plugins": [] }', false],
    ['a key written with an escape', '{ "ty\\u0070e": "bridge", "name": "net" }', false],
    ['brackets that do not pair', '{ "a": [ "x" }, "type": "bridge" ]', false],
    ['more after the object', '{ "a": 1 } { "type": "bridge" }', false],
    ['a comment', '{ /* "type": */ "a": 1 }', false],
    ['an unclosed string', '{ "a": "x }', false],
    ['a key whose colon is missing: a broken config, the parser says so', '{ "name": "lo", "type" "loopback" }', false],
    ['a key followed by a comma: a broken config, the parser says so', '{ "name": "cilium", "type",: "cilium-cni" }', false],
    ['a top-level array', '[{ "type": "bridge" }]', false],
    ['too deep to read', `{ "a": ${'['.repeat(600)}${']'.repeat(600)} }`, false],
  ];
  for (const [name, text, decided] of cases) {
    it(`${name}: ${decided ? 'decided without the tree' : 'left to the parser'}`, () => {
      expect(noCniKeyAtTop(prepareJson(text).masked)).toBe(decided);
      if (decided) expect(viaTree(text)).toBe('not-cni');
    });
  }

  it('agrees with the reading through the tree on every JSON string and file the project carries, and on 3,000 mutations of them', () => {
    const texts = fixtureJsonTexts();
    const random = seededRandom(7);
    const mutate = (t: string): string => {
      const at = random(t.length + 1);
      const pieces = ['{', '}', '[', ']', '"', '"type":', '"cniVersion": "1.0.0",', ',', ' ', '\\', '/*', '"a":'];
      return random(2) ? t.slice(0, at) + pieces[random(pieces.length)]! + t.slice(at) : t.slice(0, at) + t.slice(at + 1 + random(8));
    };
    let decided = 0;
    const all = [...texts, ...Array.from({ length: 3000 }, () => mutate(texts[random(texts.length)]!))];
    for (const text of all) {
      const masked = prepareJson(text).masked;
      if (!noCniKeyAtTop(masked)) continue;
      decided++;
      expect(viaTree(text), text.slice(0, 200)).toBe('not-cni');
    }
    expect(decided).toBeGreaterThan(50);
  });
});

describe('noCniKeyAtTopAsWritten (a manifest string decided before it is placed in the file and prepared)', () => {
  // What it stands in for: the masked text decided so too, and readEmbeddedConfig finding no
  // config in it, even as a template's (whose broken JSON is read leniently).
  const agrees = (text: string): void => {
    expect(noCniKeyAtTop(prepareJson(text).masked), JSON.stringify(text.slice(0, 200))).toBe(true);
    for (const templated of [false, true]) expect(readEmbeddedConfig(text, { claimed: false, templated }).kind, JSON.stringify(text.slice(0, 200))).toBe('not-cni');
  };
  const cases: readonly [string, string, boolean][] = [
    ['a Grafana dashboard', '{ "title": "Nodes", "panels": [{ "type": "graph", "datasource": "${DS_PROMETHEUS}", "legendFormat": "$instance" }] }', true],
    ['placeholders where values stand', '{ "title": __TITLE__, "w": $1, "h": @h, "x": <x> }', true],
    ['a placeholder with more after it, which masking makes a string of its own', '{ "a": __P__1, "b": "c" }', false],
    ['a placeholder before a string', '{ "a": 1, "b": <x>"c" }', false],
    ['a directive inside a string, with no quote in it (a legend)', '{ "panels": [{ "type": "graph", "legendFormat": "{{pod}} {% raw %}" }] }', true],
    ['a directive inside a string, with quotes: left to the reading', '{ "panels": [{ "type": "graph", "legendFormat": "{{ printf "%s" .x }}" }] }', false],
    ['a directive between members: left to the reading', '{ "title": "x", {{- if .Values.y }} "y": 1, {{- end }} "z": 2 }', false],
    ['a directive that does not close on its line, inside a string: plain text', '{ "a": "{{ b",\n  "c": "d }}" }', true],
    ['a ${…} outside a string, whose braces masking blanks', '{ "a": ${x}, "b": 1 }', false],
    ['a Terraform directive', '{ %{ if x } "a": 1 %{ endif } }', false],
    ['a line break inside a string, where prepareJson ends it', '{ "a": "b,\n__P__type": 1 }', false],
    ['non-ASCII white space before a colon', '{ "type"\u00a0: "bridge", "name": "x" }', false],
    ['a CNI key at the top', '{ "name": "net", "type": "bridge" }', false],
  ];
  for (const [name, text, decided] of cases) {
    it(`${name}: ${decided ? 'decided here' : 'left to the reading'}`, () => {
      expect(noCniKeyAtTopAsWritten(text)).toBe(decided);
      if (decided) agrees(text);
    });
  }
  // The case that needs the line-break rule: as written, one key `b,\n__P__type`; masked, a string
  // `"b,\n"` and a placeholder made a string after it.
  it('a string broken by a line break would hide what masking shows', () => {
    const text = '{ "a": 1, "b,\n__P__type": 1 }';
    expect(noCniKeyAtTop(text)).toBe(true);
    expect(noCniKeyAtTop(prepareJson(text).masked)).toBe(false);
  });

  it('agrees with the masked decision and the reading on every JSON string the project carries and on 5,000 mutations of them', () => {
    const texts = fixtureJsonTexts().filter((t) => !t.includes('cniVersion'));
    const random = seededRandom(11);
    const pieces = ['{', '}', '[', ']', '"', '"type":', '"name": "x",', '"plugins": [],', ',', ' ', '\n', '\\', '/*', '"a":', '__P__', '"__P__"', '$1', '${x}', '%{ if x }', '@mtu', '<x>', '\u00a0', '\ufeff', '\v', '{{ .x }}', '{{ "a" }}', '{#', ':'];
    const mutate = (t: string): string => {
      const at = random(t.length + 1);
      return random(3) ? t.slice(0, at) + pieces[random(pieces.length)]! + t.slice(at) : t.slice(0, at) + t.slice(at + 1 + random(8));
    };
    // A JSON object small enough to mutate where it matters: the top level.
    const small = ['{ "title": "x", "panels": [{ "type": "graph" }] }', '{ "a": 1, "b": "c" }', '{"annotations": {"list": []}, "uid": "u", "tags": ["t"]}'];
    const all = [...texts, ...small, ...Array.from({ length: 5000 }, () => mutate(random(2) ? small[random(small.length)]! : texts[random(texts.length)]!))];
    let decided = 0;
    for (const text of all) {
      if (text.includes('cniVersion') || !noCniKeyAtTopAsWritten(text)) continue;
      decided++;
      agrees(text);
    }
    expect(decided).toBeGreaterThan(500);
  }, 60_000);
});
