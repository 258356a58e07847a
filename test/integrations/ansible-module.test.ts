/**
 * The Ansible module's logic, called directly (`runModule`, `parseModuleArgs`), with the CLI's
 * `fix` as the oracle for what the files must become; and the bundled module file run as Ansible
 * runs it (alone in a folder, arguments in a JSON file).
 */
import { spawnSync } from 'node:child_process';
import { chownSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runModule, type ModuleResult } from '../../src/ansible/module.js';
import { ARGUMENT_SPEC, parseModuleArgs } from '../../src/ansible/params.js';
import { cli, git, repoRoot, scratchDirs, snapshotTree } from '../helpers/cli.js';
import { dedent } from '../helpers/dedent.js';

const MODULE = join(repoRoot, 'ansible', 'plugins', 'modules', 'cni_migrate');
const PLUGINS = ['cni-plugins@1.1.1'];

const { temp, example } = scratchDirs(afterEach);
const snapshot = snapshotTree;

/** What `cni-migrate fix` makes of a fresh copy of the example with these CLI options. */
function fixedByCli(options: readonly string[]): Record<string, string> {
  const dir = example();
  const r = cli(['fix', '.', ...options], dir);
  expect(r.code, r.stderr).toBe(0);
  return snapshot(dir);
}

const run = (args: Record<string, unknown>): Promise<ModuleResult> => runModule(args, { cwd: repoRoot, env: { HOME: '/home/ops', CNI_DIR: '/etc/cni' } });

beforeAll(() => {
  expect(existsSync(MODULE), 'run `npm run build` first (npm test does)').toBe(true);
});

const VENDOR = dedent`
  {
    "cniVersion": "0.4.0",
    "name": "vendor",
    "plugins": [{ "type": "vendor-x" }, { "type": "portmap", "capabilities": { "portMappings": true } }]
  }
`;
// bandwidth and firewall share no version in containernetworking/plugins v1.0.0: without a
// release no version is safe (CNI_VERSION_NO_COMMON); a probe of Debian's 1.1.1 settles it.
const NEEDS_PROBE = dedent`
  {
    "name": "br",
    "plugins": [
      { "type": "bridge", "bridge": "cni0", "ipam": { "type": "host-local", "subnet": "10.1.0.0/16" } },
      { "type": "bandwidth" },
      { "type": "firewall" }
    ]
  }
`;

describe('arguments', () => {
  it('refuses unknown parameters with the message Ansible gives for Python modules', () => {
    const r = parseModuleArgs({ path: '/x', frobnicate: 1, dest: '/y', _ansible_check_mode: true, _ansible_verbosity: 3 });
    const supported = Object.keys(ARGUMENT_SPEC).sort().join(', ');
    expect(r).toEqual({ ok: false, msg: `Unsupported parameters for (cni_migrate) module: dest, frobnicate. Supported parameters include: ${supported}.` });
  });

  it('refuses run_on: controller, which only the action plugin serves, and takes run_on: node', () => {
    expect(parseModuleArgs({ path: '/x', run_on: 'controller' })).toMatchObject({ ok: false, msg: expect.stringContaining('needs the action plugin') });
    expect(parseModuleArgs({ path: '/x', run_on: 'node' })).toMatchObject({ ok: true, params: { run_on: 'node' } });
    expect(parseModuleArgs({ path: '/x', run_on: 'elsewhere' })).toMatchObject({ ok: false, msg: 'value of run_on must be one of: controller, node, got: elsewhere' });
  });

  it('converts values the way Ansible does and reads check and diff mode', () => {
    const r = parseModuleArgs(
      { path: '~/net.d', matrix: '$CNI_DIR/m.yaml', backup: 'yes', follow_symlinks: 'off', probe_timeout: '500', plugins: 'bridge=0.4.0,1.0.0', _ansible_check_mode: true, _ansible_diff: true },
      { HOME: '/home/ops', CNI_DIR: '/etc/cni' },
    );
    expect(r.ok && r.params).toMatchObject({
      path: '/home/ops/net.d',
      matrix: '/etc/cni/m.yaml',
      backup: true,
      follow_symlinks: false,
      probe_timeout: 500,
      plugins: ['bridge=0.4.0,1.0.0'],
      fail_on: 'error',
      include: [],
      check_mode: true,
      diff: true,
    });
  });

  it.each([
    [{}, 'missing required arguments: path'],
    [{ path: null }, 'missing required arguments: path'],
    [{ path: '/x', fail_on: 'sometimes' }, 'value of fail_on must be one of: error, warning, never, got: sometimes'],
    [{ path: '/x', backup: 'maybe' }, "argument 'backup' is of type <class 'str'> and we were unable to convert to bool"],
    [{ path: '/x', probe_timeout: 'soon' }, "argument 'probe_timeout' is of type <class 'str'> and we were unable to convert to int"],
    [{ path: '/x', probe_timeout: 0 }, 'probe_timeout is a whole number of milliseconds'],
    [{ path: '/x', plugins: [{ bridge: 1 }] }, "argument 'plugins' is of type <class 'list'> and we were unable to convert to list"],
  ])('refuses %j', (args, msg) => {
    const r = parseModuleArgs(args);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.msg).toContain(msg);
  });

  it.each([
    [{ plugins: ['bridge=1.0'] }, /^plugins: bridge=1\.0: /],
    [{ runtime: 'docker@20.10' }, /docker/],
    [{ target_version: '1.0' }, /target version "1\.0"/],
    [{ matrix: 'no-such-matrix.yaml' }, /^matrix: no-such-matrix\.yaml: cannot read/],
  ])('fails the task for a bad value: %j', async (args, msg) => {
    // Check mode: were an argument check to regress, nothing in the checkout may be rewritten.
    const r = await run({ path: '.', _ansible_check_mode: true, ...args });
    expect(r).toMatchObject({ failed: true, changed: false });
    expect(r.msg).toMatch(msg);
  });
});

