import { isDeepStrictEqual } from 'node:util';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Scalar } from 'yaml';
import { diagnostic, type PendingDiagnostic } from '../../diagnostics.js';
import { planEmbedded, type EmbeddedNetwork } from '../../embedded/plan-embedded.js';
import { blockLiteral, yamlQuoted, type EmbeddedText } from '../../embedded/text.js';
import { readNetwork } from '../../json/network.js';
import { prepareJson } from '../../json/prepare.js';
import { verifyNetworkJson } from '../../json/verify.js';
import { withImageReleases } from '../../knowledge/manifest-releases.js';
import type { FileInput } from '../../types.js';
import type { Analysis, FormatPlan, PlanContext } from '../types.js';

/** A YAML document of the file, parsed on its own (see `segments`). */
interface ParsedDoc {
  readonly index: number;
  readonly start: number;
  readonly doc: Document.Parsed;
}

export interface K8sYamlData {
  readonly networks: readonly EmbeddedNetwork[];
  /** Plain JS values of the documents that may run pods, for image-tag inference. */
  readonly workloads: readonly unknown[];
  readonly diagnostics: readonly PendingDiagnostic[];
}

/** Cheap pre-check: a CNI config in YAML shows a quoted "type" or a cniVersion somewhere. */
function mightHoldCni(text: string): boolean {
  return text.includes('cniVersion') || text.includes('"type');
}

/** Keys whose string is a CNI config by convention, so a broken one is reported rather than ignored. */
const CNI_KEYS = /^(cni_network_config|cni-conf\.json|cniConf|.+\.conflist|.+\.conf)$/;

