/**
 * The CLI as users meet it: the built bin in a subprocess, on temp copies, with real git.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli, git, repoRoot, scratchDirs } from '../helpers/cli.js';

const PLUGINS = ['--plugin', 'cni-plugins@1.1.1'];
const { temp, example } = scratchDirs(afterEach);
const read = (p: string): string => readFileSync(p, 'utf8');
const WORKER = 'nodes/worker/etc/cni/net.d';
const GPU = 'nodes/gpu/etc/cni/net.d';

beforeAll(() => {
  expect(existsSync(join(repoRoot, 'dist', 'bundle', 'cli.cjs')), 'run `npm run build` first (npm test does)').toBe(true);
});

describe('help and usage', () => {
  it('prints help and version', () => {
    const help = cli(['--help'], repoRoot);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: cni-migrate <command>');
    for (const c of ['check', 'diff', 'fix']) {
      const r = cli([c, '--help'], repoRoot);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: cni-migrate ${c}`);
      expect(r.stdout).toContain('Examples:');
    }
    const version = cli(['--version'], repoRoot);
    expect(version.stdout.trim()).toBe(JSON.parse(read(join(repoRoot, 'package.json'))).version);
  });

  it('runs as `npx cni-migrate` from the repository root (the package bin, no download)', () => {
    const r = spawnSync('npx', ['--offline', 'cni-migrate', '--help'], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage: cni-migrate <command>');
    expect(statSync(join(repoRoot, 'bin', 'cni-migrate.js')).mode & 0o111).not.toBe(0);
  });

  it("runs the README's quick-start command (npx against the bundled example) as written", () => {
    const block = /## Quick start[\s\S]*?```sh\n(.+)\n```/.exec(read(join(repoRoot, 'README.md')))?.[1];
    expect(block).toMatch(/^npm ci && rm -rf \/tmp\/cni-example && cp -r fixtures\/example \/tmp\/cni-example && npx cni-migrate fix \/tmp\/cni-example /);
    // `npm ci` has run (npm test needs it); the rest runs as written, on a private scratch copy.
    const scratch = join(temp(), 'cni-example');
    const command = block!.replace(/^npm ci && /, '').replaceAll('/tmp/cni-example', scratch);
    const r = spawnSync('sh', ['-c', command], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('4 files fixed, 0 errors');
    expect(read(join(scratch, GPU, '20-ptp.conf'))).toContain('"cniVersion": "1.0.0"');
  });

  it.each([
    [['frobnicate']],
    [['check', '--runtime', 'docker@20.10']],
    [['check', '--runtime', 'containerd@0.1.0']],
    [['check', '--target-version', '1.0']],
    [['check', '--plugin', 'bridge=1.0']],
    [['check', '--plugin', 'calico']],
    [['check', '--format', 'xml']],
    [['check', '--no-such-flag']],
  ])('exits 2 on usage error %j', (args) => {
    const r = cli(args, repoRoot);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cni-migrate: /);
    expect(r.stdout).toBe('');
  });

  it.each([
    [['--plugin', 'cni-plugin@1.1.1'], 'did you mean "cni-plugins"?'],
    [['--plugin', 'bridg@1.1.1'], 'did you mean "bridge"?'],
    [['--plugin', 'cni-plugins@9.9.9'], 'the data knows releases of cni-plugins up to'],
  ])('a mistyped or unknown --plugin %j is a usage error, before any file is read', (flags, says) => {
    const r = cli(['check', WORKER, ...flags], example());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(says);
    expect(r.stdout).toBe('');
  });

  it('exits 2 for a path that does not exist, and still processes the others', () => {
    const dir = example();
    const r = cli(['check', 'no/such/dir', WORKER, ...PLUGINS], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no/such/dir: no such file or directory');
    expect(r.stdout).toContain(`${WORKER}/99-loopback.conf`);
  });
});

describe('check', () => {
  it('reports what would change, with paths relative to the cwd, and writes nothing', () => {
    const dir = example();
    const before = read(join(dir, WORKER, '99-loopback.conf'));
    const r = cli(['check', '.', ...PLUGINS], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${WORKER}/99-loopback.conf`);
    expect(r.stdout).toMatch(/1:1 +error +CNI_VERSION_MISSING/);
    expect(r.stdout).toContain('would insert cniVersion "1.0.0"');
    expect(r.stdout).toContain('6 files scanned, 5 CNI configs, 4 files to change');
    expect(r.stdout).not.toContain('package.json');
    expect(r.stdout).not.toContain('\u001b['); // not a TTY: no colour
    expect(read(join(dir, WORKER, '99-loopback.conf'))).toBe(before);
  });

  it('exits 0 when nothing needs to change', () => {
    const dir = example();
    const r = cli(['check', `${WORKER}/10-containerd-net.conflist`, ...PLUGINS], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 files to change, 0 errors');
  });

  it('--format json gives one object with files[] and positions', () => {
    const dir = example();
    const r = cli(['check', '--format', 'json', ...PLUGINS], dir);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      runtime: { name: string; version: string };
      files: { path: string; format: string; changed: boolean; diagnostics: { code: string; severity: string; line: number; column: number }[] }[];
      summary: { cniFiles: number; changed: number };
    };
    expect(doc.runtime).toMatchObject({ name: 'containerd', version: '1.6.4' });
    expect(doc.summary).toMatchObject({ cniFiles: 5, changed: 4 });
    const ptp = doc.files.find((f) => f.path === `${GPU}/20-ptp.conf`)!;
    expect(ptp).toMatchObject({ format: 'conf', changed: true });
    expect(ptp.diagnostics).toContainEqual(expect.objectContaining({ code: 'CNI_VERSION_MISSING', severity: 'error', line: 1, column: 1 }));
    const dbnet = doc.files.find((f) => f.path === `${GPU}/10-dbnet.conflist`)!;
    expect(dbnet.diagnostics).toContainEqual(expect.objectContaining({ code: 'CNI_VERSION_UNSUPPORTED', line: 2, column: 17 }));
  });

  it('colours output only when asked, and never with --no-color', () => {
    const dir = example();
    expect(cli(['check', '--color', ...PLUGINS], dir).stdout).toContain('\u001b[');
    expect(cli(['check', '--no-color', ...PLUGINS], dir).stdout).not.toContain('\u001b[');
  });

  it('honours .gitignore, node_modules, --exclude and --include', () => {
    const dir = example();
    writeFileSync(join(dir, '.gitignore'), 'nodes/gpu/\n');
    mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'x', 'a.conflist'), '{"name":"a","plugins":[{"type":"bridge"}]}');
    const files = (args: string[]): string[] =>
      (JSON.parse(cli(['check', '--format', 'json', ...PLUGINS, ...args], dir).stdout) as { files: { path: string }[] }).files.map((f) => f.path);
    expect(files([])).toEqual(['manifests/kube-router.yaml', `${WORKER}/10-containerd-net.conflist`, `${WORKER}/99-loopback.conf`]);
    expect(files(['--no-ignore'])).toHaveLength(5);
    expect(files(['--exclude', '**/99-*', '--exclude', 'manifests/**'])).toEqual([`${WORKER}/10-containerd-net.conflist`]);
    writeFileSync(join(dir, WORKER, 'extra.cni'), '{"cniVersion":"0.3.1","name":"x","type":"bridge"}');
    expect(files(['--include', '**/*.cni'])).toContain(`${WORKER}/extra.cni`);
  });
});

