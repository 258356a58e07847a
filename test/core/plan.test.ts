import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/render/messages.js';
import { verifyCniJson, type CniJsonData } from '../../src/formats/cni-json/cni-json.js';
import { FORMATS } from '../../src/formats/registry.js';
import type { FormatModule, FormatPlan } from '../../src/formats/types.js';
import { RuntimeSpecError } from '../../src/knowledge/runtime.js';
import { analyzeFile, planAnalyzed, planFile, pluginTypesOf, resolveContext, type FileAnalysis } from '../../src/core/plan.js';
import type { NetworkPlan } from '../../src/core/types.js';
import { dedent, NBSP } from '../helpers/dedent.js';
import { codes, expectSafeEdit } from '../helpers/verify.js';

describe('resolveContext', () => {
  it('defaults to containerd 1.6.4, no target, no facts', () => {
    const c = resolveContext({});
    expect(c.runtime).toMatchObject({ name: 'containerd', version: '1.6.4' });
    expect(c.targetVersion).toBeUndefined();
    expect(c.plugins).toEqual({});
  });

  it.each(['1.0', 'v1.0.0', '2.0.0', ''])('rejects target version %j', (targetVersion) => {
    expect(() => resolveContext({ targetVersion })).toThrow(RangeError);
  });

  it('rejects an unknown runtime', () => {
    expect(() => resolveContext({ runtime: 'kubelet@1.30.0' })).toThrow(RuntimeSpecError);
  });
});

describe('planFile: the plan as data', () => {
  const text = dedent`
    {
      "name": "k8s",
      "plugins": [
        { "type": "bridge", "ipam": { "type": "host-local" } },
        { "type": "portmap", "capabilities": { "portMappings": true } }
      ]
    }
  `;

  it('describes the network, the edit and the output', () => {
    const p = planFile({ path: '/etc/cni/net.d/10-k8s.conflist', text }, { plugins: { releases: { 'cni-plugins': '1.1.1' } } });
    expect(p.path).toBe('/etc/cni/net.d/10-k8s.conflist');
    expect(p.format).toBe('conflist');
    expect(p.fatal).toBe(false);
    expect(p.before).toBe(text);
    expect(p.networks).toHaveLength(1);
    const net = p.networks[0]!;
    expect(net).toMatchObject({ name: 'k8s', kind: 'conflist', currentVersion: null });
    expect(net.plugins.map((x) => `${x.role}:${x.type}`)).toEqual(['plugin:bridge', 'ipam:host-local', 'plugin:portmap']);
    expect(net.support.map((s) => [s.type, s.status])).toEqual([
      ['bridge', 'exact'],
      ['host-local', 'exact'],
      ['portmap', 'exact'],
    ]);
    expect(p.edits).toEqual([{ offset: 4, length: 0, content: '"cniVersion": "1.0.0",\n  ' }]);
    expectSafeEdit(p, { plugins: { releases: { 'cni-plugins': '1.1.1' } } });
  });

  it('diagnostics carry 1-based positions and are sorted by offset', () => {
    const bad = '{\n  "type": "bridge",\n  "cniVersion": "0.3",\n  "plugins": [{"type": "bond"}],\n}';
    const p = planFile({ path: 'x.conf', text: bad });
    const offsets = p.diagnostics.map((d) => d.position?.offset ?? -1);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    for (const d of p.diagnostics) {
      expect(d.position).toBeDefined();
      expect(d.position!.line).toBeGreaterThanOrEqual(1);
      expect(d.position!.column).toBeGreaterThanOrEqual(1);
      expect('at' in d).toBe(false);
    }
    expect(codes(p)).toEqual(expect.arrayContaining(['CONF_HOLDS_LIST', 'JSON_NOT_STRICT', 'PLUGIN_UNKNOWN']));
  });

  it('severity comes from the code table', () => {
    const p = planFile({ path: 'x.conf', text: '{"type": "bridge", "type": "bridge", "cniVersion": "1.0.0", "cniVersion": ""}' });
    const dup = p.diagnostics.find((d) => d.code === 'DUPLICATE_KEY')!;
    expect(dup.severity).toBe('warning');
    expect(p.diagnostics.find((d) => d.code === 'CNI_VERSION_MISSING')!.severity).toBe('error');
  });

  it('analyzeFile + planAnalyzed equals planFile; pluginTypesOf lists what to probe', () => {
    const input = { path: 'x.conflist', text };
    const analyzed = analyzeFile(input);
    expect(analyzed.format?.id).toBe('cni-json');
    expect(pluginTypesOf(analyzed)).toEqual(['bridge', 'host-local', 'portmap']);
    const context = resolveContext({ targetVersion: '0.4.0', plugins: { releases: { 'cni-plugins': '1.1.1' } } });
    expect(planAnalyzed(analyzed, context)).toEqual(planFile(input, { targetVersion: '0.4.0', plugins: { releases: { 'cni-plugins': '1.1.1' } } }));
  });

  it('an unchanged plan has after === before and no edits', () => {
    const p = planFile({ path: 'x.conf', text: '{"cniVersion": "0.3.1", "type": "bridge"}' });
    expect(p).toMatchObject({ changed: false, edits: [], fatal: false });
    expect(p.after).toBe(p.before);
  });

  it('a fatal plan has no networks', () => {
    const p = planFile({ path: 'x.conflist', text: '{' });
    expect(p).toMatchObject({ fatal: true, networks: [], edits: [], changed: false });
  });

  it('planning never throws on bad input', () => {
    const inputs = ['', '{', '}', '[', '{"type":', '\ufeff', `${NBSP}`, '{"plugins": [null, 1, "x", {"type": 1}]}', '{"type": "x", "ipam": 5, "delegate": []}', '/*', '{"a": __X'];
    for (const text of inputs) {
      for (const path of ['x.conf', 'x.conflist', 'x.json']) expect(() => planFile({ path, text })).not.toThrow();
    }
  });
});

