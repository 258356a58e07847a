/**
 * The CLI: `run(argv, io)` → exit code. Reads, probes, plans, renders and writes; the decisions
 * are the pure core's. Files are handled one at a time, so memory does not grow with the tree.
 */
import { dirname, resolve as resolvePath } from 'node:path';
import { processPath, type MatrixReport, type WalkSettings } from '../app/pipeline.js';
import { configureRun } from './configured-run.js';
import type { PlanContext } from '../formats/types.js';
import { describeFsError, displayPath, PathError, writeTempBeside, type FoundFile } from '../io/files.js';
import { dirtyReason, GitWorktrees } from '../io/git-worktree.js';
import { nodeDirTest } from '../io/node-dirs.js';
import { decodeText, planText, type PluginFactsCache, type ProcessOptions } from '../io/process-file.js';
import { printable } from '../render/terminal.js';
import { CLI_VOCABULARY } from '../core/vocabulary.js';
import { parseCommandLine, STDIN_NAME, type CommandOptions } from './args.js';
import type { CommandWord } from './command-names.js';
import { EXIT } from './exit-codes.js';
import { helpText } from './help.js';
import { RunReport, type RenderDiff } from './run-report.js';
import { wantsColor } from './reporters/index.js';
import { Progress } from './progress.js';

export interface CliIO {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(s: string | Uint8Array): unknown; readonly isTTY?: boolean | undefined };
  readonly stderr: { write(s: string): unknown; readonly isTTY?: boolean | undefined };
  readonly version: string;
  /** Standard input, for `explain -` and PATH `-`; absent where there is none. */
  readonly stdin?: { readonly isTTY: boolean; read(): Promise<string>; readBytes(): Promise<Buffer> };
  /** Called once, when the run starts walking a directory: the process's own tuning (main.ts). */
  readonly onWalk?: () => void;
}

/** The exit codes (exit-codes.ts), exported here for the library's callers of run(). */
export { EXIT } from './exit-codes.js';

/**
 * Every command, each loaded only when it runs (start-up stays fast for the pre-commit case).
 * check, diff, fix and probe share one parser (args.ts); explain, generate, verify and readiness parse their
 * own arguments, in the same style (node's parseArgs, strict).
 */
const COMMAND_TABLE: Readonly<Record<CommandWord, (args: readonly string[], io: CliIO) => Promise<number>>> = {
  check: (args, io) => runParsed(['check', ...args], io),
  diff: (args, io) => runParsed(['diff', ...args], io),
  fix: (args, io) => runParsed(['fix', ...args], io),
  probe: (args, io) => runParsed(['probe', ...args], io),
  explain: async (args, io) => {
    const stdin = io.stdin;
    const { runExplain } = await import('./explain-command.js');
    return runExplain(args, io, stdin ? () => stdin.read() : () => Promise.resolve(''), { stdinIsTTY: stdin?.isTTY ?? true });
  },
  generate: async (args, io) => (await import('./generate-command.js')).runGenerate(args, io),
  verify: async (args, io) => (await import('./verify-command.js')).runVerify(args, io),
  readiness: async (args, io) => (await import('./readiness-command.js')).runReadiness(args, io),
};

const isCommand = (word: string | undefined): word is CommandWord => word !== undefined && Object.hasOwn(COMMAND_TABLE, word);

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === 'help' && isCommand(rest[0])) return COMMAND_TABLE[rest[0]](['--help'], io);
  if (isCommand(first)) return COMMAND_TABLE[first](rest, io);
  return runParsed(argv, io); // no command: help, --version, or an unknown command
}

/** The commands args.ts parses, and what is not a command at all. */
async function runParsed(argv: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommandLine(argv);
  switch (parsed.kind) {
    case 'help':
      io.stdout.write(helpText(parsed.command));
      return EXIT.ok;
    case 'version':
      io.stdout.write(`${io.version}\n`);
      return EXIT.ok;
    case 'usage-error':
      io.stderr.write(`cni-migrate: ${printable(parsed.message)}\nRun 'cni-migrate ${parsed.command ? `help ${parsed.command}` : '--help'}' for usage.\n`);
      return EXIT.usage;
    case 'run':
      return parsed.options.output === undefined ? runCommand(parsed.options, io) : runToFile(parsed.options, parsed.options.output, io);
    case 'probe':
      return (await import('./probe-command.js')).runProbe(parsed.options, io);
  }
}

/**
 * `-o FILE`: what the run would print on stdout (the report, or diff's patch) is written to FILE
 * when the run ends, through a temp file and a rename, so a reader never sees half a report.
 */
async function runToFile(options: CommandOptions, output: string, io: CliIO): Promise<number> {
  const chunks: string[] = [];
  const stdout = { write: (s: string | Uint8Array) => chunks.push(typeof s === 'string' ? s : Buffer.from(s).toString('utf8')), isTTY: false };
  const code = await runCommand(options, { ...io, stdout });
  const target = resolvePath(io.cwd, output);
  const { rename, unlink } = await import('node:fs/promises');
  let temp: string | undefined;
  try {
    temp = await writeTempBeside(target, chunks.join(''), 0o644);
    await rename(temp, target);
  } catch (err) {
    if (temp !== undefined) await unlink(temp).catch(() => undefined);
    io.stderr.write(`cni-migrate: ${printable(`--output ${output}: cannot write: ${describeFsError(err)}`)}\n`);
    return EXIT.usage;
  }
  return code;
}

