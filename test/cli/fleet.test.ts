/** Repeatable --runtime and --cni-versions through the built CLI, with the patch applied by real `git apply`. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, git, scratchDirs } from '../helpers/cli.js';

const { temp } = scratchDirs(afterEach, 'cni-migrate-fleet-');
const FLEET = ['--runtime', 'containerd@1.7.27', '--runtime', 'containerd@2.1.0'];
const LIST = '{\r\n  "name": "net",\r\n  "cniVersion": "1.1.0",\r\n  "plugins": [\r\n    { "type": "bridge", "ipam": { "type": "host-local" } },\r\n    { "type": "portmap" }\r\n  ]\r\n}\r\n';

function repo(): string {
  const dir = temp();
  writeFileSync(join(dir, '10-net.conflist'), LIST);
  writeFileSync(join(dir, '10-old.conflist'), LIST.replace('"net"', '"old"'));
  for (const args of [['init', '-q'], ['add', '-A'], ['commit', '-qm', 'base']]) expect(git(args, dir).code).toBe(0);
  return dir;
}

describe('--runtime, repeated', () => {
  it('judges against the oldest and names every runtime; --format json carries the list and what each runtime executes', () => {
    const dir = repo();
    const r = cli(['check', '10-net.conflist', '--format', 'json', '--plugin', 'cni-plugins@1.6.0', ...FLEET], dir);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as {
      runtime: { version: string };
      runtimes: { name: string; version: string; maxConfigVersion: string }[];
      files: { networks: { decision: { version: string; reason: string }; executes: unknown }[] }[];
    };
    expect(report.runtime.version).toBe('1.7.27');
    expect(report.runtimes.map((x) => `${x.name}@${x.version} ${x.maxConfigVersion}`)).toEqual(['containerd@1.7.27 1.0.0', 'containerd@2.1.0 1.1.0']);
    const net = report.files[0]!.networks[0]!;
    expect(net.decision.version).toBe('1.0.0');
    expect(net.decision.reason).toContain('1.1.0 is rejected by containerd 1.7.27; 1.0.0 is the newest version accepted by bridge, host-local, portmap and containerd 1.7.27, containerd 2.1.0');
    expect(net.executes).toEqual([
      { runtime: 'containerd 1.7.27', version: '1.0.0' },
      { runtime: 'containerd 2.1.0', version: '1.0.0' },
    ]);
  });

  it('the text report has one line per network saying what each runtime executes; one runtime gets no such line', () => {
    const dir = repo();
    const r = cli(['check', '10-net.conflist', '--plugin', 'cni-plugins@1.6.0', '--cni-versions', ...FLEET], dir);
    expect(r.stdout).toContain('network "net": containerd 1.7.27 executes 1.0.0; containerd 2.1.0 executes 1.1.0');
    expect(r.stdout).toContain('network "net": would insert cniVersions ["1.0.0", "1.1.0"]');
    const one = cli(['check', '10-net.conflist', '--plugin', 'cni-plugins@1.6.0', '--runtime', 'containerd@2.1.0', '--runtime', 'containerd@2.1.0'], dir);
    expect(one.stdout).not.toContain('executes');
    expect(one.code).toBe(0);
  });

  it('a bad runtime among several is a usage error (exit 2)', () => {
    const r = cli(['check', '.', '--runtime', 'containerd@1.7.27', '--runtime', 'containerd@1.3.0'], repo());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no compatibility data for containerd 1.3.0');
  });
});

describe('--cni-versions', () => {
  it('diff writes cniVersions beside cniVersion (CRLF kept); git apply takes the patch, it equals what fix writes, and check is clean after', () => {
    const dir = repo();
    const d = cli(['diff', '--plugin', 'cni-plugins@1.6.0', '--cni-versions', ...FLEET], dir);
    expect(d.code, d.stderr).toBe(1);
    expect(d.stdout).toContain('-  "cniVersion": "1.1.0",\r\n+  "cniVersion": "1.0.0",\r\n+  "cniVersions": ["1.0.0", "1.1.0"],\r\n');
    writeFileSync(join(dir, '.cni.patch'), d.stdout);
    const applied = git(['apply', '.cni.patch'], dir);
    expect(applied.code, applied.stderr).toBe(0);
    const fixed = repo();
    expect(cli(['fix', '--plugin', 'cni-plugins@1.6.0', '--cni-versions', ...FLEET], fixed).code).toBe(0);
    for (const f of ['10-net.conflist', '10-old.conflist']) expect(readFileSync(join(dir, f), 'utf8')).toBe(readFileSync(join(fixed, f), 'utf8'));
    const conf = JSON.parse(readFileSync(join(dir, '10-net.conflist'), 'utf8')) as { cniVersion: string; cniVersions: unknown };
    expect(conf.cniVersion).toBe('1.0.0');
    expect(conf.cniVersions).toEqual(['1.0.0', '1.1.0']);
    const after = cli(['check', '--exclude', '.cni.patch', '--plugin', 'cni-plugins@1.6.0', '--cni-versions', ...FLEET], dir);
    expect(after.code, after.stdout).toBe(0);
  });

  it('with plugins that accept nothing newer than 1.0.0, only cniVersion changes', () => {
    const dir = repo();
    const d = cli(['diff', '10-net.conflist', '--plugin', 'cni-plugins@1.1.1', '--cni-versions', ...FLEET], dir);
    expect(d.stdout).toContain('+  "cniVersion": "1.0.0",\r\n');
    expect(d.stdout).not.toContain('cniVersions');
  });

  it('help names both options', () => {
    const h = cli(['check', '--help'], temp()).stdout;
    expect(h).toContain('--cni-versions');
    expect(h).toMatch(/repeatable for a fleet mid-upgrade/);
  });
});
