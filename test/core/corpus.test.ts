/**
 * Sweeps the real upstream configs in fixtures/upstream: planning never throws, and every
 * change is a single safe edit of the top-level cniVersion.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planFile, type PlanOptions } from '../../src/core/plan.js';
import { codes, expectSafeEdit, parseLoose } from '../helpers/verify.js';
import { available, corpus, corpusEntries, indexUrl } from '../helpers/corpus.js';

const entries = corpusEntries((e) => e.kind === 'conf' || e.kind === 'conflist');
const OPTIONS: PlanOptions = { plugins: { releases: { 'cni-plugins': '1.1.1' } } };

describe('corpus', () => {
  it('is present (required in CI)', () => {
    if (!available && process.env['CI']) expect.fail(`corpus index ${indexUrl.pathname} is missing in CI`);
    if (available) expect(entries.length).toBeGreaterThan(20);
  });

  describe('every conf/conflist file', () => {
    it.each(entries.map((e) => [e.file, e] as const))('%s', (_file, entry) => {
      const text = readFileSync(new URL(entry.file, corpus), 'utf8');
      const plan = planFile({ path: entry.file, text }, OPTIONS);

      expect(plan.format).not.toBeNull();
      expect(codes(plan)).not.toContain('INTERNAL_VERIFY_FAILED');
      if (plan.fatal) {
        expect(codes(plan)).toEqual(['JSON_PARSE_ERROR']);
        expect(plan.after).toBe(text);
        return;
      }

      const net = plan.networks[0]!;
      expect(net.currentVersion).toBe(entry.cniVersion);
      const types = new Set(net.plugins.map((p) => p.type));
      for (const t of entry.pluginTypes) expect(types.has(t), `plugin ${t}`).toBe(true);
      if (entry.flags.includes('no-cniVersion')) expect(codes(plan)).toContain('CNI_VERSION_MISSING');
      if (entry.flags.includes('cni-json-not-strict')) {
        expect(codes(plan).some((c) => c === 'JSON_NOT_STRICT' || c === 'TEMPLATE_PLACEHOLDER')).toBe(true);
      }

      if (!plan.changed) {
        expect(plan.edits).toEqual([]);
        expect(plan.after).toBe(text);
        return;
      }
      expectSafeEdit(plan, OPTIONS);
      expect(parseLoose(plan.after).errors).toEqual([]);
      // Line endings of the file are kept: a CRLF file gains no bare LF.
      if (entry.flags.includes('crlf')) expect(plan.after.replace(/\r\n/g, '')).not.toContain('\n');
      if (entry.flags.includes('no-final-newline')) expect(plan.after.endsWith('\n')).toBe(false);
    });
  });
});
