/**
 * The Ansible module as playbooks meet it: Debian's real ansible-playbook against localhost
 * (`connection: local`) on temp copies, with the collection in ansible/ (the built module, its
 * action plugin, the role and the playbooks), each module test both planned on the control node
 * (run_on: controller) and run on the node (run_on: node). `cni-migrate fix` on another copy is
 * the oracle for what files must become. Ansible's settings all point into a temp HOME, so no user
 * or system config takes part.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARGUMENT_SPEC } from '../../src/ansible/params.js';
import { ansible, collectionsPath, type AnsibleRun } from '../helpers/ansible-run.js';
import { cli, repoRoot, scratchDirs, snapshotTree } from '../helpers/cli.js';
import { dedent } from '../helpers/dedent.js';

const ANSIBLE = join(repoRoot, 'ansible');
const MODULE = join(ANSIBLE, 'plugins', 'modules', 'cni_migrate');
const PLAYBOOKS = join(ANSIBLE, 'playbooks');
const PLUGINS = ['cni-plugins@1.1.1'];
const NET_D = join('nodes', 'worker', 'etc', 'cni', 'net.d');

// Tests run concurrently (each ansible-playbook run takes a second or two), so temp dirs go at the end.
const { temp, example } = scratchDirs(afterAll, 'cni-migrate-ansible-');
const snapshot = snapshotTree;

/** What `cni-migrate fix` makes of a fresh copy of the example (or of `dir`'s content) with these options. */
function fixedByCli(options: readonly string[], source?: string): Record<string, string> {
  const dir = temp();
  cpSync(source ?? join(repoRoot, 'fixtures', 'example'), dir, { recursive: true });
  const r = cli(['fix', '.', ...options], dir);
  expect(r.code, r.stderr).toBe(0);
  return snapshot(dir);
}

type PlaybookRun = AnsibleRun;

/** ansible-playbook with nothing but the test's settings; the module's `#!/usr/bin/env node` finds the Node running these tests. */
function ansiblePlaybook(args: readonly string[], options: { json?: boolean } = {}): Promise<PlaybookRun> {
  return ansible('ansible-playbook', args, { home: temp(), collections: collectionsPath(temp()), ...options, env: { ANSIBLE_PYTHON_INTERPRETER: 'auto_silent' } });
}

/** A one-task play on localhost running cni_migrate with `args`. */
function modulePlaybook(args: Record<string, unknown>): string {
  const path = join(temp(), 'play.yml');
  const play = { name: 'cni_migrate', hosts: 'localhost', connection: 'local', gather_facts: false, tasks: [{ name: 'migrate', 'cni_migrate.cni.cni_migrate': args }] };
  writeFileSync(path, JSON.stringify([play], null, 2)); // JSON is YAML
  return path;
}

interface TaskResult {
  readonly changed?: boolean;
  readonly failed?: boolean;
  readonly msg?: string;
  readonly [key: string]: unknown;
}

/** The json callback's output: each task's result per host, and the recap. */
function results(run: PlaybookRun): { tasks: { name: string; hosts: Record<string, TaskResult> }[]; stats: Record<string, { changed: number; failures: number }> } {
  const out = JSON.parse(run.stdout) as {
    plays: { tasks: { task: { name: string }; hosts: Record<string, TaskResult> }[] }[];
    stats: Record<string, { changed: number; failures: number }>;
  };
  return { tasks: out.plays.flatMap((p) => p.tasks.map((t) => ({ name: t.task.name, hosts: t.hosts }))), stats: out.stats };
}

const playOf = modulePlaybook;

/** Runs cni_migrate with `args` on localhost and returns its result. */
async function runTask(args: Record<string, unknown>, flags: readonly string[] = []): Promise<{ run: PlaybookRun; result: TaskResult }> {
  const run = await ansiblePlaybook(['-i', 'localhost,', modulePlaybook(args), ...flags], { json: true });
  const task = results(run).tasks.find((t) => t.name === 'migrate');
  expect(task, run.stdout + run.stderr).toBeDefined();
  return { run, result: task!.hosts.localhost! };
}

beforeAll(() => {
  expect(existsSync(MODULE), 'run `npm run build` first (npm test does)').toBe(true);
});

