/**
 * The reports for big runs: `--format markdown`, `--compact` and info findings hidden unless
 * `--verbose`, through the built CLI on the repository's fixtures (500+ files) and on copies of
 * fixtures/example; node groups through RunReport, as a project config will pass them.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { marked, type Tokens } from 'marked';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareRun } from '../../src/app/pipeline.js';
import { parseCommandLine, type CommandOptions } from '../../src/cli/args.js';
import { RunReport } from '../../src/cli/run-report.js';
import { helpText } from '../../src/cli/help.js';
import { CLI_VOCABULARY } from '../../src/core/vocabulary.js';
import { planText } from '../../src/io/process-file.js';
import { memoryIO } from '../helpers/memory-io.js';
import { usePrivateCli } from '../helpers/private-cli.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const PLUGINS = ['--plugin', 'cni-plugins@1.1.1'];

const { cli, temp } = usePrivateCli('cni-migrate-reports');

function example(): string {
  const dir = temp();
  cpSync(join(REPO, 'fixtures', 'example'), dir, { recursive: true });
  return dir;
}

interface JsonFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  line: number | null;
  column: number | null;
}
interface JsonDoc {
  files: { path: string; changed: boolean; networks: { name: string | null }[]; diagnostics: JsonFinding[]; remaining: JsonFinding[] }[];
  summary: { filesScanned: number; errors: number; warnings: number; info: number };
}

const json = (args: readonly string[], cwd: string, command = 'check'): JsonDoc => JSON.parse(cli([command, '--format', 'json', ...args], cwd).stdout) as JsonDoc;

/** A cell's text as a reader sees it (escapes undone). */
const cellText = (c: Tokens.TableCell): string =>
  (marked.parseInline(c.text) as string).replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe('--format markdown on the repository fixtures (500+ files)', { timeout: 120_000 }, () => {
  let md: string;
  let doc: JsonDoc;
  let code: number | null;
  beforeAll(() => {
    const out = join(temp(), 'report.md');
    const r = cli(['check', 'fixtures', '--format', 'markdown', '-o', out, ...PLUGINS], REPO);
    code = r.code;
    expect(r.stdout).toBe('');
    md = readFileSync(out, 'utf8');
    doc = json(['fixtures', ...PLUGINS], REPO);
    // -o writes what stdout would have held.
    expect(cli(['check', 'fixtures', '--format', 'markdown', ...PLUGINS], REPO).stdout).toBe(md);
  }, 120_000);

  it('heads the report with the totals, and exits as check does', () => {
    expect(doc.summary.filesScanned).toBeGreaterThan(100);
    expect(md.split('\n')[0]).toBe(`## cni-migrate check: ${doc.files.filter((f) => f.changed).length} files to change, ${doc.summary.errors} errors, ${doc.summary.warnings} warnings`);
    expect(md).toContain(`${doc.summary.filesScanned} files scanned`);
    expect(code).toBe(cli(['check', 'fixtures', ...PLUGINS], REPO).code);
  });

  it('every table keeps its shape; every network has a row; every error and warning is listed with its code, line and link', () => {
    const tables = marked.lexer(md).filter((t): t is Tokens.Table => t.type === 'table');
    for (const t of tables) for (const row of t.rows) expect(row).toHaveLength(t.header.length);
    // fixtures/fleet has a project configuration: its node groups' tables say what each runtime runs.
    const networkRows = tables.filter((t) => ['File|Network|cniVersion|Why', 'File|Network|cniVersion|Runtimes run|Why'].includes(t.header.map((h) => h.text).join('|')));
    const quietRows = tables.filter((t) => t.header[0]!.text === 'Group');
    const rowCount = [...networkRows, ...quietRows].reduce((n, t) => n + t.rows.length, 0);
    expect(rowCount).toBe(doc.files.reduce((n, f) => n + Math.max(1, f.networks.length), 0));
    // Each changed file's networks show their change.
    const changedRows = networkRows.flatMap((t) => t.rows).filter((r) => r[2]!.text.includes('→'));
    expect(new Set(changedRows.map((r) => cellText(r[0]!))).size).toBeGreaterThan(0);
    expect(changedRows.length).toBeGreaterThanOrEqual(doc.files.filter((f) => f.changed).length);

    const listed = tables
      .filter((t) => t.header[1]?.text === 'Line')
      .flatMap((t) => t.rows.map((r) => [basename(cellText(r[0]!).replace(/ \(not in this run\)$/, '')), r[1]!.text, r[2]!.text, cellText(r[3]!)].join(' ')));
    const expected = doc.files.flatMap((f) =>
      f.diagnostics.filter((d) => d.severity !== 'info').map((d) => [basename(f.path), d.line ?? '', d.severity, d.code].join(' ')),
    );
    expect(listed.sort()).toEqual(expected.sort());
    const links = [...md.matchAll(/\[([A-Z_]+)\]\(([^)]+)\)/g)];
    expect(links.length).toBe(expected.length);
    for (const [, c, url] of links) expect(url).toBe(`https://github.com/cni-migrate/cni-migrate/blob/main/docs/diagnostics.md#${c!.toLowerCase()}`);
    // Info findings are counted, not listed.
    expect(md).toContain(`_${doc.summary.info} info findings hidden; \`--verbose\` shows them._`);
  });

  it('--verbose lists the info findings too', () => {
    const verbose = cli(['check', 'fixtures', '--format', 'markdown', '--verbose', ...PLUGINS], REPO).stdout;
    const rows = [...verbose.matchAll(/\| info \| \[([A-Z_]+)\]/g)];
    expect(rows.length).toBe(doc.summary.info);
    expect(verbose).not.toContain('hidden');
  });
});