describe('planAnalyzed refuses edits that fail verification', () => {
  const network: NetworkPlan = {
    name: 'n',
    kind: 'conf',
    currentVersion: null,
    plugins: [],
    support: [],
    supportedByAll: ['1.0.0'],
    decision: { action: 'insert', from: null, version: '1.0.0', reason: 'test' },
  };
  function fake(verify: FormatModule['verify'], editsOnReplan: boolean): FileAnalysis {
    const format: FormatModule<null> = {
      id: 'fake',
      displayName: 'fake',
      patterns: [],
      mightClaim: () => true,
      analyze: () => ({ ok: true, format: 'fake', pluginTypes: [], data: null }),
      plan: (input): FormatPlan => ({
        networks: [network],
        edits: input.text === 'abc' || editsOnReplan ? [{ offset: 1, length: 1, content: 'X' }] : [],
        diagnostics: [],
      }),
      verify,
    };
    const input = { path: 'f', text: 'abc' };
    return { input, readAs: input.path, format: format as unknown as FormatModule<never>, analysis: format.analyze(input) as never };
  }

  it('a failed verify → INTERNAL_VERIFY_FAILED, nothing changed', () => {
    const p = planAnalyzed(fake(() => 'it broke', false), resolveContext({}));
    expect(p.changed).toBe(false);
    expect(p.after).toBe('abc');
    expect(p.edits).toEqual([]);
    expect(p.fatal).toBe(false);
    const d = p.diagnostics.find((x) => x.code === 'INTERNAL_VERIFY_FAILED');
    expect(d?.args).toEqual({ problem: 'it broke' });
    expect(d?.position).toMatchObject({ offset: 1, line: 1, column: 2 });
  });

  it('a plan that would change its own output again → INTERNAL_VERIFY_FAILED', () => {
    const p = planAnalyzed(fake(() => null, true), resolveContext({}));
    expect(p.changed).toBe(false);
    expect(codes(p)).toEqual(['INTERNAL_VERIFY_FAILED']);
  });

  it('a verified, idempotent plan is applied', () => {
    const p = planAnalyzed(fake(() => null, false), resolveContext({}));
    expect(p).toMatchObject({ changed: true, after: 'aXc' });
  });
});