export function analyzeK8sYaml(input: FileInput): Analysis<K8sYamlData> | null {
  const { text } = input;
  if (!/\.ya?ml$/i.test(input.path) || !mightHoldCni(text)) return null;
  const networks: EmbeddedNetwork[] = [];
  const workloads: unknown[] = [];
  const diagnostics: PendingDiagnostic[] = [];
  for (const seg of segments(text)) {
    const body = text.slice(seg.start, seg.end);
    const holdsCni = mightHoldCni(body);
    if (!holdsCni && !/\bimage:/.test(body)) continue; // CRDs, RBAC, Services: never parsed
    const parsed = parseSegment(body);
    if (!parsed.ok) {
      if (!holdsCni) continue;
      return { ok: false, format: 'k8s-yaml', diagnostics: [unreadable(text, seg.start + parsed.offset, parsed.problem)] };
    }
    for (const doc of parsed.docs) {
      const d: ParsedDoc = { index: seg.index, start: seg.start, doc };
      if (/\bimage:/.test(body)) workloads.push(doc.toJS({ maxAliasCount: 100 }));
      if (!holdsCni) continue;
      const found = findNetworks(text, d);
      if ('fatal' in found) return { ok: false, format: 'k8s-yaml', diagnostics: [found.fatal] };
      networks.push(...found.networks);
    }
  }
  if (networks.length === 0) return null;
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
export function verifyK8sYaml(before: FileInput, after: string, plan: FormatPlan): string | null {
  const a = analyzeK8sYaml({ path: before.path, text: after });
  const b = analyzeK8sYaml(before);
  if (!a?.ok || !b?.ok) return 'the result no longer parses';
  if (a.data.networks.length !== b.data.networks.length) return 'the result holds a different number of CNI configs';
  for (const [i, nb] of b.data.networks.entries()) {
    const na = a.data.networks[i]!;
    if (na.location !== nb.location) return `the CNI config at ${nb.location} moved`;
    const decision = plan.networks[i]?.decision;
    if (decision && (decision.action === 'insert' || decision.action === 'rewrite')) {
      const problem = verifyNetworkJson(nb.text.decoded, na.text.decoded, decision);
      if (problem) return `${nb.location}: ${problem}`;
    } else if (na.text.decoded !== nb.text.decoded) {
      return `${nb.location} changed though no edit was planned for it`;
    }
  }
  // Everything outside those strings is the same data.
  const outside = (text: string, networks: readonly EmbeddedNetwork[]): unknown[] =>
    segments(text).map((seg) => {
      const parsed = parseSegment(text.slice(seg.start, seg.end));
      if (!parsed.ok) return { unparsed: text.slice(seg.start, seg.end) };
      return parsed.docs.map((doc) => {
        const js = doc.toJS({ maxAliasCount: 100 }) as unknown;
        for (const n of networks.filter((x) => x.document === seg.index)) blank(js, n.path);
        return js;
      });
    });
  if (!isDeepStrictEqual(outside(after, a.data.networks), outside(before.text, b.data.networks))) {
    return 'the result differs outside the CNI configs';
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

type SegmentParse = { ok: true; docs: Document.Parsed[] } | { ok: false; offset: number; problem: string };

/**
 * Parses one document. YAML 1.2 forbids tabs as indentation, but go-yaml (kubectl) accepts them
 * at the start of a quoted scalar's continuation lines; when the strict parse fails, tabs in
 * leading white space are read as spaces (same length, so offsets hold). Decoders rebuild every
 * string from the original bytes and refuse on any difference, so this never changes an edit.
 */
function parseSegment(body: string): SegmentParse {
  const strict = parseAllDocuments(body, { keepSourceTokens: true, uniqueKeys: false });
  if (!Array.isArray(strict)) return { ok: true, docs: [] };
  const error = strict.flatMap((d) => d.errors)[0];
  if (!error) return { ok: true, docs: strict };
  const lenient = parseAllDocuments(
    body.replace(/^[ \t]+/gm, (ws) => ws.replace(/\t/g, ' ')),
    { keepSourceTokens: true, uniqueKeys: false },
  );
  if (Array.isArray(lenient) && lenient.every((d) => d.errors.length === 0)) return { ok: true, docs: lenient };
  return { ok: false, offset: error.pos[0], problem: error.message.split('\n')[0]! };
}

function unreadable(text: string, offset: number, problem: string): PendingDiagnostic {
  const templated = /\{\{|\{%/.test(text);
  return templated
    ? diagnostic('TEMPLATE_NOT_PARSED', { syntax: text.includes('{%') ? 'Liquid' : 'Go/Helm', problem }, { offset, length: 1 })
    : diagnostic('YAML_PARSE_ERROR', { problem }, { offset, length: 1 });
}

/** Every string scalar of a document that holds a CNI network. */
function findNetworks(text: string, d: ParsedDoc): { networks: EmbeddedNetwork[] } | { fatal: PendingDiagnostic } {
  const networks: EmbeddedNetwork[] = [];
  const js = d.doc.toJS({ maxAliasCount: 100 }) as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
  const owner = describeOwner(js);
  let fatal: PendingDiagnostic | null = null;
  walk(d.doc.contents, [], (scalar, path) => {
    if (fatal || typeof scalar.value !== 'string' || !mightHoldCni(scalar.value)) return;
    const key = String(path.at(-1) ?? '');
    const claimed = CNI_KEYS.test(key) || (js?.kind === 'NetworkAttachmentDefinition' && path.join('.') === 'spec.config');
    const prepared = prepareJson(scalar.value);
    const read = readNetwork(prepared.masked, claimed, prepared.directives.length > 0);
    if (read.status === 'not-cni') return;
    const location = `${owner}${path.join('.')}`;
    const range = scalarRange(scalar, d.start);
    if (read.status === 'unparseable') {
      const embedded = embeddedText(text, scalar, d.start);
      const at = embedded ? embedded.toFile(Math.min(read.offset, embedded.decoded.length)) : range[0];
      fatal = diagnostic('JSON_PARSE_ERROR', { problem: `${location}: ${read.problem}` }, { offset: at, length: 1 });
      return;
    }
    const embedded = embeddedText(text, scalar, d.start);
    if (!embedded) {
      fatal = diagnostic('EMBEDDED_EDIT_UNSAFE', { location, style: scalar.type ?? 'unknown' }, { offset: range[0], length: 1 });
      return;
    }
    networks.push({ location, path, document: d.index, text: embedded, prepared, network: read.network, range });
  });
  return fatal ? { fatal } : { networks };
}

function describeOwner(js: { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null): string {
  if (!js || typeof js.kind !== 'string') return '';
  const ns = typeof js.metadata?.namespace === 'string' ? `${js.metadata.namespace}/` : '';
  const name = typeof js.metadata?.name === 'string' ? js.metadata.name : '?';
  return `${js.kind} ${ns}${name} `;
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
function scalarRange(scalar: Scalar, base: number): [number, number] {
  const [start, end] = scalar.range ?? [0, 0];
  return [base + start, base + end];
}

/** Maps a scalar's decoded value to the file; null for styles that cannot be mapped (folded, plain). */
function embeddedText(text: string, scalar: Scalar, base: number): EmbeddedText | null {
  const token = scalar.srcToken;
  const value = scalar.value as string;
  if (!token) return null;
  if (token.type === 'block-scalar') {
    const props = token.props as readonly { type: string; offset: number; source: string }[];
    const header = props.find((p) => p.type === 'block-scalar-header');
    if (!header || !header.source.startsWith('|')) return null; // folded (`>`) blocks rewrap text
    const last = props.at(-1)!;
    const bodyStart = base + last.offset + last.source.length;
    return blockLiteral(text, bodyStart, bodyStart + token.source.length, value);
  }
  if (token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') {
    const start = base + token.offset;
    return yamlQuoted(text, start, start + token.source.length, value, token.type === 'double-quoted-scalar' ? '"' : "'");
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
