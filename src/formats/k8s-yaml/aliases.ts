/**
 * YAML aliases that do not resolve, found where they are: yaml's toJS only says `Unresolved alias`,
 * with no position and no hint of why (an anchor set later, one set in another document, none).
 */
import type { Document } from 'yaml';
import { isAlias, visit } from '../yaml-lib.js';

export interface UnresolvedAlias {
  /** The anchor name the alias uses (`nope` for `*nope`). */
  readonly name: string;
  /** Offset of the alias in the text the document was parsed from. */
  readonly offset: number;
  /** Offset of an anchor of that name set after the alias in the same document, or null. */
  readonly later: number | null;
}

/** The first alias of `doc` whose anchor is not set before it (in document order, keys included); null if none. */
export function unresolvedAlias(doc: Document.Parsed): UnresolvedAlias | null {
  const set = new Set<string>();
  let found: { name: string; offset: number } | null = null;
  let later: number | null = null;
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        if (!found && !set.has(node.source)) found = { name: node.source, offset: node.range?.[0] ?? 0 };
        return;
      }
      const anchor = node.anchor;
      if (!anchor) return;
      if (!found) set.add(anchor);
      else if (anchor === found.name) {
        later = node.range?.[0] ?? 0;
        return visit.BREAK;
      }
    },
  });
  return found ? { ...(found as { name: string; offset: number }), later } : null;
}

/** The offsets of the anchors named `name` in `doc` (in the text it was parsed from). */
export function anchorsNamed(doc: Document.Parsed, name: string): number[] {
  const out: number[] = [];
  visit(doc, {
    Node(_key, node) {
      if (!isAlias(node) && node.anchor === name) out.push(node.range?.[0] ?? 0);
    },
  });
  return out;
}
