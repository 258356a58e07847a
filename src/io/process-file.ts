/**
 * One file through the pipeline every front end shares (the CLI, the Ansible module): read it as
 * strict UTF-8, plan it with the facts the run has learnt, and for `fix` back it up and write it
 * atomically. Rendering and exit codes are the caller's.
 */
import { CLI_VOCABULARY, type Vocabulary } from '../core/vocabulary.js';
import { isAscii } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, promises as fsp, readFileSync, readSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { isNetDPath } from '../core/load-order.js';
import { namesAKind } from '../formats/template-files.js';
import { parse as parseYaml } from '../formats/yaml-lib.js';
import { compat } from '../knowledge/data/compat.js';
import type { PendingDiagnostic } from '../core/diagnostics.js';
import type { PlanContext } from '../formats/types.js';
import { MatrixError, mergeMatrix, validateMatrix } from '../knowledge/matrix.js';
import type { SupportFact } from '../knowledge/plugin-support.js';
import { remembered } from '../core/remembered.js';
import { analyzeFile, mightBeClaimed, planAnalyzed, pluginTypesOf, type FilePlan } from '../core/plan.js';
import { describeFsError, writeFileAtomic, type FoundFile } from './files.js';
import { DEFAULT_PROBE_TIMEOUT_MS, probePlugins } from './probe.js';

export type Outcome =
  /** `undecodable`: the bytes are not a config a runtime could load either (load order counts it). */
  | { readonly kind: 'unreadable'; readonly message: string; readonly undecodable?: boolean }
  /** `note`: why a file named on the command line that holds a `cniVersion` was not read. */
  | { readonly kind: 'not-mine'; readonly note?: string }
  | Planned;

export interface Planned {
  readonly kind: 'planned';
  readonly plan: FilePlan;
  readonly written: boolean;
  readonly backup?: string;
  /** fix planned a change but left the file alone, and why (it stays in the report). */
  readonly notWritten?: string;
}

export interface ProcessOptions {
  /** Write the plan's result (atomically); otherwise only plan. */
  readonly write: boolean;
  /** Keep the original beside the file (Ansible-style name) before rewriting it. */
  readonly backup: boolean;
  /** Asked before a changed file is written: a reason to leave it alone, or null to go on. */
  readonly refuseWrite?: (file: FoundFile) => Promise<string | null>;
}

export async function processFile(file: FoundFile, options: ProcessOptions, facts: PluginFactsCache): Promise<Outcome> {
  const read = readText(file);
  return read.kind === 'text' ? processText(file, read.text, options, facts) : read;
}

/** The rest of processFile, for a file readText has read: planned, and written when asked. */
export async function processText(file: FoundFile, text: string, options: ProcessOptions, facts: PluginFactsCache): Promise<Outcome> {
  const planned = await planText(file.display, text, facts, isNetDPath(dirname(file.absolute)));
  return planned.kind === 'planned' && options.write ? writePlanned(file, planned, options) : planned;
}

/**
 * Writes a plan's result over the file it was planned from (unless unchanged or refused), with
 * a backup on request. The file must still hold what was planned, or it is not written.
 */
export async function writePlanned(file: FoundFile, planned: Planned, options: Omit<ProcessOptions, 'write'>): Promise<Planned> {
  const { plan } = planned;
  if (!plan.changed) return planned;
  const refusal = await options.refuseWrite?.(file);
  if (refusal) return { ...planned, notWritten: refusal };
  let backup: string | undefined;
  try {
    ({ backup } = await writeFileAtomic(file.absolute, plan.after, plan.before, { backup: options.backup ? new Date() : undefined }));
  } catch (err) {
    return { ...planned, notWritten: (err as Error).message };
  }
  return { kind: 'planned', plan, written: true, ...(backup ? { backup } : {}) };
}

/** Plans text that came from somewhere other than a file on disk (standard input). */
export async function planText(name: string, text: string, facts: PluginFactsCache, inNodeDirectory?: boolean): Promise<Outcome> {
  const analyzed = analyzeFile({ path: name, text, ...(inNodeDirectory === undefined ? {} : { inNodeDirectory }) });
  if (!analyzed.analysis) return { kind: 'not-mine' };
  const plan = planAnalyzed(analyzed, await facts.contextFor(pluginTypesOf(analyzed)));
  return { kind: 'planned', plan, written: false };
}

/**
 * Says why a file named on the command line was not read when it holds a `cniVersion` and its
 * name says no kind (a shell script whose heredoc writes a conflist): never passed over in silence.
 * `text`: the file as decoded, null when the byte-level pre-check turned it away, which it never
 * does to such a name holding a `cniVersion` (one of the YAML format's signals; readingPaths
 * offers the name as YAML), so the file is not read again.
 */
