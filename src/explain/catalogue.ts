/**
 * The error strings `cni-migrate explain` recognises: one entry per family of messages that
 * libcni, the plugins, containerd/go-cni, CRI-O/ocicni and Multus write to runtime logs.
 *
 * This is data. Each entry holds the patterns that find the message in a log line (named groups
 * capture the variable parts), what the message means, why it happens and how to fix it, the
 * cni-migrate diagnostic codes that detect the cause before it reaches a node, and where the
 * facts come from. Texts may be small template functions of the captured values.
 *
 * Reference: src/knowledge/data/cni-compat.json `errorMessages` (the `errorMessages` field of an entry
 * names the rows it explains, verbatim, and `references` copies their `source` strings);
 * the reference cni-compat.md §1 and §5.
 *
 * Capture names are shared across entries: `version` is always the network config's cniVersion
 * as the message quotes it, `type` a plugin type, `file` a config file, `dir` a directory.
 * Patterns run on one log line at a time, after `\"` escapes are undone (src/explain/explain.ts).
 */
import type { DiagnosticCode } from '../core/diagnostics.js';
import { compareVersions, isSpecVersion, sortVersions } from '../core/spec-versions.js';
import { OPERATIONAL } from './operational.js';

/** Values of the named groups that took part in a match (groups that did not are absent). */
export type Captures = Readonly<Record<string, string>>;

/** A text, or a template that fills it from the captured values. */
export type Template = string | ((c: Captures) => string);

export interface CatalogueEntry {
  /** Stable kebab-case id; public like diagnostic codes (it appears in `--format json`). */
  readonly id: string;
  /** One line naming the failure. */
  readonly title: string;
  /**
   * Where the message is found. Each pattern is tried on every line; named groups are the
   * captures. Patterns of one entry use the same group names.
   */
  readonly patterns: readonly RegExp[];
  readonly meaning: Template;
  readonly cause: Template;
  readonly fix: Template;
  /** cni-migrate diagnostic codes that report the cause in a config file (may be empty). */
  readonly codes: readonly DiagnosticCode[];
  /** Source strings, copied from cni-compat.json / cni-compat.md §5 (never empty). */
  readonly references: readonly string[];
  /** As in cni-compat.json: "verified (code)", "verified (executed)", "inferred (code path)", … */
  readonly confidence: string;
  /** The `pattern` strings of the cni-compat.json `errorMessages` rows this entry explains. */
  readonly errorMessages: readonly string[];
  /**
   * Ids of entries whose match, when it lies inside this entry's match on the same line, says
   * nothing more (e.g. "cni plugin not initialized" inside "no network config found in …").
   */
  readonly supersedes?: readonly string[];
  /**
   * A wrapper ("failed to setup network for sandbox", "plugin type=… failed (add)") that is
   * reported only when no other entry matches on the same line: once the wrapped error is
   * explained, the wrapper adds nothing.
   */
  readonly fallback?: boolean;
}

/** Fills a template. */
export function fill(t: Template, c: Captures): string {
  return typeof t === 'string' ? t : t(c);
}

/** `"0.1.0" "0.2.0" "0.3.0"` (Go's %q of a []string, as the plugin writes it) → the versions. */
export function parseVersionList(text: string | undefined): string[] {
  if (!text) return [];
  return [...text.matchAll(/"([^"]*)"|([^\s"[\]]+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

// --- helpers for the templates --------------------------------------------------------------

const quote = (s: string | undefined): string => `"${s ?? ''}"`;
const plugin = (c: Captures): string => (c.type ? `plugin "${c.type}"` : 'the plugin');
const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
/** The plugin that refused: flannel's delegate when flannel wrapped the error ("failed to delegate add"). */
const rejecter = (c: Captures): string =>
  c.delegated ? `the plugin that ${c.type ? `"${c.type}"` : 'flannel'} delegates to (bridge, unless its "delegate" names another type)` : plugin(c);
const CHECK_CMD = 'cni-migrate check /etc/cni/net.d --bin-dir /opt/cni/bin';

/** Released spec versions in a plugin's list, oldest first. */
function specOnly(list: readonly string[]): string[] {
  return sortVersions(list.filter(isSpecVersion));
}

/** Why a plugin refused a version, from its list: too new, too old, or not a version at all. */
function versionGap(version: string | undefined, supported: readonly string[]): 'too-new' | 'too-old' | 'not-a-version' | 'unknown' {
  if (version === undefined) return 'unknown';
  if (!isSpecVersion(version)) return 'not-a-version';
  const known = specOnly(supported);
  const newestKnown = known.at(-1);
  const oldestKnown = known[0];
  if (newestKnown !== undefined && compareVersions(version, newestKnown) > 0) return 'too-new';
  if (oldestKnown !== undefined && compareVersions(version, oldestKnown) < 0) return 'too-old';
  return 'unknown';
}

const MISSING_SHOWS_AS_010 =
  'A config without cniVersion is read as "0.1.0", so if the config has no cniVersion (or only "cniVersions", which runtimes before libcni v1.2.0 ignore), this is that case.';

const VERB_MIN: Readonly<Record<string, string>> = { CHECK: '0.4.0', GC: '1.1.0', STATUS: '1.1.0' };

/** Diagnostic codes for "the config could not be loaded at all". */
const LOAD_CODES = ['JSON_PARSE_ERROR', 'JSON_NOT_STRICT', 'CONF_HOLDS_LIST', 'CONFLIST_WITHOUT_PLUGINS', 'PLUGIN_LIST_EMPTY'] as const;

// --- the cni-compat.json errorMessages rows, verbatim -----------------------------------------

