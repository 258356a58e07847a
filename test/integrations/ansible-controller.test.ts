/**
 * The control-node half of the action plugin, called in-process (`answer`) the way the plugin
 * calls it: a node's files mirrored under a folder, probes asked for and then judged from runs of
 * Debian's real plugin binaries made with exactly the environment and stdin the answer names.
 * `runModule` on a real copy, and `cni-migrate fix`, are the oracles.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answer, type ControllerAnswer } from '../../src/ansible/controller.js';
import { runModule } from '../../src/ansible/module.js';
import { runtimeFromVersionOutput } from '../../src/ansible/runtime-version.js';
import type { ProbeRun } from '../../src/io/probe.js';
import { repoRoot, scratchDirs, snapshotTree } from '../helpers/cli.js';

const { temp } = scratchDirs(afterAll, 'cni-migrate-controller-');
const NET_D = join(repoRoot, 'fixtures', 'example', 'nodes', 'worker', 'etc', 'cni', 'net.d');

/** A node's /etc/cni/net.d mirrored under a fresh folder, as the action plugin stages it. */
function staged(): { root: string; netd: string } {
  const root = temp();
  const netd = join(root, 'etc', 'cni', 'net.d');
  mkdirSync(netd, { recursive: true });
  cpSync(NET_D, netd, { recursive: true });
  return { root, netd };
}

/** Runs the asked-for binaries from `dir` as the plugin does on a node: that environment only, that stdin, no shell. */
function runProbes(asked: Extract<ControllerAnswer, { probe: unknown }>['probe'], dir: string): Record<string, ProbeRun> {
  const runs: Record<string, ProbeRun> = {};
  for (const type of asked.types) {
    const r = spawnSync(join(dir, type), [], { env: asked.env, input: asked.stdin, encoding: 'utf8', timeout: asked.timeout_ms });
    const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
    // A plugin that answers and exits before its stdin is written leaves EPIPE behind: it ran, and
    // is judged by its reply, as exec-bounded.ts judges it (the action plugin, whose command
    // module keeps no reply then, makes the call again: ansible-version-call.test.ts).
    const ran = !r.error || (code === 'EPIPE' && r.status !== null);
    // As the action plugin tells them apart: no binary, no answer in time, or another failure.
    runs[type] = ran ? { state: 'ran', code: r.status, stdout: r.stdout } : code === 'ENOENT' ? { state: 'missing' } : { state: 'failed', error: code === 'ETIMEDOUT' ? `no answer within ${asked.timeout_ms} ms` : r.error!.message };
  }
  return runs;
}