describe.concurrent.each(['controller', 'node'])('cni_migrate in a playbook, run_on: %s', { timeout: 120_000 }, (where) => {
  const runModule = (args: Record<string, unknown>, flags: readonly string[] = []): ReturnType<typeof runTask> => runTask({ ...args, run_on: where }, flags);
  const modulePlaybook = (args: Record<string, unknown>): string => playOf({ ...args, run_on: where });

  it('check mode reports changed and writes nothing; a real run fixes; a second run changes nothing', async () => {
    const dir = example();
    const before = snapshot(dir);
    const expected = fixedByCli(PLUGINS.flatMap((p) => ['--plugin', p]));
    const changed = Object.keys(before).filter((k) => before[k] !== expected[k]).map((k) => join(dir, k));

    const check = await runModule({ path: dir, plugins: PLUGINS }, ['--check']);
    expect(check.run.code, check.run.stdout).toBe(0);
    expect(check.result).toMatchObject({ changed: true, changed_files: changed });
    expect(check.result.msg).toMatch(/^would change /);
    expect(snapshot(dir)).toEqual(before);

    const fix = await runModule({ path: dir, plugins: PLUGINS });
    expect(fix.run.code, fix.run.stdout).toBe(0);
    expect(fix.result).toMatchObject({ changed: true, changed_files: changed, findings: expect.any(Array) });
    expect(snapshot(dir)).toEqual(expected);

    const again = await runModule({ path: dir, plugins: PLUGINS });
    expect(again.run.code).toBe(0);
    expect(again.result).toMatchObject({ changed: false, changed_files: [] });
    expect(results(again.run).stats.localhost).toMatchObject({ changed: 0, failures: 0 });
  });

  it('--diff shows each file before and after, headed by its path; with --check nothing is written', async () => {
    const dir = example();
    const before = snapshot(dir);
    const expected = fixedByCli(PLUGINS.flatMap((p) => ['--plugin', p]));
    const changed = Object.keys(before).filter((k) => before[k] !== expected[k]);

    const shown = await ansiblePlaybook(['-i', 'localhost,', modulePlaybook({ path: dir, plugins: PLUGINS }), '--check', '--diff']);
    expect(shown.code, shown.stdout).toBe(0);
    expect(snapshot(dir)).toEqual(before);
    for (const k of changed) {
      expect(shown.stdout).toContain(`--- before: ${join(dir, k)}\n+++ after: ${join(dir, k)}\n`);
      const added = expected[k]!.split(/\r?\n/).filter((line) => !before[k]!.split(/\r?\n/).includes(line));
      for (const line of added) expect(shown.stdout).toContain(`+${line}`);
    }
    expect(shown.stdout).toMatch(/changed: \[localhost\]/);

    const { result } = await runModule({ path: dir, plugins: PLUGINS }, ['--check', '--diff']);
    expect(result.diff).toEqual(changed.map((k) => ({ before: before[k], after: expected[k], before_header: join(dir, k), after_header: join(dir, k) })));
    expect(snapshot(dir)).toEqual(before);
  });

  it('backup keeps the original and returns backup_file', async () => {
    const dir = temp();
    const file = join(dir, '99-loopback.conf');
    const original = readFileSync(join(repoRoot, 'fixtures', 'example', NET_D, '99-loopback.conf'), 'utf8');
    writeFileSync(file, original);
    const { run, result } = await runModule({ path: dir, backup: true });
    expect(run.code).toBe(0);
    expect(result).toMatchObject({ changed: true, changed_files: [file] });
    expect(result.backup_file).toMatch(new RegExp(`^${file}\\.\\d+\\.\\d{4}-\\d\\d-\\d\\d@\\d\\d:\\d\\d:\\d\\d~$`));
    expect(readFileSync(result.backup_file as string, 'utf8')).toBe(original);
    expect(readFileSync(file, 'utf8')).not.toBe(original);
  });

  it('a broken file fails the task, naming the file with line:column, and nothing is written', async () => {
    const dir = example();
    const broken = join(dir, NET_D, '05-broken.conflist');
    writeFileSync(broken, '{\n  "cniVersion": "0.4.0",\n  "name": "broken",\n  "plugins": [ { "type": "bridge" }\n');
    const before = snapshot(dir);
    const { run, result } = await runModule({ path: dir, plugins: PLUGINS });
    expect(run.code).toBe(2); // ansible-playbook: a task failed
    expect(result).toMatchObject({ failed: true, changed: false });
    expect(result.msg).toMatch(new RegExp(`^${broken}: \\d+:\\d+: .*nothing was written$`));
    expect(snapshot(dir)).toEqual(before);
    expect(results(run).stats.localhost).toMatchObject({ failures: 1 });
  });

  it('findings left in the fixed files fail the task, and the files are fixed all the same', async () => {
    const dir = temp();
    // No common version for these three without a probe: an error that stays; the loopback config is fixed.
    writeFileSync(join(dir, '10-br.conflist'), '{ "name": "br", "plugins": [ { "type": "bridge", "ipam": { "type": "host-local" } }, { "type": "bandwidth" }, { "type": "firewall" } ] }\n');
    writeFileSync(join(dir, '99-loopback.conf'), readFileSync(join(repoRoot, 'fixtures', 'example', NET_D, '99-loopback.conf'), 'utf8'));
    const expected = fixedByCli(['--fail-on', 'never'], dir);
    const { run, result } = await runModule({ path: dir, backup: 'yes' });
    expect(run.code).toBe(2);
    expect(result).toMatchObject({ failed: true, changed: true, changed_files: [join(dir, '99-loopback.conf')], backup_file: expect.stringContaining('99-loopback.conf.') });
    expect(result.msg).toContain('CNI_VERSION_NO_COMMON');
    expect(snapshot(dir)[`10-br.conflist`]).toBe(expected['10-br.conflist']);
    expect(snapshot(dir)[`99-loopback.conf`]).toBe(expected['99-loopback.conf']);
  });

  it('an unsupported parameter fails the task clearly', async () => {
    const { run, result } = await runModule({ path: temp(), dest: '/etc/cni/net.d' });
    expect(run.code).toBe(2);
    expect(result).toMatchObject({ failed: true });
    expect(result.msg).toBe(`Unsupported parameters for (cni_migrate) module: dest. Supported parameters include: ${Object.keys(ARGUMENT_SPEC).sort().join(', ')}.`);
  });

  it("bin_dir probes the node's real plugins (Debian's containernetworking-plugins)", async () => {
    const dir = temp();
    // bandwidth and firewall share no version in containernetworking/plugins v1.0.0 (bandwidth
    // dropped 0.4.0, firewall had not yet taken 1.0.0): without a release, only a probe settles it.
    writeFileSync(
      join(dir, '10-br.conflist'),
      dedent`
        {
          "name": "br",
          "plugins": [
            { "type": "bridge", "bridge": "cni0", "ipam": { "type": "host-local", "subnet": "10.1.0.0/16" } },
            { "type": "bandwidth" },
            { "type": "firewall" }
          ]
        }
      `,
    );
    const expected = fixedByCli(['--bin-dir', '/usr/lib/cni'], dir);
    const unprobed = await runModule({ path: dir }, ['--check']);
    expect(unprobed.result).toMatchObject({ failed: true, changed: false });
    expect(unprobed.result.msg).toContain('CNI_VERSION_NO_COMMON');

    const { run, result } = await runModule({ path: dir, bin_dir: '/usr/lib/cni' });
    expect(run.code, run.stdout).toBe(0);
    expect(result).toMatchObject({ changed: true, changed_files: [join(dir, '10-br.conflist')] });
    expect(snapshot(dir)).toEqual(expected);
  });
});

