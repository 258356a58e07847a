/**
 * The Ansible module's logic: validated arguments in, Ansible's result object out. It runs the
 * pipeline `cni-migrate fix` runs (discover, probe once per plugin type, plan, back up, write
 * atomically) with Ansible's semantics on top: check mode reports and writes nothing, diff mode
 * returns each file's before and after, and an unreadable file fails the task before anything
 * is written.
 */
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { processPath, type RunSettings, type WalkSettings } from '../app/pipeline.js';
import { SettingsByFile, SettingsError, type FileRun } from '../app/settings-by-file.js';
import { runWideNotGiven } from '../config/run-wide.js';
import { ConfigError, type ProjectConfig, type RunWideSettings } from '../config/types.js';
import { ConfigFinder, loadConfigFile } from '../io/config-files.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { PlanContext } from '../formats/types.js';
import { parsePluginFlags } from '../knowledge/plugin-flags.js';
import { PathError, type FoundFile } from '../io/files.js';
import { dirtyReason, GitWorktrees } from '../io/git-worktree.js';
import type { LoadOrderAnalysis } from '../io/node-dirs.js';
import { writePlanned, type Outcome, type ProbeSettings } from '../io/process-file.js';
import { describeDiagnostic } from '../render/messages.js';
import { ANSIBLE_VOCABULARY } from '../core/vocabulary.js';
import { loadOrderOf } from './load-order.js';
import { runtimesOf } from '../knowledge/runtime.js';
import type { RuntimeTarget } from '../core/types.js';
import { parseModuleArgs, type ModuleParams } from './params.js';

/** One finding, with its position in the file as it is after the run (or would be, in check mode). */
export interface ModuleFinding {
  readonly path: string;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly line: number | null;
  readonly column: number | null;
}

/** What the runtimes would load from one node config directory (`net.d`, or matching `node_dirs`). */
export interface ModuleLoadOrder {
  readonly directory: string;
  /** The files containerd and CRI-O consider, in the order they consider them. */
  readonly candidates: readonly string[];
  readonly containerd: { readonly loads: string | null; readonly aborted_at: string | null };
  readonly crio: { readonly loads: string | null; readonly skipped: readonly { readonly file: string; readonly because: string }[] };
  /** The candidates that are symbolic links: where each points, and why a runtime cannot read through it (null: it can). */
  readonly links: readonly { readonly file: string; readonly target: string; readonly unreadable: string | null }[];
  /**
   * The directory's files the module was not given (outside `path`, or left out by `exclude` or
   * git's ignore rules), read for the analysis and never written, with their load-order findings:
   * those are not in `findings` and do not fail the task.
   */
  readonly not_in_run: readonly { readonly path: string; readonly findings: readonly ModuleFinding[] }[];
  /** Files of the directory (or the directory itself) that could not be read, left out of the analysis. */
  readonly unreadable: readonly { readonly path: string; readonly message: string }[];
}

/** Ansible's diff shape; the default callback renders it as a unified diff. */
export interface ModuleDiff {
  readonly before: string;
  readonly after: string;
  readonly before_header: string;
  readonly after_header: string;
}

export interface ModuleRuntime {
  readonly name: string;
  readonly version: string;
  readonly libcni: string;
  readonly max_config_version: string;
}

function moduleRuntime(r: RuntimeTarget): ModuleRuntime {
  return { name: r.name, version: r.version, libcni: r.libcni, max_config_version: r.maxConfigVersion };
}

/** One network of a CNI config: its cniVersion as written and as planned, and the plugin types of its chain. */
export interface ModuleNetwork {
  readonly path: string;
  readonly name: string | null;
  /** As written: null when absent. */
  readonly cni_version: string | null;
  /** What the run writes (or keeps); null when no version can be chosen. */
  readonly planned_version: string | null;
  readonly plugins: readonly string[];
}

/** What a plugin binary on the node answered to CNI_COMMAND=VERSION (run_on controller). */
export interface ModuleProbe {
  readonly type: string;
  readonly binary: string;
  /** The versions it accepts; null when the probe failed. */
  readonly accepts: readonly string[] | null;
  /** Why the probe failed (PLUGIN_BINARY_MISSING, PROBE_FAILED); null when it answered. */
  readonly problem: { readonly code: string; readonly message: string } | null;
}

