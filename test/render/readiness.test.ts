/**
 * The readiness report's model and renderers, on the facts a real readiness playbook run gathered
 * (fixtures/readiness/facts.json: alpha ready, bravo ready with warnings, charlie blocked) and on
 * variations of them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTICS_DOC_URL } from '../../src/render/docs-links.js';
import { buildReadiness, groupNodes, READINESS_CHECKS, type ReadinessFacts, type ReadinessNodeFacts, type ReadinessRun } from '../../src/render/readiness-model.js';
import { escapeHtml, renderReadinessHtml } from '../../src/render/readiness-html.js';
import { renderReadinessMarkdown } from '../../src/render/readiness-markdown.js';

const FACTS = JSON.parse(readFileSync(new URL('../../fixtures/readiness/facts.json', import.meta.url), 'utf8')) as ReadinessFacts;
const clone = (): ReadinessFacts => structuredClone(FACTS);
const node = (facts: ReadinessFacts, name: string): ReadinessNodeFacts & { target: ReadinessRun; current: ReadinessRun } => facts.nodes.find((n) => n.name === name) as never;
const statuses = (facts: ReadinessFacts, name: string): Record<string, string> => Object.fromEntries(Object.entries(buildReadiness(facts).nodes.find((n) => n.name === name)!.cells).map(([k, c]) => [k, c.status]));

/** Alpha's loopback binary, as if it accepted only these versions. */
const loopbackAccepts = (facts: ReadinessFacts, versions: readonly string[]): void => {
  Object.assign(node(facts, 'alpha').target.probes!.find((p) => p.type === 'loopback')!, { accepts: versions });
};

/** Every string under `value`, with `payload` appended. */
function poisoned<T>(value: T, payload: string): T {
  if (typeof value === 'string') return `${value}${payload}` as T;
  if (Array.isArray(value)) return value.map((v) => poisoned(v, payload)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poisoned(v, payload)])) as T;
  return value;
}

