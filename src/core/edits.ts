/**
 * Applying edits is shared by every format: formats differ only in how they find offsets.
 * Rules (as jsonc-parser's): offsets refer to the original text; edits never overlap; they are
 * applied in offset order. Breaking a rule is a programming error, so it throws.
 */
import type { Edit, LineColumn } from './types.js';
import { lineAt } from './line-starts.js';

export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.offset < at || e.length < 0 || e.offset + e.length > text.length) {
      throw new RangeError(`edit at ${e.offset}+${e.length} overlaps another edit or leaves the text`);
    }
    out += text.slice(at, e.offset) + e.content;
    at = e.offset + e.length;
  }
  return out + text.slice(at);
}

/** Where an offset of the original text lies once the edits are applied; one inside an edit, where its new text starts. */
export function offsetAfterEdits(edits: readonly Edit[], offset: number): number {
  let delta = 0;
  for (const e of [...edits].sort((a, b) => a.offset - b.offset)) {
    if (e.offset + e.length <= offset) delta += e.content.length - e.length;
    else if (e.offset <= offset) return e.offset + delta;
    else break;
  }
  return offset + delta;
}

/** 1-based line and column (in UTF-16 units) of an offset; CRLF counts as one line break. */
export function lineColumnAt(text: string, offset: number): LineColumn {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * `lineColumnAt` for many offsets of one text: line starts are found once, and only as far as the
 * largest offset asked for, so positioning the findings near the top of a large manifest (where
 * its CNI config is) does not cost its whole length.
 */
export function lineLocator(text: string): (offset: number) => LineColumn {
  const starts = [0];
  // Every line break before `scanned` has its line start in `starts`.
  let scanned = 0;
  return (offset) => {
    const end = Math.min(offset, text.length);
    while (scanned < end) {
      const lineBreak = text.indexOf('\n', scanned);
      if (lineBreak === -1 || lineBreak >= end) {
        scanned = lineBreak === -1 ? text.length : end;
        break;
      }
      starts.push(lineBreak + 1);
      scanned = lineBreak + 1;
    }
    // The last line start at or before `end` (a break at `end` itself starts the next line only past it).
    const line = lineAt(starts, end);
    return { line: line + 1, column: end - starts[line]! + 1 };
  };
}
