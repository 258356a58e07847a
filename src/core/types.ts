/**
 * Shapes shared by the pure core, the renderers and the CLI.
 * Offsets are UTF-16 code-unit offsets into the original text, as JavaScript strings index them.
 */

/**
 * A text edit, in jsonc-parser's shape so its `modify()` output passes through unchanged.
 * Offsets refer to the original text; edits of one plan never overlap and are sorted by offset.
 */
export interface Edit {
  readonly offset: number;
  readonly length: number;
  readonly content: string;
}

/** A file as the core sees it: no file system, just a name (for extension rules and messages) and text. */
export interface FileInput {
  readonly path: string;
  readonly text: string;
  /** Set when `path` is the name a template renders to: the template file's own path. */
  readonly templateOf?: string;
  /**
   * Whether the file lies in a directory runtimes load configs from (one named `net.d`). When
   * absent, a `net.d` component of `path` says so; a caller that knows the real location sets it.
   */
  readonly inNodeDirectory?: boolean;
}

/** 1-based line and column, for display only; the core works in offsets. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

export type Severity = 'error' | 'warning' | 'info';

/** Where a supported-versions fact came from, most trusted first. */
export type SupportSource =
  | { readonly kind: 'probe'; readonly binary: string }
  | { readonly kind: 'flag'; readonly flag: string }
  | {
      readonly kind: 'data';
      /** The release the data row was chosen for; absent when no release was stated. */
      readonly release?: string;
      /** Who stated that release: a flag, or an image tag in the manifest. */
      readonly releaseFrom?: string;
      readonly project: string;
      readonly releases: string | null;
      readonly references: readonly string[];
    };

/** `calico/cni` at Calico `calico` installs this plugin from `statement` (`cni-plugins@1.1.1`, `calico-cni-plugins@3.30.0`). */
export interface CalicoInstalls {
  readonly calico: string;
  readonly statement: string;
}

/**
 * What is known about one plugin type's accepted `cniVersion` strings.
 * `exact` lists are what the binary accepts. An inexact fact (release not stated) splits into
 * `certain` (every release in the data accepts it) and `possible` (some release does).
 */
export type PluginSupport = (
  | {
      readonly type: string;
      readonly status: 'exact';
      readonly versions: readonly string[];
      readonly sources: readonly SupportSource[];
    }
  | {
      readonly type: string;
      readonly status: 'release-unknown';
      readonly certain: readonly string[];
      /**
       * Versions every release from the warning floor on accepts (data/release-floors.ts); the
       * test for CNI_VERSION_UNCONFIRMED. Absent: the same as `certain`.
       */
      readonly settled?: readonly string[];
      readonly possible: readonly string[];
      /** Each data row, so a message can say from which release a version is accepted. */
      readonly rows: readonly { readonly releases: string | null; readonly versions: readonly string[]; readonly project: string }[];
      readonly sources: readonly SupportSource[];
      /**
       * With a Calico release stated and calico in the chain, the build of this plugin Calico's
       * own installer (calico/cni) copies onto nodes: what to state if that is where it came from.
       */
      readonly calicoInstalls?: CalicoInstalls;
    }
  /** `templated`: the type is filled in when a template is rendered (`"{{ .Values.ipam }}"`, `__IPAM_TYPE__`). */
  | { readonly type: string; readonly status: 'unknown'; readonly templated?: true }
) & {
  /**
   * Not a plugin of the config but the program that runs it with the libcni it vendors (Multus,
   * for a NetworkAttachmentDefinition's config and a Multus config's delegates): a version it
   * does not execute fails as one newer than a runtime's libcni does.
   */
  readonly executor?: true;
};

/** The container runtime whose libcni bounds the versions a config may use. */
export interface RuntimeTarget {
  readonly name: 'containerd' | 'cri-o';
  readonly version: string;
  readonly libcni: string;
  /** libcni's `Current()`: the newest config version this runtime can execute. */
  readonly maxConfigVersion: string;
  readonly emptyCniVersionDelBug: boolean;
  /** The cniVersion of containerd's built-in loopback network (1.0.0 in containerd 1.6.3). */
  readonly loopbackConfigVersion?: string;
  readonly references: readonly string[];
}

/** Role of a plugin inside a network: a chain member, the IPAM it delegates to, or a flannel-style delegate. */
export type PluginRole = 'plugin' | 'ipam' | 'delegate';

export interface PluginRef {
  readonly type: string;
  readonly role: PluginRole;
  /** Offset of the `type` value token, for diagnostics (an implied plugin's: the plugin's that runs it). */
  readonly offset: number;
  /**
   * Not written in the config but run by it: the `bridge` and `host-local` flannel runs its
   * delegate with when the config names no other.
   */
  readonly implied?: true;
}

/** What the planner decided for one network's `cniVersion`. */
/**
 * Plugins of unknown release that hold the version below what the runtime and the other plugins
 * would allow: stating their release (under `names`), or probing them, may allow a newer one.
 * Front ends say how (the CLI: `--plugin NAME@RELEASE` or `--bin-dir`).
 */
export interface ReleaseHint {
  readonly plugins: readonly string[];
  readonly names: readonly string[];
}

export type VersionDecision = (
  | { readonly action: 'keep'; readonly version: string; readonly reason: string }
  | { readonly action: 'insert' | 'rewrite'; readonly from: string | null; readonly version: string; readonly reason: string }
  | { readonly action: 'none'; readonly reason: string }
) & { readonly releaseHint?: ReleaseHint };

export interface NetworkPlan {
  /** The network's `name`, when it has a string one. */
  readonly name: string | null;
  /** Where a network embedded in a manifest is (`ConfigMap kube-system/calico-config data.cni_network_config`). */
  readonly location?: string;
  /** `conflist` for a network list, `conf` for a single-plugin config. */
  readonly kind: 'conflist' | 'conf';
  /** The `cniVersion` as written: null when absent, the raw JSON text when it is not a string. */
  readonly currentVersion: string | null;
  readonly plugins: readonly PluginRef[];
  readonly support: readonly PluginSupport[];
  /** Versions acceptable to every plugin (certainly) and to the runtime, newest last. */
  readonly supportedByAll: readonly string[];
  readonly decision: VersionDecision;
  /**
   * The spec 1.1.0 `cniVersions` array the plan writes (only with the `cniVersions` option, in a
   * network list): `from` is the array as written, null when the plan inserts it.
   */
  readonly cniVersions?: { readonly from: readonly string[] | null; readonly versions: readonly string[] };
  /**
   * When more than one runtime is listed: the version each one runs the planned network at (libcni
   * v1.2.0+ picks from `cniVersion` and `cniVersions`, older libcni reads `cniVersion` only); null
   * when the network has no version that can be read.
   */
  readonly executes?: readonly { readonly runtime: string; readonly version: string | null }[];
}
