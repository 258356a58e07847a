/**
 * The CLI: `run(argv, io)` → exit code. Reads, probes, plans, renders and writes; the decisions
 * are the pure core's. Files are handled one at a time, so memory does not grow with the tree.
 */
import { readFile } from 'node:fs/promises';
import { FORMATS } from '../formats/registry.js';
import type { PlanContext } from '../formats/types.js';
import type { PendingDiagnostic } from '../diagnostics.js';
import type { SupportFact } from '../knowledge/plugin-support.js';
import { RuntimeSpecError } from '../knowledge/runtime.js';
import { DEFAULT_PROBE_TIMEOUT_MS, probePlugins } from '../node/probe.js';
import { discoverFiles, PathError, writeFileAtomic, type FoundFile } from '../node/files.js';
import { analyzeFile, planAnalyzed, pluginTypesOf, resolveContext, type FilePlan } from '../plan.js';
import { unifiedDiff } from '../render/diff.js';
import { jsonFileReport, jsonReport, type JsonFileReport } from '../render/json.js';
import { renderFileText, renderSummary, type Totals } from '../render/text.js';
import { parseCommandLine, type CommandOptions } from './args.js';
import { helpText } from './help.js';

export interface CliIO {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(s: string): unknown; readonly isTTY?: boolean | undefined };
  readonly stderr: { write(s: string): unknown; readonly isTTY?: boolean | undefined };
  readonly version: string;
}

export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommandLine(argv);
  switch (parsed.kind) {
    case 'help':
      io.stdout.write(helpText(parsed.command));
      return EXIT.ok;
    case 'version':
      io.stdout.write(`${io.version}\n`);
      return EXIT.ok;
    case 'usage-error':
      io.stderr.write(`cni-migrate: ${parsed.message}\nRun 'cni-migrate ${parsed.command ? `help ${parsed.command}` : '--help'}' for usage.\n`);
      return EXIT.usage;
    case 'run':
      return runCommand(parsed.options, io);
  }
}

