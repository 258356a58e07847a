/**
 * `cni-migrate probe` (src/cli/probe-command.ts), run in-process through `run()`, against Debian's
 * real plugin binaries in /usr/lib/cni and against stand-in `#!/bin/sh` plugins.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BIN_DIR } from '../../src/cli/args.js';
import { run } from '../../src/cli/run.js';
import { compat } from '../../src/knowledge/data/compat.js';
import { describeVersions } from '../../src/core/spec-versions.js';
import { versionReply, writeStandIn } from '../helpers/standin.js';
import { memoryIO } from '../helpers/memory-io.js';

const DEBIAN_DIR = '/usr/lib/cni';

interface ProbeJson {
  binDir: string;
  runtime: { name: string; version: string; maxConfigVersion: string; loopbackConfigVersion: string | null } | null;
  plugins: { type: string; binary: string; supportedVersions: string[] | null; problem: { code: string; message: string } | null; acceptsRuntimeMax: boolean | null }[];
  loopback: { configVersion: string; present: boolean; accepts: boolean | null } | null;
}

async function probe(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIO(process.cwd());
  const code = await run(['probe', ...args], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

async function probeJson(args: readonly string[]): Promise<ProbeJson> {
  const r = await probe(['--format', 'json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ProbeJson;
}

/** The loopback network version containerd `version` runs, straight from the data. */
function loopbackVersionInData(version: string): string | undefined {
  return compat.runtimes.containerd.find((r) => semver.satisfies(version, r.releases))?.loopbackConfigVersion;
}

/** The executables in /usr/lib/cni; fails (never skips) when Debian's package is not installed. */
function debianPlugins(): string[] {
  let names: string[];
  try {
    names = readdirSync(DEBIAN_DIR);
  } catch {
    names = [];
  }
  if (!names.includes('bridge') || !names.includes('loopback')) {
    throw new Error(
      `${DEBIAN_DIR}/bridge and ${DEBIAN_DIR}/loopback are missing: these tests run Debian's real CNI plugin binaries. ` +
        'Install them with `apt-get install containernetworking-plugins` (CI installs it).',
    );
  }
  return names.filter((f) => statSync(join(DEBIAN_DIR, f)).isFile() && (statSync(join(DEBIAN_DIR, f)).mode & 0o111) !== 0).sort();
}

/** Asks a binary directly, without cni-migrate's code: the oracle for what probe must report. */
function askDirectly(binary: string): string[] {
  const r = spawnSync(binary, [], { input: '{"cniVersion":"1.0.0"}', encoding: 'utf8', env: { CNI_COMMAND: 'VERSION', PATH: '/usr/bin:/bin' } });
  return (JSON.parse(r.stdout) as { supportedVersions: string[] }).supportedVersions;
}

