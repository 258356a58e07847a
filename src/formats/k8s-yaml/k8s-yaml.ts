import { isDeepStrictEqual } from 'node:util';
import type { Document, Scalar, YAMLMap } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq } from '../yaml-lib.js';
import { diagnostic, type PendingDiagnostic } from '../../core/diagnostics.js';
import { embeddedPluginTypes, placeImageFindings, planEmbedded, verifyEmbeddedNetworks, type EmbeddedNetwork } from '../embedded/plan-embedded.js';
import { CNI_KEYS, describeObject, isAttachmentConfig, NAD_KIND, readEmbeddedConfig } from '../embedded/manifest.js';
import { blockLiteral, nested, sliceFrom, yamlPlain, yamlQuoted, type EmbeddedText } from '../embedded/text.js';
import { literalVersions, markLongBlankLines, templateSyntax, writtenWhole } from '../template-files.js';
import { parseSegment, segments } from './lenient-yaml.js';
import { readBlockYaml, readBlockYamlStrings, type BlockString } from './block-yaml.js';
import { anchorsNamed, unresolvedAlias, type UnresolvedAlias } from './aliases.js';
import { directivesIn, directivesWithin, yamlSource, type YamlSource } from './yaml-source.js';
import { mappingNetwork } from './mapping-network.js';
import type { Placeholder } from '../../network/prepare.js';
import { writesText } from '../../network/templated.js';
import { noCniKeyAtTopAsWritten } from '../../network/network.js';
import { withImageReleases } from '../../knowledge/manifest-releases.js';
import { INSTALLER_KINDS, mightNameKnownImage } from '../../knowledge/images.js';
import { claimsCniWhenBroken, cniSignal, indentedLineStart, mightHoldCni, namesCniKey, mightClaimK8sYaml } from './cni-signals.js';
import { remoteManifestFindings } from './remote-manifests.js';
import type { FileInput } from '../../core/types.js';
import { setAt, valueAt } from '../../core/value-path.js';
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
  /**
   * Plain JS values of the documents that may run pods, for image-tag inference: read when the
   * file is planned (a verification's reading of the edited file never needs them).
   */
  readonly workloads: () => readonly unknown[];
  readonly diagnostics: readonly PendingDiagnostic[];
  /** The text as it was parsed (a template's directives masked), for verification. */
  readonly parsedText: string;
  /**
   * The data of the documents read while reading, by segment index, made afresh at each call:
   * verification compares them without parsing them again.
   */
  readonly segmentData: ReadonlyMap<number, () => unknown[]>;
}

/** Aliases a document may expand before it is refused (a billion-laughs document has millions). */
const MAX_ALIASES = 100;

/**
 * Thrown when a document cannot be turned into data safely (alias bomb, absurd nesting), or not at
 * all (an alias without its anchor, at `alias.offset` of the text the document was parsed from).
 */
class UnsafeDocument extends Error {
  constructor(
    message: string,
    readonly alias: UnresolvedAlias | null = null,
  ) {
    super(message);
  }
}

function toJS(doc: Document.Parsed): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    if (err instanceof ReferenceError && /^Unresolved alias/.test(err.message)) {
      const alias = unresolvedAlias(doc);
      throw new UnsafeDocument(alias ? `undefined alias *${alias.name}` : err.message, alias);
    }
    if (err instanceof ReferenceError && /Excessive alias count/.test(err.message)) throw new UnsafeDocument(`aliases expand beyond ${MAX_ALIASES} (a "billion laughs" document?)`);
    if (err instanceof RangeError) throw new UnsafeDocument('nested too deeply to read');
    throw err;
  }
}

/**
 * What is wrong with an alias that does not resolve, in words: its anchor comes after it, or lies
 * in an earlier document (YAML anchors never cross a `---`), or is nowhere. `earlier` gives the
 * file offset of the last anchor of that name in the file's earlier documents, if any.
 */
function aliasProblem(text: string, alias: UnresolvedAlias, toFile: (offset: number) => number, earlier: (name: string) => number | null): string {
  const line = (offset: number): number => text.slice(0, offset).split('\n').length;
  const name = alias.name;
  if (alias.later !== null) return `alias *${name} comes before its anchor &${name} (line ${line(toFile(alias.later))}): an anchor must be set before the aliases that use it`;
  const before = earlier(name);
  if (before !== null) return `alias *${name} names the anchor &${name} of an earlier document (line ${line(before)}): YAML anchors do not cross documents ('---')`;
  return `undefined alias *${name}: no anchor &${name} is set before it in this document`;
}

/**
 * The file offset of the last anchor named `name` in the documents of `text` before the one at
 * `docIndex` of the segment `seg` (earlier documents of the segment included). Read only when an
 * alias does not resolve; segments that do not name the anchor are not parsed.
 */
function earlierAnchor(text: string, seg: { start: number }, docs: readonly Document.Parsed[], docIndex: number, toOriginal: (offset: number) => number, name: string): number | null {
  let found: number | null = null;
  const mark = `&${name}`;
  for (const s of segments(text)) {
    if (s.start >= seg.start) break;
    const body = text.slice(s.start, s.end);
    if (!body.includes(mark)) continue;
    const parsed = parseSegment(body);
    if (!parsed.ok) continue;
    for (const doc of parsed.docs) for (const at of anchorsNamed(doc, name)) found = s.start + parsed.toOriginal(at);
  }
  for (const doc of docs.slice(0, docIndex)) for (const at of anchorsNamed(doc, name)) found = seg.start + toOriginal(at);
  return found;
}

/** A quoted `"type"` as a JSON member: what a CNI config's JSON shows, where an expression's string does not. */
const TYPE_MEMBER = /"type"\s*:/;

/** A document that may run pods: its images may name the plugin releases a CNI config beside it runs. */
const SHOWS_IMAGE = /\bimage:/;
/** A document that may deploy a chart (a HelmRelease, HelmChart, Application), whose DaemonSets may install plugins. */
export const NAMES_CHART = /^[ \t]*chart:/m;
const readForInstalls = (body: string): boolean => SHOWS_IMAGE.test(body) || namesChart(body);

/**
 * Whether NAMES_CHART matches, found from each `chart:` rather than tried at every line: the
 * expression cost a scan of rancher/charts 0.1 s over its dashboards. test/formats/k8s-yaml.test.ts holds the two equal.
 */
