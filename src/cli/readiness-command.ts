/**
 * `cni-migrate readiness FACTS.json`: the fleet readiness report from the facts the readiness
 * playbook (ansible/playbooks/readiness.yml) gathers, as a self-contained HTML page, Markdown
 * and JSON. Reads one file, runs nothing, writes only the files named (each atomically).
 */
import { readFile, rename, unlink } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { describeFsError, writeTempBeside } from '../io/files.js';
import { buildReadiness, type ReadinessFacts, type ReadinessReport } from '../render/readiness-model.js';
import { renderReadinessHtml } from '../render/readiness-html.js';
import { renderReadinessMarkdown } from '../render/readiness-markdown.js';
import { printable } from '../render/terminal.js';
import { parseOptions } from './parse-options.js';
import type { CliIO } from './run.js';
import { EXIT } from './exit-codes.js';

export function readinessHelpText(): string {
  return `Usage: cni-migrate readiness FACTS.json [--html FILE] [--markdown FILE] [--json FILE]

Turns the facts the readiness playbook (cni_migrate.cni.readiness) gathers on a fleet into one
report: per node group, a nodes x checks matrix (runtime, target, plugin binaries, configs,
containerd's loopback, what the runtime loads) with ok, warning or blocking in each cell and a
verdict per node (ready, ready with warnings, blocked), then each node's probed plugin binaries,
configs and findings with their fix and a link to docs/diagnostics.md. The HTML page is
self-contained: no request leaves it, its columns sort on click. Without an output option the
Markdown is printed. Runs nothing; writes only the files named.

Examples:
  cni-migrate readiness cni-readiness/facts.json --html cni-readiness/report.html
  cni-migrate readiness facts.json --markdown readiness.md --json readiness.json

Options:
  --html FILE                write the HTML page to FILE
  --markdown FILE            write the Markdown report to FILE
  --json FILE                write the report as JSON (the judged checks, per node) to FILE
  -h, --help                 show this help

Exit codes:
  0  the report was written (whatever the verdicts)
  2  usage error, or FACTS.json cannot be read or is not the playbook's facts`;
}

export async function runReadiness(args: readonly string[], io: CliIO): Promise<number> {
  const result = parseOptions({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: { html: { type: 'string' }, markdown: { type: 'string' }, json: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const usage = (problem: string): number => {
    io.stderr.write(`cni-migrate: ${printable(problem)}\nRun 'cni-migrate help readiness' for usage.\n`);
    return EXIT.usage;
  };
  if ('problem' in result) return usage(result.problem);
  const { values, positionals } = result.parsed;
  if (values.help) {
    io.stdout.write(`${readinessHelpText()}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) return usage(positionals.length ? `one facts file, got ${positionals.length}` : 'name the facts file the readiness playbook wrote');
  const factsFile = positionals[0]!;
  let facts: ReadinessFacts;
  try {
    facts = readinessFacts(JSON.parse(await readFile(resolvePath(io.cwd, factsFile), 'utf8')));
  } catch (err) {
    const why = err instanceof SyntaxError || err instanceof FactsError ? err.message : describeFsError(err);
    io.stderr.write(`cni-migrate: ${printable(`${factsFile}: ${why}`)}\n`);
    return EXIT.usage;
  }
  const report = buildReadiness(facts);
  const outputs: [string | undefined, (r: ReadinessReport) => string][] = [
    [values.html, renderReadinessHtml],
    [values.markdown, renderReadinessMarkdown],
    [values.json, (r) => `${JSON.stringify(r, null, 2)}\n`],
  ];
  if (outputs.every(([file]) => file === undefined)) {
    io.stdout.write(renderReadinessMarkdown(report));
    return EXIT.ok;
  }
  for (const [file, render] of outputs) {
    if (file === undefined) continue;
    const problem = await writeWhole(resolvePath(io.cwd, file), render(report));
    if (problem) {
      io.stderr.write(`cni-migrate: ${printable(`${file}: cannot write: ${problem}`)}\n`);
      return EXIT.usage;
    }
  }
  const t = report.totals;
  io.stderr.write(`${printable(`${report.nodes.length} nodes: ${t.ready} ready, ${t['ready with warnings']} ready with warnings, ${t.blocked} blocked`)}\n`);
  return EXIT.ok;
}

class FactsError extends Error {}

/** The facts file's shape, checked where the report relies on it; node results are read defensively. */
function readinessFacts(value: unknown): ReadinessFacts {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(value)) throw new FactsError('not the readiness playbook\'s facts: expected an object with "target" and "nodes"');
  if (typeof value.target !== 'string') throw new FactsError('"target" must be a runtime such as containerd@2.1.0');
  if (!Array.isArray(value.nodes)) throw new FactsError('"nodes" must be a list');
  value.nodes.forEach((n: unknown, i) => {
    if (!isObject(n) || typeof n.name !== 'string') throw new FactsError(`nodes[${i}] must be an object with a "name"`);
    if (n.groups !== undefined && !(Array.isArray(n.groups) && n.groups.every((g) => typeof g === 'string'))) throw new FactsError(`nodes[${i}].groups must be a list of group names`);
    for (const run of ['current', 'target']) if (n[run] !== undefined && n[run] !== null && !isObject(n[run])) throw new FactsError(`nodes[${i}].${run} must be the module's result`);
  });
  return value as unknown as ReadinessFacts;
}

/** Through a temp file and a rename, so a reader never sees half a report. */
async function writeWhole(target: string, text: string): Promise<string | null> {
  let temp: string | undefined;
  try {
    temp = await writeTempBeside(target, text, 0o644);
    await rename(temp, target);
    return null;
  } catch (err) {
    if (temp !== undefined) await unlink(temp).catch(() => undefined);
    return describeFsError(err);
  }
}
