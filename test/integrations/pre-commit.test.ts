/**
 * The pre-commit hooks as users meet them: the system's real pre-commit clones a git snapshot of
 * this repository (the working tree, uncommitted changes included), installs the hook environment
 * the way it installs every `language: node` hook (nodeenv, `npm install`, `npm pack`,
 * `npm install -g`), and runs the hooks from real `git commit`s in throwaway repositories whose
 * `.pre-commit-config.yaml` is the snippet of docs/pre-commit.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli, repoRoot } from '../helpers/cli.js';
import { WALKED_PATTERNS } from '../../src/formats/registry.js';

const DOC_REPO = 'https://github.com/cni-migrate/cni-migrate';
const VERSION = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const NET_D = 'nodes/worker/etc/cni/net.d';
const CHECK = 'cni-migrate-check';
const FIX = 'cni-migrate-fix';

interface Run {
  readonly code: number | null;
  /** stdout then stderr */
  readonly out: string;
}

let root = '';
let env: NodeJS.ProcessEnv = {};
let config = '';
/** The `args:` docs/pre-commit.md gives each hook. */
let hookArgs: Record<string, string[]> = {};

function run(cmd: string, args: readonly string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}, timeout = 120_000): Run {
  const r = spawnSync(cmd, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout });
  if (r.error) throw r.error;
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/**
 * As `run`, without blocking the worker for the minute or two a hook installation may take (a
 * long synchronous wait starves vitest's own messages).
 */
function runAsync(cmd: string, args: readonly string[], cwd: string, timeout: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeout);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

function ok(r: Run, what: string): string {
  expect(r.code, `${what}\n${r.out}`).toBe(0);
  return r.out;
}

/** The environment for git and pre-commit: no user or system git config, no state of the caller. */
function isolatedEnv(home: string): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // GIT_DIR, GIT_INDEX_FILE ... when the tests run inside a git hook; npm_package_*,
    // npm_lifecycle_* and the prefixes of the npm that runs the tests.
    if (/^GIT_/.test(k) || /^npm_(?!config_)/.test(k) || k === 'INIT_CWD') continue;
    if (/^npm_config_(local_prefix|global_prefix|prefix|userconfig|global)$/.test(k)) continue;
    kept[k] = v;
  }
  const gitconfig = join(home, 'gitconfig');
  writeFileSync(
    gitconfig,
    '[user]\n\tname = Test\n\temail = test@example.invalid\n[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n',
  );
  return {
    ...kept,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: gitconfig,
    PRE_COMMIT_HOME: join(home, 'pre-commit-home'),
    PRE_COMMIT_COLOR: 'never',
  };
}

