/**
 * Proof that a planned edit changed only a network's `cniVersion`: the edited JSON parses as well
 * as the original did, has the planned version, equals the original once `cniVersion` is set
 * aside, and adds no strictness problem or placeholder. Used on whole files and on JSON decoded
 * from a manifest's string.
 */
import { isDeepStrictEqual } from 'node:util';
import type { VersionDecision } from '../types.js';
import { parseJsonTree, valueOf } from './network.js';
import { prepareJson } from './prepare.js';

export function verifyNetworkJson(before: string, after: string, decision: VersionDecision): string | null {
  if (decision.action !== 'insert' && decision.action !== 'rewrite') return 'no edit was planned';
  const b = prepareJson(before);
  const a = prepareJson(after);
  const treeB = parseJsonTree(b.masked);
  const treeA = parseJsonTree(a.masked);
  if (treeA.errors.length !== treeB.errors.length || !treeA.root || !treeB.root) return 'the result no longer parses';
  const valueB = valueOf(treeB.root) as Record<string, unknown>;
  const valueA = valueOf(treeA.root) as Record<string, unknown>;
  if (valueA.cniVersion !== decision.version) return `the result has cniVersion ${JSON.stringify(valueA.cniVersion)}, not ${decision.version}`;
  const { cniVersion: _b, ...restB } = valueB;
  const { cniVersion: _a, ...restA } = valueA;
  if (!isDeepStrictEqual(restA, restB)) return 'the result differs in more than cniVersion';
  if (Object.keys(valueA)[0] !== 'cniVersion' && decision.action === 'insert') return 'the inserted cniVersion is not the first member';
  if (a.strictness.length !== b.strictness.length) return 'the edit changed what a strict JSON parser accepts';
  if (a.placeholders.map((p) => p.token).join() !== b.placeholders.map((p) => p.token).join()) return 'the edit changed a placeholder';
  return null;
}
