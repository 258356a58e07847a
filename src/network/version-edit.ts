/**
 * Builds the edit that sets a network's `cniVersion`, touching nothing else:
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
  return insertFirstMember(text, root, 'cniVersion', literal);
}

/**
 * The edit that writes a list's spec 1.1.0 `cniVersions` array, touching nothing else:
 * - an existing member: replace only its value, laid out as that array was (one line, or one
 *   entry per line with its indentation);
 * - a missing member: insert it right after `cniVersion`, on a line of its own indented like the
 *   members around it (or on the same line in a one-line object). `versionEdit` is the edit of the
 *   same plan to `cniVersion`, if any: when it inserts the member, both are inserted together.
 * Returns the edits to apply instead of `versionEdit` (which they include).
 */
export function cniVersionsEdits(
  text: string,
  root: Node,
  versionMember: Node | undefined,
  cniVersionsMember: Node | undefined,
  versions: readonly string[],
  versionEdit: Edit | null,
): Edit[] {
  const own = versionEdit ? [versionEdit] : [];
  const existing = cniVersionsMember?.children?.[1];
  if (existing) return joinAdjacent([...own, { offset: existing.offset, length: existing.length, content: arrayLiteral(text, existing, versions, root) }]);
  const literal = arrayLiteral(text, undefined, versions, root);
  const versionValue = versionMember?.children?.[1];
  if (!versionMember || !versionValue) {
    // cniVersion is inserted as the first member: cniVersions follows it on the same footing.
    const inserted = insertFirstMember(text, root, 'cniVersions', literal);
    if (!versionEdit || versionEdit.offset !== inserted.offset || versionEdit.length !== 0) throw new RangeError('cniVersions needs cniVersion beside it');
    return [{ ...versionEdit, content: versionEdit.content + inserted.content }];
  }
  const members = root.children ?? [];
  const at = members.indexOf(versionMember);
  const key = versionMember.children?.[0];
  if (at === -1 || !key) throw new RangeError('cniVersion is not a member of the object');
  const member = `"cniVersions"${memberSeparator(text, versionMember, key)}${literal}`;
  const next = members[at + 1];
  const end = versionMember.offset + versionMember.length;
  if (next) {
    // Before the next member, on a line like its own.
    return joinAdjacent([...own, { offset: next.offset, length: 0, content: `${member},${lineGap(text.slice(end, next.offset), ' ')}` }]);
  }
  // cniVersion is the last member: continue after it, spaced as it is from the member before it.
  const previous = members[at - 1];
  const gap = previous ? lineGap(text.slice(previous.offset + previous.length, versionMember.offset), ' ') : ' ';
  return joinAdjacent([...own, { offset: end, length: 0, content: `,${gap}${member}` }]);
}

/** What separates two members: the break and indentation before the second, else the spaces after the comma. */
function lineGap(between: string, fallback: string): string {
  const brk = between.lastIndexOf('\n');
  if (brk !== -1) {
    const eol = between[brk - 1] === '\r' ? '\r\n' : '\n';
    return eol + asciiSpace(/^[^\S\r\n]*/.exec(between.slice(brk + 1))![0]);
  }
  const comma = between.indexOf(',');
  const gap = comma === -1 ? '' : between.slice(comma + 1);
  return /^[^\S\r\n]*$/.test(gap) ? asciiSpace(gap) : fallback;
}

/**
 * The array as JSON text. Replacing one laid out an entry per line keeps that layout; anything
 * else is one line, with `", "` between entries unless the object is written without spaces.
 */
function arrayLiteral(text: string, existing: Node | undefined, versions: readonly string[], root: Node): string {
  const items = versions.map((v) => JSON.stringify(v));
  const entries = existing?.type === 'array' ? (existing.children ?? []) : [];
  const first = entries[0];
  const last = entries.at(-1);
  if (existing && first && last) {
    const lead = text.slice(existing.offset + 1, first.offset);
    const tail = text.slice(last.offset + last.length, existing.offset + existing.length - 1);
    const second = entries[1];
    const sep = second ? text.slice(first.offset + first.length, second.offset) : `,${lead}`;
    const ws = /^[^\S]*$/;
    if (lead.includes('\n') && ws.test(lead) && ws.test(tail) && /^[^\S]*,[^\S]*$/.test(sep)) return `[${asciiSpace(lead)}${items.join(asciiSpace(sep))}${asciiSpace(tail)}]`;
  }
  const [m] = root.children ?? [];
  const key = m?.children?.[0];
  const compact = m && key ? memberSeparator(text, m, key) === ':' : false;
  return `[${items.join(compact ? ',' : ', ')}]`;
}

/** Edits that touch end to start become one, so a string's encoding maps them as a single span. */
function joinAdjacent(edits: Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of [...edits].sort((a, b) => a.offset - b.offset)) {
    const prev = out.at(-1);
    if (prev && prev.offset + prev.length === e.offset) out[out.length - 1] = { offset: prev.offset, length: prev.length + e.length, content: prev.content + e.content };
    else out.push(e);
  }
  return out;
}

/** Inserts `"key": literal,` as the first member of the object, laid out like the member it precedes. */
function insertFirstMember(text: string, root: Node, name: string, literal: string): Edit {
  const first = root.children?.[0];
  const firstKey = first?.children?.[0];
  if (!first || !firstKey) throw new RangeError('cannot insert into an empty object');
  const member = `${JSON.stringify(name)}${memberSeparator(text, first, firstKey)}${literal},`;
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