async function runCommand(options: CommandOptions, io: CliIO): Promise<number> {
  let context: PlanContext;
  try {
    context = resolveContext({
      ...(options.runtime === undefined ? {} : { runtime: options.runtime }),
      ...(options.targetVersion === undefined ? {} : { targetVersion: options.targetVersion }),
      plugins: { supported: options.supported, releases: options.releases },
    });
  } catch (err) {
    if (err instanceof RuntimeSpecError || err instanceof RangeError) {
      io.stderr.write(`cni-migrate: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  const color = options.color ?? (Boolean(io.stdout.isTTY) && !io.env.NO_COLOR);
  const errColor = options.color ?? (Boolean(io.stderr.isTTY) && !io.env.NO_COLOR);
  const facts = new PluginFactsCache(context, options);
  const totals: Totals = { scanned: 0, cniFiles: 0, changed: 0, errors: 0, warnings: 0, unreadable: 0 };
  const reports: JsonFileReport[] = [];
  let exit: number = EXIT.ok;
  const raise = (code: number): void => void (exit = Math.max(exit, code));
  // Findings go to stdout, except for `diff`, whose stdout is the patch alone.
  const report = options.command === 'diff' ? io.stderr : io.stdout;
  const reportColor = options.command === 'diff' ? errColor : color;

  const patterns = FORMATS.flatMap((f) => f.patterns);
  for (const path of options.paths.length ? options.paths : ['.']) {
    try {
      for await (const file of discoverFiles([path], {
        cwd: io.cwd,
        patterns,
        include: options.include,
        exclude: options.exclude,
        noIgnore: options.noIgnore,
      })) {
        totals.scanned++;
        const outcome = await processFile(file, options, facts);
        if (outcome.kind === 'unreadable') {
          totals.unreadable++;
          io.stderr.write(`${file.display}: ${outcome.message}\n`);
          raise(EXIT.usage);
          continue;
        }
        const { plan } = outcome;
        // After a write, what counts is what the written file still has.
        const remaining = outcome.written ? plan.remaining : null;
        if (plan.format === null) continue;
        totals.cniFiles++;
        if (plan.fatal) {
          totals.unreadable++;
          raise(EXIT.usage);
        }
        if (plan.diagnostics.some((d) => d.code === 'INTERNAL_VERIFY_FAILED')) raise(EXIT.internal);
        if (plan.changed) totals.changed++;
        const counted = remaining ?? plan.diagnostics;
        const errors = counted.filter((d) => d.severity === 'error').length;
        totals.errors += errors;
        totals.warnings += counted.filter((d) => d.severity === 'warning').length;
        if (errors > 0 || (plan.changed && options.command !== 'fix')) raise(EXIT.findings);

        if (options.command === 'diff' && plan.changed) io.stdout.write(unifiedDiff(file.display, plan.before, plan.after));
        if (options.format === 'json') reports.push(jsonFileReport(plan, file.display));
        else if (!options.quiet || plan.fatal || errors > 0) {
          // After fix, report what the written file still has (its positions), beside what changed.
          const shown = remaining ? { ...plan, diagnostics: remaining } : plan;
          report.write(renderFileText(shown, file.display, { color: reportColor }, options.command === 'fix' ? 'did' : 'would'));
        }
      }
    } catch (err) {
      if (!(err instanceof PathError)) throw err;
      io.stderr.write(`cni-migrate: ${err.message}\n`);
      raise(EXIT.usage);
    }
  }

  if (options.format === 'json') {
    io.stdout.write(
      jsonReport(
        reports,
        { filesScanned: totals.scanned, cniFiles: totals.cniFiles, changed: totals.changed, errors: totals.errors, warnings: totals.warnings, unreadable: totals.unreadable },
        { command: options.command, runtime: context.runtime, targetVersion: context.targetVersion },
      ),
    );
  } else {
    report.write(renderSummary(totals, options.command, { color: reportColor }));
  }
  return exit;
}

type Outcome =
  | { readonly kind: 'unreadable'; readonly message: string }
  | { readonly kind: 'planned'; readonly plan: FilePlan; readonly written: boolean };

async function processFile(file: FoundFile, options: CommandOptions, facts: PluginFactsCache): Promise<Outcome> {
  let text: string;
  try {
    const bytes = await readFile(file.absolute);
    if (bytes.includes(0)) return file.explicit && /\.(conflist|conf)$/i.test(file.absolute) ? { kind: 'unreadable', message: 'binary file, not a CNI config' } : { kind: 'planned', plan: notMine(file), written: false };
    text = bytes.toString('utf8');
  } catch (err) {
    return { kind: 'unreadable', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  const analyzed = analyzeFile({ path: file.display, text });
  const context = await facts.contextFor(pluginTypesOf(analyzed));
  const plan = planAnalyzed(analyzed, context);
  if (options.command !== 'fix' || !plan.changed) return { kind: 'planned', plan, written: false };
  try {
    await writeFileAtomic(file.absolute, plan.after, text);
  } catch (err) {
    return { kind: 'unreadable', message: `not written: ${(err as Error).message}` };
  }
  return { kind: 'planned', plan, written: true };
}

function notMine(file: FoundFile): FilePlan {
  return { path: file.display, format: null, networks: [], edits: [], diagnostics: [], before: '', after: '', changed: false, fatal: false, remaining: [] };
}

/**
 * Probes each plugin type at most once per run (when --bin-dir is given) and merges the results
 * with the flags: an explicit `--plugin TYPE=...` wins over a probe, which wins over the data.
 */
class PluginFactsCache {
  private readonly probed: Record<string, SupportFact> = {};
  private readonly problems: Record<string, PendingDiagnostic[]> = {};
  private readonly done = new Set<string>();
  private context: PlanContext;

  constructor(
    private readonly base: PlanContext,
    private readonly options: CommandOptions,
  ) {
    this.context = base;
  }

  async contextFor(types: readonly string[]): Promise<PlanContext> {
    const binDir = this.options.binDir;
    if (binDir === undefined) return this.base;
    const missing = types.filter((t) => !this.done.has(t) && !(t in this.options.supported));
    if (missing.length === 0) return this.context;
    const result = await probePlugins(binDir, missing, { timeoutMs: this.options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS });
    for (const t of missing) this.done.add(t);
    Object.assign(this.probed, result.supported);
    Object.assign(this.problems, result.problems);
    this.context = {
      ...this.base,
      plugins: {
        ...this.base.plugins,
        supported: { ...this.probed, ...this.options.supported },
        problems: { ...this.problems },
      },
    };
    return this.context;
  }
}
