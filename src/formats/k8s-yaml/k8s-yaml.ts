import { isDeepStrictEqual } from 'node:util';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Scalar } from 'yaml';
import { diagnostic, type PendingDiagnostic } from '../../diagnostics.js';
import { planEmbedded, verifyEmbeddedNetworks, type EmbeddedNetwork } from '../../embedded/plan-embedded.js';
import { CNI_KEYS, describeObject } from '../../embedded/manifest.js';
import { blockLiteral, yamlQuoted, type EmbeddedText } from '../../embedded/text.js';
import { readNetwork } from '../../json/network.js';
import { prepareJson } from '../../json/prepare.js';
import { withImageReleases } from '../../knowledge/manifest-releases.js';
import type { FileInput } from '../../types.js';
import type { Analysis, FormatPlan, PlanContext } from '../types.js';

/** A YAML document of the file, parsed on its own (see `segments`). */
interface ParsedDoc {
  readonly index: number;
  readonly start: number;
  readonly doc: Document.Parsed;
  /** Maps an offset of the parsed text (possibly repaired, see parseSegment) to the segment's. */
  readonly toOriginal: (offset: number) => number;
}

export interface K8sYamlData {
  readonly networks: readonly EmbeddedNetwork[];
  /** Plain JS values of the documents that may run pods, for image-tag inference. */
  readonly workloads: readonly unknown[];
  readonly diagnostics: readonly PendingDiagnostic[];
}

/** Aliases a document may expand before it is refused (a billion-laughs document has millions). */
const MAX_ALIASES = 100;

/** Thrown when a document cannot be turned into data safely (alias bomb, absurd nesting). */
class UnsafeDocument extends Error {}

function toJS(doc: Document.Parsed): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    if (err instanceof ReferenceError) throw new UnsafeDocument(`aliases expand beyond ${MAX_ALIASES} (a "billion laughs" document?)`);
    if (err instanceof RangeError) throw new UnsafeDocument('nested too deeply to read');
    throw err;
  }
}

/** A document naming one of the CNI keys holds a CNI config, even when it is too broken to show it. */
const NAMES_CNI_KEY = /\b(cni_network_config|cni-conf\.json|cniConf|[\w.-]+\.conflist)\s*:/;

/**
 * NAMES_CNI_KEY, after a substring test: the regular expression backtracks at every word of a
 * file, which cost more than any other check in a scan of thousands of ordinary manifests.
 */
function namesCniKey(text: string): boolean {
  return (text.includes('cni_network_config') || text.includes('cni-conf.json') || text.includes('cniConf') || text.includes('.conflist')) && NAMES_CNI_KEY.test(text);
}

/** Cheap pre-check: a CNI config in YAML shows a quoted "type" or a cniVersion somewhere. */
function mightHoldCni(text: string): boolean {
  return text.includes('cniVersion') || text.includes('"type');
}


export function analyzeK8sYaml(input: FileInput): Analysis<K8sYamlData> | null {
  const { text } = input;
  if (!/\.ya?ml$/i.test(input.path) || !(mightHoldCni(text) || namesCniKey(text))) return null;
  const networks: EmbeddedNetwork[] = [];
  const workloads: unknown[] = [];
  const diagnostics: PendingDiagnostic[] = [];
  for (const seg of segments(text)) {
    const body = text.slice(seg.start, seg.end);
    const holdsCni = mightHoldCni(body) || namesCniKey(body);
    if (!holdsCni && !/\bimage:/.test(body)) continue; // CRDs, RBAC, Services: never parsed
    const parsed = parseSegment(body);
    if (!parsed.ok) {
      if (!holdsCni) continue;
      return { ok: false, format: 'k8s-yaml', diagnostics: [unreadable(text, seg.start + parsed.offset, parsed.problem)] };
    }
    for (const doc of parsed.docs) {
      const d: ParsedDoc = { index: seg.index, start: seg.start, doc, toOriginal: parsed.toOriginal };
      try {
        if (/\bimage:/.test(body)) workloads.push(toJS(doc));
        if (!holdsCni) continue;
        const found = findNetworks(text, d);
        if ('fatal' in found) return { ok: false, format: 'k8s-yaml', diagnostics: [found.fatal] };
        networks.push(...found.networks);
        diagnostics.push(...found.unsafe);
      } catch (err) {
        if (!(err instanceof UnsafeDocument)) throw err;
        if (!holdsCni) continue; // an unrelated document: not ours to judge
        return { ok: false, format: 'k8s-yaml', diagnostics: [diagnostic('YAML_PARSE_ERROR', { problem: err.message }, { offset: seg.start, length: 1 })] };
      }
    }
  }
  if (networks.length === 0 && diagnostics.length === 0) return null;
  const types = [...new Set(networks.flatMap((n) => n.network.plugins.map((p) => p.type)))];
  return { ok: true, format: 'k8s-yaml', pluginTypes: types, data: { networks, workloads, diagnostics } };
}

