/** A fleet of runtimes: the oldest bounds the version, and every message names every runtime. */
import { describe, expect, it } from 'vitest';
import { planFile, resolveContext } from '../../src/core/plan.js';
import { decideVersion } from '../../src/core/policy.js';
import { resolveRuntime, RuntimeSpecError } from '../../src/knowledge/runtime.js';
import type { PluginSupport } from '../../src/core/types.js';

const bridge = (versions: readonly string[]): PluginSupport => ({ type: 'bridge', status: 'exact', versions, sources: [{ kind: 'flag', flag: 'bridge' }] });
const UP_TO_110 = ['0.3.1', '0.4.0', '1.0.0', '1.1.0'];

describe('resolveContext with several runtimes', () => {
  it('orders them oldest first (by the newest version each executes, then libcni), each once; runtime is the oldest', () => {
    const c = resolveContext({ runtime: ['containerd@2.1.0', 'cri-o@1.24.0', 'containerd@1.7.27'], runtimes: ['containerd@2.1.0'] });
    expect(c.runtimes?.map((r) => `${r.name} ${r.version}`)).toEqual(['cri-o 1.24.0', 'containerd 1.7.27', 'containerd 2.1.0']);
    expect(c.runtime).toBe(c.runtimes![0]);
  });

  it('one runtime (or the same one twice) gives the context it always gave; a bad one throws as a single one does', () => {
    expect(resolveContext({ runtime: ['containerd@1.7.0', 'containerd@1.7.0'] })).toEqual(resolveContext({ runtime: 'containerd@1.7.0' }));
    expect(resolveContext({ runtime: 'containerd@1.7.0' }).runtimes).toBeUndefined();
    expect(() => resolveContext({ runtime: ['containerd@1.7.0', 'kubelet@1.30.0'] })).toThrow(RuntimeSpecError);
    expect(resolveContext({ runtimes: ['containerd@2.0.0', resolveRuntime('containerd@1.6.4')] }).runtime.version).toBe('1.6.4');
  });
});

describe('decideVersion for a fleet', () => {
  const fleet = [resolveRuntime('cri-o@1.24.0'), resolveRuntime('containerd@1.7.27'), resolveRuntime('containerd@2.1.0')];

  it('chooses the newest version every runtime and plugin accepts, naming every runtime', () => {
    const r = decideVersion({ current: { kind: 'missing' }, support: [bridge(UP_TO_110)], runtime: fleet[0]!, runtimes: fleet });
    expect(r.decision).toMatchObject({ action: 'insert', version: '1.0.0', reason: 'newest version accepted by bridge and cri-o 1.24.0, containerd 1.7.27, containerd 2.1.0' });
    expect(r.supportedByAll).toEqual(['0.3.1', '0.4.0', '1.0.0']);
    expect(r.supportedByPlugins).toEqual(UP_TO_110);
  });

  it('a target only the newest runtime executes is refused, naming each runtime too old for it', () => {
    const r = decideVersion({ current: { kind: 'string', value: '1.0.0' }, support: [bridge(UP_TO_110)], runtime: fleet[0]!, runtimes: fleet, targetVersion: '1.1.0' });
    expect(r.decision.action).toBe('none');
    const refused = r.diagnostics.find((d) => d.code === 'TARGET_VERSION_UNSUPPORTED');
    expect(refused?.args).toMatchObject({
      runtime: 'cri-o 1.24.0 (libcni v1.1.0 executes up to 1.0.0), containerd 1.7.27 (libcni v1.1.2 executes up to 1.0.0)',
    });
  });

  it('the runtimes given in any order: the oldest still bounds the version', () => {
    const r = decideVersion({ current: { kind: 'string', value: '1.1.0' }, support: [bridge(UP_TO_110)], runtime: fleet[2]!, runtimes: [fleet[2]!, fleet[1]!] });
    expect(r.decision).toMatchObject({ action: 'rewrite', version: '1.0.0', reason: '1.1.0 is rejected by containerd 1.7.27; 1.0.0 is the newest version accepted by bridge and containerd 1.7.27, containerd 2.1.0' });
  });
});

describe('findings of a fleet', () => {
  it('CNI_VERSIONS_UNSUPPORTED names the runtimes that read cniVersions, not the one that ignores it', () => {
    const text = '{"cniVersion": "1.0.0", "cniVersions": ["1.1.0"], "name": "n", "plugins": [{"type": "bridge"}]}';
    const p = planFile({ path: 'n.conflist', text }, { runtime: ['containerd@1.7.27', 'containerd@2.1.0', 'cri-o@1.31.0'], plugins: { releases: { 'cni-plugins': '1.1.1' } } });
    const d = p.diagnostics.find((x) => x.code === 'CNI_VERSIONS_UNSUPPORTED');
    // cri-o 1.31 vendors an older libcni than containerd 2.1: it comes first.
    expect(d?.args).toMatchObject({ effective: '1.1.0', runtime: 'cri-o 1.31.0, containerd 2.1.0' });
    expect(p.networks[0]!.executes).toEqual([
      { runtime: 'containerd 1.7.27', version: '1.0.0' },
      { runtime: 'cri-o 1.31.0', version: '1.1.0' },
      { runtime: 'containerd 2.1.0', version: '1.1.0' },
    ]);
  });

  it('LOOPBACK_TOO_OLD when any runtime of the fleet is a containerd 1.6', () => {
    const text = '{"cniVersion": "0.3.1", "name": "lo", "type": "loopback"}';
    const plugins = { supported: { loopback: { versions: ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0'], source: { kind: 'flag' as const, flag: 'loopback' } } } };
    const p = planFile({ path: '99-loopback.conf', text }, { runtime: ['containerd@2.1.0', 'containerd@1.6.3'], plugins });
    expect(p.diagnostics.find((d) => d.code === 'LOOPBACK_TOO_OLD')?.args).toMatchObject({ runtime: 'containerd 1.6.3' });
  });
});