const ROW = {
  incompatible: 'incompatible CNI versions; config is "<cfg>", plugin supports ["<v1>" "<v2>" ...]',
  incompatibleColon: 'incompatible CNI versions: config is "<cfg>", plugin supports [...]',
  empty: 'invalid version "": the version is empty',
  atoi: 'failed to convert major version part "": strconv.Atoi: parsing "": invalid syntax',
  validate: 'plugin <type> does not support config version "<v>"',
  result: 'unsupported CNI result version "<v>"',
  converter: 'failed to convert cached result to config version "<v>": no converter for CNI result version <from> to <to>',
  checkCmd: 'configuration version "<v>" does not support the CHECK command',
  checkSkel: 'config version does not allow CHECK | plugin version does not allow CHECK',
  gcStatus: 'config version does not allow GC | config version does not allow STATUS | plugin version does not allow GC | plugin version does not allow STATUS',
  list: "error parsing configuration list: no name | no 'plugins' key | no plugins in list | invalid cniVersion type %T | invalid type for cniVersions: %T | invalid cniVersions entry <v> at index <i>: ... | invalid value \"<s>\" for disableCheck/disableGC",
  missingType: "error parsing configuration: missing 'type'",
  goCni:
    'network type not found in <file>: invalid cni config | failed to load CNI config list file <file>: <err>: invalid cni config | failed to load CNI config file <file>: ... | no network config found in <dir>: cni plugin not initialized',
  ocicni: "Error loading CNI config file <f>: no 'type'; perhaps this is a .conflist? | CNI config list <f> has no networks, skipping | Error validating CNI config file <f>: <err>",
  versionInfo: 'decoding version info: missing field supportedVersions | decoding version info: missing field cniVersion',
  multus: 'cannot get cniVersion in master CNI config file "<f>" | Multus cni version is "<a>" while master plugin cni version is "<b>"',
  disableCheck: 'error parsing configuration list: invalid disableCheck type string',
} as const;

// --- source strings, copied from the rows' `source` ---------------------------------------------

const SRC = {
  skel: 'github:containernetworking/cni@v1.3.0 pkg/skel/skel.go checkVersionAndCall, pkg/version/reconcile.go, pkg/types/types.go Error()',
  pluginDescription: 'github:containernetworking/cni@v1.0.0 libcni/api.go pluginDescription',
  probe: 'evidence/debian-plugins-1.1.1-version-probe.txt',
  containerd6876: 'https://github.com/containerd/containerd/issues/6876',
  reconcile: 'github:containernetworking/cni@v1.3.0 pkg/version/reconcile.go',
  parseVersion: 'github:containernetworking/cni@v0.7.0 pkg/version/plugin.go (commit 94bf138)',
  pr893: 'github:containernetworking/cni commit 1054f8e (PR #893, v1.1.0)',
  k8sTroubleshooting: 'https://kubernetes.io/docs/tasks/administer-cluster/migrating-from-dockershim/troubleshooting-cni-plugin-related-errors/',
  containerd4012: 'https://github.com/containerd/containerd/issues/4012',
  alpha: 'github:containernetworking/cni@v0.7.0-alpha1 pkg/version/plugin.go',
  crio2588: 'https://github.com/cri-o/cri-o/issues/2588',
  cilium8184: 'https://github.com/cilium/cilium/pull/8184',
  validatePlugin: 'github:containernetworking/cni@v0.8.1..v1.3.0 libcni/api.go validatePlugin',
  ocicniLoad: 'github:cri-o/ocicni@v0.4.3 pkg/ocicni/ocicni.go loadNetworks',
  newResult: 'github:containernetworking/cni@v0.8.1 pkg/version/version.go NewResult',
  create: 'github:containernetworking/cni@v1.1.2 pkg/types/internal/create.go',
  convert: 'github:containernetworking/cni@v1.3.0 libcni/api.go, pkg/types/internal/convert.go',
  goCni75: 'https://github.com/containerd/go-cni/issues/75',
  apiCheck: 'github:containernetworking/cni@v0.7.0, @v1.3.0 libcni/api.go',
  skelCheck: 'github:containernetworking/cni@v1.0.1 pkg/skel/skel.go',
  skelGc: 'github:containernetworking/cni@v1.3.0 pkg/skel/skel.go',
  conf120: 'github:containernetworking/cni@v1.2.0 libcni/conf.go',
  conf130: 'github:containernetworking/cni@v1.3.0 libcni/conf.go',
  conf112: 'github:containernetworking/cni@v1.1.2 libcni/conf.go',
  confType: 'github:containernetworking/cni@v0.5.0..v1.3.0 libcni/conf.go ConfFromBytes / NetworkPluginConfFromBytes',
  goCniOpts: 'github:containerd/go-cni@v1.1.13 opts.go loadFromConfDir, errors.go',
  confSyncer: 'github:containerd/containerd@v2.0.0 internal/cri/server/cni_conf_syncer.go',
  pluginDecoder: 'github:containernetworking/cni@v1.3.0 pkg/version/plugin.go PluginDecoder',
  multus: 'github:k8snetworkplumbingwg/multus-cni@v4.2.4 cmd/thin_entrypoint/main.go',
  // Not rows of errorMessages: cni-compat.md §1/§3 and conventions.md ("The CNI breakages …").
  findInPath: 'github:containernetworking/cni pkg/invoke/find.go FindInPath',
  utilsName: 'github:containernetworking/cni pkg/utils/utils.go ValidateNetworkName',
  compatOtherKeys: 'cni-compat.md §1 "Other keys": network names (libcni/api.go, pkg/skel/skel.go, pkg/utils/utils.go)',
  plugins633: 'https://github.com/containernetworking/plugins/pull/633',
  flannel1471: 'https://github.com/flannel-io/flannel/issues/1471',
  flannel1082: 'https://github.com/flannel-io/flannel/issues/1082',
} as const;

// --- the catalogue ------------------------------------------------------------------------------

