/**
 * The readiness report as one self-contained HTML page: inline CSS and script, nothing loaded at
 * view time (a Content-Security-Policy allows only this page's own style and script, by hash),
 * the only addresses in it the docs links. Every string from a node goes through `escapeHtml`,
 * so a hostile file name or plugin output is shown as text, never run.
 */
import { createHash } from 'node:crypto';
import { READINESS_CHECKS, type CheckCell, type CheckStatus, type NodeReadiness, type ReadinessReport, type Verdict } from './readiness-model.js';

/** Text for HTML text content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const e = escapeHtml;
const VERDICT_RANK: Record<Verdict, number> = { ready: 0, 'ready with warnings': 1, blocked: 2 };
const STATUS_RANK: Record<CheckStatus, number> = { 'n/a': -1, ok: 0, warning: 1, blocking: 2 };
const verdictClass = (v: Verdict): string => (v === 'ready' ? 'ok' : v === 'blocked' ? 'blocking' : 'warning');
const statusClass = (s: CheckStatus): string => (s === 'n/a' ? 'na' : s);

const STYLE = `
:root { font-family: system-ui, sans-serif; color: #1b1f24; background: #fff; }
body { margin: 1.5rem; max-width: 90rem; }
h1 { font-size: 1.4rem; margin: 0 0 .3rem; } h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; } h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
.meta { color: #57606a; margin: 0 0 .8rem; }
table { border-collapse: collapse; margin: .3rem 0 .8rem; font-size: .9rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
thead th button { all: unset; cursor: pointer; font-weight: 600; }
thead th button::after { content: " ↕"; color: #8c959f; }
thead th[aria-sort="ascending"] button::after { content: " ↑"; color: #1b1f24; }
thead th[aria-sort="descending"] button::after { content: " ↓"; color: #1b1f24; }
.ok { background: #dafbe1; } .warning { background: #fff8c5; } .blocking { background: #ffebe9; } .na { background: #f6f8fa; color: #57606a; }
.badge { display: block; font-weight: 600; font-size: .72rem; text-transform: uppercase; letter-spacing: .03em; color: #57606a; }
table.matrix { width: 100%; table-layout: fixed; }
table.matrix td.verdict { font-weight: 600; }
.pill { display: inline-block; padding: 0 .5em; border-radius: 1em; font-weight: 600; }
details { border: 1px solid #d0d7de; border-radius: 6px; padding: .4rem .8rem; margin: .5rem 0; }
summary { cursor: pointer; font-weight: 600; }
code, .mono { font-family: ui-monospace, monospace; font-size: .85rem; overflow-wrap: anywhere; }
ul.details { margin: 0; padding-left: 1.1rem; }
`;

// Sorts a matrix by the clicked column: numbers (data-rank) when the cells have them, text otherwise.
const SCRIPT = `
document.querySelectorAll('table.matrix').forEach(function (table) {
  table.querySelectorAll('thead th').forEach(function (th, col) {
    var button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', function () {
      var descending = th.getAttribute('aria-sort') === 'ascending';
      table.querySelectorAll('thead th').forEach(function (other) { other.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (row) {
        var cell = row.cells[col];
        var rank = cell.getAttribute('data-rank');
        return rank === null ? cell.textContent.trim().toLowerCase() : Number(rank);
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = x < y ? -1 : x > y ? 1 : 0;
        if (order === 0) order = a.cells[0].textContent < b.cells[0].textContent ? -1 : 1;
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
`;

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The page. */
export function renderReadinessHtml(report: ReadinessReport): string {
  const title = `CNI readiness for ${report.target.runtime ? `${report.target.runtime.name} ${report.target.runtime.version}` : report.target.spec}`;
  const index = new Map(report.nodes.map((n, i) => [n.name, i]));
  const byName = new Map(report.nodes.map((n) => [n.name, n]));
  const t = report.totals;
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Nothing but this page's own style and script; no request leaves the page.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${hash(STYLE)}; script-src ${hash(SCRIPT)}; img-src 'none'; base-uri 'none'; form-action 'none'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${e(title)}</h1>`,
    `<p class="meta">${e(`${report.nodes.length} node${report.nodes.length === 1 ? '' : 's'}: `)}<span class="pill ok">${t.ready} ready</span> <span class="pill warning">${t['ready with warnings']} ready with warnings</span> <span class="pill blocking">${t.blocked} blocked</span>${report.generated ? e(` · gathered ${report.generated}`) : ''}</p>`,
    `<p class="meta">${report.target.runtime ? e(`Target ${report.target.spec}: libcni ${report.target.runtime.libcni}, configs up to cniVersion ${report.target.runtime.max_config_version}${report.target.runtime.name === 'containerd' && report.target.runtime.loopback_config_version ? `, built-in loopback network at ${report.target.runtime.loopback_config_version}` : ''}.`) : `<strong>${e(`Target ${report.target.spec}: ${report.target.error}`)}</strong>`}</p>`,
  ];
  for (const group of report.groups) {
    out.push(`<section class="group" data-group="${e(group.name)}">`, `<h2>${e(group.name)}</h2>`);
    out.push(`<table class="matrix" data-group="${e(group.name)}">`, '<thead><tr>');
    out.push('<th scope="col"><button type="button">Node</button></th>', '<th scope="col"><button type="button">Verdict</button></th>');
    for (const c of READINESS_CHECKS) out.push(`<th scope="col" data-check="${c.id}" title="${e(c.description)}"><button type="button">${e(c.title)}</button></th>`);
    out.push('</tr></thead>', '<tbody>');
    for (const name of group.nodes) {
      const n = byName.get(name)!;
      out.push(`<tr data-node="${e(n.name)}">`);
      out.push(`<th scope="row"><a href="#node-${index.get(n.name)}">${e(n.name)}</a></th>`);
      out.push(`<td class="verdict ${verdictClass(n.verdict)}" data-rank="${VERDICT_RANK[n.verdict]}">${e(n.verdict)}</td>`);
      for (const c of READINESS_CHECKS) out.push(matrixCell(c.id, n.cells[c.id]));
      out.push('</tr>');
    }
    out.push('</tbody>', '</table>', '</section>');
  }
  out.push('<h2>Nodes</h2>');
  report.nodes.forEach((n, i) => out.push(...nodeSection(n, i)));
  out.push(
    '<h2>Checks</h2>',
    '<table><thead><tr><th>Check</th><th>What it means</th></tr></thead><tbody>',
    ...READINESS_CHECKS.map((c) => `<tr><th scope="row">${e(c.title)}</th><td>${e(c.description)}</td></tr>`),
    '</tbody></table>',
    '<p class="meta">ok: nothing to do · warning: ready, with something to look at · blocking: fix it before the upgrade.</p>',
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
  );
  return `${out.join('\n')}\n`;
}

