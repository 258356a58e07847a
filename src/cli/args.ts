/**
 * Command-line parsing: argv → a typed command, or a usage error with a message. No I/O.
 */
import { unknownCommand } from './command-names.js';
import { parseOptions } from './parse-options.js';
import type { SupportFact } from '../knowledge/plugin-support.js';
import { parsePluginFlags } from '../knowledge/plugin-flags.js';
import { isSpecVersion } from '../core/spec-versions.js';

export type CommandName = 'check' | 'diff' | 'fix' | 'probe';

/** The commands that plan files; `probe` only asks plugin binaries. */
export type PlanCommandName = Exclude<CommandName, 'probe'>;

/** `names` is `-l, --list-different`: only the names of the files that change. */
export type OutputFormat = 'text' | 'json' | 'sarif' | 'github' | 'markdown' | 'names';

/** Which findings make the exit code 1: `error` (the default), `warning` and errors, or `never`. */
export type FailOn = 'error' | 'warning' | 'never';

export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'never'];

export interface CommandOptions {
  readonly command: PlanCommandName;
  readonly paths: readonly string[];
  /** The first --runtime given (undefined: the default runtime). */
  readonly runtime: string | undefined;
  /** Every --runtime given, in order: the files must work on each (a fleet mid-upgrade). */
  readonly runtimes: readonly string[];
  /**
   * --cni-versions: write a spec 1.1.0 `cniVersions` array for the newer runtimes of the fleet;
   * false for --no-cni-versions; undefined: as the project configuration says (off without one).
   */
  readonly cniVersions: boolean | undefined;
  readonly targetVersion: string | undefined;
  readonly binDir: string | undefined;
  readonly probeTimeoutMs: number | undefined;
  readonly supported: Readonly<Record<string, SupportFact>>;
  readonly releases: Readonly<Record<string, string>>;
  readonly releaseSources: Readonly<Record<string, string>>;
  /** A file of compatibility facts to add to or override the built-in data. */
  readonly matrix: string | undefined;
  /** fix: keep each original beside it (Ansible-style name) before rewriting it. */
  readonly backup: boolean;
  /** Follow symbolic links found in a walk even where they point outside the walked tree. */
  readonly followSymlinks: boolean;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly noIgnore: boolean;
  /**
   * Globs (relative to the working directory, or absolute) of directories that are node config
   * directories besides those named `net.d`: only those get a load-order analysis.
   */
  readonly nodeDirs: readonly string[];
  /**
   * Read one config from standard input instead of files (PATH `-`), shown and typed (.conf,
   * .conflist, .yaml...) as this name. `fix` then prints the result instead of writing a file.
   */
  readonly stdin: { readonly name: string } | undefined;
  /** fix: rewrite files even when git has not recorded all of their content. */
  readonly allowDirty: boolean;
  readonly format: OutputFormat;
  /** `-o FILE`: the report (or the patch) goes to FILE, written whole when the run ends. */
  readonly output?: string | undefined;
  readonly failOn: FailOn;
  /** `--config FILE`: this project configuration for every file; null for `--no-config`; undefined: search up from each file. */
  readonly config: string | null | undefined;
  /** The long names of the options given on the command line: they win over a configuration. */
  readonly given: ReadonlySet<string>;
  readonly color: boolean | undefined;
  readonly quiet: boolean;
  /** `--verbose`: the text and Markdown reports also show info findings (otherwise counted in one line). */
  readonly verbose?: boolean;
  /** `--compact`: the text report is one table per node group or directory, errors in full. */
  readonly compact?: boolean;
}

/** `cni-migrate probe`: which plugin binaries are in a directory and what each accepts. */
export interface ProbeCommandOptions {
  readonly command: 'probe';
  /** The directory to list; `/opt/cni/bin` unless --bin-dir says otherwise. */
  readonly binDir: string;
  readonly runtime: string | undefined;
  readonly probeTimeoutMs: number | undefined;
  readonly format: 'text' | 'json';
}

/** Where runtimes look for plugin binaries unless configured otherwise. */
export const DEFAULT_BIN_DIR = '/opt/cni/bin';

