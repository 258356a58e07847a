/**
 * Property-based tests (fast-check) of the planner on generated CNI configs, plain and embedded
 * in YAML and JSON ConfigMaps, under random but valid layouts and random options.
 *
 * For every generated case whose plan is not fatal:
 *  P1 planFile never throws; a changed output reads back as the same format, not fatal;
 *  P2 the only semantic change is the top-level cniVersion (of each embedded config);
 *  P3 every byte outside the edit spans is the input's; edits are sorted, non-overlapping, and
 *     the output is the input with the edits applied;
 *  P4 planning the output again gives no edits (idempotence);
 *  P5 the diff applies with the `diff` library's applyPatch and yields the output;
 *  P6 INTERNAL_VERIFY_FAILED never appears.
 *
 * Reproduce a failure with the seed fast-check prints: `FC_SEED=<seed> npx vitest run test/reliability/properties.test.ts`
 * (add FC_PATH=<path> to replay just the shrunk counterexample; FC_RUNS=<n> changes the runs per family).
 * Default runs: 5500 + 2000 + 3000 = 10,500 cases, about 30 s on two cores.
 */
import { applyPatch } from 'diff';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { planFile, type FilePlan, type PlanOptions } from '../../src/core/plan.js';
import { unifiedDiff } from '../../src/render/diff.js';
import { changedStrings, decodedJson, yamlData, yamlStyles } from '../formats/check.js';
import { expectSafeEdit, parseLoose } from '../helpers/verify.js';
import { jsonCaseArb, k8sJsonCaseArb, plain, yamlCaseArb, type EmbeddedCase, type JsonCase } from './arbitraries.js';

const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const RUNS = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : undefined;
const PATH = process.env.FC_PATH;
const params = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns: RUNS ?? numRuns,
  ...(SEED !== undefined ? { seed: SEED } : {}),
  ...(PATH !== undefined ? { path: PATH } : {}),
});

const stats: Record<string, { runs: number; changed: number; fatal: number; edits: number }> = {};
const count = (family: string, p: FilePlan): void => {
  const s = (stats[family] ??= { runs: 0, changed: 0, fatal: 0, edits: 0 });
  s.runs++;
  if (p.fatal) s.fatal++;
  if (p.changed) s.changed++;
  s.edits += p.edits.length;
};
afterAll(() => {
  console.log('property cases:', JSON.stringify(stats));
});

/** P1 (no throw), P3, P4, P5, P6 — shared by every family. */
function checkCommon(path: string, text: string, options: PlanOptions): FilePlan {
  const p = planFile({ path, text }, options); // P1: a throw fails the property
  expect(p.before).toBe(text);
  expect(p.diagnostics.map((d) => d.code)).not.toContain('INTERNAL_VERIFY_FAILED'); // P6
  if (p.fatal) return p;

  // P3: sorted, non-overlapping edits; bytes outside them untouched; output = edits applied.
  let at = 0;
  let composed = '';
  for (const e of p.edits) {
    expect(e.offset).toBeGreaterThanOrEqual(at);
    expect(e.length).toBeGreaterThanOrEqual(0);
    expect(e.offset + e.length).toBeLessThanOrEqual(text.length);
    composed += text.slice(at, e.offset) + e.content;
    at = e.offset + e.length;
  }
  composed += text.slice(at);
  expect(p.after).toBe(composed);
  expect(p.changed).toBe(p.after !== text);
  if (p.edits.length === 0) expect(p.after).toBe(text);

  if (p.changed) {
    // P1: the output reads back the same way; P4: and plans no edit; P6 there too.
    const again = planFile({ path, text: p.after }, options);
    expect(again.format).toBe(p.format);
    expect(again.format).not.toBeNull();
    expect(again.fatal).toBe(false);
    expect(again.edits).toEqual([]);
    expect(again.after).toBe(p.after);
    expect(again.diagnostics.map((d) => d.code)).not.toContain('INTERNAL_VERIFY_FAILED');

    // P5: the rendered diff applies with the diff library and yields the output.
    expect(applyPatch(text, unifiedDiff(path, text, p.after))).toBe(p.after);
  }
  return p;
}

