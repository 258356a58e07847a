/**
 * A CNI config held in a string inside another file (a YAML block scalar, a quoted YAML scalar,
 * a JSON string in a JSON manifest). Planning happens on the decoded string; this module maps
 * decoded offsets back to file offsets and encodes inserted text in the string's own style, so
 * the file's bytes change only where the edit is.
 *
 * Every decoder rebuilds the string from the source bytes and compares it with what the parser
 * decoded; any mismatch means the mapping cannot be trusted, and the string is not edited.
 */

import { lineAt } from '../../core/line-starts.js';

export type EmbeddedStyle = 'block-literal' | 'double-quoted' | 'single-quoted' | 'json-string' | 'plain' | 'heredoc';

export interface EmbeddedText {
  readonly style: EmbeddedStyle;
  /** The string's value, as the parser decoded it. */
  readonly decoded: string;
  /** File offset where the encoding of decoded offset `i` starts (`i` may equal `decoded.length`). */
  toFile(i: number): number;
  /**
   * File offset just past the encoding of decoded offset `i - 1`: where a replaced span ending at
   * `i` ends. Differs from toFile(i) when white space that decodes to nothing (before a fold, an
   * escaped line break) lies between the two characters; that white space is kept.
   */
  toFileEnd(i: number): number;
  /**
   * The file text for `content` placed inside this string at decoded offset `at` (where the place
   * matters to the style); null when this style cannot hold it safely there.
   */
  encode(content: string, at?: number): string | null;
}

/**
 * A literal block scalar (`|`, `|-`, `|+`, `|2`): each content line is the source line without
 * the block's indentation. `bodyStart` is the file offset of the first body line.
 */
export function blockLiteral(file: string, bodyStart: number, bodyEnd: number, decoded: string): EmbeddedText | null {
  const lines = splitLines(file, bodyStart, bodyEnd);
  const decodedLines = decoded.split('\n');
  // Chomping (`|+`, a final newline) adds a trailing empty decoded line; content lines come first.
  const firstContent = decodedLines.findIndex((l) => l !== '');
  if (firstContent === -1 || firstContent >= lines.length) return null;
  const sample = lines[firstContent]!;
  const indent = sample.text.length - decodedLines[firstContent]!.length;
  if (indent < 0 || !/^ *$/.test(sample.text.slice(0, indent))) return null;
  const prefix = ' '.repeat(indent);
  const starts: number[] = [];
  for (let i = 0; i < decodedLines.length; i++) {
    const d = decodedLines[i]!;
    const line = lines[i];
    if (!line) {
      // Only trailing empty lines (from chomping) may lack a source line.
      if (d !== '' || decodedLines.slice(i).some((x) => x !== '')) return null;
      starts.push(bodyEnd);
      continue;
    }
    if (d === '' ? line.text.trim() !== '' : line.text !== prefix + d) return null;
    starts.push(line.start + Math.min(indent, line.text.length));
  }
  const eol = lines.some((l) => l.crlf) ? '\r\n' : '\n';
  // Decoded offset where each line starts, for lineAt.
  const lineStarts = [0];
  for (let k = decoded.indexOf('\n'); k !== -1; k = decoded.indexOf('\n', k + 1)) lineStarts.push(k + 1);
  // The line found last: most calls ask for the same line or the next (a scan along the string).
  let line = 0;
  const toFile = (i: number): number => {
    if (!(lineStarts[line]! <= i && (line + 1 >= lineStarts.length || i < lineStarts[line + 1]!))) line = lineAt(lineStarts, i);
    return starts[line]! + (i - lineStarts[line]!);
  };
  return {
    style: 'block-literal',
    decoded,
    toFile,
    // A line break's encoding is the line end and the next line's indentation.
    toFileEnd: toFile,
    encode: (content) => (content.includes('\r') ? null : content.replace(/\n/g, eol + prefix)),
  };
}

/**
 * A YAML flow scalar, `"…"` or `'…'`, from its opening quote at `start` to its closing quote at
 * `end - 1`. Multi-line scalars are folded as YAML folds them (a line break between text becomes
 * a space, white space around it is dropped, an empty line becomes a line break).
 */
