/**
 * The Markdown report (render/markdown.ts), rendered from real plans and read back with a GFM
 * parser (marked, as GitHub renders comments): tables keep their shape whatever the file names
 * hold, no HTML comes from the input, and every code links to its section of docs/diagnostics.md.
 */
import { readFileSync } from 'node:fs';
import { marked, type Token, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode } from '../../src/core/diagnostics.js';
import { planFile } from '../../src/core/plan.js';
import { DIAGNOSTICS_DOC_URL, diagnosticDocUrl, headingAnchor, PROJECT_URL } from '../../src/render/docs-links.js';
import { directoryOf, groupFiles, type GroupedFile } from '../../src/render/groups.js';
import { markdownText, OPEN_FINDINGS, renderMarkdownReport, type MarkdownReportInput } from '../../src/render/markdown.js';
import { EXAMPLES } from '../helpers/diagnostic-examples.js';

const CODES = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];
const PLUGINS = { plugins: { releases: { 'cni-plugins': '1.1.1' } } };

function file(path: string, text: string, group?: string): GroupedFile {
  const p = planFile({ path, text }, PLUGINS);
  return { path, group, networks: p.networks, changed: p.changed, findings: p.diagnostics };
}

const missing = (name: string): string => `{\n  "name": ${JSON.stringify(name)},\n  "plugins": [ { "type": "bridge" } ]\n}\n`;
const current = (name: string): string => `{\n  "cniVersion": "1.0.0",\n  "name": ${JSON.stringify(name)},\n  "plugins": [ { "type": "bridge" } ]\n}\n`;

function report(files: readonly GroupedFile[], extra: Partial<MarkdownReportInput> = {}): string {
  const findings = files.flatMap((f) => f.findings);
  return renderMarkdownReport({
    command: 'check',
    totals: {
      scanned: files.length,
      cniFiles: files.length,
      changed: files.filter((f) => f.changed).length,
      errors: findings.filter((d) => d.severity === 'error').length,
      warnings: findings.filter((d) => d.severity === 'warning').length,
      info: findings.filter((d) => d.severity === 'info').length,
      unreadable: 0,
    },
    runtime: 'containerd@1.6.4',
    targetVersion: null,
    files,
    notProcessed: [],
    notices: [],
    loadOrder: [],
    verbose: false,
    ...extra,
  });
}

/** Every token, nested ones included. */
function tokens(md: string): Token[] {
  const out: Token[] = [];
  marked.walkTokens(marked.lexer(md), (t) => {
    out.push(t);
  });
  return out;
}

const tables = (md: string): Tokens.Table[] => marked.lexer(md).filter((t): t is Tokens.Table => t.type === 'table');

describe('markdownText', () => {
  it('escapes what GFM and HTML would act on, and keeps the text one line', () => {
    expect(markdownText('a|b')).toBe('a\\|b');
    expect(markdownText('<script>x</script>')).toBe('&lt;script&gt;x&lt;/script&gt;');
    expect(markdownText('`code` *b* _i_ [l](u) ~s~ #h !x \\ &amp;')).toBe('\\`code\\` \\*b\\* \\_i\\_ \\[l\\](u) \\~s\\~ \\#h \\!x \\\\ &amp;amp;');
    expect(markdownText('one\ntwo\r\u001b[31m')).toBe('one\\\\ntwo\\\\r\\\\u001b\\[31m');
  });

  it('leaves GFM no e-mail address or web address to make a link of', () => {
    const md = `| a |\n| --- |\n| ${markdownText('containerd@1.6.4, see https://example.com and www.example.com')} |\n`;
    expect(tokens(md).filter((t) => t.type === 'link')).toEqual([]);
    expect(marked.parse(md)).toContain('<td>containerd@1.6.4, see https://example.com and www.example.com</td>');
  });
});

