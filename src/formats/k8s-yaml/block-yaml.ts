/**
 * A reader for the plain block style Kubernetes manifests are written in: mappings and
 * sequences by indentation, plain scalars (folded over lines as YAML folds them), quoted scalars
 * (folded too, when they go on over lines) and one-line flow collections of scalars, comments,
 * literal block scalars. It gives the plain JS value the `yaml` package's `toJS()` gives for such
 * a document, more than ten times faster, and gives up (null) on anything else: anchors, aliases,
 * tags, nested or multi-line flow collections, folded blocks, escapes, tabs in indentation, odd
 * keys. A quoted scalar's continuation lines are read as go-yaml (kubectl) reads them, at any
 * indentation, tabs included (lenient-yaml.ts reads the same with the parser).
 *
 * It reads the documents of a CNI manifest that are read only for their images (a DaemonSet beside
 * the ConfigMap), and the documents that hold a CNI config, with where each string is written
 * (readBlockYamlStrings): an edit is placed and proven from those positions as from the parser's.
 * Whatever it gives up on goes to the parser, and test/formats/block-yaml.test.ts holds it equal
 * to the parser, values and positions, on every document of every fixture it reads.
 */

/** The reader has met something outside its subset. */
class Outside extends Error {}

const outside = (): never => {
  throw new Outside();
};

interface Line {
  readonly indent: number;
  /** The line after its indentation. */
  readonly content: string;
  /** Which line of the text it is. */
  readonly row: number;
}

/** A string scalar of a document read by readBlockYamlStrings, and where it is written. */
export interface BlockString {
  /** Keys and sequence indexes from the document's top. */
  readonly path: readonly (string | number)[];
  readonly value: string;
  readonly style: 'plain' | 'single-quoted' | 'double-quoted' | 'block-literal';
  /** Offsets in the text: from the token's first character (a quote, a block's `|`) to the end of its value. */
  readonly start: number;
  readonly end: number;
  /** A literal block's body: from its first line to the end of its last. */
  readonly body?: { readonly start: number; readonly end: number };
  /** Written over several lines. */
  readonly multiline: boolean;
}

/** `key:` at the start of a line's content: plain keys as manifests write them (read by plainKey), or simply quoted. */
export const PLAIN_KEY = /^([A-Za-z0-9_$.][^\s:#'"]*?)[ \t]*:(?:[ \t]+|$)/;
const DOUBLE_QUOTED_KEY = /^"([^"\\]*)"[ \t]*:(?:[ \t]+|$)/;
const SINGLE_QUOTED_KEY = /^'([^']*)'[ \t]*:(?:[ \t]+|$)/;
/** Keys the core schema would not read as the string they spell (`0x1`, `1e3`, `null`). */
const KEY_NOT_AS_SPELLED = /^(?:[0-9].*|[-+.][0-9].*|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|__proto__|<<)$/;
const DECIMAL_KEY = /^[1-9][0-9]*$|^0$/;

const NULL = /^(?:~|null|Null|NULL)$/;
const BOOLEAN = /^(?:true|True|TRUE|false|False|FALSE)$/;
const INTEGER = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** Scalars the core schema reads in ways not handled here: other bases, infinities, not-a-number. */
const OTHER_NUMBER = /^[-+]?(?:0[ox]|\.(?:inf|Inf|INF|nan|NaN|NAN)$)/;

