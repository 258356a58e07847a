/**
 * Golden fixture pairs: every standalone config of the shared corpus, planned under the options
 * its case.json states (the same flags the CLI takes). Expected plans, outputs and diffs are
 * file snapshots (`vitest run -u` rewrites them; review before committing). The invariants are
 * checked independently of the snapshots.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../src/cli/args.js';
import { planFile, type PlanOptions } from '../src/plan.js';
import { unifiedDiff } from '../src/render/diff.js';

const root = new URL('../fixtures/cni-json/', import.meta.url);
const cases = readdirSync(root).sort();

interface CaseFile {
  readonly source: { readonly file: string };
  readonly args: readonly string[];
}

export function optionsFromArgs(args: readonly string[]): PlanOptions {
  const parsed = parseCommandLine(['check', ...args]);
  if (parsed.kind !== 'run') throw new Error(`bad args in case.json: ${JSON.stringify(parsed)}`);
  const o = parsed.options;
  return {
    ...(o.runtime === undefined ? {} : { runtime: o.runtime }),
    ...(o.targetVersion === undefined ? {} : { targetVersion: o.targetVersion }),
    plugins: { supported: o.supported, releases: o.releases },
  };
}

describe('golden fixtures', () => {
  it('cover every standalone conf/conflist of the corpus', () => {
    const sources = new Set(cases.map((c) => (JSON.parse(readFileSync(new URL(`${c}/case.json`, root), 'utf8')) as CaseFile).source.file));
    const corpusIndex = new URL('../../../shared/corpus/index.json', root);
    if (!existsSync(corpusIndex)) {
      expect(process.env.CI, 'the shared corpus must be beside the repo in CI').toBeFalsy();
      return;
    }
    const index = JSON.parse(readFileSync(corpusIndex, 'utf8')) as { file: string; kind: string }[];
    const standalone = index.filter((e) => e.kind === 'conf' || e.kind === 'conflist').map((e) => e.file);
    expect(standalone.filter((f) => !sources.has(f))).toEqual([]);
  });

  for (const name of cases) {
    it(name, async () => {
      const dir = new URL(`${name}/`, root);
      const kase = JSON.parse(readFileSync(new URL('case.json', dir), 'utf8')) as CaseFile;
      const inputName = readdirSync(dir).find((f) => f.startsWith('input.'))!;
      const ext = inputName.slice('input'.length);
      const input = readFileSync(new URL(inputName, dir), 'utf8');
      const options = optionsFromArgs(kase.args);
      const plan = planFile({ path: inputName, text: input }, options);

      const summary = {
        format: plan.format,
        changed: plan.changed,
        fatal: plan.fatal,
        networks: plan.networks.map((n) => ({ name: n.name, currentVersion: n.currentVersion, supportedByAll: n.supportedByAll, decision: n.decision })),
        diagnostics: plan.diagnostics.map((d) => ({ code: d.code, severity: d.severity, line: d.position?.line, column: d.position?.column })),
      };
      await expect(`${JSON.stringify(summary, null, 2)}\n`).toMatchFileSnapshot(`../fixtures/cni-json/${name}/plan.json`);

      if (plan.changed) {
        await expect(plan.after).toMatchFileSnapshot(`../fixtures/cni-json/${name}/expected${ext}`);
        await expect(unifiedDiff(inputName, plan.before, plan.after)).toMatchFileSnapshot(`../fixtures/cni-json/${name}/expected.diff`);
        // Every byte outside the single edit is unchanged.
        expect(plan.edits).toHaveLength(1);
        const e = plan.edits[0]!;
        expect(plan.after.slice(0, e.offset)).toBe(input.slice(0, e.offset));
        expect(plan.after.slice(e.offset + e.content.length)).toBe(input.slice(e.offset + e.length));
        expect(e.content).toMatch(/"cniVersion"|^"\d+\.\d+\.\d+"$/);
        // Idempotent: planning the output again changes nothing.
        expect(planFile({ path: inputName, text: plan.after }, options).edits).toEqual([]);
      } else {
        expect(plan.after).toBe(input);
        expect(existsSync(new URL(`expected${ext}`, dir)), 'stale expected output').toBe(false);
      }

      const upstream = new URL(`upstream-after${ext}`, dir);
      if (existsSync(upstream)) expect(plan.after).toBe(readFileSync(upstream, 'utf8'));
    });
  }
});
