/**
 * The benchmark's synthetic repositories: every file the generator writes that is not a copy of
 * a CNI config is passed over without a finding (monitoring dashboards, rule templates and chart
 * templates included), and every copy is read as the config it is. A figure measured on a mix
 * the tool misreads would measure the wrong work.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain script of the benchmark, without types
import { generateRepo, MIXES } from '../../scripts/bench/generate-repo.mjs';
import { planFile } from '../../src/core/plan.js';
import { discoverFiles } from '../../src/io/files.js';
import { WALKED_PATTERNS } from '../../src/formats/registry.js';

interface Generated {
  readonly files: number;
  readonly byCategory: Record<string, number>;
  readonly cniCopies: readonly { path: string }[];
}

describe('the generated repositories of the benchmark', () => {
  it.each(MIXES as string[])('%s mix: no finding in any file but the CNI copies, which are all read', async (mix) => {
    const out = join(mkdtempSync(join(tmpdir(), 'cni-gen-')), 'repo');
    try {
      const generated = generateRepo({ out, files: 600, seed: 3, mix }) as Generated;
      const copies = new Set(generated.cniCopies.map((c) => c.path));
      let read = 0;
      let others = 0;
      for await (const file of discoverFiles(['.'], { cwd: out, patterns: WALKED_PATTERNS })) {
        const rel = file.display;
        const plan = planFile({ path: rel, text: readFileSync(file.absolute, 'utf8') });
        if (copies.has(rel)) {
          if (plan.format !== null) read++;
          continue;
        }
        others++;
        expect({ rel, networks: plan.networks.length, codes: plan.diagnostics.map((d) => d.code) }).toEqual({ rel, networks: 0, codes: [] });
      }
      expect(others).toBeGreaterThan(400);
      // Copies a walk reads (a few corpus files have names no format claims).
      expect(read).toBeGreaterThan(generated.cniCopies.length * 0.8);
    } finally {
      rmSync(join(out, '..'), { recursive: true, force: true });
    }
  }, 120_000);
});
