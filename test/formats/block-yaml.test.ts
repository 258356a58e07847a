/**
 * readBlockYaml reads the image documents of CNI manifests without the YAML parser. Wherever it
 * reads a document, it must give what the parser's toJS() gives; everything else it must refuse.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Scalar } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PLAIN_KEY, plainKey, readBlockYaml, readBlockYamlStrings, type BlockString } from '../../src/formats/k8s-yaml/block-yaml.js';
import { parseSegment, segments } from '../../src/formats/k8s-yaml/lenient-yaml.js';
import { seededRandom } from '../helpers/seeded.js';
import { filesUnder } from '../helpers/files-under.js';

/**
 * The parser's reading of one document as the k8s-yaml format takes it (lenient-yaml.ts
 * parseSegment: strict, else as go-yaml reads it), with a map of its offsets back to the text;
 * undefined when that refuses it.
 */
function parserDocument(text: string): { doc: Document.Parsed | undefined; toOriginal: (offset: number) => number } | undefined {
  // Warnings are no refusal, as parseSegment takes them: the parser warns of an "ambiguous"
  // anchor even inside a quoted string (`'{ "mtu"&a: 512 }'`), which is text to every reader.
  const strict = parseAllDocuments(text, { uniqueKeys: false, keepSourceTokens: true }) as Document.Parsed[];
  const clean = (docs: readonly Document.Parsed[]): boolean => docs.length <= 1 && docs.every((d) => d.errors.length === 0);
  if (!Array.isArray(strict)) return undefined;
  if (clean(strict)) return { doc: strict[0], toOriginal: (offset) => offset };
  const lenient = parseSegment(text);
  return lenient.ok && clean(lenient.docs) ? { doc: lenient.docs[0], toOriginal: lenient.toOriginal } : undefined;
}

/** What the parser reads, as readBlockYaml would give it; undefined when the parser refuses the text. */
function parserReading(text: string): { value: unknown } | undefined {
  const read = parserDocument(text);
  return read && { value: read.doc ? read.doc.toJS({ maxAliasCount: 100 }) : null };
}

/**
 * Every string scalar of the parser's reading, as readBlockYamlStrings gives them: values only
 * (not keys), in document order, with the offsets the CNI formats take from the parser's tokens
 * (k8s-yaml.ts mapScalar, scalarRange).
 */
function parserStrings(text: string): BlockString[] {
  const { doc, toOriginal } = parserDocument(text)!;
  const out: BlockString[] = [];
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (isMap(node)) for (const pair of node.items) isPair(pair) && visit(pair.value, [...path, isScalar(pair.key) ? String(pair.key.value) : '?']);
    else if (isSeq(node)) node.items.forEach((item, i) => visit(item, [...path, i]));
    else if (isScalar(node) && typeof node.value === 'string') out.push(stringOf(node, path, toOriginal));
  };
  visit(doc?.contents, []);
  return out;
}

function stringOf(scalar: Scalar, path: (string | number)[], toOriginal: (offset: number) => number): BlockString {
  const token = scalar.srcToken as { type: string; offset: number; source: string; props?: { offset: number; source: string }[] };
  const [start, end] = scalar.range!;
  const style = ({ PLAIN: 'plain', QUOTE_SINGLE: 'single-quoted', QUOTE_DOUBLE: 'double-quoted', BLOCK_LITERAL: 'block-literal' } as const)[scalar.type as 'PLAIN'];
  const written = { path, value: scalar.value as string, style, start: toOriginal(start), end: toOriginal(end), multiline: false };
  if (token.type !== 'block-scalar') {
    // What k8s-yaml.ts takes a flow scalar's place from: its token, which spans the same range.
    expect([token.offset, token.offset + token.source.length]).toEqual([start, end]);
    return { ...written, multiline: /\n/.test(token.source) };
  }
  const last = token.props!.at(-1)!;
  const bodyStart = last.offset + last.source.length;
  return { ...written, multiline: true, body: { start: toOriginal(bodyStart), end: toOriginal(bodyStart + token.source.length) } };
}

/** readBlockYaml either refuses or agrees with the parser, and so does readBlockYamlStrings, on the strings' places too. */
function expectAgreement(text: string): boolean {
  const mine = readBlockYaml(text);
  const withStrings = readBlockYamlStrings(text);
  expect(withStrings?.value, text).toEqual(mine?.value);
  if (mine === null) return false;
  expect(parserReading(text), text).toEqual({ value: mine.value });
  expect(isDeepStrictEqual(parserReading(text)!.value, mine.value), text).toBe(true);
  expect(withStrings!.strings, text).toEqual(parserStrings(text));
  return true;
}