/** What the node said of its runtime when no runtime was given (run_on controller). */
export interface ModuleNodeRuntime {
  /** The binary that answered `--version`: containerd or crio. */
  readonly binary: string;
  readonly output: string;
  /** As the runtime option spells it (containerd@1.7.13), or null when the output names no version. */
  readonly runtime: string | null;
}

export interface ModuleResult {
  readonly changed: boolean;
  readonly failed: boolean;
  readonly msg: string;
  readonly changed_files?: readonly string[];
  /** Set when exactly one file was backed up, as Ansible's file modules return it. */
  readonly backup_file?: string;
  readonly backup_files?: Readonly<Record<string, string>>;
  readonly findings?: readonly ModuleFinding[];
  /** Files that could not be read, parsed or written, with the reason. */
  readonly unreadable?: readonly { readonly path: string; readonly message: string }[];
  readonly load_order?: readonly ModuleLoadOrder[];
  /** Every network of every CNI config the run read, with its cniVersion before and after. */
  readonly networks?: readonly ModuleNetwork[];
  /** The plugin binaries asked on the node, by type (run_on controller only). */
  readonly probes?: readonly ModuleProbe[];
  /** What `containerd --version` or `crio --version` said on the node, when no runtime was given (run_on controller only); null when neither answered. */
  readonly node_runtime?: ModuleNodeRuntime | null;
  readonly diff?: readonly ModuleDiff[];
  readonly runtime?: ModuleRuntime;
  /** Every runtime judged against, oldest first (`runtime` is the first). */
  readonly runtimes?: readonly ModuleRuntime[];
  readonly target_version?: string | null;
  readonly fail_on?: string;
  readonly summary?: {
    readonly files_scanned: number;
    readonly cni_files: number;
    readonly changed: number;
    readonly errors: number;
    readonly warnings: number;
    readonly info: number;
  };
  /** Printed by Ansible as [WARNING] lines. */
  readonly warnings?: readonly string[];
}

interface Processed {
  readonly file: FoundFile;
  outcome: Outcome;
}

const fail = (msg: string): ModuleResult => ({ changed: false, failed: true, msg });

type ModuleEnv = { readonly cwd: string; readonly env: Readonly<Record<string, string | undefined>> };

/**
 * A node's files copied to the control node, for the action plugin's controller-side run: the run
 * plans them there and writes nothing; the action plugin writes the results back on the node.
 */
export interface StagedNode {
  /** Where the node's file system is mirrored: the node's `/etc/cni/net.d` is `<root>/etc/cni/net.d`. */
  readonly root: string;
  /** Judges the probes of the node's binaries (run there, not here). */
  readonly probe: NonNullable<ProbeSettings['probe']>;
}

