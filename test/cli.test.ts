/**
 * The CLI as users meet it: the built bin in a subprocess, on temp copies, with real git.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli, exampleCopy, git, repoRoot, tempDir } from './helpers/cli.js';

const PLUGINS = ['--plugin', 'cni-plugins@1.1.1'];
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function example(): string {
  const t = exampleCopy();
  cleanups.push(t.cleanup);
  return t.dir;
}
function temp(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}
const read = (p: string): string => readFileSync(p, 'utf8');
const WORKER = 'nodes/worker/etc/cni/net.d';
const GPU = 'nodes/gpu/etc/cni/net.d';

beforeAll(() => {
  expect(existsSync(join(repoRoot, 'dist', 'cli', 'main.js')), 'run `npm run build` first (npm test does)').toBe(true);
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
    expect(ptp.diagnostics.map((d) => d.code)).toEqual(['CNI_VERSION_MISSING']);
    expect(ptp.remaining).toEqual([]);
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
    const args = ['--target-version', '1.0.0', '--plugin', 'cni-plugins@1.1.1', '--plugin', 'flannel@0.9.1'];
    const r = cli(['diff', ...args], dir);
    expect(r.code).toBe(1);
    // calico (image v3.30.0 accepts 1.0.0), the NAD and the List's kube-router ConfigMap change;
    // flannel 0.9.1 refuses 1.0.0, in its YAML manifest and in the List.
    expect(r.stdout).toContain('diff --git a/calico/calico.yaml b/calico/calico.yaml');
    expect(r.stdout).toContain('diff --git a/nad.yml b/nad.yml');
    expect(r.stdout).toContain('diff --git a/configmaps.json b/configmaps.json');
    expect(r.stdout).not.toContain('kube-flannel.yml');
    expect(r.stderr).toContain('TARGET_VERSION_UNSUPPORTED');
    writeFileSync(join(dir, '.cni.patch'), r.stdout);
    const applied = git(['apply', '.cni.patch'], dir);
    expect(applied.code, applied.stderr).toBe(0);
    expect(git(['diff', '--stat'], dir).stdout).toMatch(/3 files changed, 3 insertions\(\+\), 3 deletions\(-\)/);

    const fixed = manifests();
    cli(['fix', ...args], fixed);
    for (const f of ['calico/calico.yaml', 'nad.yml', 'configmaps.json']) expect(read(join(dir, f))).toBe(read(join(fixed, f)));
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

  it('a Helm chart template is reported, not touched, and fails the run', () => {
    const dir = temp();
    const text = read(join(FIXTURES, 'k8s-yaml/calico-master-87c15906f20c-charts_calico_templates_calico-config/input.yaml'));
    writeFileSync(join(dir, 'calico-config.yaml'), text);
    const r = cli(['fix', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('TEMPLATE_NOT_PARSED');
    expect(read(join(dir, 'calico-config.yaml'))).toBe(text);
  });
});
