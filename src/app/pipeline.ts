/**
 * One run of the pipeline, whichever front end starts it (the CLI, the Ansible module): the
 * plan context made from the run's settings, and the files under a path walked, planned and
 * (when asked) written one at a time. Front ends keep only what is theirs: how settings arrive,
 * when files are written (the module plans every file before writing any), and how results are
 * shown.
 */
import { compat, type CompatData } from '../knowledge/data/compat.js';
import { checkStatedReleases } from '../knowledge/stated-releases.js';
import type { PlanContext } from '../formats/types.js';
import { WALKED_PATTERNS } from '../formats/registry.js';
import { MatrixError } from '../knowledge/matrix.js';
import type { SupportFact } from '../knowledge/plugin-support.js';
import { describeRuntimeError, RuntimeSpecError } from '../knowledge/runtime.js';
import { discoverFileBatches, type FoundFile } from '../io/files.js';
import { loadMatrix, PluginFactsCache, processText, readText, withUnreadNote, type Outcome, type ProbeSettings, type ProcessOptions } from '../io/process-file.js';
import { resolveContext } from '../core/plan.js';
import type { Vocabulary } from '../core/vocabulary.js';

/** What a run is asked to judge files against. */
export interface RunSettings {
  /** One runtime (`--runtime`, the module's `runtime`); merged with `runtimes`. */
  readonly runtime?: string | undefined;
  /** Every runtime the files must work on (a fleet mid-upgrade); the oldest bounds the version. */
  readonly runtimes?: readonly string[] | undefined;
  /** Write a spec 1.1.0 `cniVersions` array in network lists for the newer runtimes of the fleet. */
  readonly cniVersions?: boolean | undefined;
  readonly targetVersion?: string | undefined;
  /** Plugin facts and releases as stated (`--plugin`, `plugins`), already parsed. */
  readonly supported: Readonly<Record<string, SupportFact>>;
  readonly releases: Readonly<Record<string, string>>;
  readonly releaseSources: Readonly<Record<string, string>>;
  /** A compatibility-matrix file, relative to the working directory. */
  readonly matrix?: string | undefined;
  /** The plugin binaries to probe (absolute), and how long each may take. */
  readonly binDir?: string | undefined;
  readonly probeTimeoutMs?: number | undefined;
  /** How the binaries are probed, when not here (the Ansible action plugin's runs on a node). */
  readonly probe?: ProbeSettings['probe'];
}

export interface MatrixReport {
  readonly file: string;
  readonly added: readonly string[];
  readonly overridden: readonly string[];
}

export interface PreparedRun {
  readonly context: PlanContext;
  /** Plugin facts, probed once per plugin type as files need them. */
  readonly facts: PluginFactsCache;
  readonly matrix?: MatrixReport | undefined;
}

/** The plan context of a run, or the problem with its settings, said in the front end's words. */
export async function prepareRun(settings: RunSettings, cwd: string, say: Vocabulary): Promise<PreparedRun | { readonly problem: string }> {
  let context: PlanContext;
  let matrix: MatrixReport | undefined;
  try {
    let data: CompatData | undefined;
    if (settings.matrix !== undefined) {
      const merged = await loadMatrix(settings.matrix, cwd, say);
      data = merged.data;
      matrix = { file: settings.matrix, ...merged.report };
    }
    const stated = checkStatedReleases(settings.releases, data ?? compat, say);
    if (stated !== null) return { problem: stated };
    context = resolveContext({
      ...runtimeOptions(settings),
      ...(settings.cniVersions ? { cniVersions: true } : {}),
      ...(settings.targetVersion === undefined ? {} : { targetVersion: settings.targetVersion }),
      plugins: { supported: settings.supported, releases: settings.releases, releaseSources: settings.releaseSources },
      ...(data ? { data } : {}),
    });
  } catch (err) {
    if (err instanceof RuntimeSpecError) return { problem: describeRuntimeError(err, say) };
    if (err instanceof RangeError || err instanceof MatrixError) return { problem: err.message };
    throw err;
  }
  const facts = new PluginFactsCache(context, { binDir: settings.binDir, probeTimeoutMs: settings.probeTimeoutMs, supported: settings.supported, ...(settings.probe ? { probe: settings.probe } : {}) });
  return { context, facts, matrix };
}

