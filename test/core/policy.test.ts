import { describe, expect, it } from 'vitest';
import { diagnostic, type Diagnostic, type DiagnosticArgs, type DiagnosticCode } from '../../src/core/diagnostics.js';
import { resolveRuntime, RuntimeSpecError } from '../../src/knowledge/runtime.js';
import { decideVersion, type CurrentVersion } from '../../src/core/policy.js';
import { planFile, type FilePlan, type PlanOptions } from '../../src/core/plan.js';
import type { PluginSupport } from '../../src/core/types.js';
import { codes, planChecked } from '../helpers/verify.js';
import { formatDiagnostic } from '../../src/render/messages.js';

// ---------------------------------------------------------------------------------------------
// Helpers

const CONTAINERD_164 = resolveRuntime('containerd@1.6.4');
const CONTAINERD_200 = resolveRuntime('containerd@2.0.0');

const exact = (type: string, versions: string[]): PluginSupport => ({
  type,
  status: 'exact',
  versions,
  sources: [{ kind: 'flag', flag: `--plugin ${type}=${versions.join(',')}` }],
});
const unknown = (type: string): PluginSupport => ({ type, status: 'unknown' });
const missing: CurrentVersion = { kind: 'missing' };
const str = (value: string): CurrentVersion => ({ kind: 'string', value });

/** A conflist with these plugin types; `version` undefined leaves cniVersion out, a `raw:` prefix writes raw JSON. */
function conflist(version: string | undefined, ...types: string[]): string {
  const v = version === undefined ? '' : `  "cniVersion": ${version.startsWith('raw:') ? version.slice(4) : JSON.stringify(version)},\n`;
  const plugins = types.map((t) => `    { "type": ${JSON.stringify(t)} }`).join(',\n');
  return `{\n${v}  "name": "net",\n  "plugins": [\n${plugins}\n  ]\n}\n`;
}

function plan(text: string, options: PlanOptions = {}, path = '10-net.conflist'): FilePlan {
  return planChecked(path, text, options);
}

function args<C extends DiagnosticCode>(p: FilePlan, code: C): DiagnosticArgs[C] {
  const found = p.diagnostics.find((d): d is Extract<Diagnostic, { code: C }> => d.code === code);
  if (!found) throw new Error(`no ${code} in ${codes(p).join(', ')}`);
  return found.args as DiagnosticArgs[C];
}

const cniPlugins = (release: string): PlanOptions => ({ plugins: { releases: { 'cni-plugins': release } } });

// ---------------------------------------------------------------------------------------------