/** `|`, `|-`, `|+` (and `>` forms, refused), with optional white space and comment after it (ovs-cni's `networks: | `). */
const BLOCK_HEADER = /^([|>])([-+]?)(?:[ \t]+(?:#.*)?)?$/;

/** The document's value, or null when the text is outside the subset. */
export function readBlockYaml(text: string): { readonly value: unknown } | null {
  try {
    return { value: new BlockReader(text, false).document() };
  } catch (err) {
    if (err instanceof Outside) return null;
    throw err;
  }
}

/** The document's value and its string scalars in document order, or null when the text is outside the subset. */
export function readBlockYamlStrings(text: string): { readonly value: unknown; readonly strings: readonly BlockString[] } | null {
  try {
    const reader = new BlockReader(text, true);
    const value = reader.document();
    return { value, strings: reader.strings };
  } catch (err) {
    if (err instanceof Outside) return null;
    throw err;
  }
}

class BlockReader {
  private readonly raw: string[];
  private at = 0;
  /** A line whose start was taken by `- `: the rest of it, read as a line of its own. */
  private pending: Line | null = null;
  /** Where each line starts in the text, when strings are recorded. */
  private readonly starts: number[] = [];
  private readonly path: (string | number)[] = [];
  readonly strings: BlockString[] = [];

  constructor(
    private readonly text: string,
    private readonly record: boolean,
  ) {
    this.raw = text.split('\n');
    let start = 0;
    for (let i = 0; i < this.raw.length; i++) {
      if (record) {
        this.starts.push(start);
        start += this.raw[i]!.length + 1;
      }
      if (this.raw[i]!.endsWith('\r')) this.raw[i] = this.raw[i]!.slice(0, -1);
    }
  }

  /** The text offset of `rest`, the end of `line`'s content. */
  private offsetOf(line: Line, rest: string): number {
    return this.record ? this.starts[line.row]! + line.indent + line.content.length - rest.length : -1;
  }

  /** Where line `row` starts (the text's end past its last line). */
  private lineStart(row: number): number {
    return row < this.starts.length ? this.starts[row]! : this.text.length;
  }

  /** A string inside a flow collection, `key` (or index) below the path being read. */
  private keepInFlow(value: unknown, style: BlockString['style'], start: number, end: number, key: string | number): void {
    this.path.push(key);
    this.keep(value, style, start, end, false);
    this.path.pop();
  }

  private keep(value: unknown, style: BlockString['style'], start: number, end: number, multiline: boolean, body?: BlockString['body']): void {
    if (!this.record || typeof value !== 'string') return;
    this.strings.push({ path: [...this.path], value, style, start, end, multiline, ...(body ? { body } : {}) });
  }

  document(): unknown {
    const first = this.raw[0] ?? '';
    if (first.startsWith('---')) {
      if (!/^---(?:[ \t]+#.*|[ \t]*)$/.test(first)) outside();
      this.at = 1;
    }
    const top = this.peek();
    if (!top) return null;
    const value = this.isSequenceItem(top.content) ? this.sequence(top.indent) : this.mapping(top.indent);
    if (this.peek()) outside(); // a line less indented than the top: not one node
    return value;
  }

  /** The line peek found last, and the line index it was found at (a node asks for its next line more than once). */
  private peeked: Line | null = null;
  private peekedAt = -1;

  /** The next line that is neither blank nor a comment, not consumed. */
  private peek(): Line | null {
    if (this.pending) return this.pending;
    if (this.peekedAt === this.at) return this.peeked;
    this.peeked = this.nextLine();
    this.peekedAt = this.at;
    return this.peeked;
  }

  private nextLine(): Line | null {
    for (; this.at < this.raw.length; this.at++) {
      const line = this.raw[this.at]!;
      const indent = leadingSpaces(line);
      const rest = line.slice(indent);
      const visible = rest.trimStart();
      if (visible === '' || visible.startsWith('#')) continue; // blank or a comment
      if (rest.startsWith('\t')) outside(); // tabs in indentation
      if (indent === 0 && (rest.startsWith('---') || rest.startsWith('...') || rest.startsWith('%'))) outside();
      return { indent, content: rest, row: this.at };
    }
    return null;
  }

  private take(): void {
    if (this.pending) this.pending = null;
    else this.at++;
  }

  private isSequenceItem(content: string): boolean {
    return content === '-' || content.startsWith('- ');
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let line = this.peek(); line && line.indent >= indent; line = this.peek()) {
      if (line.indent > indent) outside(); // a continuation line, or bad indentation
      if (this.isSequenceItem(line.content)) outside();
      const { key, rest } = mappingKey(line.content);
      this.take();
      this.path.push(key);
      out[key] = this.value(rest, indent, true, this.offsetOf(line, rest));
      this.path.pop();
    }
    return out;
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    for (let line = this.peek(); line && line.indent >= indent; line = this.peek()) {
      if (line.indent > indent) outside();
      if (!this.isSequenceItem(line.content)) break; // the mapping around a sequence at its own indentation goes on
      this.take();
      const after = line.content.slice(1);
      const rest = after.trimStart();
      if (after.slice(0, after.length - rest.length).includes('\t')) outside(); // a tab after `-`: the item's column is unclear
      if (rest === '-' || rest.startsWith('- ')) outside(); // `- - a`: a sequence in a sequence, rare in manifests
      const column = indent + 1 + (after.length - rest.length);
      this.path.push(out.length);
      if (plainKey(rest) || DOUBLE_QUOTED_KEY.test(rest) || SINGLE_QUOTED_KEY.test(rest)) {
        // `- name: x`: a mapping that starts on the item's line, at the column after `- `.
        this.pending = { indent: column, content: rest, row: line.row };
        out.push(this.mapping(column));
      } else out.push(this.value(rest, indent, false, this.offsetOf(line, rest)));
      this.path.pop();
    }
    return out;
  }

  /** What follows `key:` or `- ` on its line (`rest`, at text offset `at`), or below it when nothing does. */
  private value(rest: string, ownerIndent: number, ofKey: boolean, at: number): unknown {
    if (rest === '' || rest.startsWith('#')) return this.nested(ownerIndent, ofKey);
    const block = BLOCK_HEADER.exec(rest);
    if (block) {
      if (block[1] === '>') outside(); // folded: lines are rewrapped
      const bodyStart = this.lineStart(this.at);
      const value = this.literal(ownerIndent, block[2]!);
      // The parser's block ends after its last line of text; with `|+`, after the blank lines it keeps.
      const bodyEnd = block[2] === '+' ? this.lineStart(this.at) : this.lastLiteralRow === -1 ? bodyStart : this.lineStart(this.lastLiteralRow + 1);
      this.keep(value, 'block-literal', at, bodyEnd, true, { start: bodyStart, end: bodyEnd });
      return value;
    }
    const first = rest[0];
    const quoted = first === '"' || first === "'";
    const close = quoted ? closingOnLine(rest) : -1;
    if (quoted && close === -1) return this.quotedLines(rest, at);
    const read = scalar(rest, this.record ? (value, style, start, end, key) => this.keepInFlow(value, style, at + start, at + end, key) : undefined);
    if (read.plain === null) {
      if (quoted) this.keep(read.value, first === '"' ? 'double-quoted' : 'single-quoted', at, at + close + 1, false);
      return read.value;
    }
    const row = this.at;
    const value = this.plainLines(read.plain, ownerIndent);
    const multiline = this.lastPlainRow !== -1 && this.lastPlainRow >= row;
    this.keep(value, 'plain', at, multiline ? this.plainEnd : at + read.plain.length, multiline);
    return value;
  }

  /** The last line of text of the literal block read last (-1: none). */
  private lastLiteralRow = -1;

  /** The last line a plain scalar went on to, and where its text ends (set by plainLines; -1: it did not). */
  private lastPlainRow = -1;
  private plainEnd = -1;

  /**
   * A quoted scalar that goes on over lines, folded as YAML folds them: a line break between
   * text is a space, each empty line a newline, white space around a line break dropped.
   */
  private quotedLines(rest: string, at: number): string {
    const quote = rest[0]!;
    let value = unquote(withoutTrailingBlanks(rest.slice(1)), quote);
    let breaks = 0;
    for (; this.at < this.raw.length; this.at++) {
      const line = this.raw[this.at]!;
      const indent = leadingBlanks(line);
      const text = line.slice(indent);
      if (text === '') {
        breaks++;
        continue;
      }
      // go-yaml (kubectl) reads continuation lines at any indentation, tabs included, as
      // lenient-yaml.ts does with the parser: folding drops the white space either way. A
      // document marker at a line's start ends the document there, in go-yaml as in YAML.
      if (indent === 0 && DOCUMENT_MARKER.test(text)) outside();
      const close = closingOnLine(quote + text) - 1;
      const piece = close === -2 ? withoutTrailingBlanks(text) : text.slice(0, close);
      value += (breaks === 0 ? ' ' : '\n'.repeat(breaks)) + unquote(piece, quote);
      breaks = 0;
      if (close !== -2) {
        endOfLine(text, close + 1);
        const end = this.record ? this.starts[this.at]! + indent + close + 1 : -1;
        this.at++;
        this.keep(value, quote === '"' ? 'double-quoted' : 'single-quoted', at, end, true);
        return value;
      }
    }
    return outside(); // never closed
  }

  /**
   * A plain scalar with the lines that continue it (more indented than its owner), folded as
   * YAML folds them: a line break is a space, each empty line a newline.
   */
  private plainLines(first: string, ownerIndent: number): unknown {
    let text = first;
    let breaks = 0;
    this.lastPlainRow = -1;
    for (; this.at < this.raw.length; this.at++) {
      const line = this.raw[this.at]!;
      const indent = leadingSpaces(line);
      const rest = line.slice(indent).trim();
      if (rest === '') {
        breaks++;
        continue;
      }
      if (indent <= ownerIndent || rest.startsWith('#')) break;
      if (line[indent] === '\t' || rest.startsWith('- ') || rest === '-' || rest.includes(': ') || rest.endsWith(':') || /[ \t]#/.test(rest)) outside();
      text += breaks === 0 ? ` ${rest}` : `${'\n'.repeat(breaks)}${rest}`;
      breaks = 0;
      this.lastPlainRow = this.at;
      if (this.record) this.plainEnd = this.starts[this.at]! + indent + rest.length;
    }
    return resolvePlain(text);
  }

  /** A node on the lines below, more indented than its owner (a key's sequence may sit at the key's own indentation). */
  private nested(ownerIndent: number, ofKey: boolean): unknown {
    const line = this.peek();
    if (!line) return null;
    const item = this.isSequenceItem(line.content);
    if (line.indent > ownerIndent && (line.content[0] === '{' || line.content[0] === '[')) {
      // A one-line flow collection on the line below its key (Helm's rendered `annotations:` then
      // `{}`): read as on the key's line; nothing may follow it more indented.
      this.take();
      const value = this.value(line.content, ownerIndent, ofKey, this.offsetOf(line, line.content));
      const next = this.peek();
      if (next && next.indent > ownerIndent) outside();
      return value;
    }
    if (line.indent > ownerIndent) return item ? this.sequence(line.indent) : this.mapping(line.indent);
    if (ofKey && item && line.indent === ownerIndent) return this.sequence(line.indent);
    return null;
  }

  /** A literal block scalar's lines, as YAML keeps them: indentation removed, chomped as `chomp` says. */
  private literal(ownerIndent: number, chomp: string): string {
    this.lastLiteralRow = -1;
    const lines: string[] = [];
    let contentIndent = -1;
    /** The block's indentation, once its first content line sets it. */
    let prefix: string | null = null;
    for (; this.at < this.raw.length; this.at++) {
      const line = this.raw[this.at]!;
      // Most lines carry the block's indentation and more: text, however it goes on (a 100 KB
      // dashboard's JSON is thousands of them), told without counting their spaces.
      if (prefix !== null && line.length > contentIndent && line.startsWith(prefix)) {
        lines.push(line.slice(contentIndent));
        this.lastLiteralRow = this.at;
        continue;
      }
      const indent = leadingSpaces(line);
      if (indent === line.length) {
        if (contentIndent !== -1 && indent > contentIndent) {
          // Spaces past the block's indentation are text (a template's masked `{{- end }}` line).
          lines.push(line.slice(contentIndent));
          this.lastLiteralRow = this.at;
          continue;
        }
        if (contentIndent === -1 && indent > ownerIndent + 1) outside(); // leading blank lines set the indentation
        lines.push('');
        continue;
      }
      if (line[indent] === '\t' && (contentIndent === -1 || indent < contentIndent)) outside();
      if (contentIndent === -1) {
        if (indent <= ownerIndent) break;
        contentIndent = indent;
        prefix = ' '.repeat(indent);
      }
      if (indent < contentIndent) {
        if (indent > ownerIndent) outside(); // less than the block, more than its owner: an error
        break;
      }
      lines.push(line.slice(contentIndent));
      this.lastLiteralRow = this.at;
    }
    // Blank lines after the block belong to it only for chomping; the text resumes after them.
    let end = lines.length;
    while (end > 0 && lines[end - 1] === '') end--;
    const body = lines.slice(0, end);
    if (body.length === 0) return chomp === '+' ? lines.map(() => '\n').join('') : '';
    const text = body.join('\n');
    if (chomp === '-') return text;
    if (chomp === '+') return `${text}\n${lines.slice(end).map(() => '\n').join('')}`;
    return `${text}\n`;
  }
}

/** Spaces and tabs before a line's text: a quoted scalar's continuation lines may start with either. */
function leadingBlanks(line: string): number {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 0x20 || line.charCodeAt(i) === 0x09)) i++;
  return i;
}

const DOCUMENT_MARKER = /^(---|\.\.\.)(?=[ \t]|$)/;

function leadingSpaces(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 0x20) i++;
  return i;
}

function mappingKey(content: string): { key: string; rest: string } {
  const plain = plainKey(content);
  if (plain) {
    const key = plain.key;
    if (MAY_NOT_BE_AS_SPELLED.includes(key[0]!) && KEY_NOT_AS_SPELLED.test(key) && !DECIMAL_KEY.test(key)) outside();
    return plain;
  }
  const quoted = DOUBLE_QUOTED_KEY.exec(content) ?? SINGLE_QUOTED_KEY.exec(content);
  if (!quoted || quoted[1] === '__proto__') return outside();
  return { key: quoted[1]!, rest: content.slice(quoted[0].length) };
}

/** First characters of the keys KEY_NOT_AS_SPELLED can match among those plainKey reads. */
const MAY_NOT_BE_AS_SPELLED = '0123456789.nNtTfF_';

/**
 * What PLAIN_KEY matches, found by a scan: a key is read at every mapping line of a document,
 * and the expression's lazy run cost more than the rest of the line's reading.
 * test/formats/block-yaml.test.ts holds the two equal.
 */
export function plainKey(content: string): { key: string; rest: string } | null {
  if (!isKeyStart(content.charCodeAt(0))) return null;
  let end = 1;
  while (end < content.length && !endsKey(content.charCodeAt(end))) end++;
  let colon = end;
  while (content[colon] === ' ' || content[colon] === '\t') colon++;
  if (content[colon] !== ':') return null;
  let rest = colon + 1;
  if (rest < content.length) {
    if (content[rest] !== ' ' && content[rest] !== '\t') return null;
    while (content[rest] === ' ' || content[rest] === '\t') rest++;
  }
  return { key: content.slice(0, end), rest: content.slice(rest) };
}

/** `[A-Za-z0-9_$.]` */
function isKeyStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24 || c === 0x2e;
}