export function planK8sYaml(_input: FileInput, data: K8sYamlData, context: PlanContext): FormatPlan {
  const { context: informed, diagnostics } = withImageReleases(context, data.workloads);
  return planEmbedded(data.networks, informed, [...data.diagnostics, ...diagnostics]);
}

/**
 * The edited file must parse to the same documents, except for the strings holding networks,
 * and each edited network may differ only in its `cniVersion` (json/verify.ts).
 */
export function verifyK8sYaml(before: FileInput, after: string, plan: FormatPlan, beforeData: K8sYamlData, analyzeAfter: () => Analysis<K8sYamlData> | null): string | null {
  const a = analyzeAfter();
  if (!a?.ok) return 'the result no longer parses';
  const strings = verifyEmbeddedNetworks(beforeData.networks, a.data.networks, plan);
  if (strings) return strings;
  // Everything outside those strings is the same data. Documents whose bytes did not change
  // parse the same, so only the documents an edit fell in are parsed and compared.
  const beforeSegments = segments(before.text);
  const afterSegments = segments(after);
  if (beforeSegments.length !== afterSegments.length) return 'the result has a different number of YAML documents';
  const data = (text: string, seg: { index: number; start: number; end: number }, networks: readonly EmbeddedNetwork[]): unknown => {
    const parsed = parseSegment(text.slice(seg.start, seg.end));
    if (!parsed.ok) return { unparsed: text.slice(seg.start, seg.end) };
    return parsed.docs.map((doc) => {
      const js = toJS(doc) as unknown;
      for (const n of networks.filter((x) => x.document === seg.index)) blank(js, n.path);
      return js;
    });
  };
  for (let i = 0; i < beforeSegments.length; i++) {
    const b0 = beforeSegments[i]!;
    const a0 = afterSegments[i]!;
    if (before.text.slice(b0.start, b0.end) === after.slice(a0.start, a0.end)) continue;
    if (!isDeepStrictEqual(data(after, a0, a.data.networks), data(before.text, b0, beforeData.networks))) {
      return 'the result differs outside the CNI configs';
    }
  }
  return null;
}

/**
 * Splits the file into YAML documents at `---` lines. A line starting with `---` cannot occur
 * inside an indented block scalar, so this finds the same boundaries a YAML parser does, and lets
 * documents that cannot hold a CNI config or an image (CRDs are most of a Calico manifest) go
 * unparsed.
 */
function segments(text: string): { index: number; start: number; end: number }[] {
  const out: { index: number; start: number; end: number }[] = [];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  let start = 0;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    if (m.index > start) out.push({ index: out.length, start, end: m.index });
    start = m.index;
  }
  out.push({ index: out.length, start, end: text.length });
  return out;
}

type SegmentParse =
  | { ok: true; docs: Document.Parsed[]; toOriginal: (offset: number) => number }
  | { ok: false; offset: number; problem: string };

const OPTIONS = { keepSourceTokens: true, uniqueKeys: false } as const;
const identity = (offset: number): number => offset;

/**
 * Parses one document, as leniently as go-yaml (kubectl) where YAML 1.2 is stricter: tabs in
 * leading white space, and quoted scalars whose continuation lines are indented less than the
 * key that holds them (Multus's example NetworkAttachmentDefinitions). A lenient reading is used
 * only when the strict one fails; it yields the same decoded strings, and the decoders rebuild
 * every string from the original bytes and refuse on any difference.
 */
