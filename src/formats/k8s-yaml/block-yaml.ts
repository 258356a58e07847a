/**
 * A reader for the plain block style Kubernetes manifests are written in: mappings and
 * sequences by indentation, plain scalars (folded over lines as YAML folds them), one-line quoted
 * scalars and flow collections of scalars, comments, literal block scalars. It gives the plain JS
 * value the `yaml` package's `toJS()` gives for such a document, more than ten times faster, and
 * gives up (null) on anything else: anchors, aliases, tags, nested or multi-line flow collections,
 * folded blocks, quoted scalars over several lines, escapes, tabs in indentation, odd keys.
 *
 * It reads the documents of a CNI manifest that are read only for their images (a DaemonSet beside
 * the ConfigMap): most of a scan's YAML parsing before it existed. Whatever it gives up on goes
 * to the parser, and test/formats/block-yaml.test.ts holds it equal to the parser on every
 * document of every fixture it reads.
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
}

/** `key:` at the start of a line's content: plain keys as manifests write them, or simply quoted. */
const PLAIN_KEY = /^([A-Za-z0-9_$.][^\s:#'"]*?)[ \t]*:(?:[ \t]+|$)/;
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

/** `|`, `|-`, `|+` (and `>` forms, refused), with an optional comment. */
const BLOCK_HEADER = /^([|>])([-+]?)(?:[ \t]+#.*)?$/;

/** The document's value, or null when the text is outside the subset. */
export function readBlockYaml(text: string): { readonly value: unknown } | null {
  try {
    return { value: new BlockReader(text).document() };
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

  constructor(text: string) {
    this.raw = text.split('\n');
    for (let i = 0; i < this.raw.length; i++) if (this.raw[i]!.endsWith('\r')) this.raw[i] = this.raw[i]!.slice(0, -1);
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

  /** The next line that is neither blank nor a comment, not consumed. */
  private peek(): Line | null {
    if (this.pending) return this.pending;
    for (; this.at < this.raw.length; this.at++) {
      const line = this.raw[this.at]!;
      const indent = leadingSpaces(line);
      const rest = line.slice(indent);
      const visible = rest.trimStart();
      if (visible === '' || visible.startsWith('#')) continue; // blank or a comment
      if (rest.startsWith('\t')) outside(); // tabs in indentation
      if (indent === 0 && (rest.startsWith('---') || rest.startsWith('...') || rest.startsWith('%'))) outside();
      return { indent, content: rest };
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
      out[key] = this.value(rest, indent, true);
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
      if (PLAIN_KEY.test(rest) || DOUBLE_QUOTED_KEY.test(rest) || SINGLE_QUOTED_KEY.test(rest)) {
        // `- name: x`: a mapping that starts on the item's line, at the column after `- `.
        this.pending = { indent: column, content: rest };
        out.push(this.mapping(column));
      } else out.push(this.value(rest, indent, false));
    }
    return out;
  }

  /** What follows `key:` or `- ` on its line (`rest`), or below it when nothing does. */
  private value(rest: string, ownerIndent: number, ofKey: boolean): unknown {
    if (rest === '' || rest.startsWith('#')) return this.nested(ownerIndent, ofKey);
    const block = BLOCK_HEADER.exec(rest);
    if (block) {
      if (block[1] === '>') outside(); // folded: lines are rewrapped
      return this.literal(ownerIndent, block[2]!);
    }
    const read = scalar(rest);
    return read.plain === null ? read.value : this.plainLines(read.plain, ownerIndent);
  }

  /**
   * A plain scalar with the lines that continue it (more indented than its owner), folded as
   * YAML folds them: a line break is a space, each empty line a newline.
   */
  private plainLines(first: string, ownerIndent: number): unknown {
    let text = first;
    let breaks = 0;
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
    }
    return resolvePlain(text);
  }

  /** A node on the lines below, more indented than its owner (a key's sequence may sit at the key's own indentation). */
  private nested(ownerIndent: number, ofKey: boolean): unknown {
    const line = this.peek();
    if (!line) return null;
    const item = this.isSequenceItem(line.content);
    if (line.indent > ownerIndent) return item ? this.sequence(line.indent) : this.mapping(line.indent);
    if (ofKey && item && line.indent === ownerIndent) return this.sequence(line.indent);
    return null;
  }

  /** A literal block scalar's lines, as YAML keeps them: indentation removed, chomped as `chomp` says. */
  private literal(ownerIndent: number, chomp: string): string {
    const lines: string[] = [];
    let contentIndent = -1;
    for (; this.at < this.raw.length; this.at++) {
      const line = this.raw[this.at]!;
      const indent = leadingSpaces(line);
      if (indent === line.length) {
        if (contentIndent !== -1 && indent > contentIndent) outside(); // white space kept as content
        if (contentIndent === -1 && indent > ownerIndent + 1) outside(); // leading blank lines set the indentation
        lines.push('');
        continue;
      }
      if (line[indent] === '\t' && (contentIndent === -1 || indent < contentIndent)) outside();
      if (contentIndent === -1) {
        if (indent <= ownerIndent) break;
        contentIndent = indent;
      }
      if (indent < contentIndent) {
        if (indent > ownerIndent) outside(); // less than the block, more than its owner: an error
        break;
      }
      lines.push(line.slice(contentIndent));
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

function leadingSpaces(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 0x20) i++;
  return i;
}

function mappingKey(content: string): { key: string; rest: string } {
  const plain = PLAIN_KEY.exec(content);
  if (plain) {
    const key = plain[1]!;
    if (KEY_NOT_AS_SPELLED.test(key) && !DECIMAL_KEY.test(key)) outside();
    return { key, rest: content.slice(plain[0].length) };
  }
  const quoted = DOUBLE_QUOTED_KEY.exec(content) ?? SINGLE_QUOTED_KEY.exec(content);
  if (!quoted || quoted[1] === '__proto__') return outside();
  return { key: quoted[1]!, rest: content.slice(quoted[0].length) };
}

/**
 * A scalar or flow collection that starts on its owner's line, with what may follow it (a
 * comment). A plain scalar is given as text (`plain`), since lines below may continue it.
 */
function scalar(rest: string): { value: unknown; plain: null } | { value?: undefined; plain: string } {
  const first = rest[0]!;
  if (first === '"' || first === "'") {
    const read = quotedAt(rest, 0);
    endOfLine(rest, read.end);
    return { value: read.value, plain: null };
  }
  if (first === '[' || first === '{') {
    const read = flowAt(rest, 0);
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

/**
 * A flow collection on one line, `[a, "b"]` or `{ key: value }`, of scalars only (nothing nested,
 * no trailing comma, no key without a value).
 */
function flowAt(text: string, start: number): { value: unknown; end: number } {
  const open = text[start]!;
  const close = open === '[' ? ']' : '}';
  const items: unknown[] = [];
  const map: Record<string, unknown> = {};
  let i = skipSpaces(text, start + 1);
  if (text[i] === close) return { value: open === '[' ? items : map, end: i + 1 };
  for (;;) {
    if (open === '[') {
      const item = flowScalarAt(text, i, false);
      items.push(item.value);
      i = item.end;
    } else {
      const key = flowScalarAt(text, i, true);
      if (typeof key.value !== 'string' || (!key.quoted && KEY_NOT_AS_SPELLED.test(key.value) && !DECIMAL_KEY.test(key.value)) || key.value === '__proto__' || text[key.end] !== ':') outside();
      const value = flowScalarAt(text, skipSpaces(text, key.end + 1), false);
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
function flowScalarAt(text: string, start: number, key: boolean): { value: unknown; end: number; quoted: boolean } {
  const first = text[start];
  if (first === undefined) return outside();
  if (first === '"' || first === "'") {
    const read = quotedAt(text, start);
    return { ...read, end: skipSpaces(text, read.end), quoted: true };
  }
  if ('&*!%@`|>?,[]{}#:-'.includes(first)) outside();
  let end = start;
  while (end < text.length && !',[]{}'.includes(text[end]!) && !(text[end] === ':' && (key || text[end + 1] === ' ')) && text[end] !== '#') end++;
  const plain = text.slice(start, end).trimEnd();
  if (plain === '' || /["']/.test(plain)) outside();
  return { value: key ? plain : resolvePlain(plain), end, quoted: false };
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
