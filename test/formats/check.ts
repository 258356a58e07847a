/**
 * Checks for plans of manifests that embed CNI configs in strings (k8s-yaml, k8s-json):
 * (1) the bytes outside the edits are the input's;
 * (2) the file parses (yaml / JSON.parse) to the same data except for the edited strings, and
 *     each edited string's decoded JSON differs only in its top-level cniVersion;
 * (3) planning the output again changes nothing;
 * (4) every string keeps its style (YAML scalar type and block header, JSON escape forms).
 */
import { parse, type ParseError } from 'jsonc-parser';
import { expect } from 'vitest';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type CST, type Scalar } from 'yaml';
import { planFile, type FilePlan, type PlanOptions } from '../../src/core/plan.js';
import { parseLoose } from '../helpers/verify.js';

/** The releases every test states unless it is about inference from images. */
export const OPTIONS: PlanOptions = { plugins: { releases: { 'cni-plugins': '1.1.1', calico: '3.26.0' } } };

export function plan(path: string, text: string, options: PlanOptions = OPTIONS): FilePlan {
  return planFile({ path, text }, options);
}

export function codes(p: Pick<FilePlan, 'diagnostics'>): string[] {
  return p.diagnostics.map((d) => d.code);
}

export interface ChangedString {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

/** Asserts (1)–(4) for a plan with edits; returns the strings that changed, in document order. */
export function expectSafeEmbeddedEdit(p: FilePlan, options: PlanOptions = OPTIONS): ChangedString[] {
  expect(p.fatal).toBe(false);
  expect(codes(p)).not.toContain('INTERNAL_VERIFY_FAILED');
  expect(p.edits.length).toBeGreaterThan(0);
  expect(p.changed).toBe(true);
  const edited = p.networks.filter((n) => n.decision.action === 'insert' || n.decision.action === 'rewrite');
  expect(p.edits).toHaveLength(edited.length);

  // (1) The output is the input with exactly the edits applied, and each edit sets a version.
  let at = 0;
  let composed = '';
  for (const [i, e] of p.edits.entries()) {
    expect(e.offset).toBeGreaterThanOrEqual(at);
    composed += p.before.slice(at, e.offset) + e.content;
    at = e.offset + e.length;
    const d = edited[i]!.decision;
    if (d.action === 'insert' || d.action === 'rewrite') expect(e.content).toContain(d.version);
  }
  composed += p.before.slice(at);
  expect(p.after).toBe(composed);

  // (2) Same data, except the edited strings; their JSON differs only in the top-level cniVersion.
  const isJson = /\.json$/i.test(p.path);
  const changed = isJson ? changedStrings(JSON.parse(p.before), JSON.parse(p.after)) : changedStrings(yamlData(p.before), yamlData(p.after));
  // A string holding a Multus config changes for the config and each of its delegates.
  const groups: (typeof edited)[] = [];
  const base = (location: string | undefined): string => (location ?? '').split(' delegates.')[0]!;
  for (const n of edited) {
    const last = groups.at(-1);
    if (last && base(last[0]!.location) === base(n.location)) last.push(n);
    else groups.push([n]);
  }
  expect(changed.map((c) => c.path)).toHaveLength(groups.length);
  for (const [i, c] of changed.entries()) {
    const b = decodedJson(c.before);
    const a = decodedJson(c.after);
    expect(a.rawErrors, `${c.path}: jsonc parse errors`).toBe(b.rawErrors);
    expect(a.looseErrors, `${c.path}: parse errors once placeholders are masked`).toBe(b.looseErrors);
    for (const n of groups[i]!) {
      const inner = (n.location ?? '').slice(base(n.location).length).replace(/^ /, '');
      const objA = objectAt(a.value, inner);
      const objB = objectAt(b.value, inner);
      const { cniVersion: newVersion } = objA;
      const { cniVersion: oldVersion } = objB;
      const decision = n.decision;
      if (decision.action === 'insert' || decision.action === 'rewrite') {
        expect(newVersion).toBe(decision.version);
        if (decision.action === 'insert') {
          expect(oldVersion).toBeUndefined();
          expect(Object.keys(objA)[0]).toBe('cniVersion');
        } else {
          expect(Object.keys(objA)).toEqual(Object.keys(objB));
        }
      }
      delete objA.cniVersion;
      delete objB.cniVersion;
    }
    expect(a.value, c.path).toStrictEqual(b.value);
  }

  // (3) Idempotent.
  const again = planFile({ path: p.path, text: p.after }, options);
  expect(again.fatal).toBe(false);
  expect(again.edits).toEqual([]);
  expect(again.after).toBe(p.after);

  // (4) String styles are kept. A quoted scalar over several lines may gain the line of an
  // inserted member (one per network it holds); a one-line scalar stays on one line.
  if (isJson) {
    for (const c of changed) expectJsonEscapesKept(p.before, p.after, c);
  } else {
    const before = yamlStyles(p.before);
    const after = yamlStyles(p.after);
    expect(after.map(({ path, type }) => ({ path, type }))).toEqual(before.map(({ path, type }) => ({ path, type })));
    after.forEach((s, i) => {
      const lines = (h: string): number | null => (/^(\d+) line\(s\)$/.exec(h) ? Number(/^(\d+)/.exec(h)![1]) : null);
      const [was, is] = [lines(before[i]!.header), lines(s.header)];
      if (was !== null && is !== null && was > 1 && p.edits.some((e) => e.length === 0)) expect(is - was, s.path).toBeLessThanOrEqual(p.edits.filter((e) => e.length === 0).length);
      else expect(s.header, s.path).toBe(before[i]!.header);
    });
  }
  return changed;
}

/** A decoded string's JSON, read as the tool reads it (placeholders masked), plus how a plain jsonc parse fares. */
export function decodedJson(text: string): { value: Record<string, unknown>; rawErrors: number; looseErrors: number } {
  const raw: ParseError[] = [];
  parse(text, raw, { allowTrailingComma: true });
  const loose = parseLoose(text);
  expect(loose.value).toBeTypeOf('object');
  return { value: loose.value as Record<string, unknown>, rawErrors: raw.length, looseErrors: loose.errors.length };
}

/**
 * The text the `yaml` library can read. go-yaml (kubectl) accepts a quoted scalar whose
 * continuation lines are TAB-indented or indented less than their key (Multus's example
 * NetworkAttachmentDefinitions); YAML 1.2 does not. When the strict parse fails, such lines are
 * indented past the opening quote (leading white space of a continuation line folds away, so
 * the values stay the same). Written independently of the code under test.
 */
export function readableYaml(text: string): string {
  const docs = parseAllDocuments(text);
  if (Array.isArray(docs) && docs.every((d) => d.errors.length === 0)) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    out.push(line);
    const open = /^(\s*[^'"#\s][^:]*:\s*)(['"])/.exec(line);
    if (!open) continue;
    const quote = open[2]!;
    const rest = line.slice(open[0].length).replace(quote === "'" ? /''/g : /\\./g, '');
    if (rest.includes(quote)) continue; // closed on its own line
    const pad = ' '.repeat(open[0].length);
    for (i++; i < lines.length; i++) {
      const next = lines[i]!;
      out.push(pad + next.replace(/^[ \t]+/, ''));
      if (next.replace(quote === "'" ? /''/g : /\\./g, '').includes(quote)) break;
    }
  }
  return out.join('\n');
}

/** Splits a YAML stream at `---` lines, each marker staying with the document it opens. */
export function yamlDocuments(text: string): string[] {
  return text.split(/^(?=---(?:[ \t\r\n]|$))/m);
}

/**
 * Every document of a YAML file as plain data. A document the `yaml` library cannot read (a
 * template, a broken Service) stands as its raw text, which must then be unchanged.
 */
export function yamlData(text: string): unknown[] {
  return yamlDocuments(text).map((segment) => {
    const docs = parseAllDocuments(readableYaml(segment), { uniqueKeys: false });
    if (!Array.isArray(docs)) return [];
    if (docs.some((d) => d.errors.length > 0)) return { unparsed: segment };
    return docs.map((d) => d.toJS({ maxAliasCount: 100 }) as unknown);
  });
}

/** String leaves that differ between two values of the same shape (the shape itself must match). */
export function changedStrings(before: unknown, after: unknown, path: (string | number)[] = []): ChangedString[] {
  const out: ChangedString[] = [];
  const at = path.join('.');
  if (typeof before === 'string' && typeof after === 'string') {
    if (before === after) return out;
    // A string that is YAML itself (a values string, a manifest in a ConfigMap): the strings in it that changed.
    if (!/^\s*\{/.test(before) && before.includes('\n') && path.filter((k) => k === '>').length < 2) {
      const [b, a] = [yamlData(before), yamlData(after)];
      if (b.some((d) => typeof d === 'object' && d !== null)) return changedStrings(b, a, [...path, '>']);
    }
    out.push({ path: at, before, after });
  } else if (Array.isArray(before) && Array.isArray(after)) {
    expect(after.length, at).toBe(before.length);
    before.forEach((x, i) => out.push(...changedStrings(x, after[i], [...path, i])));
  } else if (isRecord(before) && isRecord(after)) {
    expect(Object.keys(after), at).toEqual(Object.keys(before));
    for (const k of Object.keys(before)) out.push(...changedStrings(before[k], after[k], [...path, k]));
  } else {
    expect(after, at).toStrictEqual(before);
  }
  return out;
}

export interface ScalarStyle {
  readonly path: string;
  readonly type: string | undefined;
  /** Block header with its comment (`|-  # note`), or the quoted scalar's line count. */
  readonly header: string;
}

/** The style of every scalar (keys and values) of every document, in document order. */
export function yamlStyles(text: string): ScalarStyle[] {
  const out: ScalarStyle[] = [];
  const docs = yamlDocuments(text).flatMap((segment) => {
    const parsed = parseAllDocuments(readableYaml(segment), { keepSourceTokens: true, uniqueKeys: false });
    return Array.isArray(parsed) && parsed.every((d) => d.errors.length === 0) ? parsed : [];
  });
  const visit = (node: unknown, path: string): void => {
    if (isMap(node) || isSeq(node)) {
      node.items.forEach((item, i) => {
        if (isPair(item)) {
          const key = isScalar(item.key) ? String(item.key.value) : String(i);
          visit(item.key, `${path}.${key}#key`);
          visit(item.value, `${path}.${key}`);
        } else {
          visit(item, `${path}.${i}`);
        }
      });
    } else if (isScalar(node)) {
      out.push({ path, type: node.type, header: headerOf(node) });
    }
  };
  docs.forEach((d, i) => visit(d.contents, `doc${i}`));
  return out;
}

function headerOf(scalar: Scalar): string {
  const token = scalar.srcToken;
  if (!token) return '';
  if (token.type === 'block-scalar') {
    return (token as CST.BlockScalar).props
      .filter((t) => t.type !== 'newline')
      .map((t) => (t as { source: string }).source)
      .join('');
  }
  if ('source' in token && typeof token.source === 'string') return `${token.source.split('\n').length} line(s)`;
  return '';
}

/**
 * A changed JSON string keeps its escaping: it holds no raw line break, and the escapes it used
 * other than `\"` and `\n` (which an insertion adds) are used the same number of times.
 */
function expectJsonEscapesKept(before: string, after: string, c: ChangedString): void {
  const raw = (text: string, value: string): string => {
    const encoded = JSON.stringify(value);
    // The raw token is whatever string literal in the file decodes to `value`.
    const found = [...text.matchAll(/"(?:[^"\\\n]|\\.)*"/g)].map((m) => m[0]).find((tok) => JSON.parse(tok) === value);
    expect(found, `raw token of ${c.path}`).toBeDefined();
    return found ?? encoded;
  };
  const rb = raw(before, c.before);
  const ra = raw(after, c.after);
  expect(ra).not.toMatch(/[\r\n]/);
  const kinds = (tok: string): Map<string, number> => {
    const m = new Map<string, number>();
    for (const e of tok.matchAll(/\\(u[0-9a-fA-F]{4}|.)/g)) m.set(e[1]!.slice(0, 1), (m.get(e[1]!.slice(0, 1)) ?? 0) + 1);
    return m;
  };
  const kb = kinds(rb);
  const ka = kinds(ra);
  for (const [k, n] of ka) {
    if (k === 'n') expect(kb.has('n'), `\\n escapes are new in ${c.path}`).toBe(true);
    else if (k !== '"') expect(n, `count of \\${k} in ${c.path}`).toBe(kb.get(k));
  }
  for (const [k, n] of kb) if (k !== '"' && k !== 'n') expect(ka.get(k), `count of \\${k} in ${c.path}`).toBe(n);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function objectAt(value: Record<string, unknown>, path: string): Record<string, unknown> {
  let node = value;
  for (const key of path ? path.split('.') : []) node = node[key] as Record<string, unknown>;
  return node;
}
