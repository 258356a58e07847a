/**
 * Golden fixtures: every file of the corpus (fixtures/upstream; and a few derived from it), planned under
 * the options its case.json states (the flags the CLI takes). Expected plans and diffs (and
 * outputs of small files) are file snapshots: `vitest run -u` rewrites them, to be reviewed
 * before committing. The invariants below are checked independently of the snapshots.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { applyPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import { planFile, type PlanOptions } from '../../src/core/plan.js';
import { unifiedDiff } from '../../src/render/diff.js';
import { middles } from '../helpers/verify.js';
import { FORMATS as REGISTERED } from '../../src/formats/registry.js';

const root = new URL('../../fixtures/', import.meta.url);
// Every format of the registry has its golden cases in fixtures/<format id>/.
const FORMATS = REGISTERED.map((f) => f.id);
const cases = FORMATS.flatMap((f) => readdirSync(new URL(`${f}/`, root)).sort().map((c) => `${f}/${c}`));
/** Outputs larger than this are checked through their diff only (the inputs are copies already). */
const MAX_SNAPSHOT_BYTES = 64 * 1024;

interface CaseFile {
  readonly source: { readonly file: string };
  readonly args: readonly string[];
}

function optionsFromArgs(args: readonly string[]): PlanOptions {
  const parsed = parseCommandLine(['check', ...args]);
  if (parsed.kind !== 'run') throw new Error(`bad args in case.json: ${JSON.stringify(parsed)}`);
  const o = parsed.options;
  return {
    ...(o.runtime === undefined ? {} : { runtime: o.runtime }),
    ...(o.targetVersion === undefined ? {} : { targetVersion: o.targetVersion }),
    plugins: { supported: o.supported, releases: o.releases, releaseSources: o.releaseSources },
  };
}

/** The YAML document (from its `---`) that holds `marker`, as text. */
function documentHolding(text: string, marker: RegExp): string | undefined {
  const starts = [...text.matchAll(/^---(?=[ \t\r\n]|$)/gm)].map((m) => m.index!);
  const bounds = [0, ...starts, text.length];
  for (let i = 0; i < bounds.length - 1; i++) {
    const doc = text.slice(bounds[i], bounds[i + 1]);
    if (marker.test(doc)) return doc;
  }
  return undefined;
}

describe('golden fixtures', () => {
  it('cover every file of the corpus', () => {
    const sources = new Set(cases.map((c) => (JSON.parse(readFileSync(new URL(`${c}/case.json`, root), 'utf8')) as CaseFile).source.file));
    const corpusIndex = new URL('upstream/index.json', root);
    const index = JSON.parse(readFileSync(corpusIndex, 'utf8')) as { file: string }[];
    expect(index.length).toBeGreaterThan(80);
    expect(index.map((e) => e.file).filter((f) => !sources.has(f))).toEqual([]);
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
        networks: plan.networks.map((n) => ({
          name: n.name,
          ...(n.location === undefined ? {} : { location: n.location }),
          currentVersion: n.currentVersion,
          supportedByAll: n.supportedByAll,
          decision: n.decision,
          releases: Object.fromEntries(
            n.support.flatMap((s) => ('sources' in s ? s.sources : []).filter((x) => x.kind === 'data' && x.release).map((x) => [s.type, `${x.kind === 'data' ? x.release : ''}${x.kind === 'data' && x.releaseFrom ? ` from ${x.releaseFrom}` : ''}`])),
          ),
        })),
        diagnostics: plan.diagnostics.map((d) => ({ code: d.code, severity: d.severity, line: d.position?.line, column: d.position?.column })),
      };
      await expect(`${JSON.stringify(summary, null, 2)}\n`).toMatchFileSnapshot(`../../fixtures/${name}/plan.json`);

      const small = input.length <= MAX_SNAPSHOT_BYTES;
      if (plan.changed) {
        const patch = unifiedDiff(inputName, plan.before, plan.after);
        await expect(patch).toMatchFileSnapshot(`../../fixtures/${name}/expected.diff`);
        if (small) await expect(plan.after).toMatchFileSnapshot(`../../fixtures/${name}/expected${ext}`);
        // The diff library's own applyPatch reproduces the output from the input.
        expect(applyPatch(input, patch)).toBe(plan.after);
        // Nothing but cniVersion moved: every added line carries it, and every removed line
        // differs from its added counterpart only by a version literal (or by the inserted member).
        const lines = patch.split('\n');
        const added = lines.filter((l) => l.startsWith('+') && !l.startsWith('+++ '));
        const removed = lines.filter((l) => l.startsWith('-') && !l.startsWith('--- '));
        expect(added.length).toBeGreaterThan(0);
        for (const line of added) expect(line).toContain('cniVersion');
        expect(removed.length).toBeLessThanOrEqual(added.length);
        removed.forEach((line, i) => {
          const [gone, came] = middles(line.slice(1), added[i]!.slice(1));
          expect(gone, `${line} -> ${added[i]}`).toMatch(/^(\\?"[^"\\]*\\?"|[\w.-]*)$/);
          expect(came).toMatch(/cniVersion|^[\d.]*$/);
        });
        // Idempotent: planning the output again changes nothing.
        expect(planFile({ path: inputName, text: plan.after }, options).edits).toEqual([]);
      } else {
        expect(plan.after).toBe(input);
        expect(existsSync(new URL(`expected${ext}`, dir)), 'stale expected output').toBe(false);
        expect(existsSync(new URL('expected.diff', dir)), 'stale expected diff').toBe(false);
      }

      // Upstream pairs: the output equals what upstream itself shipped next.
      const upstream = new URL(`upstream-after${ext}`, dir);
      if (existsSync(upstream)) expect(plan.after).toBe(readFileSync(upstream, 'utf8'));
      const upstreamConfigMap = new URL('upstream-configmap.yaml', dir);
      if (existsSync(upstreamConfigMap)) {
        const expected = readFileSync(upstreamConfigMap, 'utf8');
        expect(documentHolding(plan.after, /kind: ConfigMap[\s\S]*name: calico-config|name: calico-config[\s\S]*kind: ConfigMap/)).toBe(expected);
      }
    });
  }
});