/** `[\s:#'"]`: white space as a regular expression's `\s` reads it, and what ends a plain key. */
function endsKey(c: number): boolean {
  if (c === 0x3a || c === 0x23 || c === 0x27 || c === 0x22 || c === 0x20 || (c >= 0x09 && c <= 0x0d)) return true;
  return c >= 0x80 && /\s/.test(String.fromCharCode(c));
}

/**
 * A scalar or flow collection that starts on its owner's line, with what may follow it (a
 * comment). A plain scalar is given as text (`plain`), since lines below may continue it.
 */
function scalar(rest: string, onString?: FlowStrings): { value: unknown; plain: null } | { value?: undefined; plain: string } {
  const first = rest[0]!;
  if (first === '"' || first === "'") {
    const read = quotedAt(rest, 0);
    endOfLine(rest, read.end);
    return { value: read.value, plain: null };
  }
  if (first === '[' || first === '{') {
    const read = flowAt(rest, 0, onString);
    endOfLine(rest, read.end);
    return { value: read.value, plain: null };
  }
  if ('&*!%@`|>?,]}#'.includes(first) || (first === '-' && (rest[1] === ' ' || rest.length === 1)) || (first === ':' && (rest[1] === ' ' || rest.length === 1))) outside();
  const plain = stripComment(rest);
  if (plain.includes(': ') || plain.endsWith(':')) outside();
  return { plain };
}

