/**
 * Shared checks for planned edits: the bytes outside the single edit are the input's, the result
 * differs from the input only in the top-level cniVersion, and planning the result again changes
 * nothing.
 */
import { parse, type ParseError } from 'jsonc-parser';
import { expect } from 'vitest';
import { prepareJson } from '../../src/network/prepare.js';
import { planFile, type FilePlan, type PlanOptions } from '../../src/core/plan.js';

/** Parses JSON as the tool reads it (placeholders masked, comments and trailing commas allowed). */
export function parseLoose(text: string): { value: unknown; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const value = parse(prepareJson(text).masked, errors, { allowTrailingComma: true, disallowComments: false });
  return { value, errors };
}

/**
 * Asserts what every applied plan must satisfy: bytes outside the edits unchanged, only the
 * planned networks' cniVersion differs (the top level's, and Multus delegates' at `delegates.N`).
 */
export function expectSafeEdit(plan: FilePlan, options: PlanOptions = {}): void {
  expect(plan.fatal).toBe(false);
  expect(plan.diagnostics.map((d) => d.code)).not.toContain('INTERNAL_VERIFY_FAILED');
  expect(plan.edits.length).toBeGreaterThan(0);
  const { before, after } = plan;
  expect(plan.changed).toBe(true);

  // Bytes outside the edit regions are unchanged.
  let from = 0;
  let shift = 0;
  for (const edit of plan.edits) {
    expect(after.slice(from + shift, edit.offset + shift)).toBe(before.slice(from, edit.offset));
    expect(after.slice(edit.offset + shift, edit.offset + shift + edit.content.length)).toBe(edit.content);
    shift += edit.content.length - edit.length;
    from = edit.offset + edit.length;
  }
  expect(after.slice(from + shift)).toBe(before.slice(from));

  // Only the planned networks' cniVersion differs semantically.
  const b = parseLoose(before);
  const a = parseLoose(after);
  expect(a.errors).toHaveLength(b.errors.length);
  const at = (value: unknown, location: string | undefined): Record<string, unknown> => {
    let node = value as Record<string, unknown>;
    for (const key of location ? location.split('.') : []) node = node[key] as Record<string, unknown>;
    return node;
  };
  for (const n of plan.networks) {
    const objA = at(a.value, n.location);
    const objB = at(b.value, n.location);
    if (n.decision.action === 'insert' || n.decision.action === 'rewrite') expect(objA.cniVersion).toBe(n.decision.version);
    else expect(objA.cniVersion).toBe(objB.cniVersion);
    delete objA.cniVersion;
    delete objB.cniVersion;
  }
  expect(a.value).toStrictEqual(b.value);
  expect(plan.networks.some((n) => n.decision.action === 'insert' || n.decision.action === 'rewrite')).toBe(true);

  // Idempotent: planning the output again yields no edit.
  const again = planFile({ path: plan.path, text: after }, options);
  expect(again.edits).toEqual([]);
  expect(again.changed).toBe(false);
  expect(again.after).toBe(after);
}

/** Plans a file and, when it changes, checks the edit with expectSafeEdit. */
export function planChecked(path: string, text: string, options: PlanOptions = {}): FilePlan {
  const plan = planFile({ path, text }, options);
  if (plan.edits.length > 0) expectSafeEdit(plan, options);
  else expect(plan.after).toBe(text);
  return plan;
}

export function codes(plan: Pick<FilePlan, 'diagnostics'>): string[] {
  return plan.diagnostics.map((d) => d.code);
}

/** What differs between two lines once their common prefix and suffix are set aside. */
export function middles(a: string, b: string): [string, string] {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let q = 0;
  while (q < a.length - p && q < b.length - p && a[a.length - 1 - q] === b[b.length - 1 - q]) q++;
  return [a.slice(p, a.length - q), b.slice(p, b.length - q)];
}
