/**
 * The readiness report end to end: Debian's real ansible-playbook runs the collection's readiness
 * playbook over three local nodes (real plugin binaries, stand-in runtimes): one ready, one ready
 * with warnings, one blocked. The report it writes on the control node is then opened in Debian's
 * headless Chromium (playwright-core, no browser download): the rendered matrix must say what the
 * gathered facts say, sort on a click, run no script a node supplied and load nothing; and the
 * nodes must be byte for byte, time for time, as they were.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, repoRoot, scratchDirs } from '../helpers/cli.js';
import { localNode, nodeTrap, treeState, type LocalNode } from '../helpers/ansible-nodes.js';
import { ansible, collectionsPath, type AnsibleRun } from '../helpers/ansible-run.js';
import type { ReadinessFacts, ReadinessReport } from '../../src/render/readiness-model.js';

const { temp } = scratchDirs(afterAll, 'cni-migrate-readiness-');
const WORKER = join(repoRoot, 'fixtures', 'example', 'nodes', 'worker', 'etc', 'cni', 'net.d');
const TARGET = 'containerd@2.1.0';
/** A config whose file name is markup: the report must show it as text. */
const HOSTILE = '<img src=x onerror=window.__pwned=1>.conf';

const worker = (): Record<string, string> => ({
  '10-containerd-net.conflist': readFileSync(join(WORKER, '10-containerd-net.conflist'), 'utf8'),
  '99-loopback.conf': readFileSync(join(WORKER, '99-loopback.conf'), 'utf8'),
});

/** The worker's configs as `cni-migrate fix` leaves them for the target: nothing left to change there. */
function fixedForTarget(): Record<string, string> {
  const dir = temp();
  cpSync(WORKER, dir, { recursive: true });
  const r = cli(['fix', '.', '--bin-dir', '/usr/lib/cni', '--runtime', TARGET], dir);
  expect(r.code, r.stderr).toBe(0);
  return { '10-containerd-net.conflist': readFileSync(join(dir, '10-containerd-net.conflist'), 'utf8'), '99-loopback.conf': readFileSync(join(dir, '99-loopback.conf'), 'utf8') };
}

interface Gathered {
  readonly nodes: readonly LocalNode[];
  readonly run: AnsibleRun;
  readonly out: string;
  readonly before: Record<string, Record<string, string>>;
  readonly trapUsed: string;
}

let gathered: Gathered;
let browser: Browser;

beforeAll(async () => {
  const trap = nodeTrap(temp);
  const nodes = [
    localNode('alpha', temp, trap.dir, { configs: fixedForTarget(), runtime: { binary: 'containerd', says: 'containerd github.com/containerd/containerd v2.0.5 fb4c30d4ede3531652d86197bf3fc9515e5276d9' } }),
    localNode('bravo', temp, trap.dir, { configs: worker(), runtime: { binary: 'containerd', says: 'containerd github.com/containerd/containerd v1.7.13 7c3aca7a610df76212171d200ca3811ff6096eb8' } }),
    localNode('charlie', temp, trap.dir, {
      configs: { ...worker(), [HOSTILE]: '{ "cniVersion": "1.0.0", "name": "lo-<b>bold</b>", "type": "loopback" }\n' },
      runtime: { binary: 'crio', says: 'crio version 1.24.1\ncommit: 0eec454168e381e460b3d6de07bf50bfd9b0d082' },
      without: ['portmap'],
    }),
  ];
  const [alpha, bravo, charlie] = nodes as [LocalNode, LocalNode, LocalNode];
  const inventory = join(temp(), 'inventory');
  writeFileSync(inventory, `[workers]\n${alpha.line}\n${bravo.line}\n\n[edge]\n${charlie.line}\n\n[k8s_nodes:children]\nworkers\nedge\n`);
  const before = Object.fromEntries(nodes.map((n) => [n.name, treeState(n.root)]));
  const out = join(temp(), 'report');
  const extra = { ansible_become: false, cni_target: TARGET, cni_readiness_dir: out, cni_readiness_cli: [process.execPath, join(repoRoot, 'bin', 'cni-migrate.js')] };
  const run = await ansible('ansible-playbook', ['-i', inventory, 'cni_migrate.cni.readiness', '-e', JSON.stringify(extra)], { home: temp(), collections: collectionsPath(temp()) });
  gathered = { nodes, run, out, before, trapUsed: trap.used };
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  // READINESS_FACTS_OUT=FILE keeps the gathered facts, each node's root taken out of its paths (as
  // on a real node), with a fixed date: how fixtures/readiness/facts.json is made.
  const keep = process.env.READINESS_FACTS_OUT;
  if (keep && gathered) {
    let text = readFileSync(join(gathered.out, 'facts.json'), 'utf8');
    for (const n of gathered.nodes) text = text.split(n.root).join('');
    const kept = { ...(JSON.parse(text) as ReadinessFacts), generated: '2026-12-01T09:00:00Z' };
    writeFileSync(keep, `${JSON.stringify(kept, null, 2)}\n`);
  }
});