/** `runtime` and `runtimes` as the plan options take them: every runtime named, each once. */
function runtimeOptions(settings: RunSettings): { runtime?: string; runtimes?: readonly string[] } {
  const named = [...new Set([...(settings.runtime === undefined ? [] : [settings.runtime]), ...(settings.runtimes ?? [])])];
  if (named.length === 0) return {};
  return named.length === 1 ? { runtime: named[0]! } : { runtimes: named };
}

/**
 * Each file's facts, where they depend on the file (project configurations); null leaves the file
 * out, for a reason the caller has reported.
 */
export type FactsForFile = (file: FoundFile) => PluginFactsCache | null | Promise<PluginFactsCache | null>;

/** How a path is walked. */
export interface WalkSettings {
  readonly cwd: string;
  readonly include?: readonly string[] | undefined;
  readonly exclude?: readonly string[] | undefined;
  readonly noIgnore?: boolean | undefined;
  readonly followSymlinks?: boolean | undefined;
  /** Directories whose links to files are read without following links elsewhere (node directories). */
  readonly fileLinksIn?: ((absoluteDir: string) => boolean) | undefined;
  readonly say: Vocabulary;
  /** A walk that could not be done as asked, but was worked around (git could not list a folder). */
  readonly onWarning: (message: string) => void;
  /** The names in each directory the walk lists (ConfigFinder.listed), so that no one lists it again. */
  readonly onDirectory?: ((absolute: string, names: readonly string[]) => void) | undefined;
  /** A directory the walk could not list (the walk goes on); without it, the walk throws PathError at its end. */
  readonly onUnreadable?: ((message: string) => void) | undefined;
  /** How a file is named in plans and reports; the path relative to the working directory by default. */
  readonly showAs?: (file: FoundFile) => FoundFile;
}

/**
 * The files under `path` (a file or a directory walked for what the formats read), each planned
 * and, with `processing.write`, written before the next is read. Throws PathError for a path that
 * cannot be used.
 */
export async function* processPath(
  path: string,
  walk: WalkSettings,
  processing: ProcessOptions,
  facts: PluginFactsCache | FactsForFile,
): AsyncGenerator<{ readonly file: FoundFile; readonly outcome: Outcome }> {
  const found = discoverFileBatches([path], {
    cwd: walk.cwd,
    patterns: WALKED_PATTERNS,
    ...(walk.include ? { include: walk.include } : {}),
    ...(walk.exclude ? { exclude: walk.exclude } : {}),
    ...(walk.noIgnore ? { noIgnore: true } : {}),
    ...(walk.followSymlinks ? { followSymlinks: true } : {}),
    ...(walk.fileLinksIn ? { fileLinksIn: walk.fileLinksIn } : {}),
    say: walk.say,
    onWarning: walk.onWarning,
    ...(walk.onDirectory ? { onDirectory: walk.onDirectory } : {}),
    ...(walk.onUnreadable ? { onUnreadable: walk.onUnreadable } : {}),
  });
  // Most files of a scan are decided on their bytes: for them nothing here waits on a promise.
  for await (const batch of found) {
    for (const f of batch) {
      const file = walk.showAs ? walk.showAs(f) : f;
      const known = typeof facts === 'function' ? facts(file) : facts;
      const factsHere = known instanceof Promise ? await known : known;
      if (factsHere === null) continue;
      const read = readText(file);
      const outcome = read.kind === 'text' ? await processText(file, read.text, processing, factsHere) : read;
      yield { file, outcome: withUnreadNote(file, outcome, read.kind === 'text' ? read.text : null) };
    }
  }
}
