/**
 * What runtimes would load from a node's config directory such as /etc/cni/net.d (pure: the
 * caller says what each file is, and which directories are node directories; src/io/node-dirs.ts
 * reads them). Reference: cni-compat.md §3 "How containerd picks the config file"
 * (go-cni opts.go loadFromConfDir) and "How CRI-O picks the config" (ocicni.go).
 *
 * - Only a node's config directory is analysed: files that merely sit together in a config
 *   repository never share a node. A directory named `net.d` is one (`/etc/cni/net.d`,
 *   `nodes/gpu/net.d`); others are declared by the user (`--node-dir`, `node_dirs`).
 *
 * - Both list the files whose extension is exactly `.conf`, `.conflist` or `.json` and sort them
 *   byte-wise (`100-x` before `20-y`, uppercase before lowercase).
 * - containerd parses them in order and stops after `max_conf_num` networks (default 1); a file
 *   it reaches that does not parse aborts the whole load (`cni plugin not initialized`).
 * - CRI-O skips, with only a log line, every file that does not parse or whose plugins reject
 *   its cniVersion, and uses the first valid one (unless `cni_default_network` names another).
 * - Symbolic links are listed like files (libcni ConfFiles keeps every entry whose directory
 *   entry is not a directory, and a link's is not) and read through (os.ReadFile). One that cannot
 *   be read (to nothing, to a directory, a loop) is a file that does not load: containerd aborts
 *   on it, CRI-O skips it. Reference: github:containernetworking/cni@v1.3.0(a28faab9)
 *   libcni/conf.go:298-313 ConfFiles (os.ReadDir, skips f.IsDir()), :247-248 NetworkConfFromFile
 *   (os.ReadFile); github:containerd/go-cni@v1.1.13(784f94e6) opts.go:213-241 loadFromConfDir
 *   (returns 'failed to load CNI config list file' on the first file it cannot read);
 *   github:cri-o/ocicni@v0.4.3(f9adb071) pkg/ocicni/ocicni.go:298-317 loadNetworks (logs
 *   'Error loading CNI config list file' and continues).
 */
import { diagnostic, type DiagnosticCode, type PendingDiagnostic } from './diagnostics.js';

/** One file of the directory, as the run saw it (after fix: as written). */
export interface LoadEntry {
  /** The file name within the directory. */
  readonly name: string;
  /** Display path, for messages and reports. */
  readonly path: string;
  /** False for a file that is not a CNI config at all (a stray JSON file). */
  readonly cni: boolean;
  /** The network's name when it has one. */
  readonly networkName: string | null;
  /** The codes of the error findings the file has, and of its template syntax outside strings (TEMPLATE_SYNTAX): neither parses. */
  readonly errors: readonly DiagnosticCode[];
  /** For a symbolic link: where it points, and why a runtime cannot read it through (null: it can). */
  readonly link?: LoadLink;
}

export interface LoadLink {
  /** The link's target as written (readlink). */
  readonly target: string;
  /** Why reading through it fails (`a symbolic link to nothing`); null when it reaches a regular file. */
  readonly unreadable: string | null;
}

export interface LoadOrder {
  readonly directory: string;
  /** Files the runtimes consider, in the order they consider them. */
  readonly candidates: readonly string[];
  readonly containerd: { readonly loads: string | null; readonly abortedAt: string | null };
  readonly crio: { readonly loads: string | null; readonly skipped: readonly { readonly file: string; readonly because: string }[] };
  /** The candidates that are symbolic links, in load order: the runtimes read (or fail on) their targets. */
  readonly links: readonly ({ readonly file: string } & LoadLink)[];
  /** Findings to attach to files, keyed by display path. */
  readonly findings: readonly { readonly path: string; readonly diagnostic: PendingDiagnostic }[];
}

const LOADED_EXTENSIONS = /\.(conf|conflist|json)$/; // exact, case-sensitive, as Go's filepath.Ext comparison

/**
 * Findings (info, so named apart in LoadEntry.errors) that say the file is a template: libcni's
 * json.Unmarshal meets `__CNI_MTU__` or `{{ … }}` where JSON belongs.
 */
export const TEMPLATE_SYNTAX: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>(['TEMPLATE_PLACEHOLDER', 'TEMPLATE_DIRECTIVES']);