export function namesChart(body: string): boolean {
  for (let at = body.indexOf('chart:'); at !== -1; at = body.indexOf('chart:', at + 1)) if (indentedLineStart(body, at) !== -1) return true;
  return false;
}

/** A document whose images may install plugins on the nodes (a DaemonSet's: INSTALLER_KINDS): only these are read for them. */
const INSTALLER_KIND_NAMES = [...INSTALLER_KINDS];
const mayInstallPlugins = (body: string): boolean => SHOWS_IMAGE.test(body) && INSTALLER_KIND_NAMES.some((kind) => body.includes(kind));

export function analyzeK8sYaml(input: FileInput): Analysis<K8sYamlData> | null {
  const { text } = input;
  if (!mightClaimK8sYaml(input.path, (s) => text.includes(s))) return null;
  // CNI manifests a kustomization or a Talos config deploys from a URL: said, as they are not here to read.
  const remote = remoteManifestFindings(input.path, text);
  if (!(cniSignal(text) || mayTemplateNad(text))) {
    if (remote.length === 0) return null;
    return { ok: true, format: 'k8s-yaml', pluginTypes: [], data: { networks: [], workloads: () => [], diagnostics: remote, parsedText: text, segmentData: new Map() } };
  }
  const source = yamlSource(text);
  const networks: EmbeddedNetwork[] = [];
  // In document order: the workloads read from CNI documents, and the segments that only show
  // an image, parsed at the end and only if the file holds a CNI config (images matter only there).
  const workloads: (unknown[] | Segment)[] = [];
  const diagnostics: PendingDiagnostic[] = [...remote];
  const segmentData = new Map<number, () => unknown[]>();
  let marked: YamlSource | undefined;
  for (const seg of segments(source.parsed)) {
    let body = source.parsed.slice(seg.start, seg.end);
    if (!cniSignal(body) && !(body.includes(NAD_KIND) && directivesWithin(source.directives, seg.start, seg.end))) {
      if (mayInstallPlugins(body)) workloads.push(seg); // CRDs, RBAC, Services, Deployments: never parsed
      continue;
    }
    // Most CNI documents (a ConfigMap, a NetworkAttachmentDefinition) are plain block style,
    // read and placed without the parser, templates' too once their directives are masked;
    // anything else goes on to it.
    const plain = plainDocument(source, seg, body);
    if (plain) {
      segmentData.set(seg.index, () => [readBlockYaml(body)!.value]);
      networks.push(...plain.networks);
      diagnostics.push(...plain.unread);
      if (readForInstalls(body)) workloads.push([plain.written]);
      continue;
    }
    let parsed = parseSegment(body);
    let docSource = source;
    if (!parsed.ok && source.templated) {
      // Directive lines masked as spaces can make a block scalar unreadable; read once more with
      // the long ones marked (markLongBlankLines), the same offsets.
      marked ??= { ...source, parsed: markLongBlankLines(text, source.parsed) };
      const markedBody = marked.parsed.slice(seg.start, seg.end);
      const again = markedBody === body ? parsed : parseSegment(markedBody);
      if (again.ok) [parsed, docSource, body] = [again, marked, markedBody];
    }
    if (!parsed.ok) {
      const at = seg.start + parsed.offset;
      // Only a document that says it holds a CNI config is broken for us; one that merely shows a "type" is not ours.
      // A template that is YAML only once rendered is not broken: say what was not read, go on. A
      // quoted "type" counts in a template when it is a JSON member; kubekey's task files test
      // `(index .cni "type") | has "calico"` in plain YAML.
      if (source.templated) {
        if (claimsCniWhenBroken(body) || TYPE_MEMBER.test(body)) diagnostics.push(templateNotParsed(text, seg, at, unmaskedProblem(parsed.problem, source, at)));
      } else if (!claimsCniWhenBroken(body)) continue;
      else return { ok: false, format: 'k8s-yaml', diagnostics: [diagnostic('YAML_PARSE_ERROR', { problem: parsed.problem }, { offset: at, length: 1 })] };
      continue;
    }
    segmentData.set(seg.index, () => parsed.docs.map((doc) => toJS(doc)));
    for (const [docIndex, doc] of parsed.docs.entries()) {
      const d: ParsedDoc = { index: seg.index, start: seg.start, doc, toOriginal: parsed.toOriginal };
      try {
        const scope: Scope = { file: text, source: docSource, outer: null, filePath: [], locationPrefix: '', containers: [], depth: 0 };
        const found = findNetworks(scope, d);
        if ('fatal' in found) return { ok: false, format: 'k8s-yaml', diagnostics: [found.fatal] };
        networks.push(...found.networks);
        diagnostics.push(...found.unsafe);
        workloads.push(readForInstalls(body) ? [found.asWritten, ...found.workloads] : found.workloads);
      } catch (err) {
        if (!(err instanceof UnsafeDocument)) throw err;
        const toFile = (offset: number): number => seg.start + parsed.toOriginal(offset);
        const alias = err.alias;
        const problem = alias ? aliasProblem(text, alias, toFile, (name) => earlierAnchor(docSource.parsed, seg, parsed.docs, docIndex, parsed.toOriginal, name)) : err.message;
        return { ok: false, format: 'k8s-yaml', diagnostics: [diagnostic('YAML_PARSE_ERROR', { problem }, { offset: alias ? toFile(alias.offset) : seg.start, length: 1 })] };
      }
    }
  }
  if (networks.length === 0 && diagnostics.length === 0) return null;
  const types = embeddedPluginTypes(networks);
  let read: unknown[] | undefined;
  const readWorkloads = (): unknown[] => {
    if (read) return read;
    const parsedNow = new Map<string, unknown[]>();
    read = workloads.flatMap((w) => (Array.isArray(w) ? w : imageDocuments(source, w, parsedNow)));
    imageDocumentsRead = parsedNow;
    return read;
  };
  return { ok: true, format: 'k8s-yaml', pluginTypes: types, data: { networks, workloads: readWorkloads, diagnostics, parsedText: source.parsed, segmentData } };
}

type Segment = ReturnType<typeof segments>[number];

/**
 * The image documents of the file planned last, by their text: a verification plans the edited
 * file again, whose documents without a CNI config are the same bytes, so they are parsed once.
 */