describe.concurrent('the project configuration (.cni-migrate.yaml)', { timeout: 120_000 }, () => {
  const fleet = join(repoRoot, 'fixtures', 'fleet');

  it('run_on: node searches up from each file, as the CLI does: each node group gets its own version', async () => {
    const dir = temp();
    cpSync(fleet, dir, { recursive: true });
    const expected = fixedByCli([], fleet);
    const { run, result } = await runTask({ path: join(dir, 'nodes'), run_on: 'node' });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(result, JSON.stringify(result)).toMatchObject({ changed: true });
    expect(result.failed).toBeFalsy();
    expect(snapshot(dir)).toEqual(expected);
    // The gpu group's two runtimes: cniVersion for containerd 1.7, cniVersions for 2.1.
    expect(JSON.parse(readFileSync(join(dir, 'nodes/gpu/etc/cni/net.d/10-containerd-net.conflist'), 'utf8'))).toMatchObject({ cniVersion: '1.0.0', cniVersions: ['1.0.0', '1.1.0'] });
    expect(JSON.parse(readFileSync(join(dir, 'nodes/legacy/etc/cni/net.d/10-containerd-net.conflist'), 'utf8')).cniVersion).toBe('0.4.0');
  });

  it('find_config: false reads none; the task\'s own options win over the configuration', async () => {
    const dir = temp();
    cpSync(fleet, dir, { recursive: true });
    const legacy = join(dir, 'nodes/legacy/etc/cni/net.d/10-containerd-net.conflist');
    const none = await runTask({ path: legacy, run_on: 'node', find_config: false, plugins: ['cni-plugins@1.6.0'] }, ['--check']);
    expect(none.result).toMatchObject({ changed: false }); // 1.0.0 is fine for cni-plugins 1.6.0 on the default runtime
    const given = await runTask({ path: legacy, run_on: 'node', runtime: 'cri-o@1.20.0' }, ['--check', '--diff']);
    expect(given.result).toMatchObject({ changed: true, runtime: { name: 'cri-o', version: '1.20.0' } });
  });

  it('run_on: controller reads the configuration `config` names on the control node: its top-level settings', async () => {
    const dir = temp();
    const file = join(dir, '10.conflist');
    const text = '{\n  "name": "net",\n  "plugins": [{ "type": "bridge" }]\n}\n';
    writeFileSync(file, text);
    const config = join(temp(), 'cni.yaml');
    writeFileSync(config, 'runtime: cri-o@1.20.0\nplugins: { cni-plugins: "1.6.0" }\noverrides:\n  - files: "**"\n    runtime: containerd@2.1.0\n');
    const { result } = await runTask({ path: dir, config, run_on: 'controller' });
    expect(result).toMatchObject({ changed: true, runtime: { name: 'cri-o', version: '1.20.0' } });
    expect(JSON.parse(readFileSync(file, 'utf8')).cniVersion).toBe('0.4.0');
  });

  it('an unusable configuration fails the task naming its line, and nothing is written', async () => {
    for (const where of ['node', 'controller']) {
      const dir = temp();
      cpSync(fleet, dir, { recursive: true });
      writeFileSync(join(dir, '.cni-migrate.yaml'), 'runtime: containerd@1.7.0\nplugins: { cni-plugin: "1.6.0" }\n');
      const before = snapshot(dir);
      const { result } = await runTask({ path: join(dir, 'nodes'), run_on: where, ...(where === 'controller' ? { config: join(dir, '.cni-migrate.yaml') } : {}) });
      expect(result.failed, where).toBe(true);
      expect(result.msg).toMatch(/\.cni-migrate\.yaml:2:\d+: plugins: cni-plugin@1\.6\.0: no project or plugin type "cni-plugin" in the data; did you mean "cni-plugins"\?/);
      expect(snapshot(dir)).toEqual(before);
    }
  });
});

