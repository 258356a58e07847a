/**
 * The upgrade procedure as a playbook, run by Debian's real ansible-playbook on several "nodes" of
 * this machine (local connection), each with its own root: etc/cni/net.d, opt/cni/bin holding
 * copies of Debian's real plugin binaries but an old loopback (spec versions up to 0.4.0), a stand-in
 * containerd printing 1.6.4, a stand-in runtime upgrade that makes it print 1.7.13, and a stand-in
 * service command. The plugin upgrade is a tarball of Debian's real plugins. On the control node's
 * PATH a stand-in kubectl answers as kubectl does. Every stand-in appends to one log, in the order
 * things happen; the service commands and the runtime upgrade also note what the node's loopback
 * config, loopback plugin and runtime say at that moment. The nodes' Python has a `node` trap first
 * on its PATH, and no kubectl: kubectl must run on the control node.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ANSIBLE, ansible, collectionsPath, playResults, type AnsibleRun, type TaskResult } from '../helpers/ansible-run.js';
import { cli, repoRoot, scratchDirs, snapshotTree } from '../helpers/cli.js';
import { sh, versionReply, writeStandIn } from '../helpers/standin.js';

const NET_D = join(repoRoot, 'fixtures', 'example', 'nodes', 'worker', 'etc', 'cni', 'net.d');
const PLUGINS = '/usr/lib/cni';
const NEW_RUNTIME = 'containerd@1.7.13';

const { temp } = scratchDirs(afterAll, 'cni-migrate-upgrade-');

interface Node {
  readonly name: string;
  readonly root: string;
  readonly netd: string;
  readonly bin: string;
}

interface Fleet {
  readonly nodes: Node[];
  readonly inventory: string;
  readonly log: string;
  /** The control node's stand-ins (kubectl). */
  readonly tools: string;
  readonly trapUsed: string;
  readonly collections: string;
  /** A tarball of the plugins the nodes start with, and its checksum. */
  readonly oldPlugins: { readonly tarball: string; readonly checksum: string };
  /** Makes the stand-in kubectl fail the test pod's readiness on these nodes. */
  unhealthy(...names: string[]): void;
  /** The log's lines so far. */
  lines(): string[];
  play(playbook: string, args?: readonly string[], json?: boolean): Promise<AnsibleRun>;
}

/** The loopback config's cniVersion, the loopback plugin's newest spec version and the runtime's version, as a log suffix. */
function nodeState(n: { netd: string; bin: string; root: string }): string {
  return [
    `c=$(sed -n 's/.*"cniVersion": *"\\([^"]*\\)".*/\\1/p' ${sh(join(n.netd, '99-loopback.conf'))})`,
    `l=$(printf '{}' | env -i CNI_COMMAND=VERSION ${sh(join(n.bin, 'loopback'))} | sed 's/.*"\\([0-9.]*\\)"\\]}$/\\1/')`,
    `r=$(${sh(join(n.root, 'usr', 'bin', 'containerd'))} --version | cut -d' ' -f3)`,
  ].join('\n');
}

function containerd(version: string): string {
  return `printf '%s\\n' 'containerd github.com/containerd/containerd v${version} 7c3aca7a610df76212171d200ca3811ff6096eb8'`;
}