const facts = (): ReadinessFacts => JSON.parse(readFileSync(join(gathered.out, 'facts.json'), 'utf8')) as ReadinessFacts;
const report = (): ReadinessReport => JSON.parse(readFileSync(join(gathered.out, 'report.json'), 'utf8')) as ReadinessReport;

describe('the readiness playbook', { timeout: 120_000 }, () => {
  it('runs, gathers each node facts on its own runtime and on the target, and writes the HTML, Markdown and JSON reports on the control node', () => {
    const { run, out } = gathered;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const f of ['facts.json', 'report.html', 'report.md', 'report.json']) expect(existsSync(join(out, f)), f).toBe(true);
    const byName = Object.fromEntries(facts().nodes.map((n) => [n.name, n]));
    expect(facts().target).toBe(TARGET);
    expect(byName.alpha!.groups).toEqual(expect.arrayContaining(['k8s_nodes', 'workers']));
    expect(byName.alpha!.current!.node_runtime).toMatchObject({ binary: 'containerd', runtime: 'containerd@2.0.5' });
    expect(byName.charlie!.current!.node_runtime).toMatchObject({ binary: 'crio', runtime: 'cri-o@1.24.1' });
    expect(byName.alpha!.target!.runtime).toMatchObject({ name: 'containerd', version: '2.1.0' });
    // The probes are the real binaries' answers, by their paths on the node.
    const loopback = byName.bravo!.target!.probes!.find((p) => p.type === 'loopback')!;
    expect(loopback).toMatchObject({ binary: join(gathered.nodes[1]!.binDir, 'loopback'), accepts: expect.arrayContaining(['0.3.1', '1.0.0']), problem: null });
    expect(byName.charlie!.target!.probes!.find((p) => p.type === 'portmap')).toMatchObject({ accepts: null, problem: { code: 'PLUGIN_BINARY_MISSING' } });
  });

  it('judges one node ready, one ready with warnings, one blocked, grouped by their inventory groups', () => {
    const r = report();
    const verdicts = Object.fromEntries(r.nodes.map((n) => [n.name, n.verdict]));
    expect(verdicts).toEqual({ alpha: 'ready', bravo: 'ready with warnings', charlie: 'blocked' });
    expect(r.groups).toEqual([
      { name: 'edge', nodes: ['charlie'] },
      { name: 'workers', nodes: ['alpha', 'bravo'] },
    ]);
    const cells = Object.fromEntries(r.nodes.map((n) => [n.name, Object.fromEntries(Object.entries(n.cells).map(([k, c]) => [k, c.status]))]));
    expect(cells.alpha).toEqual({ runtime: 'ok', target: 'ok', plugins: 'ok', configs: 'ok', loopback: 'ok', load: 'ok' });
    expect(cells.bravo).toMatchObject({ runtime: 'ok', target: 'ok', plugins: 'ok', configs: 'warning', loopback: 'ok' });
    // CRI-O to containerd is a change of runtime; its portmap binary is missing and the loaded network needs it.
    expect(cells.charlie).toMatchObject({ runtime: 'ok', target: 'warning', plugins: 'blocking' });
    const missing = r.nodes.find((n) => n.name === 'charlie')!.findings.find((f) => f.code === 'PLUGIN_BINARY_MISSING')!;
    expect(missing).toMatchObject({ status: 'blocking', docs: 'https://github.com/cni-migrate/cni-migrate/blob/main/docs/diagnostics.md#plugin_binary_missing' });
    expect(missing.fix).toMatch(/Install the plugin binary/);
  });

  it('wrote nothing on the nodes, and ran no Node.js there', () => {
    for (const n of gathered.nodes) expect(treeState(n.root), n.name).toEqual(gathered.before[n.name]);
    expect(existsSync(gathered.trapUsed), 'node was run on a node').toBe(false);
  });

  it('renders in headless Chromium as the facts say: verdicts and cells per node, sortable columns, no injected markup, nothing loaded', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const url = `file://${join(gathered.out, 'report.html')}`;
    await page.goto(url);

    const read = (group: string) =>
      page.$$eval(`table.matrix[data-group="${group}"] tbody tr`, (rows) =>
        rows.map((row) => ({
          node: row.querySelector('th')!.textContent!.trim(),
          verdict: row.querySelector('td.verdict')!.textContent!.trim(),
          cells: Object.fromEntries([...row.querySelectorAll('td[data-check]')].map((td) => [td.getAttribute('data-check'), { status: td.getAttribute('data-status'), text: td.textContent!.trim() }])),
        })),
      );
    const shown = [...(await read('workers')), ...(await read('edge'))];
    const r = report();
    const f = facts();
    expect(shown.map((s) => s.node).sort()).toEqual(f.nodes.map((n) => n.name).sort());
    for (const row of shown) {
      const judged = r.nodes.find((n) => n.name === row.node)!;
      expect(row.verdict, row.node).toBe(judged.verdict);
      for (const [check, cell] of Object.entries(judged.cells)) expect(row.cells[check], `${row.node} ${check}`).toEqual({ status: cell.status, text: `${cell.status} ${cell.summary}` });
      // The runtime cell names what the node's runtime binary said.
      const said = f.nodes.find((n) => n.name === row.node)!.current!.node_runtime!.runtime!;
      expect(row.cells.runtime!.text).toContain(said.split('@')[1]);
    }
    expect(shown.find((s) => s.node === 'charlie')!.cells.plugins!.text).toMatch(/1 missing/);

    // Sorting: the workers' table is by name (alpha, bravo); Verdict puts the worst first on the second click.
    const order = () => page.$$eval('table.matrix[data-group="workers"] tbody tr th', (ths) => ths.map((th) => th.textContent!.trim()));
    expect(await order()).toEqual(['alpha', 'bravo']);
    const verdictHeader = page.locator('table.matrix[data-group="workers"] thead th', { hasText: 'Verdict' });
    await verdictHeader.locator('button').click();
    expect(await verdictHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await order()).toEqual(['alpha', 'bravo']);
    await verdictHeader.locator('button').click();
    expect(await verdictHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await order()).toEqual(['bravo', 'alpha']);
    await page.locator('table.matrix[data-group="workers"] thead th', { hasText: 'Node' }).locator('button').click();
    expect(await order()).toEqual(['alpha', 'bravo']);

    // The hostile file name is text on the page, not an element, and its handler never ran.
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    expect(await page.locator('body').textContent()).toContain(HOSTILE);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    const shot = await page.screenshot({ fullPage: true });
    expect(shot.subarray(1, 4).toString('latin1')).toBe('PNG');
    await page.close();
  });

  it('writes a Markdown report with the same verdicts, escaped', () => {
    const md = readFileSync(join(gathered.out, 'report.md'), 'utf8');
    expect(md).toMatch(/^# CNI readiness for containerd 2\.1\.0\n/);
    expect(md).toMatch(/\| alpha \| ✅ ready \|/);
    expect(md).toMatch(/\| bravo \| ⚠️ ready with warnings \|/);
    expect(md).toMatch(/\| charlie \| ⛔ blocked \|/);
    expect(md).toContain('(https://github.com/cni-migrate/cni-migrate/blob/main/docs/diagnostics.md#plugin_binary_missing)');
    expect(md).not.toContain('<img');
  });
});

describe('the readiness playbook without a target', { timeout: 120_000 }, () => {
  it('stops before it touches a node, and says what to give', async () => {
    const trap = nodeTrap(temp);
    const n = localNode('alpha', temp, trap.dir, { configs: worker(), runtime: { binary: 'containerd', says: 'containerd github.com/containerd/containerd v2.0.5 fb4c30d4' } });
    const inventory = join(temp(), 'inventory');
    writeFileSync(inventory, `[k8s_nodes]\n${n.line}\n`);
    const before = treeState(n.root);
    const out = join(temp(), 'report');
    const run = await ansible('ansible-playbook', ['-i', inventory, 'cni_migrate.cni.readiness', '-e', JSON.stringify({ ansible_become: false, cni_readiness_dir: out })], { home: temp(), collections: collectionsPath(temp()) });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('name the runtime the fleet moves to, such as -e cni_target=containerd@2.1.0');
    expect(run.stdout).not.toContain('Judge the configs');
    expect(existsSync(out)).toBe(false);
    expect(treeState(n.root)).toEqual(before);
  });
});