/** Findings that make libcni fail to parse the file (containerd aborts, CRI-O skips). */
const PARSE_FAILURES: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  'JSON_PARSE_ERROR',
  'JSON_NOT_STRICT',
  'CONF_HOLDS_LIST',
  'CONFLIST_WITHOUT_PLUGINS',
  'PLUGIN_LIST_EMPTY',
  'PLUGIN_TYPE_INVALID',
  'NAME_MISSING',
  'NAME_INVALID',
  ...TEMPLATE_SYNTAX,
]);

/** Findings that make CRI-O's ValidateNetworkList reject the file (plugins refuse the version). */
const VALIDATION_FAILURES: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>(['CNI_VERSION_UNSUPPORTED', 'CNI_VERSION_INVALID']);

/** The name that makes a directory a node's config directory without being declared one. */
export const NODE_DIR_NAME = 'net.d';

/**
 * Whether a directory's path (absolute, resolved) names a node's config directory: its last
 * component is `net.d`. Trailing separators are ignored; `/` and `\` both separate.
 */
export function isNetDPath(path: string): boolean {
  return path.replace(/[\\/]+$/, '').split(/[\\/]/).at(-1) === NODE_DIR_NAME;
}

/**
 * Whether a directory's files include a CNI config a runtime would load (.conf or .conflist):
 * a node directory without one has no load order to report.
 */
export function looksLikeConfDir(entries: readonly LoadEntry[]): boolean {
  return entries.some((e) => e.cni && /\.(conf|conflist)$/.test(e.name));
}

export function analyzeLoadOrder(directory: string, entries: readonly LoadEntry[]): LoadOrder {
  const candidates = entries.filter((e) => LOADED_EXTENSIONS.test(e.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const findings: { path: string; diagnostic: PendingDiagnostic }[] = [];
  const unparseable = (e: LoadEntry): string | null => {
    if (e.link?.unreadable) return `it cannot be read (${e.link.unreadable})`;
    if (!e.cni) return 'it is not a CNI config';
    const code = e.errors.find((c) => PARSE_FAILURES.has(c));
    if (code === undefined) return null;
    return TEMPLATE_SYNTAX.has(code) ? `it is a template, not JSON until rendered (${code})` : `it does not load (${code})`;
  };

  // containerd: the first file decides; one it cannot parse stops everything.
  let containerdLoads: string | null = null;
  let abortedAt: string | null = null;
  const first = candidates[0];
  if (first) {
    const why = unparseable(first);
    if (why) {
      abortedAt = first.name;
      findings.push({ path: first.path, diagnostic: diagnostic('LOAD_ABORTS_CONTAINERD', { directory, reason: why }) });
    } else {
      containerdLoads = first.name;
    }
  }

  // CRI-O: the first file that parses and validates.
  const skipped: { file: string; because: string }[] = [];
  let crioLoads: string | null = null;
  for (const e of candidates) {
    const why = unparseable(e) ?? (e.errors.some((c) => VALIDATION_FAILURES.has(c)) ? 'a plugin rejects its cniVersion' : null);
    if (why) {
      skipped.push({ file: e.name, because: why });
      continue;
    }
    crioLoads = e.name;
    break;
  }
  for (const s of skipped) {
    const entry = candidates.find((c) => c.name === s.file)!;
    findings.push({ path: entry.path, diagnostic: diagnostic('LOAD_SKIPPED_CRIO', { directory, reason: s.because, instead: crioLoads }) });
  }

  // Files neither runtime reaches by default (containerd's max_conf_num is 1).
  const used = new Set([containerdLoads, crioLoads, abortedAt, ...skipped.map((s) => s.file)]);
  for (const e of candidates) {
    if (used.has(e.name)) continue;
    findings.push({ path: e.path, diagnostic: diagnostic('LOAD_SHADOWED', { directory, by: containerdLoads ?? crioLoads ?? '' }) });
  }

  // Duplicate network names among the files runtimes consider.
  const byName = new Map<string, LoadEntry[]>();
  for (const e of candidates) if (e.networkName) byName.set(e.networkName, [...(byName.get(e.networkName) ?? []), e]);
  for (const [name, files] of byName) {
    if (files.length < 2) continue;
    for (const e of files) {
      findings.push({
        path: e.path,
        diagnostic: diagnostic('DUPLICATE_NETWORK_NAME', { name, files: files.map((f) => f.name) }),
      });
    }
  }

  return {
    directory,
    candidates: candidates.map((c) => c.name),
    links: candidates.flatMap((c) => (c.link ? [{ file: c.name, ...c.link }] : [])),
    containerd: { loads: containerdLoads, abortedAt },
    crio: { loads: crioLoads, skipped },
    findings,
  };
}