describe('renderMarkdownReport', () => {
  it('file names with pipes, backticks, HTML and newlines stay one cell of text', () => {
    const names = ['net.d/a|b.conflist', 'net.d/<script>alert(1)<script>.conflist', 'net.d/<img src=x onerror=alert(1)>.conflist', 'net.d/`tick`|x.conflist', 'net.d/new\nline.conflist'];
    const files = names.map((n) => file(n, missing('n|<b>x</b>')));
    const md = report(files);
    for (const t of tables(md)) {
      for (const row of t.rows) expect(row, JSON.stringify(row.map((c) => c.text))).toHaveLength(t.header.length);
    }
    const networkTable = tables(md).find((t) => t.header[0]!.text === 'File' && t.header[1]!.text === 'Network')!;
    // Read back, the cells are the names as written (control characters shown as escapes).
    expect(networkTable.rows.map((r) => marked.parseInline(r[0]!.text))).toEqual([
      'a|b.conflist',
      '&lt;script&gt;alert(1)&lt;script&gt;.conflist',
      '&lt;img src=x onerror=alert(1)&gt;.conflist',
      '`tick`|x.conflist',
      'new\\nline.conflist',
    ]);
    // No HTML but the report's own folding.
    const html = tokens(md).filter((t) => t.type === 'html').map((t) => t.raw.trim());
    for (const h of html) expect(h).toMatch(/^<\/?details>|^<details><summary>[\w ,()]+<\/summary>$/);
    const rendered = marked.parse(md) as string;
    expect(rendered).not.toMatch(/<script|<img|<b>/);
    expect(rendered).toContain('&lt;script&gt;');
  });

  it('has one section per node group, and groups a file without one by its directory', () => {
    const files = [
      file('nodes/gpu/net.d/10-a.conflist', missing('a'), 'gpu-nodes'),
      file('nodes/cpu/net.d/10-b.conflist', missing('b')),
      file('nodes/gpu2/net.d/10-c.conflist', missing('c'), 'gpu-nodes'),
      file('top.conflist', missing('top')),
    ];
    const md = report(files);
    const headings = marked.lexer(md).filter((t): t is Tokens.Heading => t.type === 'heading' && t.depth === 3).map((h) => h.text);
    expect(headings).toEqual(['Node group gpu-nodes', 'nodes/cpu/net.d/', './']);
    // In a node group the whole path is shown; in a directory, the name within it.
    const gpu = tables(md)[0]!;
    expect(gpu.rows.map((r) => r[0]!.text)).toEqual(['nodes/gpu/net.d/10-a.conflist', 'nodes/gpu2/net.d/10-c.conflist']);
    expect(gpu.rows[0]![2]!.text).toBe('none → **1.0.0**');
    expect(gpu.rows[0]![3]!.text).toContain('newest version accepted by bridge');
    expect(tables(md)[2]!.rows[0]![0]!.text).toBe('10-b.conflist');
    expect(md.split('\n')[0]).toBe('## cni-migrate check: 4 files to change, 4 errors, 0 warnings');
  });

  it('folds groups with nothing to change and nothing to say into one table', () => {
    const md = report([file('ok/10-a.conflist', current('a')), file('ok/20-b.conflist', current('b')), file('bad/10-c.conflist', missing('c'))]);
    const headings = marked.lexer(md).filter((t): t is Tokens.Heading => t.type === 'heading' && t.depth === 3).map((h) => h.text);
    expect(headings).toEqual(['bad/']);
    expect(md).toContain('<details><summary>1 group with nothing to change (2 files)</summary>');
    const folded = tables(md).find((t) => t.header[0]!.text === 'Group')!;
    expect(folded.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['ok/', '10-a.conflist', 'a', '1.0.0'],
      ['ok/', '20-b.conflist', 'b', '1.0.0'],
    ]);
  });

  it('links every code to its section of docs/diagnostics.md, and the anchors exist there', () => {
    const doc = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
    const anchors = new Set([...doc.matchAll(/^#{1,6} (.+)$/gm)].map((m) => headingAnchor(m[1]!)));
    for (const code of CODES) {
      const url = diagnosticDocUrl(code);
      expect(url.startsWith(`${DIAGNOSTICS_DOC_URL}#`)).toBe(true);
      expect(anchors, code).toContain(url.slice(url.indexOf('#') + 1));
      expect(url.slice(url.indexOf('#') + 1)).toBe(code.toLowerCase());
    }
    // GitHub's anchors: lower case, punctuation dropped, spaces as hyphens.
    expect(headingAnchor('Load order (LOAD_*, DUPLICATE_NETWORK_NAME)')).toBe('load-order-load_-duplicate_network_name');
    // The project's address is package.json's.
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { repository: { url: string }; homepage: string };
    expect(pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')).toBe(PROJECT_URL);
    expect(pkg.homepage.startsWith(PROJECT_URL)).toBe(true);

    // In a report, each finding's code is a link to its section.
    const findings: Diagnostic[] = CODES.map((c) => EXAMPLES[c]);
    const md = report([{ path: 'x/all.conflist', networks: [], changed: true, findings }], { verbose: true });
    const links = tokens(md).filter((t): t is Tokens.Link => t.type === 'link');
    expect(links.map((l) => [l.text, l.href]).sort()).toEqual(CODES.map((c) => [c, diagnosticDocUrl(c)]).sort());
  });

  it('a long finding list keeps its errors open and folds the rest', () => {
    const warnings = Array.from({ length: OPEN_FINDINGS + 1 }, () => EXAMPLES.PLUGIN_UNKNOWN);
    const md = report([{ path: 'g/a.conflist', networks: [], changed: false, findings: [...warnings, EXAMPLES.CNI_VERSION_MISSING] }]);
    const lexed = marked.lexer(md);
    const details = lexed.findIndex((t) => t.type === 'html' && t.raw.startsWith('<details>'));
    expect(lexed[details]!.raw).toContain(`<summary>${OPEN_FINDINGS + 1} warnings</summary>`);
    const findingTables = lexed.map((t, i) => [t, i] as const).filter(([t]) => t.type === 'table' && (t as Tokens.Table).header[1]!.text === 'Line');
    const [open, folded] = findingTables;
    expect(open![1]).toBeLessThan(details);
    expect((open![0] as Tokens.Table).rows.map((r) => r[2]!.text)).toEqual(['error']);
    expect(folded![1]).toBeGreaterThan(details);
    expect((folded![0] as Tokens.Table).rows).toHaveLength(OPEN_FINDINGS + 1);
    // A short one is a single open table, errors first.
    const short = report([{ path: 'g/a.conflist', networks: [], changed: false, findings: [EXAMPLES.PLUGIN_UNKNOWN, EXAMPLES.CNI_VERSION_MISSING] }]);
    expect(short).not.toContain('<details>');
    expect(tables(short).find((t) => t.header[1]!.text === 'Line')!.rows.map((r) => r[2]!.text)).toEqual(['error', 'warning']);
  });

  it('hides info findings unless verbose, saying how many', () => {
    const f: GroupedFile = { path: 'g/a.conflist', networks: [], changed: false, findings: [EXAMPLES.LOAD_SHADOWED, EXAMPLES.TEMPLATE_PLACEHOLDER, EXAMPLES.PLUGIN_UNKNOWN] };
    const md = report([f]);
    expect(md).not.toContain('LOAD_SHADOWED');
    expect(md).toContain('_2 info findings hidden; `--verbose` shows them._');
    const verbose = report([f], { verbose: true });
    expect(verbose).toContain('[LOAD_SHADOWED]');
    expect(verbose).toContain('[TEMPLATE_PLACEHOLDER]');
    expect(verbose).not.toContain('hidden');
  });

  it('lists what could not be read, notices, and what runtimes load', () => {
    const md = report([], {
      notProcessed: [{ path: 'x|y.conflist', message: 'cannot read: <denied>' }],
      notices: [{ level: 'warning', message: 'git failed' }],
      loadOrder: [{ directory: 'net.d/', containerd: '10-a.conflist', crio: 'nothing' }],
    });
    const [notRead, loads] = tables(md);
    expect(notRead!.rows.map((r) => r.map((c) => c.text))).toEqual([['x|y.conflist', 'cannot read: &lt;denied&gt;']]);
    expect(loads!.rows.map((r) => r.map((c) => c.text))).toEqual([['net.d/', '10-a.conflist', 'nothing']]);
    expect(md).toContain('> **warning:** git failed');
    expect(report([])).toContain('No CNI config found.');
  });
});

describe('groupFiles', () => {
  it('keeps the order of first appearance and never merges a node group with a directory of its name', () => {
    const g = groupFiles([
      { path: 'b/1.conf' },
      { path: 'a/1.conf', group: 'b' },
      { path: 'b/2.conf' },
      { path: '3.conf' },
      { path: 'a/2.conf', group: '' },
    ]);
    expect(g.map((x) => [x.name, x.byDirectory, x.files.map((f) => f.path)])).toEqual([
      ['b', true, ['b/1.conf', 'b/2.conf']],
      ['b', false, ['a/1.conf']],
      ['.', true, ['3.conf']],
      ['a', true, ['a/2.conf']],
    ]);
    expect(directoryOf('/abs.conf')).toBe('/');
  });
});