function parseSegment(body: string): SegmentParse {
  const strict = parseAllDocuments(body, OPTIONS);
  if (!Array.isArray(strict)) return { ok: true, docs: [], toOriginal: identity };
  const error = strict.flatMap((d) => d.errors)[0];
  if (!error) return { ok: true, docs: strict, toOriginal: identity };
  const failed = { ok: false as const, offset: error.pos[0], problem: error.message.split('\n')[0]! };

  // Same length: tabs in leading white space read as spaces.
  const untabbed = body.replace(/^[ \t]+/gm, (ws) => ws.replace(/\t/g, ' '));
  const lenient = parseAllDocuments(untabbed, OPTIONS);
  if (Array.isArray(lenient) && lenient.every((d) => d.errors.length === 0)) return { ok: true, docs: lenient, toOriginal: identity };

  // Re-indent the continuation lines of a quoted scalar the strict reading left open, with an offset map.
  const quote = strict.flatMap((d) => d.errors).find((e) => e.code === 'MISSING_CHAR' && /quote/.test(e.message));
  if (!quote) return failed;
  const repaired = reindentQuoted(untabbed, quote.pos[0]);
  if (!repaired) return failed;
  const again = parseAllDocuments(repaired.text, OPTIONS);
  if (!Array.isArray(again) || again.some((d) => d.errors.length > 0)) return failed;
  return { ok: true, docs: again, toOriginal: repaired.toOriginal };
}

/**
 * Indents every continuation line of the quoted scalar opening at `open` one column past its
 * opening quote. Returns the new text and a map from its offsets back to the original's.
 */
function reindentQuoted(text: string, near: number): { text: string; toOriginal: (offset: number) => number } | null {
  // The parser reports the error at or just after the opening quote: find it on that line.
  const lineStart = text.lastIndexOf('\n', Math.max(0, near - 1)) + 1;
  const open = Math.max(text.lastIndexOf("'", near), text.lastIndexOf('"', near));
  if (open < lineStart) return null;
  const q = text[open];
  let close = -1;
  for (let i = open + 1; i < text.length; i++) {
    if (q === "'" && text[i] === "'") {
      if (text[i + 1] === "'") i++;
      else {
        close = i;
        break;
      }
    } else if (q === '"' && text[i] === '\\') i++;
    else if (q === '"' && text[i] === '"') {
      close = i;
      break;
    }
  }
  if (close === -1) return null;
  const column = open - (text.lastIndexOf('\n', open) + 1);
  const pad = ' '.repeat(column + 1);
  const inserts: number[] = []; // original offsets where `pad` was inserted
  let out = '';
  let from = 0;
  for (let nl = text.indexOf('\n', open); nl !== -1 && nl < close; nl = text.indexOf('\n', nl + 1)) {
    out += text.slice(from, nl + 1) + pad;
    inserts.push(nl + 1);
    from = nl + 1;
  }
  out += text.slice(from);
  return {
    text: out,
    toOriginal(offset) {
      let shift = 0;
      for (const at of inserts) {
        const here = at + shift; // where this insertion starts in the repaired text
        if (offset < here) break;
        if (offset < here + pad.length) return at; // inside the padding: the line start
        shift += pad.length;
      }
      return offset - shift;
    },
  };
}

