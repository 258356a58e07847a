/**
 * The string decoders of src/formats/embedded/text.ts, driven directly from the `yaml` library's CST (as
 * k8s-yaml does) and from jsonc-parser's tree (as k8s-json does). Besides fixed cases, every
 * JSON token of every sample is rewritten and every token start gets an insertion; the edited
 * file must decode to exactly the decoded text with that edit.
 */
import { createScanner, findNodeAtLocation, parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { isScalar, parseAllDocuments, type CST, type Scalar } from 'yaml';
import { blockLiteral, jsonString, toFileEdit, yamlQuoted, type EmbeddedText } from '../../../src/formats/embedded/text.js';
import { analyzeK8sYaml } from '../../../src/formats/k8s-yaml/k8s-yaml.js';
import { dedent, crlf } from '../../helpers/dedent.js';
import { codes, expectSafeEmbeddedEdit, plan } from '../check.js';

type Path = readonly (string | number)[];

function scalarAt(file: string, path: Path): Scalar {
  const docs = parseAllDocuments(file, { keepSourceTokens: true });
  if (!Array.isArray(docs)) throw new Error('no documents');
  const doc = docs[0]!;
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  const node = doc.getIn(path, true);
  if (!isScalar(node)) throw new Error(`no scalar at ${path.join('.')}`);
  return node;
}

/** The decoded value of the YAML string at `path`. */
function yamlValue(file: string, path: Path): string {
  const v = scalarAt(file, path).value;
  expect(typeof v).toBe('string');
  return v as string;
}

/** The EmbeddedText for the YAML string at `path`, built as k8s-yaml builds it. */
function decodeYaml(file: string, path: Path, decoded?: string): EmbeddedText | null {
  const scalar = scalarAt(file, path);
  const token = scalar.srcToken!;
  const value = decoded ?? (scalar.value as string);
  if (token.type === 'block-scalar') {
    const props = (token as CST.BlockScalar).props as readonly { offset: number; source: string }[];
    const last = props.at(-1)!;
    const bodyStart = last.offset + last.source.length;
    return blockLiteral(file, bodyStart, bodyStart + token.source.length, value);
  }
  if (token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') {
    return yamlQuoted(file, token.offset, token.offset + token.source.length, value, token.type === 'double-quoted-scalar' ? '"' : "'");
  }
  throw new Error(`unexpected token ${token.type}`);
}

function jsonNode(file: string, path: Path): { offset: number; length: number; value: string } {
  const root = parseTree(file);
  const node = root && findNodeAtLocation(root, [...path]);
  if (!node || node.type !== 'string') throw new Error(`no JSON string at ${path.join('.')}`);
  return { offset: node.offset, length: node.length, value: node.value as string };
}

function decodeJson(file: string, path: Path, decoded?: string): EmbeddedText | null {
  const n = jsonNode(file, path);
  return jsonString(file, n.offset, n.offset + n.length, decoded ?? n.value);
}

function jsonValue(file: string, path: Path): string {
  return jsonNode(file, path).value;
}

function apply(file: string, edit: { offset: number; length: number; content: string }): string {
  return file.slice(0, edit.offset) + edit.content + file.slice(edit.offset + edit.length);
}

/** The tokens of the decoded JSON (white space skipped); `value` for all but punctuation. */
function tokens(json: string): { offset: number; length: number; value: boolean }[] {
  const out: { offset: number; length: number; value: boolean }[] = [];
  const scanner = createScanner(json, true);
  for (scanner.scan(); scanner.getTokenOffset() < json.length; scanner.scan()) {
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    out.push({ offset, length, value: !/^[{}[\],:]$/.test(json.slice(offset, offset + length)) });
  }
  return out;
}

/**
 * Every value token rewritten to `"1.0.0"`, and an insertion (one-line, and multi-line where the
 * style can hold it) before every token: the file decodes to the decoded text with that edit,
 * and a rewrite replaces only the token's own bytes.
 */
function expectEveryEditRoundTrips(file: string, text: EmbeddedText, reread: (file: string) => string): void {
  const decoded = text.decoded;
  const toks = tokens(decoded);
  expect(toks.length).toBeGreaterThan(3);
  for (const t of toks) {
    if (t.value) {
      const edit = toFileEdit(text, { offset: t.offset, length: t.length, content: '"1.0.0"' });
      expect(edit, `rewrite at ${t.offset}`).not.toBeNull();
      const out = apply(file, edit!);
      expect(reread(out)).toBe(decoded.slice(0, t.offset) + '"1.0.0"' + decoded.slice(t.offset + t.length));
      // Only the token's bytes: no white space or line break around it goes with it.
      const span = file.slice(edit!.offset, edit!.offset + edit!.length);
      expect(span).toBe(span.trim());
    }
    for (const content of ['"cniVersion": "1.0.0", ', '"cniVersion": "1.0.0",\n  ']) {
      const edit = toFileEdit(text, { offset: t.offset, length: 0, content });
      if (edit === null) {
        // Only a single-quoted scalar refuses, and only a line break.
        expect(text.style).toBe('single-quoted');
        expect(content).toContain('\n');
        continue;
      }
      expect(edit.length).toBe(0);
      expect(reread(apply(file, edit))).toBe(decoded.slice(0, t.offset) + content + decoded.slice(t.offset));
    }
  }
}

/** Each decoded character's file offset holds that character or the start of its escape/fold. */
function expectOffsetsPointAtSource(file: string, text: EmbeddedText): void {
  let previous = -1;
  for (let i = 0; i < text.decoded.length; i++) {
    const at = text.toFile(i);
    expect(at).toBeGreaterThanOrEqual(previous);
    previous = at;
    const ch = text.decoded[i]!;
    const src = file[at]!;
    if (text.style === 'block-literal') {
      if (ch !== '\n') expect(src, `decoded ${i}`).toBe(ch);
    } else if (src !== ch) {
      // An escape (`\"`, `\n`, `\u0022`, `''`) or a folded line break.
      expect(['\\', "'", '\n', '\r'], `decoded ${i} ${JSON.stringify(ch)}`).toContain(src);
    }
  }
  expect(text.toFile(text.decoded.length)).toBeGreaterThanOrEqual(previous);
}

const CONF = dedent`
  {
    "name": "net",
    "cniVersion": "0.3.1",

    "plugins": [
      {"type": "bridge", "mtu": 1450, "hairpinMode": true, "ipMasq": false, "x": null}
    ]
  }
`.trimEnd();

function indentLines(text: string, n: number): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? '' : ' '.repeat(n) + l))
    .join('\n');
}

