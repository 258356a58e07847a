/**
 * Builds the one edit that sets a network's `cniVersion`, touching nothing else:
 * - an existing member: replace only its value token;
 * - a missing member: insert it as the first member of the top-level object, copying the first
 *   member's indentation, line ending and spacing around the colon; a one-line object stays on
 *   one line.
 */
import type { Node } from 'jsonc-parser';
import type { Edit } from '../core/types.js';

export function versionEdit(text: string, root: Node, versionValue: Node | undefined, version: string): Edit {
  const literal = JSON.stringify(version);
  if (versionValue) return { offset: versionValue.offset, length: versionValue.length, content: literal };

  const first = root.children?.[0];
  const firstKey = first?.children?.[0];
  if (!first || !firstKey) throw new RangeError('cannot insert into an empty object');
  const member = `"cniVersion"${memberSeparator(text, first, firstKey)}${literal},`;
  const leading = text.slice(root.offset + 1, first.offset);
  const lastBreak = leading.lastIndexOf('\n');
  if (lastBreak !== -1) {
    // Multi-line: the new member gets the first member's line (its indentation and line ending).
    const eol = leading[lastBreak - 1] === '\r' ? '\r\n' : '\n';
    const indent = asciiSpace(/^[^\S\r\n]*/.exec(leading.slice(lastBreak + 1))![0]);
    return { offset: first.offset, length: 0, content: member + eol + indent };
  }
  const objectText = text.slice(root.offset, root.offset + root.length);
  if (!objectText.includes('\n')) {
    // One line: keep it one line, spaced like the gap after the first member's comma.
    return { offset: first.offset, length: 0, content: member + gapAfterFirstComma(text, root) };
  }
  // The first member shares the brace's line but the rest do not: start the old first member on
  // a line of its own, indented like the second member.
  const second = root.children?.[1];
  const between = second ? text.slice(first.offset + first.length, second.offset) : '';
  const brk = between.lastIndexOf('\n');
  // No second member, or it shares the first one's line too (only a nested value spans lines):
  // continue that line rather than leave the old first member unindented on a line of its own.
  if (brk === -1) return { offset: first.offset, length: 0, content: member + gapAfterFirstComma(text, root) };
  const eol = brk > 0 && between[brk - 1] === '\r' ? '\r\n' : '\n';
  const indent = asciiSpace(/^[^\S\r\n]*/.exec(between.slice(brk + 1))![0]);
  return { offset: first.offset, length: 0, content: member + eol + indent };
}

/** The text between key and value of the first member (`": "`, `":"`, `" : "`), white space only. */
function memberSeparator(text: string, prop: Node, key: Node): string {
  const value = prop.children?.[1];
  const colon = prop.colonOffset;
  if (value === undefined || colon === undefined) return ': ';
  const before = text.slice(key.offset + key.length, colon);
  const after = text.slice(colon + 1, value.offset);
  const ws = /^[^\S\r\n]*$/;
  return ws.test(before) && ws.test(after) ? asciiSpace(`${before}:${after}`) : ': ';
}

function gapAfterFirstComma(text: string, root: Node): string {
  const [first, second] = root.children ?? [];
  if (!first) return ' ';
  if (!second) {
    // A single member: space it like the gap between the brace and that member.
    const leading = text.slice(root.offset + 1, first.offset);
    return /^[^\S\r\n]*$/.test(leading) ? asciiSpace(leading) : ' ';
  }
  const between = text.slice(first.offset + first.length, second.offset);
  const comma = between.indexOf(',');
  const gap = comma === -1 ? ' ' : between.slice(comma + 1);
  return /^[^\S\r\n]*$/.test(gap) ? asciiSpace(gap) : ' ';
}

/**
 * Copied white space with non-ASCII spaces (NBSP indentation) turned into ASCII spaces of the
 * same length: the inserted text must add nothing Go's encoding/json rejects.
 */
function asciiSpace(ws: string): string {
  return ws.replace(/[^\S\t\r\n ]/g, ' ');
}