export function yamlQuoted(file: string, start: number, end: number, decoded: string, quote: '"' | "'"): EmbeddedText | null {
  const out = new QuotedChars();
  let i = start + 1;
  const close = end - 1;
  if (file[start] !== quote || file[close] !== quote) return null;
  while (i < close) {
    const c = file[i]!;
    if (c === '\n' || (c === '\r' && file[i + 1] === '\n')) {
      i = fold(file, i, close, out);
      continue;
    }
    if (quote === "'" && c === "'") {
      if (file[i + 1] !== "'") return null;
      out.push("'", i, i + 2, true);
      i += 2;
      continue;
    }
    if (quote === '"' && c === '\\') {
      const esc = yamlEscape(file, i);
      if (esc === null) return null;
      if (esc.lineBreak) {
        // An escaped line break joins the lines; leading white space of the next line is dropped.
        i = esc.next;
        while (i < close && (file[i] === ' ' || file[i] === '\t')) i++;
        continue;
      }
      // One entry per UTF-16 code unit, as decoded offsets count them (`\U0001F600` is two).
      for (let u = 0; u < esc.text.length; u++) out.push(esc.text[u]!, i, esc.next, true);
      i = esc.next;
      continue;
    }
    out.push(c, i, i + 1, false);
    i++;
  }
  if (out.ch.join('') !== decoded) return null;
  const { src, end: ends } = out;
  const toFile = (k: number): number => (k < src.length ? src[k]! : close);
  return {
    style: quote === '"' ? 'double-quoted' : 'single-quoted',
    decoded,
    toFile,
    toFileEnd: (k) => (k <= 0 ? (src[0] ?? close) : k <= ends.length ? ends[k - 1]! : close),
    encode: (content, at) => {
      const encoded = quote === "'" ? (content.includes('\n') ? null : content.replace(/'/g, "''")) : yamlDoubleQuote(content);
      return encoded !== null && at !== undefined ? (ownLine(file, start, toFile(at), encoded) ?? encoded) : encoded;
    },
  };
}

/**
 * A member inserted before one that starts its own line of a quoted scalar (Multus's example
 * NetworkAttachmentDefinitions: `config: '{` then `  "type": "sriov",` …), on a line of its own
 * with the same indentation: the line break folds to the space the one-line insertion ends with,
 * so the string decodes the same. Null when that does not hold.
 */
function ownLine(file: string, start: number, at: number, encoded: string): string | null {
  if (!/^[^\r\n]*, $/.test(encoded)) return null;
  const lineStart = file.lastIndexOf('\n', at - 1) + 1;
  const indent = file.slice(lineStart, at);
  if (lineStart <= start || !/^[ \t]*$/.test(indent)) return null;
  const eol = file[lineStart - 2] === '\r' ? '\r\n' : '\n';
  return `${encoded.slice(0, -1)}${eol}${indent}`;
}

/** A JSON string token (with its quotes) in a JSON file. */
export function jsonString(file: string, start: number, end: number, decoded: string): EmbeddedText | null {
  const src: number[] = [];
  let rebuilt = '';
  let i = start + 1;
  const close = end - 1;
  if (file[start] !== '"' || file[close] !== '"') return null;
  while (i < close) {
    const c = file[i]!;
    if (c !== '\\') {
      src.push(i);
      rebuilt += c;
      i++;
      continue;
    }
    const e = file[i + 1];
    const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    if (e !== undefined && e in simple) {
      src.push(i);
      rebuilt += simple[e];
      i += 2;
    } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(file.slice(i + 2, i + 6))) {
      src.push(i);
      rebuilt += String.fromCharCode(parseInt(file.slice(i + 2, i + 6), 16));
      i += 6;
    } else {
      return null;
    }
  }
  if (rebuilt !== decoded) return null;
  return {
    style: 'json-string',
    decoded,
    toFile: (k) => (k < src.length ? src[k]! : close),
    toFileEnd: (k) => (k < src.length ? src[k]! : close),
    encode: (content) => JSON.stringify(content).slice(1, -1),
  };
}

/** Maps an edit of the decoded string to an edit of the file, or null when it cannot be done safely. */
export function toFileEdit(
  text: EmbeddedText,
  edit: { offset: number; length: number; content: string },
): { offset: number; length: number; content: string } | null {
  const content = text.encode(edit.content, edit.offset);
  if (content === null) return null;
  const from = text.toFile(edit.offset);
  const to = edit.length === 0 ? from : text.toFileEnd(edit.offset + edit.length);
  // The replaced span must be exactly the encoding of the decoded span: no fold or escape across it.
  if (to < from) return null;
  return { offset: from, length: to - from, content };
}

/**
 * The characters a quoted scalar decodes to, each with where its encoding starts in the file and
 * just past where it ends, and whether it was escaped: side by side, not an object a character.
 */
class QuotedChars {
  readonly ch: string[] = [];
  readonly src: number[] = [];
  readonly end: number[] = [];
  readonly escaped: boolean[] = [];

  push(ch: string, src: number, end: number, escaped: boolean): void {
    this.ch.push(ch);
    this.src.push(src);
    this.end.push(end);
    this.escaped.push(escaped);
  }

  pop(): void {
    this.ch.pop();
    this.src.pop();
    this.end.pop();
    this.escaped.pop();
  }
}

interface SourceLine {
  readonly start: number;
  readonly text: string;
  readonly crlf: boolean;
}

function splitLines(file: string, from: number, to: number): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = from;
  while (start < to) {
    const nl = file.indexOf('\n', start);
    const end = nl === -1 || nl >= to ? to : nl;
    const crlf = end > start && file[end - 1] === '\r' && end === nl;
    lines.push({ start, text: file.slice(start, crlf ? end - 1 : end), crlf });
    start = end + 1;
  }
  return lines;
}

