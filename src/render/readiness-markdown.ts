/**
 * The readiness report in Markdown (a pull request, a ticket, a wiki page): one matrix per node
 * group, then each node that is not plainly ready with its findings, fixes and docs links. Every
 * string from a node goes through `markdownText`.
 */
import { markdownText as md } from './markdown.js';
import { READINESS_CHECKS, type CheckStatus, type ReadinessReport, type Verdict } from './readiness-model.js';

const STATUS_MARK: Record<CheckStatus, string> = { ok: '✅ ok', warning: '⚠️ warning', blocking: '⛔ blocking', 'n/a': '— n/a' };
const VERDICT_MARK: Record<Verdict, string> = { ready: '✅ ready', 'ready with warnings': '⚠️ ready with warnings', blocked: '⛔ blocked' };

export function renderReadinessMarkdown(report: ReadinessReport): string {
  const target = report.target.runtime ? `${report.target.runtime.name} ${report.target.runtime.version}` : report.target.spec;
  const t = report.totals;
  const out: string[] = [`# CNI readiness for ${md(target)}`, ''];
  out.push(`${report.nodes.length} node${report.nodes.length === 1 ? '' : 's'}: ${t.ready} ready, ${t['ready with warnings']} ready with warnings, ${t.blocked} blocked.${report.generated ? ` Gathered ${md(report.generated)}.` : ''}`, '');
  if (report.target.error !== null) out.push(`**Target ${md(report.target.spec)}: ${md(report.target.error)}**`, '');
  const byName = new Map(report.nodes.map((n) => [n.name, n]));
  for (const group of report.groups) {
    out.push(`## ${md(group.name)}`, '');
    out.push(`| Node | Verdict | ${READINESS_CHECKS.map((c) => c.title).join(' | ')} |`, `|${' --- |'.repeat(READINESS_CHECKS.length + 2)}`);
    for (const name of group.nodes) {
      const n = byName.get(name)!;
      out.push(`| ${md(n.name)} | ${VERDICT_MARK[n.verdict]} | ${READINESS_CHECKS.map((c) => `${STATUS_MARK[n.cells[c.id].status]}: ${md(n.cells[c.id].summary)}`).join(' | ')} |`);
    }
    out.push('');
  }
  const open = report.nodes.filter((n) => n.verdict !== 'ready');
  if (open.length) out.push('## What to do', '');
  for (const n of open) {
    out.push(`### ${md(n.name)}: ${n.verdict}`, '');
    for (const c of READINESS_CHECKS) {
      const cell = n.cells[c.id];
      if (cell.status !== 'warning' && cell.status !== 'blocking') continue;
      out.push(`- **${c.title}** (${cell.status}): ${md(cell.summary)}`, ...cell.details.map((d) => `  - ${md(d)}`));
    }
    const findings = n.findings.filter((f) => f.status === 'warning' || f.status === 'blocking');
    if (findings.length) {
      out.push('', '| Status | Code | Where | Finding | Fix |', '| --- | --- | --- | --- | --- |');
      for (const f of findings) {
        const code = f.docs ? `[${md(f.code)}](${f.docs})` : md(f.code);
        out.push(`| ${STATUS_MARK[f.status]} | ${code} | ${md(`${f.path}${f.line === null ? '' : `:${f.line}`}`)} | ${md(f.message)} | ${md(f.fix)} |`);
      }
    }
    out.push('');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