function fleet(names: readonly string[], options: { byUrl?: readonly string[]; checksum?: string } = {}): Fleet {
  const dir = temp();
  const log = join(dir, 'calls.log');
  const tools = join(dir, 'tools');
  mkdirSync(tools);
  // kubectl as far as the playbook uses it: drain, wait (node, pod), run, get (pod IP), delete, uncordon.
  writeFileSync(
    join(tools, 'kubectl'),
    `#!/usr/bin/python3
import os, sys
args = sys.argv[1:]
with open(${JSON.stringify(log)}, 'a') as f:
    f.write('kubectl ' + ' '.join(args) + '\\n')
unhealthy_file = ${JSON.stringify(join(dir, 'unhealthy'))}
unhealthy = open(unhealthy_file).read().split() if os.path.exists(unhealthy_file) else []
verb = args[0]
if verb == 'drain':
    print('node/%s cordoned' % args[1])
    print('evicting pod default/web-%s' % args[1], file=sys.stderr)
    print('node/%s drained' % args[1])
elif verb == 'uncordon':
    print('node/%s uncordoned' % args[1])
elif verb == 'wait':
    target = [a for a in args[1:] if not a.startswith('-') and '/' in a][0]
    if target.startswith('pod/') and target.split('cni-upgrade-check-')[1] in unhealthy:
        sys.exit('error: timed out waiting for the condition on pods/' + target[4:])
    print(target + ' condition met')
elif verb == 'run':
    print('pod/%s created' % args[1])
elif verb == 'get':
    sys.stdout.write('10.88.0.7')
elif verb == 'delete':
    print('pod "%s" deleted' % args[2])
else:
    sys.exit('kubectl stand-in: unexpected ' + ' '.join(args))
`,
    { mode: 0o755 },
  );
  const trap = join(dir, 'trap');
  mkdirSync(trap);
  const trapUsed = join(dir, 'node-was-run');
  writeStandIn(trap, 'node', `echo "$0 $*" >> ${sh(trapUsed)}\nexit 127`);

  // The new plugins: a release-like tarball (./bridge, ./loopback, …) of Debian's binaries.
  const tarball = join(dir, 'cni-plugins-linux-amd64-v1.1.1.tgz');
  expect(spawnSync('tar', ['-czf', tarball, '-C', PLUGINS, '.']).status).toBe(0);
  const checksum = options.checksum ?? `sha256:${createHash('sha256').update(readFileSync(tarball)).digest('hex')}`;

  const nodes = names.map((name): Node => {
    const root = temp();
    const netd = join(root, 'etc', 'cni', 'net.d');
    const bin = join(root, 'opt', 'cni', 'bin');
    cpSync(NET_D, netd, { recursive: true });
    mkdirSync(bin, { recursive: true });
    for (const plugin of readdirSync(PLUGINS)) if (plugin !== 'loopback') copyFileSync(join(PLUGINS, plugin), join(bin, plugin));
    // A loopback of before cni-plugins v1.0.0: spec versions up to 0.4.0.
    writeStandIn(bin, 'loopback', `[ "$CNI_COMMAND" = VERSION ] || exit 1\n${versionReply(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0'])}`);
    const usrBin = join(root, 'usr', 'bin');
    mkdirSync(usrBin, { recursive: true });
    writeStandIn(usrBin, 'containerd', containerd('1.6.4'));
    const state = nodeState({ netd, bin, root });
    writeStandIn(usrBin, 'svc', `${state}\necho "${name} $1 $2 config=\${c:-none} loopback=$l runtime=$r" >> ${sh(log)}`);
    writeStandIn(usrBin, 'upgrade-runtime', `${state}\necho "${name} upgrade-runtime config=\${c:-none} loopback=$l runtime=$r" >> ${sh(log)}\ncat > ${sh(join(usrBin, 'containerd'))} <<'EOF'\n#!/bin/sh\n${containerd('1.7.13')}\nEOF`);
    writeFileSync(join(root, 'python'), `#!/bin/sh\nPATH=${trap}:${usrBin}:/usr/sbin:/usr/bin:/sbin:/bin exec /usr/bin/python3 "$@"\n`, { mode: 0o755 });
    return { name, root, netd, bin };
  });

  // The plugins the nodes start with, as a tarball to go back to.
  const oldTarball = join(dir, 'cni-plugins-old.tgz');
  expect(spawnSync('tar', ['-czf', oldTarball, '-C', nodes[0]!.bin, '.']).status).toBe(0);
  const oldPlugins = { tarball: oldTarball, checksum: `sha256:${createHash('sha256').update(readFileSync(oldTarball)).digest('hex')}` };

  // Host variables say where each node keeps things; the playbook itself is the shipped one.
  const inventory = join(dir, 'inventory.yml');
  const hosts = Object.fromEntries(
    nodes.map((n) => [
      n.name,
      {
        ansible_connection: 'local',
        ansible_python_interpreter: join(n.root, 'python'),
        cni_upgrade_net_d: n.netd,
        cni_upgrade_bin_dir: n.bin,
        cni_upgrade_download_dir: join(n.root, 'var', 'cache', 'cni-upgrade'),
        cni_upgrade_stop_command: [join(n.root, 'usr', 'bin', 'svc'), 'stop'],
        cni_upgrade_start_command: [join(n.root, 'usr', 'bin', 'svc'), 'start'],
        cni_upgrade_runtime_command: [join(n.root, 'usr', 'bin', 'upgrade-runtime')],
        // These nodes fetch the tarball themselves.
        ...(options.byUrl?.includes(n.name) ? { cni_upgrade_plugins_archive: `file://${tarball}` } : {}),
      },
    ]),
  );
  const vars = { ansible_become: false, cni_upgrade_service_manager: 'command', cni_upgrade_runtime: NEW_RUNTIME, cni_upgrade_plugins_archive: tarball, cni_upgrade_plugins_checksum: checksum };
  writeFileSync(inventory, JSON.stringify({ k8s_nodes: { hosts, vars } }, null, 2));
  const collections = collectionsPath(temp());
  return {
    nodes,
    inventory,
    log,
    tools,
    trapUsed,
    collections,
    oldPlugins,
    unhealthy: (...unwell) => writeFileSync(join(dir, 'unhealthy'), unwell.join('\n')),
    lines: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
    play: (playbook, args = [], json = true) => ansible('ansible-playbook', ['-i', inventory, playbook, ...args], { home: temp(), collections, json, path: [tools], pipelining: true }),
  };
}