let imageDocumentsRead = new Map<string, unknown[]>();

/**
 * The data of a document that shows an image and no CNI config; nothing if it does not parse or is
 * unsafe (not ours to judge), or names no image a rule reads (mightNameKnownImage: not parsed).
 */
function imageDocuments(source: YamlSource, seg: Segment, parsedNow: Map<string, unknown[]>): unknown[] {
  const written = source.text.slice(seg.start, seg.end);
  if (!mightNameKnownImage(written)) return [];
  const body = source.parsed.slice(seg.start, seg.end);
  const key = source.templated ? `${written}\u0000${body}` : body;
  const known = parsedNow.get(key) ?? imageDocumentsRead.get(key);
  if (known) {
    parsedNow.set(key, known);
    return known;
  }
  const out = parseImageDocuments(source, seg, body);
  parsedNow.set(key, out);
  return out;
}

function parseImageDocuments(source: YamlSource, seg: Segment, body: string): unknown[] {
  // Most are written in plain block style, read without the parser (block-yaml.ts); a template's
  // strings are then read back as written, from where the reader found them.
  const plain = !source.templated ? readBlockYaml(body) : plainReadingOn ? readTemplateDocument(source.text.slice(seg.start, seg.end), body) : null;
  if (plain) return plain.value === null ? [] : [plain.value];
  const parsed = parseSegment(body);
  if (!parsed.ok) return [];
  const out: unknown[] = [];
  for (const doc of parsed.docs) {
    try {
      out.push(asWritten(toJS(doc), { index: seg.index, start: seg.start, doc, toOriginal: parsed.toOriginal }, source));
    } catch (err) {
      if (!(err instanceof UnsafeDocument)) throw err;
    }
  }
  return out;
}

/**
 * A template's document in plain block style once its directives are masked (`body`), read
 * without the parser, with each string that holds a directive as written (`written`), as
 * asWritten gives it from the parser's reading.
 */
function readTemplateDocument(written: string, body: string): { value: unknown } | null {
  const read = readBlockYamlStrings(body);
  return read ? { value: templateStringsAsWritten(read.value, read.strings, written, body) } : null;
}

/** `value` (the document's data, changed in place) with each string whose text holds a directive as written. */
function templateStringsAsWritten(value: unknown, strings: readonly BlockString[], written: string, body: string): unknown {
  for (const s of strings) {
    const asWritten = written.slice(s.start, s.end);
    if (asWritten !== body.slice(s.start, s.end)) setAt(value, s.path, unquoted(asWritten));
  }
  return value;
}

