/**
 * Proof that a planned edit changed only a network's `cniVersion` (and, when the plan writes it, its
 * `cniVersions` array): the edited JSON parses as well
 * as the original did, has the planned version, equals the original once `cniVersion` is set
 * aside, and adds no strictness problem or placeholder. Used on whole files and on JSON decoded
 * from a manifest's string.
 */
import { isDeepStrictEqual } from 'node:util';
import type { VersionDecision } from '../core/types.js';
import { valueAt, type ValuePath } from '../core/value-path.js';
import { parseJsonTree, valueOf } from './network.js';
import { prepareJson } from './prepare.js';

/** A network's planned version and where its object is in the JSON (`[]`; `['delegates', 0]` for a Multus delegate). */
export interface VersionChange {
  readonly path: readonly (string | number)[];
  readonly decision: VersionDecision;
  /** The key libcni reads the version from (`CNIVersion` in a .conf counts); `cniVersion` when inserted. */
  readonly key?: string;
  /** The `cniVersions` array the plan writes, when it writes one. */
  readonly cniVersions?: readonly string[];
}

function objectAt(value: unknown, path: ValuePath): Record<string, unknown> | null {
  const node = valueAt(value, path);
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>) : null;
}

export function verifyNetworkJson(before: string, after: string, changes: readonly VersionChange[]): string | null {
  const edited = changes.filter((c) => c.decision.action === 'insert' || c.decision.action === 'rewrite' || c.cniVersions);
  if (edited.length === 0) return 'no edit was planned';
  const b = prepareJson(before);
  const a = prepareJson(after);
  const treeB = parseJsonTree(b.masked);
  const treeA = parseJsonTree(a.masked);
  if (treeA.errors.length !== treeB.errors.length || !treeA.root || !treeB.root) return 'the result no longer parses';
  const valueB = valueOf(treeB.root);
  const valueA = valueOf(treeA.root);
  for (const { path, decision, key = 'cniVersion', cniVersions } of edited) {
    const where = path.length ? ` at ${path.join('.')}` : '';
    const objA = objectAt(valueA, path);
    const objB = objectAt(valueB, path);
    if (!objA || !objB) return `the result has no network${where}`;
    if (decision.action === 'insert' || decision.action === 'rewrite') {
      const version = decision.version;
      if (objA[key] !== version) return `the result has ${key} ${JSON.stringify(objA[key])}${where}, not ${version}`;
      if (decision.action === 'insert' && Object.keys(objA)[0] !== key) return `the inserted ${key}${where} is not the first member`;
      delete objA[key];
      delete objB[key];
    }
    if (cniVersions) {
      // A JSON array of exactly the planned version strings, in a list (libcni reads it nowhere else).
      if (!Array.isArray(objA['plugins'])) return `the result has cniVersions${where} outside a network list`;
      if (!isDeepStrictEqual(objA['cniVersions'], [...cniVersions])) return `the result has cniVersions ${JSON.stringify(objA['cniVersions'])}${where}, not ${JSON.stringify(cniVersions)}`;
      delete objA['cniVersions'];
      delete objB['cniVersions'];
    }
  }
  if (!isDeepStrictEqual(valueA, valueB)) return `the result differs in more than ${edited.some((c) => c.cniVersions) ? 'cniVersion and cniVersions' : 'cniVersion'}`;
  if (a.strictness.length !== b.strictness.length) return 'the edit changed what a strict JSON parser accepts';
  if (a.placeholders.map((p) => p.token).join() !== b.placeholders.map((p) => p.token).join()) return 'the edit changed a placeholder';
  return null;
}