describe('runModule', () => {
  it('check mode reports the changes fix would make and writes nothing; diff mode returns them', async () => {
    const dir = example();
    const before = snapshot(dir);
    const r = await run({ path: dir, plugins: PLUGINS, _ansible_check_mode: true, _ansible_diff: true });
    expect(snapshot(dir)).toEqual(before);
    const after = fixedByCli(PLUGINS.flatMap((p) => ['--plugin', p]));
    const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
    expect(changed.length).toBeGreaterThan(0);
    expect(r).toMatchObject({ changed: true, failed: false, backup_files: {} });
    expect(r.changed_files).toEqual(changed.map((k) => join(dir, k)));
    expect(r.msg).toBe(`would change ${changed.length} of ${r.summary!.cni_files} CNI configs`);
    expect(r.diff).toEqual(
      changed.map((k) => ({ before: before[k], after: after[k], before_header: join(dir, k), after_header: join(dir, k) })),
    );
  });

  it('fixes as `cni-migrate fix` does, then reports no change; backs up on request', async () => {
    const dir = example();
    const original = snapshot(dir);
    const r = await run({ path: dir, plugins: PLUGINS, runtime: 'cri-o@1.24.0', backup: true });
    expect(r).toMatchObject({ changed: true, failed: false, runtime: { name: 'cri-o', version: '1.24.0' }, target_version: null, fail_on: 'error' });
    expect(r.diff).toBeUndefined();
    const expected = fixedByCli(['--plugin', 'cni-plugins@1.1.1', '--runtime', 'cri-o@1.24.0']);
    const backups = r.backup_files!;
    expect(Object.keys(backups)).toEqual(r.changed_files);
    expect(r.backup_file).toBeUndefined(); // several backups: see backup_files
    for (const [file, backup] of Object.entries(backups)) {
      expect(backup).toMatch(/\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/);
      expect(readFileSync(backup, 'latin1')).toBe(original[file.slice(dir.length + 1)]);
    }
    const now = snapshot(dir);
    for (const k of Object.keys(expected)) expect(now[k], k).toBe(expected[k]);

    const again = await run({ path: dir, plugins: PLUGINS, runtime: 'cri-o@1.24.0' });
    expect(again).toMatchObject({ changed: false, failed: false, changed_files: [], msg: `${r.summary!.cni_files} CNI configs, none needs a change` });
  });

  it('returns backup_file when exactly one file was backed up', async () => {
    const dir = temp();
    const file = join(dir, '99-loopback.conf');
    writeFileSync(file, '{ "name": "lo", "type": "loopback" }\n');
    const r = await run({ path: file, backup: true });
    expect(r).toMatchObject({ changed: true, changed_files: [file] });
    expect(r.backup_files).toEqual({ [file]: r.backup_file });
    expect(readFileSync(r.backup_file!, 'utf8')).toBe('{ "name": "lo", "type": "loopback" }\n');
  });

  it('fails on a file it cannot parse, naming it with line:column, and writes nothing at all', async () => {
    const dir = temp();
    writeFileSync(join(dir, '10-broken.conflist'), '{\n  "cniVersion": "0.4.0",\n  "name": "x",\n  "plugins": [ { "type": "bridge" }\n');
    writeFileSync(join(dir, '99-loopback.conf'), '{ "name": "lo", "type": "loopback" }\n');
    const before = snapshot(dir);
    for (const check of [false, true]) {
      const r = await run({ path: dir, _ansible_check_mode: check });
      expect(r).toMatchObject({ failed: true, changed: false, changed_files: [] });
      expect(r.msg).toMatch(new RegExp(`^${join(dir, '10-broken.conflist')}: \\d+:\\d+: .*; nothing was written$`));
      expect(r.unreadable!.map((u) => u.path)).toEqual([join(dir, '10-broken.conflist')]);
      expect(snapshot(dir)).toEqual(before);
    }
  });

  it('leaves a git work tree alone where git has not recorded a file, unless allow_dirty', async () => {
    const dir = temp();
    git(['init', '-q'], dir);
    writeFileSync(join(dir, '10-a.conf'), '{ "name": "a", "type": "bridge" }\n');
    writeFileSync(join(dir, '20-b.conf'), '{ "name": "b", "type": "bridge" }\n');
    git(['add', '10-a.conf'], dir);
    git(['commit', '-qm', 'a'], dir);
    const before = snapshot(dir);
    for (const check of [false, true]) {
      const r = await run({ path: dir, plugins: PLUGINS, _ansible_check_mode: check });
      expect(r).toMatchObject({ failed: true, changed: false });
      expect(r.msg).toContain(`${join(dir, '20-b.conf')}: not written: git does not track it`);
      expect(r.msg).toContain('set allow_dirty');
      expect(r.msg).toMatch(/nothing was written$/);
      expect(snapshot(dir)).toEqual(before);
    }
    const allowed = await run({ path: dir, plugins: PLUGINS, allow_dirty: true });
    expect(allowed).toMatchObject({ failed: false, changed: true });
    expect(readFileSync(join(dir, '20-b.conf'), 'utf8')).toContain('"cniVersion": "1.0.0"');
  });

  it('fails on bytes that are not UTF-8 in a .conf, and on a path that does not exist', async () => {
    const dir = temp();
    writeFileSync(join(dir, '10-utf16.conf'), Buffer.from('\ufeff{"name":"x","type":"bridge"}', 'utf16le'));
    const r = await run({ path: dir });
    expect(r).toMatchObject({ failed: true, unreadable: [{ path: join(dir, '10-utf16.conf') }] });
    expect(r.msg).toContain('not UTF-8');
    expect(await run({ path: join(dir, 'nope') })).toMatchObject({ failed: true, msg: `${join(dir, 'nope')}: no such file or directory` });
  });

  it('fails when error findings remain, by fail_on, positioned in the fixed file', async () => {
    const dir = temp();
    writeFileSync(join(dir, '10-br.conflist'), NEEDS_PROBE);
    const r = await run({ path: dir });
    expect(r).toMatchObject({ failed: true, changed: false });
    const errors = r.findings!.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.code)).toContain('CNI_VERSION_NO_COMMON');
    expect(r.msg).toContain(`${join(dir, '10-br.conflist')}:${errors[0]!.line}:${errors[0]!.column}: ${errors[0]!.code}: `);
    expect(await run({ path: dir, fail_on: 'never' })).toMatchObject({ failed: false, changed: false });

    writeFileSync(join(dir, '10-br.conflist'), VENDOR);
    const warned = await run({ path: dir });
    expect(warned).toMatchObject({ failed: false });
    expect(warned.findings!.map((f) => f.code)).toContain('PLUGIN_UNKNOWN');
    expect(await run({ path: dir, fail_on: 'warning' })).toMatchObject({ failed: true });
  });

  it('probes the real plugin binaries in bin_dir, as `fix --bin-dir` does', async () => {
    const dir = temp();
    writeFileSync(join(dir, '10-br.conflist'), NEEDS_PROBE);
    writeFileSync(join(dir, '20-vendor.conflist'), VENDOR);
    const r = await run({ path: dir, bin_dir: '/usr/lib/cni' });
    expect(r).toMatchObject({ changed: true, failed: false, changed_files: [join(dir, '10-br.conflist')] });
    expect(r.findings).toContainEqual(expect.objectContaining({ path: join(dir, '20-vendor.conflist'), code: 'PLUGIN_BINARY_MISSING' }));

    const oracle = temp();
    writeFileSync(join(oracle, '10-br.conflist'), NEEDS_PROBE);
    expect(cli(['fix', '.', '--bin-dir', '/usr/lib/cni'], oracle).code).toBe(0);
    expect(readFileSync(join(dir, '10-br.conflist'), 'utf8')).toBe(readFileSync(join(oracle, '10-br.conflist'), 'utf8'));
  });

  it('reports what the runtimes would load from a net.d directory, and warns when nothing is found', async () => {
    const dir = join(temp(), 'net.d');
    mkdirSync(dir);
    writeFileSync(join(dir, '10-a.conf'), '{ "cniVersion": "1.0.0", "name": "lo", "type": "loopback" }\n');
    writeFileSync(join(dir, '20-b.conf'), '{ "cniVersion": "1.0.0", "name": "lo", "type": "loopback" }\n');
    const r = await run({ path: dir, plugins: PLUGINS });
    expect(r.findings!.map((f) => `${f.path.slice(dir.length + 1)} ${f.code}`).sort()).toEqual([
      '10-a.conf DUPLICATE_NETWORK_NAME',
      '20-b.conf DUPLICATE_NETWORK_NAME',
      '20-b.conf LOAD_SHADOWED',
    ]);
    const empty = temp();
    expect(await run({ path: empty })).toMatchObject({ changed: false, failed: false, warnings: [`no CNI config found in ${empty}`] });
  });
});

