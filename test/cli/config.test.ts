/**
 * The project configuration as the CLI reads it: searched up from each file, `--config`,
 * `--no-config`, flags over keys, node groups by overrides, and a configuration that cannot be used
 * reported with its line while nothing it governs is written.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli, repoRoot, scratchDirs, snapshotTree } from '../helpers/cli.js';

const { temp } = scratchDirs(afterEach);

beforeAll(() => {
  expect(readFileSync(join(repoRoot, 'dist', 'bundle', 'cli.cjs')).length, 'run `npm run build` first (npm test does)').toBeGreaterThan(0);
});

const MISSING = '{\n  "name": "net",\n  "plugins": [{ "type": "bridge" }, { "type": "portmap" }]\n}\n';
const versionOf = (text: string): string | undefined => (JSON.parse(text) as { cniVersion?: string }).cniVersion;

function repo(files: Record<string, string>): string {
  const dir = temp();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const GROUPS = [
  'runtime: containerd@1.7.0',
  'plugins:',
  '  cni-plugins: "1.6.0"',
  'overrides:',
  '  - files: nodes/legacy/**',
  '    name: legacy',
  '    runtime: containerd@1.6.4',
  '    plugins: [cni-plugins@0.9.1]',
  '',
].join('\n');

function groupsRepo(config = GROUPS): string {
  return repo({ '.cni-migrate.yaml': config, 'nodes/worker/net.d/10.conflist': MISSING, 'nodes/legacy/net.d/10.conflist': MISSING });
}

describe('project configuration', () => {
  it('fix gives each node group its own version, from any directory below the configuration', () => {
    for (const cwd of ['.', 'nodes', 'nodes/legacy/net.d']) {
      const dir = groupsRepo();
      const r = cli(['fix', '.'], join(dir, cwd));
      expect(r.code, r.stderr + r.stdout).toBe(0);
      if (cwd !== 'nodes/legacy/net.d') expect(versionOf(readFileSync(join(dir, 'nodes/worker/net.d/10.conflist'), 'utf8'))).toBe('1.0.0');
      expect(versionOf(readFileSync(join(dir, 'nodes/legacy/net.d/10.conflist'), 'utf8'))).toBe('0.4.0');
    }
  });

  it('the reports name each file\'s node group: text beside the name, JSON as `group`', () => {
    const dir = groupsRepo();
    const json = JSON.parse(cli(['check', '--format', 'json', '.'], dir).stdout) as { files: { path: string; group?: string }[] };
    expect(Object.fromEntries(json.files.map((f) => [f.path, f.group ?? null]))).toEqual({
      'nodes/legacy/net.d/10.conflist': 'legacy',
      'nodes/worker/net.d/10.conflist': null,
    });
    const text = cli(['check', '.'], dir).stdout;
    expect(text).toContain('nodes/legacy/net.d/10.conflist  (node group legacy)\n');
    expect(text).toMatch(/^nodes\/worker\/net\.d\/10\.conflist$/m);
  });

  it('a flag wins over the configuration and its overrides; --plugin only for its own name', () => {
    const dir = groupsRepo();
    const r = cli(['check', '--format', 'json', '--runtime', 'cri-o@1.20.0', '.'], dir);
    const report = JSON.parse(r.stdout) as { files: { path: string; networks: { decision: { version?: string } }[] }[] };
    for (const f of report.files) expect(f.networks[0]!.decision.version, f.path).toBe('0.4.0');
    // --plugin for the same project replaces the override's release; the runtime stays the group's.
    const plugins = cli(['diff', '--plugin', 'cni-plugins@1.6.0', '.'], dir);
    expect(plugins.stdout).toContain('+++ b/nodes/legacy/net.d/10.conflist\n@@ -1,4 +1,5 @@\n {\n+  "cniVersion": "1.0.0",\n');
  });

  it('--no-config reads none and --config FILE reads that one for every file', () => {
    const dir = groupsRepo();
    writeFileSync(join(dir, 'crio.yaml'), 'runtime: cri-o@1.20.0\nplugins: [cni-plugins@1.6.0]\n');
    const none = cli(['diff', '--no-config', '--plugin', 'cni-plugins@1.6.0', 'nodes/legacy'], dir);
    expect(none.stdout).toContain('+  "cniVersion": "1.0.0",\n');
    const fixed = cli(['diff', '--config', 'crio.yaml', 'nodes'], dir);
    expect(fixed.stdout.match(/\+ {2}"cniVersion": "0\.4\.0",/g)).toHaveLength(2);
    const both = cli(['check', '--config', 'crio.yaml', '--no-config', '.'], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--config FILE and --no-config cannot be combined');
  });

  it('run-wide keys come from the working directory\'s configuration; flags still win', () => {
    const dir = groupsRepo(`${GROUPS}failOn: never\n`);
    expect(cli(['check', '.'], dir).code).toBe(0);
    expect(cli(['check', '--fail-on', 'error', '.'], dir).code).toBe(1);
    // A nested configuration's run-wide keys are named as ignored, once.
    writeFileSync(join(dir, 'nodes/legacy/.cni-migrate.yaml'), 'runtime: containerd@1.6.4\nfailOn: error\nplugins: [cni-plugins@0.9.1]\n');
    const nested = cli(['check', '.'], dir);
    expect(nested.code).toBe(0);
    expect(nested.stderr.match(/warning: nodes\/legacy\/\.cni-migrate\.yaml: failOn apply to a whole run and are read only from the configuration of the working directory \(\.cni-migrate\.yaml\); ignored here/g)).toHaveLength(1);
  });

  it('an unusable configuration is exit 2 with its line, and nothing is written', () => {
    const dir = groupsRepo(GROUPS.replace('runtime: containerd@1.6.4', 'runtime: containerd@0.9.0'));
    const before = snapshotTree(dir);
    const r = cli(['fix', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cni-migrate: .cni-migrate.yaml:7:14: overrides[0].runtime: no compatibility data for containerd 0.9.0 (known: ' + r.stderr.split('(known: ')[1]);
    expect(r.stdout).toBe('');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('a nested configuration that cannot be used leaves its files alone, says so once, and the run goes on (exit 2)', () => {
    const dir = groupsRepo();
    writeFileSync(join(dir, 'nodes/legacy/.cni-migrate.json'), '{ "runtime": "containerd@1.6.4", "plugin": [] }\n');
    const r = cli(['fix', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.match(/nodes\/legacy\/\.cni-migrate\.json:1:34: unknown key "plugin"; did you mean "plugins"\?.*; the files it applies to are left alone/g)).toHaveLength(1);
    expect(readFileSync(join(dir, 'nodes/legacy/net.d/10.conflist'), 'utf8')).toBe(MISSING);
    expect(versionOf(readFileSync(join(dir, 'nodes/worker/net.d/10.conflist'), 'utf8'))).toBe('1.0.0');
  });

  it('standard input is judged by the configuration of the directory its stated name is in', () => {
    const dir = groupsRepo();
    const r = cli(['fix', '--stdin-filepath', 'nodes/legacy/net.d/20.conflist'], dir, {}, MISSING);
    expect(versionOf(r.stdout)).toBe('0.4.0');
    const worker = cli(['fix', '--stdin-filepath', 'nodes/worker/net.d/20.conflist'], dir, {}, MISSING);
    expect(versionOf(worker.stdout)).toBe('1.0.0');
  });

  it('the bundled fleet repository: each node group gets its own version', () => {
    const dir = temp();
    cpSync(join(repoRoot, 'fixtures', 'fleet'), dir, { recursive: true });
    const r = cli(['fix', '.'], dir);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const read = (p: string) => JSON.parse(readFileSync(join(dir, p), 'utf8')) as { cniVersion: string; cniVersions?: string[] };
    expect(read('nodes/legacy/etc/cni/net.d/10-containerd-net.conflist').cniVersion).toBe('0.4.0');
    expect(read('nodes/crio/etc/cni/net.d/11-crio-ipv4-bridge.conflist').cniVersion).toBe('0.4.0');
    expect(read('nodes/gpu/etc/cni/net.d/10-containerd-net.conflist')).toMatchObject({ cniVersion: '1.0.0', cniVersions: ['1.0.0', '1.1.0'] });
  });
});
