/**
 * Keys in another case, read as libcni reads them: a .conf through types.NetConf (Go's
 * encoding/json matches fields in any case; the last match wins), a list's top level through a
 * map (exact keys), a list's plugin entry through a map written again with sorted keys.
 */
import { describe, expect, it } from 'vitest';
import type { DiagnosticArgs } from '../../src/core/diagnostics.js';
import { planFile, type FilePlan, type PlanOptions } from '../../src/core/plan.js';
import { foldKey } from '../../src/network/go-keys.js';
import { run } from '../../src/cli/run.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryIO } from '../helpers/memory-io.js';

const CNI_PLUGINS: PlanOptions = { plugins: { releases: { 'cni-plugins': '1.1.1' } } };
const plan = (path: string, text: string, options: PlanOptions = CNI_PLUGINS): FilePlan => planFile({ path, text }, options);
const codes = (p: FilePlan): string[] => p.diagnostics.map((d) => d.code);
const variant = (p: FilePlan): DiagnosticArgs['KEY_CASE_VARIANT'] | undefined =>
  p.diagnostics.find((d) => d.code === 'KEY_CASE_VARIANT')?.args as DiagnosticArgs['KEY_CASE_VARIANT'] | undefined;

describe('a .conf: keys match in any case, the last one wins', () => {
  const conf = '{\n  "CNIVersion": "0.3.1",\n  "name": "n",\n  "type": "bridge"\n}\n';

  it('"CNIVersion" is the version: not missing, no second key inserted', () => {
    const p = plan('10-n.conf', conf);
    expect(p.networks[0]!.currentVersion).toBe('0.3.1');
    expect(codes(p)).not.toContain('CNI_VERSION_MISSING');
    expect(p.edits).toEqual([]);
  });

  it('fix rewrites the "CNIVersion" token itself, and the result plans clean', () => {
    const p = plan('10-n.conf', conf, { ...CNI_PLUGINS, targetVersion: '1.0.0' });
    expect(p.edits).toEqual([{ offset: conf.indexOf('"0.3.1"'), length: 7, content: '"1.0.0"' }]);
    expect(p.after).toBe(conf.replace('"0.3.1"', '"1.0.0"'));
    expect(codes(p)).not.toContain('INTERNAL_VERIFY_FAILED');
    expect(plan('10-n.conf', p.after, { ...CNI_PLUGINS, targetVersion: '1.0.0' }).edits).toEqual([]);
  });

  it('"cniVersion": "1.0.0" then "cniversion": "9.9.9": reported, and 9.9.9, the one libcni reads, is judged and edited', () => {
    const text = '{"cniVersion": "1.0.0", "name": "n", "type": "bridge", "cniversion": "9.9.9"}';
    const p = plan('10-n.conf', text);
    expect(variant(p)).toEqual({ key: 'cniVersion', spellings: ['cniVersion', 'cniversion'], read: 'cniversion' });
    expect(p.diagnostics.find((d) => d.code === 'KEY_CASE_VARIANT')!.position).toMatchObject({ offset: text.indexOf('"cniversion"'), length: 12 });
    expect(p.networks[0]!.currentVersion).toBe('9.9.9');
    expect(codes(p)).toContain('CNI_VERSION_INVALID');
    expect(p.after).toBe(text.replace('"9.9.9"', '"1.0.0"'));
  });

  it('the other order: the later "cniVersion" is read, the earlier spelling still reported', () => {
    const text = '{"cniversion": "9.9.9", "name": "n", "type": "bridge", "cniVersion": "1.0.0"}';
    const p = plan('10-n.conf', text);
    expect(p.networks[0]!.currentVersion).toBe('1.0.0');
    expect(variant(p)).toMatchObject({ read: 'cniVersion' });
    expect(p.changed).toBe(false);
  });

  it('Go folds "ſ" (U+017F) to S: "cniVerſion" is the version too', () => {
    expect(foldKey('cniVerſion')).toBe(foldKey('cniVersion'));
    expect(foldKey('\u212aey')).toBe('KEY');
    expect(plan('10-n.conf', '{"cniVerſion": "0.3.1", "name": "n", "type": "bridge"}').networks[0]!.currentVersion).toBe('0.3.1');
  });

  it('"Type" names the plugin; of two spellings the later one runs', () => {
    expect(plan('10-n.conf', '{"cniVersion": "0.3.1", "name": "n", "Type": "bridge"}').networks[0]!.plugins.map((x) => x.type)).toEqual(['bridge']);
    const p = plan('10-n.conf', '{"cniVersion": "0.3.1", "name": "n", "type": "antrea", "TYPE": "bridge"}');
    expect(p.networks[0]!.plugins.map((x) => x.type)).toEqual(['bridge']);
    expect(variant(p)).toEqual({ key: 'type', spellings: ['type', 'TYPE'], read: 'TYPE' });
  });
});

describe('a list: the top level by exact key, plugin entries by sorted key', () => {
  it('"CNIVersion" at a list\'s top level is ignored: the version is missing, "cniVersion" is inserted, the spelling reported', () => {
    const text = '{\n  "CNIVersion": "0.3.1",\n  "name": "n",\n  "plugins": [{"type": "bridge"}]\n}\n';
    const p = plan('10-n.conflist', text);
    expect(p.networks[0]!.currentVersion).toBeNull();
    expect(codes(p)).toContain('CNI_VERSION_MISSING');
    expect(variant(p)).toEqual({ key: 'cniVersion', spellings: ['CNIVersion'], read: null });
    expect(p.after).toBe(text.replace('{\n', '{\n  "cniVersion": "1.0.0",\n'));
  });

  it('a plugin entry with "type" and "TYPE": libcni re-marshals it with sorted keys, so "type" (sorting last) runs', () => {
    const p = plan('10-n.conflist', '{"cniVersion": "0.3.1", "name": "n", "plugins": [{"type": "antrea", "TYPE": "bridge"}]}');
    expect(p.networks[0]!.plugins.map((x) => x.type)).toEqual(['antrea']);
    expect(variant(p)).toEqual({ key: 'type', spellings: ['type', 'TYPE'], read: 'type' });
  });
});

describe('through the CLI', () => {
  it('check fails (exit 1) on "cniVersion": "1.0.0" followed by "cniversion": "9.9.9", and names both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cni-migrate-'));
    try {
      writeFileSync(join(dir, '10-n.conf'), '{"cniVersion": "1.0.0", "name": "n", "type": "bridge", "cniversion": "9.9.9"}\n');
      const io = memoryIO(dir);
      expect(await run(['check', '10-n.conf', '--plugin', 'cni-plugins@1.1.1'], io)).toBe(1);
      expect(io.out()).toMatch(/KEY_CASE_VARIANT[^\n]*"cniVersion", "cniversion"[^\n]*reads "cniversion"/);
      expect(io.out()).toMatch(/CNI_VERSION_INVALID/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
