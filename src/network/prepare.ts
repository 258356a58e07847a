/**
 * One pass over JSON text as upstream ships it, before jsonc-parser sees it. It produces a
 * same-length "masked" copy (so every offset stays valid) and lists what Go's encoding/json
 * would reject:
 * - BOM and non-ASCII white space (NBSP indentation) → replaced by spaces in the copy;
 * - bare template placeholders (`__CNI_MTU__`, `[__DNS_NAME_SERVERS__]`, shell `$2`, netd's
 *   `@mtu`) → replaced by a string literal of the same length where a value stands, so the
 *   structure parses and the token is kept; after a value (netd's `{"dst": "0.0.0.0/0"}@ipv6RouteOptional`,
 *   `}${ROUTE6}`), where rendering adds members or nothing, → white space, as a directive;
 * - template directives outside strings (`{{- if .Values.x }}`, `{% if %}`, Terraform's
 *   `%{ if x }`) → white space, so a template's literal JSON around them can still be read;
 * - comments and trailing commas → left for jsonc-parser, which tolerates them, but recorded.
 * Reference: calico cni-plugin/pkg/install/install.go (unquoted __CNI_MTU__, __VNI__);
 * weave `prog/weave` heredoc (`"hairpinMode": $2`); GKE's netd `cni_spec_template`, filled by
 * its install-cni.sh (`@mtu`, `@ipv4Subnet@ipv6SubnetOptional`, `}@cniCiliumPlugin`).
 */

export type StrictnessProblem =
  | { readonly kind: 'bom'; readonly offset: number; readonly length: number }
  | { readonly kind: 'non-ascii-whitespace'; readonly offset: number; readonly length: number; readonly char: string }
  | { readonly kind: 'comment'; readonly offset: number; readonly length: number }
  | { readonly kind: 'trailing-comma'; readonly offset: number; readonly length: number };

export interface Placeholder {
  readonly offset: number;
  readonly length: number;
  readonly token: string;
}

export interface PreparedJson {
  /** The text as written. */
  readonly text: string;
  /** Same length as the input; safe to hand to jsonc-parser. */
  readonly masked: string;
  readonly strictness: readonly StrictnessProblem[];
  readonly placeholders: readonly Placeholder[];
  /** Go/Helm/Liquid directives (`{{ … }}`, `{% … %}`) outside strings, masked as white space. */
  readonly directives: readonly Placeholder[];
  /**
   * Directives of the template that stood on lines of their own in a manifest's string and so are
   * not in its value (YAML folds such a line away), each at the offset where it stood (length 0).
   */
  readonly folded?: readonly Placeholder[];
}

// Reference: Go encoding/json accepts only space, tab, CR and LF between tokens (RFC 8259 §2).
const UNICODE_SPACE = /[\u000b\u000c\u0085\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/;
/** `%{ if x }`, `%{~ endfor ~}`: a Terraform template's directive. */
const TERRAFORM_DIRECTIVE = /%\{~?[ \t]*(?:if|else|endif|for|endfor)\b[^{}\r\n]*\}/y;
// `<calicoIPAMConfig>`: a documentation's fill-in (aks-engine's calico cleanup doc); `<` is never JSON outside a string.
// `${var.mtu}`, `${jsonencode(local.cni)}`: a Terraform interpolation (a heredoc, a .tftpl); a shell's `${MTU:-1450}`.
const PLACEHOLDER = /__[A-Za-z0-9_]+__|\$\{[^{}\r\n]{1,200}\}|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9]+|<[A-Za-z][A-Za-z0-9_.-]*>|@[A-Za-z_][A-Za-z0-9_]*/y;

/** The placeholder prepareJson masks at `at` outside a string (`__MTU__`, `$2`, `${x}`, `<x>`, `@mtu`), or null. */
export function placeholderAt(text: string, at: number): string | null {
  PLACEHOLDER.lastIndex = at;
  const m = PLACEHOLDER.exec(text);
  return m && m[0].length >= 2 ? m[0] : null;
}

/**
 * `indexOf` for scans that only move forward: each search resumes from the last answer, so many
 * unclosed `{{` in one file cost one pass, not one pass each (linear time on any input).
 */
export function forwardFinder(text: string): (needle: string, from: number) => number {
  const last = new Map<string, number>();
  return (needle, from) => {
    const known = last.get(needle);
    if (known !== undefined && (known === -1 || known >= from)) return known;
    const found = text.indexOf(needle, from);
    last.set(needle, found);
    return found;
  };
}

/** Whether the text holds a Go/Jinja directive's opening (`{{`, `{%`, `{#`) anywhere. */
export function hasDirectives(text: string): boolean {
  return text.includes('{{') || text.includes('{%') || text.includes('{#');
}

