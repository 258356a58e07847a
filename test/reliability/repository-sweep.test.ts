/**
 * Issue 12's acceptance, as a sweep of a whole config repository made of every fixture input
 * (upstream configs and manifests, templates, the diagnostic cases, the bundled example):
 * - every `cniVersion` member that is not in a comment is accounted for: a network read with its
 *   version, a template's unread part naming it, or one of the stated exceptions below;
 * - the walk never ends in an internal error, and exit code 2 names only the files listed below
 *   as really broken;
 * - `fix` changes only cniVersion lines, never a templated value, and a second `fix` changes
 *   nothing.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, repoRoot, tempDir } from '../helpers/cli.js';

const FIXTURES = join(repoRoot, 'fixtures');
const NOT_INPUT = new Set(['case.json', 'README.md', 'plan.json']);

/** The files that are broken, and why: only these may make the sweep exit 2. */
const BROKEN: Readonly<Record<string, string>> = {
  'diagnostics/JSON_PARSE_ERROR/10-containerd-net.conflist': 'a conflist with a missing comma',
  'diagnostics/YAML_PARSE_ERROR/kube-flannel-cfg.yml': 'a ConfigMap whose YAML does not parse',
  'cni-json/multus-v3.4-multus-ptp-portmap/input.conf': 'upstream Multus v3.4 example with a missing comma after "type": "multus"',
  'upstream/multus/v3.4/multus-ptp-portmap.conf': 'the same upstream file, in the corpus',
  'repositories/whereabouts/3a262bd0cd87/doc/sample_config.json': "whereabouts' sample: two JSON objects back to back",
};

/** cniVersion members that are, by design, not counted as a network's. */
const NOT_A_NETWORK: Readonly<Record<string, string>> = {
  'upstream/index.json': "the corpus index: metadata quoting each file's cniVersion, not a config",
  'repositories/k0s/dff90cee9a6e/static/manifests/calico/ConfigMap/calico-config.yaml': 'a ConfigMap k0s keeps whole inside a Go template comment ({{/* … */}}): rendered, it is nothing',
};

interface Report {
  readonly files: readonly {
    readonly path: string;
    readonly fatal: boolean;
    readonly networks: readonly { readonly currentVersion: string | null }[];
    readonly diagnostics: readonly { readonly code: string; readonly args: { readonly cniVersions?: readonly unknown[] } }[];
  }[];
}

/** Copies every fixture input into one tree, as a config repository would hold them. */
function buildRepository(into: string): void {
  const copy = (from: string, to: string): void => {
    for (const entry of readdirSync(from)) {
      const source = join(from, entry);
      if (statSync(source).isDirectory()) copy(source, join(to, entry));
      else if (!NOT_INPUT.has(entry) && !/^expected\./.test(entry)) {
        mkdirSync(to, { recursive: true });
        cpSync(source, join(to, entry));
      }
    }
  };
  copy(FIXTURES, into);
}

/** Every file under `dir`, relative and `/`-separated. */
function filesOf(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile()) out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  visit(dir);
  return out.sort();
}

/** `cniVersion` members (quoted JSON keys, escaped in JSON strings, or YAML keys) outside comment lines. */
function versionMembers(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !/^\s*(#|\/\/)/.test(line))
    .flatMap((line) => line.match(/(\\?"|')?cniVersion\1\s*:\s*[^,}\n]*/g) ?? []);
}

const WALKED = /\.(conflist|conf|json|ya?ml|tf|j2|jinja2?|tpl|tmpl|gotmpl|gtpl|template|tftpl)$/;

let repo: { dir: string; cleanup: () => void };
let report: Report;
beforeAll(() => {
  repo = tempDir('cni-sweep-');
  buildRepository(repo.dir);
  const r = cli(['check', '.', '--format', 'json', '--fail-on', 'never'], repo.dir);
  expect(r.code, r.stderr).not.toBe(3);
  report = JSON.parse(r.stdout) as Report;
});
afterAll(() => repo.cleanup());

describe('a walk over every fixture as one config repository', () => {
  it('reads as broken exactly the files that are broken', () => {
    const fatal = report.files.filter((f) => f.fatal).map((f) => f.path);
    expect(fatal.sort()).toEqual(Object.keys(BROKEN).sort());
    for (const f of report.files) expect(f.diagnostics.map((d) => d.code), f.path).not.toContain('INTERNAL_VERIFY_FAILED');
  });

  it('accounts for every cniVersion that is not in a comment', () => {
    const byPath = new Map(report.files.map((f) => [f.path, f]));
    const missed: string[] = [];
    for (const path of filesOf(repo.dir).filter((p) => WALKED.test(p))) {
      const members = versionMembers(readFileSync(join(repo.dir, path), 'utf8'));
      if (members.length === 0 || BROKEN[path] || NOT_A_NETWORK[path]) continue;
      const file = byPath.get(path);
      const found =
        (file?.networks.filter((n) => n.currentVersion !== null).length ?? 0) +
        (file?.diagnostics.filter((d) => d.code === 'TEMPLATE_NOT_PARSED').reduce((n, d) => n + (d.args.cniVersions?.length ?? 0), 0) ?? 0) +
        (file?.diagnostics.filter((d) => d.code === 'DUPLICATE_KEY' || d.code === 'EMBEDDED_EDIT_UNSAFE').length ?? 0);
      if (found < members.length) missed.push(`${path}: ${members.length} cniVersion members, ${found} found (${members.join(' | ')})`);
    }
    expect(missed).toEqual([]);
  });

  it('fix changes cniVersion lines only, never a templated value, and a second fix changes nothing', () => {
    const before = new Map(filesOf(repo.dir).map((p) => [p, readFileSync(join(repo.dir, p), 'utf8')]));
    const first = cli(['fix', '.', '-q', '--fail-on', 'never'], repo.dir);
    expect(first.code, first.stderr).not.toBe(3);
    let changedFiles = 0;
    for (const [path, text] of before) {
      const after = readFileSync(join(repo.dir, path), 'utf8');
      if (after === text) continue;
      changedFiles++;
      const a = after.split('\n');
      const b = text.split('\n');
      const removed = b.filter((line) => !a.includes(line));
      const added = a.filter((line) => !b.includes(line));
      // A one-line string (a JSON manifest) changes as a whole line: what it gained is a cniVersion.
      for (const line of added) expect(line, `${path}: a changed line`).toMatch(/cniVersion/);
      expect(removed.length, `${path}: lines removed`).toBeLessThanOrEqual(added.length);
      for (const line of removed) expect(line, `${path}: a templated value was edited`).not.toMatch(/cniVersion\\?["']?\s*:\s*\\?["']?(\{\{|\$\{?[A-Za-z_]|__[A-Z])/);
    }
    expect(changedFiles).toBeGreaterThan(20);
    const snapshot = new Map(filesOf(repo.dir).map((p) => [p, readFileSync(join(repo.dir, p), 'utf8')]));
    const second = cli(['fix', '.', '-q', '--fail-on', 'never'], repo.dir);
    expect(second.code, second.stderr).not.toBe(3);
    for (const [path, text] of snapshot) expect(readFileSync(join(repo.dir, path), 'utf8'), path).toBe(text);
  });
});