describe('blockLiteral', () => {
  const cases: { name: string; file: string; path: Path }[] = [
    { name: '| at 4 spaces', file: `data:\n  a.conflist: |\n${indentLines(CONF, 4)}\n`, path: ['data', 'a.conflist'] },
    { name: '|- at 4 spaces', file: `data:\n  a.conflist: |-\n${indentLines(CONF, 4)}\nnext: 1\n`, path: ['data', 'a.conflist'] },
    { name: '|+ with trailing blank lines', file: `data:\n  a.conflist: |+\n${indentLines(CONF, 4)}\n\n\n  b: x\n`, path: ['data', 'a.conflist'] },
    { name: '| at 2 spaces (top level)', file: `cniConf: |\n${indentLines(CONF, 2)}\n`, path: ['cniConf'] },
    { name: '| at 8 spaces (4-space YAML)', file: `a:\n    b: |\n${indentLines(CONF, 8)}\n`, path: ['a', 'b'] },
    { name: '| at 12 spaces (key at 8)', file: `a:\n    b:\n        c: |\n${indentLines(CONF, 12)}\n`, path: ['a', 'b', 'c'] },
    { name: '|2 explicit indentation', file: `data:\n  a.conflist: |2\n${indentLines(CONF, 6)}\n`, path: ['data', 'a.conflist'] },
    { name: '|- with a comment on the header line', file: `data:\n  a.conflist: |-  # the network\n${indentLines(CONF, 4)}\n`, path: ['data', 'a.conflist'] },
    { name: '| followed by a less indented comment', file: `data:\n  a.conflist: |\n${indentLines(CONF, 4)}\n  # done\n  b: x\n`, path: ['data', 'a.conflist'] },
    { name: '| at the end of a file without final newline', file: `data:\n  a.conflist: |\n${indentLines(CONF, 4)}`, path: ['data', 'a.conflist'] },
    { name: 'CRLF', file: crlf(`data:\n  a.conflist: |\n${indentLines(CONF, 4)}\n  b: x\n`), path: ['data', 'a.conflist'] },
  ];

  it.each(cases)('$name: decodes, maps offsets and round-trips every edit', ({ file, path }) => {
    const text = decodeYaml(file, path)!;
    expect(text).not.toBeNull();
    expect(text.style).toBe('block-literal');
    expect(text.decoded).toBe(yamlValue(file, path));
    expect(text.decoded).toContain('\n\n'); // the blank line inside the JSON
    expectOffsetsPointAtSource(file, text);
    expectEveryEditRoundTrips(file, text, (f) => yamlValue(f, path));
  });

  it('|2 keeps the extra indentation of the content', () => {
    const file = `data:\n  a.conflist: |2\n      {\n        "type": "bridge"\n      }\n`;
    const text = decodeYaml(file, ['data', 'a.conflist'])!;
    // Content indentation is the key's (2) plus the indicator (2); the rest is content.
    expect(text.decoded).toBe('  {\n    "type": "bridge"\n  }\n');
    expect(text.encode('x\ny')).toBe('x\n    y');
    expectOffsetsPointAtSource(file, text);
  });

  it('|+ chomping: trailing empty lines map to the end of the body', () => {
    const file = 'k: |+\n  {"type": "bridge"}\n\n\nnext: 1\n';
    const text = decodeYaml(file, ['k'])!;
    expect(text.decoded).toBe('{"type": "bridge"}\n\n\n');
    expect(text.toFile(text.decoded.length)).toBeLessThanOrEqual(file.indexOf('next'));
    expect(text.toFile(0)).toBe(file.indexOf('{'));
  });

  it('blank lines inside the JSON, with and without spaces beyond the indentation', () => {
    const file = 'k: |\n  {\n\n  "a": 1,\n     \n  "type": "bridge"\n  }\n';
    const text = decodeYaml(file, ['k'])!;
    expect(text.decoded).toBe('{\n\n"a": 1,\n   \n"type": "bridge"\n}\n');
    expectOffsetsPointAtSource(file, text);
    expectEveryEditRoundTrips(file, text, (f) => yamlValue(f, ['k']));
  });

  it('encodes an insertion with the line ending and indentation of the block', () => {
    const lf = decodeYaml(`data:\n  a: |\n    {"type": "bridge"}\n`, ['data', 'a'])!;
    expect(lf.encode('"cniVersion": "1.0.0",\n  ')).toBe('"cniVersion": "1.0.0",\n      ');
    const crlfText = decodeYaml(crlf(`data:\n  a: |\n    {"type": "bridge"}\n`), ['data', 'a'])!;
    expect(crlfText.encode('"cniVersion": "1.0.0",\n  ')).toBe('"cniVersion": "1.0.0",\r\n      ');
    // A carriage return inside inserted text cannot be represented.
    expect(lf.encode('a\rb')).toBeNull();
  });

  it('returns null when the decoded value does not match the bytes', () => {
    const file = `k: |\n  {"type": "bridge"}\n  {"x": 1}\n`;
    const scalar = scalarAt(file, ['k']);
    expect(decodeYaml(file, ['k'])).not.toBeNull();
    expect(decodeYaml(file, ['k'], `${scalar.value as string}x`)).toBeNull();
    expect(decodeYaml(file, ['k'], (scalar.value as string).replace('bridge', 'bridgE'))).toBeNull();
    expect(decodeYaml(file, ['k'], (scalar.value as string).replace('\n', '\n '))).toBeNull();
    expect(decodeYaml(file, ['k'], '')).toBeNull();
    // A body range that does not start at the body.
    const start = file.indexOf('{');
    expect(blockLiteral(file, start + 1, file.length, scalar.value as string)).toBeNull();
  });

  it('a folded block (>) is never mapped: analyze reports EMBEDDED_EDIT_UNSAFE and plans no network', () => {
    const file = dedent`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: folded
      data:
        10-a.conflist: >
          {"name": "a", "cniVersion": "1.1.0",
           "plugins": [{"type": "bridge"}]}
    `;
    const analysis = analyzeK8sYaml({ path: 'cm.yaml', text: file });
    expect(analysis).toMatchObject({ ok: true, format: 'k8s-yaml', pluginTypes: [] });
    if (!analysis?.ok) throw new Error('unreachable');
    expect(analysis.data.networks).toEqual([]);
    expect(analysis.data.diagnostics).toEqual([
      {
        code: 'EMBEDDED_EDIT_UNSAFE',
        severity: 'error',
        args: { location: 'ConfigMap folded data.10-a.conflist', style: 'block-folded' },
        at: { offset: file.indexOf('>'), length: 1 },
      },
    ]);
    const p = plan('cm.yaml', file);
    expect(p).toMatchObject({ format: 'k8s-yaml', fatal: false, changed: false, edits: [], networks: [] });
    expect(codes(p)).toEqual(['EMBEDDED_EDIT_UNSAFE']);
    expect(p.diagnostics[0]!.position).toMatchObject({ line: 6, column: 18 });
  });

  it('a folded block does not stop the other networks of the file from being planned', () => {
    const file = dedent`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: mixed
      data:
        10-a.conflist: >-
          {"name": "a", "cniVersion": "1.1.0",
           "plugins": [{"type": "bridge"}]}
        20-b.conflist: |
          {"name": "b", "cniVersion": "1.1.0", "plugins": [{"type": "bridge"}]}
    `;
    const p = plan('cm.yaml', file);
    expect(p.fatal).toBe(false);
    expect(codes(p)).toEqual(['EMBEDDED_EDIT_UNSAFE', 'CNI_VERSION_UNSUPPORTED', 'VERSION_DOWNGRADE_LIVE']);
    expect(p.networks.map((n) => [n.location, n.decision.action])).toEqual([['ConfigMap mixed data.20-b.conflist', 'rewrite']]);
    expectSafeEmbeddedEdit(p);
    // The folded block is byte-for-byte the same.
    const folded = file.slice(file.indexOf('>-'), file.indexOf('20-b'));
    expect(p.after).toContain(folded);
  });
});