describe('answer', () => {
  it('asks for the probes the files need, then plans with them as runModule plans the same files with bin_dir', async () => {
    const { root } = staged();
    // A generous probe timeout: a busy test machine must not decide what the plugins answer.
    const args = { path: '/etc/cni/net.d', bin_dir: '/opt/cni/bin', runtime: 'containerd@1.7.0', probe_timeout: 30_000, _ansible_diff: true };
    const first = await answer({ args, root });
    expect(first).toMatchObject({ probe: { types: ['bridge', 'host-local', 'loopback', 'portmap'], stdin: '{"cniVersion":"1.1.0"}', timeout_ms: 30_000 } });
    if (!('probe' in first)) throw new Error('no probe asked');
    const { probe_timeout: _timeout, ...withDefaults } = args;
    expect(await answer({ args: withDefaults, root })).toMatchObject({ probe: { timeout_ms: 5000 } });
    expect(first.probe.env).toMatchObject({ CNI_COMMAND: 'VERSION', PATH: '/usr/sbin:/usr/bin:/sbin:/bin' });

    const planned = await answer({ args, root, probes: runProbes(first.probe, '/usr/lib/cni') });
    if (!('result' in planned)) throw new Error('probes asked twice');
    // The oracle: the node-side module on a real copy, probing the same binaries itself.
    const copy = temp();
    cpSync(NET_D, join(copy, 'net.d'), { recursive: true });
    const direct = await runModule({ path: join(copy, 'net.d'), bin_dir: '/usr/lib/cni', runtime: 'containerd@1.7.0', probe_timeout: 30_000, _ansible_check_mode: true, _ansible_diff: true });
    expect(planned.result.changed_files).toEqual(['/etc/cni/net.d/99-loopback.conf']);
    expect(planned.result.findings!.map((f) => f.code), JSON.stringify(planned.result.findings)).toEqual(direct.findings!.map((f) => f.code));
    expect(planned.writes).toEqual([{ path: '/etc/cni/net.d/99-loopback.conf', before: readFileSync(join(NET_D, '99-loopback.conf'), 'utf8'), after: direct.diff![0]!.after }]);
    expect(planned.result.msg).toBe('changed 1 of 2 CNI configs');
    expect(planned.result.diff).toEqual([{ before: planned.writes[0]!.before, after: planned.writes[0]!.after, before_header: '/etc/cni/net.d/99-loopback.conf', after_header: '/etc/cni/net.d/99-loopback.conf' }]);
    // Everything is named as on the node; nothing of the mirror shows, and the mirror is not written.
    expect(JSON.stringify(planned)).not.toContain(root);
    expect(planned.result.load_order![0]!.directory).toBe('/etc/cni/net.d');
    expect(snapshotTree(root)).toEqual(Object.fromEntries(Object.entries(snapshotTree(NET_D)).map(([k, v]) => [join('etc', 'cni', 'net.d', k), v])));
  });

  it('judges what the node said of its binaries: missing, not executable, a failed run, an error reply', async () => {
    const { root } = staged();
    const args = { path: '/etc/cni/net.d', bin_dir: '/opt/cni/bin', runtime: 'containerd@1.7.0', fail_on: 'never', _ansible_check_mode: true };
    const probes: Record<string, ProbeRun> = {
      bridge: { state: 'missing' },
      'host-local': { state: 'not-executable' },
      loopback: { state: 'failed', error: 'no answer within 5000 ms' },
      portmap: { state: 'ran', code: 1, stdout: '{"code":4,"msg":"incompatible CNI versions"}' },
    };
    const planned = await answer({ args, root, probes });
    if (!('result' in planned)) throw new Error('probes asked again');
    const said = planned.result.findings!.map((f) => `${f.code} ${f.message}`).join('\n');
    expect(said).toContain('PLUGIN_BINARY_MISSING');
    expect(said).toContain('/opt/cni/bin/host-local');
    expect(said).toContain('not executable');
    expect(said).toContain('no answer within 5000 ms');
    expect(said).toContain('incompatible CNI versions');
    expect(planned.writes).toEqual([]); // check mode
  });

  it("takes the runtime from the node's --version output when none is given, and warns when it cannot", async () => {
    const { root } = staged();
    const args = { path: '/etc/cni/net.d', _ansible_check_mode: true };
    const crio = await answer({ args, root, runtime_version: { name: 'crio', output: 'crio version\nVersion:       1.18.0\nGitCommit:     7d79f42b\n' } });
    expect(crio).toMatchObject({ result: { runtime: { name: 'cri-o', version: '1.18.0' } } });
    const given = await answer({ args: { ...args, runtime: 'containerd@1.7.0' }, root, runtime_version: { name: 'crio', output: 'crio version 1.17.1' } });
    expect(given).toMatchObject({ result: { runtime: { name: 'containerd', version: '1.7.0' } } });
    const none = await answer({ args, root, runtime_version: null });
    expect(none).toMatchObject({ result: { runtime: { version: '1.6.4' }, warnings: [expect.stringContaining('neither containerd nor crio')] } });
  });

  it('refuses a relative path, and names paths that do not exist as on the node', async () => {
    const { root } = staged();
    expect(await answer({ args: { path: 'etc/cni/net.d' }, root })).toMatchObject({ result: { failed: true, msg: expect.stringContaining('path must be absolute') } });
    writeFileSync(join(root, 'etc', 'cni', 'net.d', '05-broken.conflist'), '{ "name": "broken", "plugins": [ { "type": "bridge" }\n');
    const broken = await answer({ args: { path: '/etc/cni/net.d' }, root });
    expect(broken).toMatchObject({ result: { failed: true, msg: expect.stringMatching(/^\/etc\/cni\/net\.d\/05-broken\.conflist: \d+:\d+: .*nothing was written$/) }, writes: [] });
  });
});

describe('runtimeFromVersionOutput', () => {
  it.each([
    ['containerd', 'containerd github.com/containerd/containerd v1.7.13 7c3aca7a610df76212171d200ca3811ff6096eb8', 'containerd@1.7.13'],
    ['containerd', 'containerd containerd.io 1.6.28 ae07eda36dd25f8a1b98dfbf587313b99c0190bb', 'containerd@1.6.28'],
    ['containerd', 'containerd github.com/containerd/containerd v2.0.0-rc.1 abc', 'containerd@2.0.0'],
    ['crio', 'crio version 1.17.1\ncommit: 0eec454168e381e460b3d6de07bf50bfd9b0d082', 'cri-o@1.17.1'],
    ['crio', 'crio version \nVersion:    1.18.1\nGoVersion:  go1.13.8', 'cri-o@1.18.1'],
    ['crio', 'crio version 1.18.4\nVersion:       1.18.4\nGitCommit:     be796d1a', 'cri-o@1.18.4'],
    ['crio', 'VERSION:\n   Version:        1.31.0\n   GitCommit:      f68b12ce', 'cri-o@1.31.0'],
    ['containerd', 'ctr version 1.7.0', null],
    ['crio', 'crio version unknown', null],
    ['docker', 'Docker version 24.0.7, build afdd53b', null],
  ])('%s: %j → %s', (name, output, expected) => {
    expect(runtimeFromVersionOutput(name, output)).toBe(expected);
  });
});