/** YAML line folding inside a flow scalar, from the line break at `i`; returns where to continue. */
function fold(file: string, i: number, close: number, out: QuotedChars): number {
  // White space before the break is not content (unless it came from an escape).
  while (out.ch.length && !out.escaped.at(-1)! && (out.ch.at(-1) === ' ' || out.ch.at(-1) === '\t')) out.pop();
  const at = i;
  let breaks = 0;
  let k = i;
  for (;;) {
    k += file[k] === '\r' ? 2 : 1; // past the line break
    breaks++;
    let j = k;
    while (j < close && (file[j] === ' ' || file[j] === '\t')) j++;
    if (j < close && (file[j] === '\n' || (file[j] === '\r' && file[j + 1] === '\n'))) {
      k = j;
      continue;
    }
    k = j;
    break;
  }
  if (breaks === 1) out.push(' ', at, k, false);
  else for (let b = 1; b < breaks; b++) out.push('\n', at, k, false);
  return k;
}

/** One YAML double-quoted escape at `i` (a backslash). Reference: YAML 1.2.2 §5.7. */
function yamlEscape(file: string, i: number): { text: string; next: number; lineBreak: boolean } | null {
  const e = file[i + 1];
  const simple: Record<string, string> = {
    '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
    ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
  };
  if (e === undefined) return null;
  if (e in simple) return { text: simple[e]!, next: i + 2, lineBreak: false };
  if (e === '\n') return { text: '', next: i + 2, lineBreak: true };
  if (e === '\r' && file[i + 2] === '\n') return { text: '', next: i + 3, lineBreak: true };
  const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
  const hex = file.slice(i + 2, i + 2 + width);
  if (width === 0 || !new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) return null;
  return { text: String.fromCodePoint(parseInt(hex, 16)), next: i + 2 + width, lineBreak: false };
}

function yamlDoubleQuote(content: string): string {
  return content.replace(/[\\"\u0000-\u001f]/g, (c) => {
    if (c === '\\' || c === '"') return `\\${c}`;
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/**
 * A plain (unquoted) YAML scalar on one line, such as a kustomize literal
 * `cni-conf.json={"cniVersion":"0.3.1",...}`: its text is its value. Content that YAML would
 * read differently in a plain scalar (`: `, ` #`, a line break) cannot be placed in it.
 */
export function yamlPlain(file: string, start: number, end: number, decoded: string): EmbeddedText | null {
  if (file.slice(start, end) !== decoded || decoded.includes('\n')) return null;
  return {
    style: 'plain',
    decoded,
    toFile: (i) => start + i,
    toFileEnd: (i) => start + i,
    encode: (content) => (/: |\s#|[\r\n]/.test(content) ? null : content),
  };
}

/** The part of a string from decoded offset `from` on (the value of a kustomize `key=value` literal). */
export function sliceFrom(outer: EmbeddedText, from: number): EmbeddedText {
  return {
    style: outer.style,
    decoded: outer.decoded.slice(from),
    toFile: (i) => outer.toFile(i + from),
    toFileEnd: (i) => outer.toFileEnd(i + from),
    encode: (content, at) => outer.encode(content, at === undefined ? undefined : at + from),
  };
}

/**
 * A string inside a string: `inner` maps its decoded text into `outer`'s decoded text (a CNI
 * config in the YAML of a HelmChartConfig's `valuesContent`), `outer` maps that into the file.
 * An edit is encoded in the inner style first, then the outer.
 */
export function nested(outer: EmbeddedText, inner: EmbeddedText): EmbeddedText {
  return {
    style: inner.style,
    decoded: inner.decoded,
    toFile: (i) => outer.toFile(inner.toFile(i)),
    toFileEnd: (i) => outer.toFileEnd(inner.toFileEnd(i)),
    encode: (content, at) => {
      const once = inner.encode(content, at);
      return once === null ? null : outer.encode(once, at === undefined ? undefined : inner.toFile(at));
    },
  };
}

/**
 * A Terraform heredoc's body (`<<EOF`, `<<-EOF`), read as written: JSON does not care about the
 * indentation `<<-` takes off, and `${…}` stays a placeholder the JSON reading masks, so the
 * decoded text is the body itself and every offset maps to itself.
 */
export function heredocBody(file: string, bodyStart: number, bodyEnd: number): EmbeddedText {
  const decoded = file.slice(bodyStart, bodyEnd);
  const eol = decoded.includes('\r\n') ? '\r\n' : '\n';
  const toFile = (i: number): number => bodyStart + i;
  return {
    style: 'heredoc',
    decoded,
    toFile,
    toFileEnd: toFile,
    encode: (content) => content.replace(/\r?\n/g, eol),
  };
}