describe('node directories and git', () => {
  const POD = (name: string): string => `{\n  "cniVersion": "1.0.0",\n  "name": "${name}",\n  "plugins": [ { "type": "bridge" } ]\n}\n`;
  const codes = (r: ModuleResult): string[] => r.findings!.map((f) => f.code).filter((c) => /^(LOAD_|DUPLICATE_NETWORK_NAME)/.test(c));

  it('given one file of a net.d directory, reads the others, never writes them, and reports them under load_order', async () => {
    const netd = join(temp(), 'net.d');
    mkdirSync(netd);
    const old = '{\n  "cniVersion": "0.3.1",\n  "name": "old",\n  "type": "bridge",\n}\n';
    const pods = '{\n  "name": "pods",\n  "plugins": [ { "type": "bridge" } ]\n}\n';
    writeFileSync(join(netd, '05-old.conf'), old);
    writeFileSync(join(netd, '10-pods.conflist'), pods);
    writeFileSync(join(netd, '20-pods.conflist'), pods.replace('bridge', 'ptp'));
    const given = join(netd, '20-pods.conflist');
    const r = await run({ path: given, plugins: PLUGINS });
    expect(r).toMatchObject({ changed: true, failed: false, changed_files: [given] });
    expect(readFileSync(given, 'utf8')).toContain('"cniVersion": "1.0.0"');
    expect(readFileSync(join(netd, '05-old.conf'), 'utf8')).toBe(old);
    expect(readFileSync(join(netd, '10-pods.conflist'), 'utf8')).toBe(pods);
    // The others' findings are the directory's, not the task's: only the given file's are in findings.
    expect(new Set(r.findings!.map((f) => f.path))).toEqual(new Set([given]));
    expect(codes(r).sort()).toEqual(['DUPLICATE_NETWORK_NAME', 'LOAD_SHADOWED']);
    expect(r.load_order).toEqual([
      {
        directory: netd,
        candidates: ['05-old.conf', '10-pods.conflist', '20-pods.conflist'],
        containerd: { loads: null, aborted_at: '05-old.conf' },
        crio: { loads: '10-pods.conflist', skipped: [{ file: '05-old.conf', because: 'it does not load (JSON_NOT_STRICT)' }] },
        links: [],
        not_in_run: [
          { path: join(netd, '05-old.conf'), findings: [expect.objectContaining({ code: 'LOAD_ABORTS_CONTAINERD', severity: 'error' }), expect.objectContaining({ code: 'LOAD_SKIPPED_CRIO' })] },
          { path: join(netd, '10-pods.conflist'), findings: [expect.objectContaining({ code: 'DUPLICATE_NETWORK_NAME' })] },
        ],
        unreadable: [],
      },
    ]);
  });

  it('folders of a config repository get a load order only when named net.d or matched by node_dirs', async () => {
    const repo = temp();
    mkdirSync(join(repo, 'clusters', 'a'), { recursive: true });
    writeFileSync(join(repo, 'clusters', 'a', '10-a.conflist'), POD('pods'));
    writeFileSync(join(repo, 'clusters', 'a', '20-a.conflist'), POD('pods'));
    const plain = await run({ path: repo, plugins: PLUGINS, _ansible_check_mode: true });
    expect(plain).toMatchObject({ failed: false, load_order: [] });
    expect(codes(plain)).toEqual([]);
    const declared = await run({ path: repo, plugins: PLUGINS, node_dirs: ['clusters/*'], _ansible_check_mode: true });
    expect(declared.load_order!.map((o) => o.directory)).toEqual([join(repo, 'clusters', 'a')]);
    expect(codes(declared).sort()).toEqual(['DUPLICATE_NETWORK_NAME', 'DUPLICATE_NETWORK_NAME', 'LOAD_SHADOWED']);
    // For a file, relative globs start at its folder; absolute ones match the absolute path.
    const file = join(repo, 'clusters', 'a', '10-a.conflist');
    expect((await run({ path: file, plugins: PLUGINS, node_dirs: ['.'], _ansible_check_mode: true })).load_order).toHaveLength(1);
    expect((await run({ path: file, plugins: PLUGINS, node_dirs: [`${repo}/clusters/*`], _ansible_check_mode: true })).load_order).toHaveLength(1);
    expect(parseModuleArgs({ path: '/x', node_dirs: 'nodes/*/cni' })).toMatchObject({ ok: true, params: { node_dirs: ['nodes/*/cni'] } });
    expect(parseModuleArgs({ path: '/x', node_dirs: [''] })).toMatchObject({ ok: false, msg: expect.stringContaining('node_dirs') });
  });

  it('walks a git work tree as git lists it, so a file .git/info/exclude names is neither fixed nor refused', async () => {
    const repo = temp();
    git(['init', '-q'], repo);
    writeFileSync(join(repo, 'a.conf'), '{ "name": "a", "type": "bridge" }\n');
    git(['add', 'a.conf'], repo);
    git(['commit', '-qm', 'a'], repo);
    writeFileSync(join(repo, '.git', 'info', 'exclude'), 'local.conf\n');
    writeFileSync(join(repo, 'local.conf'), '{ "name": "local", "type": "bridge" }\n');
    const r = await run({ path: repo, plugins: PLUGINS });
    expect(r).toMatchObject({ failed: false, changed: true, changed_files: [join(repo, 'a.conf')], unreadable: [] });
    expect(r.warnings).toBeUndefined();
    expect(readFileSync(join(repo, 'local.conf'), 'utf8')).toBe('{ "name": "local", "type": "bridge" }\n');
  });

  // Never skipped under CI (which runs as root): there a non-root run fails instead.
  it.skipIf(process.getuid?.() !== 0 && !process.env['CI'])('(as root only: it makes a directory another user owns) warns when git cannot list the walked directory, and fails rather than write there', async () => {
    const repo = temp();
    git(['init', '-q'], repo);
    writeFileSync(join(repo, 'a.conf'), '{ "name": "a", "type": "bridge" }\n');
    for (const p of [repo, ...readdirSync(repo, { recursive: true, encoding: 'utf8' }).map((rel) => join(repo, rel))]) chownSync(p, 12345, 12345);
    const r = await run({ path: repo, plugins: PLUGINS, _ansible_check_mode: true });
    expect(r.warnings).toEqual([expect.stringMatching(/: git could not list its files \(fatal: detected dubious ownership in repository at .*\); walking it with its \.gitignore files only, so \.git\/info\/exclude and git's global excludes file are not honoured$/)]);
    // git cannot say whether the file is recorded either: as `fix`, it is not written.
    expect(r).toMatchObject({ failed: true, changed: false });
    expect(r.msg).toContain('git could not say whether it has unrecorded changes');
  });
});

describe('the bundled module file', () => {
  /** Runs the module as Ansible does: copied alone into a folder, arguments in a JSON file. */
  function runBundled(args: unknown): { stdout: string; status: number | null } {
    const dir = temp();
    copyFileSync(MODULE, join(dir, 'cni_migrate'));
    writeFileSync(join(dir, 'args'), JSON.stringify(args));
    const r = spawnSync(process.execPath, [join(dir, 'cni_migrate'), join(dir, 'args')], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    return { stdout: r.stdout, status: r.status };
  }

  it('is one executable file marked WANT_JSON that needs nothing but Node', () => {
    const text = readFileSync(MODULE, 'utf8');
    expect(text.split('\n').slice(0, 2)).toEqual(['#!/usr/bin/env node', '// WANT_JSON']);
    const required = [...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!);
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((id) => !isBuiltin(id))).toEqual([]); // only Node's own modules
    const dir = example();
    const r = runBundled({ path: dir, plugins: PLUGINS, _ansible_check_mode: true });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ changed: true, failed: false });
  });

  it('ships in the package with its documentation, action plugin, role, playbooks and collection metadata', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    const shipped = [
      'galaxy.yml',
      'README.md',
      'meta/runtime.yml',
      'plugins/modules/cni_migrate',
      'plugins/modules/cni_migrate.yml',
      'plugins/action/cni_migrate.py',
      'roles/cni_migrate/tasks/main.yml',
      'roles/cni_migrate/defaults/main.yml',
      'roles/cni_migrate/meta/argument_specs.yml',
      'playbooks/fleet.yml',
      'playbooks/config_repo.yml',
    ];
    expect(files).toEqual(expect.arrayContaining(shipped.map((f) => `ansible/${f}`)));
  });

  it('answers with one JSON object when it fails, also where an ESM package.json is above it', () => {
    const r = runBundled({ path: '/x', nope: true });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ failed: true, msg: expect.stringContaining('Unsupported parameters for (cni_migrate) module: nope.') });
    const inRepo = spawnSync(process.execPath, [MODULE], { encoding: 'utf8' });
    expect(JSON.parse(inRepo.stdout)).toMatchObject({ failed: true, changed: false, msg: expect.stringContaining('Ansible module') });
  });
});