describe('verifyCniJson catches every kind of unintended change', () => {
  const before = { path: 'x.conf', text: '{\n  "name": "n",\n  "type": "bridge",\n  "mtu": __MTU__\n}\n' };
  const p = planFile(before);
  const intended = p.after;
  const data = analyzeFile(before).analysis as unknown as { ok: true; data: CniJsonData };

  it('the real plan passes', () => {
    expect(p.changed).toBe(true);
    expect(verifyCniJson(before, intended, { networks: p.networks, edits: p.edits, diagnostics: [] }, data.data)).toBeNull();
  });

  it.each([
    ['another value changed', intended.replace('"n"', '"m"')],
    ['the wrong version', intended.replace('"0.3.1"', '"0.3.0"')],
    ['broken JSON', intended.replace('"name"', '"name" "x"')],
    ['a comment added', intended.replace('{', '{ // c')],
    ['a trailing comma added', intended.replace('__MTU__', '__MTU__,')],
    ['a placeholder renamed', intended.replace('__MTU__', '__MTX__')],
    ['the inserted member not first', '{\n  "name": "n",\n  "cniVersion": "0.3.1",\n  "type": "bridge",\n  "mtu": __MTU__\n}\n'],
    ['a key removed', intended.replace('"name": "n",\n', '')],
  ])('%s', (_label, after) => {
    expect(verifyCniJson(before, after, { networks: p.networks, edits: p.edits, diagnostics: [] }, data.data)).toEqual(expect.any(String));
  });

  it('a plan without an insert/rewrite cannot be verified', () => {
    const keep = planFile({ path: 'x.conf', text: '{"cniVersion": "0.3.1", "type": "bridge"}' });
    const keepData = (analyzeFile({ path: 'x.conf', text: keep.before }).analysis as unknown as { data: CniJsonData }).data;
    expect(verifyCniJson({ path: 'x.conf', text: keep.before }, keep.after, { networks: keep.networks, edits: keep.edits, diagnostics: [] }, keepData)).toEqual(
      expect.any(String),
    );
  });
});

describe('format registry', () => {
  it('has unique ids, display names and glob patterns', () => {
    expect(new Set(FORMATS.map((f) => f.id)).size).toBe(FORMATS.length);
    for (const f of FORMATS) {
      expect(f.displayName).not.toBe('');
      expect(f.patterns.length).toBeGreaterThan(0);
      for (const p of f.patterns) expect(p).toMatch(/^\*\*\/\*\.[a-z]+$/);
    }
  });

  it('every diagnostic a plan produces renders to text', () => {
    const p = planFile({ path: 'x.conf', text: '{"type": "bridge", "plugins": [{"type": "x y"}], "cniVersion": "1.1"}' });
    expect(p.diagnostics.length).toBeGreaterThan(0);
    for (const d of p.diagnostics) expect(formatDiagnostic(d).length).toBeGreaterThan(0);
  });
});

describe('what remains once a plan is written', () => {
  it('a finding about the change itself (a live network moved down from 1.1.0) stays, placed at the written version; findings about the old text go', () => {
    const text = '{\n  "cniVersion": "1.1.0",\n  "name": "net",\n  "plugins": [{ "type": "bridge" }, { "type": "portmap" }]\n}\n';
    const p = planFile({ path: '10-net.conflist', text }, { runtime: 'containerd@1.7.0', plugins: { releases: { 'cni-plugins': '1.6.0' } } });
    expect(p.changed).toBe(true);
    expect(p.diagnostics.map((d) => d.code)).toEqual(['CNI_VERSION_UNSUPPORTED', 'VERSION_DOWNGRADE_LIVE']);
    expect(p.remaining.map((d) => d.code)).toEqual(['VERSION_DOWNGRADE_LIVE']);
    const at = p.remaining[0]!.position!;
    expect(p.after.slice(at.offset, at.offset + 7)).toBe('"1.0.0"');
    expect([at.line, at.column]).toEqual([2, 17]);
    // Nothing to change: what remains is what was found.
    const kept = planFile({ path: '10-net.conflist', text: p.after }, { runtime: 'containerd@1.7.0', plugins: { releases: { 'cni-plugins': '1.6.0' } } });
    expect(kept.remaining).toEqual(kept.diagnostics);
    expect(kept.diagnostics.map((d) => d.code)).not.toContain('VERSION_DOWNGRADE_LIVE');
  });
});
