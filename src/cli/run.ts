/**
 * The CLI: `run(argv, io)` → exit code. Reads, probes, plans, renders and writes; the decisions
 * are the pure core's. Files are handled one at a time, so memory does not grow with the tree.
 */
import { resolve as resolvePath } from 'node:path';
import type { CompatData } from '../data/compat.js';
import { MatrixError } from '../knowledge/matrix.js';
import { WALKED_PATTERNS } from '../formats/registry.js';
import type { PlanContext } from '../formats/types.js';
import type { Diagnostic } from '../diagnostics.js';
import { RuntimeSpecError } from '../knowledge/runtime.js';
import { discoverFiles, displayPath, PathError, type FoundFile } from '../node/files.js';
import { LoadOrderCollector, type LoadOrderAnalysis, type NodeDirOptions } from '../node/node-dirs.js';
import { dirtyReason, GitWorktrees } from '../node/git-worktree.js';
import { decodeText, loadMatrix, planText, PluginFactsCache, processFile, type Outcome, type ProcessOptions } from '../node/process-file.js';
import { resolveContext } from '../plan.js';
import { annotationLine, githubAnnotations } from '../render/github.js';
import { jsonDiagnostic, jsonFileReport, jsonReport, type JsonFileReport, type JsonSummary } from '../render/json.js';
import { sarifLog, sarifNotification, sarifResults, type SarifNotification, type SarifResult } from '../render/sarif.js';
import { renderFileText, renderLoadOrder, renderSummary, type Totals } from '../render/text.js';
import { parseCommandLine, STDIN_NAME, type CommandOptions } from './args.js';
import { helpText } from './help.js';
import { Progress } from './progress.js';

export interface CliIO {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(s: string | Uint8Array): unknown; readonly isTTY?: boolean | undefined };
  readonly stderr: { write(s: string): unknown; readonly isTTY?: boolean | undefined };
  readonly version: string;
  /** Standard input, for `explain -` and PATH `-`; absent where there is none. */
  readonly stdin?: { readonly isTTY: boolean; read(): Promise<string>; readBytes(): Promise<Buffer> };
}

export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  // explain takes free text, not files and flags of its own kind: it parses its own arguments.
  if (argv[0] === 'explain' || (argv[0] === 'help' && argv[1] === 'explain')) {
    const args = argv[0] === 'help' ? ['--help'] : argv.slice(1);
    const stdin = io.stdin;
    const { runExplain } = await import('./explain-command.js');
    return runExplain(args, io, stdin ? () => stdin.read() : () => Promise.resolve(''), { stdinIsTTY: stdin?.isTTY ?? true });
  }
  if (argv[0] === 'verify' || (argv[0] === 'help' && argv[1] === 'verify')) {
    const { runVerify } = await import('./verify-command.js');
    return runVerify(argv[0] === 'help' ? ['--help'] : argv.slice(1), io);
  }
  if (argv[0] === 'generate' || (argv[0] === 'help' && argv[1] === 'generate')) {
    const { runGenerate } = await import('./generate-command.js');
    return runGenerate(argv[0] === 'help' ? ['--help'] : argv.slice(1), io);
  }
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
    case 'probe':
      return (await import('./probe-command.js')).runProbe(parsed.options, io);
  }
}