describe("Debian's plugins in /usr/lib/cni", { timeout: 60_000 }, () => {
  it('lists every executable with exactly what it answers', async () => {
    const names = debianPlugins();
    const doc = await probeJson(['--bin-dir', DEBIAN_DIR]);
    expect(doc.binDir).toBe(DEBIAN_DIR);
    expect(doc.runtime).toBeNull();
    expect(doc.loopback).toBeNull();
    expect(doc.plugins.map((p) => p.type)).toEqual(names);
    for (const p of doc.plugins) {
      expect(p.binary).toBe(join(DEBIAN_DIR, p.type));
      expect(p.problem, p.type).toBeNull();
      expect(p.supportedVersions, p.type).toEqual(askDirectly(p.binary));
      expect(p.acceptsRuntimeMax).toBeNull();
    }
  });

  it('prints a table: one row per plugin with its versions compressed', async () => {
    const names = debianPlugins();
    const r = await probe(['--bin-dir', DEBIAN_DIR]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    for (const name of names) {
      const row = lines.find((l) => l.split(/\s{2,}/)[0] === name);
      expect(row, name).toBeDefined();
      expect(row!.split(/\s{2,}/).at(-1), name).toBe(describeVersions(askDirectly(join(DEBIAN_DIR, name))));
    }
    // The compressed form is used, not the list: bridge answers 0.1.0 through 1.0.0.
    expect(lines.find((l) => l.startsWith('bridge '))).toMatch(/0\.1\.0–1\.0\.0$/);
  });

  it.each(['1.6.3', '1.6.4'])('with --runtime containerd@%s: the max config version and the loopback network', async (version) => {
    const doc = await probeJson(['--bin-dir', DEBIAN_DIR, '--runtime', `containerd@${version}`]);
    const expectedLoopback = loopbackVersionInData(version);
    expect(expectedLoopback).toBeDefined();
    expect(doc.runtime).toMatchObject({ name: 'containerd', version, loopbackConfigVersion: expectedLoopback });
    for (const p of doc.plugins) expect(p.acceptsRuntimeMax, p.type).toBe(p.supportedVersions!.includes(doc.runtime!.maxConfigVersion));
    const loopback = doc.plugins.find((p) => p.type === 'loopback')!;
    expect(doc.loopback).toEqual({ configVersion: expectedLoopback, present: true, accepts: loopback.supportedVersions!.includes(expectedLoopback!) });
  });

  it('cri-o has no built-in loopback network to check', async () => {
    const doc = await probeJson(['--bin-dir', DEBIAN_DIR, '--runtime', 'cri-o@1.24.0']);
    expect(doc.runtime).toMatchObject({ name: 'cri-o', loopbackConfigVersion: null });
    expect(doc.loopback).toBeNull();
    expect(doc.plugins.every((p) => typeof p.acceptsRuntimeMax === 'boolean')).toBe(true);
  });
});

describe('stand-in plugins', { timeout: 60_000 }, () => {
  let tmp: string;
  let bin: string;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'cni-migrate-probe-cmd-'));
    bin = join(tmp, 'bin');
    mkdirSync(bin);
    writeStandIn(bin, 'narrow', versionReply(['0.3.1', '0.4.0']));
    writeStandIn(bin, 'wide', versionReply(['0.3.1', '0.4.0', '1.0.0']));
    // A loopback from before containernetworking/plugins 1.0 (containerd#6876).
    writeStandIn(bin, 'loopback', versionReply(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0']));
    writeStandIn(bin, 'garbage', `echo 'this is not json'`);
    writeStandIn(bin, 'hang', 'exec sleep 30');
    writeStandIn(bin, 'notexec', versionReply(['0.4.0']), 0o644);
    writeFileSync(join(bin, 'README'), 'not a plugin\n');
    mkdirSync(join(bin, 'subdir'));
    symlinkSync(join(bin, 'wide'), join(bin, 'linked'));
    symlinkSync(join(tmp, 'nowhere'), join(bin, 'dangling'));
  });

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('lists only executable regular files (links followed), and reports failed probes without failing', async () => {
    const r = await probe(['--format', 'json', '--bin-dir', bin, '--probe-timeout', '500']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as ProbeJson;
    expect(doc.plugins.map((p) => p.type)).toEqual(['garbage', 'hang', 'linked', 'loopback', 'narrow', 'wide']);
    const by = Object.fromEntries(doc.plugins.map((p) => [p.type, p]));
    expect(by.narrow).toMatchObject({ supportedVersions: ['0.3.1', '0.4.0'], problem: null, binary: join(bin, 'narrow') });
    expect(by.linked!.supportedVersions).toEqual(['0.3.1', '0.4.0', '1.0.0']);
    for (const failed of ['garbage', 'hang']) {
      expect(by[failed]!.supportedVersions, failed).toBeNull();
      expect(by[failed]!.problem?.code, failed).toBe('PROBE_FAILED');
      expect(by[failed]!.problem?.message.length, failed).toBeGreaterThan(0);
    }
  });

  it('with a runtime: which plugins reject its max config version, and a loopback too old for containerd 1.6.3', async () => {
    const doc = await probeJson(['--bin-dir', bin, '--probe-timeout', '500', '--runtime', 'containerd@1.6.3']);
    const by = Object.fromEntries(doc.plugins.map((p) => [p.type, p.acceptsRuntimeMax]));
    expect(doc.runtime!.maxConfigVersion).toBe('1.0.0');
    expect(by).toEqual({ garbage: null, hang: null, linked: true, loopback: false, narrow: false, wide: true });
    expect(loopbackVersionInData('1.6.3')).toBe('1.0.0');
    expect(doc.loopback).toEqual({ configVersion: '1.0.0', present: true, accepts: false });
    // containerd 1.6.4 went back to a 0.3.1 loopback network, which this loopback accepts.
    const fixed = await probeJson(['--bin-dir', bin, '--probe-timeout', '500', '--runtime', 'containerd@1.6.4']);
    expect(fixed.loopback).toEqual({ configVersion: loopbackVersionInData('1.6.4'), present: true, accepts: true });

    const text = await probe(['--bin-dir', bin, '--probe-timeout', '500', '--runtime', 'containerd@1.6.3']);
    expect(text.code).toBe(0);
    const header = text.stdout.split('\n')[0]!.split(/\s{2,}/);
    expect(header).toHaveLength(3);
    const cells = (name: string): string[] => text.stdout.split('\n').find((l) => l.split(/\s{2,}/)[0] === name)!.split(/\s{2,}/);
    expect(cells('narrow').slice(1)).toEqual(['no', '0.3.1, 0.4.0']);
    expect(cells('wide').slice(1)).toEqual(['yes', '0.3.1–1.0.0']);
    expect(cells('loopback').slice(1)).toEqual(['no', '0.1.0–0.4.0']);
    expect(cells('garbage')[1]).toBe('?');
    expect(cells('garbage')[2]).toMatch(/^PROBE_FAILED: /);
  });

  it('a directory without loopback: containerd still needs one', async () => {
    const dir = join(tmp, 'no-loopback');
    mkdirSync(dir);
    writeStandIn(dir, 'wide', versionReply(['0.3.1', '0.4.0', '1.0.0']));
    const doc = await probeJson(['--bin-dir', dir, '--runtime', 'containerd@1.6.4']);
    expect(doc.loopback).toEqual({ configVersion: loopbackVersionInData('1.6.4'), present: false, accepts: null });
  });

  it('an empty directory is read: exit 0, no plugins', async () => {
    const dir = join(tmp, 'empty');
    mkdirSync(dir);
    expect((await probeJson(['--bin-dir', dir])).plugins).toEqual([]);
    const text = await probe(['--bin-dir', dir]);
    expect(text.code).toBe(0);
  });
});