/** A plain scalar's value under the core schema (the `yaml` package's default). */
function resolvePlain(plain: string): unknown {
  if (NULL.test(plain)) return null;
  if (BOOLEAN.test(plain)) return plain[0] === 't' || plain[0] === 'T';
  if (OTHER_NUMBER.test(plain)) outside();
  if (INTEGER.test(plain) || FLOAT.test(plain)) return Number(plain);
  return plain;
}

/** Only white space or a comment may follow a node on its line. */
function endOfLine(rest: string, end: number): void {
  const tail = rest.slice(end);
  if (tail.trim() !== '' && !/^[ \t]+#/.test(tail)) outside();
}

/** Told of each scalar of a flow collection: offsets in the text read, and its key or index. */
type FlowStrings = (value: unknown, style: BlockString['style'], start: number, end: number, key: string | number) => void;

/**
 * A flow collection on one line, `[a, "b"]` or `{ key: value }`, of scalars only (nothing nested,
 * no trailing comma, no key without a value).
 */
function flowAt(text: string, start: number, onString?: FlowStrings): { value: unknown; end: number } {
  const open = text[start]!;
  const close = open === '[' ? ']' : '}';
  const items: unknown[] = [];
  const map: Record<string, unknown> = {};
  let i = skipSpaces(text, start + 1);
  if (text[i] === close) return { value: open === '[' ? items : map, end: i + 1 };
  for (;;) {
    if (open === '[') {
      const item = flowScalarAt(text, i, false);
      onString?.(item.value, item.style, i, item.tokenEnd, items.length);
      items.push(item.value);
      i = item.end;
    } else {
      const key = flowScalarAt(text, i, true);
      if (typeof key.value !== 'string' || (!key.quoted && KEY_NOT_AS_SPELLED.test(key.value) && !DECIMAL_KEY.test(key.value)) || key.value === '__proto__' || text[key.end] !== ':') outside();
      const valueAt = skipSpaces(text, key.end + 1);
      const value = flowScalarAt(text, valueAt, false);
      onString?.(value.value, value.style, valueAt, value.tokenEnd, key.value as string);
      map[key.value as string] = value.value;
      i = value.end;
    }
    i = skipSpaces(text, i);
    if (text[i] === close) return { value: open === '[' ? items : map, end: i + 1 };
    if (text[i] !== ',') outside();
    i = skipSpaces(text, i + 1);
    if (text[i] === close || text[i] === ',') outside(); // `[a, ]`, `[a,,b]`
  }
}

/** A scalar inside a flow collection: quoted, or plain up to `,`, `]`, `}` (and `:` for a key). */
function flowScalarAt(text: string, start: number, key: boolean): { value: unknown; end: number; quoted: boolean; style: BlockString['style']; tokenEnd: number } {
  const first = text[start];
  if (first === undefined) return outside();
  if (first === '"' || first === "'") {
    const read = quotedAt(text, start);
    return { value: read.value, end: skipSpaces(text, read.end), quoted: true, style: first === '"' ? 'double-quoted' : 'single-quoted', tokenEnd: read.end };
  }
  // `-` starts a plain scalar when text follows it (`[--port, -1]`); the other indicators never do here.
  if ('&*!%@`|>?,[]{}#:'.includes(first) || (first === '-' && (start + 1 >= text.length || ' \t,[]{}'.includes(text[start + 1]!)))) outside();
  let end = start;
  while (end < text.length && !',[]{}'.includes(text[end]!) && !(text[end] === ':' && (key || text[end + 1] === ' ')) && text[end] !== '#') end++;
  const plain = text.slice(start, end).trimEnd();
  if (plain === '' || /["']/.test(plain)) outside();
  return { value: key ? plain : resolvePlain(plain), end, quoted: false, style: 'plain', tokenEnd: start + plain.length };
}

function skipSpaces(text: string, i: number): number {
  while (text[i] === ' ') i++;
  return i;
}

/** The text before a comment (` #`), trailing white space removed. */
function stripComment(rest: string): string {
  const hash = rest.search(/[ \t]#/);
  return (hash === -1 ? rest : rest.slice(0, hash)).trimEnd();
}

/**
 * Where the quoted scalar opening `rest` closes on its line (the closing quote's index in
 * `rest`), or -1. Escapes in double quotes are refused.
 */
function closingOnLine(rest: string): number {
  const quote = rest[0]!;
  for (let i = 1; i < rest.length; i++) {
    const c = rest[i];
    if (quote === '"' && c === '\\') outside();
    if (c !== quote) continue;
    if (quote === "'" && rest[i + 1] === "'") i++;
    else return i;
  }
  return -1;
}

/** A line's text without the spaces (or tabs) before its break, which YAML's folding drops. */
function withoutTrailingBlanks(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return text.slice(0, end);
}

/** A piece of a quoted scalar's text as it reads: `''` is one quote in single quotes. */
function unquote(piece: string, quote: string): string {
  if (quote === '"' && piece.includes('\\')) outside();
  return quote === "'" ? piece.replaceAll("''", "'") : piece;
}

/** A quoted scalar that closes on its line, without escapes (`''` in single quotes excepted). */
function quotedAt(text: string, start: number): { value: string; end: number } {
  const quote = text[start]!;
  let value = '';
  let i = start + 1;
  for (;;) {
    const close = text.indexOf(quote, i);
    if (close === -1) return outside(); // continues on the next line
    value += text.slice(i, close);
    if (quote === "'" && text[close + 1] === "'") {
      value += "'";
      i = close + 2;
      continue;
    }
    if (quote === '"' && value.includes('\\')) outside();
    return { value, end: close + 1 };
  }
}