/** A file or directory path in a message (Go's %s of a path: no spaces, no colon after it). */
const PATH = String.raw`[^\s:"]+`;
/** Go's %T of a decoded JSON value: float64, bool, []interface {}, map[string]interface {}, <nil>. */
const GO_TYPE = String.raw`<nil>|[\w[\]*.]+(?: \{\})?`;
/** A version as printed without quotes (%s): digits and dots first, so a full stop is not taken. */
const BARE_VERSION = String.raw`\d+(?:\.\d+)*|[^\s",;\]]+`;

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    id: 'incompatible-cni-versions',
    title: "A plugin rejected the config's cniVersion",
    patterns: [
      // Optional libcni >= 1.0.0 prefix; `;` (types.Error), `:` (version.ErrorIncompatible), or the
      // plugin's own stdout JSON {"msg":"incompatible CNI versions","details":"config is …"}.
      // flannel prefixes its delegate's error with "failed to delegate add: " (`delegated`).
      new RegExp(
        String.raw`(?:plugin type="(?<type>[^"]*)"(?: name="(?<name>[^"]*)")? failed \((?<operation>[a-z]+)\): )?` +
          String.raw`(?:(?<delegated>failed to delegate add): )?` +
          String.raw`incompatible CNI versions(?:;\s*|:\s*|"\s*,\s*"details"\s*:\s*")` +
          String.raw`config is "(?<version>[^"]*)",\s*plugin supports \[(?<supported>(?:\s*"[^"]*")*)\s*\]?`,
      ),
      // The same error object pretty-printed by a plugin run by hand: "msg" and "details" on separate lines.
      /"details"\s*:\s*"config is "(?<version>[^"]*)",\s*plugin supports \[(?<supported>(?:\s*"[^"]*")*)\s*\]?/,
    ],
    meaning: (c) =>
      `${capitalised(rejecter(c))} refused to run${c.operation ? ` (${c.operation === 'add' ? 'pod network setup' : c.operation === 'delete' ? 'pod network teardown' : c.operation})` : ''}: ` +
      `the network config's cniVersion ${quote(c.version)} is not in the list of versions it accepts. Plugins compare the version by exact string.`,
    cause: (c) => {
      const supported = parseVersionList(c.supported);
      const accepts = [
        c.delegated ? `${capitalised(plugin(c))} passes the network's cniVersion on to the plugin it delegates to, and that plugin, not ${c.type ?? 'flannel'}, refused it.` : '',
        supported.length ? `It accepts ${supported.join(', ')}.` : '',
      ]
        .filter(Boolean)
        .join(' ');
      if (c.type === 'loopback' && c.version === '1.0.0') {
        return `${accepts} containerd 1.6.3's built-in loopback network ("cni-loopback") is at cniVersion 1.0.0, and this loopback binary predates containernetworking/plugins v1.0.0 (containerd#6876; the Kubernetes CNI troubleshooting page covers containerd 1.6.0-1.6.3).`.trim();
      }
      const gap = versionGap(c.version, supported);
      const why =
        gap === 'too-new'
          ? `The config is newer than this plugin binary: it was written for newer plugins, or the plugin was not upgraded along with the config.`
          : gap === 'too-old'
            ? `The config is older than this plugin accepts (bandwidth, firewall and vrf, for example, never accept 0.1.0 or 0.2.0).`
            : gap === 'not-a-version'
              ? `${quote(c.version)} is not a CNI spec version string, so no plugin lists it.`
              : '';
      return [accepts, why, c.version === '0.1.0' ? MISSING_SHOWS_AS_010 : ''].filter(Boolean).join(' ');
    },
    fix: (c) => {
      const supported = specOnly(parseVersionList(c.supported));
      if (c.type === 'loopback' && c.version === '1.0.0') {
        return 'Install the loopback binary from containernetworking/plugins v1.0.0 or later in the CNI bin directory (e.g. /opt/cni/bin), or move to containerd 1.6.4 or later, whose built-in loopback network is back at 0.3.1. `cni-migrate check --runtime containerd@1.6.3 --bin-dir /opt/cni/bin` reports an old loopback as LOOPBACK_TOO_OLD.';
      }
      const gap = versionGap(c.version, supported);
      if (gap === 'not-a-version') {
        return `Write a released spec version string that every plugin in the list accepts${supported.length ? ` (this one accepts ${supported.join(', ')})` : ''}: \`cni-migrate fix\` rewrites it, and \`${CHECK_CMD}\` reports the version every plugin accepts.`;
      }
      const target =
        gap === 'too-new' && supported.length
          ? `at most "${supported.at(-1)}" for this plugin`
          : gap === 'too-old' && supported.length
            ? `at least "${supported[0]}" for this plugin`
            : supported.length
              ? `one of ${supported.join(', ')} for this plugin`
              : 'one this plugin lists';
      return `Set cniVersion to a version every plugin in the list accepts (${target}), or upgrade ${rejecter(c)}${c.delegated ? ` in the CNI bin directory (upgrading ${c.type ?? 'flannel'} itself does not help)` : ''}. \`${CHECK_CMD}\` probes the binaries the way libcni does and reports the version to use; \`cni-migrate fix\` writes it.`;
    },
    codes: ['CNI_VERSION_UNSUPPORTED', 'CNI_VERSION_INVALID', 'CNI_VERSION_MISSING', 'CNI_VERSIONS_WITHOUT_CNI_VERSION', 'LOOPBACK_TOO_OLD'],
    references: [SRC.skel, SRC.pluginDescription, SRC.probe, SRC.containerd6876, SRC.reconcile, SRC.k8sTroubleshooting],
    confidence: 'verified (executed)',
    errorMessages: [ROW.incompatible, ROW.incompatibleColon],
    // "failed to delegate add: incompatible CNI versions …" is explained here, as the delegate's refusal.
    supersedes: ['flannel-delegate-failed'],
  },
  {
    id: 'version-empty',
    title: 'Pod teardown failed on a network config without cniVersion',
    patterns: [/invalid version "": the version is empty/],
    meaning:
      "The runtime's libcni could not parse the network's cniVersion because it is empty. This happens on DEL (pod teardown) or CHECK, so StopPodSandbox fails and the pod stays not ready with its network namespace still attached.",
    cause:
      'The network config has no cniVersion (or "", or only "cniVersions", which runtimes before libcni v1.2.0 ignore). libcni v0.7.0-v1.0.1 parses the version on DEL and CHECK and rejects an empty one: containerd 1.4.x-1.6.3 and CRI-O up to 1.23.3. ADD still works, so pods start and only fail when stopped.',
    fix: 'Add a cniVersion to the config (`cni-migrate fix /etc/cni/net.d` inserts one every plugin accepts; `cni-migrate check` reports CNI_VERSION_MISSING). The next stop attempt then succeeds. Upgrading to containerd 1.6.4+ or CRI-O 1.23.4+/1.24.0+ (libcni v1.1.0+) also removes this failure.',
    codes: ['CNI_VERSION_MISSING', 'CNI_VERSIONS_WITHOUT_CNI_VERSION'],
    references: [SRC.parseVersion, SRC.pr893, SRC.k8sTroubleshooting, SRC.containerd4012],
    confidence: 'verified (code) + doc',
    errorMessages: [ROW.empty],
  },
  {
    id: 'version-part-empty',
    title: 'Pod teardown failed on a config without cniVersion (pre-release libcni)',
    patterns: [/failed to convert major version part ""(?:: strconv\.Atoi: parsing "": invalid syntax)?/],
    meaning:
      'The same failure as \'invalid version "": the version is empty\', worded by the libcni v0.7.0 pre-releases: DEL (pod teardown) of a network whose cniVersion is missing fails.',
    cause: 'The network config has no cniVersion, and the runtime vendors a libcni v0.7.0-alpha pre-release (for example CRI-O 1.14.x).',
    fix: 'Add a cniVersion to the config (`cni-migrate fix /etc/cni/net.d` inserts one every plugin accepts), and upgrade the runtime.',
    codes: ['CNI_VERSION_MISSING'],
    references: [SRC.alpha, SRC.crio2588, SRC.cilium8184],
    confidence: 'verified (code) + issue',
    errorMessages: [ROW.atoi],
  },
  {
    id: 'version-unparseable',
    title: 'cniVersion is not a number triple',
    patterns: [/invalid version "(?<version>[^"]+)": too many parts/, /failed to convert (?<part>major|minor|micro) version part "(?<value>[^"]+)"/],
    meaning: (c) =>
      `libcni could not parse ${c.version !== undefined ? `cniVersion ${quote(c.version)}` : `the ${c.part ?? ''} part ${quote(c.value)} of the cniVersion`} as numbers. It parses the version on DEL and CHECK, so pod teardown fails.`,
    cause: 'cniVersion is written in a form that is not "x.y.z" digits, for example "v1.0.0" or "1.0.0.0". ADD usually failed first with "incompatible CNI versions".',
    fix: 'Write a released spec version (0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0) that every plugin accepts: `cni-migrate fix` rewrites it (CNI_VERSION_INVALID).',
    codes: ['CNI_VERSION_INVALID'],
    references: [SRC.parseVersion],
    confidence: 'inferred (code path)',
    errorMessages: [],
  },
  {
    id: 'plugin-does-not-support-config-version',
    title: 'Config validation failed: a plugin does not list the cniVersion',
    patterns: [/plugin (?<type>[^\s"[\]]+) does not support config version "(?<version>[^"]*)"/],
    meaning: (c) =>
      `The runtime validated the network before using it: ${plugin(c)} was run with CNI_COMMAND=VERSION and does not list cniVersion ${quote(c.version)}.`,
    cause: (c) =>
      `CRI-O (ocicni ValidateNetworkList) then logs "Error validating CNI config file" and skips the file: the default network silently falls through to the next valid file in the directory, or there is none. ${
        c.version === '0.1.0' ? 'An empty cniVersion is validated as "0.1.0", so if the config has no cniVersion, this is that case.' : ''
      }`.trim(),
    fix: (c) =>
      `Set cniVersion to a version every plugin in the list accepts, or upgrade ${plugin(c)}. \`${CHECK_CMD}\` runs the same VERSION probe and reports the version to use; \`cni-migrate fix\` writes it.`,
    codes: ['CNI_VERSION_UNSUPPORTED', 'CNI_VERSION_INVALID', 'CNI_VERSION_MISSING', 'LOAD_SKIPPED_CRIO'],
    references: [SRC.validatePlugin, SRC.ocicniLoad],
    confidence: 'verified (code)',
    errorMessages: [ROW.validate],
  },
  {
    id: 'unsupported-result-version',
    title: "The runtime's libcni does not know the config's CNI version",
    patterns: [/unsupported CNI result version "(?<version>[^"]*)"/],
    meaning: (c) =>
      `The runtime's libcni cannot read a CNI result of version ${quote(c.version)}: the plugin's ADD result, or a result cached at ADD and read back on CHECK/DEL.`,
    cause:
      'The config\'s cniVersion is newer than the runtime executes: for example "1.0.0" on libcni 0.8.x (containerd 1.4-1.5, CRI-O up to 1.22) or "1.1.0" on libcni up to 1.1.2 (containerd 1.6-1.7, CRI-O up to 1.30). A version string that is not a released spec version ends up here too.',
    fix: 'Lower cniVersion to the newest version the runtime executes (`cni-migrate check --runtime containerd@X.Y.Z` reports it as CNI_VERSION_UNSUPPORTED and `cni-migrate fix` rewrites it), or upgrade the runtime. To serve old and new runtimes from one file, keep cniVersion at the old runtime\'s version and list newer versions in "cniVersions" (read by libcni v1.2.0+ only). A NetworkAttachmentDefinition taken as a pod\'s default network gets here too: Multus hands its result to the runtime unconverted (ATTACHMENT_NEWER_THAN_RUNTIME).',
    codes: ['CNI_VERSION_UNSUPPORTED', 'CNI_VERSION_INVALID', 'ATTACHMENT_NEWER_THAN_RUNTIME'],
    references: [SRC.newResult, SRC.create],
    confidence: 'inferred (code path)',
    errorMessages: [ROW.result],
  },
  {
    id: 'cached-result-no-converter',
    title: "The cached result cannot be converted to the config's new cniVersion",
    patterns: [
      new RegExp(
        String.raw`(?:failed to convert cached result to config version "(?<version>[^"]*)": )?` +
          String.raw`no converter for CNI result version (?<from>${BARE_VERSION}) to (?<to>${BARE_VERSION})`,
      ),
    ],
    meaning: (c) =>
      `On DEL or CHECK, libcni converts the result it cached at ADD (version ${c.from ?? '?'}) to the config's current cniVersion (${c.to ?? '?'}), and no converter exists for that pair, so the pod cannot be torn down or checked.`,
    cause: (c) =>
      `cniVersion was changed while pods created under the old version were still running${
        c.from === '1.1.0' && c.to === '1.0.0' ? ' (there is no 1.1.0 to 1.0.0 converter, so this downgrade always fails on a live node)' : ''
      }, or the new version is not a released spec version (e.g. "1.0.1", containerd/go-cni#75).`,
    fix: (c) =>
      `Put cniVersion back to "${c.from ?? 'the previous version'}" until the pods created under it are gone, then change it with the node drained. Only use released spec versions, and avoid 1.1.0 to 1.0.0 downgrades on live nodes (\`cni-migrate check\` warns with VERSION_DOWNGRADE_LIVE).`,
    codes: ['CNI_VERSION_INVALID', 'VERSION_DOWNGRADE_LIVE'],
    references: [SRC.convert, SRC.goCni75],
    confidence: 'verified message (code); 1.1.0->1.0.0 case inferred',
    errorMessages: [ROW.converter],
  },
  {
    id: 'check-not-supported',
    title: 'libcni refused CHECK for a config below 0.4.0',
    patterns: [/configuration version "(?<version>[^"]*)" does not support the CHECK command/],
    meaning: (c) => `libcni refused to run CHECK on the network: CHECK exists from spec 0.4.0, and the config's cniVersion is ${quote(c.version)}.`,
    cause: (c) =>
      c.version === ''
        ? 'The config has no cniVersion; libcni v1.1.0+ reads an empty version as "0.1.0", which predates CHECK.'
        : `cniVersion ${quote(c.version)} predates the CHECK verb (spec 0.4.0).`,
    fix: 'Set cniVersion to 0.4.0 or later where every plugin accepts it (`cni-migrate check` finds the version), or add "disableCheck": true (a JSON boolean) to the list.',
    codes: ['CNI_VERSION_MISSING', 'CNI_VERSION_UNSUPPORTED'],
    references: [SRC.apiCheck],
    confidence: 'verified (code)',
    errorMessages: [ROW.checkCmd],
  },
  {
    id: 'verb-not-allowed',
    title: 'A plugin refused CHECK, GC or STATUS for this cniVersion',
    patterns: [/(?<who>config|plugin) version does not allow (?<verb>CHECK|GC|STATUS)/],
    meaning: (c) =>
      c.who === 'config'
        ? `The plugin refused ${c.verb ?? 'the command'}: the config's cniVersion is below ${VERB_MIN[c.verb ?? ''] ?? 'the version that introduced it'}, where ${c.verb ?? 'it'} was added to the spec.`
        : `The plugin refused ${c.verb ?? 'the command'}: it accepts no version at or above the config's cniVersion.`,
    cause: (c) =>
      c.who === 'config'
        ? `The plugin received ${c.verb ?? 'the command'} with a config at an older cniVersion. libcni itself sends ${c.verb ?? 'it'} only to configs at ${VERB_MIN[c.verb ?? ''] ?? 'that version'} or later (CRI-O calls CHECK, containerd 2.x and CRI-O 1.32+ call STATUS), so look at what called the plugin: a delegating meta-plugin, cnitool, or a probe.`
        : 'The plugin binary is older than the config: the config was migrated to a version the plugin does not know.',
    fix: (c) =>
      c.who === 'config'
        ? `Raise cniVersion to ${VERB_MIN[c.verb ?? ''] ?? 'a newer version'} or later where every plugin accepts it${c.verb === 'CHECK' ? ', or add "disableCheck": true to the list' : c.verb === 'GC' ? ', or add "disableGC": true to the list' : ''}.`
        : `Upgrade the plugin, or set cniVersion to one it accepts (\`${CHECK_CMD}\` finds it).`,
    codes: ['CNI_VERSION_UNSUPPORTED'],
    references: [SRC.skelCheck, SRC.probe, SRC.skelGc],
    confidence: 'verified (code)',
    errorMessages: [ROW.checkSkel, ROW.gcStatus],
  },
  {
    id: 'list-no-name',
    title: 'A network list has no name',
    patterns: [/error parsing configuration list: no name\b/],
    meaning: 'libcni could not parse a network list (.conflist): it has no top-level "name".',
    cause: 'The file lacks "name", or it is not a network list at all (a stray JSON file in the CNI config directory).',
    fix: 'Add a "name" (letters, digits, "_", "." and "-", starting with a letter or digit), or move the file out of the CNI config directory. `cni-migrate check` reports NAME_MISSING.',
    codes: ['NAME_MISSING'],
    references: [SRC.conf120, SRC.conf130],
    confidence: 'verified (code)',
    errorMessages: [ROW.list],
  },
  {
    id: 'network-name-invalid',
    title: 'The network name is missing or has characters libcni refuses',
    patterns: [/invalid characters found in network name(?:; (?<name>[^\s"]+))?/, /missing network name/],
    meaning: (c) =>
      c.name !== undefined
        ? `libcni (or the plugin) refused network name "${c.name}": names must match ^[a-zA-Z0-9][a-zA-Z0-9_.\\-]*$.`
        : 'libcni (or the plugin) refused the network: its name is missing or has characters outside letters, digits, "_", "." and "-".',
    cause: 'libcni v0.8.0 and later, and plugins built with it, validate the network name before running a plugin.',
    fix: 'Give the network a name of letters, digits, "_", "." and "-", starting with a letter or digit. `cni-migrate check` reports NAME_MISSING or NAME_INVALID.',
    codes: ['NAME_MISSING', 'NAME_INVALID'],
    references: [SRC.utilsName, SRC.compatOtherKeys],
    confidence: 'verified (code)',
    errorMessages: [],
  },
  {
    id: 'list-no-plugins-key',
    title: 'A .conflist has no "plugins" key',
    patterns: [/error parsing configuration list: (?:`loadOnlyInlinedPlugins` is true, and )?no 'plugins' key/],
    meaning: 'libcni read a file as a network list (.conflist) but it has no "plugins" array.',
    cause: 'A single-plugin config was saved with the .conflist extension. (libcni up to v1.2.x; from v1.3.0 this error only appears with "loadOnlyInlinedPlugins": true, because plugins may also come from <confdir>/<name>/.)',
    fix: 'Rename the file to .conf, or wrap the config in a list: {"cniVersion": …, "name": …, "plugins": [ {…} ]}. `cni-migrate check` reports this as CONFLIST_WITHOUT_PLUGINS.',
    codes: ['CONFLIST_WITHOUT_PLUGINS'],
    references: [SRC.conf120, SRC.conf130],
    confidence: 'verified (code)',
    errorMessages: [ROW.list],
  },
  {
    id: 'list-no-plugins',
    title: 'A network list has an empty "plugins" array',
    patterns: [/error parsing configuration list: no plugins in list/],
    meaning: 'libcni could not parse a network list: its "plugins" array is empty.',
    cause: 'The list was emptied (by a template that rendered no plugins, or by an edit).',
    fix: 'Put at least one plugin in "plugins", or remove the file. `cni-migrate check` reports this as PLUGIN_LIST_EMPTY.',
    codes: ['PLUGIN_LIST_EMPTY'],
    references: [SRC.conf120, SRC.conf130],
    confidence: 'verified (code)',
    errorMessages: [ROW.list],
  },
  {
    id: 'list-invalid-cniversion-type',
    title: 'cniVersion is not a string',
    patterns: [new RegExp(String.raw`error parsing configuration list: invalid cniVersion type (?<goType>${GO_TYPE})`)],
    meaning: (c) => `libcni could not parse a network list: its cniVersion is a JSON ${c.goType === 'float64' ? 'number' : (c.goType ?? 'value')}, not a string.`,
    cause: 'cniVersion was written without quotes (e.g. 1.0 instead of "1.0.0"), often by a template.',
    fix: 'Write cniVersion as a quoted released version string, e.g. "cniVersion": "1.0.0".',
    codes: ['CNI_VERSION_INVALID'],
    references: [SRC.conf120, SRC.conf130],
    confidence: 'verified (code)',
    errorMessages: [ROW.list],
  },
  {
    id: 'list-invalid-cniversions',
    title: '"cniVersions" is not a list of version strings',
    patterns: [
      new RegExp(String.raw`error parsing configuration list: invalid type for cniVersions(?: index (?<index>\d+))?: (?<goType>${GO_TYPE})`),
      /error parsing configuration list: invalid cniVersions entry (?<entry>[^\s:]*) at index (?<index>\d+)/,
      /error parsing configuration list: invalid cniVersion (?<version>[^\s:]*):/,
    ],
    meaning: 'libcni v1.2.0+ could not parse the "cniVersions" array of a network list (or the cniVersion beside it).',
    cause: (c) =>
      c.entry !== undefined
        ? `Entry ${c.index ?? '?'} of "cniVersions" ("${c.entry}") is not a version libcni can parse.`
        : c.version !== undefined
          ? `cniVersion "${c.version}" cannot be parsed, and libcni compares it with "cniVersions".`
          : '"cniVersions" must be an array of version strings.',
    fix: 'Write "cniVersions" as an array of released spec version strings, e.g. ["0.4.0", "1.0.0", "1.1.0"], and keep cniVersion a released version old runtimes accept.',
    codes: ['CNI_VERSION_INVALID'],
    references: [SRC.conf120, SRC.conf130],
    confidence: 'verified (code)',
    errorMessages: [ROW.list],
  },
  {
    id: 'list-invalid-bool',
    title: 'disableCheck (or disableGC) is not a JSON boolean',
    patterns: [
      new RegExp(String.raw`error parsing configuration list: invalid (?<key>disableCheck) type (?<goType>${GO_TYPE})`),
      new RegExp(String.raw`error parsing configuration list: invalid type (?<goType>${GO_TYPE}) for (?<key>disableCheck|disableGC|loadOnlyInlinedPlugins)`),
      /error parsing configuration list: invalid value "(?<value>[^"]*)" for (?<key>disableCheck|disableGC|loadOnlyInlinedPlugins)/,
    ],
    meaning: (c) => `libcni could not parse a network list: "${c.key ?? 'disableCheck'}" has a value it does not accept${c.value !== undefined ? ` ("${c.value}")` : c.goType ? ` (a ${c.goType})` : ''}.`,
    cause: (c) =>
      c.goType === 'string'
        ? 'The spec calls disableCheck a string, but libcni v0.7.0-v1.1.2 (containerd up to 1.7.x, CRI-O up to 1.30) accepts only a JSON boolean; strings are accepted from libcni v1.2.0.'
        : 'libcni accepts a JSON boolean (and, from v1.2.0, the strings "true"/"false").',
    fix: (c) => `Write a JSON boolean: "${c.key ?? 'disableCheck'}": true (not "true").`,
    codes: [],
    references: [SRC.conf112, SRC.conf120, SRC.conf130],
    confidence: 'verified (code)',
    errorMessages: [ROW.disableCheck, ROW.list],
  },
  {
    id: 'missing-type',
    title: 'A single-plugin config has no "type"',
    patterns: [/error parsing configuration: missing 'type'/],
    meaning: 'libcni read a single-plugin config (.conf or .json), or one plugin of a list, and found no "type", so it does not know which binary to run.',
    cause: 'Most often a network list (with "plugins") saved with a .conf or .json extension: runtimes read those extensions as single configs. Otherwise a plugin object lost its "type".',
    fix: 'Rename a list to .conflist (`cni-migrate check` reports CONF_HOLDS_LIST), or add the missing "type".',
    codes: ['CONF_HOLDS_LIST', 'PLUGIN_TYPE_INVALID'],
    references: [SRC.confType, SRC.flannel1082],
    confidence: 'verified (code)',
    errorMessages: [ROW.missingType],
  },
  {
    id: 'config-json-syntax',
    title: 'A CNI config is not valid JSON',
    patterns: [
      /error parsing configuration(?<list> list)?: (?<problem>invalid character '(?:\\.|[^'])*' [a-z ]*[a-z]|unexpected end of JSON input|json: cannot unmarshal [a-z]+ into Go [^:"]*[^\s:"])/,
    ],
    meaning: (c) => `libcni could not parse a CNI config${c.list ? ' list' : ''} as JSON: ${c.problem ?? ''}.`,
    cause: (c) => {
      const p = c.problem ?? '';
      if (p.startsWith("invalid character '/'")) return 'A // or /* */ comment: Go\'s encoding/json accepts none.';
      if (/^invalid character '[}\]]' looking for beginning of (object key string|value)/.test(p)) return 'Probably a trailing comma before } or ].';
      if (p.startsWith("invalid character 'ï'")) return 'A UTF-8 byte order mark at the start of the file.';
      if (p.startsWith("invalid character '\\u00a0'")) return 'A non-breaking space (NBSP) used as indentation.';
      if (p === 'unexpected end of JSON input') return 'The file is empty or truncated.';
      if (p.startsWith('json: cannot unmarshal')) return 'A key has the wrong JSON type (for example a number where a string belongs).';
      return 'The file is not strict JSON (a missing comma or quote, an unrendered template token, …).';
    },
    fix: 'Repair the JSON: `cni-migrate check` on the file gives the line and column (JSON_PARSE_ERROR, or JSON_NOT_STRICT for comments, trailing commas, BOM and NBSP). containerd stops loading configs at such a file; CRI-O skips it.',
    codes: ['JSON_PARSE_ERROR', 'JSON_NOT_STRICT'],
    references: [SRC.conf130, SRC.confType],
    confidence: 'verified (code)',
    errorMessages: [],
  },
  {
    id: 'containerd-config-load-failed',
    title: 'containerd failed to load a CNI config file',
    patterns: [new RegExp(String.raw`failed to (?:load|convert) CNI config (?<list>list )?file (?<file>${PATH})(?=[: ])`)],
    meaning: (c) =>
      `containerd (go-cni) could not load ${c.file ?? 'a CNI config file'} and stopped loading CNI configs: it aborts at the first file that fails, so no CNI network is usable ("cni plugin not initialized").`,
    cause: 'The text after the file name says why; cni-migrate explains it separately when it knows the message.',
    fix: (c) =>
      `Fix or remove ${c.file ?? 'the file'}: \`cni-migrate check ${c.file ?? '/etc/cni/net.d'}\` reports parse errors with line and column. containerd reloads when the directory changes.`,
    codes: ['LOAD_ABORTS_CONTAINERD', 'JSON_PARSE_ERROR', 'JSON_NOT_STRICT', 'CONFLIST_WITHOUT_PLUGINS', 'PLUGIN_LIST_EMPTY', 'NAME_MISSING'],
    references: [SRC.goCniOpts, SRC.confSyncer],
    confidence: 'verified (code)',
    errorMessages: [ROW.goCni],
  },
  {
    id: 'containerd-network-type-not-found',
    title: 'containerd read a network list from a .conf/.json file',
    patterns: [new RegExp(String.raw`network type not found in (?<file>${PATH}): invalid cni config`)],
    meaning: (c) =>
      `containerd (go-cni) read ${c.file ?? 'a .conf/.json file'} as a single-plugin config and found no "type"; it aborts loading every CNI config, and the node reports "cni plugin not initialized".`,
    cause: 'A network list (with "plugins") saved with a .conf or .json extension.',
    fix: (c) => `Rename ${c.file ?? 'the file'} to .conflist. \`cni-migrate check\` reports this as CONF_HOLDS_LIST.`,
    codes: ['CONF_HOLDS_LIST', 'LOAD_ABORTS_CONTAINERD'],
    references: [SRC.goCniOpts, SRC.confSyncer, SRC.flannel1082],
    confidence: 'verified (code)',
    errorMessages: [ROW.goCni],
  },
  {
    id: 'containerd-no-network-config',
    title: 'containerd found no CNI config file',
    patterns: [new RegExp(String.raw`no network config found in (?<dir>${PATH}): cni plugin not initialized`)],
    meaning: (c) => `containerd found no .conf, .conflist or .json file in ${c.dir ?? 'its CNI config directory'}, so pod networking is not ready.`,
    cause: "The CNI DaemonSet has not written its config yet (normal for a short time while a node starts), the configs are in another directory than containerd's conf_dir (cni_conf_dir per runtime class), or they have another extension.",
    fix: 'Check that the CNI DaemonSet pod on this node is running and which directory it writes to; compare with conf_dir in containerd\'s config.',
    codes: [],
    references: [SRC.goCniOpts, SRC.confSyncer],
    confidence: 'verified (code)',
    errorMessages: [ROW.goCni],
    supersedes: ['cni-plugin-not-initialized'],
  },
  {
    id: 'cni-plugin-not-initialized',
    title: 'Pod networking is not ready: no CNI config loaded',
    patterns: [/cni plugin not initialized/],
    meaning: 'The runtime reports the pod network as not ready (NetworkReady=false, NetworkPluginNotReady): it has no loaded CNI config, so no pod sandbox can be created and the node stays NotReady.',
    cause:
      'No config in the CNI config directory yet, or the first file containerd reached failed to parse, which aborts the whole load. Look for "failed to load CNI config" or "network type not found" in the containerd log.',
    fix: 'Run `cni-migrate check /etc/cni/net.d` on the node to find a file that does not parse; otherwise check that the CNI DaemonSet wrote its config.',
    codes: ['LOAD_ABORTS_CONTAINERD', ...LOAD_CODES],
    references: [SRC.goCniOpts, SRC.confSyncer],
    confidence: 'verified (code)',
    errorMessages: [ROW.goCni],
  },
  {
    id: 'containerd-cni-init-failed',
    title: 'containerd could not load CNI configs at startup',
    patterns: [/failed to load cni during init, please check CRI plugin status before setting up network for pods/],
    meaning: "containerd's CRI plugin could not load any CNI config when it started. It keeps watching the directory, but pods get no network until a config loads.",
    cause: 'The error logged with this line says why: no config yet, or a file that fails to parse.',
    fix: 'Run `cni-migrate check /etc/cni/net.d` on the node; fix or remove the file it reports.',
    codes: ['LOAD_ABORTS_CONTAINERD', ...LOAD_CODES],
    references: [SRC.goCniOpts, SRC.confSyncer],
    confidence: 'verified (code)',
    errorMessages: [ROW.goCni],
  },
  {
    id: 'crio-no-type',
    title: 'CRI-O skipped a .conf/.json file that holds a network list',
    patterns: [new RegExp(String.raw`Error loading CNI config file (?<file>${PATH}): no 'type'; perhaps this is a \.conflist\?`)],
    meaning: (c) =>
      `CRI-O (ocicni) read ${c.file ?? 'a .conf/.json file'} as a single-plugin config, found no "type" and skipped it. It continues with the next file, so the node may use a different network than intended.`,
    cause: 'A network list (with "plugins") saved with a .conf or .json extension.',
    fix: (c) => `Rename ${c.file ?? 'the file'} to .conflist. \`cni-migrate check\` reports this as CONF_HOLDS_LIST.`,
    codes: ['CONF_HOLDS_LIST', 'LOAD_SKIPPED_CRIO'],
    references: [SRC.ocicniLoad, SRC.flannel1082],
    confidence: 'verified (code)',
    errorMessages: [ROW.ocicni],
  },
  {
    id: 'crio-config-load-failed',
    title: 'CRI-O skipped a CNI config file it could not load',
    patterns: [new RegExp(String.raw`Error (?:loading CNI config (?<list>list )?file|converting CNI config file) (?<file>${PATH})(?=:(?! no 'type')| to list)`)],
    meaning: (c) =>
      `CRI-O (ocicni) could not load ${c.file ?? 'a CNI config file'} and skipped it. It continues with the next file, so the node may use a different network than intended, or none.`,
    cause: 'The text after the file name says why; cni-migrate explains it separately when it knows the message.',
    fix: (c) => `Fix or remove ${c.file ?? 'the file'}: \`cni-migrate check ${c.file ?? '/etc/cni/net.d'}\` reports parse errors with line and column.`,
    codes: ['LOAD_SKIPPED_CRIO', ...LOAD_CODES],
    references: [SRC.ocicniLoad],
    confidence: 'verified (code)',
    errorMessages: [ROW.ocicni],
  },
  {
    id: 'crio-validation-failed',
    title: 'CRI-O skipped a config that failed validation',
    // Not kubelet's "Error validating CNI config list {…}" (kubelet-cni-validation-failed).
    patterns: [new RegExp(String.raw`Error validating CNI config (?:file (?<file>${PATH})|list\b(?! \{|" configList=))`)],
    meaning: (c) =>
      `CRI-O (ocicni) validated ${c.file ?? 'a network list'} by running every plugin's VERSION command, and it failed, so the file was skipped. The default network falls through to the next valid file in the directory, without an error at pod start.`,
    cause: 'The text after this says why: usually \'plugin X does not support config version "Y"\' (the cniVersion is not in a plugin\'s list) or \'failed to find plugin "X"\'.',
    fix: 'Set cniVersion to a version every plugin accepts and make sure every plugin binary is installed: `cni-migrate check /etc/cni/net.d --bin-dir /opt/cni/bin` runs the same check.',
    codes: ['LOAD_SKIPPED_CRIO', 'CNI_VERSION_UNSUPPORTED', 'CNI_VERSION_MISSING', 'PLUGIN_BINARY_MISSING'],
    references: [SRC.ocicniLoad, SRC.validatePlugin],
    confidence: 'verified (code)',
    errorMessages: [ROW.ocicni],
  },
  {
    id: 'config-list-no-networks',
    title: 'A network list has no plugins and was skipped',
    patterns: [new RegExp(String.raw`CNI config list (?:in config file )?(?<file>${PATH}) has no networks, skipping`)],
    meaning: (c) => `The runtime loaded ${c.file ?? 'a network list'} but it has no plugins. CRI-O skips it; containerd (go-cni) aborts loading every CNI config.`,
    cause: 'The "plugins" array is empty or missing (libcni v1.3.0 no longer rejects a list without "plugins" while parsing).',
    fix: 'Put the plugins in a "plugins" array, or remove the file. `cni-migrate check` reports PLUGIN_LIST_EMPTY or CONFLIST_WITHOUT_PLUGINS.',
    codes: ['PLUGIN_LIST_EMPTY', 'CONFLIST_WITHOUT_PLUGINS', 'LOAD_ABORTS_CONTAINERD', 'LOAD_SKIPPED_CRIO'],
    references: [SRC.ocicniLoad, SRC.goCniOpts, SRC.confSyncer],
    confidence: 'verified (code)',
    errorMessages: [ROW.ocicni, ROW.goCni],
  },
  {
    id: 'multus-master-no-cniversion',
    title: "Multus: the master CNI config has no cniVersion",
    patterns: [/cannot get cniVersion in master CNI config file "(?<file>[^"]*)"/],
    meaning: (c) =>
      `The Multus thin entrypoint could not read a cniVersion from the master config${c.file ? ` "${c.file}"` : ''} (the first config in the directory, which Multus wraps), so it did not write its own config.`,
    cause: 'The master CNI config has no cniVersion key (a "cniVersions" array alone does not count).',
    fix: 'Add a cniVersion to the master config (`cni-migrate fix` inserts one every plugin accepts), then restart the Multus pod.',
    codes: ['CNI_VERSION_MISSING', 'CNI_VERSIONS_WITHOUT_CNI_VERSION'],
    references: [SRC.multus],
    confidence: 'verified (code)',
    errorMessages: [ROW.multus],
  },
  {
    id: 'multus-version-mismatch',
    title: "Multus: --cni-version differs from the master config's cniVersion",
    patterns: [/Multus cni version is "(?<multus>[^"]*)" while master plugin cni version is "(?<version>[^"]*)"/],
    meaning: (c) =>
      `The Multus thin entrypoint was started with --cni-version "${c.multus ?? ''}", but the master CNI config says "${c.version ?? ''}"; it refuses to write its config.`,
    cause: "Typically the master config's cniVersion was migrated while the Multus DaemonSet still passes the old --cni-version.",
    fix: (c) =>
      `Make them equal: set --cni-version to "${c.version ?? ''}" in the Multus DaemonSet, or drop the flag so Multus follows the master config (--force-cni-version overrides the master instead).`,
    codes: [],
    references: [SRC.multus],
    confidence: 'verified (code)',
    errorMessages: [ROW.multus],
  },
  {
    id: 'plugin-binary-not-found',
    title: 'A plugin binary is not in the CNI bin directory',
    patterns: [/failed to find plugin "(?<type>[^"]+)" in paths? (?<path>\[[^\]]*\]|[^\s,;"]+)/],
    meaning: (c) => `The runtime looked for the "${c.type ?? ''}" plugin binary in ${c.path ?? 'its CNI bin directories'} and did not find it.`,
    cause: (c) =>
      c.type === 'flannel'
        ? 'containernetworking/plugins v1.0.0 removed the flannel plugin; it now ships from flannel-io/cni-plugin (the flannel DaemonSet installs it).'
        : 'The plugin is not installed on this node, or it is installed in another directory than the runtime searches (containerd bin_dir, CRI-O plugin_dirs).',
    fix: (c) =>
      `Install the "${c.type ?? ''}" binary in the CNI bin directory${c.type === 'flannel' ? ' from flannel-io/cni-plugin' : ''}. \`cni-migrate check --bin-dir DIR\` reports missing binaries as PLUGIN_BINARY_MISSING${
        c.type === 'flannel' ? ', and `--plugin cni-plugins@RELEASE` reports PLUGIN_NOT_SHIPPED' : ''
      }.`,
    codes: ['PLUGIN_BINARY_MISSING', 'PLUGIN_NOT_SHIPPED'],
    references: [SRC.findInPath, SRC.plugins633, SRC.flannel1471],
    confidence: 'verified (code)',
    errorMessages: [],
  },
  {
    id: 'version-info-decode',
    title: "The runtime could not read a plugin's VERSION reply",
    patterns: [/decoding version info: missing field (?<field>supportedVersions|cniVersion)/],
    meaning: (c) => `The runtime ran a plugin with CNI_COMMAND=VERSION and its reply has no "${c.field ?? ''}" field.`,
    cause: 'The plugin predates spec 0.2.0 (no VERSION command), or a wrapper script answers something else.',
    fix: 'Upgrade the plugin. `cni-migrate check --bin-dir DIR` runs the same probe and reports PROBE_FAILED.',
    codes: ['PROBE_FAILED', 'PLUGIN_UNKNOWN'],
    references: [SRC.pluginDecoder],
    confidence: 'verified (code)',
    errorMessages: [ROW.versionInfo],
  },
  // Failures that are not about the config's version or syntax (src/explain/operational.ts).
  ...OPERATIONAL,
];