/** A scalar's text as written, without the quotes around it. */
function unquoted(written: string): string {
  return written.trim().replace(/^(["'])([\s\S]*)\1$/, '$2');
}

export function planK8sYaml(input: FileInput, data: K8sYamlData, context: PlanContext): FormatPlan {
  const { context: informed, diagnostics } = withImageReleases(context, data.workloads());
  return planEmbedded(data.networks, informed, [...data.diagnostics, ...placeImageFindings(input.text, diagnostics)]);
}

/**
 * The edited file must parse to the same documents, except for the strings holding networks,
 * and each edited network may differ only in its `cniVersion` (network/verify.ts).
 */
export function verifyK8sYaml(_before: FileInput, _after: string, plan: FormatPlan, beforeData: K8sYamlData, analyzeAfter: () => Analysis<K8sYamlData> | null): string | null {
  const a = analyzeAfter();
  if (!a?.ok) return 'the result no longer parses';
  const strings = verifyEmbeddedNetworks(beforeData.networks, a.data.networks, plan) ?? verifyContainers(beforeData.networks, a.data.networks);
  if (strings) return strings;
  // Everything outside those strings is the same data. Documents whose bytes did not change
  // parse the same, so only the documents an edit fell in are parsed and compared.
  // A template is compared as it was read: with its directives masked.
  const beforeText = beforeData.parsedText;
  const afterText = a.data.parsedText;
  const beforeSegments = segments(beforeText);
  const afterSegments = segments(afterText);
  if (beforeSegments.length !== afterSegments.length) return 'the result has a different number of YAML documents';
  const data = (text: string, seg: { index: number; start: number; end: number }, networks: readonly EmbeddedNetwork[], known: K8sYamlData['segmentData']): unknown => {
    let docs = known.get(seg.index)?.();
    if (!docs) {
      const parsed = parseSegment(text.slice(seg.start, seg.end));
      if (!parsed.ok) return { unparsed: text.slice(seg.start, seg.end) };
      docs = parsed.docs.map((doc) => toJS(doc));
    }
    return docs.map((js) => {
      for (const n of networks.filter((x) => x.document === seg.index)) for (const p of [n.path, ...(n.aliasPaths ?? [])]) blank(js, p);
      return js;
    });
  };
  for (let i = 0; i < beforeSegments.length; i++) {
    const b0 = beforeSegments[i]!;
    const a0 = afterSegments[i]!;
    if (beforeText.slice(b0.start, b0.end) === afterText.slice(a0.start, a0.end)) continue;
    if (!isDeepStrictEqual(data(afterText, a0, a.data.networks, a.data.segmentData), data(beforeText, b0, beforeData.networks, beforeData.segmentData))) {
      return 'the result differs outside the CNI configs';
    }
  }
  return null;
}

/**
 * For networks inside strings that are YAML: each such string, before and after, holds the same
 * data once the places of what it contains are set aside.
 */
function verifyContainers(before: readonly EmbeddedNetwork[], after: readonly EmbeddedNetwork[]): string | null {
  const levels = new Map<string, { before: string; after: string; inner: (readonly (string | number)[])[] }>();
  for (const [i, nb] of before.entries()) {
    const cb = nb.containers ?? [];
    const ca = after[i]?.containers ?? [];
    if (cb.length !== ca.length || cb.some((c, k) => c.id !== ca[k]!.id)) return `the YAML around ${nb.location} changed shape`;
    cb.forEach((c, k) => {
      const entry = levels.get(c.id) ?? { before: c.decoded, after: ca[k]!.decoded, inner: [] };
      if (k + 1 < cb.length) entry.inner.push(cb[k + 1]!.pathInParent);
      else entry.inner.push(nb.innerPath ?? [], ...(nb.innerAliasPaths ?? []));
      levels.set(c.id, entry);
    });
  }
  const data = (text: string, inner: readonly (readonly (string | number)[])[]): unknown => {
    const parsed = parseSegment(yamlSource(text).parsed);
    if (!parsed.ok) return { unparsed: text };
    const docs = parsed.docs.map((doc) => toJS(doc));
    for (const p of inner) blank(docs, p);
    return docs;
  };
  for (const [id, level] of levels) {
    if (level.before === level.after) continue;
    if (!isDeepStrictEqual(data(level.after, level.inner), data(level.before, level.inner))) return `${id} differs outside the CNI configs it holds`;
  }
  return null;
}

/**
 * The parser's problem with the directives it quotes as written: it quotes the masked text, where
 * a directive inside other text is a run of `_` (`Not a YAML token: ____`), at the same offsets.
 */
function unmaskedProblem(problem: string, source: YamlSource, at: number): string {
  return problem.replace(/_{3,}/g, (run) => {
    const from = source.parsed.indexOf(run, Math.max(0, at - run.length - 200));
    return from === -1 || from > at + 200 ? run : source.text.slice(from, from + run.length);
  });
}

/**
 * A template document that is not YAML until rendered: a warning naming the literal cniVersion
 * values it holds (by line), so none goes unmentioned though none can be checked or edited here.
 */
function templateNotParsed(text: string, seg: { start: number; end: number }, offset: number, problem: string): PendingDiagnostic {
  return diagnostic('TEMPLATE_NOT_PARSED', { syntax: templateSyntax(text), problem, cniVersions: literalVersions(text, seg.start, seg.end) }, { offset, length: 1 });
}


/**
 * Where strings are being looked for: the file itself, or the decoded text of a string that is
 * YAML in turn (a HelmChartConfig's `valuesContent`, a ClusterResourceSet ConfigMap holding a
 * whole manifest, an Ansible task's `stdin: |`). `outer` maps the source's offsets to the file.
 */
interface Scope {
  readonly file: string;
  readonly source: YamlSource;
  readonly outer: EmbeddedText | null;
  /** The path of the containing string in the file's document; [] at the top. */
  readonly filePath: readonly (string | number)[];
  /** `ConfigMap a/b data.x > ` for a nested scope; '' at the top. */
  readonly locationPrefix: string;
  /** The strings (outermost first) this scope lies in, for verification. */
  readonly containers: readonly Container[];
  readonly depth: number;
}

/** A string holding YAML that holds networks: its decoded text and where in it the next level is. */
export interface Container {
  readonly id: string;
  readonly decoded: string;
  /** Where the container lies in the container around it (`[document, ...keys]`); [] for the outermost. */
  readonly pathInParent: readonly (string | number)[];
}

/** How deep YAML in YAML strings is followed (file → values string → manifest in a values string). */
const MAX_NESTING_DEPTH = 2;

/** A string that is YAML holding a CNI config: several lines, a CNI key or a cniVersion, and not JSON. */
function mightBeNestedYaml(value: string): boolean {
  return value.includes('\n') && (mightHoldCni(value) || namesCniKey(value)) && !/^\s*[{[]/.test(value);
}

/**
 * The networks of a CNI document in plain block style (a template's once its directives are
 * masked), read and placed without the parser (block-yaml.ts), as findNetworks finds them in the
 * parser's reading of it; null leaves the document to the parser and findNetworks: whatever the
 * plain reading does not cover (a string that is YAML holding more, a config written as a
 * mapping, a kustomize literal, a config that is broken or cannot be read until rendered, a
 * string whose bytes cannot be mapped) is reported from there. test/formats/k8s-yaml.test.ts
 * holds the two readings equal on every fixture and on mutations of them.
 */
function plainDocument(source: YamlSource, seg: Segment, body: string): { written: unknown; networks: EmbeddedNetwork[]; unread: PendingDiagnostic[] } | null {
  if (!plainReadingOn) return null;
  const read = readBlockYamlStrings(body);
  if (!read) return null;
  const signalled = read.strings.filter((s) => mightHoldCni(s.value) || namesCniKey(s.value));
  // Every string the data holds with a CNI sign is placed, and no mapping is a config of its own.
  // (A key given twice, as a template's branches give it, is placed twice and kept once.)
  if (!allPlaced(read.value, [], new Set(signalled.map((s) => JSON.stringify(s.path))))) return null;
  // A template's strings that hold a directive as written (asWritten): for names in messages, and images.
  const written = source.templated ? templateStringsAsWritten(read.value, read.strings, source.text.slice(seg.start, seg.end), body) : read.value;
  const owner = describeObject(written);
  const networks: EmbeddedNetwork[] = [];
  const unread: PendingDiagnostic[] = [];
  // Strings at a CNI key, each asked once: a config a template writes in whole is said unread.
  const atKey = new Set(read.strings.filter((s) => atCniKey(s.path, read.value)));
  for (const s of atKey) {
    if (writtenByTemplate(source, s.value, seg.start + s.start, seg.start + s.end)) {
      unread.push(wholeConfigTemplated(source, `${owner}${s.path.join('.')}`, seg.start + s.start, seg.start + s.end));
    }
  }
  for (const s of signalled) {
    const path = s.path;
    if (path.at(-2) === 'literals') return null; // kustomize configMapGenerator literals: findNetworks reads `key=value`
    const claimed = atKey.has(s);
    // JSON whose top-level keys make no config (a Grafana dashboard in a ConfigMap, 100 KB of
    // `"type":` members) is not-cni to readEmbeddedConfig: decided on the string as read, with
    // directives masked, without placing it in the file or preparing it. A cniVersion is left to
    // the reading (a template's config that only rendering completes is said unread).
    if (!claimed && !s.value.includes('cniVersion') && noCniKeyAtTopAsWritten(s.value)) continue;
    // A string of several lines that is no JSON (YAML that may hold a config, a script, an
    // injection template) is read on the parser's path (mightBeNestedYaml below): sent there
    // before it is placed and prepared. (Masked directives may lead it: those not left as white space go on.)
    if (mightBeNestedYaml(s.value) && !/^[\s\u0085\u200b]*[_/%]/.test(s.value)) return null;
    const text = withDirectives(source, placedString(source.parsed, seg.start, s));
    if (!text) return null;
    const value = text.decoded;
    const templated = directivesWithin(source.directives, seg.start + s.start, seg.start + s.end);
    const directives = stringDirectives(source, text, seg.start + s.start);
    const reading = mightHoldCni(value) ? readEmbeddedConfig(value, { claimed, templated, strict: false, folded: foldedOut(text, directives) }) : null;
    if (!reading || reading.kind === 'not-cni') {
      if (mightBeNestedYaml(value)) return null;
      continue;
    }
    if (reading.kind !== 'network') return null;
    networks.push({
      location: `${owner}${path.join('.')}`,
      path: [...path],
      document: seg.index,
      text,
      prepared: reading.prepared,
      network: reading.network,
      range: [seg.start + s.start, seg.start + s.end],
      attachmentDefinition: isAttachmentConfig(read.value, path),
      ...(directives.length ? { directives } : {}),
    });
  }
  return { written, networks, unread };
}

/**
 * A template's directives from the string's start (`from`) to the end of its content, as written
 * (what TEMPLATE_DIRECTIVES counts): a block's trailing lines (`{{- else }}` before the next key)
 * are the YAML's, not the config's. None outside templates.
 */
function stringDirectives(source: YamlSource, text: EmbeddedText, from: number): Placeholder[] {
  if (!source.templated) return [];
  return directivesIn(source.directives, from, text.toFile(text.decoded.trimEnd().length)).map((d) => ({ ...d, token: source.text.slice(d.offset, d.offset + d.length) }));
}

/**
 * Of a string's directives, those that write text its value does not hold: on a line of their
 * own, YAML folded them away (`  {{.SriovCniIpam}}` in a quoted config), each at the value's
 * offset where it stood. They may write members of the config (`"ipam": {…}`), so the plugins are
 * read as the template's (templated.ts pluginDirectives).
 */
function foldedOut(text: EmbeddedText, directives: readonly Placeholder[]): Placeholder[] {
  const out: Placeholder[] = [];
  for (const d of directives) {
    if (!writesText(d.token)) continue;
    // The first offset of the value at or after the directive.
    const lo = firstMappedAt(text, d.offset);
    if (text.toFile(lo) === d.offset && text.decoded.startsWith(d.token, lo)) continue; // in the value
    out.push({ offset: lo, length: 0, token: d.token });
  }
  return out;
}

/** Whether the string at `path` of a document is where a CNI config is kept: a CNI key, or a NetworkAttachmentDefinition's config. */
function atCniKey(path: readonly (string | number)[], document: unknown): boolean {
  return CNI_KEYS.test(String(path.at(-1) ?? '')) || isAttachmentConfig(document, path);
}

/** A templated file that names a NetworkAttachmentDefinition: its config may be a template's alone. */
function mayTemplateNad(text: string): boolean {
  return text.includes(NAD_KIND) && (text.includes('{{') || text.includes('{%'));
}

/**
 * Whether a string at a CNI key is written by the template alone (`config: '{{ .NetworkConfig }}'`,
 * a block whose one line is `{{ .Config | indent 4 }}`): masked, nothing but white space and the
 * underscores that stand for directives is left, and a directive lies within it.
 */
function writtenByTemplate(source: YamlSource, maskedValue: string, from: number, to: number): boolean {
  return (source.templated && /^[\s_]*$/.test(maskedValue) && directivesWithin(source.directives, from, to)) || WHOLE_PLACEHOLDER.test(maskedValue);
}

/** A placeholder an installer substitutes: `${CNI_CONF}` or `$CNI_CONF` for envsubst, `__CNI_NETWORK_CONFIG__`. */
const PLACEHOLDER_TOKEN = /\$\{[^{}\r\n]{1,200}\}|\$[A-Za-z_][A-Za-z0-9_]*|__[A-Za-z0-9_]+__/;
/** A string that is one placeholder alone: the installer writes the whole config. */
const WHOLE_PLACEHOLDER = new RegExp(`^\\s*(?:${PLACEHOLDER_TOKEN.source})\\s*$`);

/** TEMPLATE_NOT_PARSED for a CNI key whose whole config a template writes: said, though nothing can be checked. */
function wholeConfigTemplated(source: YamlSource, location: string, from: number, to: number): PendingDiagnostic {
  const text = source.text.slice(from, to);
  const directive = text.match(/\{\{.*?\}\}|\{%.*?%\}/s)?.[0];
  const placeholder = directive === undefined ? text.match(PLACEHOLDER_TOKEN)?.[0] : undefined;
  const syntax = placeholder === undefined ? templateSyntax(source.text) : placeholder.startsWith('$') ? 'shell/envsubst' : 'placeholder';
  return diagnostic('TEMPLATE_NOT_PARSED', { syntax, problem: `${location}: ${writtenWhole(directive ?? placeholder ?? '')}`, cniVersions: [] }, { offset: from, length: 1 });
}

let plainReadingOn = true;

/**
 * Turns the plain reading of CNI documents and templates' image documents off or on: tests
 * compare it with the parser's. The image documents kept from the file planned last are dropped.
 */
export function setPlainReading(on: boolean): void {
  plainReadingOn = on;
  imageDocumentsRead = new Map();
}

/**
 * Whether every string with a CNI sign in a document's data lies at a path the plain reading
 * placed, and no mapping has a `cniVersion` of its own (a config written as YAML, which
 * findNetworks reads with the parser's nodes).
 */
function allPlaced(value: unknown, path: (string | number)[], placed: ReadonlySet<string>): boolean {
  if (typeof value === 'string') return !(mightHoldCni(value) || namesCniKey(value)) || placed.has(JSON.stringify(path));
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every((inner, i) => allPlaced(inner, [...path, i], placed));
  if (Object.hasOwn(value, 'cniVersion')) return false;
  return Object.entries(value).every(([key, inner]) => allPlaced(inner, [...path, key], placed));
}

/** A string the plain reader found in the document at `segStart`, mapped to the file as mapScalar maps the parser's token. */
function placedString(file: string, segStart: number, s: BlockString): EmbeddedText | null {
  return mapWritten(
    file,
    s.style === 'block-literal'
      ? { style: s.style, value: s.value, body: { start: segStart + s.body!.start, end: segStart + s.body!.end } }
      : { style: s.style, value: s.value, start: segStart + s.start, end: segStart + s.end },
  );
}

type Found =
  | {
      networks: EmbeddedNetwork[];
      unsafe: PendingDiagnostic[];
      workloads: unknown[];
      /** The document's data as written (see `asWritten`), read once for both messages and images. */
      asWritten: unknown;
    }
  | { fatal: PendingDiagnostic };

/**
 * Every string scalar of a document that holds a CNI network. A network in a string whose bytes
 * cannot be mapped (a folded block) is reported as `unsafe` and left alone; the file's other
 * networks are still planned. A string that is itself YAML is searched the same way.
 */
function findNetworks(scope: Scope, d: ParsedDoc): Found {
  const networks: EmbeddedNetwork[] = [];
  const unsafe: PendingDiagnostic[] = [];
  const workloads: unknown[] = [];
  const js = toJS(d.doc) as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
  const written = scope.source.templated ? asWritten(toJS(d.doc), d, scope.source) : js;
  const owner = describeObject(written);
  const aliases = aliasUses(d.doc.contents);
  const toFile = (offset: number): number => (scope.outer ? scope.outer.toFile(offset) : offset);
  const toFileRange = ([from, to]: [number, number]): [number, number] => [toFile(from), toFile(to)];
  // Where a network found at `path` sits: in the file, or inside the strings that hold it.
  const placement = (path: readonly (string | number)[]) =>
    scope.outer ? { path: scope.filePath, containers: scope.containers, innerPath: [d.index, ...path] } : { path };
  let fatal: PendingDiagnostic | null = null;
  walk(d.doc.contents, [], (scalar, path) => {
    if (fatal || typeof scalar.value !== 'string') return;
    const claimed = atCniKey(path, js);
    // Asked only of a string at a CNI key or with a CNI sign, and then once.
    let placed: [number, number] | undefined;
    const rangeOfScalar = (): [number, number] => (placed ??= scalarRange(scalar, d));
    if (claimed && !scope.outer) {
      const [from, to] = rangeOfScalar();
      if (writtenByTemplate(scope.source, scalar.value, from, to)) unsafe.push(wholeConfigTemplated(scope.source, `${scope.locationPrefix}${owner}${path.join('.')}`, from, to));
    }
    if (!(mightHoldCni(scalar.value) || namesCniKey(scalar.value))) return;
    const local = embeddedText(scope.source, scalar, d);
    const embedded = local && scope.outer ? nested(scope.outer, local) : local;
    let value = local ? local.decoded : scalar.value;
    const localRange = rangeOfScalar();
    const range = toFileRange(localRange);
    const location = `${scope.locationPrefix}${owner}${path.join('.')}${aliasNote(scalar, aliases)}`;
    // A kustomize configMapGenerator literal: `cni-conf.json={…}`.
    const literal = path.at(-2) === 'literals' ? /^([\w.-]+)=(?=\s*\{)/.exec(value) : null;
    const literalClaimed = literal !== null && CNI_KEYS.test(literal[1]!);
    let text = embedded;
    if (literal) {
      value = value.slice(literal[0].length);
      text = embedded ? sliceFrom(embedded, literal[0].length) : null;
    }
    // Directives in the string's lines (`{{- if … }}` at column 0 of a block) shape its JSON too.
    const directives = !scope.outer && text ? stringDirectives(scope.source, text, localRange[0]) : [];
    const reading = mightHoldCni(value)
      ? readEmbeddedConfig(value, {
          claimed: claimed || literalClaimed,
          templated: directivesWithin(scope.source.directives, localRange[0], localRange[1]),
          strict: scope.outer !== null,
          folded: !literal && text ? foldedOut(text, directives) : [],
        })
      : null;
    if (!reading || reading.kind === 'not-cni') {
      // Not a CNI config: a script, a manifest, prose. It may be YAML that holds one.
      if (scope.depth < MAX_NESTING_DEPTH && embedded && mightBeNestedYaml(value)) collectNested(value, embedded, path, location);
      return;
    }
    if (reading.kind === 'template-unread' || reading.kind === 'broken') {
      const at = text ? text.toFile(Math.min(reading.offset, text.decoded.length)) : range[0];
      const problem = `${location}: ${reading.problem}`;
      if (reading.kind === 'template-unread') {
        unsafe.push(diagnostic('TEMPLATE_NOT_PARSED', { syntax: templateSyntax(scope.file), problem, cniVersions: literalVersions(scope.file, range[0], range[1]) }, { offset: at, length: 1 }));
      } else fatal = diagnostic('JSON_PARSE_ERROR', { problem }, { offset: at, length: 1 });
      return;
    }
    const { prepared, network } = reading;
    const style = (scalar.type ?? 'unknown').toLowerCase().replace('_', '-'); // BLOCK_FOLDED → block-folded
    if (!text) {
      unsafe.push(diagnostic('EMBEDDED_EDIT_UNSAFE', { location, style }, { offset: range[0], length: 1 }));
      return;
    }
    const keyUses = aliases.keys.get(scalar);
    if (keyUses) {
      const reason = `an alias uses it as a mapping key (${keyUses.map((p) => p.join('.')).join(', ')}), which an edit would change too`;
      unsafe.push(diagnostic('EMBEDDED_EDIT_UNSAFE', { location, style, reason }, { offset: range[0], length: 1 }));
      return;
    }
    const attachmentDefinition = isAttachmentConfig(js, path);
    // Uses through an alias read the same string: set aside with it when the rest is compared.
    const uses = aliases.values.get(scalar) ?? [];
    const aliased = !uses.length ? {} : scope.outer ? { innerAliasPaths: uses.map((p) => [d.index, ...p]) } : { aliasPaths: uses };
    networks.push({
      location,
      ...placement(path),
      ...aliased,
      document: d.index,
      text,
      prepared,
      network,
      range,
      attachmentDefinition,
      ...(directives.length ? { directives } : {}),
    });
  });
  // CNI configs written as YAML mappings (Helm values a chart renders with toJson). A Multus
  // config's delegates are part of its network, not networks of their own (walkMaps goes down
  // from each mapping after visiting it).
  const delegatesOf: string[] = [];
  walkMaps(d.doc.contents, [], (map, path) => {
    if (fatal) return;
    const key = path.join('\0');
    if (delegatesOf.some((prefix) => key.startsWith(prefix))) return;
    const found = mappingNetwork(map, valueAt(js, path), (node) => scalarRange(node, d), scope.source.parsed);
    if (!found) return;
    if (found.network.delegates.length > 0) delegatesOf.push(`${[...path, 'delegates'].join('\0')}\0`);
    const text = scope.outer ? nested(scope.outer, found.text) : found.text;
    const shared = sharedThroughAlias(map, aliases);
    networks.push({
      location: `${scope.locationPrefix}${owner}${path.join('.')}`,
      ...placement(path),
      document: d.index,
      text,
      prepared: found.prepared,
      network: found.network,
      range: toFileRange(scalarRange(map as unknown as Scalar, d)),
      ...(shared ? { editRefused: shared } : {}),
    });
  });
  return fatal ? { fatal } : { networks, unsafe, workloads, asWritten: written };

  /** Searches a string that is YAML: each of its documents, one level deeper. */
  function collectNested(value: string, outer: EmbeddedText, path: readonly (string | number)[], location: string): void {
    const source = yamlSource(value);
    const parsed = parseSegment(source.parsed);
    if (!parsed.ok) return; // prose or a script that merely mentions CNI keys: not ours to judge
    const container: Container = { id: location, decoded: value, pathInParent: scope.outer ? [d.index, ...path] : [] };
    const inner: Scope = {
      file: scope.file,
      source,
      outer,
      filePath: scope.outer ? scope.filePath : path,
      locationPrefix: `${location} > `,
      containers: [...scope.containers, container],
      depth: scope.depth + 1,
    };
    parsed.docs.forEach((doc, index) => {
      if (fatal) return;
      try {
        const innerDoc: ParsedDoc = { index, start: 0, doc, toOriginal: parsed.toOriginal };
        const found = findNetworks(inner, innerDoc);
        if ('fatal' in found) {
          fatal = found.fatal;
          return;
        }
        if (/\bimage:/.test(value)) workloads.push(toJS(doc));
        networks.push(...found.networks.map((n) => ({ ...n, document: d.index })));
        unsafe.push(...found.unsafe);
        workloads.push(...found.workloads);
      } catch (err) {
        if (!(err instanceof UnsafeDocument)) throw err;
        // YAML whose alias does not resolve is broken YAML, wherever it is held.
        const alias = err.alias;
        if (!alias) return;
        const toFile = (offset: number): number => outer.toFile(parsed.toOriginal(offset));
        const earlier = (name: string): number | null => parsed.docs.slice(0, index).flatMap((x) => anchorsNamed(x, name)).map(toFile).at(-1) ?? null;
        fatal = diagnostic('YAML_PARSE_ERROR', { problem: `${location}: ${aliasProblem(scope.file, alias, toFile, earlier)}` }, { offset: toFile(alias.offset), length: 1 });
      }
    });
  }
}

/**
 * A template document's data with every scalar that holds a directive as written
 * (`{{ .Release.Name }}-config`, `{{ .MultusImage }}`), not as masked: for messages, and so a
 * templated image tag is seen as one (IMAGE_TAG_UNUSABLE).
 */
function asWritten(js: unknown, d: ParsedDoc, source: YamlSource): unknown {
  if (!source.templated) return js;
  walk(d.doc.contents, [], (scalar, path) => {
    if (!scalar.range || path.length === 0) return;
    const [from, to] = scalarRange(scalar, d);
    if (source.text.slice(from, to) === source.parsed.slice(from, to)) return;
    setAt(js, path, unquoted(source.text.slice(from, to)));
  });
  return js;
}

/** Where anchored nodes are used again through an alias (`cni-conf.json: *cni`), by path. */
interface AliasUses {
  /** Uses as a value. */
  readonly values: Map<unknown, (string | number)[][]>;
  /** Uses as a mapping key (`{ *cni : 1 }`), by the path of the mapping. */
  readonly keys: Map<unknown, (string | number)[][]>;
}

function aliasUses(root: unknown): AliasUses {
  const anchored = new Map<string, unknown>();
  const values = new Map<unknown, (string | number)[][]>();
  const keys = new Map<unknown, (string | number)[][]>();
  const use = (into: Map<unknown, (string | number)[][]>, source: string, path: (string | number)[]): void => {
    const target = anchored.get(source);
    if (target !== undefined) into.set(target, [...(into.get(target) ?? []), path]);
  };
  // In document order an anchor is always met before the aliases that name it.
  eachNode(root, [], (node, path) => {
    if (isAlias(node)) use(values, node.source, path);
    else if (isScalar(node) || isMap(node) || isSeq(node)) {
      const anchor = (node as { anchor?: string }).anchor;
      if (anchor) anchored.set(anchor, node);
      if (isMap(node)) for (const pair of node.items) if (isPair(pair) && isAlias(pair.key)) use(keys, pair.key.source, path);
    }
  });
  return { values, keys };
}

/**
 * Why an edit inside a mapping would reach other places, or null: part of it is used elsewhere
 * through an alias (an edit would change that place too), or is an alias itself (its text lies
 * elsewhere, read by other places too).
 */
function sharedThroughAlias(map: YAMLMap, aliases: AliasUses): string | null {
  let reason: string | null = null;
  eachNode(map, [], (node) => {
    if (reason !== null) return;
    if (isAlias(node)) reason = `it holds an alias (*${node.source}), whose anchored node other places read too`;
    else if (aliases.values.has(node)) reason = `an alias uses part of it elsewhere (${aliases.values.get(node)!.map((p) => p.join('.')).join(', ')}), which an edit would change too`;
  });
  return reason;
}

function aliasNote(scalar: Scalar, aliases: AliasUses): string {
  const uses = aliases.values.get(scalar);
  return uses?.length ? ` (also used as *${scalar.anchor} at ${uses.map((p) => p.join('.')).join(', ')})` : '';
}

/** Every node of a document in document order (a collection before what it holds), with its path. */
function eachNode(node: unknown, path: (string | number)[], visit: (node: unknown, path: (string | number)[]) => void): void {
  visit(node, path);
  if (isMap(node)) {
    for (const pair of node.items) if (isPair(pair)) eachNode(pair.value, [...path, isScalar(pair.key) ? String(pair.key.value) : '?'], visit);
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => eachNode(item, [...path, i], visit));
  }
}

/** Every mapping of a document, with its path. */
function walkMaps(node: unknown, path: (string | number)[], visit: (m: YAMLMap, path: (string | number)[]) => void): void {
  eachNode(node, path, (n, p) => {
    if (isMap(n)) visit(n, p);
  });
}

/** Every scalar of a document, with its path. */
function walk(node: unknown, path: (string | number)[], visit: (s: Scalar, path: (string | number)[]) => void): void {
  eachNode(node, path, (n, p) => {
    if (isScalar(n)) visit(n, p);
  });
}

/** The file range of a scalar: from its block header or opening quote to its end. */
function scalarRange(scalar: Scalar, d: ParsedDoc): [number, number] {
  const [start, end] = scalar.range ?? [0, 0];
  return [d.start + d.toOriginal(start), d.start + d.toOriginal(end)];
}

/**
 * Maps a scalar's decoded value to the file; null for styles that cannot be mapped (folded,
 * plain). In a template the mapping is made on the masked text, then each character that was
 * masked is read back from the file, so the value holds its directives as written.
 */
function embeddedText(source: YamlSource, scalar: Scalar, d: ParsedDoc): EmbeddedText | null {
  return withDirectives(source, mapScalar(source.parsed, scalar, d));
}

/**
 * A string mapped on the masked text, with each character of a directive it holds read back from
 * the file. Only the characters that map into a directive starting inside the string are looked
 * at (found by a binary search, as `toFile` only grows), and the string is rebuilt only if one is
 * read back: a Grafana dashboard in a chart's template is 100 KB of JSON with a few hundred
 * directives, and a look at each of its characters cost seconds over a chart repository.
 */
export function withDirectives(source: YamlSource, mapped: EmbeddedText | null): EmbeddedText | null {
  if (!mapped || !source.templated) return mapped;
  const { decoded } = mapped;
  const n = decoded.length;
  if (n === 0) return mapped;
  const inside = directivesIn(source.directives, mapped.toFile(0), mapped.toFile(n - 1) + 1);
  const parts: string[] = [];
  let copied = 0;
  // The characters restored last, as a run of the file's text [run, runEnd): a directive's
  // characters are restored together, not one by one.
  let run = -1;
  let runEnd = -1;
  for (const directive of inside) {
    const end = directive.offset + directive.length;
    // Only a directive that lies wholly inside the string's content, on one line, is part of its
    // value; one that starts in a block's indentation (`{{- else }}` at column 0), or spans lines
    // whose indentation the string does not hold (`{{/* a long comment */}}`), stays white space.
    const lineEnd = source.text.indexOf('\n', directive.offset);
    if (lineEnd !== -1 && lineEnd < end) continue;
    for (let i = firstMappedAt(mapped, directive.offset); i < n; i++) {
      const at = mapped.toFile(i);
      if (at >= end) break;
      if (source.parsed.charCodeAt(at) === source.text.charCodeAt(at) || decoded.charCodeAt(i) === 0x0a) continue;
      const start = i - (at - directive.offset);
      if (start < 0 || mapped.toFile(start) !== directive.offset) continue;
      if (source.text.charCodeAt(at) === decoded.charCodeAt(i)) continue;
      if (run !== -1 && copied === i && runEnd === at) {
        runEnd = at + 1;
        copied = i + 1;
        continue;
      }
      if (run !== -1) parts.push(source.text.slice(run, runEnd));
      parts.push(decoded.slice(copied, i));
      run = at;
      runEnd = at + 1;
      copied = i + 1;
    }
  }
  if (run === -1) return mapped;
  parts.push(source.text.slice(run, runEnd), decoded.slice(copied));
  return { ...mapped, decoded: parts.join('') };
}

/** The first index of the string that maps to `offset` or beyond (`toFile` never decreases). */
function firstMappedAt(mapped: EmbeddedText, offset: number): number {
  let lo = 0;
  let hi = mapped.decoded.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (mapped.toFile(mid) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function mapScalar(text: string, scalar: Scalar, d: ParsedDoc): EmbeddedText | null {
  const at = (offset: number): number => d.start + d.toOriginal(offset);
  const token = scalar.srcToken;
  const value = scalar.value as string;
  if (!token) return null;
  if (token.type === 'block-scalar') {
    const props = token.props as readonly { type: string; offset: number; source: string }[];
    const header = props.find((p) => p.type === 'block-scalar-header');
    if (!header || !header.source.startsWith('|')) return null; // folded (`>`) blocks rewrap text
    const last = props.at(-1)!;
    const bodyStart = last.offset + last.source.length;
    return mapWritten(text, { style: 'block-literal', value, body: { start: at(bodyStart), end: at(bodyStart + token.source.length) } });
  }
  if (token.type !== 'double-quoted-scalar' && token.type !== 'single-quoted-scalar' && token.type !== 'scalar') return null;
  const style = token.type === 'double-quoted-scalar' ? 'double-quoted' : token.type === 'single-quoted-scalar' ? 'single-quoted' : 'plain';
  return mapWritten(text, { style, value, start: at(token.offset), end: at(token.offset + token.source.length) });
}

/** A string as it is written in the file (file offsets), from the parser's token or the plain reader. */
type WrittenString =
  | { readonly style: 'block-literal'; readonly value: string; readonly body: { readonly start: number; readonly end: number } }
  | { readonly style: 'plain' | 'single-quoted' | 'double-quoted'; readonly value: string; readonly start: number; readonly end: number };

/** Maps a string's decoded value to the file by the way it is written. */
function mapWritten(file: string, s: WrittenString): EmbeddedText | null {
  switch (s.style) {
    case 'block-literal':
      return blockLiteral(file, s.body.start, s.body.end, s.value);
    case 'double-quoted':
    case 'single-quoted':
      return yamlQuoted(file, s.start, s.end, s.value, s.style === 'double-quoted' ? '"' : "'");
    case 'plain':
      return yamlPlain(file, s.start, s.end, s.value);
  }
}

/** Replaces the value at `path` with null, so documents compare equal outside the networks. */
function blank(js: unknown, path: readonly (string | number)[]): void {
  setAt(js, path, null);
}
