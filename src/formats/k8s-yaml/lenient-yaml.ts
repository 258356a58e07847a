/**
 * Reading YAML as leniently as kubectl does (go-yaml through sigs.k8s.io/yaml), document by
 * document, with an offset map back to the file wherever a repaired copy had to be parsed.
 */
import type { Document } from 'yaml';
import { parseAllDocuments } from '../yaml-lib.js';

/**
 * Splits the file into YAML documents at `---` lines. A line starting with `---` cannot occur
 * inside an indented block scalar, so this finds the same boundaries a YAML parser does, and lets
 * documents with no CNI signal (CRDs are most of a Calico manifest) go unparsed.
 */
export function segments(text: string): { index: number; start: number; end: number }[] {
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

export type SegmentParse =
  | { ok: true; docs: Document.Parsed[]; toOriginal: (offset: number) => number }
  | { ok: false; offset: number; problem: string };

const OPTIONS = { keepSourceTokens: true, uniqueKeys: false } as const;

/** How many texts parseSegment has been given: tests count what reaches the YAML parser. */
export const parserRuns = { count: 0 };
const identity = (offset: number): number => offset;

/**
 * Parses one document, as leniently as go-yaml (kubectl) where YAML 1.2 is stricter: tabs in
 * leading white space, and quoted scalars whose continuation lines are indented less than the
 * key that holds them (Multus's example NetworkAttachmentDefinitions). A lenient reading is used
 * only when the strict one fails; it yields the same decoded strings, and the decoders rebuild
 * every string from the original bytes and refuse on any difference.
 */
export function parseSegment(body: string): SegmentParse {
  parserRuns.count++;
  const strict = parseAllDocuments(body, OPTIONS);
  if (!Array.isArray(strict)) return { ok: true, docs: [], toOriginal: identity };
  const error = strict.flatMap((d) => d.errors)[0];
  if (!error) return { ok: true, docs: strict, toOriginal: identity };
  const failed = { ok: false as const, offset: error.pos[0], problem: error.message.split('\n')[0]! };

  // Same length: tabs in leading white space read as spaces.
  const untabbed = body.replace(/^[ \t]+/gm, (ws) => ws.replace(/\t/g, ' '));
  const lenient = parseAllDocuments(untabbed, OPTIONS);
  if (Array.isArray(lenient) && lenient.every((d) => d.errors.length === 0)) return { ok: true, docs: lenient, toOriginal: identity };

  // Re-indent the continuation lines of each quoted scalar the reading leaves open, one at a time
  // (each repair is read again), with an offset map; a few per document at most.
  let text = untabbed;
  let toOriginal = identity;
  let docs = lenient;
  for (let repairs = 0; repairs < MAX_QUOTE_REPAIRS && Array.isArray(docs); repairs++) {
    const quote = docs.flatMap((d) => d.errors).find((e) => e.code === 'MISSING_CHAR' && /quote/.test(e.message));
    if (!quote) return failed;
    const repaired = reindentQuoted(text, quote.pos[0]);
    if (!repaired) return failed;
    const previous = toOriginal;
    ({ text } = repaired);
    toOriginal = (offset) => previous(repaired.toOriginal(offset));
    docs = parseAllDocuments(text, OPTIONS);
    if (Array.isArray(docs) && docs.every((d) => d.errors.length === 0)) return { ok: true, docs, toOriginal };
  }
  return failed;
}

/** Quoted scalars repaired in one document before giving up: each costs a parse of the document. */
const MAX_QUOTE_REPAIRS = 8;

/**
 * Indents every continuation line of the quoted scalar opening at `open` one column past its
 * opening quote. Returns the new text and a map from its offsets back to the original's.
 */
function reindentQuoted(text: string, near: number): { text: string; toOriginal: (offset: number) => number } | null {
  // The parser reports the error at the opening quote, or, when the closing line is the one
  // indented too little (`}'` at column 0), at that line: the scalar is the one that opens as a
  // value (`key: '`, `- "`) nearest before the error and closes at or after its line.
  const errorLine = text.lastIndexOf('\n', Math.max(0, near - 1)) + 1;
  const opening = /(?:^|[:-])[ \t]+(['"])/gm;
  // Scalars are skipped whole, so quotes inside one are never taken for an opening, and each
  // character is scanned once: linear time on any input.
  let found: { open: number; close: number } | null = null;
  for (let m = opening.exec(text); m; m = opening.exec(text)) {
    const open = m.index + m[0].length - 1;
    if (open > near) break;
    const close = closingQuote(text, open);
    if (close === -1) break;
    if (close >= errorLine && text.slice(open, close).includes('\n')) {
      found = { open, close };
      break;
    }
    opening.lastIndex = close + 1;
  }
  if (!found) return null;
  const { open, close } = found;
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


/** The offset of the quote that closes the YAML flow scalar opening at `open`; -1 if none. */
function closingQuote(text: string, open: number): number {
  const q = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (q === "'" && text[i] === "'") {
      if (text[i + 1] === "'") i++;
      else return i;
    } else if (q === '"' && text[i] === '\\') i++;
    else if (q === '"' && text[i] === '"') return i;
  }
  return -1;
}