describe('decideVersion', () => {
  it('S is the runtime bound intersected with every plugin, newest last', () => {
    const r = decideVersion({ current: missing, support: [exact('a', ['1.1.0', '0.4.0', '1.0.0']), exact('b', ['0.4.0', '1.0.0', '1.1.0'])], runtime: CONTAINERD_164 });
    expect(r.supportedByAll).toEqual(['0.4.0', '1.0.0']);
    expect(r.decision).toMatchObject({ action: 'insert', from: null, version: '1.0.0' });
    expect(r.diagnostics.map((d) => [d.code, d.args])).toEqual([['CNI_VERSION_MISSING', { inserted: '1.0.0' }]]);
  });

  it('with no plugins, S is what the runtime executes', () => {
    const r = decideVersion({ current: missing, support: [], runtime: CONTAINERD_200 });
    expect(r.supportedByAll).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0']);
    expect(r.decision).toMatchObject({ action: 'insert', version: '1.1.0' });
  });

  it('empty string → rewrite (from "") with CNI_VERSION_MISSING', () => {
    const r = decideVersion({ current: str(''), support: [exact('a', ['0.3.1'])], runtime: CONTAINERD_164 });
    expect(r.decision).toMatchObject({ action: 'rewrite', from: '', version: '0.3.1' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['CNI_VERSION_MISSING']);
  });

  it('present and in S → keep, no diagnostics', () => {
    const r = decideVersion({ current: str('0.4.0'), support: [exact('a', ['0.4.0', '1.0.0'])], runtime: CONTAINERD_164 });
    expect(r.decision).toMatchObject({ action: 'keep', version: '0.4.0' });
    expect(r.diagnostics).toEqual([]);
  });

  it('a non-string value → CNI_VERSION_INVALID with its raw text, rewrite from the raw text', () => {
    const r = decideVersion({ current: { kind: 'other', raw: '0.3' }, support: [exact('a', ['0.3.1'])], runtime: CONTAINERD_164 });
    expect(r.decision).toMatchObject({ action: 'rewrite', from: '0.3', version: '0.3.1' });
    expect(r.diagnostics.map((d) => [d.code, d.args])).toEqual([['CNI_VERSION_INVALID', { value: '0.3', replacement: '0.3.1' }]]);
  });

  it('rejected by a plugin and the runtime → CNI_VERSION_UNSUPPORTED naming both', () => {
    const r = decideVersion({ current: str('1.1.0'), support: [exact('bridge', ['0.4.0', '1.0.0'])], runtime: CONTAINERD_164 });
    expect(r.decision).toMatchObject({ action: 'rewrite', from: '1.1.0', version: '1.0.0' });
    const [d] = r.diagnostics;
    expect(d?.code).toBe('CNI_VERSION_UNSUPPORTED');
    if (d?.code !== 'CNI_VERSION_UNSUPPORTED') return;
    expect(d.args.version).toBe('1.1.0');
    expect(d.args.replacement).toBe('1.0.0');
    expect(d.args.plugins).toHaveLength(1);
    expect(d.args.plugins[0]).toMatch(/^bridge\b/);
    expect(d.args.runtime).toMatch(/containerd 1\.6\.4/);
    expect(d.args.runtime).toMatch(/1\.0\.0/);
  });

  it('groups plugins that accept the same versions into one entry', () => {
    const r = decideVersion({
      current: str('1.0.0'),
      support: [exact('a', ['0.3.1']), exact('b', ['0.3.1']), exact('c', ['0.3.1', '0.4.0'])],
      runtime: CONTAINERD_164,
    });
    const d = r.diagnostics.find((x) => x.code === 'CNI_VERSION_UNSUPPORTED');
    expect(d?.code === 'CNI_VERSION_UNSUPPORTED' && d.args.plugins.length).toBe(2);
    expect(d?.code === 'CNI_VERSION_UNSUPPORTED' && d.args.plugins[0]).toMatch(/^a, b\b/);
  });

  it('S empty → CNI_VERSION_NO_COMMON listing the plugins, no decision', () => {
    const r = decideVersion({ current: missing, support: [exact('firewall', ['0.4.0']), exact('bandwidth', ['0.3.1', '1.0.0'])], runtime: CONTAINERD_164 });
    expect(r.supportedByAll).toEqual([]);
    expect(r.decision.action).toBe('none');
    expect(r.diagnostics.map((d) => [d.code, d.args])).toEqual([
      ['CNI_VERSION_MISSING', { inserted: null }],
      ['CNI_VERSION_NO_COMMON', { plugins: ['firewall', 'bandwidth'] }],
    ]);
  });

  it('an unknown plugin blocks inserting: PLUGIN_UNKNOWN, no decision', () => {
    const r = decideVersion({ current: missing, support: [exact('bridge', ['1.0.0']), unknown('antrea')], runtime: CONTAINERD_164 });
    expect(r.decision.action).toBe('none');
    expect(r.diagnostics.map((d) => [d.code, d.args])).toEqual([
      ['PLUGIN_UNKNOWN', { type: 'antrea' }],
      ['CNI_VERSION_MISSING', { inserted: null }],
    ]);
  });

  it('an unknown plugin does not block keeping a version the known ones accept', () => {
    const r = decideVersion({ current: str('1.0.0'), support: [exact('bridge', ['1.0.0']), unknown('antrea')], runtime: CONTAINERD_164 });
    expect(r.decision).toMatchObject({ action: 'keep', version: '1.0.0', reason: 'accepted by bridge and containerd 1.6.4; antrea not known here, so not checked' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['PLUGIN_UNKNOWN']);
    // With no plugin known, the reason says what it was checked against: the runtime alone.
    const alone = decideVersion({ current: str('1.0.0'), support: [unknown('antrea')], runtime: CONTAINERD_164 });
    expect(alone.decision).toMatchObject({ action: 'keep', reason: 'kept as written: antrea not known here, so checked against containerd 1.6.4 only' });
  });

  it('an unknown plugin: a version the runtime rejects is reported but not rewritten (no safe replacement is known)', () => {
    const r = decideVersion({ current: str('1.1.0'), support: [unknown('antrea')], runtime: CONTAINERD_164 });
    expect(r.decision.action).toBe('none');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['PLUGIN_UNKNOWN', 'CNI_VERSION_UNSUPPORTED']);
  });

  it('--target-version in S → rewrite (or insert) to it', () => {
    const support = [exact('bridge', ['0.3.1', '0.4.0', '1.0.0'])];
    expect(decideVersion({ current: str('1.0.0'), support, runtime: CONTAINERD_164, targetVersion: '0.4.0' }).decision).toMatchObject({
      action: 'rewrite',
      from: '1.0.0',
      version: '0.4.0',
    });
    const inserted = decideVersion({ current: missing, support, runtime: CONTAINERD_164, targetVersion: '0.4.0' });
    expect(inserted.decision).toMatchObject({ action: 'insert', from: null, version: '0.4.0' });
    expect(inserted.diagnostics.map((d) => [d.code, d.args])).toEqual([['CNI_VERSION_MISSING', { inserted: '0.4.0' }]]);
  });

  it('--target-version equal to the current version → keep', () => {
    const r = decideVersion({ current: str('0.4.0'), support: [exact('bridge', ['0.4.0', '1.0.0'])], runtime: CONTAINERD_164, targetVersion: '0.4.0' });
    expect(r.decision).toMatchObject({ action: 'keep', version: '0.4.0' });
    expect(r.diagnostics).toEqual([]);
  });

  it('--target-version replacing an invalid version reports it as invalid, with the target as replacement', () => {
    const r = decideVersion({ current: str('v1.0.0'), support: [exact('bridge', ['0.4.0', '1.0.0'])], runtime: CONTAINERD_164, targetVersion: '0.4.0' });
    expect(r.decision).toMatchObject({ action: 'rewrite', from: 'v1.0.0', version: '0.4.0' });
    expect(r.diagnostics.map((d) => [d.code, d.args])).toEqual([['CNI_VERSION_INVALID', { value: 'v1.0.0', replacement: '0.4.0' }]]);
  });

  it('--target-version not in S → TARGET_VERSION_UNSUPPORTED, no decision', () => {
    const r = decideVersion({ current: str('0.3.1'), support: [exact('calico', ['0.3.1'])], runtime: CONTAINERD_164, targetVersion: '1.1.0' });
    expect(r.decision.action).toBe('none');
    const [d] = r.diagnostics;
    expect(d?.code).toBe('TARGET_VERSION_UNSUPPORTED');
    if (d?.code !== 'TARGET_VERSION_UNSUPPORTED') return;
    expect(d.args.target).toBe('1.1.0');
    expect(d.args.plugins).toHaveLength(1);
    expect(d.args.plugins[0]).toMatch(/^calico\b.*0\.3\.1/);
    expect(d.args.runtime).toMatch(/containerd 1\.6\.4/);
    expect(d.args.supportedByAll).toEqual(['0.3.1']);
  });

  it('--target-version with an unknown plugin → no decision, PLUGIN_UNKNOWN, and the target said not written (an error: never a migration missed in silence)', () => {
    const r = decideVersion({ current: str('0.3.1'), support: [unknown('x')], runtime: CONTAINERD_164, targetVersion: '0.4.0' });
    expect(r.decision.action).toBe('none');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['PLUGIN_UNKNOWN', 'TARGET_VERSION_UNSUPPORTED']);
    expect(r.diagnostics[1]!.args).toEqual({ target: '0.4.0', plugins: [], runtime: null, supportedByAll: [], unknown: ['x'] });
    // The version already written asks for no change: nothing to say about the target.
    const same = decideVersion({ current: str('0.4.0'), support: [unknown('x')], runtime: CONTAINERD_164, targetVersion: '0.4.0' });
    expect(same.diagnostics.map((d) => d.code)).toEqual(['PLUGIN_UNKNOWN']);
  });

  it('a release-unknown plugin: a version only some releases accept is kept with CNI_VERSION_UNCONFIRMED', () => {
    const bridge: PluginSupport = {
      type: 'bridge',
      status: 'release-unknown',
      certain: ['0.3.1'],
      possible: ['0.3.1', '0.4.0', '1.0.0'],
      rows: [
        { releases: '<1.0.0', versions: ['0.3.1', '0.4.0'], project: 'cni-plugins' },
        { releases: '>=1.0.0', versions: ['0.3.1', '0.4.0', '1.0.0'], project: 'cni-plugins' },
        { releases: null, versions: ['0.3.1'], project: 'cni-plugins' },
      ],
      sources: [],
    };
    const r = decideVersion({ current: str('0.4.0'), support: [bridge], runtime: CONTAINERD_164 });
    expect(r.decision).toMatchObject({ action: 'keep', version: '0.4.0' });
    expect(r.supportedByAll).toEqual(['0.3.1']);
    const [d] = r.diagnostics;
    expect(d?.code).toBe('CNI_VERSION_UNCONFIRMED');
    if (d?.code !== 'CNI_VERSION_UNCONFIRMED') return;
    expect(d.args.version).toBe('0.4.0');
    // Ranges that meet are read as one: `<1.0.0` and `>=1.0.0` are every release.
    expect(d.args.plugins.map((p) => [p.type, p.projects, p.acceptedFrom])).toEqual([['bridge', ['cni-plugins'], [{ project: 'cni-plugins', releases: 'any release' }]]]);
  });

  describe('--target-version never hides what is wrong with the version written', () => {
    const upTo110 = [exact('bridge', ['0.4.0', '1.0.0', '1.1.0'])];

    it('a version the runtime rejects, rewritten to an accepted target: CNI_VERSION_UNSUPPORTED with the target as replacement', () => {
      const r = decideVersion({ current: str('1.1.0'), support: upTo110, runtime: CONTAINERD_164, targetVersion: '1.0.0' });
      expect(r.decision).toMatchObject({ action: 'rewrite', from: '1.1.0', version: '1.0.0' });
      expect(r.diagnostics.map((d) => d.code)).toEqual(['CNI_VERSION_UNSUPPORTED', 'VERSION_DOWNGRADE_LIVE']);
      const [d] = r.diagnostics;
      if (d?.code !== 'CNI_VERSION_UNSUPPORTED') throw new Error('unreachable');
      expect(d.args).toMatchObject({ version: '1.1.0', replacement: '1.0.0', plugins: [] });
      expect(d.args.runtime).toMatch(/containerd 1\.6\.4/);
      // The same finding a run without a target gives.
      const plain = decideVersion({ current: str('1.1.0'), support: upTo110, runtime: CONTAINERD_164 });
      expect(plain.diagnostics.map((x) => [x.code, x.args])).toEqual(r.diagnostics.map((x) => [x.code, x.args]));
    });

    it('a rejected version and a refused target: rewritten to the newest accepted version, both said', () => {
      const r = decideVersion({ current: str('1.1.0'), support: upTo110, runtime: CONTAINERD_164, targetVersion: '0.3.1' });
      expect(r.decision).toMatchObject({ action: 'rewrite', from: '1.1.0', version: '1.0.0' });
      expect(r.diagnostics.map((d) => d.code)).toEqual(['TARGET_VERSION_UNSUPPORTED', 'CNI_VERSION_UNSUPPORTED', 'VERSION_DOWNGRADE_LIVE']);
      expect(r.diagnostics[1]!.args).toMatchObject({ version: '1.1.0', replacement: '1.0.0' });
    });

    it('a plugin unknown: CNI_VERSION_MISSING, CNI_VERSION_INVALID and CNI_VERSION_UNSUPPORTED stay, with nothing written', () => {
      const support = [exact('bridge', ['0.4.0', '1.0.0']), unknown('sriov')];
      for (const [current, code] of [
        [missing, 'CNI_VERSION_MISSING'],
        [str('0.3'), 'CNI_VERSION_INVALID'],
        [str('1.1.0'), 'CNI_VERSION_UNSUPPORTED'],
      ] as const) {
        const r = decideVersion({ current, support, runtime: CONTAINERD_164, targetVersion: '1.0.0' });
        expect(r.decision.action).toBe('none');
        expect(r.diagnostics.map((d) => d.code)).toEqual(['PLUGIN_UNKNOWN', 'TARGET_VERSION_UNSUPPORTED', code]);
        const plain = decideVersion({ current, support, runtime: CONTAINERD_164 });
        expect(r.diagnostics.filter((d) => d.code !== 'TARGET_VERSION_UNSUPPORTED')).toEqual(plain.diagnostics);
      }
    });
  });

  describe('--target-version with a plugin of unknown release', () => {
    const loopback: PluginSupport = {
      type: 'loopback',
      status: 'release-unknown',
      certain: ['0.1.0', '0.2.0', '0.3.0', '0.3.1'],
      possible: ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'],
      rows: [
        { releases: '<0.8.0', versions: ['0.1.0', '0.2.0', '0.3.0', '0.3.1'], project: 'cni-plugins' },
        { releases: '>=0.8.0 <1.0.0', versions: ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0'], project: 'cni-plugins' },
        { releases: '>=1.0.0', versions: ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'], project: 'cni-plugins' },
      ],
      sources: [],
    };

    it('asking for the version already written, which only some releases accept: kept with the warning a run without a target gives', () => {
      const r = decideVersion({ current: str('1.0.0'), support: [loopback], runtime: CONTAINERD_164, targetVersion: '1.0.0' });
      expect(r.decision).toMatchObject({ action: 'keep', version: '1.0.0' });
      expect(r.diagnostics.map((d) => d.code)).toEqual(['CNI_VERSION_UNCONFIRMED']);
      expect(r.diagnostics).toEqual(decideVersion({ current: str('1.0.0'), support: [loopback], runtime: CONTAINERD_164 }).diagnostics);
    });

    it('asking for another such version: refused (never written on a guess), the plugin named as unconfirmed, not as rejecting it', () => {
      const r = decideVersion({ current: str('0.3.1'), support: [loopback, exact('bridge', ['0.3.1', '1.0.0'])], runtime: CONTAINERD_164, targetVersion: '1.0.0' });
      expect(r.decision.action).toBe('none');
      const [d] = r.diagnostics;
      if (d?.code !== 'TARGET_VERSION_UNSUPPORTED') throw new Error(`got ${d?.code}`);
      expect(d.args.plugins).toEqual([]);
      expect(d.args.runtime).toBeNull();
      expect(d.args.unconfirmed).toEqual([{ type: 'loopback', projects: ['cni-plugins'], acceptedFrom: [{ project: 'cni-plugins', releases: '>=1.0.0' }] }]);
      const text = formatDiagnostic({ ...d, severity: 'error', position: { offset: 0, length: 1, line: 1, column: 1 } } as Diagnostic);
      expect(text).toBe(
        '--target-version 1.0.0 is accepted only by some releases of loopback (cni-plugins >=1.0.0): state the release with --plugin cni-plugins@RELEASE, or probe the binaries with --bin-dir, before it is written; versions every known release of the plugins, and the runtime, accept: 0.3.1',
      );
    });

    it('a plugin that rejects the target beside one that may accept it: each said as what it is', () => {
      const r = decideVersion({ current: str('0.3.1'), support: [loopback, exact('calico', ['0.3.1'])], runtime: CONTAINERD_164, targetVersion: '1.0.0' });
      const [d] = r.diagnostics;
      if (d?.code !== 'TARGET_VERSION_UNSUPPORTED') throw new Error(`got ${d?.code}`);
      expect(d.args.plugins).toEqual(['calico (accept 0.3.1)']);
      expect(d.args.unconfirmed?.map((u) => u.type)).toEqual(['loopback']);
    });
  });

  it('a release-unknown plugin: a version no release accepts is rewritten', () => {
    const weave: PluginSupport = {
      type: 'weave-net',
      status: 'release-unknown',
      certain: ['0.1.0', '0.2.0', '0.3.0'],
      possible: ['0.1.0', '0.2.0', '0.3.0'],
      rows: [{ releases: '>=2.0.0', versions: ['0.1.0', '0.2.0', '0.3.0'], project: 'weave' }],
      sources: [],
    };
    const r = decideVersion({ current: str('0.3.1'), support: [weave], runtime: CONTAINERD_164 });
    expect(r.decision).toMatchObject({ action: 'rewrite', version: '0.3.0' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['CNI_VERSION_UNSUPPORTED']);
  });
});

// ---------------------------------------------------------------------------------------------

describe('policy through planFile', () => {
  it('missing → insert max(S) (cni-plugins 1.1.1 on containerd 1.6.4: 1.0.0), pointing at the object', () => {
    const p = plan(conflist(undefined, 'bridge', 'portmap'), cniPlugins('1.1.1'));
    expect(p.networks[0]!.decision).toMatchObject({ action: 'insert', from: null, version: '1.0.0' });
    expect(p.networks[0]!.supportedByAll).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0']);
    expect(args(p, 'CNI_VERSION_MISSING')).toEqual({ inserted: '1.0.0' });
    expect(p.diagnostics.find((d) => d.code === 'CNI_VERSION_MISSING')!.position).toMatchObject({ offset: 0, line: 1, column: 1 });
    expect(p.after).toContain('"cniVersion": "1.0.0"');
  });

  it('missing, release not stated → insert what every release accepts (0.3.1 for cni-plugins)', () => {
    const p = plan(conflist(undefined, 'bridge', 'portmap'));
    expect(p.networks[0]!.decision).toMatchObject({ action: 'insert', version: '0.3.1' });
  });

  it('empty string → rewrite', () => {
    const p = plan(conflist('', 'bridge'), cniPlugins('1.1.1'));
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', from: '', version: '1.0.0' });
    expect(codes(p)).toEqual(['CNI_VERSION_MISSING']);
    expect(p.edits[0]!.length).toBe(2);
  });

  it('present and in S → keep, no edit, no version diagnostics', () => {
    const p = plan(conflist('0.4.0', 'bridge', 'portmap'), cniPlugins('1.1.1'));
    expect(p.networks[0]!.decision).toMatchObject({ action: 'keep', version: '0.4.0' });
    expect(p.edits).toEqual([]);
    expect(p.diagnostics).toEqual([]);
  });

  it('1.1.0 on containerd 1.6.4 with cni-plugins 1.1.1 → rewrite 1.0.0; plugins and runtime both reject it', () => {
    const p = plan(conflist('1.1.0', 'bridge', 'portmap'), cniPlugins('1.1.1'));
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', from: '1.1.0', version: '1.0.0' });
    const a = args(p, 'CNI_VERSION_UNSUPPORTED');
    expect(a).toMatchObject({ version: '1.1.0', replacement: '1.0.0' });
    expect(a.plugins.join(' ')).toMatch(/bridge/);
    expect(a.plugins.join(' ')).toMatch(/portmap/);
    expect(a.runtime).toMatch(/containerd 1\.6\.4/);
    const pos = p.diagnostics.find((d) => d.code === 'CNI_VERSION_UNSUPPORTED')!.position!;
    expect(p.before.slice(pos.offset, pos.offset + pos.length)).toBe('"1.1.0"');
  });

  it('1.1.0 with cni-plugins 1.6.0 on containerd 1.6.4 → only the runtime rejects it', () => {
    const p = plan(conflist('1.1.0', 'bridge'), cniPlugins('1.6.0'));
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', version: '1.0.0' });
    const a = args(p, 'CNI_VERSION_UNSUPPORTED');
    expect(a.plugins).toEqual([]);
    expect(a.runtime).toMatch(/containerd 1\.6\.4/);
  });

  it('1.1.0 on containerd 2.0.0 with cni-plugins 1.6.0 → stays', () => {
    const p = plan(conflist('1.1.0', 'bridge', 'portmap'), { runtime: 'containerd@2.0.0', ...cniPlugins('1.6.0') });
    expect(p.networks[0]!.decision).toMatchObject({ action: 'keep', version: '1.1.0' });
    expect(p.changed).toBe(false);
    expect(p.diagnostics).toEqual([]);
  });

  it('1.1.0 on containerd 2.0.0 with cni-plugins 1.1.1 → rewrite; the runtime is not blamed', () => {
    const p = plan(conflist('1.1.0', 'bridge'), { runtime: 'containerd@2.0.0', ...cniPlugins('1.1.1') });
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', version: '1.0.0' });
    expect(args(p, 'CNI_VERSION_UNSUPPORTED').runtime).toBeNull();
  });

  it('weave-net rejects 0.3.1 → rewrite 0.3.0, blaming weave-net only', () => {
    const p = plan(conflist('0.3.1', 'weave-net', 'portmap'));
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', from: '0.3.1', version: '0.3.0' });
    const a = args(p, 'CNI_VERSION_UNSUPPORTED');
    expect(a.plugins).toHaveLength(1);
    expect(a.plugins[0]).toMatch(/^weave-net\b/);
    expect(a.runtime).toBeNull();
  });

  it.each([
    ['"0.3"', '0.3'],
    ['"v1.0.0"', 'v1.0.0'],
    ['"1.0"', '1.0'],
    ['"1.0.1"', '1.0.1'],
    ['" 1.0.0"', ' 1.0.0'],
  ])('invalid string %s → CNI_VERSION_INVALID + rewrite', (_label, value) => {
    const p = plan(conflist(value, 'bridge'), cniPlugins('1.1.1'));
    expect(args(p, 'CNI_VERSION_INVALID')).toEqual({ value, replacement: '1.0.0' });
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', from: value, version: '1.0.0' });
    expect(codes(p)).not.toContain('CNI_VERSION_UNSUPPORTED');
  });

  it('invalid number 0.3 → CNI_VERSION_INVALID + rewrite of the number token', () => {
    const p = plan(conflist('raw:0.3', 'bridge'), cniPlugins('1.1.1'));
    expect(args(p, 'CNI_VERSION_INVALID')).toEqual({ value: '0.3', replacement: '1.0.0' });
    expect(p.networks[0]!.currentVersion).toBe('0.3');
    expect(p.after).toContain('"cniVersion": "1.0.0",');
  });

  it('firewall from cni-plugins 1.0.0 accepts only 0.4.0: bridge + firewall at 1.0.0 → 0.4.0', () => {
    const p = plan(conflist('1.0.0', 'bridge', 'firewall'), cniPlugins('1.0.0'));
    expect(p.networks[0]!.supportedByAll).toEqual(['0.4.0']);
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', version: '0.4.0' });
    expect(args(p, 'CNI_VERSION_UNSUPPORTED').plugins.join(' ')).toMatch(/firewall/);
    expect(args(p, 'CNI_VERSION_UNSUPPORTED').plugins.join(' ')).not.toMatch(/bridge/);
  });

  it('missing with bridge + firewall from cni-plugins 1.0.0 → insert 0.4.0', () => {
    const p = plan(conflist(undefined, 'bridge', 'firewall'), cniPlugins('1.0.0'));
    expect(p.networks[0]!.decision).toMatchObject({ action: 'insert', version: '0.4.0' });
  });

  it('bandwidth in cni-plugins 1.0.0 rejects 0.4.0 → rewrite 1.0.0', () => {
    const p = plan(conflist('0.4.0', 'bridge', 'bandwidth'), cniPlugins('1.0.0'));
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', from: '0.4.0', version: '1.0.0' });
    const a = args(p, 'CNI_VERSION_UNSUPPORTED');
    expect(a.plugins).toHaveLength(1);
    expect(a.plugins[0]).toMatch(/^bandwidth\b/);
  });

  it('bandwidth accepts 0.4.0 again from cni-plugins 1.0.1', () => {
    const p = plan(conflist('0.4.0', 'bridge', 'bandwidth'), cniPlugins('1.0.1'));
    expect(p.networks[0]!.decision).toMatchObject({ action: 'keep', version: '0.4.0' });
  });

  it('firewall + bandwidth from cni-plugins 1.0.0: S empty → CNI_VERSION_NO_COMMON, no edit', () => {
    const p = plan(conflist('0.4.0', 'firewall', 'bandwidth'), cniPlugins('1.0.0'));
    expect(p.networks[0]!.supportedByAll).toEqual([]);
    expect(p.networks[0]!.decision.action).toBe('none');
    expect(args(p, 'CNI_VERSION_NO_COMMON').plugins).toEqual(['firewall', 'bandwidth']);
    // The release is stated: nothing else would settle it.
    expect(args(p, 'CNI_VERSION_NO_COMMON').releases).toBeUndefined();
    expect(p.edits).toEqual([]);
    expect(p.changed).toBe(false);
  });

  it('firewall + bandwidth of unknown release: no version in every release, but stating it or probing settles it, and the finding says so', () => {
    const p = plan(conflist(undefined, 'firewall', 'bandwidth'), {});
    expect(p.networks[0]!.supportedByAll).toEqual([]);
    expect(args(p, 'CNI_VERSION_NO_COMMON')).toEqual({ plugins: ['firewall', 'bandwidth'], releases: ['cni-plugins'] });
    expect(formatDiagnostic(p.diagnostics.find((d) => d.code === 'CNI_VERSION_NO_COMMON')!)).toContain(
      'in every release the data knows, but some releases share one: state the release with --plugin cni-plugins@RELEASE, or probe the binaries with --bin-dir',
    );
    // Stated, the release decides: cni-plugins 1.1.1 share 1.0.0.
    expect(plan(conflist(undefined, 'firewall', 'bandwidth'), cniPlugins('1.1.1')).networks[0]!.decision).toMatchObject({ action: 'insert', version: '1.0.0' });
  });

  it('an unknown plugin → PLUGIN_UNKNOWN at its type token, no edit', () => {
    const text = conflist(undefined, 'bond', 'portmap');
    const p = plan(text, cniPlugins('1.1.1'));
    expect(args(p, 'PLUGIN_UNKNOWN')).toEqual({ type: 'bond' });
    const pos = p.diagnostics.find((d) => d.code === 'PLUGIN_UNKNOWN')!.position!;
    expect(text.slice(pos.offset, pos.offset + pos.length)).toBe('"bond"');
    expect(p.networks[0]!.decision.action).toBe('none');
    expect(p.networks[0]!.support.find((s) => s.type === 'bond')).toEqual({ type: 'bond', status: 'unknown' });
    expect(p.edits).toEqual([]);
  });

  it('a template placeholder type is unknown: no edit', () => {
    const p = plan(conflist(undefined, 'calico', '__IPAM_TYPE__'));
    expect(args(p, 'PLUGIN_UNKNOWN')).toEqual({ type: '__IPAM_TYPE__', templated: true });
    expect(codes(p)).not.toContain('PLUGIN_TYPE_INVALID');
    expect(p.edits).toEqual([]);
  });

  it('an invalid binary name → PLUGIN_TYPE_INVALID and treated as unknown', () => {
    const p = plan(conflist(undefined, '../../bin/sh'));
    expect(args(p, 'PLUGIN_TYPE_INVALID')).toEqual({ type: '../../bin/sh' });
    expect(p.edits).toEqual([]);
  });

  it('a chain member without a type → PLUGIN_TYPE_INVALID with an empty type', () => {
    const p = plan('{"cniVersion": "0.3.1", "name": "n", "plugins": [{"type": "bridge"}, {"mtu": 1}]}');
    expect(args(p, 'PLUGIN_TYPE_INVALID')).toEqual({ type: '' });
  });

  it('--target-version in S → rewrite to it', () => {
    const p = plan(conflist('0.3.1', 'bridge', 'portmap'), { targetVersion: '1.0.0', ...cniPlugins('1.1.1') });
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', from: '0.3.1', version: '1.0.0' });
    expect(p.diagnostics).toEqual([]);
  });

  it('--target-version may also move down within S', () => {
    const p = plan(conflist('1.0.0', 'bridge'), { targetVersion: '0.4.0', ...cniPlugins('1.1.1') });
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', version: '0.4.0' });
  });

  it('--target-version not in S → TARGET_VERSION_UNSUPPORTED naming calico 3.22\'s limit, no edit', () => {
    const text = conflist('0.3.1', 'calico', 'portmap').replace('{ "type": "calico" }', '{ "type": "calico", "ipam": { "type": "calico-ipam" } }');
    const p = plan(text, { targetVersion: '1.0.0', plugins: { releases: { calico: '3.22.0', 'cni-plugins': '1.0.0' } } });
    const a = args(p, 'TARGET_VERSION_UNSUPPORTED');
    expect(a.target).toBe('1.0.0');
    expect(a.plugins).toHaveLength(1);
    expect(a.plugins[0]).toMatch(/^calico, calico-ipam\b/);
    expect(a.plugins[0]).toMatch(/0\.1\.0.0\.3\.1/);
    expect(a.runtime).toBeNull();
    expect(a.supportedByAll).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1']);
    expect(p.networks[0]!.decision.action).toBe('none');
    expect(p.edits).toEqual([]);
  });

  it('--target-version newer than the runtime → TARGET_VERSION_UNSUPPORTED naming the runtime', () => {
    const p = plan(conflist('1.0.0', 'bridge'), { targetVersion: '1.1.0', ...cniPlugins('1.6.0') });
    const a = args(p, 'TARGET_VERSION_UNSUPPORTED');
    expect(a.plugins).toEqual([]);
    expect(a.runtime).toMatch(/containerd 1\.6\.4/);
    expect(p.edits).toEqual([]);
  });

  it('calico 3.23+ accepts 1.0.0', () => {
    const p = plan(conflist('0.3.1', 'calico'), { targetVersion: '1.0.0', plugins: { releases: { calico: 'v3.26' } } });
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', version: '1.0.0' });
  });

  it('release-unknown plugin with a version only some releases accept → CNI_VERSION_UNCONFIRMED, kept (no downgrade)', () => {
    const p = plan(conflist('1.0.0', 'bridge', 'portmap'));
    expect(p.networks[0]!.decision).toMatchObject({ action: 'keep', version: '1.0.0' });
    expect(p.edits).toEqual([]);
    const a = args(p, 'CNI_VERSION_UNCONFIRMED');
    expect(a.version).toBe('1.0.0');
    expect(a.plugins.map((x) => x.type)).toEqual(['bridge', 'portmap']);
    // The data's rows `>=1.0.0 <1.6.0` and `>=1.6.0` read as one range.
    expect(a.plugins[0]!.acceptedFrom).toEqual([{ project: 'cni-plugins', releases: '>=1.0.0' }]);
    // Calico's fork of portmap comes only with Calico: not named in a chain without calico.
    expect(a.plugins[1]!.projects).toEqual(['cni-plugins']);
    expect(codes(p)).not.toContain('CNI_VERSION_UNSUPPORTED');
  });

  it('beside calico, portmap of unknown release may be Calico\'s fork: both projects are named', () => {
    const a = args(plan(conflist('1.0.0', 'calico', 'portmap')), 'CNI_VERSION_UNCONFIRMED');
    const portmap = a.plugins.find((x) => x.type === 'portmap')!;
    expect(portmap.projects).toEqual(['cni-plugins', 'calico-cni-plugins']);
    expect(portmap.acceptedFrom).toEqual([
      { project: 'cni-plugins', releases: '>=1.0.0' },
      { project: 'calico-cni-plugins', releases: '>=3.27.5 <3.28.0 || >=3.28.3' },
    ]);
  });

  it('a version every release from the warning floor on accepts is kept without a warning (0.4.0 with the standard plugins)', () => {
    const p = plan(conflist('0.4.0', 'bridge', 'portmap'));
    expect(p.networks[0]!.decision).toMatchObject({ action: 'keep', version: '0.4.0' });
    expect(p.diagnostics).toEqual([]);
    // The releases before the floor still count when a version is chosen: a missing one gets 0.3.1.
    expect(plan(conflist(undefined, 'bridge', 'portmap')).networks[0]!.decision).toMatchObject({ action: 'insert', version: '0.3.1' });
  });

  it('a release stated below the warning floor is judged by its own row', () => {
    const p = plan(conflist('0.4.0', 'bridge'), cniPlugins('0.7.5'));
    expect(codes(p)).toContain('CNI_VERSION_UNSUPPORTED');
  });

  it('stating the release turns CNI_VERSION_UNCONFIRMED into a plain keep', () => {
    const p = plan(conflist('1.0.0', 'bridge', 'portmap'), cniPlugins('1.1.1'));
    expect(p.diagnostics).toEqual([]);
  });

  it('explicit supported facts override the data', () => {
    const p = plan(conflist('1.0.0', 'bridge'), {
      plugins: {
        releases: { 'cni-plugins': '1.1.1' },
        supported: { bridge: { versions: ['0.4.0', '0.3.1'], source: { kind: 'flag', flag: '--plugin bridge=0.3.1,0.4.0' } } },
      },
    });
    expect(p.networks[0]!.support[0]).toEqual({
      type: 'bridge',
      status: 'exact',
      versions: ['0.3.1', '0.4.0'],
      sources: [{ kind: 'flag', flag: '--plugin bridge=0.3.1,0.4.0' }],
    });
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', version: '0.4.0' });
  });

  it('explicit facts make an unknown plugin known', () => {
    const p = plan(conflist(undefined, 'antrea'), {
      plugins: { supported: { antrea: { versions: ['0.3.0', '0.3.1'], source: { kind: 'probe', binary: '/opt/cni/bin/antrea' } } } },
    });
    expect(p.networks[0]!.decision).toMatchObject({ action: 'insert', version: '0.3.1' });
    expect(codes(p)).not.toContain('PLUGIN_UNKNOWN');
  });

  it('containerd 1.5.0 bounds the choice to 0.4.0', () => {
    const p = plan(conflist('1.0.0', 'bridge'), { runtime: 'containerd@1.5.0', ...cniPlugins('1.1.1') });
    expect(p.networks[0]!.supportedByAll.at(-1)).toBe('0.4.0');
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', version: '0.4.0' });
    const a = args(p, 'CNI_VERSION_UNSUPPORTED');
    expect(a.plugins).toEqual([]);
    expect(a.runtime).toMatch(/containerd 1\.5\.0/);
  });

  it('cri-o 1.24.0 resolves and bounds to 1.0.0', () => {
    const p = plan(conflist(undefined, 'bridge'), { runtime: 'cri-o@1.24.0', ...cniPlugins('1.6.0') });
    expect(p.networks[0]!.decision).toMatchObject({ action: 'insert', version: '1.0.0' });
  });

  it('a resolved runtime object is accepted as is', () => {
    const p = plan(conflist(undefined, 'bridge'), { runtime: CONTAINERD_200, ...cniPlugins('1.6.0') });
    expect(p.networks[0]!.decision).toMatchObject({ action: 'insert', version: '1.1.0' });
  });

  it.each(['docker@20.10.0', 'containerd', 'containerd@', 'containerd@latest', 'containerd@1.3.0', 'cri-o@1.14.0', '@1.6.4', 'containerd@1.6.4.1'])(
    'bad runtime %j → RuntimeSpecError',
    (runtime) => {
      expect(() => planFile({ path: 'x.conflist', text: conflist('1.0.0', 'bridge') }, { runtime })).toThrow(RuntimeSpecError);
    },
  );

  it('duplicate cniVersion → DUPLICATE_KEY; the LAST one decides and is edited', () => {
    const text = '{\n  "cniVersion": "0.3.1",\n  "name": "n",\n  "type": "bridge",\n  "cniVersion": "1.1.0"\n}\n';
    const p = plan(text, cniPlugins('1.1.1'), '10-n.conf');
    expect(args(p, 'DUPLICATE_KEY')).toEqual({ key: 'cniVersion', count: 2 });
    expect(p.diagnostics.find((d) => d.code === 'DUPLICATE_KEY')!.position).toMatchObject({ line: 5 });
    expect(p.networks[0]!.currentVersion).toBe('1.1.0');
    expect(p.edits).toEqual([{ offset: text.lastIndexOf('"1.1.0"'), length: 7, content: '"1.0.0"' }]);
    expect(p.after).toBe(text.replace('"1.1.0"', '"1.0.0"'));
    expect(p.after).toContain('"cniVersion": "0.3.1"');
  });

  it('duplicate cniVersion whose last value is fine → kept, first (bad) one ignored', () => {
    const p = plan('{"cniVersion": "9.9", "name": "n", "type": "bridge", "cniVersion": "0.3.1"}', {}, 'x.conf');
    expect(p.networks[0]!.decision).toMatchObject({ action: 'keep', version: '0.3.1' });
    expect(codes(p)).toEqual(['DUPLICATE_KEY']);
  });

  it('duplicate plugin type inside one member: the last one is checked (Go semantics)', () => {
    const p = plan('{"cniVersion": "0.3.1", "name": "n", "type": "antrea", "type": "bridge"}', {}, 'x.conf');
    expect(p.networks[0]!.plugins.map((x) => x.type)).toEqual(['bridge']);
    expect(codes(p)).not.toContain('PLUGIN_UNKNOWN');
  });

  it('findings gathered outside the core are attached to the plugin', () => {
    const text = conflist('1.0.0', 'bridge');
    const p = plan(text, {
      plugins: { problems: { bridge: [diagnostic('PLUGIN_BINARY_MISSING', { type: 'bridge', binDir: '/opt/cni/bin' })] } },
    });
    const d = p.diagnostics.find((x) => x.code === 'PLUGIN_BINARY_MISSING')!;
    expect(d.args).toEqual({ type: 'bridge', binDir: '/opt/cni/bin' });
    expect(text.slice(d.position!.offset, d.position!.offset + d.position!.length)).toBe('"bridge"');
  });

  it('a plugin listed twice is resolved once', () => {
    const p = plan(conflist('0.3.1', 'bridge', 'bridge'));
    expect(p.networks[0]!.support.map((s) => s.type)).toEqual(['bridge']);
  });
});

describe('a network whose result reaches the runtime only as a default network (a NetworkAttachmentDefinition)', () => {
  const ALL = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'];
  const multus = (versions: string[]): PluginSupport => ({ ...exact('multus', versions), executor: true } as PluginSupport);
  const decide = (current: CurrentVersion, support: PluginSupport[], extra: { targetVersion?: string } = {}) =>
    decideVersion({ current, support, runtime: CONTAINERD_164, resultToRuntime: 'as-default-network', ...extra });

  it('a version the plugins and Multus accept but the runtime cannot read is kept, with ATTACHMENT_NEWER_THAN_RUNTIME', () => {
    const r = decide(str('1.1.0'), [exact('macvlan', ALL), multus(ALL)]);
    expect(r.decision).toMatchObject({ action: 'keep', version: '1.1.0' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['ATTACHMENT_NEWER_THAN_RUNTIME']);
    expect(r.diagnostics[0]!.args).toMatchObject({ version: '1.1.0', runtime: expect.stringMatching(/^containerd 1\.6\.4 \(libcni .* executes up to 1\.0\.0\)$/) });
    // The same network executed by the runtime is rewritten.
    const byRuntime = decideVersion({ current: str('1.1.0'), support: [exact('macvlan', ALL), multus(ALL)], runtime: CONTAINERD_164 });
    expect(byRuntime.decision).toMatchObject({ action: 'rewrite', version: '1.0.0' });
    expect(byRuntime.diagnostics.map((d) => d.code)).toEqual(['CNI_VERSION_UNSUPPORTED', 'VERSION_DOWNGRADE_LIVE']);
  });

  it('what a plugin or Multus rejects is rewritten, naming them and not the runtime', () => {
    const r = decide(str('1.1.0'), [exact('macvlan', ALL.slice(0, 6)), multus(ALL)]);
    expect(r.decision).toMatchObject({ action: 'rewrite', version: '1.0.0' });
    expect(r.decision.action === 'rewrite' && r.decision.reason).toMatch(/^1\.1\.0 is rejected by macvlan;/);
    expect(r.diagnostics.map((d) => d.code)).not.toContain('ATTACHMENT_NEWER_THAN_RUNTIME');
  });

  it('an inserted version, and a target, are still ones the runtime executes', () => {
    const inserted = decide(missing, [exact('macvlan', ALL), multus(ALL)]);
    expect(inserted.decision).toMatchObject({ action: 'insert', version: '1.0.0' });
    const target = decide(str('0.4.0'), [exact('macvlan', ALL), multus(ALL)], { targetVersion: '1.1.0' });
    expect(target.decision.action).toBe('none');
    expect(target.diagnostics.map((d) => d.code)).toEqual(['TARGET_VERSION_UNSUPPORTED']);
  });

  it('a version the runtime reads gets no such warning', () => {
    expect(decide(str('1.0.0'), [exact('macvlan', ALL), multus(ALL)]).diagnostics).toEqual([]);
  });
});