describe('property: plain CNI configs (.conflist/.conf)', () => {
  it('P1–P6 hold for generated configs under random layouts and options', () => {
    fc.assert(
      fc.property(jsonCaseArb, (c: JsonCase) => {
        // The generator's text must read as its model (checks the generator, not the tool).
        const read = parseLoose(c.text);
        expect(read.errors).toEqual([]);
        expect(read.value).toStrictEqual(plain(c.model));

        const p = checkCommon(c.path, c.text, c.options);
        count('plain', p);
        expect(p.fatal).toBe(false);
        expect(p.format).toBe(c.path.endsWith('.conflist') ? 'conflist' : 'conf');
        // P2 (with P3/P4 again) through the shared checker: only cniVersion changes.
        if (p.edits.length > 0) expectSafeEdit(p, c.options);
      }),
      params(5500),
    );
  }, 120_000);
});

/** The generator's manifest must decode to the strings it embedded. */
function expectEmbedded(c: EmbeddedCase, data: Record<string, unknown>): void {
  for (const e of c.embedded) {
    expect(data[e.key]).toBe(e.text);
    const read = parseLoose(e.text);
    expect(read.errors).toEqual([]);
  }
}

/**
 * P2 for manifests: the documents are equal except for embedded strings, one per edit, and each
 * such string's JSON differs only in its top-level cniVersion. (Not check.ts's
 * expectSafeEmbeddedEdit: its escape-count rule rejects the `\t` an insertion into a
 * TAB-indented JSON-in-JSON config rightly adds.)
 */
function expectOnlyVersionChanged(p: FilePlan, before: unknown, after: unknown): void {
  const changed = changedStrings(before, after);
  expect(changed).toHaveLength(p.edits.length);
  for (const s of changed) {
    const b = decodedJson(s.before);
    const a = decodedJson(s.after);
    expect(a.rawErrors, s.path).toBe(b.rawErrors);
    expect(a.looseErrors, s.path).toBe(b.looseErrors);
    const { cniVersion: _newVersion, ...restA } = a.value;
    const { cniVersion: _oldVersion, ...restB } = b.value;
    expect(restA, s.path).toStrictEqual(restB);
  }
}

function yamlHolder(doc: Record<string, unknown>): Record<string, unknown> {
  const data = doc['data'] as Record<string, unknown> | undefined;
  if (data === undefined) return doc;
  const nested = data['nested'] as Record<string, unknown> | undefined;
  return nested ?? data;
}

describe('property: CNI configs in YAML ConfigMaps', () => {
  it('P1–P6 hold for configs in literal block scalars', () => {
    fc.assert(
      fc.property(yamlCaseArb, (c: EmbeddedCase) => {
        expectEmbedded(c, yamlHolder(parseYaml(c.text) as Record<string, unknown>));
        const p = checkCommon(c.path, c.text, c.options);
        count('yaml', p);
        expect(p.fatal).toBe(false);
        expect(p.format).not.toBeNull();
        if (p.changed) {
          expectOnlyVersionChanged(p, yamlData(p.before), yamlData(p.after));
          expect(yamlStyles(p.after)).toEqual(yamlStyles(p.before)); // block headers kept
        }
      }),
      params(2000),
    );
  }, 120_000);
});

describe('property: CNI configs in kubectl -o json ConfigMaps', () => {
  it('P1–P6 hold for JSON-in-JSON configs', () => {
    fc.assert(
      fc.property(k8sJsonCaseArb, (c: EmbeddedCase) => {
        expectEmbedded(c, (JSON.parse(c.text) as { data: Record<string, unknown> }).data);
        const p = checkCommon(c.path, c.text, c.options);
        count('k8s-json', p);
        expect(p.fatal).toBe(false);
        expect(p.format).not.toBeNull();
        if (p.changed) expectOnlyVersionChanged(p, JSON.parse(p.before), JSON.parse(p.after));
      }),
      params(3000),
    );
  }, 120_000);
});