describe.concurrent('the shipped playbooks', { timeout: 120_000 }, () => {
  /** The plays' own variables, so the oracle uses what the playbook states. */
  const playVars = (file: string): Record<string, unknown> => (parseYaml(readFileSync(join(PLAYBOOKS, file), 'utf8')) as { vars: Record<string, unknown> }[])[0]!.vars;

  it('config_repo.yml fixes the repository once, delegated to localhost, whatever the inventory holds', async () => {
    const repo = example();
    const vars = playVars('config_repo.yml');
    const expected = fixedByCli([...(vars.cni_plugins as string[]).flatMap((p) => ['--plugin', p]), '--runtime', String(vars.cni_runtime)]);
    const inventory = join(temp(), 'inventory');
    writeFileSync(inventory, '[k8s_nodes]\nnode-a.invalid\nnode-b.invalid\n'); // never contacted

    const run = await ansiblePlaybook(['-i', inventory, join(PLAYBOOKS, 'config_repo.yml'), '-e', `cni_repo=${repo}`], { json: true });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const task = results(run).tasks.find((t) => t.name === "Fix the repository's CNI configs")!;
    expect(Object.keys(task.hosts)).toHaveLength(1); // run_once
    expect(Object.values(task.hosts)[0]).toMatchObject({ changed: true });
    expect(snapshot(repo)).toEqual(expected);
  });

  it('docs/ansible.md quotes the shipped playbooks verbatim', async () => {
    const section = readFileSync(join(repoRoot, 'docs', 'ansible.md'), 'utf8');
    expect(section.length).toBeGreaterThan(100);
    for (const file of ['fleet.yml', 'config_repo.yml']) {
      const text = readFileSync(join(PLAYBOOKS, file), 'utf8');
      expect(section, file).toContain('```yaml\n' + text + '```\n');
    }
  });
});
