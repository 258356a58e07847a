/**
 * One run's account: it counts files and findings, decides the exit code, prints the patch for
 * `diff` and the stderr lines every format shares, and hands each result to the reporter of the
 * run's --format (reporters/), which renders it.
 */
import type { Diagnostic } from '../core/diagnostics.js';
import { holdsCniConfig } from '../core/plan.js';
import type { PlanContext } from '../formats/types.js';
import type { FoundFile } from '../io/files.js';
import { LoadOrderCollector, type NodeDirOptions } from '../io/node-dirs.js';
import type { Outcome, PluginFactsCache } from '../io/process-file.js';
import { printable } from '../render/terminal.js';
import type { Totals } from '../render/text.js';
import type { CommandOptions } from './args.js';
import { exitCode, failsRun } from './exit-codes.js';
import { reporterFor } from './reporters/index.js';
import type { Reporter, RunSummary } from './reporters/reporter.js';
import type { CliIO } from './run.js';

export type RenderDiff = (path: string, before: string, after: string) => string;

export class RunReport {
  private readonly totals: Totals & { info: number } = {
    scanned: 0,
    cniFiles: 0,
    changed: 0,
    errors: 0,
    warnings: 0,
    info: 0,
    unreadable: 0,
  };
  private readonly byCode = new Map<string, number>();
  private readonly facts = {
    internalError: false,
    notProcessed: false,
    failing: false,
  };
  private readonly reporter: Reporter;
  /** Every file a runtime would list from its directory, by directory, for the load-order analysis. */
  private readonly loadOrders: LoadOrderCollector;

  /** A run's report, with the reporter of its --format loaded. */
  static async open(options: CommandOptions, io: CliIO, renderDiff: RenderDiff | null): Promise<RunReport> {
    return new RunReport(options, io, renderDiff, await reporterFor(options, io));
  }

  private constructor(
    private readonly options: CommandOptions,
    private readonly io: CliIO,
    private readonly renderDiff: RenderDiff | null,
    reporter: Reporter,
  ) {
    this.reporter = reporter;
    this.loadOrders = new LoadOrderCollector({ nodeDirs: { globs: options.nodeDirs, base: io.cwd } });
  }

  get scanned(): number {
    return this.totals.scanned;
  }

  get cniFiles(): number {
    return this.totals.cniFiles;
  }

  /** Something the run could not do as asked, but worked around. */
  warning(message: string): void {
    this.io.stderr.write(`cni-migrate: warning: ${printable(message)}\n`);
    this.reporter.notice(message, 'warning');
  }

  /** A PATH that cannot be used (exit 2). */
  pathError(message: string): void {
    this.io.stderr.write(`cni-migrate: ${printable(message)}\n`);
    this.reporter.notice(message, 'error');
    this.facts.notProcessed = true;
  }

  /** Counts findings into the totals by severity and by code. */
  private tally(findings: readonly Diagnostic[]): void {
    for (const d of findings) {
      if (d.severity === 'error') this.totals.errors++;
      else if (d.severity === 'warning') this.totals.warnings++;
      else this.totals.info++;
      this.byCode.set(d.code, (this.byCode.get(d.code) ?? 0) + 1);
    }
  }

  /** A file that could not be read, or not written (exit 2). */
  private notProcessed(file: FoundFile, message: string): void {
    this.totals.unreadable++;
    this.io.stderr.write(`${printable(file.display)}: ${printable(message)}\n`);
    this.reporter.notProcessed(file, message);
    this.facts.notProcessed = true;
  }

  /** `loadOrder: false` for text that is not in a directory a runtime lists (standard input). */
  /**
   * `patchPath`: the path a diff names the file by, when it is not the displayed one (relative to
   * the top of the git work tree, as `git apply` reads it). `group`: the node group the file
   * belongs to (a project config's `overrides:` name); grouped reports use its directory without one.
   */
  add(
    file: FoundFile,
    outcome: Outcome,
    { loadOrder = true, patchPath, group }: { loadOrder?: boolean; patchPath?: string | undefined; group?: string | undefined } = {},
  ): void {
    this.totals.scanned++;
    if (loadOrder) this.loadOrders.add(file, outcome);
    if (outcome.kind === 'not-mine') {
      if (outcome.note) this.warning(outcome.note);
      return;
    }
    if (outcome.kind === 'unreadable') {
      this.notProcessed(file, outcome.message);
      return;
    }
    const { plan } = outcome;
    if (outcome.notWritten) this.notProcessed(file, `not written: ${outcome.notWritten}`);
    // After a write, what counts is what the written file still has (at its positions there).
    const findings = outcome.written ? plan.remaining : plan.diagnostics;
    if (holdsCniConfig(plan)) this.totals.cniFiles++;
    this.tally(findings);
    if (plan.changed && !outcome.notWritten) this.totals.changed++;
    if (plan.fatal) {
      this.totals.unreadable++;
      this.facts.notProcessed = true;
    }
    if (plan.diagnostics.some((d) => d.code === 'INTERNAL_VERIFY_FAILED')) this.facts.internalError = true;
    if (failsRun(findings, plan.changed, this.options)) this.facts.failing = true;
    if (this.renderDiff && plan.changed) this.io.stdout.write(this.renderDiff(patchPath ?? file.display, plan.before, plan.after));
    this.reporter.file({
      file,
      plan,
      findings,
      backup: outcome.backup,
      notWritten: outcome.notWritten,
      written: Boolean(outcome.written),
      ...(group !== undefined ? { group } : {}),
    });
  }

  /**
   * Analyses the node directories of the run, reading their files the run did not hold (planned
   * with the run's facts, never written). Their findings are shown with the directory; only
   * findings about the run's own files count like any other.
   */
  async analyzeLoadOrder(nodeDirs: NodeDirOptions, facts: PluginFactsCache | ((file: FoundFile) => Promise<PluginFactsCache>)): Promise<void> {
    const analysis = await this.loadOrders.analyze(nodeDirs, facts);
    for (const findings of analysis.findings.values()) {
      this.tally(findings);
      if (failsRun(findings, false, this.options)) this.facts.failing = true;
    }
    // A symbolic link in a walked directory is part of what was asked about, though the walk does
    // not list links: what the runtimes make of it (a dangling link aborts containerd) counts too.
    for (const { order, notInRunFindings } of analysis.directories) {
      for (const link of order.links) {
        const findings = notInRunFindings.get(order.directory === '.' ? link.file : `${order.directory}/${link.file}`) ?? [];
        this.tally(findings);
        if (failsRun(findings, false, this.options)) this.facts.failing = true;
      }
    }
    this.reporter.loadOrder(analysis, (path) => this.loadOrders.absoluteOf(path));
  }

  finish(context: PlanContext, matrix?: RunSummary['matrix']): number {
    const code = exitCode(this.facts);
    this.reporter.finish({
      totals: this.totals,
      byCode: this.byCode,
      exitCode: code,
      context,
      matrix,
    });
    return code;
  }
}