function matrixCell(check: string, c: CheckCell): string {
  const title = c.details.length ? ` title="${e(c.details.join('\n'))}"` : '';
  return `<td class="${statusClass(c.status)}" data-check="${check}" data-status="${c.status}" data-rank="${STATUS_RANK[c.status]}"${title}><span class="badge">${e(c.status)}</span> ${e(c.summary)}</td>`;
}

function nodeSection(n: NodeReadiness, i: number): string[] {
  const out = [`<details id="node-${i}" data-node="${e(n.name)}"${n.verdict === 'ready' ? '' : ' open'}>`, `<summary>${e(n.name)} <span class="pill ${verdictClass(n.verdict)}">${e(n.verdict)}</span>${n.groups.length ? ` <span class="meta">${e(n.groups.join(', '))}</span>` : ''}</summary>`];
  out.push('<table><thead><tr><th>Check</th><th>Status</th><th>Details</th></tr></thead><tbody>');
  for (const c of READINESS_CHECKS) {
    const cell = n.cells[c.id];
    out.push(`<tr><th scope="row">${e(c.title)}</th><td class="${statusClass(cell.status)}">${e(cell.status)}</td><td>${e(cell.summary)}${cell.details.length ? `<ul class="details">${cell.details.map((d) => `<li class="mono">${e(d)}</li>`).join('')}</ul>` : ''}</td></tr>`);
  }
  out.push('</tbody></table>');
  if (n.probes.length) {
    out.push('<h3>Plugin binaries</h3>', '<table><thead><tr><th>Type</th><th>Binary</th><th>Accepts</th></tr></thead><tbody>');
    for (const p of n.probes) out.push(`<tr><td class="mono">${e(p.type)}</td><td class="mono">${e(p.binary)}</td><td class="${p.accepts ? 'ok' : 'blocking'}">${e(p.accepts ? p.accepts.join(', ') : (p.problem?.message ?? 'no answer'))}</td></tr>`);
    out.push('</tbody></table>');
  }
  if (n.networks.length) {
    const loaded = new Set(n.loads.filter((l) => l.file).map((l) => `${l.directory}/${l.file}`));
    out.push('<h3>Configs on the target</h3>', '<table><thead><tr><th>File</th><th>Network</th><th>cniVersion</th><th>On the target</th><th>Plugins</th><th>Loaded</th></tr></thead><tbody>');
    for (const c of n.networks) {
      out.push(`<tr><td class="mono">${e(c.path)}</td><td>${e(c.name ?? '')}</td><td class="mono">${e(c.cni_version ?? '(none)')}</td><td class="mono${c.planned_version === c.cni_version ? '' : ' warning'}">${e(c.planned_version ?? '(none possible)')}</td><td class="mono">${e(c.plugins.join(', '))}</td><td>${loaded.has(c.path) ? 'yes' : ''}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  const shown = n.findings.filter((f) => f.severity !== 'info' || f.status !== 'ok');
  if (shown.length) {
    out.push('<h3>Findings</h3>', '<table><thead><tr><th>Status</th><th>Code</th><th>Where</th><th>Finding</th><th>Fix</th></tr></thead><tbody>');
    for (const f of shown) {
      const code = f.docs ? `<a href="${e(f.docs)}" rel="noreferrer noopener" target="_blank">${e(f.code)}</a>` : e(f.code);
      out.push(`<tr><td class="${statusClass(f.status)}">${e(f.status)}</td><td class="mono">${code}</td><td class="mono">${e(`${f.path}${f.line === null ? '' : `:${f.line}`}`)}</td><td>${e(f.message)}</td><td>${e(f.fix)}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  out.push('</details>');
  return out;
}
