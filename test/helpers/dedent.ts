/**
 * Inline file text for tests: strips the template's first (empty) line, its last (indentation
 * only) line and the common ASCII indentation, and ends the text with one newline. Only spaces
 * and tabs count as indentation, so NBSP indentation written as `${NBSP}` survives.
 */
export function dedent(strings: TemplateStringsArray | string, ...values: unknown[]): string {
  const raw =
    typeof strings === 'string' ? strings : strings.reduce((acc, s, i) => acc + String(i > 0 ? values[i - 1] : '') + s, '');
  const lines = raw.split('\n');
  if (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  if (lines.length > 0 && /^[ \t]*$/.test(lines.at(-1)!)) lines.pop();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const strip = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((l) => l.slice(Math.min(strip, /^[ \t]*/.exec(l)![0].length))).join('\n') + '\n';
}

export const NBSP = '\u00a0';

/** The same text with CRLF line endings. */
export function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** The same text without its final newline. */
export function noFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}