export type ParsedArgs =
  | { readonly kind: 'run'; readonly options: CommandOptions }
  | { readonly kind: 'probe'; readonly options: ProbeCommandOptions }
  | { readonly kind: 'help'; readonly command: CommandName | null }
  | { readonly kind: 'version' }
  | { readonly kind: 'usage-error'; readonly message: string; readonly command: CommandName | null };

/** The commands parsed here; explain, generate and verify parse their own arguments (run.ts). */
const COMMANDS: readonly CommandName[] = ['check', 'diff', 'fix', 'probe'];

export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    return { kind: 'help', command: COMMANDS.includes(topic as CommandName) ? (topic as CommandName) : null };
  }
  if (first === '-V' || first === '--version') return { kind: 'version' };
  if (!COMMANDS.includes(first as CommandName)) {
    return { kind: 'usage-error', message: unknownCommand(first), command: null };
  }
  if (first === 'probe') return parseProbe(rest);
  const command = first as PlanCommandName;
  const result = parseOptions({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        runtime: { type: 'string', multiple: true },
        'cni-versions': { type: 'boolean' },
        'no-cni-versions': { type: 'boolean' },
        'target-version': { type: 'string' },
        'bin-dir': { type: 'string' },
        'probe-timeout': { type: 'string' },
        plugin: { type: 'string', multiple: true },
        matrix: { type: 'string' },
        backup: { type: 'boolean' },
        'follow-symlinks': { type: 'boolean' },
        include: { type: 'string', multiple: true },
        exclude: { type: 'string', multiple: true },
        'no-ignore': { type: 'boolean' },
        'node-dir': { type: 'string', multiple: true },
        'stdin-filepath': { type: 'string' },
        'allow-dirty': { type: 'boolean' },
        format: { type: 'string' },
        'fail-on': { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        verbose: { type: 'boolean' },
        compact: { type: 'boolean' },
        'list-different': { type: 'boolean', short: 'l' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string' },
        'no-config': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  if ('problem' in result) return { kind: 'usage-error', message: result.problem, command };
  const { parsed } = result;
  const v = parsed.values;
  if (v.help) return { kind: 'help', command };
  const error = (message: string): ParsedArgs => ({ kind: 'usage-error', message, command });

  if (v['list-different'] && command === 'diff') return error('--list-different lists the files check or fix would change; diff prints the change itself');
  if (v['list-different'] && v.format !== undefined) return error(`--list-different prints file names only; it cannot be combined with --format ${v.format}`);
  const format = v['list-different'] ? 'names' : (v.format ?? 'text');
  // diff's stdout is the patch: a SARIF log, annotations or a Markdown report cannot share it.
  const formats: readonly OutputFormat[] = command === 'diff' ? ['text', 'json'] : ['text', 'json', 'sarif', 'github', 'markdown'];
  if (format !== 'names' && !formats.includes(format as OutputFormat)) {
    return error(`--format must be ${formats.slice(0, -1).join(', ')} or ${formats.at(-1)}${command === 'diff' ? ' for diff (use check for sarif, github or markdown)' : ''}, got "${format}"`);
  }
  if (v.compact && format !== 'text') return error(`--compact shapes the text report; it cannot be combined with ${format === 'names' ? '--list-different' : `--format ${format}`}`);
  if (v.verbose && v.quiet) return error('--verbose and --quiet cannot be combined');
  const failOn = v['fail-on'] ?? 'error';
  if (!FAIL_ON.includes(failOn as FailOn)) return error(`--fail-on must be error, warning or never, got "${failOn}"`);
  const target = v['target-version'];
  if (target !== undefined && !isSpecVersion(target)) return error(`--target-version "${target}" is not a released CNI spec version`);
  const probeTimeoutMs = parseProbeTimeout(v['probe-timeout']);
  if (typeof probeTimeoutMs === 'string') return error(probeTimeoutMs);
  const facts = parsePluginFlags(v.plugin ?? []);
  if (typeof facts === 'string') return error(facts);
  const stdin = stdinOf(parsed.positionals, v['stdin-filepath']);
  if (typeof stdin === 'string') return error(stdin);
  if (v.output !== undefined && v.output.trim() === '') return error('--output needs a file name');
  if (v.output !== undefined && stdin && command === 'fix') return error('--output cannot be combined with fix on standard input, whose stdout is the fixed file');
  const nodeDirs = v['node-dir'] ?? [];
  if (nodeDirs.some((g) => g.trim() === '')) return error('--node-dir needs a glob of directories (such as nodes/*/cni)');
  if (v['cni-versions'] && v['no-cni-versions']) return error('--cni-versions and --no-cni-versions cannot be combined');
  if (v.config !== undefined && v['no-config']) return error('--config FILE and --no-config cannot be combined');
  if (v.config !== undefined && v.config.trim() === '') return error('--config needs a file name');

  return {
    kind: 'run',
    options: {
      command,
      paths: stdin ? [] : parsed.positionals,
      runtime: v.runtime?.[0],
      runtimes: v.runtime ?? [],
      cniVersions: v['no-cni-versions'] ? false : v['cni-versions'],
      targetVersion: target,
      binDir: v['bin-dir'],
      probeTimeoutMs,
      supported: facts.supported,
      releases: facts.releases,
      releaseSources: facts.releaseSources,
      matrix: v.matrix,
      backup: v.backup ?? false,
      followSymlinks: v['follow-symlinks'] ?? false,
      include: v.include ?? [],
      exclude: v.exclude ?? [],
      noIgnore: v['no-ignore'] ?? false,
      nodeDirs,
      stdin,
      allowDirty: v['allow-dirty'] ?? false,
      format: format as OutputFormat,
      failOn: failOn as FailOn,
      config: v['no-config'] ? null : v.config,
      given: new Set(Object.keys(v)),
      color: v['no-color'] ? false : v.color,
      quiet: v.quiet ?? false,
      verbose: v.verbose ?? false,
      compact: v.compact ?? false,
      output: v.output,
    },
  };
}

/**
 * PATH `-` reads standard input (prettier-style); `--stdin-filepath NAME` names it (the name
 * decides .conf/.conflist/manifest handling and is what the report and diff show) and implies
 * `-` when no PATH is given.
 */
/** What standard input is called when --stdin-filepath does not name it. */
export const STDIN_NAME = '<stdin>';

function stdinOf(positionals: readonly string[], name: string | undefined): { name: string } | undefined | string {
  const dash = positionals.includes('-');
  if (!dash && name === undefined) return undefined;
  if (positionals.some((p) => p !== '-') || positionals.length > 1) {
    return name === undefined ? "'-' (standard input) cannot be combined with other paths" : '--stdin-filepath reads standard input: give no other PATH';
  }
  if (name === '') return '--stdin-filepath needs a file name';
  return { name: name ?? STDIN_NAME };
}

function parseProbe(args: readonly string[]): ParsedArgs {
  const error = (message: string): ParsedArgs => ({ kind: 'usage-error', message, command: 'probe' });
  const result = parseOptions({
      args: [...args],
      allowPositionals: false,
      strict: true,
      options: {
        'bin-dir': { type: 'string' },
        runtime: { type: 'string' },
        format: { type: 'string' },
        'probe-timeout': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  if ('problem' in result) return error(result.problem);
  const { parsed } = result;
  const v = parsed.values;
  if (v.help) return { kind: 'help', command: 'probe' };
  const format = v.format ?? 'text';
  if (format !== 'text' && format !== 'json') return error(`--format must be text or json for probe, got "${format}"`);
  const probeTimeoutMs = parseProbeTimeout(v['probe-timeout']);
  if (typeof probeTimeoutMs === 'string') return error(probeTimeoutMs);
  const binDir = v['bin-dir'] ?? DEFAULT_BIN_DIR;
  if (binDir === '') return error('--bin-dir needs a directory');
  return { kind: 'probe', options: { command: 'probe', binDir, runtime: v.runtime, probeTimeoutMs, format } };
}

function parseProbeTimeout(value: string | undefined): number | undefined | string {
  if (value === undefined) return undefined;
  const ms = Number(value);
  return Number.isInteger(ms) && ms > 0 ? ms : '--probe-timeout takes a whole number of milliseconds';
}