describe('errors', () => {
  it('exits 2 when the directory does not exist or is not a directory', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'cni-migrate-probe-cmd-'));
    try {
      writeFileSync(join(tmp, 'file'), '');
      for (const dir of [join(tmp, 'missing'), join(tmp, 'file')]) {
        const r = await probe(['--bin-dir', dir]);
        expect(r.code, dir).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(/^cni-migrate: .*(ENOENT|ENOTDIR)/);
        expect(r.stderr).toContain(dir);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('defaults to /opt/cni/bin', async () => {
    expect(DEFAULT_BIN_DIR).toBe('/opt/cni/bin');
    const r = await probe(['--format', 'json']);
    let exists = false;
    try {
      exists = statSync(DEFAULT_BIN_DIR).isDirectory();
    } catch {
      exists = false;
    }
    if (exists) expect((JSON.parse(r.stdout) as ProbeJson).binDir).toBe(DEFAULT_BIN_DIR);
    else expect(r.stderr).toContain(DEFAULT_BIN_DIR);
    expect(r.code).toBe(exists ? 0 : 2);
  });

  it.each([
    [['--format', 'sarif']],
    [['--runtime', 'docker@20.10']],
    [['--probe-timeout', '0']],
    [['/usr/lib/cni']],
    [['--no-such-flag']],
  ])('exits 2 on usage error %j', async (args) => {
    const r = await probe(['--bin-dir', DEBIAN_DIR, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^cni-migrate: /);
  });

  it('has help', async () => {
    const r = await probe(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: cni-migrate probe');
    let out = '';
    await run(['help', 'probe'], { cwd: '.', env: {}, stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true }, version: '0' });
    expect(out).toBe(r.stdout);
  });
});