describe('yamlQuoted', () => {
  const cases: { name: string; file: string; path: Path; style: string; decoded: string }[] = [
    {
      name: 'double-quoted one line',
      file: String.raw`c: "{\"name\":\"x\",\"cniVersion\":\"0.3.1\",\"type\":\"bridge\",\"mtu\":1500}"` + '\n',
      path: ['c'],
      style: 'double-quoted',
      decoded: '{"name":"x","cniVersion":"0.3.1","type":"bridge","mtu":1500}',
    },
    {
      name: 'double-quoted with \\n escapes (multi-line JSON on one YAML line)',
      file: String.raw`c: "{\n  \"name\": \"x\",\n  \"type\": \"bridge\",\n  \"ipMasq\": true\n}\n"` + '\n',
      path: ['c'],
      style: 'double-quoted',
      decoded: '{\n  "name": "x",\n  "type": "bridge",\n  "ipMasq": true\n}\n',
    },
    {
      name: 'double-quoted with \\u, \\x, \\U, \\/, \\t and \\\\ escapes',
      file: String.raw`c: "{\u0022name\u0022: \"caf\u00e9 \U0001F600\",\t\"dir\": \"\/a\\b\", \"type\": \"bridge\", \"n\": \x31}"` + '\n',
      path: ['c'],
      style: 'double-quoted',
      decoded: '{"name": "café \u{1F600}",\t"dir": "/a\\b", "type": "bridge", "n": 1}',
    },
    {
      name: 'double-quoted over several lines (folded), with trailing spaces and an empty line',
      file: 'c: "{\\"name\\": \\"x\\",   \n    \\"cniVersion\\": \\"0.3.1\\"  \n\n    , \\"type\\": \\"bridge\\"\n  }"\n',
      path: ['c'],
      style: 'double-quoted',
      decoded: '{"name": "x", "cniVersion": "0.3.1"\n, "type": "bridge" }',
    },
    {
      name: 'double-quoted with escaped line breaks',
      file: 'c: "{\\"name\\": \\"x\\"\\\n    ,\\"type\\": \\"br\\\n    idge\\"}"\n',
      path: ['c'],
      style: 'double-quoted',
      decoded: '{"name": "x","type": "bridge"}',
    },
    {
      name: 'single-quoted one line',
      file: `c: '{"name": "it''s", "cniVersion": "0.3.1", "type": "macvlan"}'\n`,
      path: ['c'],
      style: 'single-quoted',
      decoded: `{"name": "it's", "cniVersion": "0.3.1", "type": "macvlan"}`,
    },
    {
      name: 'single-quoted over several lines (NAD style)',
      file: dedent`
        spec:
          config: '{
              "cniVersion": "0.3.1",
              "name": "it''s a ''net''",
              "type": "macvlan",
              "master": "eth0"
            }'
      `,
      path: ['spec', 'config'],
      style: 'single-quoted',
      decoded: `{ "cniVersion": "0.3.1", "name": "it's a 'net'", "type": "macvlan", "master": "eth0" }`,
    },
    {
      name: 'double-quoted, CRLF, over several lines',
      file: crlf('c: "{\\"name\\": \\"x\\",\n    \\"type\\": \\"bridge\\"}"\n'),
      path: ['c'],
      style: 'double-quoted',
      decoded: '{"name": "x", "type": "bridge"}',
    },
  ];

  it.each(cases)('$name: decodes, maps offsets and round-trips every edit', ({ file, path, style, decoded }) => {
    expect(yamlValue(file, path)).toBe(decoded);
    const text = decodeYaml(file, path)!;
    expect(text).not.toBeNull();
    expect(text.style).toBe(style);
    expect(text.decoded).toBe(decoded);
    expectOffsetsPointAtSource(file, text);
    expectEveryEditRoundTrips(file, text, (f) => yamlValue(f, path));
  });

  it('double-quoted: inserted text is re-escaped', () => {
    const file = String.raw`c: "{\"name\":\"x\",\"type\":\"bridge\"}"` + '\n';
    const text = decodeYaml(file, ['c'])!;
    expect(text.encode('"cniVersion": "1.0.0",\n\t')).toBe(String.raw`\"cniVersion\": \"1.0.0\",\n\t`);
    expect(text.encode('a\\b\u0001')).toBe(String.raw`a\\b\x01`);
    const edit = toFileEdit(text, { offset: 1, length: 0, content: '"cniVersion":"1.0.0",' })!;
    expect(edit).toEqual({ offset: file.indexOf('\\"name'), length: 0, content: String.raw`\"cniVersion\":\"1.0.0\",` });
    expect(apply(file, edit)).toBe(String.raw`c: "{\"cniVersion\":\"1.0.0\",\"name\":\"x\",\"type\":\"bridge\"}"` + '\n');
  });

  it('a rewrite of a value token written with escapes replaces exactly its escaped source', () => {
    const file = String.raw`c: "{\"type\": \"bridge\", \"cniVersion\": \u00220.3.1\u0022}"` + '\n';
    const text = decodeYaml(file, ['c'])!;
    const at = text.decoded.indexOf('"0.3.1"');
    const edit = toFileEdit(text, { offset: at, length: 7, content: '"1.0.0"' })!;
    expect(file.slice(edit.offset, edit.offset + edit.length)).toBe(String.raw`\u00220.3.1\u0022`);
    expect(edit.content).toBe(String.raw`\"1.0.0\"`);
    expect(yamlValue(apply(file, edit), ['c'])).toBe('{"type": "bridge", "cniVersion": "1.0.0"}');
  });

  it('a rewrite before a fold keeps the trailing white space of the line', () => {
    const file = 'c: "{\\"type\\": \\"bridge\\",\n    \\"cniVersion\\": \\"0.3.1\\"   \n    }"\n';
    const text = decodeYaml(file, ['c'])!;
    const at = text.decoded.indexOf('"0.3.1"');
    const edit = toFileEdit(text, { offset: at, length: 7, content: '"1.0.0"' })!;
    expect(file.slice(edit.offset, edit.offset + edit.length)).toBe(String.raw`\"0.3.1\"`);
    expect(apply(file, edit)).toBe(file.replace('\\"0.3.1\\"', '\\"1.0.0\\"'));
  });

  it('a \\U escape (two UTF-16 code units) keeps later offsets exact', () => {
    const file = String.raw`c: "{\"name\": \"\U0001F600\", \"cniVersion\": \"0.3.1\", \"type\": \"bridge\"}"` + '\n';
    const text = decodeYaml(file, ['c'])!;
    const at = text.decoded.indexOf('"0.3.1"');
    expect(file.slice(text.toFile(at), text.toFile(at) + 2)).toBe('\\"');
    const edit = toFileEdit(text, { offset: at, length: 7, content: '"1.0.0"' })!;
    expect(file.slice(edit.offset, edit.offset + edit.length)).toBe(String.raw`\"0.3.1\"`);
  });

  it('single-quoted: quotes are doubled, and a line break cannot be inserted', () => {
    const file = `c: '{"name": "x", "type": "macvlan"}'\n`;
    const text = decodeYaml(file, ['c'])!;
    expect(text.encode(`"cniVersion": "1.0.0", "n": "it's", `)).toBe(`"cniVersion": "1.0.0", "n": "it''s", `);
    expect(text.encode('"cniVersion": "1.0.0",\n  ')).toBeNull();
    expect(toFileEdit(text, { offset: 1, length: 0, content: '"cniVersion": "1.0.0",\n  ' })).toBeNull();
  });

  it('single-quoted with an empty line (a decoded line break) decodes and maps', () => {
    const file = `c: '{"name": "x",\n\n    "type": "macvlan"}'\n`;
    const text = decodeYaml(file, ['c'])!;
    expect(text.decoded).toBe('{"name": "x",\n"type": "macvlan"}');
    expectOffsetsPointAtSource(file, text);
  });

  it('returns null when the decoded value does not match the bytes', () => {
    const dq = String.raw`c: "{\"type\": \"bridge\"}"` + '\n';
    const sq = `c: '{"type": "it''s"}'\n`;
    expect(decodeYaml(dq, ['c'])).not.toBeNull();
    expect(decodeYaml(dq, ['c'], '{"type": "bridgE"}')).toBeNull();
    expect(decodeYaml(dq, ['c'], '{"type": "bridge"} ')).toBeNull();
    expect(decodeYaml(sq, ['c'], `{"type": "it''s"}`)).toBeNull();
    const start = dq.indexOf('"');
    // The wrong quote character, or a range that does not end at the closing quote.
    expect(yamlQuoted(dq, start, dq.length - 1, '{"type": "bridge"}', "'")).toBeNull();
    expect(yamlQuoted(dq, start, dq.length - 2, '{"type": "bridge"}', '"')).toBeNull();
    // An escape YAML does not define.
    const bad = 'c: "a\\qb"';
    expect(yamlQuoted(bad, 3, bad.length, 'aqb', '"')).toBeNull();
  });

  describe('an inserted member before one that starts its own line goes on a line of its own', () => {
    // Multus's examples/sriov-pod.yml: `config: '{` then each member on its own line.
    /** JSON text as a double-quoted YAML scalar writes it (inner quotes escaped). */
    const q = (quote: string, json: string): string => (quote === '"' ? json.replace(/"/g, '\\"') : json);
    // `indent`: the members' (go-yaml reads them at the key's own column, as Multus writes them).
    const nad = (quote: string, eol: string, indent: string): string =>
      ['apiVersion: k8s.cni.cncf.io/v1', 'kind: NetworkAttachmentDefinition', 'metadata:', '  name: sriov-net-a', 'spec:', `  config: ${quote}{`, `${indent}${q(quote, '"type": "sriov",')}`, `${indent}${q(quote, '"vlan": 1000')}`, `${indent.slice(2)}}${quote}`, ''].join(eol);

    it.each([
      ['single-quoted', "'", '\n', '  '],
      ['double-quoted', '"', '\n', '    '],
      ['single-quoted, CRLF', "'", '\r\n', '  '],
    ])('%s', (_, quote, eol, indent) => {
      const text = nad(quote, eol, indent);
      const p = plan('nad.yaml', text, { plugins: { releases: { 'sriov-cni': '2.8.0', multus: '4.1.0' } } });
      expect(codes(p)).toEqual(['CNI_VERSION_MISSING']);
      expect(p.after).toBe(text.replace(`${indent}${q(quote, '"type"')}`, `${indent}${q(quote, '"cniVersion": "1.0.0",')}${eol}${indent}${q(quote, '"type"')}`));
      expectSafeEmbeddedEdit(p, { plugins: { releases: { 'sriov-cni': '2.8.0', multus: '4.1.0' } } });
    });

    it('a member on the opening quote\'s line: the insertion stays on it', () => {
      const text = "kind: NetworkAttachmentDefinition\nmetadata:\n  name: n\nspec:\n  config: '{ \"type\": \"sriov\",\n    \"vlan\": 1000 }'\n";
      const p = plan('nad.yaml', text, { plugins: { releases: { 'sriov-cni': '2.8.0', multus: '4.1.0' } } });
      expect(p.after).toBe(text.replace('{ "type"', '{ "cniVersion": "1.0.0", "type"'));
    });
  });
});

describe('jsonString', () => {
  const file = JSON.stringify(
    {
      kind: 'ConfigMap',
      data: {
        'a.conflist': '{\n    "name": "x\\\\y \\"q\\"",\n    "cniVersion": "0.3.1",\n    "plugins": [{"type": "bridge", "dataDir": "/var/lib/cni"}]\n}\n',
      },
    },
    null,
    4,
  )
    // Write the slashes and one quote the way some emitters do.
    .replace('/var/lib/cni', String.raw`\/var\/lib\/cni`)
    .replace(String.raw`\"type\"`, String.raw`\u0022type\u0022`);
  const path = ['data', 'a.conflist'];

  it('decodes \\n, \\", \\\\, \\/ and \\u escapes, maps offsets and round-trips every edit', () => {
    expect(file).toContain(String.raw`\\\\y`);
    const text = decodeJson(file, path)!;
    expect(text).not.toBeNull();
    expect(text.style).toBe('json-string');
    expect(text.decoded).toBe(jsonValue(file, path));
    expect(text.decoded).toContain('"dataDir": "/var/lib/cni"');
    expectOffsetsPointAtSource(file, text);
    expectEveryEditRoundTrips(file, text, (f) => jsonValue(f, path));
  });

  it('encodes inserted text as JSON string content', () => {
    const text = decodeJson(file, path)!;
    expect(text.encode('"cniVersion": "1.0.0",\n    ')).toBe(String.raw`\"cniVersion\": \"1.0.0\",\n    `);
    const at = text.decoded.indexOf('"0.3.1"');
    const edit = toFileEdit(text, { offset: at, length: 7, content: '"1.0.0"' })!;
    expect(file.slice(edit.offset, edit.offset + edit.length)).toBe(String.raw`\"0.3.1\"`);
    expect(edit.content).toBe(String.raw`\"1.0.0\"`);
  });

  it('returns null when the decoded value does not match the bytes, or on a bad escape', () => {
    const n = jsonNode(file, path);
    expect(jsonString(file, n.offset, n.offset + n.length, `${n.value} `)).toBeNull();
    expect(jsonString(file, n.offset + 1, n.offset + n.length, n.value)).toBeNull();
    const bad = String.raw`{"a": "x\qy"}`;
    expect(jsonString(bad, 6, bad.length - 1, 'xqy')).toBeNull();
    const shortU = String.raw`{"a": "\u12"}`;
    expect(jsonString(shortU, 6, shortU.length - 1, '\u0012')).toBeNull();
  });
});