const documents = filesUnder(fileURLToPath(new URL('../../fixtures/', import.meta.url)))
  .filter((f) => /\.ya?ml$/i.test(f))
  .flatMap((f) => {
    const text = readFileSync(f, 'utf8');
    return segments(text).map((s) => text.slice(s.start, s.end));
  });

describe('readBlockYaml', () => {
  it('agrees with the parser on every document of the fixtures it reads, and reads every one that shows an image (a template\'s, once masked: k8s-yaml.test.ts)', () => {
    let read = 0;
    let images = 0;
    let imagesRead = 0;
    for (const doc of documents) {
      const agreed = expectAgreement(doc);
      if (agreed) read++;
      // A template's raw text is not what is read (its directives are masked first); a folded
      // block (`args: - >`, a Job's shell script) is one of the forms the reader leaves to the parser.
      if (/\bimage:/.test(doc) && !/\{\{|\{%/.test(doc) && !/[:-][ \t]+>[-+0-9]*[ \t]*$/m.test(doc) && parserReading(doc)) {
        images++;
        if (agreed) imagesRead++;
      }
    }
    expect(read).toBeGreaterThan(800);
    expect(images).toBeGreaterThan(100);
    expect(imagesRead).toBe(images);
  });

  it('agrees with the parser on thousands of mutations of those documents, or refuses them', () => {
    // Seeded: the same mutations every run. Each inserts or deletes a character YAML cares about.
    const random = seededRandom(7);
    const pieces = [' ', '  ', '\n', '\n  ', '-', '- ', ':', ': ', '#', ' #', '"', "'", '|', '>', '[', ']', '{', '}', ',', '&a', '*a', '!', '\t', '---', '~', '0x1', '1e3', 'null', 'true', '\\'];
    // The documents read for their images, and those that hold a CNI config (read for its place).
    const imageDocs = documents.filter((d) => /\bimage:|cniVersion|"type"/.test(d) && d.length < 20_000);
    let compared = 0;
    for (let n = 0; n < 3000; n++) {
      const doc = imageDocs[random(imageDocs.length)]!;
      const at = random(doc.length);
      const mutated = random(3) === 0 ? doc.slice(0, at) + doc.slice(at + 1 + random(3)) : doc.slice(0, at) + pieces[random(pieces.length)]! + doc.slice(at);
      const mine = readBlockYaml(mutated);
      const withStrings = readBlockYamlStrings(mutated);
      expect(withStrings?.value).toEqual(mine?.value);
      if (mine === null) continue;
      compared++;
      const parsed = parserReading(mutated);
      expect(parsed, mutated.slice(Math.max(0, at - 80), at + 80)).toEqual({ value: mine.value });
      expect(withStrings!.strings, mutated.slice(Math.max(0, at - 80), at + 80)).toEqual(parserStrings(mutated));
    }
    expect(compared).toBeGreaterThan(1000);
  }, 60_000);

  const agreeing: readonly [string, string][] = [
    ['a sequence at its key\'s own indentation', 'containers:\n- name: a\n  image: x:1\nhostNetwork: true\n'],
    ['a compact mapping in a sequence, comments everywhere', '# top\nspec: # c\n  containers:   # c\n    - name: a # c\n      # between\n      image: "x:1"  # c\n'],
    ['literal blocks with lines of spaces past their indentation', 'a: |\n  one\n      \n  two\n     \nb: |-\n  x\n    \nc: |+\n  y\n   \n\nd: 1\n'],
        ['literal blocks, each chomping', 'a: |\n  one\n  two\n\nb: |-\n  one\n\nc: |+\n  one\n\n\nd: x\n'],
    ['a literal block in a sequence', 'args:\n  - |\n    set -e\n    run\n  - next\n'],
    ["an empty flow mapping on the line below its key (Helm's rendered `annotations:`)", 'metadata:\n  annotations:\n    {}\n  labels:\n    a: "1"\ndata:\n  x: |\n    {"type": "graph"}\n'],
    ['one-line flow collections below their keys, in a sequence too', 'args:\n  [a, "b"]\nitems:\n- x:\n    { k: v }\n- y\nlast:\n   []   # none\n'],
    // ovs-cni's example writes `networks: | ` (a space after the header), as YAML allows.
    ['block headers with white space or a comment after them', 'a: | \n  x\nb: |-\t# c\n  y\nc: |+  \n  z\n\nd: 1\n'],
    ['plain scalars over several lines', 'command:\n- sh\n- -c\n- set -e -x;\n  if [ ! -f a ]; then\n\n    b;\n  fi\nnext: 1\n'],
    ['core schema scalars', 'a: ~\nb: null\nc: true\nd: False\ne: 0123\nf: -7\ng: 1.5\nh: .5\ni: 1e3\nj: 1.2.3\nk: "true"\nl: \'it\'\'s\'\nm:\n'],
    ['one-line flow collections', 'command: ["/bin/sh", "-c", \'x\']\nports: [ 80, 443 ]\nlabels: {app: web, "tier": back}\nnone: []\nempty: {}\n'],
    ['flow scalars that start with a dash', 'args: [--port, 8080, -1, -.5, -x-y]\n'],
    ['keys as manifests write them', 'metadata:\n  annotations:\n    scheduler.alpha.kubernetes.io/critical-pod: ""\n    "quoted key": 1\n    \'single\': 2\n    8080: port\n    .dockerconfigjson: x\n'],
    ['duplicate keys: the last wins, as the parser reads them', 'a: 1\nb: 2\na: 3\n'],
    ['a document marker and CRLF line ends', '--- # first\r\nkind: Pod\r\nspec:\r\n  containers:\r\n  - image: x\r\n'],
    ['quoted scalars over lines, folded', 'a: "one\n  two  \n\n   three "\nb: \'\n  it\'\'s\n  \'\nc:\n- \'x\n\n\n  y\' # c\nd: 1\n'],
    ['a NetworkAttachmentDefinition config in single quotes', 'spec:\n  config: \'{\n      "cniVersion": "0.3.1",\n      "type": "macvlan"\n    }\'\n'],
    // go-yaml's leniency, as lenient-yaml.ts reads it with the parser (Multus's example NetworkAttachmentDefinitions)
    ['a quoted scalar whose lines go back to its key\'s indentation, and before it', 'spec:\n  config: \'{\n  "type": "x"\n}\'\nnext: 1\n'],
    ['two such quoted scalars in one document', 'metadata:\n  note: "one\ntwo"\nspec:\n  config: \'{\n"type": "x"\n  }\'\n'],
    ['a quoted scalar whose lines start with tabs', 'spec:\n  config: \'{\n\t"cniVersion": "0.3.1",\n\t\t"type": "ptp"\n  \t \n}\'\n'],
    ['quoted scalars and CRLF line ends', 'a: "one\r\n  two"\r\nb: |\r\n  x\r\n'],
  ];
  for (const [name, text] of agreeing) {
    it(`reads ${name}, as the parser does`, () => {
      expect(expectAgreement(text)).toBe(true);
    });
  }

  const refused: readonly [string, string][] = [
    ['a flow collection below its key, with more below it', 'a:\n  {}\n    b: 1\n'],
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a merge key', 'a: {}\nb:\n  <<: {}\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a folded block', 'a: >\n  one\n  two\n'],
    ['a block with an indentation indicator', 'a: |2\n   one\n'],
    ['an escape in double quotes', 'a: "x\\ty"\n'],
    ['an escape in a quoted scalar over lines', 'a: "one\n  t\\wo"\n'],
    ['a document end marker inside a quoted scalar', 'spec:\n  config: \'{\n...\n}\'\n'],
    ['a quoted scalar never closed', 'a: \'one\n  two\n'],
    ['a nested flow collection', 'a: [[1], 2]\n'],
    ['a dash alone in a flow collection', 'a: [-, 1]\n'],
    ['a flow collection over two lines', 'a: [1,\n  2]\n'],
    ['a tab in the indentation', 'a:\n\tb: 1\n'],
    ['a key the core schema reads as a number or null', '0x10: a\n'],
    ['a key over a colon', 'a:b: c\n'],
    ['a value holding ": "', 'a: b: c\n'],
    ['a sequence in a sequence', 'a:\n- - 1\n'],
    ['a second document', 'a: 1\n---\nb: 2\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['hexadecimal and infinity', 'a: 0x1F\nb: .inf\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
  ];
  for (const [name, text] of refused) {
    it(`refuses ${name}`, () => {
      expect(readBlockYaml(text)).toBeNull();
    });
  }

  it('plainKey finds what PLAIN_KEY matches, on every line of the fixtures and on built lines', () => {
    const lines = documents.flatMap((d) => d.split('\n').map((l) => l.trimStart()));
    const random = seededRandom(13);
    const pieces = ['a', 'Z', '0', '_', '$', '.', '-', ':', ' ', '\t', '#', "'", '"', '\u00a0', '\u2028', '\r', 'é', 'key', ': ', ':x'];
    for (let n = 0; n < 20000; n++) lines.push(Array.from({ length: 1 + random(7) }, () => pieces[random(pieces.length)]).join(''));
    let keys = 0;
    for (const line of lines) {
      const m = PLAIN_KEY.exec(line);
      const expected = m ? { key: m[1], rest: line.slice(m[0].length) } : null;
      if (expected) keys++;
      expect(plainKey(line), JSON.stringify(line)).toEqual(expected);
    }
    expect(keys).toBeGreaterThan(10000);
  });
});