function unreadable(text: string, offset: number, problem: string): PendingDiagnostic {
  const templated = /\{\{|\{%/.test(text);
  return templated
    ? diagnostic('TEMPLATE_NOT_PARSED', { syntax: text.includes('{%') ? 'Liquid' : 'Go/Helm', problem }, { offset, length: 1 })
    : diagnostic('YAML_PARSE_ERROR', { problem }, { offset, length: 1 });
}

/**
 * Every string scalar of a document that holds a CNI network. A network in a string whose bytes
 * cannot be mapped (a folded block) is reported as `unsafe` and left alone; the file's other
 * networks are still planned.
 */
function findNetworks(text: string, d: ParsedDoc): { networks: EmbeddedNetwork[]; unsafe: PendingDiagnostic[] } | { fatal: PendingDiagnostic } {
  const networks: EmbeddedNetwork[] = [];
  const unsafe: PendingDiagnostic[] = [];
  const js = toJS(d.doc) as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
  const owner = describeObject(js);
  let fatal: PendingDiagnostic | null = null;
  walk(d.doc.contents, [], (scalar, path) => {
    if (fatal || typeof scalar.value !== 'string' || !mightHoldCni(scalar.value)) return;
    const key = String(path.at(-1) ?? '');
    const claimed = CNI_KEYS.test(key) || (js?.kind === 'NetworkAttachmentDefinition' && path.join('.') === 'spec.config');
    const prepared = prepareJson(scalar.value);
    const read = readNetwork(prepared.masked, claimed, prepared.directives.length > 0);
    if (read.status === 'not-cni') return;
    // Unparseable text under no CNI key and without a cniVersion is someone else's (a script).
    if (read.status === 'unparseable' && !claimed && !/"cniVersion"\s*:/.test(prepared.masked)) return;
    const location = `${owner}${path.join('.')}`;
    const range = scalarRange(scalar, d);
    if (read.status === 'unparseable') {
      const embedded = embeddedText(text, scalar, d);
      const at = embedded ? embedded.toFile(Math.min(read.offset, embedded.decoded.length)) : range[0];
      fatal = diagnostic('JSON_PARSE_ERROR', { problem: `${location}: ${read.problem}` }, { offset: at, length: 1 });
      return;
    }
    const embedded = embeddedText(text, scalar, d);
    if (!embedded) {
      const style = (scalar.type ?? 'unknown').toLowerCase().replace('_', '-'); // BLOCK_FOLDED → block-folded
      unsafe.push(diagnostic('EMBEDDED_EDIT_UNSAFE', { location, style }, { offset: range[0], length: 1 }));
      return;
    }
    const nameFromOwner = js?.kind === 'NetworkAttachmentDefinition';
    networks.push({ location, path, document: d.index, text: embedded, prepared, network: read.network, range, nameFromOwner });
  });
  return fatal ? { fatal } : { networks, unsafe };
}

function walk(node: unknown, path: (string | number)[], visit: (s: Scalar, path: (string | number)[]) => void): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : '?';
      walk(pair.value, [...path, key], visit);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => walk(item, [...path, i], visit));
  } else if (isScalar(node)) {
    visit(node, path);
  }
}

/** The file range of a scalar: from its block header or opening quote to its end. */
function scalarRange(scalar: Scalar, d: ParsedDoc): [number, number] {
  const [start, end] = scalar.range ?? [0, 0];
  return [d.start + d.toOriginal(start), d.start + d.toOriginal(end)];
}

/** Maps a scalar's decoded value to the file; null for styles that cannot be mapped (folded, plain). */
function embeddedText(text: string, scalar: Scalar, d: ParsedDoc): EmbeddedText | null {
  const at = (offset: number): number => d.start + d.toOriginal(offset);
  const token = scalar.srcToken;
  const value = scalar.value as string;
  if (!token) return null;
  if (token.type === 'block-scalar') {
    const props = token.props as readonly { type: string; offset: number; source: string }[];
    const header = props.find((p) => p.type === 'block-scalar-header');
    if (!header || !header.source.startsWith('|')) return null; // folded (`>`) blocks rewrap text
    const last = props.at(-1)!;
    const bodyStart = at(last.offset + last.source.length);
    return blockLiteral(text, bodyStart, at(last.offset + last.source.length + token.source.length), value);
  }
  if (token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') {
    return yamlQuoted(text, at(token.offset), at(token.offset + token.source.length), value, token.type === 'double-quoted-scalar' ? '"' : "'");
  }
  return null;
}

/** Replaces the value at `path` with null, so documents compare equal outside the networks. */
function blank(js: unknown, path: readonly (string | number)[]): void {
  let node = js as Record<string | number, unknown> | null;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = node[key] as Record<string | number, unknown> | null;
  }
  if (node !== null && typeof node === 'object') node[path.at(-1)!] = null;
}
