/**
 * A unified diff in git's form (`diff --git a/P b/P`), so `git apply` and `patch -p1` accept it.
 * Line endings stay part of each line, so CRLF files diff and apply byte for byte.
 */
import { structuredPatch } from 'diff';

export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const patch = structuredPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 });
  const a = quotePath(`a/${path}`);
  const b = quotePath(`b/${path}`);
  let out = `diff --git ${a} ${b}\n--- ${a}${fileLineEnd(a)}\n+++ ${b}${fileLineEnd(b)}\n`;
  for (const h of patch.hunks) {
    out += `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@\n`;
    out += h.lines.map((l) => `${l}\n`).join('');
  }
  return out;
}

/** git's C-style escapes (quote.c `sq_lookup`); other bytes below 0x20, DEL and every byte from 0x80 are octal. */
const NAMED_ESCAPES: Readonly<Record<number, string>> = { 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x22: '"', 0x5c: '\\' };

/**
 * A path as git writes it in diff headers (quote.c `quote_c_style`, with core.quotePath's default
 * true): unchanged unless a byte of its UTF-8 needs quoting, else in double quotes with C escapes.
 * Unquoted, a newline in a name would end the header and `patch` would patch another file.
 */
export function quotePath(path: string): string {
  let out = '';
  let quoted = false;
  for (const byte of new TextEncoder().encode(path)) {
    const named = NAMED_ESCAPES[byte];
    if (named !== undefined) out += `\\${named}`;
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else {
      out += String.fromCharCode(byte);
      continue;
    }
    quoted = true;
  }
  return quoted ? `"${out}"` : path;
}

/** git ends a `---`/`+++` line whose name holds a space with a tab, so GNU patch reads the whole name (diff.c). */
function fileLineEnd(name: string): string {
  return name.includes(' ') ? '\t' : '';
}

/** git writes a one-line range as just its start. */
function range(start: number, lines: number): string {
  return lines === 1 ? `${start}` : `${start},${lines}`;
}

/** A unified diff in git's colours: headers bold, hunk lines cyan, removals red, additions green. */
export function colorDiff(patch: string): string {
  return patch.replace(/^.*$/gm, (line) => {
    if (line === '') return line;
    if (line.startsWith('diff --git ') || line.startsWith('--- ') || line.startsWith('+++ ')) return `\u001b[1m${line}\u001b[0m`;
    if (line.startsWith('@@')) return `\u001b[36m${line}\u001b[0m`;
    if (line.startsWith('-')) return `\u001b[31m${line}\u001b[0m`;
    if (line.startsWith('+')) return `\u001b[32m${line}\u001b[0m`;
    return line;
  });
}
