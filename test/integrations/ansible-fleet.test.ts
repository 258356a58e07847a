/**
 * The fleet path with nothing new on the nodes: Debian's real ansible-playbook runs the shipped
 * collection's fleet playbook on several "nodes" of this machine (local connection), each with its
 * own root (etc/cni/net.d, opt/cni/bin holding Debian's real plugin binaries, a stand-in runtime
 * binary printing its version) and a Python interpreter whose PATH starts with a trap: a `node`
 * that records its use and fails. Everything a node runs goes through that Python, so a run that
 * used Node.js on the node side would leave the record. `cni-migrate fix` on a copy is the oracle.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ARGUMENT_SPEC } from '../../src/ansible/params.js';
import { ansible as runAnsible, collectionsPath as collectionsIn, type AnsibleRun } from '../helpers/ansible-run.js';
import { cli, repoRoot, scratchDirs, snapshotTree } from '../helpers/cli.js';

const ANSIBLE = join(repoRoot, 'ansible');
const NET_D = join(repoRoot, 'fixtures', 'example', 'nodes', 'worker', 'etc', 'cni', 'net.d');
const PLUGINS = '/usr/lib/cni';

const { temp } = scratchDirs(afterAll, 'cni-migrate-fleet-');

const collectionsPath = (): string => collectionsIn(temp());
const ansible = (command: string, args: readonly string[], options: { collections: string; json?: boolean; cwd?: string }): Promise<AnsibleRun> =>
  runAnsible(command, args, { home: temp(), ...options });

interface TaskResult {
  readonly changed?: boolean;
  readonly failed?: boolean;
  readonly msg?: string;
  readonly [key: string]: unknown;
}

function results(run: AnsibleRun): { tasks: { name: string; hosts: Record<string, TaskResult> }[]; stats: Record<string, { changed: number; failures: number; ok: number }> } {
  const out = JSON.parse(run.stdout) as {
    plays: { tasks: { task: { name: string }; hosts: Record<string, TaskResult> }[] }[];
    stats: Record<string, { changed: number; failures: number; ok: number }>;
  };
  return { tasks: out.plays.flatMap((p) => p.tasks.map((t) => ({ name: t.task.name, hosts: t.hosts }))), stats: out.stats };
}

interface FakeNode {
  readonly name: string;
  readonly root: string;
  readonly netd: string;
  readonly runtime: string;
  readonly line: string;
}

/**
 * A node in a folder: its configs, its plugin binaries (links to Debian's), a stand-in runtime
 * binary, and a Python that runs with the trap first on the PATH.
 */
function fakeNode(name: string, trap: string, runtime: { binary: 'containerd' | 'crio'; says: string; is: string }): FakeNode {
  const root = temp();
  const netd = join(root, 'etc', 'cni', 'net.d');
  cpSync(NET_D, netd, { recursive: true });
  mkdirSync(join(root, 'opt', 'cni', 'bin'), { recursive: true });
  for (const plugin of readdirSync(PLUGINS)) symlinkSync(join(PLUGINS, plugin), join(root, 'opt', 'cni', 'bin', plugin));
  mkdirSync(join(root, 'usr', 'bin'), { recursive: true });
  writeFileSync(join(root, 'usr', 'bin', runtime.binary), `#!/bin/sh\nprintf '%s\\n' ${runtime.says.split('\n').map((line) => `'${line}'`).join(' ')}\n`, { mode: 0o755 });
  writeFileSync(join(root, 'python'), `#!/bin/sh\nPATH=${trap}:${root}/usr/bin:/usr/sbin:/usr/bin:/sbin:/bin exec /usr/bin/python3 "$@"\n`, { mode: 0o755 });
  const line = `${name} ansible_connection=local ansible_python_interpreter=${join(root, 'python')}`;
  return { name, root, netd, runtime: runtime.is, line };
}

/** A `node` that records that it ran and fails, as a node without Node.js would. */
function nodeTrap(): { dir: string; used: string } {
  const dir = temp();
  const used = join(dir, 'node-was-run');
  writeFileSync(join(dir, 'node'), `#!/bin/sh\necho "$0 $*" >> ${used}\nexit 127\n`, { mode: 0o755 });
  return { dir, used };
}