describe('the readiness model', () => {
  it('judges the gathered fleet: a verdict per node from its worst check', () => {
    const report = buildReadiness(FACTS);
    expect(report.nodes.map((n) => [n.name, n.verdict])).toEqual([
      ['alpha', 'ready'],
      ['bravo', 'ready with warnings'],
      ['charlie', 'blocked'],
    ]);
    expect(report.totals).toEqual({ ready: 1, 'ready with warnings': 1, blocked: 1 });
    expect(report.target).toMatchObject({ spec: 'containerd@2.1.0', runtime: { name: 'containerd', version: '2.1.0', max_config_version: '1.1.0', loopback_config_version: '0.3.1' }, error: null });
    expect(statuses(FACTS, 'bravo')).toEqual({ runtime: 'ok', target: 'ok', plugins: 'ok', configs: 'warning', loopback: 'ok', load: 'ok' });
    expect(statuses(FACTS, 'charlie')).toMatchObject({ target: 'warning', plugins: 'blocking', configs: 'blocking' });
    const bravo = report.nodes.find((n) => n.name === 'bravo')!;
    expect(bravo.cells.configs.details).toContain('/etc/cni/net.d/99-loopback.conf: cniVersion (none) → 1.0.0');
    expect(bravo.loads).toEqual([{ directory: '/etc/cni/net.d', file: '10-containerd-net.conflist' }]);
  });

  it('blocks a node whose plugin binary rejects the cniVersion a config has on the target', () => {
    const facts = clone();
    loopbackAccepts(facts, ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0']);
    const alpha = buildReadiness(facts).nodes.find((n) => n.name === 'alpha')!;
    expect(alpha.cells.plugins).toMatchObject({ status: 'blocking', summary: '1 rejecting of 4' });
    expect(alpha.cells.plugins.details[0]).toMatch(/^loopback does not accept 1\.0\.0, which lo needs/);
    expect(alpha.verdict).toBe('blocked');
  });

  it("checks containerd's loopback network against the loopback binary: 1.0.0 for containerd 1.6.3, none for CRI-O", () => {
    const facts = { ...clone(), target: 'containerd@1.6.3' };
    expect(statuses(facts, 'alpha').loopback).toBe('ok');
    loopbackAccepts(facts, ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0']);
    const alpha = buildReadiness(facts).nodes.find((n) => n.name === 'alpha')!;
    expect(alpha.cells.loopback).toMatchObject({ status: 'blocking', summary: 'rejects 1.0.0' });
    expect(statuses({ ...clone(), target: 'cri-o@1.24.1' }, 'alpha').loopback).toBe('n/a');
  });

  it('blocks every node when the target is not in the data, and a node that gave no facts', () => {
    const unknown = buildReadiness({ ...clone(), target: 'containerd@1.3.0' });
    expect(unknown.target).toMatchObject({ runtime: null, error: expect.stringContaining('no compatibility data for containerd 1.3.0') });
    expect(unknown.nodes.map((n) => n.verdict)).toEqual(['blocked', 'blocked', 'blocked']);
    const facts = clone();
    (facts.nodes as ReadinessNodeFacts[]).push({ name: 'delta', groups: ['k8s_nodes', 'edge'], current: null, target: null });
    const delta = buildReadiness(facts).nodes.find((n) => n.name === 'delta')!;
    expect(delta).toMatchObject({ verdict: 'blocked', cells: { runtime: { status: 'blocking', summary: 'no facts' }, configs: { status: 'blocking' } } });
    const failed = clone();
    node(failed, 'alpha').target = { failed: true, msg: 'path must be absolute' } as ReadinessRun as never;
    expect(buildReadiness(failed).nodes[0]!.cells.configs.details).toEqual(['the module failed: path must be absolute']);
  });

  it('warns when a node runs no runtime it can name, or a newer one than the target', () => {
    const facts = clone();
    (node(facts, 'alpha').current as { node_runtime: unknown }).node_runtime = null;
    (node(facts, 'bravo').current as { node_runtime: unknown }).node_runtime = { binary: 'containerd', output: 'containerd github.com/containerd/containerd v2.2.1 abc', runtime: 'containerd@2.2.1' };
    expect(statuses(facts, 'alpha')).toMatchObject({ runtime: 'warning' });
    const bravo = buildReadiness(facts).nodes.find((n) => n.name === 'bravo')!;
    expect(bravo.cells.target).toMatchObject({ status: 'warning' });
    expect(bravo.cells.target.details.at(-1)).toMatch(/newer than the target: a downgrade/);
  });

  it('groups nodes by the groups that tell them apart', () => {
    expect(groupNodes([{ name: 'a', groups: ['k8s_nodes', 'workers'] }, { name: 'b', groups: ['k8s_nodes', 'edge', 'workers'] }, { name: 'c', groups: ['k8s_nodes'] }])).toEqual([
      { name: 'edge', nodes: ['b'] },
      { name: 'workers', nodes: ['a', 'b'] },
      { name: 'ungrouped', nodes: ['c'] },
    ]);
    expect(groupNodes([{ name: 'a', groups: ['k8s_nodes'] }, { name: 'b', groups: ['k8s_nodes'] }])).toEqual([{ name: 'k8s_nodes', nodes: ['a', 'b'] }]);
    expect(groupNodes([{ name: 'a', groups: [] }])).toEqual([{ name: 'ungrouped', nodes: ['a'] }]);
  });
});

describe('the HTML report', () => {
  const html = renderReadinessHtml(buildReadiness(FACTS));

  it('holds one sortable matrix per group, a row per node with its verdict and a cell per check', () => {
    const tables = [...html.matchAll(/<table class="matrix" data-group="([^"]*)">([\s\S]*?)<\/table>/g)];
    expect(tables.map((t) => t[1])).toEqual(['edge', 'workers']);
    const workers = tables[1]![2]!;
    expect([...workers.matchAll(/<th scope="col"[^>]*><button type="button">([^<]*)<\/button><\/th>/g)].map((m) => m[1])).toEqual(['Node', 'Verdict', 'Runtime', 'Target', 'Plugins', 'Configs', 'Loopback', 'Loads']);
    const bravo = /<tr data-node="bravo">([\s\S]*?)<\/tr>/.exec(workers)![1]!;
    expect(bravo).toContain('<td class="verdict warning" data-rank="1">ready with warnings</td>');
    expect([...bravo.matchAll(/data-check="(\w+)" data-status="([^"]+)"/g)].map((m) => `${m[1]}=${m[2]}`)).toEqual(['runtime=ok', 'target=ok', 'plugins=ok', 'configs=warning', 'loopback=ok', 'load=ok']);
    // The sorting script: a click on a header sorts its table by that column.
    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    expect(script).toContain("addEventListener('click'");
    expect(script).toContain('aria-sort');
    expect(script).toContain('data-rank');
  });

  it('links each finding to its section of docs/diagnostics.md, with the fix', () => {
    expect(html).toContain(`<a href="${DIAGNOSTICS_DOC_URL}#plugin_binary_missing" rel="noreferrer noopener" target="_blank">PLUGIN_BINARY_MISSING</a>`);
    expect(html).toContain('Install the plugin binary in the bin directory before the upgrade');
  });

  it('loads nothing: no external resource, only the docs links, and a policy that allows only its own inline style and script', () => {
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    // Attribute values (escaped: they hold no quote) set aside, no tag has a src.
    expect(html.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]*\ssrc=/i);
    expect(html).not.toMatch(/url\(/i);
    for (const m of html.matchAll(/https?:\/\/[^"'\s<)]+/g)) expect(m[0].startsWith(`${DIAGNOSTICS_DOC_URL}#`), m[0]).toBe(true);
    const sha = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(html).toContain(`content="default-src 'none'; style-src ${sha(style)}; script-src ${sha(script)};`);
  });

  it('escapes every string a node supplies: names, paths, plugin output, messages', () => {
    const payload = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`;
    const facts = { ...FACTS, nodes: poisoned(FACTS.nodes, payload) };
    const out = renderReadinessHtml(buildReadiness(facts));
    expect(out.match(/<script/g)).toHaveLength(1);
    expect(out).not.toContain('<img');
    expect(out).not.toContain('onerror=alert(2)>');
    expect(out).toContain(escapeHtml(payload));
    // Attribute values cannot be closed from inside either.
    expect(out).toContain(`data-node="alpha${escapeHtml(payload)}"`);
    const md = renderReadinessMarkdown(buildReadiness(facts));
    expect(md).not.toMatch(/<(script|img)/);
    expect(escapeHtml(`<a href="x">'&`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;');
  });
});

describe('the Markdown report', () => {
  it('has a matrix per group, and what to do for each node that is not plainly ready, with docs links', () => {
    const md = renderReadinessMarkdown(buildReadiness(FACTS));
    expect(md.split('\n').filter((l) => l.startsWith('## '))).toEqual(['## edge', '## workers', '## What to do']);
    expect(md).toContain('| alpha | ✅ ready | ✅ ok: containerd 2.0.5 |');
    expect(md).toContain('### bravo: ready with warnings');
    expect(md).not.toContain('### alpha');
    expect(md).toContain(`[PLUGIN\\_BINARY\\_MISSING](${DIAGNOSTICS_DOC_URL}#plugin_binary_missing)`);
    expect(md).toContain('&lt;img src=x onerror=window.\\_\\_pwned=1&gt;.conf');
  });
});

describe('docs/readiness.md', () => {
  const doc = readFileSync(new URL('../../docs/readiness.md', import.meta.url), 'utf8');

  it("explains every check, and every variable the playbook reads", () => {
    for (const c of READINESS_CHECKS) expect(doc, c.title).toContain(`| **${c.title}** |`);
    const play = readFileSync(new URL('../../ansible/playbooks/readiness.yml', import.meta.url), 'utf8');
    const registered = new Set([...play.matchAll(/register: (\w+)/g)].map((m) => m[1]!));
    const variables = new Set([...play.matchAll(/\b(cni_[a-z_]+)\b/g)].map((m) => m[1]!).filter((v) => v !== 'cni_migrate' && !registered.has(v)));
    expect([...variables].sort()).toEqual(['cni_bin_dir', 'cni_path', 'cni_readiness_cli', 'cni_readiness_dir', 'cni_target']);
    for (const v of variables) expect(doc, v).toContain(`| \`${v}\` |`);
  });
});