/** A node's tree: each file's mode and hash, each link's target. */
function fingerprint(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    const path = join(root, rel);
    const info = lstatSync(path);
    if (info.isSymbolicLink()) out[rel] = `-> ${readlinkSync(path)}`;
    else if (info.isFile()) out[rel] = `${(info.mode & 0o7777).toString(8)} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
    else out[rel] = 'dir';
  }
  return out;
}

/** What `cni-migrate fix` makes of the fixture's net.d for the new runtime, against Debian's plugins. */
function fixedByCli(): Record<string, string> {
  const dir = temp();
  cpSync(NET_D, dir, { recursive: true });
  const r = cli(['fix', '.', '--bin-dir', PLUGINS, '--runtime', NEW_RUNTIME], dir);
  expect(r.code, r.stderr).toBe(0);
  return snapshotTree(dir);
}

/** The log lines the procedure leaves for one node, in order. */
function procedure(node: string, opts: { before: string; after: string; upgrade: boolean; healthy?: boolean }): string[] {
  const pod = `cni-upgrade-check-${node}`;
  const stateBefore = `config=${opts.before} loopback=${opts.upgrade ? '0.4.0' : '1.0.0'} runtime=v${opts.upgrade ? '1.6.4' : '1.7.13'}`;
  const stateAfter = `config=${opts.after} loopback=1.0.0 runtime=v1.7.13`;
  const overrides = JSON.stringify({ apiVersion: 'v1', spec: { nodeName: node, tolerations: [{ operator: 'Exists' }] } });
  return [
    `kubectl drain ${node} --ignore-daemonsets --delete-emptydir-data --timeout=300s`,
    `${node} stop kubelet ${stateBefore}`,
    `${node} stop containerd ${stateBefore}`,
    // By the runtime upgrade the plugins are new and the configs migrated for the new runtime.
    ...(opts.upgrade ? [`${node} upgrade-runtime config=${opts.after} loopback=1.0.0 runtime=v1.6.4`] : []),
    `${node} start containerd ${stateAfter}`,
    `${node} start kubelet ${stateAfter}`,
    `kubectl wait --for=condition=Ready node/${node} --timeout=120s`,
    `kubectl run ${pod} --namespace default --image registry.k8s.io/pause:3.9 --restart=Never --labels=app.kubernetes.io/name=cni-upgrade-check --overrides ${overrides}`,
    `kubectl wait --namespace default --for=condition=Ready pod/${pod} --timeout=120s`,
    ...(opts.healthy === false ? [] : [`kubectl get pod ${pod} --namespace default --output jsonpath={.status.podIP}`]),
    `kubectl delete pod ${pod} --namespace default --ignore-not-found --wait=true --timeout=120s`,
    ...(opts.healthy === false ? [] : [`kubectl uncordon ${node}`]),
  ];
}

/** The tasks that change files: a second run must leave each of them unchanged. */
const FILE_STEPS = [
  'Make the download directory',
  'Copy the plugin tarball to the node',
  'Fetch the plugin tarball on the node',
  'Make the directory the plugins are unpacked into',
  'Unpack the plugin tarball',
  'Install the plugins into the bin directory',
  'Migrate cniVersion in',
  'Upgrade the runtime with the command given',
];

function task(results: ReturnType<typeof playResults>, prefix: string): Record<string, TaskResult> {
  return Object.assign({}, ...results.plays.flat().filter((t) => t.name.includes(prefix)).map((t) => t.hosts)) as Record<string, TaskResult>;
}

describe.concurrent('the upgrade playbook', { timeout: 600_000 }, () => {
  it('previews in check mode, rolls node by node through the procedure in order, changes no file on a second run, and rolls back from the backups', async () => {
    const f = fleet(['node-1', 'node-2', 'node-3'], { byUrl: ['node-3'] });
    const before = Object.fromEntries(f.nodes.map((n) => [n.name, fingerprint(n.root)]));
    const original = snapshotTree(NET_D);

    // Check mode: diffs, and nothing drained, stopped, fetched or written.
    const check = await f.play('cni_migrate.cni.upgrade', ['--check', '--diff'], false);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    for (const n of f.nodes) {
      expect(fingerprint(n.root), n.name).toEqual(before[n.name]);
      expect(check.stdout).toContain(`--- before: ${join(n.netd, '99-loopback.conf')}\n+++ after: ${join(n.netd, '99-loopback.conf')}\n`);
    }
    expect(check.stdout).toContain('check mode: the plugins of');
    expect(f.lines()).toEqual([]);

    // The roll.
    const roll = await f.play('cni_migrate.cni.upgrade');
    expect(roll.code, roll.stdout + roll.stderr).toBe(0);
    expect(f.lines()).toEqual(f.nodes.flatMap((n) => procedure(n.name, { before: 'none', after: '1.0.0', upgrade: true })));
    const results = playResults(roll);
    expect(results.plays).toHaveLength(3); // serial: 1, a batch per node
    // Within each node's batch the file steps ran between the stop and the runtime upgrade, in this order.
    for (const [i, n] of f.nodes.entries()) {
      const ran = results.plays[i]!.filter((t) => t.hosts[n.name] && !t.hosts[n.name]!.skipped).map((t) => t.name);
      const at = (prefix: string): number => ran.findIndex((name) => name.includes(prefix));
      const order = [n.name === 'node-3' ? 'Fetch the plugin tarball on the node' : 'Copy the plugin tarball to the node', 'Unpack the plugin tarball', 'Drain (and so cordon)', 'Stop the services with the command given', 'Install the plugins into the bin directory', 'Migrate cniVersion in', 'Require a loopback plugin that accepts spec 1.0.0', 'Upgrade the runtime with the command given', 'Require the runtime the configs were migrated for', 'Start the services with the command given', 'Read the test pod', 'Uncordon the node with kubectl'];
      const positions = order.map(at);
      expect(positions.every((p) => p >= 0), `${n.name}: ${ran.join(' | ')}`).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
    const expected = fixedByCli();
    const migrated = task(results, 'Migrate cniVersion in');
    for (const n of f.nodes) {
      const tree = snapshotTree(n.netd);
      for (const [file, text] of Object.entries(expected)) expect(tree[file], `${n.name} ${file}`).toBe(text);
      // A backup of each file the migration changed, holding the original.
      const backups = migrated[n.name]!.backup_files as Record<string, string>;
      expect(Object.keys(backups).sort(), n.name).toEqual(Object.keys(expected).filter((file) => expected[file] !== original[file]).map((file) => join(n.netd, file)).sort());
      for (const [file, backup] of Object.entries(backups)) expect(readFileSync(backup, 'latin1'), backup).toBe(original[file.slice(n.netd.length + 1)]);
      expect(tree['99-loopback.conf']).toContain('"cniVersion": "1.0.0"');
      expect(readFileSync(join(n.bin, 'loopback')).equals(readFileSync(join(PLUGINS, 'loopback'))), n.name).toBe(true);
    }
    // Only the old loopback differed from the tarball's plugins.
    const installed = task(results, 'Install the plugins into the bin directory');
    for (const n of f.nodes) expect((installed[n.name]!.results as { changed: boolean; item: { path: string } }[]).filter((r) => r.changed).map((r) => r.item.path.split('/').pop())).toEqual(['loopback']);

    // Again: the procedure's kubectl and service steps run, but no file changes and the runtime is not upgraded again.
    const logged = f.lines().length;
    const again = await f.play('cni_migrate.cni.upgrade');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    for (const step of FILE_STEPS) {
      const hosts = task(playResults(again), step);
      expect(Object.keys(hosts).length, step).toBeGreaterThan(0);
      for (const [host, result] of Object.entries(hosts)) expect(result, `${step} ${host}`).toMatchObject({ changed: false });
    }
    expect(f.lines().slice(logged)).toEqual(f.nodes.flatMap((n) => procedure(n.name, { before: '1.0.0', after: '1.0.0', upgrade: false })));

    // Rollback: each config back from its newest backup and the earlier plugins back, drained and health-gated;
    // a second rollback changes nothing.
    const earlier = ['-e', `cni_upgrade_plugins_archive=${f.oldPlugins.tarball}`, '-e', `cni_upgrade_plugins_checksum=${f.oldPlugins.checksum}`];
    const rolled = f.lines().length;
    const back = await f.play('cni_migrate.cni.rollback', earlier);
    expect(back.code, back.stdout + back.stderr).toBe(0);
    for (const n of f.nodes) {
      const now = snapshotTree(n.netd);
      for (const [file, text] of Object.entries(original)) expect(now[file], `${n.name} ${file}`).toBe(text);
      const bin = fingerprint(n.bin);
      for (const [file, print] of Object.entries(before[n.name]!)) if (file.startsWith(join('opt', 'cni', 'bin', '/'))) expect(bin[file.slice(join('opt', 'cni', 'bin').length + 1)], file).toBe(print);
    }
    // The services start with the earlier configs and plugins in place.
    expect(f.lines().slice(rolled).filter((line) => / start /.test(line))).toEqual(f.nodes.flatMap((n) => [`${n.name} start containerd config=none loopback=0.4.0 runtime=v1.7.13`, `${n.name} start kubelet config=none loopback=0.4.0 runtime=v1.7.13`]));
    expect(f.lines().slice(rolled).filter((line) => line.startsWith('kubectl uncordon'))).toHaveLength(3);
    const restored = task(playResults(back), 'Restore each config from its newest backup');
    for (const n of f.nodes) expect(restored[n.name], n.name).toMatchObject({ changed: true });
    const twice = await f.play('cni_migrate.cni.rollback', earlier);
    expect(twice.code).toBe(0);
    for (const n of f.nodes) expect(task(playResults(twice), 'Restore each config from its newest backup')[n.name], n.name).toMatchObject({ changed: false });
    expect(existsSync(f.trapUsed), 'node was run on a node').toBe(false);
  });

  it('stops the roll at a node whose health gate fails: that node stays cordoned and the later ones are not touched', async () => {
    const f = fleet(['node-1', 'node-2', 'node-3']);
    f.unhealthy('node-2');
    const third = fingerprint(f.nodes[2]!.root);
    const run = await f.play('cni_migrate.cni.upgrade');
    expect(run.code).toBe(2);
    expect(f.lines()).toEqual([...procedure('node-1', { before: 'none', after: '1.0.0', upgrade: true }), ...procedure('node-2', { before: 'none', after: '1.0.0', upgrade: true, healthy: false })]);
    expect(f.lines().join('\n')).not.toContain('node-3');
    expect(fingerprint(f.nodes[2]!.root)).toEqual(third);
    expect(playResults(run).stats['node-2']).toMatchObject({ failures: 1 });
    expect(playResults(run).stats['node-3']).toBeUndefined();
  });

  it('checks the tarball before draining: a wrong checksum fails the node while it still serves, whether the node fetches it or it comes from the control node', async () => {
    const f = fleet(['node-1', 'node-2'], { byUrl: ['node-2'], checksum: `sha256:${'0'.repeat(64)}` });
    const before = Object.fromEntries(f.nodes.map((n) => [n.name, fingerprint(n.root)]));
    const fromController = await f.play('cni_migrate.cni.upgrade', ['--limit', 'node-1'], false);
    expect(fromController.code).toBe(2);
    expect(fromController.stdout).toMatch(/fatal: \[node-1\][^\n]*checksum is not sha256:0{64}/);
    const fetched = await f.play('cni_migrate.cni.upgrade', ['--limit', 'node-2'], false);
    expect(fetched.code).toBe(2);
    expect(fetched.stdout).toMatch(/fatal: \[node-2\][^\n]*The checksum for \S+ did not match/);
    expect(f.lines()).toEqual([]);
    for (const n of f.nodes) {
      const now = fingerprint(n.root);
      for (const [file, print] of Object.entries(before[n.name]!)) expect(now[file], `${n.name} ${file}`).toBe(print);
    }
  });

  it('skips a step by its tag; with the plugin upgrade skipped, the old loopback fails the containerd check before the runtime is touched', async () => {
    const f = fleet(['node-1', 'node-2']);
    const second = fingerprint(f.nodes[1]!.root);
    const run = await f.play('cni_migrate.cni.upgrade', ['--skip-tags', 'plugins'], false);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(`containerd needs the loopback plugin of cni-plugins v1.0.0 or later; ${join(f.nodes[0]!.bin, 'loopback')} accepts 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0`);
    expect(f.lines()).toEqual(procedure('node-1', { before: 'none', after: '', upgrade: true }).slice(0, 3));
    expect(readFileSync(join(f.nodes[0]!.root, 'usr', 'bin', 'containerd'), 'utf8')).toContain('v1.6.4');
    expect(existsSync(join(f.nodes[0]!.root, 'var', 'cache', 'cni-upgrade')), 'the plugins step ran').toBe(false);
    expect(fingerprint(f.nodes[1]!.root)).toEqual(second);
  });
});

describe.concurrent('the upgrade playbook in the collection', { timeout: 240_000 }, () => {
  it('is in the built collection, with its role and the rollback, and the installed playbooks pass a syntax check', async () => {
    const out = temp();
    const build = await ansible('ansible-galaxy', ['collection', 'build', ANSIBLE, '--output-path', out], { home: temp(), collections: temp() });
    expect(build.code, build.stdout + build.stderr).toBe(0);
    const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    const collections = temp();
    const install = await ansible('ansible-galaxy', ['collection', 'install', join(out, `cni_migrate-cni-${version}.tar.gz`), '-p', collections], { home: temp(), collections });
    expect(install.code, install.stdout + install.stderr).toBe(0);
    const installed = join(collections, 'ansible_collections', 'cni_migrate', 'cni');
    for (const file of ['playbooks/upgrade.yml', 'playbooks/rollback.yml', 'roles/cni_upgrade/meta/argument_specs.yml', 'roles/cni_upgrade/tasks/main.yml', 'roles/cni_upgrade/tasks/rollback.yml']) expect(existsSync(join(installed, file)), file).toBe(true);
    const inventory = join(temp(), 'inventory');
    writeFileSync(inventory, '[k8s_nodes]\nnode-1 ansible_connection=local\n');
    for (const playbook of ['cni_migrate.cni.upgrade', 'cni_migrate.cni.rollback']) {
      const syntax = await ansible('ansible-playbook', ['-i', inventory, playbook, '--syntax-check'], { home: temp(), collections });
      expect(syntax.code, syntax.stdout + syntax.stderr).toBe(0);
    }
  });

  it('docs/ansible-fleet.md quotes the shipped playbooks verbatim', () => {
    const guide = readFileSync(join(repoRoot, 'docs', 'ansible-fleet.md'), 'utf8');
    for (const file of ['upgrade.yml', 'rollback.yml']) expect(guide, file).toContain('```yaml\n' + readFileSync(join(ANSIBLE, 'playbooks', file), 'utf8') + '```\n');
  });

  it("documents the role's variables for both entry points, as its defaults set them, and checks them before anything runs", async () => {
    const specs = parseYaml(readFileSync(join(ANSIBLE, 'roles', 'cni_upgrade', 'meta', 'argument_specs.yml'), 'utf8')) as { argument_specs: Record<string, { options: Record<string, { default?: unknown }> }> };
    const defaults = parseYaml(readFileSync(join(ANSIBLE, 'roles', 'cni_upgrade', 'defaults', 'main.yml'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(specs.argument_specs).sort()).toEqual(['main', 'rollback']);
    for (const entry of Object.values(specs.argument_specs)) {
      expect(Object.keys(entry.options).sort()).toEqual(Object.keys(defaults).sort());
      for (const [name, value] of Object.entries(defaults)) expect(entry.options[name]!.default, name).toEqual(value);
    }
    const f = fleet(['node-1']);
    const before = fingerprint(f.nodes[0]!.root);
    const run = await f.play('cni_migrate.cni.upgrade', ['-e', 'cni_upgrade_service_manager=upstart'], false);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/value of cni_upgrade_service_manager must be one of: systemd, service, command, got: upstart/);
    expect(f.lines()).toEqual([]);
    expect(fingerprint(f.nodes[0]!.root)).toEqual(before);
  });
});