describe('the module speaks of its parameters, never of CLI flags', () => {
  const FLAG = /--(plugin|bin-dir|allow-dirty|target-version|runtime|matrix|no-ignore|cni-version)\b/;

  it('in findings, refusals and argument errors', async () => {
    const dir = temp();
    // A plugin nothing is known about, a version some releases only accept, and a file git has not recorded.
    writeFileSync(join(dir, '10-net.conflist'), '{ "cniVersion": "1.0.0", "name": "n", "plugins": [ { "type": "bridge" }, { "type": "no-such-plugin" } ] }\n');
    writeFileSync(join(dir, '20-net.conflist'), '{ "name": "m", "plugins": [ { "type": "bridge" } ] }\n');
    expect(git(['init', '-q'], dir).code).toBe(0);
    const result = await run({ path: dir, target_version: '1.0.0' });
    const said = JSON.stringify(result);
    expect(said).toContain('plugins: no-such-plugin=VERSION');
    expect(said).toContain('set allow_dirty: true');
    expect(said).not.toMatch(FLAG);
    for (const args of [{ path: dir, runtime: 'dockerd@1' }, { path: dir, plugins: ['bridge'] }, { path: dir, matrix: 'missing.yaml' }]) {
      const failed = await run(args);
      expect(failed.failed, JSON.stringify(args)).toBe(true);
      expect(failed.msg).not.toMatch(FLAG);
    }
    expect((await run({ path: dir, runtime: 'dockerd@1' })).msg).toMatch(/^runtime must be containerd@X\.Y\.Z or cri-o@X\.Y\.Z/);
  });
});