/** A file a staged run would rewrite on the node (by its path there), with what it holds now and what it will hold. */
export interface StagedWrite {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

/** Runs the module on its raw arguments (the JSON Ansible passes). Never throws for bad input. */
export async function runModule(args: unknown, env: ModuleEnv = { cwd: process.cwd(), env: process.env }): Promise<ModuleResult> {
  return (await moduleRun(args, env)).result;
}

/**
 * The module's run on a node's files staged on the control node: the result the node-side module
 * would give (as if the writes were made, unless in check mode), and the writes it would make,
 * which the action plugin makes on the node.
 */
export async function planStaged(args: unknown, staged: StagedNode, env: ModuleEnv = { cwd: process.cwd(), env: process.env }): Promise<{ result: ModuleResult; writes: StagedWrite[] }> {
  return moduleRun(args, env, staged);
}

async function moduleRun(args: unknown, env: ModuleEnv, staged?: StagedNode): Promise<{ result: ModuleResult; writes: StagedWrite[] }> {
  const failed = (msg: string): { result: ModuleResult; writes: StagedWrite[] } => ({ result: fail(msg), writes: [] });
  const parsed = parseModuleArgs(args, env.env);
  if (!parsed.ok) return failed(parsed.msg);
  let params = parsed.params;
  if (staged && !isAbsolute(params.path)) return failed(`path must be absolute when the run is on the control node, got: ${params.path}`);
  // A node path as it is mirrored on the control node.
  const local = (path: string): string => (staged ? join(staged.root, path) : resolve(env.cwd, path));

  const plugins = parsePluginFlags(params.plugins, ANSIBLE_VOCABULARY);
  if (typeof plugins === 'string') return failed(plugins);
  const given: RunSettings = {
    runtime: params.runtime,
    targetVersion: params.target_version,
    ...plugins,
    matrix: params.matrix,
    // Probes name the node's binaries; a staged run judges runs made there.
    binDir: params.bin_dir ? (staged ? params.bin_dir : resolve(env.cwd, params.bin_dir)) : undefined,
    probeTimeoutMs: params.probe_timeout,
    ...(staged ? { probe: staged.probe } : {}),
  };
  const root = local(params.path);
  // node_dirs are relative to `path`, or to its folder when it is a file; absolute ones name node paths.
  const base = (await stat(root).catch(() => null))?.isDirectory() ? root : dirname(root);
  // The project configuration (docs/configuration.md): the one `config` names, or on the node the
  // nearest one searching up from each file, as the CLI reads it. A staged run reads only a named
  // one (a file on the control node): the mirror of a node is no configuration's tree.
  let byFile: SettingsByFile;
  let home: FileRun;
  try {
    const finder = params.config
      ? ConfigFinder.fixedTo(await loadConfigFile(resolve(env.cwd, params.config)))
      : params.find_config && !staged
        ? ConfigFinder.searching()
        : ConfigFinder.fixedTo(null);
    const config = await finder.forDirectory(base);
    if (config) params = withConfiguredRunWide(params, config, args, Boolean(staged));
    byFile = new SettingsByFile(given, finder, env.cwd, ANSIBLE_VOCABULARY);
    home = await byFile.forFile(base, base);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof SettingsError) return failed(err.message);
    throw err;
  }
  const { context } = home.prepared;
  const factsFor = (file: FoundFile) => {
    const directory = dirname(file.absolute);
    return byFile.known(directory)?.prepared.facts ?? byFile.forFile(directory, file.absolute).then((run) => run.prepared.facts);
  };

  // Plan every file first: a file that cannot be read or parsed fails the task with nothing written.
  const processed: Processed[] = [];
  const warnings: string[] = [];
  const walk: WalkSettings = {
    cwd: env.cwd,
    include: params.include,
    exclude: params.exclude,
    followSymlinks: params.follow_symlinks,
    say: ANSIBLE_VOCABULARY,
    onWarning: (message) => warnings.push(message),
    // A node has no "working directory" worth showing; a staged file is shown by its path on the node.
    showAs: (f) => ({ ...f, display: staged ? `/${relative(staged.root, f.absolute).split(sep).join('/')}` : f.absolute }),
  };
  try {
    // Named as the playbook names it, so a path error says what the user wrote.
    for await (const p of processPath(staged ? root : params.path, walk, { write: false, backup: false }, factsFor)) processed.push(p);
  } catch (err) {
    if (!(err instanceof PathError) && !(err instanceof ConfigError) && !(err instanceof SettingsError)) throw err;
    return failed(err.message);
  }
  // As `cni-migrate fix`: a file git has not recorded (unstaged, untracked, ignored) is not rewritten.
  // A staged copy is no git work tree: git on the node is not consulted.
  if (!params.allow_dirty && !staged) {
    const worktrees = new GitWorktrees();
    for (const p of processed) {
      if (p.outcome.kind !== 'planned' || !p.outcome.plan.changed) continue;
      const why = await dirtyReason(worktrees, p.file.absolute, ANSIBLE_VOCABULARY);
      if (why) p.outcome = { ...p.outcome, notWritten: why };
    }
  }
  const blocked = processed.some(({ outcome }) => outcome.kind === 'unreadable' || (outcome.kind === 'planned' && (outcome.plan.fatal || outcome.notWritten !== undefined)));
  const writes: StagedWrite[] = [];
  if (!params.check_mode && !blocked) {
    for (const p of processed) {
      if (p.outcome.kind !== 'planned') continue;
      if (!staged) p.outcome = await writePlanned(p.file, p.outcome, { backup: params.backup });
      else if (p.outcome.plan.changed) writes.push({ path: p.file.display, before: p.outcome.plan.before, after: p.outcome.plan.after });
    }
  }
  const globs = staged ? params.node_dirs.map((g) => (g.startsWith('/') ? local(g) : g)) : params.node_dirs;
  const loadOrder = await loadOrderOf(processed, { globs, base }, async (file) => factsFor(file));
  const result = report(params, context, processed, blocked, loadOrder, warnings);
  return { result: staged ? withNodeLinkTargets(result, staged.root) : result, writes };
}