/**
 * The delimiter that closes a Go/Jinja directive opening at `i` (`{{ … }}`, `{% … %}`, `{# … #}`);
 * null when none opens there.
 */
export function directiveClosing(text: string, i: number): '}}' | '%}' | '#}' | null {
  if (text[i] !== '{') return null;
  const n = text[i + 1];
  return n === '{' ? '}}' : n === '%' ? '%}' : n === '#' ? '#}' : null;
}

/**
 * Where a directive opening at `i` closes (the offset of its closing delimiter), -1 when it does
 * not: the first closing delimiter outside the directive's own strings. Go reads `{{`{{.PodCIDR}}`}}`
 * (a raw string, which aks-engine writes to leave a template for containerd's own) and
 * `{{ "}}" }}` as one action each. A quote left open on its line is no string. Inside a quoted
 * YAML or JSON string the action's strings are escaped (`url: "{{ tpl .u (dict \"v\" .x) }}"`):
 * such a string closes at the next escaped quote, not at the string around the action.
 */
export function directiveEnd(text: string, i: number, closing: '}}' | '%}' | '#}', find: (needle: string, from: number) => number): number {
  const plain = find(closing, i + 2);
  if (plain === -1 || closing === '#}') return plain;
  let quote = -1;
  for (let j = i + 2; j < plain; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x60 /* ` */ || c === 0x22 /* " */ || c === 0x27 /* ' */) {
      quote = j;
      break;
    }
  }
  if (quote === -1) return plain;
  let j = quote;
  while (j < text.length) {
    const c = text[j]!;
    if (c === '`' || c === '"' || c === "'") {
      const close = text[j - 1] === '\\' ? closingEscapedQuote(text, j) : closingQuote(text, j);
      if (close === -1) return plain;
      j = close + 1;
      continue;
    }
    if (c === closing[0] && text[j + 1] === closing[1]) return j;
    j++;
  }
  return -1;
}

/** The offset of the escaped quote (`\"`) that closes a string opened by one at `at`, on its line; -1 when none. */
function closingEscapedQuote(text: string, at: number): number {
  const q = text[at]!;
  for (let k = at + 1; k < text.length; k++) {
    const c = text[k];
    if (c === '\n') return -1;
    if (c === '\\' && text[k + 1] === q) return k + 1;
    if (c === '\\') k++;
  }
  return -1;
}

/** The offset of the quote that closes the string opening at `at` (a raw string may span lines; the others not), -1 when none. */
function closingQuote(text: string, at: number): number {
  const q = text[at]!;
  if (q === '`') return text.indexOf('`', at + 1);
  for (let k = at + 1; k < text.length; k++) {
    const c = text[k];
    if (c === '\\') k++;
    else if (c === q) return k;
    else if (c === '\n') return -1;
  }
  return -1;
}

/**
 * Whether the character with this code can start something the loop of prepareJson acts on: a
 * string, a directive, a comment, a comma, non-ASCII white space (or \v, \f), a placeholder, a
 * Terraform directive.
 */
function mayStartToken(code: number): boolean {
  switch (code) {
    case 0x22: // "
    case 0x7b: // {
    case 0x2f: // /
    case 0x2c: // ,
    case 0x5f: // _
    case 0x24: // $
    case 0x3c: // <
    case 0x40: // @
    case 0x25: // %
    case 0x0b:
    case 0x0c:
      return true;
    default:
      return code >= 0x85;
  }
}