/** What `cni-migrate fix` makes of the fixture's net.d for this runtime, against Debian's plugins. */
function fixedByCli(runtime: string): Record<string, string> {
  const dir = temp();
  cpSync(NET_D, dir, { recursive: true });
  const r = cli(['fix', '.', '--bin-dir', PLUGINS, '--runtime', runtime], dir);
  expect(r.code, r.stderr).toBe(0);
  return snapshotTree(dir);
}

const FLEET = ['cni_migrate.cni.fleet', '-e', 'ansible_become=false'];

describe.concurrent('the fleet playbook, planned on the control node', { timeout: 240_000 }, () => {
  it('needs no Node.js on the nodes: check mode shows diffs and writes nothing, a real run fixes each node for its own runtime, keeps mode, owner and a backup, and a second run changes nothing', async () => {
    const trap = nodeTrap();
    const nodes = [
      fakeNode('node-a', trap.dir, { binary: 'containerd', says: 'containerd github.com/containerd/containerd v1.7.13 7c3aca7a610df76212171d200ca3811ff6096eb8', is: 'containerd@1.7.13' }),
      fakeNode('node-b', trap.dir, { binary: 'containerd', says: 'containerd containerd.io 1.4.0 09814d48d50816305a8e6c1a4ae3e2bcc4ba725a', is: 'containerd@1.4.0' }),
      fakeNode('node-c', trap.dir, { binary: 'crio', says: 'crio version 1.17.1\ncommit: 0eec454168e381e460b3d6de07bf50bfd9b0d082', is: 'cri-o@1.17.1' }),
    ];
    const inventory = join(temp(), 'inventory');
    const loopback = (n: FakeNode): string => join(n.netd, '99-loopback.conf');
    for (const n of nodes) {
      chmodSync(loopback(n), 0o640);
      chownSync(loopback(n), 4321, 4322);
    }
    const before = Object.fromEntries(nodes.map((n) => [n.name, snapshotTree(n.root)]));
    const collections = collectionsPath();
    // The shipped playbook, with each node's paths (host variables) where it names /etc/cni/net.d and /opt/cni/bin.
    const play = join(temp(), 'fleet.yml');
    writeFileSync(
      play,
      readFileSync(join(ANSIBLE, 'playbooks', 'fleet.yml'), 'utf8')
        .replace('cni_migrate_path: /etc/cni/net.d', 'cni_migrate_path: "{{ node_net_d }}"')
        .replace('cni_migrate_bin_dir: /opt/cni/bin', 'cni_migrate_bin_dir: "{{ node_bin_dir }}"'),
    );
    writeFileSync(inventory, `[k8s_nodes]\n${nodes.map((n) => `${n.line} node_net_d=${n.netd} node_bin_dir=${n.root}/opt/cni/bin`).join('\n')}\n`);

    const check = await ansible('ansible-playbook', ['-i', inventory, play, '-e', 'ansible_become=false', '--check', '--diff'], { collections });
    expect(check.code, check.stdout + check.stderr).toBe(0);
    for (const n of nodes) {
      expect(snapshotTree(n.root), n.name).toEqual(before[n.name]);
      expect(check.stdout).toContain(`--- before: ${loopback(n)}\n+++ after: ${loopback(n)}\n`);
    }
    expect(check.stdout).toMatch(/node-a\s+: ok=\d+\s+changed=1 /);

    const fix = await ansible('ansible-playbook', ['-i', inventory, play, '-e', 'ansible_become=false'], { collections, json: true });
    expect(fix.code, fix.stdout + fix.stderr).toBe(0);
    // serial: 1 makes a batch per node, each reported as a play of its own.
    const migrated = Object.assign({}, ...results(fix).tasks.filter((t) => t.name.startsWith('cni_migrate.cni.cni_migrate : Migrate cniVersion')).map((t) => t.hosts)) as Record<string, TaskResult>;
    for (const n of nodes) {
      const result = migrated[n.name]!;
      const expected = fixedByCli(n.runtime);
      expect(result, n.name).toMatchObject({ changed: true, changed_files: [loopback(n)], runtime: { name: n.runtime.split('@')[0], version: n.runtime.split('@')[1] } });
      for (const file of Object.keys(expected)) expect(readFileSync(join(n.netd, file), 'latin1'), `${n.name} ${file}`).toBe(expected[file]);
      const backup = result.backup_file as string;
      expect(backup).toMatch(new RegExp(`^${loopback(n)}\\.\\d+\\.\\d{4}-\\d\\d-\\d\\d@\\d\\d:\\d\\d:\\d\\d~$`));
      expect(readFileSync(backup, 'latin1')).toBe(before[n.name]![join('etc', 'cni', 'net.d', '99-loopback.conf')]);
      const info = statSync(loopback(n));
      expect({ mode: info.mode & 0o7777, uid: info.uid, gid: info.gid }, n.name).toEqual({ mode: 0o640, uid: 4321, gid: 4322 });
    }
    // The nodes' runtimes differ, and so do their fixes: each was judged by its own.
    expect(readFileSync(loopback(nodes[0]!), 'utf8')).toContain('"cniVersion": "1.0.0"');
    expect(readFileSync(loopback(nodes[1]!), 'utf8')).toContain('"cniVersion": "0.4.0"');

    const again = await ansible('ansible-playbook', ['-i', inventory, play, '-e', 'ansible_become=false'], { collections, json: true });
    expect(again.code).toBe(0);
    for (const n of nodes) expect(results(again).stats[n.name], n.name).toMatchObject({ changed: 0, failures: 0 });
    expect(existsSync(trap.used), 'node was run on a node').toBe(false);
  });

  it('the trap catches Node.js on the node side: with run_on node the same nodes fail, having tried node', async () => {
    const trap = nodeTrap();
    const n = fakeNode('node-a', trap.dir, { binary: 'containerd', says: 'containerd github.com/containerd/containerd v1.7.13 7c3aca7a', is: 'containerd@1.7.13' });
    const inventory = join(temp(), 'inventory');
    writeFileSync(inventory, `[k8s_nodes]\n${n.line}\n`);
    const before = snapshotTree(n.root);
    const run = await ansible('ansible-playbook', ['-i', inventory, ...FLEET, '-e', `cni_migrate_path=${n.netd}`, '-e', 'cni_migrate_run_on=node'], { collections: collectionsPath(), json: true });
    expect(run.code).toBe(2);
    expect(results(run).stats['node-a']).toMatchObject({ failures: 1 });
    expect(readFileSync(trap.used, 'utf8')).toMatch(/node --version/);
    expect(snapshotTree(n.root)).toEqual(before);
  });

  it('a node without a runtime binary is judged against the default runtime, with a warning; a missing plugin binary is reported by its path on the node', async () => {
    const trap = nodeTrap();
    const n = fakeNode('bare', trap.dir, { binary: 'containerd', says: 'not a version line', is: '' });
    const inventory = join(temp(), 'inventory');
    writeFileSync(inventory, `${n.line}\n`);
    const play = join(temp(), 'play.yml');
    const bin = join(temp(), 'empty-bin');
    mkdirSync(bin);
    writeFileSync(play, JSON.stringify([{ hosts: 'all', gather_facts: false, tasks: [{ name: 'migrate', 'cni_migrate.cni.cni_migrate': { path: n.netd, bin_dir: bin, fail_on: 'never' } }] }]));
    const run = await ansible('ansible-playbook', ['-i', inventory, play, '--check'], { collections: collectionsPath(), json: true });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const result = results(run).tasks[0]!.hosts.bare!;
    expect(result.warnings).toEqual([expect.stringContaining("cannot read the runtime's version from `containerd --version`")]);
    expect(result.runtime).toMatchObject({ name: 'containerd', version: '1.6.4' });
    const codes = (result.findings as { code: string; message: string }[]).filter((f) => f.code === 'PLUGIN_BINARY_MISSING');
    expect(codes.length).toBeGreaterThan(0);
    expect(codes[0]!.message).toContain(bin);
    expect(existsSync(trap.used)).toBe(false);
  });
});