/**
 * The configuration's run-wide keys where the task did not set the option. Its node directories
 * are paths on the machine it was read on, so a staged run (the node's files mirrored on the
 * control node) leaves them out.
 */
function withConfiguredRunWide(params: ModuleParams, config: ProjectConfig, args: unknown, staged: boolean): ModuleParams {
  const raw = typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {};
  // A staged run's node directories are the node's: the configuration's are not.
  const { failOn, include, exclude, nodeDirs } = runWideNotGiven(config.runWide, (key) => (key === 'nodeDirs' && staged) || (raw[RUN_WIDE_OPTIONS[key]] ?? null) !== null);
  return {
    ...params,
    ...(failOn === undefined ? {} : { fail_on: failOn }),
    ...(include === undefined ? {} : { include }),
    ...(exclude === undefined ? {} : { exclude }),
    ...(nodeDirs === undefined ? {} : { node_dirs: nodeDirs }),
  };
}

/** The module option that sets each run-wide key. */
const RUN_WIDE_OPTIONS: Readonly<Record<keyof RunWideSettings, string>> = { failOn: 'fail_on', include: 'include', exclude: 'exclude', nodeDirs: 'node_dirs' };

/** A staged link to an absolute path points into the mirror (the plugin maps it there): name its target as on the node. */
function withNodeLinkTargets(result: ModuleResult, root: string): ModuleResult {
  const onNode = (target: string): string => (target.startsWith(`${root}${sep}`) ? `/${relative(root, target).split(sep).join('/')}` : target);
  if (!result.load_order) return result;
  return { ...result, load_order: result.load_order.map((o) => ({ ...o, links: o.links.map((l) => ({ ...l, target: onNode(l.target) })) })) };
}

function finding(path: string, d: Diagnostic): ModuleFinding {
  return { path, code: d.code, severity: d.severity, message: describeDiagnostic(d, ANSIBLE_VOCABULARY), line: d.position?.line ?? null, column: d.position?.column ?? null };
}

const where = (f: ModuleFinding): string => `${f.path}${f.line === null ? '' : `:${f.line}:${f.column ?? 1}`}`;