async function runCommand(given: CommandOptions, io: CliIO): Promise<number> {
  // Where the configuration search starts: the working directory, or standard input's stated name.
  let report: RunReport | undefined;
  const near = given.stdin ? dirname(resolvePath(io.cwd, given.stdin.name)) : io.cwd;
  const configured = await configureRun(given, io.cwd, near, {
    warning: (message) => io.stderr.write(`cni-migrate: warning: ${printable(message)}\n`),
    error: (message) => report?.pathError(message),
  });
  if ('problem' in configured) {
    io.stderr.write(`cni-migrate: ${printable(configured.problem)}\n`);
    return EXIT.usage;
  }
  const { options } = configured;
  const { context, facts, matrix } = configured.home.prepared;
  if (matrix && options.format === 'text') {
    const said = [...matrix.added.map((a) => `adds ${a}`), ...matrix.overridden.map((o) => `overrides ${o}`)];
    io.stderr.write(`cni-migrate: ${printable(`--matrix ${matrix.file}: ${said.join('; ') || 'changes nothing'}`)}\n`);
  }
  if (options.stdin) return runOnStdin(options, options.stdin.name, io, context, facts, matrix);
  const progress = new Progress(io.stderr, { enabled: Progress.wanted(io.stderr, io.env) && !options.quiet });
  report = await RunReport.open(options, { ...io, stdout: progress.guard(io.stdout), stderr: progress.guard(io.stderr) }, await diffRenderer(options, io));
  const worktrees = new GitWorktrees();
  const processing: ProcessOptions = {
    write: options.command === 'fix',
    backup: options.backup,
    ...(options.allowDirty ? {} : { refuseWrite: (file: FoundFile) => dirtyReason(worktrees, file.absolute) }),
  };
  let walking = io.onWalk;
  const walk: WalkSettings = {
    ...options,
    cwd: io.cwd,
    say: CLI_VOCABULARY,
    onWarning: (message) => report.warning(message),
    onUnreadable: (message) => report.pathError(message),
    onDirectory: (absolute, names) => {
      if (walking) {
        walking();
        walking = undefined;
      }
      configured.onDirectory(absolute, names);
    },
    // A link in a node directory is read as the runtimes read it; --node-dir names more of them.
    ...(options.nodeDirs.length ? { fileLinksIn: await nodeDirTest({ globs: options.nodeDirs, base: io.cwd }) } : {}),
  };
  for (const path of options.paths.length ? options.paths : ['.']) {
    try {
      for await (const { file, outcome } of processPath(path, walk, processing, configured.factsFor)) {
        // In a git work tree a diff names files as `git diff` does, from the top of the tree, so
        // `cni-migrate diff . | git apply` works from any directory of it.
        const patchPath = options.command === 'diff' && outcome.kind === 'planned' && outcome.plan.changed ? await worktrees.pathInTree(file.absolute) : null;
        report.add(file, outcome, { patchPath: patchPath ?? undefined, group: configured.groupOf(file) });
        progress.update(report.scanned, report.cniFiles);
      }
    } catch (err) {
      if (!(err instanceof PathError)) throw err;
      report.pathError(err.message);
    }
  }
  // What the runtimes load from each node directory, read whole (its files this run did not hold too).
  await report.analyzeLoadOrder({ globs: options.nodeDirs, base: io.cwd }, configured.factsOrHome);
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
  matrix: MatrixReport | undefined,
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
    io.stderr.write(`cni-migrate: cannot read standard input: ${printable((err as Error).message)}\n`);
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
  const report = await RunReport.open(options, fixing ? { ...io, stdout: io.stderr } : io, await diffRenderer(options, io));
  report.add(file, outcome, { loadOrder: false });
  if (outcome.kind === 'not-mine') io.stderr.write(`${printable(file.display)}: not a CNI config, nor a manifest holding one; nothing to ${options.command}\n`);
  // Whatever is not ours to change comes back byte for byte; what cannot be read, not at all.
  if (fixing && outcome.kind === 'planned' && !outcome.plan.fatal) io.stdout.write(outcome.plan.after);
  if (fixing && outcome.kind === 'not-mine') io.stdout.write(bytes);
  return report.finish(context, matrix);
}

/**
 * The diff renderer (and the diff library), loaded only for the command that prints diffs; in
 * colour as git shows it when stdout is a terminal (or colour is forced), never in a pipe.
 */
async function diffRenderer(options: CommandOptions, io: CliIO): Promise<RenderDiff | null> {
  if (options.command !== 'diff') return null;
  const { unifiedDiff, colorDiff } = await import('../render/diff.js');
  return wantsColor(options, io, io.stdout) ? (path, before, after) => colorDiff(unifiedDiff(path, before, after)) : unifiedDiff;
}