describe.concurrent('writing back', { timeout: 240_000 }, () => {
  it('a file that changes on the node after it was read is not written, and fails the task', async () => {
    const trap = nodeTrap();
    const n = fakeNode('node-a', trap.dir, { binary: 'containerd', says: 'containerd github.com/containerd/containerd v1.7.13 7c3aca7a', is: 'containerd@1.7.13' });
    const file = join(n.netd, '99-loopback.conf');
    // The runtime is asked its version after the files were read and before any is written: this one edits a file as it answers.
    writeFileSync(join(n.root, 'usr', 'bin', 'containerd'), `#!/bin/sh\nprintf ' ' >> ${file}\necho 'containerd github.com/containerd/containerd v1.7.13 7c3aca7a'\n`, { mode: 0o755 });
    const inventory = join(temp(), 'inventory');
    writeFileSync(inventory, `${n.line}\n`);
    const play = join(temp(), 'play.yml');
    writeFileSync(play, JSON.stringify([{ hosts: 'all', gather_facts: false, tasks: [{ name: 'migrate', 'cni_migrate.cni.cni_migrate': { path: n.netd, bin_dir: join(n.root, 'opt', 'cni', 'bin') } }] }]));
    const original = readFileSync(file, 'utf8');
    const run = await ansible('ansible-playbook', ['-i', inventory, play], { collections: collectionsPath(), json: true });
    expect(run.code).toBe(2);
    const result = results(run).tasks[0]!.hosts['node-a']!;
    expect(result).toMatchObject({ failed: true, changed: false, changed_files: [], unreadable: [{ path: file, message: 'not written: the file changed since it was read' }] });
    expect(result.msg).toBe(`${file}: not written: the file changed since it was read; wrote 0 of the 1 files that needed a change`);
    expect(readFileSync(file, 'utf8')).toBe(`${original} `); // only the stand-in's edit
  });
});