export function prepareJson(text: string): PreparedJson {
  const next = forwardFinder(text);
  const out: string[] = [];
  const strictness: StrictnessProblem[] = [];
  const placeholders: Placeholder[] = [];
  const directives: Placeholder[] = [];
  let i = 0;
  let copiedTo = 0;
  const replace = (offset: number, length: number, content: string): void => {
    out.push(text.slice(copiedTo, offset), content);
    copiedTo = offset + length;
  };

  while (i < text.length) {
    const code = text.charCodeAt(i);
    // Most characters are none of those below: tell them by code, without a string each.
    if (!mayStartToken(code)) {
      i++;
      continue;
    }
    const ch = text[i]!;
    if (ch === '"') {
      i = endOfString(text, i, next, (offset, length) => {
        // `"{{ .Values.v | default "0.3.1" }}"`: a directive's own quotes are not the string's.
        const inner = text.slice(offset, offset + length);
        if (/["\\\r\n]/.test(inner)) replace(offset, length, inner.replace(/["\\]/g, '_').replace(/[\r\n]/g, ' '));
      });
      continue;
    }
    const closing = directiveClosing(text, i);
    if (closing) {
      const end = directiveEnd(text, i, closing, next);
      if (end !== -1) {
        const length = end + 2 - i;
        directives.push({ offset: i, length, token: text.slice(i, i + length) });
        replace(i, length, text.slice(i, i + length).replace(/[^\r\n]/g, ' '));
        i += length;
        continue;
      }
    }
    if (ch === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      const end = endOfComment(text, i);
      strictness.push({ kind: 'comment', offset: i, length: end - i });
      i = end;
      continue;
    }
    if (ch === ',') {
      const next = skipTrivia(text, i + 1);
      if (text[next] === '}' || text[next] === ']') strictness.push({ kind: 'trailing-comma', offset: i, length: 1 });
      i++;
      continue;
    }
    if (UNICODE_SPACE.test(ch)) {
      if (ch === '\ufeff' && i === 0) strictness.push({ kind: 'bom', offset: 0, length: 1 });
      else strictness.push({ kind: 'non-ascii-whitespace', offset: i, length: 1, char: ch });
      replace(i, 1, ' ');
      i++;
      continue;
    }
    // `%{ if x }`, `%{~ endfor ~}`: a Terraform template's directive (a heredoc, a .tftpl).
    if (ch === '%' && text[i + 1] === '{') {
      TERRAFORM_DIRECTIVE.lastIndex = i;
      const m = TERRAFORM_DIRECTIVE.exec(text);
      if (m) {
        directives.push({ offset: i, length: m[0].length, token: m[0] });
        replace(i, m[0].length, ' '.repeat(m[0].length));
        i += m[0].length;
        continue;
      }
    }
    if (ch === '_' || ch === '$' || ch === '<' || ch === '@') {
      const token = placeholderAt(text, i);
      if (token !== null) {
        if (standsForValue(text, i)) {
          placeholders.push({ offset: i, length: token.length, token });
          replace(i, token.length, `"${'_'.repeat(token.length - 2)}"`);
        } else {
          directives.push({ offset: i, length: token.length, token });
          replace(i, token.length, ' '.repeat(token.length));
        }
        i += token.length;
        continue;
      }
    }
    i++;
  }
  out.push(text.slice(copiedTo));
  return { text, masked: out.join(''), strictness: mergeRuns(strictness), placeholders, directives };
}

/**
 * Offset just past the closing quote (or the end of the line/text for an unterminated string).
 * A template directive inside the string (`{{ … }}`, `{% … %}`) is passed to `directive` and
 * skipped whole, since its own quotes do not end the string.
 */
function endOfString(text: string, start: number, next: (needle: string, from: number) => number, directive: (offset: number, length: number) => void): number {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code !== 0x7b /* { */ && code !== 0x5c /* \ */ && code !== 0x22 /* " */ && code !== 0x0a) {
      i++;
      continue;
    }
    const c = text[i];
    const closing = directiveClosing(text, i);
    // A Jinja comment (`{#`) is text inside a string; only expressions and statements are directives there.
    if (closing && closing !== '#}') {
      const end = directiveEnd(text, i, closing, next);
      const newline = next('\n', i);
      if (end !== -1 && (newline === -1 || newline > end)) {
        directive(i, end + 2 - i);
        i = end + 2;
        continue;
      }
    }
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if (c === '\n') return i;
    else i++;
  }
  return text.length;
}

/** Whether a placeholder at `at` stands where a value does: first, or after `:`, `[` or `,`. */
function standsForValue(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && (text[k] === ' ' || text[k] === '\t' || text[k] === '\r' || text[k] === '\n')) k--;
  return k < 0 || text[k] === ':' || text[k] === '[' || text[k] === ',';
}

function endOfComment(text: string, start: number): number {
  if (text[start + 1] === '/') {
    const nl = text.indexOf('\n', start);
    return nl === -1 ? text.length : nl;
  }
  const close = text.indexOf('*/', start + 2);
  return close === -1 ? text.length : close + 2;
}

function skipTrivia(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || UNICODE_SPACE.test(c)) i++;
    else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) i = endOfComment(text, i);
    else break;
  }
  return i;
}

/** Adjacent non-ASCII white space (a run of NBSP indentation) is one problem, not one per character. */
function mergeRuns(problems: StrictnessProblem[]): StrictnessProblem[] {
  const merged: StrictnessProblem[] = [];
  for (const p of problems) {
    const last = merged.at(-1);
    if (
      last &&
      last.kind === 'non-ascii-whitespace' &&
      p.kind === 'non-ascii-whitespace' &&
      last.char === p.char &&
      last.offset + last.length === p.offset
    ) {
      merged[merged.length - 1] = { ...last, length: last.length + p.length };
    } else {
      merged.push(p);
    }
  }
  return merged;
}