async function runCommand(options: CommandOptions, io: CliIO): Promise<number> {
  let context: PlanContext;
  let matrix: { file: string; added: readonly string[]; overridden: readonly string[] } | undefined;
  try {
    let data: CompatData | undefined;
    if (options.matrix !== undefined) {
      const merged = await loadMatrix(options.matrix, io.cwd);
      data = merged.data;
      matrix = { file: options.matrix, ...merged.report };
      if (options.format === 'text') {
        const said = [...merged.report.added.map((a) => `adds ${a}`), ...merged.report.overridden.map((o) => `overrides ${o}`)];
        io.stderr.write(`cni-migrate: --matrix ${options.matrix}: ${said.join('; ') || 'changes nothing'}\n`);
      }
    }
    context = resolveContext({
      ...(options.runtime === undefined ? {} : { runtime: options.runtime }),
      ...(options.targetVersion === undefined ? {} : { targetVersion: options.targetVersion }),
      plugins: { supported: options.supported, releases: options.releases, releaseSources: options.releaseSources },
      ...(data ? { data } : {}),
    });
  } catch (err) {
    if (err instanceof RuntimeSpecError || err instanceof RangeError || err instanceof MatrixError) {
      io.stderr.write(`cni-migrate: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  const facts = new PluginFactsCache(context, options);
  if (options.stdin) return runOnStdin(options, options.stdin.name, io, context, facts, matrix);
  const progress = new Progress(io.stderr, { enabled: Progress.wanted(io.stderr, io.env) && !options.quiet });
  const report = new Report(options, { ...io, stdout: progress.guard(io.stdout), stderr: progress.guard(io.stderr) }, await diffRenderer(options));
  const worktrees = new GitWorktrees();
  const processing: ProcessOptions = {
    write: options.command === 'fix',
    backup: options.backup,
    ...(options.allowDirty ? {} : { refuseWrite: (file: FoundFile) => dirtyReason(worktrees, file.absolute) }),
  };
  const patterns = WALKED_PATTERNS;
  for (const path of options.paths.length ? options.paths : ['.']) {
    try {
      const found = discoverFiles([path], {
        cwd: io.cwd,
        patterns,
        include: options.include,
        exclude: options.exclude,
        noIgnore: options.noIgnore,
        followSymlinks: options.followSymlinks,
        onWarning: (message) => report.warning(message),
      });
      for await (const file of found) {
        report.add(file, await processFile(file, processing, facts));
        progress.update(report.scanned, report.cniFiles);
      }
    } catch (err) {
      if (!(err instanceof PathError)) throw err;
      report.pathError(err.message);
    }
  }
  // What the runtimes load from each node directory, read whole (its files this run did not hold too).
  await report.analyzeLoadOrder({ globs: options.nodeDirs, base: io.cwd }, facts);
  progress.clear();
  return report.finish(context, matrix);
}

/**
 * PATH `-`: one config read from standard input. `check` and `diff` behave as for a file; `fix`
 * prints the result on stdout (the input unchanged when there is nothing to change, nothing at
 * all when it cannot be read), so the report, in any --format, goes to stderr.
 */
async function runOnStdin(
  options: CommandOptions,
  name: string,
  io: CliIO,
  context: PlanContext,
  facts: PluginFactsCache,
  matrix: { file: string; added: readonly string[]; overridden: readonly string[] } | undefined,
): Promise<number> {
  const stdin = io.stdin;
  if (!stdin || stdin.isTTY) {
    io.stderr.write(`cni-migrate: '-' reads a config from standard input, which is a terminal; pipe or redirect one into it\n`);
    return EXIT.usage;
  }
  let bytes: Buffer;
  try {
    bytes = await stdin.readBytes();
  } catch (err) {
    io.stderr.write(`cni-migrate: cannot read standard input: ${(err as Error).message}\n`);
    return EXIT.usage;
  }
  const absolute = resolvePath(io.cwd, name);
  // Shown as files are (relative to the working directory), so a diff applies there.
  const file: FoundFile = { absolute, display: name === STDIN_NAME ? name : displayPath(io.cwd, absolute), explicit: true };
  const decoded = decodeText(name, bytes);
  const planned = decoded.kind === 'text' ? await planText(name, decoded.text, facts) : decoded;
  const fixing = options.command === 'fix';
  // What fix prints is the written result: its remaining findings are the ones that count.
  const outcome = fixing && planned.kind === 'planned' && planned.plan.changed ? { ...planned, written: true } : planned;
  const report = new Report(options, fixing ? { ...io, stdout: io.stderr } : io, await diffRenderer(options));
  report.add(file, outcome, { loadOrder: false });
  if (outcome.kind === 'not-mine') io.stderr.write(`${file.display}: not a CNI config, nor a manifest holding one; nothing to ${options.command}\n`);
  // Whatever is not ours to change comes back byte for byte; what cannot be read, not at all.
  if (fixing && outcome.kind === 'planned' && !outcome.plan.fatal) io.stdout.write(outcome.plan.after);
  if (fixing && outcome.kind === 'not-mine') io.stdout.write(bytes);
  return report.finish(context, matrix);
}

/** JSON file reports with the load-order findings of each file added (and a report for a stray file). */
function withLoadOrderFindings(files: readonly JsonFileReport[], byPath: ReadonlyMap<string, readonly Diagnostic[]>): JsonFileReport[] {
  const out = files.map((f) => {
    const extra = byPath.get(f.path);
    return extra ? { ...f, diagnostics: [...f.diagnostics, ...extra.map(jsonDiagnostic)], remaining: [...f.remaining, ...extra.map(jsonDiagnostic)] } : f;
  });
  for (const [path, extra] of byPath) {
    if (files.some((f) => f.path === path)) continue;
    const diagnostics = extra.map(jsonDiagnostic);
    out.push({ path, format: null, changed: false, fatal: false, networks: [], edits: [], diagnostics, remaining: diagnostics });
  }
  return out;
}

type RenderDiff = (path: string, before: string, after: string) => string;

/** The diff renderer (and the diff library), loaded only for the command that prints diffs. */
async function diffRenderer(options: CommandOptions): Promise<RenderDiff | null> {
  return options.command === 'diff' ? (await import('../render/diff.js')).unifiedDiff : null;
}

/** Accumulates per-file results, prints them as they come, and decides the exit code. */
class Report {
  private readonly totals: Totals & { info: number } = { scanned: 0, cniFiles: 0, changed: 0, errors: 0, warnings: 0, info: 0, unreadable: 0 };
  private readonly byCode = new Map<string, number>();
  private readonly files: JsonFileReport[] = [];
  private readonly sarif: SarifResult[] = [];
  private readonly notifications: SarifNotification[] = [];
  private exit: number = EXIT.ok;
  /**
   * Findings go to stdout, except for `diff`, whose stdout is the patch alone. With sarif and
   * github, stdout carries only the log or the annotations; the summary goes to stderr.
   */
  private readonly out: CliIO['stdout'];
  private readonly log: CliIO['stdout'];
  private readonly color: boolean;

  constructor(
    private readonly options: CommandOptions,
    private readonly io: CliIO,
    private readonly renderDiff: RenderDiff | null,
  ) {
    this.out = options.command === 'diff' ? io.stderr : io.stdout;
    this.log = options.format === 'sarif' || options.format === 'github' ? io.stderr : this.out;
    this.color = options.color ?? (Boolean(this.log.isTTY) && !io.env.NO_COLOR);
  }

  private raise(code: number): void {
    this.exit = Math.max(this.exit, code);
  }

  /** Something the run could not do as asked, but worked around (stderr; a SARIF notification). */
  warning(message: string): void {
    this.io.stderr.write(`cni-migrate: warning: ${message}\n`);
    if (this.options.format === 'sarif') this.notifications.push({ ...sarifNotification(message), level: 'warning' });
  }

  pathError(message: string): void {
    this.io.stderr.write(`cni-migrate: ${message}\n`);
    if (this.options.format === 'sarif') this.notifications.push(sarifNotification(message));
    this.raise(EXIT.usage);
  }

  /**
   * Whether this file fails the run (exit 1) under --fail-on: error findings (and warnings with
   * `warning`), and for check and diff a change still to make; nothing with `never`.
   */
  private fails(findings: readonly Diagnostic[], changed: boolean): boolean {
    const { failOn, command } = this.options;
    if (failOn === 'never') return false;
    if (changed && command !== 'fix') return true;
    return findings.some((d) => d.severity === 'error' || (failOn === 'warning' && d.severity === 'warning'));
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

  get scanned(): number {
    return this.totals.scanned;
  }

  get cniFiles(): number {
    return this.totals.cniFiles;
  }

  /** A file that could not be read, or not written (exit 2): named on stderr and in SARIF/GitHub output. */
  private notProcessed(file: FoundFile, message: string): void {
    this.totals.unreadable++;
    this.io.stderr.write(`${file.display}: ${message}\n`);
    if (this.options.format === 'sarif') this.notifications.push(sarifNotification(message, { path: file.display, absolute: file.absolute }));
    if (this.options.format === 'github') this.io.stdout.write(annotationLine({ level: 'error', message, file: file.display }));
    this.raise(EXIT.usage);
  }

  /** `loadOrder: false` for text that is not in a directory a runtime lists (standard input). */
  add(file: FoundFile, outcome: Outcome, { loadOrder = true }: { loadOrder?: boolean } = {}): void {
    this.totals.scanned++;
    if (loadOrder) this.loadOrders.add(file, outcome);
    if (outcome.kind === 'not-mine') return;
    if (outcome.kind === 'unreadable') {
      this.notProcessed(file, outcome.message);
      return;
    }
    const { plan } = outcome;
    if (outcome.notWritten) this.notProcessed(file, `not written: ${outcome.notWritten}`);
    // After a write, what counts is what the written file still has (at its positions there).
    const findings = outcome.written ? plan.remaining : plan.diagnostics;
    const errors = findings.filter((d) => d.severity === 'error').length;
    this.totals.cniFiles++;
    this.tally(findings);
    if (plan.changed && !outcome.notWritten) this.totals.changed++;
    // Unreadable input (2) and internal errors (3) are never masked by --fail-on.
    if (plan.fatal) {
      this.totals.unreadable++;
      this.raise(EXIT.usage);
    }
    if (plan.diagnostics.some((d) => d.code === 'INTERNAL_VERIFY_FAILED')) this.raise(EXIT.internal);
    if (this.fails(findings, plan.changed)) this.raise(EXIT.findings);

    if (this.renderDiff && plan.changed) this.io.stdout.write(this.renderDiff(file.display, plan.before, plan.after));
    switch (this.options.format) {
      case 'json':
        this.files.push({
          ...jsonFileReport(plan, file.display),
          ...(outcome.backup ? { backup: outcome.backup } : {}),
          ...(outcome.notWritten ? { changed: false, notWritten: outcome.notWritten } : {}),
        });
        break;
      case 'sarif':
        this.sarif.push(
          ...sarifResults({ path: file.display, absolute: file.absolute, text: outcome.written ? plan.after : plan.before, findings, networks: plan.networks }),
        );
        break;
      case 'github':
        this.io.stdout.write(githubAnnotations(file.display, findings));
        break;
      case 'text':
        if (!this.options.quiet || plan.fatal || errors > 0) {
          const verb = this.options.command === 'fix' && !outcome.notWritten ? 'did' : 'would';
          this.out.write(renderFileText({ ...plan, diagnostics: findings }, file.display, { color: this.color }, verb));
          if (outcome.backup) this.out.write(`${file.display}: original kept as ${outcome.backup}\n`);
        }
    }
  }

  /** Every file a runtime would list from its directory, by directory, for the load-order analysis. */
  private readonly loadOrders = new LoadOrderCollector();
  private loadOrderAnalysis: LoadOrderAnalysis = { directories: [], findings: new Map() };

  /**
   * Analyses the node directories of the run, reading their files the run did not hold (planned
   * with the run's facts, never written). Their findings are shown with the directory; only
   * findings about the run's own files count like any other.
   */
  async analyzeLoadOrder(nodeDirs: NodeDirOptions, facts: PluginFactsCache): Promise<void> {
    this.loadOrderAnalysis = await this.loadOrders.analyze(nodeDirs, facts);
    for (const [path, findings] of this.loadOrderAnalysis.findings) {
      this.tally(findings);
      if (this.fails(findings, false)) this.raise(EXIT.findings);
      switch (this.options.format) {
        case 'sarif':
          this.sarif.push(...sarifResults({ path, absolute: this.loadOrders.absoluteOf(path) ?? path, text: '', findings, networks: [] }));
          break;
        case 'github':
          this.io.stdout.write(githubAnnotations(path, findings));
          break;
        default:
      }
    }
  }

  finish(context: PlanContext, matrix?: { file: string; added: readonly string[]; overridden: readonly string[] }): number {
    const { command, failOn, format } = this.options;
    const { directories, findings: byPath } = this.loadOrderAnalysis;
    const shown = this.options.quiet ? directories.filter((o) => o.order.findings.some((f) => f.diagnostic.severity === 'error')) : directories;
    if (format === 'text' && shown.length) this.out.write(renderLoadOrder(shown, byPath, { color: this.color }));
    if (format === 'json') {
      const t = this.totals;
      const byCode = Object.fromEntries([...this.byCode].sort(([a], [b]) => (a < b ? -1 : 1)));
      const summary: JsonSummary = {
        filesScanned: t.scanned,
        cniFiles: t.cniFiles,
        changed: t.changed,
        errors: t.errors,
        warnings: t.warnings,
        info: t.info,
        unreadable: t.unreadable,
        bySeverity: { error: t.errors, warning: t.warnings, info: t.info },
        byCode,
      };
      const files = withLoadOrderFindings(this.files, byPath);
      const loadOrder = directories.map(({ order: { findings: _f, ...o }, notInRun, notInRunFindings, unreadable }) => ({
        ...o,
        // The directory's files this run did not hold, read from disk for the analysis (never written),
        // with their load-order findings: counted in no summary, reported by the run that holds them.
        notInRun: notInRun.map((path) => ({ path, diagnostics: (notInRunFindings.get(path) ?? []).map(jsonDiagnostic) })),
        unreadable,
      }));
      this.io.stdout.write(
        jsonReport(files, summary, { command, runtime: context.runtime, targetVersion: context.targetVersion, failOn, loadOrder, ...(matrix ? { matrix } : {}) }),
      );
      return this.exit;
    }
    if (format === 'sarif') {
      const log = sarifLog({
        toolVersion: this.io.version,
        cwd: this.io.cwd,
        results: this.sarif,
        notifications: this.notifications,
        exitCode: this.exit,
        executionSuccessful: this.exit < EXIT.usage,
        properties: {
          command,
          runtime: `${context.runtime.name}@${context.runtime.version}`,
          targetVersion: context.targetVersion ?? null,
          failOn,
          ...(matrix ? { matrix } : {}),
        },
      });
      this.io.stdout.write(`${JSON.stringify(log, null, 2)}\n`);
    }
    this.log.write(renderSummary(this.totals, command, { color: this.color }));
    return this.exit;
  }
}