/** Names a few findings in one line; the rest are in `findings`. */
function listed(findings: readonly ModuleFinding[]): string {
  const shown = findings.slice(0, 3).map((f) => `${where(f)}: ${f.code}: ${f.message}`);
  return shown.join('; ') + (findings.length > shown.length ? `; and ${findings.length - shown.length} more (see findings)` : '');
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function report(
  params: ModuleParams,
  context: PlanContext,
  processed: readonly Processed[],
  blocked: boolean,
  loadOrder: LoadOrderAnalysis,
  walkWarnings: readonly string[],
): ModuleResult {
  const findings: ModuleFinding[] = [];
  const unreadable: { path: string; message: string }[] = [];
  const changedFiles: string[] = [];
  const backups: Record<string, string> = {};
  const diff: ModuleDiff[] = [];
  const networks: ModuleNetwork[] = [];
  let cniFiles = 0;
  let internal = false;
  for (const { file, outcome } of processed) {
    const path = file.display;
    if (outcome.kind === 'not-mine') continue;
    if (outcome.kind === 'unreadable') {
      unreadable.push({ path, message: outcome.message });
      continue;
    }
    const { plan } = outcome;
    cniFiles++;
    for (const n of plan.networks) {
      networks.push({ path, name: n.name, cni_version: n.currentVersion, planned_version: n.decision.action === 'none' ? null : n.decision.version, plugins: n.plugins.map((p) => p.type) });
    }
    // What counts is what the file holds after the fix: in check mode too, so it predicts the real run.
    for (const d of [...plan.remaining, ...(loadOrder.findings.get(path) ?? [])]) findings.push(finding(path, d));
    if (plan.diagnostics.some((d) => d.code === 'INTERNAL_VERIFY_FAILED')) internal = true;
    if (plan.fatal) {
      const errors = plan.diagnostics.filter((d) => d.severity === 'error').map((d) => finding(path, d));
      unreadable.push({ path, message: errors.map((f) => `${f.line === null ? '' : `${f.line}:${f.column ?? 1}: `}${f.message}`).join('; ') || 'cannot be read' });
    }
    if (outcome.notWritten) unreadable.push({ path, message: `not written: ${outcome.notWritten}` });
    if (!plan.changed || blocked || outcome.notWritten) continue;
    changedFiles.push(path);
    if (outcome.backup) backups[path] = outcome.backup;
    if (params.diff) diff.push({ before: plan.before, after: plan.after, before_header: path, after_header: path });
  }

  const warnings = [...walkWarnings, ...(cniFiles === 0 && !unreadable.length ? [`no CNI config found in ${params.path}`] : [])];
  const count = (severity: string): number => findings.filter((f) => f.severity === severity).length;
  const failing = params.fail_on === 'never' ? [] : findings.filter((f) => f.severity === 'error' || (params.fail_on === 'warning' && f.severity === 'warning'));
  const failed = unreadable.length > 0 || internal || failing.length > 0;
  const backupList = Object.values(backups);

  const verb = params.check_mode ? 'would change' : 'changed';
  let msg: string;
  if (blocked) {
    msg = `${unreadable.map((u) => `${u.path}: ${u.message}`).join('; ')}; nothing was written`;
  } else {
    msg = cniFiles === 0 ? `no CNI config found in ${params.path}` : changedFiles.length ? `${verb} ${changedFiles.length} of ${plural(cniFiles, 'CNI config')}` : `${plural(cniFiles, 'CNI config')}, none needs a change`;
    if (unreadable.length) msg += `; ${unreadable.map((u) => `${u.path}: ${u.message}`).join('; ')}`;
    if (failing.length) msg += `; ${plural(failing.length, 'finding')} ${params.check_mode ? 'would remain' : 'remain'}: ${listed(failing)}`;
    else if (internal) msg += '; an edit failed verification and was refused (INTERNAL_VERIFY_FAILED, see findings)';
  }

  return {
    changed: changedFiles.length > 0,
    failed,
    msg,
    changed_files: changedFiles,
    ...(backupList.length === 1 ? { backup_file: backupList[0]! } : {}),
    backup_files: backups,
    findings,
    unreadable,
    load_order: loadOrder.directories.map(({ order, notInRun, notInRunFindings, unreadable: unread }) => ({
      directory: order.directory,
      candidates: order.candidates,
      containerd: { loads: order.containerd.loads, aborted_at: order.containerd.abortedAt },
      crio: order.crio,
      links: order.links,
      not_in_run: notInRun.map((path) => ({ path, findings: (notInRunFindings.get(path) ?? []).map((d) => finding(path, d)) })),
      unreadable: unread,
    })),
    networks,
    ...(params.diff ? { diff } : {}),
    runtime: moduleRuntime(context.runtime),
    runtimes: runtimesOf(context).map(moduleRuntime),
    target_version: context.targetVersion ?? null,
    fail_on: params.fail_on,
    summary: { files_scanned: processed.length, cni_files: cniFiles, changed: changedFiles.length, errors: count('error'), warnings: count('warning'), info: count('info') },
    ...(warnings.length ? { warnings } : {}),
  };
}
