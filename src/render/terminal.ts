/**
 * Untrusted text (file names, plugin types, network names, quoted input) made safe to print for
 * people. A terminal acts on control characters instead of showing them: ESC starts sequences that
 * retitle the window, clear the screen or recolour what follows, CR and LF let a file name forge a
 * line of the report. Every renderer of human-readable text passes such strings through here.
 * JSON and SARIF keep the real values (their encoding escapes C0 itself).
 */

/**
 * C0 (tab, CR and LF too), DEL, C1 (U+009B is an 8-bit CSI), the Unicode line and paragraph
 * separators, and the bidirectional embeddings, overrides and isolates that reorder a shown line.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** As CONTROL, but for a format that encodes CR and LF itself (GitHub workflow commands), which also keeps tabs. */
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** JSON's escapes for control characters (`\n`, `\u001b`), over the wider set above; quotes and backslashes stay as they are. */
const escape = (c: string): string => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `s` with every control character written as an escape: one line, inert in a terminal. */
export function printable(s: string): string {
  return s.replace(CONTROL, escape);
}

/** As `printable`, keeping CR, LF and tab for a format that has its own encoding of line breaks. */
export function printableKeepingLineBreaks(s: string): string {
  return s.replace(CONTROL_BUT_LINE_BREAKS, escape);
}