describe('a file named on the command line that no format reads', () => {
  it('holding a cniVersion (a script whose heredoc writes a conflist): said on stderr, not counted, exit 0; nothing said of other files', () => {
    const dir = temp();
    const conflist = readFileSync(join(repoRoot, 'fixtures/example', WORKER, '10-containerd-net.conflist'), 'utf8');
    writeFileSync(join(dir, 'install-cni.sh'), `#!/bin/sh\nset -e\ncat > /etc/cni/net.d/10-containerd-net.conflist <<EOF\n${conflist}EOF\n`);
    writeFileSync(join(dir, 'NOTES.txt'), 'nothing here\n');
    writeFileSync(join(dir, 'web.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n');
    const r = cli(['check', 'install-cni.sh', 'NOTES.txt', 'web.yaml'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('3 files scanned, 0 CNI configs');
    expect(r.stderr).toBe(
      'cni-migrate: warning: install-cni.sh holds a "cniVersion" but is not read: no format reads a file of this name (.conflist, .conf, .json, .yaml, .yml or a template\'s), and it does not start as a manifest or a JSON object; a config that a script writes or a document shows is checked where it is installed (cni-migrate check /etc/cni/net.d)\n',
    );
    // In a directory walk, files come by their names' patterns: nothing to say of others.
    expect(cli(['check', '.'], dir).stderr).toBe('');
    // The JSON report carries what stderr said, as SARIF's notifications do; a file that cannot be read too.
    const json = JSON.parse(cli(['check', '--format', 'json', 'install-cni.sh', 'web.yaml'], dir).stdout) as { notices?: unknown; notProcessed?: unknown };
    expect(json.notices).toEqual([{ level: 'warning', message: expect.stringMatching(/^install-cni\.sh holds a "cniVersion" but is not read/) }]);
    expect(json.notProcessed).toBeUndefined();
    const missing = cli(['check', '--format', 'json', 'web.yaml', 'gone.conflist'], dir);
    expect(missing.code).toBe(2);
    expect((JSON.parse(missing.stdout) as { notices?: unknown }).notices).toEqual([{ level: 'error', message: expect.stringContaining('gone.conflist') }]);
    expect((JSON.parse(cli(['check', '--format', 'json', 'web.yaml'], dir).stdout) as Record<string, unknown>)).not.toHaveProperty('notices');
  });
});

describe('diff', () => {
  it('prints a patch that git apply accepts (CRLF and missing final newline included)', () => {
    const dir = example();
    expect(git(['init', '-q'], dir).code).toBe(0);
    expect(git(['add', '-A'], dir).code).toBe(0);
    expect(git(['commit', '-qm', 'base'], dir).code).toBe(0);
    const r = cli(['diff', ...PLUGINS], dir);
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('diff --git a/')).toBe(true);
    expect(r.stdout).toContain('+\t"cniVersion": "1.0.0",\r\n');
    expect(r.stderr).toContain('CNI_VERSION_MISSING'); // findings go to stderr, the patch alone to stdout
    writeFileSync(join(dir, '.cni.patch'), r.stdout);
    const check = git(['apply', '--check', '.cni.patch'], dir);
    expect(check.code, check.stderr).toBe(0);
    const applied = git(['apply', '.cni.patch'], dir);
    expect(applied.code, applied.stderr).toBe(0);
    // Applying the patch gives exactly what fix writes.
    const fixed = example();
    expect(cli(['fix', ...PLUGINS], fixed).code).toBe(0);
    for (const f of [`${GPU}/20-ptp.conf`, `${GPU}/10-dbnet.conflist`, `${WORKER}/99-loopback.conf`]) {
      expect(read(join(dir, f))).toBe(read(join(fixed, f)));
    }
    const after = cli(['check', '--exclude', '.cni.patch', ...PLUGINS], dir);
    expect(after.code).toBe(0);
  });

  it('prints nothing on stdout and exits 0 when nothing changes', () => {
    const dir = example();
    const r = cli(['diff', `${WORKER}/10-containerd-net.conflist`, ...PLUGINS], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });
});

describe('fix', () => {
  it('rewrites in place, keeps the mode, and a second run changes nothing', () => {
    const dir = example();
    const target = join(dir, GPU, '20-ptp.conf');
    chmodSync(target, 0o640);
    const first = cli(['fix', ...PLUGINS], dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('inserted cniVersion "1.0.0"');
    expect(first.stdout).toContain('4 files fixed, 0 errors');
    // Findings the fix resolved are not reported as if they remained.
    expect(first.stdout).not.toContain('CNI_VERSION_MISSING');
    expect(first.stdout).not.toContain('CNI_VERSION_UNSUPPORTED');
    expect(read(target)).toBe('{\r\n\t"cniVersion": "1.0.0",\r\n\t"name": "ptp-net",\r\n\t"type": "ptp",\r\n\t"ipMasq": true,\r\n\t"ipam": {\r\n\t\t"type": "host-local",\r\n\t\t"subnet": "10.2.0.0/24"\r\n\t}\r\n}');
    expect(statSync(target).mode & 0o777).toBe(0o640);
    const snapshot = [`${GPU}/20-ptp.conf`, `${GPU}/10-dbnet.conflist`, `${WORKER}/99-loopback.conf`].map((f) => read(join(dir, f)));
    const second = cli(['fix', ...PLUGINS], dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 files fixed');
    expect([`${GPU}/20-ptp.conf`, `${GPU}/10-dbnet.conflist`, `${WORKER}/99-loopback.conf`].map((f) => read(join(dir, f)))).toEqual(snapshot);
  });

  it('leaves a broken file byte-identical, names it with line:column, exits 2, and fixes the rest', () => {
    const dir = example();
    const broken = join(dir, WORKER, '05-broken.conflist');
    const text = '{\n  "name": "broken",\n  "plugins": [\n    { "type": "bridge" \n';
    writeFileSync(broken, text);
    const r = cli(['fix', ...PLUGINS], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`${WORKER}/05-broken.conflist`);
    expect(r.stdout).toMatch(/5:1 +error +JSON_PARSE_ERROR/);
    expect(read(broken)).toBe(text);
    expect(read(join(dir, WORKER, '99-loopback.conf'))).toContain('"cniVersion": "1.0.0"');
  });

  it('never decodes and rewrites text that is not UTF-8', () => {
    const dir = temp();
    const latin1 = Buffer.from('{\n  "name": "caf\xe9",\n  "type": "bridge"\n}\n', 'latin1');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"name":"x","type":"bridge"}', 'utf16le')]);
    const binaryJson = Buffer.from([0x7b, 0x00, 0x01, 0x02]);
    writeFileSync(join(dir, 'a.conflist'), latin1);
    writeFileSync(join(dir, 'b.conf'), utf16);
    writeFileSync(join(dir, 'c.json'), binaryJson);
    const r = cli(['fix', '.', ...PLUGINS], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a.conflist: not UTF-8 text');
    expect(r.stderr).toContain('b.conf: not UTF-8 text');
    expect(r.stderr).not.toContain('c.json');
    expect(readFileSync(join(dir, 'a.conflist')).equals(latin1)).toBe(true);
    expect(readFileSync(join(dir, 'b.conf')).equals(utf16)).toBe(true);
  });

  it('--format json reports the findings that remain after fix', () => {
    const dir = example();
    const doc = JSON.parse(cli(['fix', '--format', 'json', ...PLUGINS], dir).stdout) as {
      files: { path: string; diagnostics: { code: string }[]; remaining: { code: string }[] }[];
    };
    const ptp = doc.files.find((f) => f.path === `${GPU}/20-ptp.conf`)!;
    // Its own finding is fixed; what stays is that 10-dbnet.conflist loads before it.
    expect(ptp.diagnostics.map((d) => d.code)).toEqual(['CNI_VERSION_MISSING', 'LOAD_SHADOWED']);
    expect(ptp.remaining.map((d) => d.code)).toEqual(['LOAD_SHADOWED']);
  });

  it('exits 1 when an error remains that it cannot fix (unknown plugin), writing nothing for it', () => {
    const dir = temp();
    const text = '{\n  "name": "x",\n  "plugins": [ { "type": "vendor-cni" } ]\n}\n';
    writeFileSync(join(dir, 'a.conflist'), text);
    const r = cli(['fix', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('PLUGIN_UNKNOWN');
    expect(read(join(dir, 'a.conflist'))).toBe(text);
    const stated = cli(['fix', '.', '--plugin', 'vendor-cni=0.3.1,0.4.0'], dir);
    expect(stated.code).toBe(0);
    expect(read(join(dir, 'a.conflist'))).toContain('"cniVersion": "0.4.0",\n  "name": "x"');
  });

  it('--runtime bounds the version: a 1.0.0 conflist on containerd 1.5 becomes 0.4.0', () => {
    const dir = temp();
    writeFileSync(join(dir, '10.conflist'), read(join(repoRoot, 'fixtures/example', WORKER, '10-containerd-net.conflist')).replace('0.4.0', '1.0.0'));
    const r = cli(['fix', '.', '--runtime', 'containerd@1.5.18', '--plugin', 'cni-plugins@0.9.1'], dir);
    expect(r.code).toBe(0);
    expect(read(join(dir, '10.conflist'))).toContain('"cniVersion": "0.4.0"');
  });
});

describe('manifests', () => {
  it('a kustomization that deploys Calico from a URL: a warning at the URL, the run exits 0, and it is not counted as a CNI config', () => {
    const dir = temp();
    cpSync(join(repoRoot, 'fixtures/repositories/gardener/b312835d1784/dev-setup/kind/calico/base/kustomization.yaml'), join(dir, 'kustomization.yaml'));
    const text = cli(['check', '.'], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/5:3 +warning +REMOTE_MANIFEST_NOT_READ .*calico\.yaml/);
    expect(text.stdout).toContain('1 file scanned, 0 CNI configs, 0 files to change, 0 errors, 1 warning');
    const json = JSON.parse(cli(['check', '--format', 'json', '.'], dir).stdout) as { summary: { cniFiles: number; warnings: number } };
    expect(json.summary).toMatchObject({ cniFiles: 0, warnings: 1 });
  });

  it("a stated Calico release names what its installer puts beside calico, and stating that settles the finding (Calico's chart)", () => {
    const chart = join(repoRoot, 'fixtures/upstream/calico/master-87c15906f20c/charts_calico_templates_calico-config.yaml');
    const stated = cli(['check', chart, '--plugin', 'calico@3.26.0'], repoRoot);
    expect(stated.code).toBe(0);
    expect(stated.stdout).toMatch(/106:21 +warning +CNI_VERSION_UNCONFIRMED .*\(portmap as calico\/cni 3\.26\.0 installs it: --plugin cni-plugins@1\.1\.1\)/);
    const settled = cli(['check', chart, '--plugin', 'calico@3.26.0', '--plugin', 'cni-plugins@1.1.1'], repoRoot);
    expect(settled.stdout).not.toMatch(/106:21 +warning/);
    expect(settled.stdout).toMatch(/portmap 1\.1\.1 \(--plugin cni-plugins@1\.1\.1\)/);
  });

  const FIXTURES = join(repoRoot, 'fixtures');
  function manifests(): string {
    const dir = temp();
    mkdirSync(join(dir, 'calico'), { recursive: true });
    mkdirSync(join(dir, 'flannel'), { recursive: true });
    writeFileSync(join(dir, 'calico', 'calico.yaml'), read(join(FIXTURES, 'k8s-yaml/calico-v3.30.0-calico/input.yaml')));
    writeFileSync(join(dir, 'flannel', 'kube-flannel.yml'), read(join(FIXTURES, 'k8s-yaml/flannel-v0.10.0-kube-flannel/input.yml')));
    writeFileSync(join(dir, 'configmaps.json'), read(join(FIXTURES, 'k8s-json/list-flannel-v0.10.0-kube-router-v0.2.0/input.json')));
    writeFileSync(join(dir, 'nad.yml'), read(join(FIXTURES, 'k8s-yaml/multus-v3.4-npwg-demo-1_07_ptp_tuning_conflist/input.yml')));
    return dir;
  }

  it('diff of YAML and JSON manifests applies with git apply, and equals what fix writes', () => {
    const dir = manifests();
    expect(git(['init', '-q'], dir).code).toBe(0);
    expect(git(['add', '-A'], dir).code).toBe(0);
    expect(git(['commit', '-qm', 'base'], dir).code).toBe(0);
    // Multus 4.0 runs the NAD (it executes up to 1.0.0).
    const args = ['--target-version', '1.0.0', '--plugin', 'cni-plugins@1.1.1', '--plugin', 'flannel@0.9.1', '--plugin', 'multus@4.0.2'];
    const r = cli(['diff', ...args], dir);
    expect(r.code).toBe(1);
    // calico (image v3.30.0 accepts 1.0.0), the NAD and the List's kube-router ConfigMap change to
    // 1.0.0; flannel 0.9.1 refuses 1.0.0, so its configs, which have no cniVersion at all, get the
    // newest it accepts (a missing version breaks pod teardown), and the refusal is reported.
    expect(r.stdout).toContain('diff --git a/calico/calico.yaml b/calico/calico.yaml');
    expect(r.stdout).toContain('diff --git a/nad.yml b/nad.yml');
    expect(r.stdout).toContain('diff --git a/configmaps.json b/configmaps.json');
    expect(r.stdout).toContain('diff --git a/flannel/kube-flannel.yml b/flannel/kube-flannel.yml\n--- a/flannel/kube-flannel.yml\n+++ b/flannel/kube-flannel.yml\n@@ -54,6 +54,7 @@\n data:\n   cni-conf.json: |\n     {\n+      "cniVersion": "0.4.0",');
    expect(r.stderr).toContain('TARGET_VERSION_UNSUPPORTED');
    expect(r.stderr).toContain('the requested target version 1.0.0 is not accepted; 0.4.0 is the newest version accepted by flannel, bridge, host-local, portmap');
    writeFileSync(join(dir, '.cni.patch'), r.stdout);
    const applied = git(['apply', '.cni.patch'], dir);
    expect(applied.code, applied.stderr).toBe(0);
    expect(git(['diff', '--stat'], dir).stdout).toMatch(/4 files changed, 5 insertions\(\+\), 4 deletions\(-\)/);

    const fixed = manifests();
    cli(['fix', ...args], fixed);
    for (const f of ['calico/calico.yaml', 'nad.yml', 'configmaps.json', 'flannel/kube-flannel.yml']) expect(read(join(dir, f))).toBe(read(join(fixed, f)));
  });

  it('fix inserts into ConfigMaps that lack cniVersion, in YAML and in escaped JSON', () => {
    const dir = manifests();
    const r = cli(['fix', '.'], dir);
    expect(r.code).toBe(0);
    expect(read(join(dir, 'flannel', 'kube-flannel.yml'))).toContain('  cni-conf.json: |\n    {\n      "cniVersion": "0.3.1",\n      "name": "cbr0",');
    expect(read(join(dir, 'configmaps.json'))).toContain('"cni-conf.json": "{\\n  \\"cniVersion\\": \\"0.3.1\\",\\n  \\"name\\": \\"cbr0\\",');
    expect(JSON.parse(read(join(dir, 'configmaps.json'))).items).toHaveLength(2);
    expect(cli(['check', '.'], dir).code).toBe(0);
  });

  it("a Helm chart template is read with its directives masked; a templated plugin type leaves it untouched, and nothing is called broken", () => {
    const dir = temp();
    const text = read(join(FIXTURES, 'k8s-yaml/calico-master-87c15906f20c-charts_calico_templates_calico-config/input.yaml'));
    writeFileSync(join(dir, 'calico-config.yaml'), text);
    const r = cli(['fix', '.'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toContain('TEMPLATE_NOT_PARSED');
    expect(r.stdout).toContain('plugins written by the template ({{ .Values.ipam }}) are known only once it is rendered');
    expect(read(join(dir, 'calico-config.yaml'))).toBe(text);
  });

  it('a template that cannot be read even masked is a warning: exit 0, its versions named, the file untouched', () => {
    const dir = temp();
    cpSync(join(FIXTURES, 'diagnostics', 'TEMPLATE_NOT_PARSED', 'chart'), join(dir, 'chart'), { recursive: true });
    const file = join(dir, 'chart', 'templates', 'cni-config.yaml');
    const text = read(file);
    const r = cli(['fix', '.'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/warning TEMPLATE_NOT_PARSED .*it holds cniVersion "0\.3\.1" \(line 8\), not checked/);
    expect(read(file)).toBe(text);
    expect(cli(['check', '--fail-on', 'warning', '.'], dir).code).toBe(1);
  });
});

describe('load order', () => {
  it('reports what containerd and CRI-O would load from a config directory, in every format', () => {
    const dir = temp();
    const netd = join(dir, 'etc', 'cni', 'net.d');
    mkdirSync(netd, { recursive: true });
    writeFileSync(join(netd, '05-old.conf'), '{\n  "cniVersion": "0.3.1",\n  "name": "old",\n  "type": "bridge",\n}\n');
    writeFileSync(join(netd, '10-pods.conflist'), '{\n  "cniVersion": "1.0.0",\n  "name": "pods",\n  "plugins": [ { "type": "bridge" } ]\n}\n');
    writeFileSync(join(netd, '20-pods.conflist'), '{\n  "cniVersion": "1.0.0",\n  "name": "pods",\n  "plugins": [ { "type": "ptp" } ]\n}\n');
    const text = cli(['check', '.', ...PLUGINS], dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('etc/cni/net.d/ (what runtimes load)');
    expect(text.stdout).toContain('containerd loads nothing (stops at 05-old.conf); CRI-O loads 10-pods.conflist');
    const json = JSON.parse(cli(['check', '.', '--format', 'json', ...PLUGINS], dir).stdout) as {
      loadOrder: { directory: string; containerd: { loads: string | null; abortedAt: string | null }; crio: { loads: string | null } }[];
      files: { path: string; diagnostics: { code: string }[] }[];
      summary: { byCode: Record<string, number> };
    };
    expect(json.loadOrder).toEqual([
      expect.objectContaining({ directory: 'etc/cni/net.d', containerd: { loads: null, abortedAt: '05-old.conf' }, crio: expect.objectContaining({ loads: '10-pods.conflist' }) }),
    ]);
    const codesOf = (name: string): string[] => json.files.find((f) => f.path === `etc/cni/net.d/${name}`)!.diagnostics.map((d) => d.code);
    expect(codesOf('05-old.conf')).toEqual(expect.arrayContaining(['JSON_NOT_STRICT', 'LOAD_ABORTS_CONTAINERD', 'LOAD_SKIPPED_CRIO']));
    expect(codesOf('10-pods.conflist')).toEqual(['DUPLICATE_NETWORK_NAME']);
    expect(codesOf('20-pods.conflist')).toEqual(['LOAD_SHADOWED', 'DUPLICATE_NETWORK_NAME']);
    expect(json.summary.byCode.LOAD_ABORTS_CONTAINERD).toBe(1);
    const github = cli(['check', '.', '--format', 'github', ...PLUGINS], dir).stdout;
    expect(github).toContain('::error file=etc/cni/net.d/05-old.conf,title=LOAD_ABORTS_CONTAINERD::');
  });

  it('a stray non-CNI .json first in the directory is reported too', () => {
    const dir = join(temp(), 'net.d');
    mkdirSync(dir);
    writeFileSync(join(dir, '00-notes.json'), '{ "owner": "team-net" }\n');
    writeFileSync(join(dir, '10-pods.conflist'), '{"cniVersion":"1.0.0","name":"pods","plugins":[{"type":"bridge"}]}');
    // Run from inside the directory: `.` is /…/net.d, a node directory.
    const json = JSON.parse(cli(['check', '.', '--format', 'json', ...PLUGINS], dir).stdout) as { files: { path: string; format: string | null; diagnostics: { code: string }[] }[] };
    const notes = json.files.find((f) => f.path === '00-notes.json')!;
    expect(notes.format).toBeNull();
    expect(notes.diagnostics.map((d) => d.code)).toEqual(['LOAD_ABORTS_CONTAINERD', 'LOAD_SKIPPED_CRIO']);
  });
});

describe('node directories', () => {
  const POD = (name: string, type = 'bridge'): string => `{\n  "cniVersion": "1.0.0",\n  "name": "${name}",\n  "plugins": [ { "type": "${type}" } ]\n}\n`;
  interface LoadOrderJson {
    directory: string;
    candidates: string[];
    containerd: { loads: string | null; abortedAt: string | null };
    crio: { loads: string | null; skipped: { file: string; because: string }[] };
    links: { file: string; target: string; unreadable: string | null }[];
    notInRun: { path: string; diagnostics: { code: string }[] }[];
    unreadable: { path: string; message: string }[];
  }
  interface ReportJson {
    files: { path: string; diagnostics: { code: string }[] }[];
    loadOrder?: LoadOrderJson[];
    summary: { filesScanned: number; errors: number; warnings: number; byCode: Record<string, number> };
  }
  const report = (args: readonly string[], cwd: string): ReportJson => JSON.parse(cli(['check', '--format', 'json', ...PLUGINS, ...args], cwd).stdout) as ReportJson;
  const LOAD_CODES = /^(LOAD_ABORTS_CONTAINERD|LOAD_SKIPPED_CRIO|LOAD_SHADOWED|DUPLICATE_NETWORK_NAME)$/;

  it("a template kept in a net.d folder (Calico's Windows conf template, placeholders unsubstituted) is no config a runtime can load as it stands", () => {
    const dir = temp();
    mkdirSync(join(dir, 'etc/cni/net.d'), { recursive: true });
    cpSync(join(repoRoot, 'fixtures/upstream/calico/v3.28.0/node_windows-packaging_CalicoWindows_cni.conf.template'), join(dir, 'etc/cni/net.d/10-calico.conf'));
    writeFileSync(join(dir, 'etc/cni/net.d/20-pods.conflist'), POD('pods'));
    const r = report(['.'], dir);
    const order = r.loadOrder?.[0];
    expect(order?.containerd).toEqual({ loads: null, abortedAt: '10-calico.conf' });
    expect(order?.crio.loads).toBe('20-pods.conflist');
    expect(r.files.find((f) => f.path === 'etc/cni/net.d/10-calico.conf')?.diagnostics.map((d) => d.code)).toEqual(
      expect.arrayContaining(['TEMPLATE_PLACEHOLDER', 'LOAD_ABORTS_CONTAINERD', 'LOAD_SKIPPED_CRIO']),
    );
  });

  it('folders of a config repository are not node directories: only net.d folders and --node-dir ones get a load order', () => {
    const dir = temp();
    for (const cluster of ['clusters/a', 'clusters/b']) {
      mkdirSync(join(dir, cluster), { recursive: true });
      // Read as an /etc/cni/net.d, each folder would abort containerd and repeat a network name.
      writeFileSync(join(dir, cluster, '00-notes.json'), '{ "owner": "team-net" }\n');
      writeFileSync(join(dir, cluster, '10-pods.conflist'), POD('pods'));
      writeFileSync(join(dir, cluster, '20-pods.conflist'), POD('pods', 'ptp'));
    }
    const plain = report(['.'], dir);
    expect(plain.loadOrder).toBeUndefined();
    expect(Object.keys(plain.summary.byCode).filter((c) => LOAD_CODES.test(c))).toEqual([]);
    const text = cli(['check', '.', ...PLUGINS], dir);
    expect(text.code, text.stdout).toBe(0);
    expect(text.stdout).not.toContain('what runtimes load');

    // A folder named net.d is a node directory, wherever it sits.
    mkdirSync(join(dir, 'nodes', 'gpu', 'net.d'), { recursive: true });
    writeFileSync(join(dir, 'nodes/gpu/net.d/10-pods.conflist'), POD('pods'));
    writeFileSync(join(dir, 'nodes/gpu/net.d/20-pods.conflist'), POD('pods', 'ptp'));
    const withNetD = report(['.'], dir);
    expect(withNetD.loadOrder!.map((o) => o.directory)).toEqual(['nodes/gpu/net.d']);
    expect(withNetD.summary.byCode).toMatchObject({ DUPLICATE_NETWORK_NAME: 2, LOAD_SHADOWED: 1 });
    expect(withNetD.summary.byCode.LOAD_ABORTS_CONTAINERD).toBeUndefined();

    // --node-dir declares others: globs relative to the working directory, or absolute.
    const dirs = (args: readonly string[], cwd = dir): string[] => report(args, cwd).loadOrder!.map((o) => o.directory);
    expect(dirs(['.', '--node-dir', 'clusters/a'])).toEqual(['clusters/a', 'nodes/gpu/net.d']);
    expect(dirs(['.', '--node-dir', 'clusters/*'])).toEqual(['clusters/a', 'clusters/b', 'nodes/gpu/net.d']);
    expect(dirs(['.', '--node-dir', `${dir}/clusters/b/`])).toEqual(['clusters/b', 'nodes/gpu/net.d']);
    expect(dirs(['a', '--node-dir', 'a'], join(dir, 'clusters'))).toEqual(['a']);
    const declared = report(['clusters/a', '--node-dir', 'clusters/a'], dir);
    expect(declared.files.find((f) => f.path === 'clusters/a/00-notes.json')!.diagnostics.map((d) => d.code)).toEqual(['LOAD_ABORTS_CONTAINERD', 'LOAD_SKIPPED_CRIO']);
    const help = cli(['check', '--help'], dir).stdout;
    expect(help).toContain('--node-dir GLOB');
    expect(cli(['check', '.', '--node-dir', ''], dir).code).toBe(2);

    // A folder that is a net.d by its real path (a link to one) is a node directory too.
    symlinkSync(join(dir, 'nodes/gpu/net.d'), join(dir, 'gpu-cni'));
    const linked = report(['gpu-cni/10-pods.conflist', 'gpu-cni/20-pods.conflist'], dir);
    expect(linked.loadOrder!.map((o) => o.directory)).toEqual(['gpu-cni']);
    expect(linked.summary.byCode).toMatchObject({ DUPLICATE_NETWORK_NAME: 2, LOAD_SHADOWED: 1 });
  });

  it('a run given part of a net.d directory reads the rest from disk: the same answer in every batch, siblings never written', () => {
    const dir = temp();
    const netd = join(dir, 'net.d');
    mkdirSync(netd);
    const files: Record<string, string> = {
      '05-old.conf': '{\n  "cniVersion": "0.3.1",\n  "name": "old",\n  "type": "bridge",\n}\n', // a trailing comma: libcni cannot parse it
      '10-pods.conflist': '{\n  "name": "pods",\n  "plugins": [ { "type": "bridge" } ]\n}\n', // needs a cniVersion too
      '20-pods.conflist': '{\n  "name": "pods",\n  "plugins": [ { "type": "ptp" } ]\n}\n',
      'README.md': 'not a file libcni lists\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(netd, name), text);

    // pre-commit passes staged files in batches, one process each: every batch tells the same story.
    for (const batch of [['net.d/05-old.conf', 'net.d/10-pods.conflist'], ['net.d/20-pods.conflist']]) {
      const r = cli(['check', ...batch, ...PLUGINS], dir);
      expect(r.stdout).toContain('net.d/ (what runtimes load)');
      expect(r.stdout).toContain('containerd loads nothing (stops at 05-old.conf); CRI-O loads 10-pods.conflist');
    }
    const second = cli(['check', 'net.d/20-pods.conflist', ...PLUGINS], dir);
    expect(second.stdout).toMatch(/ 05-old\.conf \(not in this run\): error +LOAD_ABORTS_CONTAINERD/);
    expect(second.stdout).toMatch(/ 10-pods\.conflist \(not in this run\): warning +DUPLICATE_NETWORK_NAME/);
    // Info findings are counted, not shown, unless --verbose.
    expect(second.stdout).not.toContain('LOAD_SHADOWED');
    expect(second.stdout).toContain('1 info finding hidden; --verbose shows them\n');
    expect(cli(['check', 'net.d/20-pods.conflist', '--verbose', ...PLUGINS], dir).stdout).toMatch(/ 20-pods\.conflist: info +LOAD_SHADOWED/);
    // Only the file of the run is counted: the others' findings belong to the run that holds them.
    expect(second.stdout).toContain('1 file scanned, 1 CNI config, 1 file to change, 1 error, 1 warning');

    const json = report(['net.d/20-pods.conflist'], dir);
    expect(json.files.map((f) => f.path)).toEqual(['net.d/20-pods.conflist']);
    expect(json.summary.byCode).toEqual({ CNI_VERSION_MISSING: 1, DUPLICATE_NETWORK_NAME: 1, LOAD_SHADOWED: 1 });
    expect(json.loadOrder).toEqual([
      {
        directory: 'net.d',
        candidates: ['05-old.conf', '10-pods.conflist', '20-pods.conflist'],
        containerd: { loads: null, abortedAt: '05-old.conf' },
        crio: { loads: '10-pods.conflist', skipped: [{ file: '05-old.conf', because: 'it does not load (JSON_NOT_STRICT)' }] },
        links: [],
        notInRun: [
          { path: 'net.d/05-old.conf', diagnostics: [expect.objectContaining({ code: 'LOAD_ABORTS_CONTAINERD' }), expect.objectContaining({ code: 'LOAD_SKIPPED_CRIO' })] },
          { path: 'net.d/10-pods.conflist', diagnostics: [expect.objectContaining({ code: 'DUPLICATE_NETWORK_NAME' })] },
        ],
        unreadable: [],
      },
    ]);

    // fix writes the file it was given, never the others, though 10-pods.conflist needs a change too.
    const fixed = cli(['fix', 'net.d/20-pods.conflist', ...PLUGINS], dir);
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    expect(read(join(netd, '20-pods.conflist'))).toContain('"cniVersion": "1.0.0"');
    for (const name of ['05-old.conf', '10-pods.conflist', 'README.md']) expect(read(join(netd, name)), name).toBe(files[name]);
    expect(readdirSync(netd).sort()).toEqual(Object.keys(files).sort());
  });

  it('a file of the directory that cannot be read is named in the load-order section, and the run goes on', () => {
    const dir = temp();
    const netd = join(dir, 'etc', 'net.d');
    mkdirSync(netd, { recursive: true });
    writeFileSync(join(netd, '10-pods.conflist'), POD('pods'));
    expect(spawnSync('mkfifo', [join(netd, '07-pipe.conf')]).status).toBe(0); // would block a reader
    mkdirSync(join(netd, '08-dir.conf')); // a directory: libcni skips it, and so do we
    const r = cli(['check', 'etc/net.d/10-pods.conflist', ...PLUGINS], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('07-pipe.conf (not in this run): cannot read: not a regular file; left out of this analysis');
    expect(r.stdout).not.toContain('08-dir.conf');
    expect(r.stdout).toContain('containerd loads 10-pods.conflist; CRI-O loads 10-pods.conflist');
    expect(report(['etc/net.d/10-pods.conflist'], dir).loadOrder![0]!.unreadable).toEqual([{ path: 'etc/net.d/07-pipe.conf', message: 'cannot read: not a regular file' }]);
  });

  /** A net.d directory under a fresh temp dir, holding a valid 10-pods.conflist. */
  const netDir = (): { dir: string; netd: string } => {
    const dir = temp();
    const netd = join(dir, 'etc', 'net.d');
    mkdirSync(join(dir, 'opt'), { recursive: true });
    mkdirSync(netd, { recursive: true });
    writeFileSync(join(netd, '10-pods.conflist'), POD('pods'));
    return { dir, netd };
  };

  it('a symbolic link to a file is what the runtimes load, with or without --follow-symlinks: named as a link, its target checked, and written only when links are followed', () => {
    const { dir, netd } = netDir();
    const target = '{\n  "cniVersion": "0.3.1",\n  "name": "calico",\n  "plugins": [ { "type": "bridge" } ]\n}\n';
    writeFileSync(join(dir, 'opt', 'calico.conflist'), target);
    symlinkSync('../../opt/calico.conflist', join(netd, '05-calico.conflist'));
    const r = cli(['check', 'etc/net.d', ...PLUGINS], dir);
    expect(r.stdout).toContain('containerd loads 05-calico.conflist; CRI-O loads 05-calico.conflist');
    expect(r.stdout).toContain('05-calico.conflist: a symbolic link to ../../opt/calico.conflist; the runtimes read its target');
    const followed = report(['etc/net.d', '--follow-symlinks'], dir).loadOrder![0]!;
    expect(followed.containerd).toEqual({ loads: '05-calico.conflist', abortedAt: null });
    expect(followed.links).toEqual([{ file: '05-calico.conflist', target: '../../opt/calico.conflist', unreadable: null }]);
    // Without the flag the link is checked for the report but never written through.
    expect(cli(['fix', 'etc/net.d', ...PLUGINS], dir).code).toBe(0);
    expect(read(join(dir, 'opt', 'calico.conflist'))).toBe(target);
  });

  it('a symbolic link to nothing or to a directory first in the order aborts containerd, with or without --follow-symlinks, and CRI-O skips it', () => {
    const { dir, netd } = netDir();
    symlinkSync('/nonexistent/00-calico.conflist', join(netd, '00-gone.conflist'));
    const r = cli(['check', 'etc/net.d', ...PLUGINS], dir);
    expect(r.stdout).toContain('containerd loads nothing (stops at 00-gone.conflist); CRI-O loads 10-pods.conflist');
    expect(r.stdout).toContain('00-gone.conflist: a symbolic link to /nonexistent/00-calico.conflist: its target does not exist');
    expect(r.stdout).toMatch(/00-gone\.conflist \(not in this run\): error +LOAD_ABORTS_CONTAINERD .*it cannot be read \(its target does not exist\)/);
    expect(r.stdout).toMatch(/00-gone\.conflist \(not in this run\): warning +LOAD_SKIPPED_CRIO .*uses 10-pods\.conflist instead/);
    expect(r.stdout).not.toContain('left out of this analysis');
    // What containerd does with the walked directory counts: the run fails.
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/[1-9]\d* errors?/);
    const followed = report(['etc/net.d', '--follow-symlinks'], dir).loadOrder![0]!;
    expect(followed.containerd).toEqual({ loads: null, abortedAt: '00-gone.conflist' });
    expect(followed.crio.skipped).toEqual([{ file: '00-gone.conflist', because: 'it cannot be read (its target does not exist)' }]);
    expect(followed.unreadable).toEqual([]);

    // A link to a directory: listed (its directory entry is a link), and reading it fails.
    rmSync(join(netd, '00-gone.conflist'));
    mkdirSync(join(dir, 'opt', 'conf.d'));
    symlinkSync('../../opt/conf.d', join(netd, '01-dir.conflist'));
    const toDir = cli(['check', 'etc/net.d', ...PLUGINS], dir);
    expect(toDir.stdout).toContain('containerd loads nothing (stops at 01-dir.conflist); CRI-O loads 10-pods.conflist');
    expect(toDir.stdout).toContain('01-dir.conflist: a symbolic link to ../../opt/conf.d: its target is a directory');
  });
});

describe('directory walks in a git work tree', () => {
  const CONF = '{\n  "name": "n",\n  "type": "bridge"\n}\n'; // needs a cniVersion

  /**
   * A repository with a committed file, a tracked file .gitignore matches, and untracked files that
   * .gitignore, .git/info/exclude and a global excludes file (core.excludesFile) exclude.
   */
  function repo(): { dir: string; env: Record<string, string> } {
    const dir = temp();
    const home = temp();
    expect(git(['init', '-q'], dir).code).toBe(0);
    writeFileSync(join(home, 'ignore'), 'global-ignored.conf\n');
    writeFileSync(join(home, 'gitconfig'), `[core]\n\texcludesFile = ${join(home, 'ignore')}\n`);
    writeFileSync(join(dir, '.git', 'info', 'exclude'), 'local-excluded.conf\n');
    writeFileSync(join(dir, '.gitignore'), 'build/\n*.generated.conf\n');
    writeFileSync(join(dir, 'a.conf'), CONF);
    writeFileSync(join(dir, 'kept.generated.conf'), CONF);
    git(['add', '.gitignore', 'a.conf'], dir);
    git(['add', '-f', 'kept.generated.conf'], dir);
    expect(git(['commit', '-qm', 'configs'], dir).code).toBe(0);
    for (const f of ['local-excluded.conf', 'global-ignored.conf', 'other.generated.conf']) writeFileSync(join(dir, f), CONF);
    mkdirSync(join(dir, 'build'));
    writeFileSync(join(dir, 'build', 'out.conf'), CONF);
    return { dir, env: { GIT_CONFIG_GLOBAL: join(home, 'gitconfig') } };
  }
  const walked = (args: readonly string[], dir: string, env: Record<string, string>): string[] => {
    const r = cli(['check', '--format', 'json', ...PLUGINS, ...args], dir, env);
    expect(r.stderr).not.toContain('warning');
    return (JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
  };

  it('lists what git lists: tracked files (even where .gitignore matches) and untracked files no exclude rule matches', () => {
    const { dir, env } = repo();
    writeFileSync(join(dir, 'new.conf'), CONF);
    expect(walked(['.'], dir, env)).toEqual(['a.conf', 'kept.generated.conf', 'new.conf']);
    expect(walked(['.', '--no-ignore'], dir, env)).toEqual([
      'a.conf', 'build/out.conf', 'global-ignored.conf', 'kept.generated.conf', 'local-excluded.conf', 'new.conf', 'other.generated.conf',
    ]);
    // --include and --exclude still apply; a file named on the command line is checked whatever git says.
    expect(walked(['.', '--exclude', 'new.*'], dir, env)).toEqual(['a.conf', 'kept.generated.conf']);
    expect(walked(['local-excluded.conf'], dir, env)).toEqual(['local-excluded.conf']);
  });

  it('fix on the directory exits 0 and leaves the files git ignores alone', () => {
    const { dir, env } = repo();
    const r = cli(['fix', '.', ...PLUGINS], dir, env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    for (const f of ['a.conf', 'kept.generated.conf']) expect(read(join(dir, f)), f).toContain('"cniVersion": "1.0.0"');
    for (const f of ['local-excluded.conf', 'global-ignored.conf', 'other.generated.conf', 'build/out.conf']) expect(read(join(dir, f)), f).toBe(CONF);
  });

  it("walks a subdirectory with the repository's rules, and passes over a tracked file deleted from disk", () => {
    const { dir, env } = repo();
    mkdirSync(join(dir, 'sub'));
    for (const f of ['x.conf', 'gone.conf']) writeFileSync(join(dir, 'sub', f), CONF);
    git(['add', 'sub'], dir);
    git(['commit', '-qm', 'sub'], dir);
    rmSync(join(dir, 'sub', 'gone.conf'));
    writeFileSync(join(dir, 'sub', 'local-excluded.conf'), CONF); // .git/info/exclude's pattern has no slash: any level
    expect(walked(['sub'], dir, env)).toEqual(['sub/x.conf']);
    expect(walked(['.'], join(dir, 'sub'), env)).toEqual(['x.conf']);
    const r = cli(['fix', 'sub', ...PLUGINS], dir, env);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'sub', 'gone.conf'))).toBe(false);
  });

  it('asks git inside a nested repository, and where a followed link leads', () => {
    const { dir, env } = repo();
    const nested = join(dir, 'nested');
    mkdirSync(nested);
    expect(git(['init', '-q'], nested).code).toBe(0);
    writeFileSync(join(nested, '.git', 'info', 'exclude'), 'n-excluded.conf\n');
    for (const f of ['n.conf', 'n-excluded.conf']) writeFileSync(join(nested, f), CONF);
    const outside = temp(); // in no work tree: git has no say there
    writeFileSync(join(outside, 'o.conf'), CONF);
    symlinkSync('build', join(dir, 'to-build')); // an ignored folder
    symlinkSync(outside, join(dir, 'to-outside'));
    expect(walked(['.'], dir, env)).toEqual(['a.conf', 'kept.generated.conf', 'nested/n.conf']);
    expect(walked(['.', '--follow-symlinks'], dir, env)).toEqual(['a.conf', 'kept.generated.conf', 'nested/n.conf', 'to-outside/o.conf']);
  });

  it('outside any git work tree neither a walk nor fix starts a git process; inside one a walk asks git', () => {
    const tools = temp();
    const calls = join(tools, 'calls');
    const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(tools, 'git'), `#!/bin/sh\necho "$*" >> '${calls}'\nexec '${realGit}' "$@"\n`, { mode: 0o755 });
    const path = `${tools}:${process.env.PATH ?? '/usr/bin:/bin'}`;
    const outside = temp();
    writeFileSync(join(outside, '.gitignore'), 'build/\n');
    writeFileSync(join(outside, 'a.conf'), CONF);
    mkdirSync(join(outside, 'build'));
    writeFileSync(join(outside, 'build', 'out.conf'), CONF);
    expect(walked(['.'], outside, { PATH: path })).toEqual(['a.conf']);
    // fix's git safety check neither, for a file it writes there.
    writeFileSync(join(outside, 'b.conflist'), '{"name": "b", "plugins": [{"type": "bridge"}]}\n');
    const fixed = cli(['fix', 'b.conflist', ...PLUGINS], outside, { PATH: path });
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(readFileSync(join(outside, 'b.conflist'), 'utf8')).toContain('"cniVersion"');
    expect(existsSync(calls)).toBe(false);
    const { dir, env } = repo();
    expect(walked(['.'], dir, { ...env, PATH: path })).toEqual(['a.conf', 'kept.generated.conf']);
    expect(readFileSync(calls, 'utf8')).toContain('ls-files');
  });

  it('a .git that is no repository: the walk starts again with the .gitignore files, as outside git', () => {
    const dir = temp();
    mkdirSync(join(dir, '.git')); // git walks up past it: "not a git repository"
    writeFileSync(join(dir, '.gitignore'), 'build/\n*.generated.conf\n');
    writeFileSync(join(dir, 'a.conf'), CONF);
    writeFileSync(join(dir, 'x.generated.conf'), CONF);
    mkdirSync(join(dir, 'build'));
    writeFileSync(join(dir, 'build', 'out.conf'), CONF);
    const env = { GIT_CEILING_DIRECTORIES: dirname(dir) };
    expect(walked(['.'], dir, env)).toEqual(['a.conf']);
  });

  it('thousands of files: the walk meets them while git lists them, and git\'s list decides', () => {
    const { dir, env } = repo();
    for (let d = 0; d < 40; d++) {
      const sub = join(dir, `team-${String(d).padStart(2, '0')}-${'x'.repeat(60)}`);
      mkdirSync(sub);
      for (let f = 0; f < 100; f++) writeFileSync(join(sub, `${String(f).padStart(3, '0')}-${'y'.repeat(60)}.conf`), CONF);
    }
    writeFileSync(join(dir, 'build', 'late.conf'), CONF);
    const files = walked(['.'], dir, env);
    expect(files).toHaveLength(4_002);
    expect(files.slice(0, 2)).toEqual(['a.conf', 'kept.generated.conf']);
    expect(files).not.toContain('build/late.conf');
    expect(files).not.toContain('other.generated.conf');
  });

  // Never skipped under CI (which runs as root): there a non-root run fails instead.
  it.skipIf(process.getuid?.() !== 0 && !process.env['CI'])('(as root only: it makes a directory another user owns) says so when git cannot list a directory, and walks it with its .gitignore files only', () => {
    const { dir, env } = repo();
    chownRecursive(dir, 12345);
    const r = cli(['check', '.', '--format', 'json', ...PLUGINS], dir, env);
    expect(r.stderr).toContain("cni-migrate: warning: .: git could not list its files (fatal: detected dubious ownership in repository at '");
    expect(r.stderr).toContain('pass --no-ignore to list every file');
    expect((JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path)).toEqual(['a.conf', 'global-ignored.conf', 'local-excluded.conf']);
  });
});

function chownRecursive(dir: string, uid: number): void {
  chownSync(dir, uid, uid);
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) chownSync(join(dir, rel), uid, uid);
}

describe('explain', () => {
  const LOG = [
    'time="2026-11-20T10:00:01Z" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:web-1,}"',
    'time="2026-11-20T10:00:02Z" level=error msg="Failed to setup network for sandbox \\"6f1\\"" error="plugin type=\\"loopback\\" failed (add): incompatible CNI versions; config is \\"1.0.0\\", plugin supports [\\"0.1.0\\" \\"0.2.0\\" \\"0.3.0\\" \\"0.3.1\\" \\"0.4.0\\"]"',
    'time="2026-11-20T10:05:00Z" level=error msg="StopPodSandbox for \\"9a2\\" failed" error="failed to destroy network for sandbox \\"9a2\\": invalid version \\"\\": the version is empty"',
  ].join('\n');

  it('explains a containerd log excerpt read from stdin, with line numbers', () => {
    const r = cli(['explain', '-', '--format', 'json'], repoRoot, {}, LOG);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { matches: { id: string; line: number; captures: Record<string, string> }[] };
    expect(doc.matches.map((m) => [m.id, m.line])).toEqual([
      ['incompatible-cni-versions', 2],
      // The teardown failure is reported beside its cause.
      ['pod-network-teardown-failed', 3],
      ['version-empty', 3],
    ]);
    expect(doc.matches[0]!.captures).toMatchObject({ version: '1.0.0', type: 'loopback' });
  });

  it('explains a line given as an argument, and says so when it knows nothing', () => {
    const ok = cli(['explain', 'incompatible CNI versions; config is "1.1.0", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0" "1.0.0"]'], repoRoot);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('CNI_VERSION_UNSUPPORTED');
    const none = cli(['explain', 'all good here'], repoRoot);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no known CNI error');
    expect(cli(['help', 'explain'], repoRoot).stdout).toContain('explain');
  });
});

describe('--matrix', () => {
  it('adds a plugin the data does not know, reports it, and rejects an invalid matrix with exit 2', () => {
    const dir = temp();
    writeFileSync(join(dir, '10-bond.conflist'), '{\n  "cniVersion": "0.3.0",\n  "name": "bond",\n  "plugins": [ { "type": "bond" } ]\n}\n');
    const before = cli(['check', '.', '--target-version', '1.0.0'], dir);
    expect(before.stdout).toContain('PLUGIN_UNKNOWN');
    writeFileSync(
      join(dir, 'matrix.yaml'),
      'plugins:\n  bond:\n    - project: in-house/bond-cni\n      releases: null\n      supportedVersions: ["0.3.0", "0.3.1", "0.4.0", "1.0.0"]\n      source: ["our bond-cni build: CNI_COMMAND=VERSION, 2026-11"]\n',
    );
    const after = cli(['check', '10-bond.conflist', '--target-version', '1.0.0', '--matrix', 'matrix.yaml'], dir);
    expect(after.stderr).toContain('--matrix matrix.yaml: adds plugin bond');
    expect(after.stdout).toContain('would rewrite cniVersion "0.3.0" → "1.0.0"');
    const json = JSON.parse(cli(['check', '10-bond.conflist', '--format', 'json', '--matrix', 'matrix.yaml'], dir).stdout) as { matrix: unknown };
    expect(json.matrix).toEqual({ file: 'matrix.yaml', added: ['plugin bond'], overridden: [] });
    writeFileSync(join(dir, 'bad.json'), '{"plugins": {"bond": [{"project": "x", "releases": null, "supportedVersions": ["1.0"], "source": ["s"]}]}}');
    const bad = cli(['check', '.', '--matrix', 'bad.json'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.json: plugins.bond[0].supportedVersions');
    expect(cli(['check', '.', '--matrix', 'missing.json'], dir).code).toBe(2);
  });
});

describe('generate', () => {
  it('writes the reference conflist that check then accepts, and refuses to overwrite it', () => {
    const dir = temp();
    const first = cli(['generate', 'containerd-bridge', '-o', '10-containerd-net.conflist'], dir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('2001:4860:4860::/64'); // the public-range warning, on stderr
    const text = read(join(dir, '10-containerd-net.conflist'));
    expect(JSON.parse(text)).toEqual(JSON.parse(read(join(repoRoot, 'fixtures/cni-json/containerd-v2.1.0-10-containerd-net/input.conflist'))));
    expect(cli(['check', '.', ...PLUGINS], dir).code).toBe(0);
    const again = cli(['generate', 'containerd-bridge', '-o', '10-containerd-net.conflist', '--name', 'other'], dir);
    expect(again.code).toBe(2);
    expect(read(join(dir, '10-containerd-net.conflist'))).toBe(text);
    expect(cli(['help', 'generate'], dir).stdout).toContain('containerd-bridge');
  });
});

describe('standard input (PATH -, --stdin-filepath)', () => {
  const CONF = '{\n  "name": "n",\n  "type": "bridge"\n}\n';

  it('check and diff read stdin and name it as --stdin-filepath says', () => {
    const dir = temp();
    const check = cli(['check', '-', ...PLUGINS], dir, {}, CONF);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('<stdin>\n');
    expect(check.stdout).toContain('CNI_VERSION_MISSING');
    const diff = cli(['diff', '--stdin-filepath', 'nodes/10-bridge.conf', ...PLUGINS], dir, {}, CONF);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('--- a/nodes/10-bridge.conf\n+++ b/nodes/10-bridge.conf');
    // The patch applies to the file the name stands for.
    mkdirSync(join(dir, 'nodes'));
    writeFileSync(join(dir, 'nodes/10-bridge.conf'), CONF);
    writeFileSync(join(dir, 'p.patch'), diff.stdout);
    expect(git(['apply', 'p.patch'], dir).code).toBe(0);
    expect(read(join(dir, 'nodes/10-bridge.conf'))).toBe('{\n  "cniVersion": "1.0.0",\n  "name": "n",\n  "type": "bridge"\n}\n');
  });

  it('the name decides the kind of file: a list in a .conf is an error, in a .conflist it is not', () => {
    const list = '{\n  "name": "l",\n  "cniVersion": "1.0.0",\n  "plugins": [ { "type": "bridge" } ]\n}\n';
    expect(cli(['check', '--stdin-filepath', 'x.conf', ...PLUGINS], temp(), {}, list).stdout).toContain('CONF_HOLDS_LIST');
    const asList = cli(['check', '--stdin-filepath', 'x.conflist', ...PLUGINS], temp(), {}, list);
    expect(asList.code).toBe(0);
    expect(asList.stdout).not.toContain('CONF_HOLDS_LIST');
  });

  it('fix prints the fixed config on stdout and the report, in any format, on stderr', () => {
    const text = cli(['fix', '-', '--stdin-filepath', '10-bridge.conf', ...PLUGINS], temp(), {}, CONF);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('{\n  "cniVersion": "1.0.0",\n  "name": "n",\n  "type": "bridge"\n}\n');
    expect(text.stderr).toContain('inserted cniVersion "1.0.0"');
    const json = cli(['fix', '-', '--format', 'json', ...PLUGINS], temp(), {}, CONF);
    expect(json.stdout).toBe(text.stdout);
    const report = JSON.parse(json.stderr) as { files: { path: string; changed: boolean; remaining: unknown[] }[] };
    expect(report.files).toEqual([expect.objectContaining({ path: '<stdin>', changed: true, remaining: [] })]);
    // Nothing to change: the input comes back as it was; not CNI at all: the same, with a note.
    expect(cli(['fix', '-', ...PLUGINS], temp(), {}, text.stdout).stdout).toBe(text.stdout);
    const other = cli(['fix', '-'], temp(), {}, '{"name": "app", "version": "1.0.0"}');
    expect(other.code).toBe(0);
    expect(other.stdout).toBe('{"name": "app", "version": "1.0.0"}');
    expect(other.stderr).toContain('<stdin>: not a CNI config');
  });

  it('fix prints nothing and exits 2 for input it cannot parse or decode, naming the position', () => {
    const broken = cli(['fix', '--stdin-filepath', 'bad.conf'], temp(), {}, '{\n  "type": "bridge",\n');
    expect(broken.code).toBe(2);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/bad\.conf\n +3:1 +error +JSON_PARSE_ERROR/);
    const latin1 = spawnSync(process.execPath, [join(repoRoot, 'bin', 'cni-migrate.js'), 'fix', '--stdin-filepath', 'x.conf'], {
      input: Buffer.from('{"name": "caf\xe9", "type": "bridge"}', 'latin1'),
      encoding: 'utf8',
    });
    expect(latin1.status).toBe(2);
    expect(latin1.stdout).toBe('');
    expect(latin1.stderr).toContain('x.conf: not UTF-8 text');
  });

  it('names given as ./x or absolute are shown relative to the working directory, so the diff applies', () => {
    const dir = temp();
    writeFileSync(join(dir, 'x.conf'), CONF);
    for (const name of ['./x.conf', join(dir, 'x.conf')]) {
      const diff = cli(['diff', '--stdin-filepath', name, ...PLUGINS], dir, {}, CONF);
      expect(diff.stdout).toContain('--- a/x.conf\n+++ b/x.conf');
      writeFileSync(join(dir, 'p.patch'), diff.stdout);
      expect(git(['apply', '--check', 'p.patch'], dir).code).toBe(0);
    }
  });

  it('fix gives back, byte for byte, input that is not a CNI config, even when it is not UTF-8', () => {
    const latin1 = Buffer.from('a: caf\xe9\n', 'latin1');
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'cni-migrate.js'), 'fix', '--stdin-filepath', 'x.yaml'], { input: latin1 });
    expect(r.status).toBe(0);
    expect(Buffer.from(r.stdout).equals(latin1)).toBe(true);
  });

  it('keeps a byte-order mark, from stdin and in files', () => {
    const bom = `\ufeff${CONF}`;
    const fixed = `\ufeff{\n  "cniVersion": "1.0.0",\n  "name": "n",\n  "type": "bridge"\n}\n`;
    const piped = cli(['fix', '--stdin-filepath', 'x.conf', ...PLUGINS], temp(), {}, bom);
    expect(piped.stdout).toBe(fixed);
    expect(piped.stderr).toContain('JSON_NOT_STRICT');
    const dir = temp();
    writeFileSync(join(dir, 'x.conf'), bom);
    const r = cli(['fix', '.', ...PLUGINS], dir);
    expect(r.stderr).toBe('');
    expect(read(join(dir, 'x.conf'))).toBe(fixed);
  });

  it.each([
    [['check', '-', 'a.conf']],
    [['check', '--stdin-filepath', 'x.conf', 'a.conf']],
    [['check', '--stdin-filepath', '']],
  ])('rejects %j as a usage error', (args) => {
    const r = cli(args, temp(), {}, CONF);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cni-migrate: .*(standard input|stdin-filepath)/);
  });
});

describe('git safety for fix', () => {
  const CONF = '{\n  "name": "n",\n  "type": "bridge"\n}\n';
  const FIXED = '{\n  "cniVersion": "1.0.0",\n  "name": "n",\n  "type": "bridge"\n}\n';

  function repo(): string {
    const dir = temp();
    expect(git(['init', '-q'], dir).code).toBe(0);
    writeFileSync(join(dir, 'a.conf'), CONF);
    writeFileSync(join(dir, 'README.md'), 'configs\n');
    git(['add', '.'], dir);
    expect(git(['commit', '-qm', 'configs'], dir).code).toBe(0);
    return dir;
  }

  it('fixes committed files even when other files are dirty', () => {
    const dir = repo();
    writeFileSync(join(dir, 'README.md'), 'edited\n');
    writeFileSync(join(dir, 'notes.txt'), 'untracked\n');
    const r = cli(['fix', '.', ...PLUGINS], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(read(join(dir, 'a.conf'))).toBe(FIXED);
  });

  it('leaves a file with unstaged changes or an untracked file alone (exit 2) unless --allow-dirty', () => {
    const dir = repo();
    const edited = CONF.replace('"n"', '"edited"');
    writeFileSync(join(dir, 'a.conf'), edited);
    writeFileSync(join(dir, 'b.conflist'), '{"name": "b", "plugins": [{"type": "bridge"}]}\n');
    const r = cli(['fix', '.', ...PLUGINS], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a.conf: not written: it has changes not staged in git');
    expect(r.stderr).toContain('b.conflist: not written: git does not track it (new or ignored)');
    expect(read(join(dir, 'a.conf'))).toBe(edited);
    expect(read(join(dir, 'b.conflist'))).toBe('{"name": "b", "plugins": [{"type": "bridge"}]}\n');
    // check and diff never write, so they never ask.
    expect(cli(['check', '.', ...PLUGINS], dir).code).toBe(1);
    const allowed = cli(['fix', '.', '--allow-dirty', ...PLUGINS], dir);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(read(join(dir, 'a.conf'))).toContain('"cniVersion": "1.0.0"');
    expect(read(join(dir, 'b.conflist'))).toContain('"cniVersion": "1.0.0"');
  });

  it('a file left alone stays in the report and in the load order, and git-ignored files count as untracked', () => {
    const dir = repo();
    mkdirSync(join(dir, 'net.d'));
    writeFileSync(join(dir, 'net.d', '10-a.conflist'), '{"name": "a", "plugins": [{"type": "bridge"}]}\n');
    writeFileSync(join(dir, 'net.d', '20-b.conf'), '{"cniVersion": "1.0.0", "name": "b", "type": "bridge"}\n');
    git(['add', 'net.d/20-b.conf'], dir);
    writeFileSync(join(dir, '.gitignore'), 'local.conf\n');
    writeFileSync(join(dir, 'local.conf'), CONF);
    const r = cli(['fix', 'net.d', 'local.conf', '--format', 'json', ...PLUGINS], dir);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { files: { path: string; changed: boolean; notWritten?: string }[]; loadOrder: { containerd: { loads: string | null } }[]; summary: { changed: number } };
    const a = doc.files.find((f) => f.path === 'net.d/10-a.conflist');
    expect(a).toEqual(expect.objectContaining({ changed: false, notWritten: expect.stringMatching(/^git does not track it/) }));
    expect(doc.files.find((f) => f.path === 'local.conf')).toEqual(expect.objectContaining({ changed: false, notWritten: expect.stringMatching(/^git does not track it \(new or ignored\)/) }));
    expect(doc.summary.changed).toBe(0);
    // containerd loads the first file by name, whatever we could not write.
    expect(JSON.stringify(doc.loadOrder)).toContain('10-a.conflist');
    expect(read(join(dir, 'local.conf'))).toBe(CONF);
  });

  it('staged changes are recorded: fix goes ahead, and git diff shows exactly its change (the pre-commit case)', () => {
    const dir = repo();
    const edited = CONF.replace('"n"', '"staged"');
    writeFileSync(join(dir, 'a.conf'), edited);
    writeFileSync(join(dir, 'b.conf'), CONF);
    git(['add', 'a.conf', 'b.conf'], dir);
    const r = cli(['fix', '.', ...PLUGINS], dir);
    expect(r.code, r.stderr).toBe(0);
    const diff = git(['diff'], dir).stdout;
    expect(diff.split('\n').filter((l) => /^[+-][^+-]/.test(l))).toEqual(['+  "cniVersion": "1.0.0",', '+  "cniVersion": "1.0.0",']);
  });
});

describe('progress', () => {
  // A stand-in plugin whose VERSION answer takes a while makes the scan long enough to show progress.
  function slowScan(): { dir: string; bin: string } {
    const dir = temp();
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'slowcni'), '#!/bin/sh\nsleep 0.8\nprintf \'{"cniVersion":"1.0.0","supportedVersions":["0.3.1","0.4.0","1.0.0"]}\\n\'\n');
    chmodSync(join(bin, 'slowcni'), 0o755);
    mkdirSync(join(dir, 'configs'));
    for (let i = 0; i < 400; i++) writeFileSync(join(dir, 'configs', `${String(i).padStart(3, '0')}.conf`), `{"cniVersion": "1.0.0", "name": "n${i}", "type": "slowcni"}\n`);
    return { dir, bin };
  }

  it('is drawn on a terminal and erased before the summary', () => {
    const { dir, bin } = slowScan();
    const command = `${process.execPath} ${join(repoRoot, 'bin', 'cni-migrate.js')} check configs --bin-dir ${bin} --no-color`;
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TERM: 'xterm' }, timeout: 60_000 });
    expect(r.status, r.stdout).toBe(0);
    const drawn = r.stdout.match(/\r\x1b\[Kcni-migrate: \d+ files? scanned, \d+ CNI configs?…/g) ?? [];
    expect(drawn.length).toBeGreaterThan(0);
    // Each drawing is erased before anything else is written, the summary included.
    expect(r.stdout.match(/…\r\x1b\[K/g)?.length).toBe(drawn.length);
    expect(r.stdout).toMatch(/(\n|\x1b\[K)400 files scanned, 400 CNI configs, 0 files to change, 0 errors/);
  });

  it('is never written when stderr is not a terminal, or under CI', () => {
    const { dir, bin } = slowScan();
    const r = cli(['check', 'configs', '--bin-dir', bin], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('\x1b[K');
    const command = `${process.execPath} ${join(repoRoot, 'bin', 'cni-migrate.js')} check configs --bin-dir ${bin} --no-color`;
    const ci = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TERM: 'xterm', CI: 'true' }, timeout: 60_000 });
    expect(ci.status).toBe(0);
    expect(ci.stdout).not.toContain('\x1b[K');
  });
});

describe("a node directory whose config is a link (minikube's ISO, NixOS)", () => {
  it('is checked as the runtimes read it, and fixed through the link, which stays a link', () => {
    const dir = temp();
    mkdirSync(join(dir, 'usr', 'libexec'), { recursive: true });
    mkdirSync(join(dir, 'node', 'etc', 'cni', 'net.d'), { recursive: true });
    const target = join(dir, 'usr', 'libexec', 'k8s.conf');
    const text = '{\n  "name": "rkt.kubernetes.io",\n  "type": "bridge",\n  "bridge": "mybridge",\n  "ipam": { "type": "host-local", "subnet": "10.1.0.0/16" }\n}\n';
    writeFileSync(target, text);
    symlinkSync(target, join(dir, 'node', 'etc', 'cni', 'net.d', 'k8s.conf'));
    const netd = join('node', 'etc', 'cni', 'net.d');
    const r = cli(['check', ...PLUGINS, netd], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('node/etc/cni/net.d/k8s.conf\n  1:1     error   CNI_VERSION_MISSING');
    expect(r.stdout).toContain('k8s.conf: a symbolic link to');
    expect(cli(['fix', ...PLUGINS, netd], dir).code).toBe(0);
    expect(read(target)).toBe(text.replace('{\n', '{\n  "cniVersion": "1.0.0",\n'));
    expect(lstatSync(join(dir, netd, 'k8s.conf')).isSymbolicLink()).toBe(true);
    expect(cli(['check', ...PLUGINS, netd], dir).code).toBe(0);
  });
});

describe('a NetworkAttachmentDefinition checked against a plugin directory', () => {
  const nad = [
    'apiVersion: k8s.cni.cncf.io/v1',
    'kind: NetworkAttachmentDefinition',
    'metadata:',
    '  name: macvlan-conf',
    'spec:',
    `  config: '{ "cniVersion": "1.0.0", "type": "macvlan", "master": "eth0", "ipam": { "type": "host-local", "subnet": "10.1.0.0/24" } }'`,
    '',
  ].join('\n');

  it("Debian's real binaries and no multus binary: the plugins are probed, and the absent multus is no finding", () => {
    const dir = temp();
    writeFileSync(join(dir, 'nad.yaml'), nad);
    const r = cli(['check', '--format', 'json', '--bin-dir', '/usr/lib/cni', 'nad.yaml'], dir);
    const report = JSON.parse(r.stdout) as { files: { networks: { support: { type: string; status: string; executor?: boolean }[] }[]; diagnostics: { code: string }[] }[] };
    const file = report.files[0]!;
    expect(file.networks[0]!.support.map((s) => [s.type, s.status])).toEqual([
      ['macvlan', 'exact'],
      ['host-local', 'exact'],
      ['multus', 'release-unknown'],
    ]);
    expect(file.diagnostics.map((d) => d.code)).toEqual(['CNI_VERSION_UNCONFIRMED']);
    expect(r.code).toBe(0);
  });

  it('a multus binary in the directory is asked what it executes, as the other plugins are', () => {
    const dir = temp();
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const name of ['macvlan', 'host-local']) symlinkSync(join('/usr/lib/cni', name), join(bin, name));
    // Multus v3.x answers VERSION with what its vendored libcni v0.8.1 knows.
    writeFileSync(join(bin, 'multus'), `#!/bin/sh\nprintf '{"cniVersion":"0.4.0","supportedVersions":["0.1.0","0.2.0","0.3.0","0.3.1","0.4.0"]}\\n'\n`);
    chmodSync(join(bin, 'multus'), 0o755);
    writeFileSync(join(dir, 'nad.yaml'), nad);
    const r = cli(['check', '--bin-dir', bin, 'nad.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`CNI_VERSION_UNSUPPORTED  cniVersion "1.0.0" is too new for multus (executes up to 0.4.0), which runs this config with its own libcni`);
    expect(r.stdout).toContain('plugins: macvlan, host-local, multus (probed in');
    expect(cli(['fix', '--bin-dir', bin, 'nad.yaml'], dir).code).toBe(0);
    expect(read(join(dir, 'nad.yaml'))).toBe(nad.replace('"cniVersion": "1.0.0"', '"cniVersion": "0.4.0"'));
  });
});

describe('a mistyped option', () => {
  it.each([
    [['check', '--plugn', 'x'], 'unknown option --plugn; did you mean --plugin?'],
    [['fix', '--target-versoin', '1.0.0'], 'unknown option --target-versoin; did you mean --target-version?'],
    [['probe', '--bin-dri', '/opt/cni/bin'], 'unknown option --bin-dri; did you mean --bin-dir?'],
    [['verify', '--kep', 'x.conflist'], 'unknown option --kep; did you mean --keep?'],
    [['generate', 'containerd-bridge', '--subnt', '10.0.0.0/24'], 'unknown option --subnt; did you mean --subnet?'],
  ])('%j is a usage error naming the closest option, in the CLI\'s words', (args, says) => {
    const r = cli(args, repoRoot);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cni-migrate: ${says}`);
    // node's own advice about `--` is not shown.
    expect(r.stderr).not.toContain('To specify a positional argument');
  });
});

describe('-l, --list-different', () => {
  it('check prints only the names of the files that would change; fix only those it changed', () => {
    const dir = example();
    const r = cli(['check', '.', '-l', ...PLUGINS], dir);
    expect(r.code).toBe(1);
    const names = r.stdout.split('\n').filter(Boolean);
    expect(names).toContain(`${WORKER}/99-loopback.conf`);
    expect(names.every((n) => !n.includes(' ') && existsSync(join(dir, n)))).toBe(true);
    const fixed = cli(['fix', '.', '--list-different', ...PLUGINS], dir);
    expect(fixed.stdout.split('\n').filter(Boolean).sort()).toEqual([...names].sort());
    // Nothing left to change: nothing listed, exit 0.
    expect(cli(['check', '.', '-l', ...PLUGINS], dir)).toMatchObject({ code: 0, stdout: '' });
  });

  it('is refused with diff and with --format', () => {
    expect(cli(['diff', '.', '-l'], repoRoot).code).toBe(2);
    expect(cli(['check', '.', '-l', '--format', 'json'], repoRoot).code).toBe(2);
  });
});

describe('-o, --output FILE', () => {
  it('writes the report in any format, or the patch, to the file, and nothing on stdout', () => {
    const dir = example();
    const sarif = cli(['check', '.', '--format', 'sarif', '-o', 'out/report.sarif', ...PLUGINS], dir);
    expect(sarif.code).toBe(2); // out/ does not exist: the write fails and says so
    expect(sarif.stderr).toContain('--output out/report.sarif: cannot write');
    const r = cli(['check', '.', '--format', 'sarif', '--output', 'report.sarif', ...PLUGINS], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect((JSON.parse(readFileSync(join(dir, 'report.sarif'), 'utf8')) as { version: string }).version).toBe('2.1.0');
    const d = cli(['diff', WORKER, '-o', 'cni.patch', ...PLUGINS], dir);
    expect(d.stdout).toBe('');
    expect(git(['apply', '--check', 'cni.patch'], dir).code).toBe(0);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });
});

describe('colour', () => {
  it('FORCE_COLOR colours the report and the diff as git does; in a pipe without it, neither is coloured', () => {
    const dir = example();
    const plain = cli(['diff', WORKER, ...PLUGINS], dir);
    expect(plain.stdout).not.toContain('\u001b[');
    const forced = cli(['diff', WORKER, ...PLUGINS], dir, { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\u001b[32m+    "cniVersion": "1.0.0",\u001b[0m');
    expect(forced.stdout).toContain('\u001b[1mdiff --git ');
    expect(cli(['check', WORKER, ...PLUGINS], dir, { FORCE_COLOR: '1' }).stdout).toContain('\u001b[');
    // FORCE_COLOR=0 and --no-color win over a forced colour.
    expect(cli(['diff', WORKER, ...PLUGINS], dir, { FORCE_COLOR: '0' }).stdout).not.toContain('\u001b[');
    expect(cli(['diff', WORKER, '--no-color', ...PLUGINS], dir, { FORCE_COLOR: '1' }).stdout).not.toContain('\u001b[');
  });
});