/** Copies what `git ls-files -co --exclude-standard` lists into `dest` and commits it there. */
function snapshot(dest: string): string {
  const ls = spawnSync('git', ['ls-files', '-z', '-c', '-o', '--exclude-standard'], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(ls.status, ls.stderr).toBe(0);
  const files = [...new Set(ls.stdout.split('\0').filter(Boolean))];
  expect(files).toContain('.pre-commit-hooks.yaml');
  for (const file of files) {
    const from = join(repoRoot, file);
    let st;
    try {
      st = lstatSync(from);
    } catch {
      continue; // tracked, but deleted in the working tree
    }
    const to = join(dest, file);
    mkdirSync(dirname(to), { recursive: true });
    if (st.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else if (st.isFile()) {
      copyFileSync(from, to);
      chmodSync(to, st.mode & 0o777);
    }
  }
  ok(run('git', ['init', '-q'], dest), 'git init (snapshot)');
  ok(run('git', ['add', '-A'], dest), 'git add (snapshot)');
  ok(run('git', ['commit', '-q', '--no-verify', '-m', 'snapshot of the working tree'], dest), 'git commit (snapshot)');
  return run('git', ['rev-parse', 'HEAD'], dest).out.trim();
}

/** The `.pre-commit-config.yaml` block of docs/pre-commit.md (before its husky section). */
function docSnippet(): string {
  const doc = readFileSync(join(repoRoot, 'docs', 'pre-commit.md'), 'utf8');
  const section = doc.split(/^## /m)[0]!;
  const block = /^```yaml\n(# \.pre-commit-config\.yaml\n[\s\S]*?)^```$/m.exec(section)?.[1];
  expect(block, 'docs/pre-commit.md has a ```yaml block starting "# .pre-commit-config.yaml"').toBeDefined();
  return block ?? '';
}

/** A consumer repository with the hooks installed (`pre-commit install`) and `files` committed. */
function consumer(files: Record<string, string>, hooksConfig = config): string {
  const dir = mkdtempSync(join(root, 'consumer-'));
  ok(run('git', ['init', '-q'], dir), 'git init');
  writeFileSync(join(dir, '.pre-commit-config.yaml'), hooksConfig);
  ok(run('pre-commit', ['install'], dir), 'pre-commit install');
  write(dir, files);
  ok(run('git', ['add', '-A'], dir), 'git add');
  const out = ok(run('git', ['commit', '-m', 'base'], dir), 'first commit, through the hooks');
  if (Object.keys(files).length > 0) {
    expect(out).toMatch(/^cni-migrate \(check cniVersion\)\.+Passed$/m);
    expect(out).toMatch(/^cni-migrate \(fix cniVersion\)\.+Passed$/m);
  }
  return dir;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

const read = (dir: string, name: string): string => readFileSync(join(dir, name), 'utf8');
const head = (dir: string): string => run('git', ['rev-parse', 'HEAD'], dir).out.trim();
const status = (dir: string): string => run('git', ['status', '--porcelain'], dir).out;

// Files of a small config repo.
const PACKAGE_JSON = '{\n  "name": "cluster-config",\n  "private": true,\n  "type": "module",\n  "scripts": { "test": "true" }\n}\n';
const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  selector: { matchLabels: { app: web } }',
  '  template:',
  '    metadata: { labels: { app: web } }',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx:1.25',
  '',
].join('\n');
/** No cniVersion. */
const MISSING = [
  '{',
  '  "name": "containerd-net",',
  '  "plugins": [',
  '    { "type": "bridge", "bridge": "cni0", "ipam": { "type": "host-local", "subnet": "10.88.0.0/16" } },',
  '    { "type": "portmap", "capabilities": { "portMappings": true } }',
  '  ]',
  '}',
  '',
].join('\n');
/** A spec version no runtime of the snippet's `--runtime` reads. */
const UNSUPPORTED = MISSING.replace('{\n', '{\n  "cniVersion": "1.1.0",\n').replace('containerd-net', 'dbnet');
/** A comma missing before "plugins". */
const BROKEN = MISSING.replace('"containerd-net",', '"containerd-net"').replace('"name"', '"cniVersion": "1.0.0",\n  "name"');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cni-migrate-pre-commit-'));
  env = isolatedEnv(root);
  const repo = join(root, 'hook-repo');
  mkdirSync(repo);
  const rev = snapshot(repo);
  expect(rev).toMatch(/^[0-9a-f]{40}$/);

  const snippet = docSnippet();
  expect(snippet).toContain(`repo: ${DOC_REPO}\n`);
  expect(snippet, 'docs/pre-commit.md pins the package version').toContain(`rev: v${VERSION}\n`);
  config = snippet.replace(`repo: ${DOC_REPO}\n`, `repo: ${JSON.stringify(repo)}\n`).replace(`rev: v${VERSION}\n`, `rev: ${rev}\n`);
  const parsed = parse(config) as { repos: { repo: string; hooks: { id: string; args?: string[] }[] }[] };
  hookArgs = Object.fromEntries(parsed.repos[0]!.hooks.map((h) => [h.id, h.args ?? []]));
  expect(Object.keys(hookArgs).sort()).toEqual([CHECK, FIX]);

  // Install the hook environment once: nodeenv, npm install (prepare builds dist/), npm pack,
  // npm install -g. Every consumer repository below reuses it through PRE_COMMIT_HOME.
  const bootstrap = mkdtempSync(join(root, 'bootstrap-'));
  ok(run('git', ['init', '-q'], bootstrap), 'git init (bootstrap)');
  writeFileSync(join(bootstrap, '.pre-commit-config.yaml'), config);
  const install = await runAsync('pre-commit', ['install-hooks'], bootstrap, 540_000);
  let log = '';
  try {
    log = readFileSync(join(env.PRE_COMMIT_HOME!, 'pre-commit.log'), 'utf8');
  } catch {
    // no log: pre-commit wrote none because nothing failed
  }
  expect(install.code, `pre-commit install-hooks\n${install.out}\n${log}`).toBe(0);
}, 600_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

// Each test makes a repository and commits through the hooks a few times: seconds, or more on a busy machine.
const SLOW = { timeout: 120_000 };

describe('.pre-commit-hooks.yaml', SLOW, () => {
  it('declares the two node hooks with the file names the CLI walks for', () => {
    const hooks = parse(readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
    expect(hooks.map((h) => h.id)).toEqual([CHECK, FIX]);
    expect(hooks.map((h) => h.entry)).toEqual(['cni-migrate diff', 'cni-migrate fix']);
    for (const h of hooks) {
      expect(h).toMatchObject({ language: 'node', pass_filenames: true, require_serial: true });
      expect(String(h.description).length).toBeGreaterThan(40);
      const files = new RegExp(String(h.files));
      for (const name of ['a.conflist', 'net.d/10-a.conf', 'b.json', 'c.yaml', 'd/e.yml']) expect(files.test(name), name).toBe(true);
      for (const name of ['a.conflist.bak', 'README.md', 'conf.d/x.txt', 'a.jsonc']) expect(files.test(name), name).toBe(false);
      // Every name a directory walk offers the formats (their patterns and template suffixes).
      for (const pattern of WALKED_PATTERNS) expect(files.test(`d/x${pattern.slice(pattern.lastIndexOf('*') + 1)}`), pattern).toBe(true);
      // The version the tests run (Debian's pre-commit 3.0.4) must satisfy the minimum.
      const min = String(h.minimum_pre_commit_version).split('.').map(Number);
      const have = run('pre-commit', ['--version'], root).out.trim().replace(/^pre-commit /, '').split('.').map(Number);
      const cmp = min.map((n, i) => n - (have[i] ?? 0)).find((d) => d !== 0) ?? 0;
      expect(cmp, `minimum ${min.join('.')} vs installed ${have.join('.')}`).toBeLessThanOrEqual(0);
    }
  });
});

describe('pre-commit hooks, from the docs/pre-commit.md snippet', SLOW, () => {
  it('passes non-CNI json and yaml files untouched', () => {
    const files = { 'package.json': PACKAGE_JSON, 'k8s/deployment.yaml': DEPLOYMENT, 'k8s/service.yml': 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\n' };
    const dir = consumer({});
    write(dir, files);
    ok(run('git', ['add', '-A'], dir), 'git add');
    const out = ok(run('git', ['commit', '-m', 'tooling and a Deployment'], dir), 'commit of non-CNI files');
    expect(out).toMatch(/^cni-migrate \(check cniVersion\)\.+Passed$/m);
    expect(out).toMatch(/^cni-migrate \(fix cniVersion\)\.+Passed$/m);
    for (const [name, text] of Object.entries(files)) expect(read(dir, name), name).toBe(text);
    expect(status(dir)).toBe('');
  });

  it('check: a commit with a missing or unsupported cniVersion fails and prints the diff', () => {
    const dir = consumer({ 'package.json': PACKAGE_JSON, 'k8s/deployment.yaml': DEPLOYMENT });
    const before = head(dir);
    const broken = { [`${NET_D}/10-containerd-net.conflist`]: MISSING, [`${NET_D}/20-dbnet.conflist`]: UNSUPPORTED };
    write(dir, broken);
    ok(run('git', ['add', '-A'], dir), 'git add');
    const r = run('git', ['commit', '-m', 'add networks'], dir, { SKIP: FIX });
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toMatch(/^cni-migrate \(check cniVersion\)\.+Failed$/m);
    expect(r.out).toContain(`- hook id: ${CHECK}`);
    expect(r.out).toContain('- exit code: 1');
    for (const [name, text] of Object.entries(broken)) {
      expect(r.out).toContain(name);
      // The hook's output holds the diff `cni-migrate diff` prints for the file.
      const expected = cli(['diff', ...hookArgs[CHECK]!, name], dir);
      expect(expected.code, expected.stderr).toBe(1);
      expect(expected.stdout).toMatch(/^\+  "cniVersion": "\d+\.\d+\.\d+",$/m);
      expect(expected.stdout).toContain(`--- a/${name}\n+++ b/${name}\n`);
      expect(r.out).toContain(expected.stdout);
      expect(read(dir, name), 'check writes nothing').toBe(text);
    }
    expect(r.out).toMatch(/^\+  "cniVersion": "\d+\.\d+\.\d+",$/m);
    expect(head(dir), 'no commit was made').toBe(before);
  });

  it('fix: rewrites only the cniVersion line, pre-commit reports it, and the re-added commit passes', () => {
    const dir = consumer({ 'package.json': PACKAGE_JSON });
    const before = head(dir);
    const broken = { [`${NET_D}/10-containerd-net.conflist`]: MISSING, [`${NET_D}/20-dbnet.conflist`]: UNSUPPORTED };
    write(dir, broken);
    const missing = `${NET_D}/10-containerd-net.conflist`;
    const unsupported = `${NET_D}/20-dbnet.conflist`;
    const proposed = cli(['diff', ...hookArgs[FIX]!, missing, unsupported], dir);
    expect(proposed.code, proposed.stderr).toBe(1);
    ok(run('git', ['add', '-A'], dir), 'git add');
    const r = run('git', ['commit', '-m', 'add networks'], dir, { SKIP: CHECK });
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toMatch(/^cni-migrate \(fix cniVersion\)\.+Failed$/m);
    expect(r.out).toContain(`- hook id: ${FIX}`);
    expect(r.out).toContain('- files were modified by this hook');
    expect(head(dir)).toBe(before);

    const versionLine = /^ {2}"cniVersion": "(\d+\.\d+\.\d+)",$/;
    // Missing: one line inserted as the first member, every other line as it was.
    const a = read(dir, missing).split('\n');
    const b = MISSING.split('\n');
    expect(a.length).toBe(b.length + 1);
    expect(a[1]).toMatch(versionLine);
    expect([a[0], ...a.slice(2)]).toEqual(b);
    // Unsupported: the same lines, the cniVersion line changed to a different version.
    const c = read(dir, unsupported).split('\n');
    const d = UNSUPPORTED.split('\n');
    expect(c.length).toBe(d.length);
    const changed = c.flatMap((line, i) => (line === d[i] ? [] : [i]));
    expect(changed).toEqual([1]);
    expect(c[1]).toMatch(versionLine);
    expect(c[1]).not.toBe(d[1]);
    // Both get the line `cni-migrate diff` proposed for them before the commit.
    expect(proposed.stdout).toContain(`+${a[1]}\n`);
    expect(proposed.stdout).toContain(`-${d[1]}\n+${c[1]}\n`);

    // The changes are left unstaged for review; once added, the commit passes both hooks.
    expect(status(dir)).toBe(`AM ${missing}\nAM ${unsupported}\n`);
    ok(run('git', ['add', '-A'], dir), 'git add (after fix)');
    const again = ok(run('git', ['commit', '-m', 'add networks'], dir), 'commit after fix');
    expect(again).toMatch(/^cni-migrate \(check cniVersion\)\.+Passed$/m);
    expect(again).toMatch(/^cni-migrate \(fix cniVersion\)\.+Passed$/m);
    expect(head(dir)).not.toBe(before);
    expect(status(dir)).toBe('');
    expect(run('git', ['show', `HEAD:${missing}`], dir).out).toBe(a.join('\n'));
  });

  it('passes `pre-commit run --all-files` on a clean tree and changes nothing', () => {
    const files = {
      'package.json': PACKAGE_JSON,
      'k8s/deployment.yaml': DEPLOYMENT,
      [`${NET_D}/10-containerd-net.conflist`]: MISSING.replace('{\n', '{\n  "cniVersion": "1.0.0",\n'),
    };
    const dir = consumer(files);
    const r = run('pre-commit', ['run', '--all-files'], dir);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/^cni-migrate \(check cniVersion\)\.+Passed$/m);
    expect(r.out).toMatch(/^cni-migrate \(fix cniVersion\)\.+Passed$/m);
    for (const [name, text] of Object.entries(files)) expect(read(dir, name), name).toBe(text);
    expect(status(dir)).toBe('');
  });

  it('fails on a conflist with a JSON syntax error, naming file and line:column, and leaves it byte-identical', () => {
    const dir = consumer({ 'package.json': PACKAGE_JSON });
    const before = head(dir);
    const name = `${NET_D}/30-broken.conflist`;
    write(dir, { [name]: BROKEN });
    ok(run('git', ['add', '-A'], dir), 'git add');
    const r = run('git', ['commit', '-m', 'broken network'], dir);
    expect(r.code, r.out).not.toBe(0);
    // Where the missing comma is noticed: the start of the next member.
    const lines = BROKEN.split('\n');
    const line = lines.findIndex((l) => l.includes('"plugins"')) + 1;
    const column = lines[line - 1]!.indexOf('"plugins"') + 1;
    for (const [hook, title] of [
      [CHECK, 'check cniVersion'],
      [FIX, 'fix cniVersion'],
    ] as const) {
      const start = r.out.indexOf(`- hook id: ${hook}\n`);
      expect(start, `${hook} ran\n${r.out}`).toBeGreaterThanOrEqual(0);
      const end = r.out.indexOf('\ncni-migrate (', start);
      const own = r.out.slice(start, end < 0 ? undefined : end);
      expect(r.out).toMatch(new RegExp(`^cni-migrate \\(${title}\\)\\.+Failed$`, 'm'));
      expect(own).toContain('- exit code: 2');
      expect(own).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}\\n\\s+${line}:${column}\\s+error\\s+JSON_PARSE_ERROR`, 'm'));
    }
    expect(readFileSync(join(dir, name), 'utf8')).toBe(BROKEN);
    expect(head(dir)).toBe(before);
    expect(status(dir)).toBe(`A  ${name}\n`);
  });

  it('reads the project configuration: hooks without args give each node group its own version', () => {
    // The docs' snippet without `args:`: every setting comes from .cni-migrate.yaml.
    const bare = config.replace(/^\s+args: .*\n/gm, '');
    expect(bare).not.toContain('args:');
    const project = [
      'runtime: containerd@1.7.0',
      'plugins:',
      '  cni-plugins: "1.6.0"',
      'overrides:',
      '  - files: nodes/legacy/**',
      '    name: legacy',
      '    runtime: containerd@1.6.4',
      '    plugins: { cni-plugins: "0.9.1" }',
      '',
    ].join('\n');
    const dir = consumer({ 'package.json': PACKAGE_JSON, '.cni-migrate.yaml': project }, bare);
    const worker = `${NET_D}/10-containerd-net.conflist`;
    const legacy = 'nodes/legacy/etc/cni/net.d/10-containerd-net.conflist';
    write(dir, { [worker]: MISSING, [legacy]: MISSING });
    ok(run('git', ['add', '-A'], dir), 'git add');
    const r = run('git', ['commit', '-m', 'add networks'], dir, { SKIP: FIX });
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toMatch(/^cni-migrate \(check cniVersion\)\.+Failed$/m);
    // cni-plugins 1.6.0 on containerd 1.7 runs 1.0.0; cni-plugins 0.9.1 accept up to 0.4.0.
    expect(r.out).toContain(`+++ b/${worker}\n@@ -1,4 +1,5 @@\n {\n+  "cniVersion": "1.0.0",\n`);
    expect(r.out).toContain(`+++ b/${legacy}\n@@ -1,4 +1,5 @@\n {\n+  "cniVersion": "0.4.0",\n`);

    // An unusable configuration fails the hook with exit 2, naming its line, and writes nothing.
    write(dir, { '.cni-migrate.yaml': project.replace('runtime: containerd@1.6.4', 'runtme: containerd@1.6.4') });
    ok(run('git', ['add', '-A'], dir), 'git add');
    const bad = run('git', ['commit', '-m', 'add networks'], dir);
    expect(bad.code, bad.out).not.toBe(0);
    expect(bad.out).toContain('- exit code: 2');
    expect(bad.out).toMatch(/\.cni-migrate\.yaml:7:5: unknown key "overrides\[0\]\.runtme"; did you mean "runtime"\?/);
    expect(read(dir, worker)).toBe(MISSING);
    expect(read(dir, legacy)).toBe(MISSING);
  });
});