export function withUnreadNote(file: FoundFile, outcome: Outcome, text: string | null): Outcome {
  if (outcome.kind !== 'not-mine' || !file.explicit || text === null || namesAKind(file.display)) return outcome;
  if (!text.includes('cniVersion')) return outcome;
  return {
    kind: 'not-mine',
    note: `${file.display} holds a "cniVersion" but is not read: no format reads a file of this name (.conflist, .conf, .json, .yaml, .yml or a template's), and it does not start as a manifest or a JSON object; a config that a script writes or a document shows is checked where it is installed (cni-migrate check /etc/cni/net.d)`,
  };
}

const CNI_EXTENSION = /\.(conflist|conf)$/i;
// ignoreBOM keeps a byte-order mark in the text: the formats tolerate it, and it is written back.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Read synchronously on purpose: files are handled one at a time anyway, and an async readFile
 * is an open, fstat, read and close through the thread pool with promise hops between them, which
 * made a 17,000-file scan several times slower than reading them (docs/benchmarks.md). Small
 * files are read into one reused buffer, so a scan does not leave a buffer per file behind for
 * the garbage collector.
 */
export function readText(file: FoundFile): { kind: 'text'; text: string } | Outcome {
  let bytes: Buffer;
  try {
    bytes = readWhole(file.absolute);
  } catch (err) {
    return { kind: 'unreadable', message: `cannot read: ${describeFsError(err)}` };
  }
  // Most files of a repository hold nothing a format looks for: decided on the bytes, they are
  // never decoded. Signals are ASCII, so the test holds for any ASCII-compatible encoding; bytes
  // with a NUL (UTF-16) are left to decodeText, which names what it cannot read.
  if (!bytes.includes(0) && !mightBeClaimed(file.display, signalFinder(bytes))) return { kind: 'not-mine' };
  return decodeText(file.absolute, bytes);
}

/**
 * Whether the bytes hold an ASCII signal, as `bytes.includes` says. The four signals that start
 * with `cni` (`cniVersion`, `cni_network_config`, `cni-conf.json`, `cniConf`) are each looked for
 * from where `cni` first occurs, so in a file that holds none they cost one pass, not four (a
 * quarter of a chart repository's reading time, docs/benchmarks.md). Others are looked for as
 * they are: a search for a short start costs more than it saves where that start is common (`"`).
 */
export function signalFinder(bytes: Buffer): (ascii: string) => boolean {
  let cniAt: number | undefined;
  return (ascii) => {
    if (!ascii.startsWith(SHARED_START)) return bytes.includes(signalBytes(ascii));
    cniAt ??= bytes.indexOf(signalBytes(SHARED_START));
    return cniAt !== -1 && bytes.includes(signalBytes(ascii), cniAt);
  };
}

/** The start four of the formats' signals share. */
const SHARED_START = 'cni';

/** The formats' signals as bytes, made once (a string given to Buffer.includes is encoded at every call). */
const signalBytes = remembered((ascii) => Buffer.from(ascii, 'latin1'));

const POOL_LIMIT = 1 << 20;
let pool = Buffer.allocUnsafe(64 * 1024);

/**
 * The file's bytes: a view of the shared pool (valid until the next call) or, when large, a buffer
 * of its own. Opened without blocking and checked on the descriptor: a FIFO (or device) put where
 * the walk saw a file is refused, never read, since a read would wait for a writer forever.
 */
function readWhole(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'NOT_REGULAR' });
    const size = info.size;
    if (size > POOL_LIMIT) return readFileSync(fd);
    if (size + 1 > pool.length) pool = Buffer.allocUnsafe(Math.min(POOL_LIMIT + 1, Math.max(size + 1, pool.length * 2)));
    let length = 0;
    // Read to the end even if the file grew since fstat (up to the pool's size; the write is
    // refused later anyway if the file changed); one byte of room shows whether it did. A read
    // that gives less than asked and ends at the size fstat gave has met the end: a regular file
    // gives what is left in one read, so most files take one read, not a second one that gives 0.
    while (length < pool.length) {
      const asked = pool.length - length;
      const n = readSync(fd, pool, length, asked, null);
      length += n;
      if (n === 0 || (n < asked && length === size)) break;
    }
    return length < pool.length ? pool.subarray(0, length) : Buffer.concat([pool.subarray(0, length), readFileSync(fd)]);
  } finally {
    closeSync(fd);
  }
}

/**
 * Decodes bytes as strict UTF-8. Text that is not UTF-8 (binary, UTF-16, Latin-1) is never
 * planned, because writing it back would replace the bytes it could not decode. It is an error
 * when the file is a .conf/.conflist, or when, read in the encoding it seems to be in, a format
 * would take it for a config (the verdict its UTF-8 twin gets); otherwise it is "not mine".
 */
