/**
 * Shared checks for planned edits: the bytes outside the single edit are the input's, the result
 * differs from the input only in the top-level cniVersion, and planning the result again changes
 * nothing.
 */
import { parse, type ParseError } from 'jsonc-parser';
import { expect } from 'vitest';
import { prepareJson } from '../../src/json/prepare.js';
import { planFile, type FilePlan, type PlanOptions } from '../../src/plan.js';

/** Parses JSON as the tool reads it (placeholders masked, comments and trailing commas allowed). */
export function parseLoose(text: string): { value: unknown; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const value = parse(prepareJson(text).masked, errors, { allowTrailingComma: true, disallowComments: false });
  return { value, errors };
}

/** Asserts what every applied plan must satisfy, and returns the plan's one edit. */
export function expectSafeEdit(plan: FilePlan, options: PlanOptions = {}): void {
  expect(plan.fatal).toBe(false);
  expect(plan.diagnostics.map((d) => d.code)).not.toContain('INTERNAL_VERIFY_FAILED');
  expect(plan.edits).toHaveLength(1);
  const edit = plan.edits[0]!;
  const { before, after } = plan;
  expect(plan.changed).toBe(true);

  // Bytes outside the edit region are unchanged.
  expect(after.slice(0, edit.offset)).toBe(before.slice(0, edit.offset));
  expect(after.slice(edit.offset + edit.content.length)).toBe(before.slice(edit.offset + edit.length));
  expect(after.length).toBe(before.length - edit.length + edit.content.length);
  expect(after.slice(edit.offset, edit.offset + edit.content.length)).toBe(edit.content);

  // Only the top-level cniVersion differs semantically.
  const b = parseLoose(before);
  const a = parseLoose(after);
  expect(a.errors).toHaveLength(b.errors.length);
  const { cniVersion: newVersion, ...restA } = a.value as Record<string, unknown>;
  const { cniVersion: _old, ...restB } = b.value as Record<string, unknown>;
  expect(restA).toStrictEqual(restB);
  const decision = plan.networks[0]!.decision;
  expect(decision.action === 'insert' || decision.action === 'rewrite').toBe(true);
  if (decision.action === 'insert' || decision.action === 'rewrite') expect(newVersion).toBe(decision.version);

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
