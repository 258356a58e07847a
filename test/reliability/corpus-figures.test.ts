/**
 * Figures over the whole corpus of upstream configs (85 real configs), through the built CLI on a temp copy:
 * how many files `fix` changes with default options, that none of them stops parsing, that no
 * line moves except cniVersion, and that a second run changes nothing.
 */
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { structuredPatch } from 'diff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, repoRoot, tempDir } from '../helpers/cli.js';
import { middles } from '../helpers/verify.js';

const corpusUrl = new URL('../../fixtures/upstream/', import.meta.url);
const corpus = fileURLToPath(corpusUrl);
const haveCorpus = existsSync(corpusUrl);

interface JsonFile {
  readonly path: string;
  readonly changed: boolean;
  readonly fatal: boolean;
  readonly diagnostics: readonly { readonly code: string }[];
}
interface JsonReport {
  readonly files: readonly JsonFile[];
  readonly summary: { readonly changed: number; readonly filesScanned: number };
}

/** Every regular file under dir, as `/`-separated paths relative to dir, sorted. */
function walk(dir: string, root = dir, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, root, out);
    else out.push(relative(root, p).split('\\').join('/'));
  }
  return out.sort();
}

/**
 * A checkout may hold the corpus read-only, and `fix` refuses read-only files on purpose, so
 * the copy gets owner write permission, as a real /etc/cni/net.d has.
 */
function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) makeWritable(p);
    else if (e.isFile()) chmodSync(p, 0o644);
  }
}

function runJson(args: readonly string[], cwd: string): { code: number | null; report: JsonReport } {
  const r = cli(args, cwd);
  expect(r.stdout, r.stderr).not.toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport };
}

const PARSE_ERRORS = new Set(['JSON_PARSE_ERROR', 'YAML_PARSE_ERROR']);
const fatalSet = (rep: JsonReport): string[] => rep.files.filter((f) => f.fatal).map((f) => f.path).sort();
const parseErrorSet = (rep: JsonReport): string[] => rep.files.filter((f) => f.diagnostics.some((d) => PARSE_ERRORS.has(d.code))).map((f) => f.path).sort();

/** Lines of the diff old→new that break the "only cniVersion moved" rule; empty when none. */
function strayLines(file: string, before: string, after: string): string[] {
  const bad: string[] = [];
  const patch = structuredPatch(file, file, before, after, '', '', { context: 0 });
  for (const hunk of patch.hunks) {
    const removed = hunk.lines.filter((l) => l.startsWith('-')).map((l) => l.slice(1));
    const added = hunk.lines.filter((l) => l.startsWith('+')).map((l) => l.slice(1));
    if (removed.length > added.length) bad.push(...removed.slice(added.length).map((l) => `${file}: removed without counterpart: ${l}`));
    added.forEach((plus, i) => {
      const minus = removed[i];
      if (minus === undefined) {
        if (!plus.includes('cniVersion')) bad.push(`${file}: added line without cniVersion: ${plus}`);
        return;
      }
      if (minus.includes('cniVersion') && plus.includes('cniVersion')) return;
      const [gone, came] = middles(minus, plus);
      if (!/^(\\?"[^"\\]*\\?"|[\w.-]*)$/.test(gone) || !/cniVersion|^[\d.]*$/.test(came)) bad.push(`${file}: ${minus} -> ${plus}`);
    });
  }
  return bad;
}

describe('corpus figures (fix over fixtures/upstream, default options)', () => {
  let work = '';
  let cleanup = (): void => undefined;

  beforeAll(() => {
    expect(existsSync(join(repoRoot, 'dist', 'bundle', 'cli.cjs')), 'run `npm run build` first').toBe(true);
    if (!haveCorpus) return;
    const t = tempDir('cni-migrate-corpus-');
    cleanup = t.cleanup;
    work = t.dir;
    cpSync(corpus, work, { recursive: true });
    makeWritable(work);
  });
  afterAll(() => cleanup());

  it('the corpus is present (it is part of the repository)', () => {
    expect(haveCorpus, `the corpus must be at ${corpus}`).toBe(true);
  });

  it('fix changes only cniVersion, keeps every file readable, and is idempotent', () => {
    const files = walk(corpus);
    expect(files.length).toBeGreaterThan(80);
    const original = new Map(files.map((f) => [f, readFileSync(join(corpus, f))]));

    const check0 = runJson(['check', '.', '--format', 'json'], work).report;

    const run1 = runJson(['fix', '.', '--format', 'json'], work);
    expect(walk(work), 'no file appeared or disappeared').toEqual(files);
    const after1 = new Map(files.map((f) => [f, readFileSync(join(work, f))]));
    const changedOnDisk = files.filter((f) => !after1.get(f)!.equals(original.get(f)!));
    const reportedChanged = run1.report.files.filter((f) => f.changed).map((f) => f.path).sort();
    expect(changedOnDisk, 'files changed on disk = files reported changed').toEqual(reportedChanged);
    expect(run1.report.summary.changed).toBe(reportedChanged.length);
    expect(changedOnDisk.length).toBeGreaterThan(0);

    // Files not changed are byte-identical to the corpus (implied above; kept explicit).
    const untouched = files.filter((f) => !changedOnDisk.includes(f));
    for (const f of untouched) expect(after1.get(f)!.equals(original.get(f)!), f).toBe(true);

    // Still readable: the fatal set is the same before and after, and no changed file has a parse error.
    const check1 = runJson(['check', '.', '--format', 'json'], work).report;
    expect(fatalSet(check1)).toEqual(fatalSet(check0));
    const brokenAfter = parseErrorSet(check1).filter((f) => changedOnDisk.includes(f));
    expect(brokenAfter).toEqual([]);
    expect(parseErrorSet(check1)).toEqual(parseErrorSet(check0));

    // Only cniVersion moved.
    const stray = changedOnDisk.flatMap((f) => strayLines(f, original.get(f)!.toString('utf8'), after1.get(f)!.toString('utf8')));
    expect(stray).toEqual([]);

    // Second run: nothing to change, not a byte moves.
    const run2 = runJson(['fix', '.', '--format', 'json'], work);
    expect(run2.report.summary.changed).toBe(0);
    expect(walk(work)).toEqual(files);
    const secondRunChanges = files.filter((f) => !readFileSync(join(work, f)).equals(after1.get(f)!));
    expect(secondRunChanges).toEqual([]);

    console.log(
      [
        'corpus figures (fix ., default options)',
        `  files in corpus                     ${files.length}`,
        `  files scanned by fix                ${run1.report.summary.filesScanned}`,
        `  files changed by run 1              ${changedOnDisk.length}`,
        `  fatal files before / after          ${fatalSet(check0).length} / ${fatalSet(check1).length}`,
        `  changed files failing to re-parse   ${brokenAfter.length}`,
        `  changed lines outside cniVersion    ${stray.length}`,
        `  files changed by run 2              ${run2.report.summary.changed} (bytes moved: ${secondRunChanges.length})`,
        `  exit codes run 1 / run 2            ${run1.code} / ${run2.code}`,
        `  changed: ${changedOnDisk.join(', ')}`,
      ].join('\n'),
    );
  }, 120_000);
});