export function decodeText(name: string, bytes: Buffer): { kind: 'text'; text: string } | Outcome {
  try {
    if (bytes.includes(0)) throw new TypeError('NUL byte');
    // Most files are ASCII, whose UTF-8 text is their Latin-1 text: no validation to pay for.
    return { kind: 'text', text: isAscii(bytes) ? bytes.toString('latin1') : utf8.decode(bytes) };
  } catch {
    const claimed = CNI_EXTENSION.test(name) ? probableEncoding(bytes) : claimingEncoding(name, bytes);
    if (claimed === null) return { kind: 'not-mine' };
    const seen = claimed === 'latin1' ? 'binary, UTF-16 or another encoding' : claimed.toUpperCase();
    return { kind: 'unreadable', message: `not UTF-8 text (${seen}); runtimes read CNI configs as UTF-8`, undecodable: true };
  }
}

type Encoding = 'utf-16le' | 'utf-16be' | 'latin1';

/** The encoding, other than UTF-8, in which some format takes the bytes for a config; null if none. */
function claimingEncoding(name: string, bytes: Buffer): Encoding | null {
  for (const encoding of candidateEncodings(bytes)) {
    const text = encoding === 'latin1' ? bytes.toString('latin1') : new TextDecoder(encoding).decode(bytes); // drops a BOM
    if (analyzeFile({ path: name, text }).analysis) return encoding;
  }
  return null;
}

/** UTF-16 by its byte-order mark or, without one, by NULs in every other byte (ASCII keys); Latin-1 last, as it decodes anything. */
function candidateEncodings(bytes: Buffer): Encoding[] {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return ['utf-16le'];
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return ['utf-16be'];
  const sample = bytes.subarray(0, 4096);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 ? odd++ : even++;
  const half = sample.length / 2;
  if (odd > half * 0.5 && even < half * 0.1) return ['utf-16le', 'latin1'];
  if (even > half * 0.5 && odd < half * 0.1) return ['utf-16be', 'latin1'];
  return ['latin1'];
}

/** The encoding to name for bytes a CNI extension already claims. */
function probableEncoding(bytes: Buffer): Encoding {
  const [first] = candidateEncodings(bytes);
  return first!;
}

/** Reads and validates a --matrix file (JSON or YAML) and merges it over the built-in data. */
export async function loadMatrix(path: string, cwd: string, say: Vocabulary = CLI_VOCABULARY): Promise<ReturnType<typeof mergeMatrix>> {
  let text: string;
  try {
    text = await fsp.readFile(resolvePath(cwd, path), 'utf8');
  } catch (err) {
    throw new MatrixError(`${say.matrix(path)}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 }); // JSON is YAML too
  } catch (err) {
    throw new MatrixError(`${path}: not JSON or YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  return mergeMatrix(compat, validateMatrix(doc, path));
}

export interface ProbeSettings {
  /** The plugin binaries to probe; nothing is probed without it. */
  readonly binDir: string | undefined;
  readonly probeTimeoutMs: number | undefined;
  /** What the user stated exactly (`--plugin TYPE=...`): those types are never probed. */
  readonly supported: Readonly<Record<string, SupportFact>>;
  /** How the binaries are probed: run here by default; the Ansible action plugin judges runs made on a node. */
  readonly probe?: typeof probePlugins;
}

/**
 * Probes each plugin type at most once per run (when a bin dir is given) and merges the results
 * with the flags: an explicit `--plugin TYPE=...` wins over a probe, which wins over the data.
 */
export class PluginFactsCache {
  private readonly probed: Record<string, SupportFact> = {};
  private readonly problems: Record<string, PendingDiagnostic[]> = {};
  private readonly done = new Set<string>();
  private context: PlanContext;

  constructor(
    private readonly base: PlanContext,
    private readonly settings: ProbeSettings,
  ) {
    this.context = base;
  }

  async contextFor(types: readonly string[]): Promise<PlanContext> {
    const binDir = this.settings.binDir;
    if (binDir === undefined) return this.base;
    const missing = types.filter((t) => !this.done.has(t) && !(t in this.settings.supported));
    if (missing.length === 0) return this.context;
    const result = await (this.settings.probe ?? probePlugins)(binDir, missing, { timeoutMs: this.settings.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS });
    for (const t of missing) this.done.add(t);
    Object.assign(this.probed, result.supported);
    Object.assign(this.problems, result.problems);
    this.context = {
      ...this.base,
      plugins: {
        ...this.base.plugins,
        supported: { ...this.probed, ...this.settings.supported },
        problems: { ...this.problems },
      },
    };
    return this.context;
  }
}