describe.concurrent('symbolic links on a node', { timeout: 240_000 }, () => {
  it('are mirrored as links: the runtimes read through them, the load order names their targets as on the node, and writes go to the target', async () => {
    const trap = nodeTrap();
    const n = fakeNode('node-a', trap.dir, { binary: 'containerd', says: 'containerd github.com/containerd/containerd v1.7.13 7c3aca7a', is: 'containerd@1.7.13' });
    // The node's loopback config lives elsewhere; net.d holds an absolute link to it, and a dangling one.
    const real = join(n.root, 'srv', 'cni', '99-loopback.conf');
    mkdirSync(dirname(real), { recursive: true });
    cpSync(join(n.netd, '99-loopback.conf'), real);
    rmSync(join(n.netd, '99-loopback.conf'));
    symlinkSync(real, join(n.netd, '99-loopback.conf'));
    symlinkSync('/nowhere/gone.conf', join(n.netd, '50-gone.conf'));
    const inventory = join(temp(), 'inventory');
    writeFileSync(inventory, `${n.line}\n`);
    const play = join(temp(), 'play.yml');
    writeFileSync(play, JSON.stringify([{ hosts: 'all', gather_facts: false, tasks: [{ name: 'migrate', 'cni_migrate.cni.cni_migrate': { path: n.netd, fail_on: 'never', follow_symlinks: true } }] }]));
    const run = await ansible('ansible-playbook', ['-i', inventory, play], { collections: collectionsPath(), json: true });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const result = results(run).tasks[0]!.hosts['node-a']!;
    const order = (result.load_order as { links: { file: string; target: string; unreadable: string | null }[] }[])[0]!;
    expect(order.links).toEqual([
      { file: '50-gone.conf', target: '/nowhere/gone.conf', unreadable: expect.any(String) },
      { file: '99-loopback.conf', target: real, unreadable: null },
    ]);
    expect(JSON.stringify(result)).not.toMatch(/cni-migrate-[A-Za-z0-9]{6,}\/(etc|srv|nowhere)/); // nothing named by the mirror
    expect(result).toMatchObject({ changed: true, changed_files: [join(n.netd, '99-loopback.conf')] });
    expect(lstatSync(join(n.netd, '99-loopback.conf')).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toMatch(/^\{\n {4}"cniVersion": "\d+\.\d+\.\d+",\n {4}"name": "lo",/); // the target got the edit
    expect(existsSync(trap.used)).toBe(false);
  });
});

describe.concurrent('the collection', { timeout: 240_000 }, () => {
  it('builds with ansible-galaxy, installs into a collections path, and runs a playbook by FQCN', async () => {
    const out = temp();
    const build = await ansible('ansible-galaxy', ['collection', 'build', ANSIBLE, '--output-path', out], { collections: temp() });
    expect(build.code, build.stdout + build.stderr).toBe(0);
    const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    const tarball = join(out, `cni_migrate-cni-${version}.tar.gz`);
    expect(existsSync(tarball)).toBe(true);
    const collections = temp();
    const install = await ansible('ansible-galaxy', ['collection', 'install', tarball, '-p', collections], { collections });
    expect(install.code, install.stdout + install.stderr).toBe(0);
    const installed = join(collections, 'ansible_collections', 'cni_migrate', 'cni');
    for (const f of ['plugins/modules/cni_migrate', 'plugins/action/cni_migrate.py', 'roles/cni_migrate/meta/argument_specs.yml', 'playbooks/fleet.yml', 'meta/runtime.yml']) expect(existsSync(join(installed, f)), f).toBe(true);

    const trap = nodeTrap();
    const n = fakeNode('node-a', trap.dir, { binary: 'containerd', says: 'containerd github.com/containerd/containerd v1.7.13 7c3aca7a', is: 'containerd@1.7.13' });
    const inventory = join(temp(), 'inventory');
    writeFileSync(inventory, `${n.line}\n`);
    const play = join(temp(), 'play.yml');
    writeFileSync(play, JSON.stringify([{ hosts: 'all', gather_facts: false, tasks: [{ name: 'migrate', 'cni_migrate.cni.cni_migrate': { path: n.netd, bin_dir: join(n.root, 'opt', 'cni', 'bin') } }] }]));
    const run = await ansible('ansible-playbook', ['-i', inventory, play], { collections, json: true });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(results(run).tasks[0]!.hosts['node-a']).toMatchObject({ changed: true, runtime: { version: '1.7.13' } });
    for (const [file, text] of Object.entries(fixedByCli('containerd@1.7.13'))) expect(readFileSync(join(n.netd, file), 'latin1')).toBe(text);
    expect(existsSync(trap.used)).toBe(false);
  });

  it('passes ansible-lint (safety profile), with the role checked against its argument specs when it runs', async () => {
    // ansible-lint reads the collection from a git work tree of its own; the copy leaves this repository alone.
    const copy = temp();
    cpSync(ANSIBLE, copy, { recursive: true });
    expect(spawnSync('git', ['init', '-q'], { cwd: copy }).status).toBe(0);
    expect(spawnSync('git', ['add', '-A'], { cwd: copy }).status).toBe(0);
    const collections = temp();
    mkdirSync(join(collections, 'ansible_collections', 'cni_migrate'), { recursive: true });
    symlinkSync(copy, join(collections, 'ansible_collections', 'cni_migrate', 'cni'));
    const lint = await ansible('ansible-lint', ['--offline', '--nocolor', '-p', '--profile', 'safety'], { collections, cwd: copy });
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);

    const trap = nodeTrap();
    const n = fakeNode('node-a', trap.dir, { binary: 'containerd', says: 'containerd github.com/containerd/containerd v1.7.13 7c3aca7a', is: 'containerd@1.7.13' });
    const inventory = join(temp(), 'inventory');
    writeFileSync(inventory, `[k8s_nodes]\n${n.line}\n`);
    const before = snapshotTree(n.root);
    const run = await ansible('ansible-playbook', ['-i', inventory, ...FLEET, '-e', `cni_migrate_path=${n.netd}`, '-e', 'cni_migrate_fail_on=sometimes'], { collections: collectionsPath() });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("Validating arguments against arg spec 'main'");
    expect(run.stdout).toMatch(/value of cni_migrate_fail_on must be one of: error, warning, never, got: sometimes/);
    expect(snapshotTree(n.root)).toEqual(before);
  });

  it("galaxy.yml's version is the package's", () => {
    const galaxy = parseYaml(readFileSync(join(ANSIBLE, 'galaxy.yml'), 'utf8')) as { version: string; namespace: string; name: string };
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(galaxy).toMatchObject({ namespace: 'cni_migrate', name: 'cni', version: pkg.version });
  });
});

type DocField = { description?: unknown; type?: unknown; sample?: unknown; contains?: Record<string, DocField> };

describe.concurrent('ansible-doc', { timeout: 120_000 }, () => {
  const doc = (args: readonly string[]): Record<string, { doc: Record<string, unknown>; return?: Record<string, DocField> }> => {
    const r = spawnSync('ansible-doc', ['-j', ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', LC_ALL: 'C.UTF-8', HOME: temp(), ANSIBLE_COLLECTIONS_PATH: collectionsPath() },
    });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Record<string, { doc: Record<string, unknown>; return?: Record<string, DocField> }>;
  };

  it('documents every return value with a description, a type and a sample, and exactly the options the module takes', () => {
    const entry = doc(['cni_migrate.cni.cni_migrate'])['cni_migrate.cni.cni_migrate']!;
    const checked: string[] = [];
    const walk = (fields: Record<string, DocField>, prefix: string): void => {
      for (const [name, field] of Object.entries(fields)) {
        const lines = Array.isArray(field.description) ? field.description : [field.description];
        expect(lines.length, `${prefix}${name}`).toBeGreaterThan(0);
        for (const line of lines) expect(line, `${prefix}${name}`).toMatch(/^\S.*\S$/s);
        // A flow mapping with a comma in a value splits it: such keys end up in the field.
        expect(Object.keys(field).filter((k) => !['description', 'type', 'sample', 'returned', 'elements', 'contains'].includes(k)), `${prefix}${name}`).toEqual([]);
        expect(['str', 'int', 'bool', 'list', 'dict'], `${prefix}${name}`).toContain(field.type);
        expect(field.sample, `${prefix}${name}`).not.toBeUndefined();
        checked.push(`${prefix}${name}`);
        if (field.contains) walk(field.contains, `${prefix}${name}.`);
      }
    };
    walk(entry.return!, '');
    expect(checked).toEqual(expect.arrayContaining(['findings.severity', 'findings.message', 'load_order.containerd', 'load_order.not_in_run', 'summary']));
    const options = entry.doc.options as Record<string, { type: string; default?: unknown; choices?: unknown; required?: boolean }>;
    expect(Object.keys(options).sort()).toEqual(Object.keys(ARGUMENT_SPEC).sort());
    for (const [name, spec] of Object.entries(ARGUMENT_SPEC) as [string, { type: string; required?: boolean; default?: unknown; choices?: unknown }][]) {
      const d = options[name]!;
      // run_on's default is the action plugin's: the module itself never defaults it.
      const fallback = name === 'run_on' ? 'controller' : spec.default;
      expect({ type: d.type, required: d.required ?? false, default: d.default ?? undefined, choices: d.choices }, name).toEqual({ type: spec.type, required: spec.required ?? false, default: fallback, choices: spec.choices });
    }
  });

  it("documents the role's variables, as its defaults set them", () => {
    const entry = doc(['-t', 'role', 'cni_migrate.cni.cni_migrate'])['cni_migrate.cni.cni_migrate'] as unknown as { entry_points: { main: { options: Record<string, { default?: unknown }> } } };
    const options = entry.entry_points.main.options;
    const defaults = parseYaml(readFileSync(join(ANSIBLE, 'roles', 'cni_migrate', 'defaults', 'main.yml'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(options).sort()).toEqual(Object.keys(defaults).sort());
    for (const [name, value] of Object.entries(defaults)) expect(options[name]!.default, name).toEqual(value);
  });
});