describe('--format markdown', { timeout: 60_000 }, () => {
  it('after fix, says what was fixed and lists what remains', () => {
    const dir = example();
    // What remains: a fresh check's findings, and the one about a change itself (a live network moved down).
    const moved = json(PLUGINS, dir).files.flatMap((f) => f.diagnostics).filter((d) => d.code === 'VERSION_DOWNGRADE_LIVE').length;
    expect(moved).toBe(1);
    const r = cli(['fix', '--format', 'markdown', ...PLUGINS], dir);
    const doc = json(PLUGINS, dir);
    const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
    expect(r.stdout.split('\n')[0]).toBe(`## cni-migrate fix: 4 files fixed, ${plural(doc.summary.errors, 'error')}, ${plural(doc.summary.warnings + moved, 'warning')}`);
    expect(r.stdout).toContain('VERSION_DOWNGRADE_LIVE');
    expect(r.stdout).not.toContain('CNI_VERSION_MISSING');
    expect(r.stderr).toMatch(/4 files fixed/);
  });

  it('a file name with a pipe, backticks or HTML stays one cell of text', () => {
    const dir = temp();
    const body = '{\n  "name": "n",\n  "plugins": [ { "type": "bridge" } ]\n}\n';
    for (const name of ['a|b.conflist', '<script>x<script>.conflist', '`x`.conflist']) writeFileSync(join(dir, name), body);
    const md = cli(['check', '--format', 'markdown', ...PLUGINS], dir).stdout;
    const table = marked.lexer(md).find((t): t is Tokens.Table => t.type === 'table')!;
    expect(table.rows.map((r) => cellText(r[0]!)).sort()).toEqual(['<script>x<script>.conflist', '`x`.conflist', 'a|b.conflist']);
    expect(marked.parse(md) as string).not.toContain('<script');
  });

  it('is refused for diff, and --compact, --verbose are checked against the other options', () => {
    const dir = example();
    const usage = (args: string[]): string => {
      const r = cli(args, dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      return r.stderr;
    };
    expect(usage(['diff', '--format', 'markdown'])).toMatch(/^cni-migrate: --format must be text or json for diff \(use check for sarif, github or markdown\)/);
    expect(usage(['check', '--compact', '--format', 'json'])).toMatch(/^cni-migrate: --compact shapes the text report; it cannot be combined with --format json/);
    expect(usage(['check', '--compact', '--format', 'markdown'])).toMatch(/--format markdown/);
    expect(usage(['check', '--compact', '-l'])).toMatch(/--list-different/);
    expect(usage(['check', '--verbose', '-q'])).toMatch(/^cni-migrate: --verbose and --quiet cannot be combined/);
  });
});

describe('help and docs', () => {
  it('name --format markdown (check and fix only), --compact and --verbose', () => {
    for (const command of ['check', 'fix'] as const) expect(helpText(command)).toMatch(/--format text\|json\|sarif\|github\|markdown\n[^]*markdown: a report to paste in a pull request/);
    expect(helpText('diff')).not.toContain('markdown');
    for (const command of ['check', 'diff', 'fix'] as const) {
      expect(helpText(command)).toMatch(/^ {2}--verbose {2,}/m);
      expect(helpText(command)).toMatch(/^ {2}--compact {2,}/m);
    }
    const doc = readFileSync(join(REPO, 'docs', 'cli.md'), 'utf8');
    for (const heading of ['## Markdown report', '## Compact report', '## Info findings']) expect(doc).toContain(`\n${heading}\n`);
    for (const option of ['`--format markdown`', '`--compact`', '`--verbose`']) expect(doc).toContain(`| ${option} |`);
  });
});

describe('info findings in the text report', { timeout: 60_000 }, () => {
  it('are counted in one line unless --verbose; -q prints neither', () => {
    const dir = example();
    const doc = json(PLUGINS, dir);
    const info = doc.files.flatMap((f) => f.diagnostics.filter((d) => d.severity === 'info'));
    expect(info.length).toBeGreaterThan(0);
    const plain = cli(['check', ...PLUGINS], dir);
    expect(plain.stdout).not.toMatch(/ info +[A-Z_]+ /);
    expect(plain.stdout).toContain(`${info.length} info finding${info.length === 1 ? '' : 's'} hidden; --verbose shows them\n`);
    const verbose = cli(['check', '--verbose', ...PLUGINS], dir);
    for (const d of info) expect(verbose.stdout).toMatch(new RegExp(` info +${d.code} `));
    expect(verbose.stdout).not.toContain('hidden');
    // Everything else is as without --verbose.
    expect(verbose.stdout.split('\n').filter((l) => !/ info +[A-Z_]+ /.test(l))).toEqual(plain.stdout.split('\n').filter((l) => !l.includes('hidden')));
    const quiet = cli(['check', '-q', ...PLUGINS], dir);
    expect(quiet.stdout).not.toContain('hidden');
    expect(quiet.stdout).not.toMatch(/ info +[A-Z_]+ /);
    // JSON, SARIF and annotations keep them.
    expect(doc.summary.info).toBe(info.length);
    expect(cli(['check', '--format', 'github', ...PLUGINS], dir).stdout).toContain('::notice');
  });
});

describe('--compact', { timeout: 120_000 }, () => {
  /** 20 node groups, each a copy of fixtures/example: 120 files in 60 directories. */
  function bigRepo(): string {
    const dir = temp();
    for (let i = 0; i < 20; i++) cpSync(join(REPO, 'fixtures', 'example'), join(dir, `site-${String(i).padStart(2, '0')}`), { recursive: true });
    return dir;
  }

  it('one table per directory, a row per file, every error in full, and shorter than the text report', () => {
    const dir = bigRepo();
    const doc = json(PLUGINS, dir);
    expect(doc.summary.filesScanned).toBeGreaterThanOrEqual(100);
    const r = cli(['check', '--compact', ...PLUGINS], dir);
    expect(r.code).toBe(1);
    const out = r.stdout;
    const text = cli(['check', ...PLUGINS], dir).stdout;
    expect(out.split('\n').length).toBeLessThan(text.split('\n').length);
    // A table per directory holding a changed file or a finding: a heading with its totals.
    const headings = out.split('\n').filter((l) => /^\S.*\/  \d+ files?, \d+ to change, \d+ errors?, \d+ warnings?$/.test(l));
    const dirsOf = new Set(doc.files.map((f) => f.path.slice(0, f.path.lastIndexOf('/'))));
    expect(headings.map((h) => h.slice(0, h.indexOf('/  '))).sort()).toEqual([...dirsOf].sort());
    // A row per CNI config: its name, its networks, its change.
    for (const f of doc.files) {
      const name = basename(f.path).replace(/\./g, '\\.');
      const networks = f.networks.map((n) => n.name).join(', ');
      expect(out, f.path).toMatch(new RegExp(`^  ${name} +${networks.replace(/\./g, '\\.')} +`, 'm'));
    }
    const rows = (n: string): number => out.split('\n').filter((l) => new RegExp(`^  ${n.replace(/\./g, '\\.')} {2,}`).test(l)).length;
    expect(rows('99-loopback.conf')).toBe(20);
    expect(out).toMatch(/^ {2}99-loopback\.conf +lo +none → 1\.0\.0 +error CNI_VERSION_MISSING$/m);
    // Every error in full, at its line and column, and no warning so.
    for (const f of doc.files) {
      for (const d of f.diagnostics.filter((x) => x.severity === 'error')) {
        expect(out).toContain(`  ${basename(f.path)}${d.line ? `:${d.line}:${d.column}` : ''}  error ${d.code}  `);
      }
    }
    expect(out.split('\n').filter((l) => / {2}error [A-Z_]+ {2}/.test(l))).toHaveLength(doc.summary.errors);
    expect(out).not.toMatch(/ {2}warning [A-Z_]+ {2}/);
    expect(out).toMatch(/error CNI_VERSION_UNSUPPORTED \+2$/m); // the worst finding, and how many more
    expect(out).toContain(`${doc.summary.info} info findings hidden; --verbose shows them\n`);
    expect(out.trimEnd().split('\n').at(-1)).toBe(text.trimEnd().split('\n').at(-1)); // the same summary line
  });

  it('folds directories with nothing to say unless --verbose; -q keeps the files with errors', () => {
    const dir = example();
    writeFileSync(join(dir, 'tools', 'ok.conflist'), '{\n  "cniVersion": "1.0.0",\n  "name": "ok",\n  "plugins": [ { "type": "bridge" } ]\n}\n');
    const out = cli(['check', '--compact', ...PLUGINS], dir).stdout;
    expect(out).not.toContain('tools/  ');
    expect(out).toContain('1 file in 1 group with nothing to change and no finding; --verbose lists them\n');
    const verbose = cli(['check', '--compact', '--verbose', ...PLUGINS], dir).stdout;
    expect(verbose).toMatch(/^tools\/ {2}1 file, 0 to change, 0 errors, 0 warnings\n {2}file +networks +cniVersion +worst finding\n {2}ok\.conflist +ok +1\.0\.0 +-$/m);
    // Info findings count in the worst-finding cell (99-loopback.conf is shadowed: LOAD_SHADOWED).
    expect(out).toMatch(/^ {2}99-loopback\.conf +lo +none → 1\.0\.0 +error CNI_VERSION_MISSING$/m);
    expect(verbose).toMatch(/^ {2}99-loopback\.conf +lo +none → 1\.0\.0 +error CNI_VERSION_MISSING \+1$/m);
    expect(verbose).not.toContain('hidden');
    const quiet = cli(['check', '--compact', '-q', ...PLUGINS], dir).stdout;
    expect(quiet).not.toContain('10-containerd-net.conflist  '); // no error there
    expect(quiet).toMatch(/^ {2}99-loopback\.conf +lo /m);
    expect(quiet).not.toContain('hidden');
  });

  it('diff --compact: the patch on stdout is unchanged, the tables go to stderr', () => {
    const dir = example();
    const plain = cli(['diff', ...PLUGINS], dir);
    const compact = cli(['diff', '--compact', ...PLUGINS], dir);
    expect(compact.stdout).toBe(plain.stdout);
    expect(compact.stdout).toMatch(/^diff --git /);
    expect(compact.stderr).toMatch(/^ {2}99-loopback\.conf +lo +none → 1\.0\.0 +error CNI_VERSION_MISSING$/m);
  });
});

describe('node groups (RunReport.add group)', () => {
  const FILES: [string, string, string | undefined][] = [
    ['nodes/a/net.d/10-a.conflist', '{\n  "name": "a",\n  "plugins": [ { "type": "bridge" } ]\n}\n', 'gpu-nodes'],
    ['nodes/b/net.d/10-b.conflist', '{\n  "cniVersion": "0.3.1",\n  "name": "b",\n  "plugins": [ { "type": "vendor-cni" } ]\n}\n', undefined],
    ['nodes/c/net.d/10-c.conflist', '{\n  "name": "c",\n  "plugins": [ { "type": "bridge" } ]\n}\n', 'gpu-nodes'],
  ];

  async function runWithGroups(args: readonly string[]): Promise<string> {
    const parsed = parseCommandLine(['check', ...args, ...PLUGINS]);
    if (parsed.kind !== 'run') throw new Error(JSON.stringify(parsed));
    const options: CommandOptions = parsed.options;
    const prepared = await prepareRun(options, '/', CLI_VOCABULARY);
    if ('problem' in prepared) throw new Error(prepared.problem);
    const io = memoryIO('/');
    const report = await RunReport.open(options, io, null);
    for (const [path, text, group] of FILES) {
      report.add({ absolute: `/${path}`, display: path, explicit: true }, await planText(path, text, prepared.facts), { loadOrder: false, group });
    }
    expect(report.finish(prepared.context)).toBe(1);
    return io.out();
  }

  it('markdown has a section per node group, and one per directory for a file without a group', async () => {
    const md = await runWithGroups(['--format', 'markdown']);
    const headings = marked.lexer(md).filter((t): t is Tokens.Heading => t.type === 'heading' && t.depth === 3).map((h) => h.text);
    expect(headings).toEqual(['Node group gpu-nodes', 'nodes/b/net.d/']);
    const [gpu] = marked.lexer(md).filter((t): t is Tokens.Table => t.type === 'table');
    expect(gpu!.rows.map((r) => [r[0]!.text, r[1]!.text])).toEqual([
      ['nodes/a/net.d/10-a.conflist', 'a'],
      ['nodes/c/net.d/10-c.conflist', 'c'],
    ]);
  });

  it('compact has a table per node group, and per directory otherwise', async () => {
    const out = await runWithGroups(['--compact']);
    expect(out).toMatch(/^node group gpu-nodes {2}2 files, 2 to change, 2 errors, 0 warnings\n.*\n {2}nodes\/a\/net\.d\/10-a\.conflist +a +none → 1\.0\.0 .*\n {2}nodes\/c\/net\.d\/10-c\.conflist +c +none → 1\.0\.0 /m);
    expect(out).toMatch(/^nodes\/b\/net\.d\/ {2}1 file, /m);
    expect(out).toMatch(/^ {2}10-b\.conflist +b +0\.3\.1/m);
  });

  it('a run without groups (the CLI today) groups by directory', () => {
    const dir = example();
    const md = cli(['check', '--format', 'markdown', ...PLUGINS], dir).stdout;
    const headings = marked.lexer(md).filter((t): t is Tokens.Heading => t.type === 'heading' && t.depth === 3).map((h) => h.text);
    expect(headings).toEqual(['manifests/', 'nodes/gpu/etc/cni/net.d/', 'nodes/worker/etc/cni/net.d/', 'What runtimes load']);
  });
});
