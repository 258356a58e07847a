/**
 * Diagnostic codes are public API: each is documented once in docs/diagnostics.md and never
 * renamed. The core only builds data; `formatDiagnostic` (src/render/messages.ts) makes text.
 */
import type { CalicoInstalls, Severity } from './types.js';

/** A plugin of unknown release only some of whose releases accept a version. */
export interface UnconfirmedPlugin {
  readonly type: string;
  /** The projects whose releases ship this type, as `--plugin PROJECT@RELEASE` names them. */
  readonly projects: readonly string[];
  /** The releases that accept the version, by project, ranges that meet joined (`>=0.8.0`). */
  readonly acceptedFrom: readonly { readonly project: string; readonly releases: string }[];
  /** The build calico/cni at the stated Calico release installs, where that is known (plugin-support.ts). */
  readonly calicoInstalls?: CalicoInstalls;
}

/** Typed arguments per code: a discriminated union, so each renderer case sees its own fields. */
export interface DiagnosticArgs {
  JSON_PARSE_ERROR: { readonly problem: string };
  JSON_NOT_STRICT: { readonly problems: readonly string[] };
  TEMPLATE_PLACEHOLDER: { readonly tokens: readonly string[] };
  TEMPLATE_DIRECTIVES: { readonly count: number; readonly first: string };
  DUPLICATE_KEY: { readonly key: string; readonly count: number };
  KEY_CASE_VARIANT: {
    /** The field libcni reads (`cniVersion`, `type`). */
    readonly key: string;
    /** The spellings written, in document order (`cniVersion`, `cniversion`). */
    readonly spellings: readonly string[];
    /** The spelling libcni reads; null when it reads none (a list's top level takes the exact key only). */
    readonly read: string | null;
  };
  CONF_HOLDS_LIST: Record<string, never>;
  /** `untyped`: the object has no `type` either, so it is no single config (a misspelt `"plugins"`, an empty object). */
  CONFLIST_WITHOUT_PLUGINS: { readonly untyped?: true };
  PLUGIN_LIST_EMPTY: Record<string, never>;
  CNI_VERSION_MISSING: { readonly inserted: string | null };
  CNI_VERSION_INVALID: { readonly value: string; readonly replacement: string | null };
  CNI_VERSION_UNSUPPORTED: {
    readonly version: string;
    readonly replacement: string | null;
    /** Plugins that reject the version, each with what it accepts. */
    readonly plugins: readonly string[];
    /** The runtime, when the version is newer than its libcni executes. */
    readonly runtime: string | null;
    /** What runs the config instead of the runtime (Multus), when its libcni does not execute the version. */
    readonly executor?: string;
  };
  CNI_VERSION_UNCONFIRMED: {
    readonly version: string;
    readonly plugins: readonly UnconfirmedPlugin[];
    /** Set when the version is one `cniVersions` makes these runtimes run (not the `cniVersion` itself). */
    readonly runtimes?: string;
  };
  CNI_VERSION_NO_COMMON: {
    readonly plugins: readonly string[];
    /**
     * Set when some releases of the plugins of unknown release do share a version: the names to
     * state their release under (`cni-plugins`), as a release hint's.
     */
    readonly releases?: readonly string[];
  };
  CHAINED_PLUGIN_ENTRY: { readonly type: string; readonly project: string };
  CNI_VERSION_TEMPLATED: {
    /** The template text as written (`"{{ .Values.cni.version }}"`). */
    readonly template: string;
    /** Versions every plugin and the runtime accept; null when a plugin is unknown. */
    readonly accepted: readonly string[] | null;
    /** What the template should render: the requested target when accepted, else the newest accepted. */
    readonly render: string | null;
    /** A requested target version that the chain or runtime rejects. */
    readonly targetRefused: string | null;
  };
  TARGET_VERSION_UNSUPPORTED: {
    readonly target: string;
    /** Plugins that reject the target, each with what it accepts. */
    readonly plugins: readonly string[];
    readonly runtime: string | null;
    readonly executor?: string;
    readonly supportedByAll: readonly string[];
    /** Plugins of unknown release only some of whose releases accept the target. */
    readonly unconfirmed?: readonly UnconfirmedPlugin[];
    /** Plugin types nothing is known about (or a template writes): whether they accept the target cannot be said. */
    readonly unknown?: readonly string[];
    /** Those of `unknown` a template writes (`{{.IPAMConfig | indent 6}}`): known once it is rendered. */
    readonly templated?: readonly string[];
  };
  /** `templated`: the type is filled in by a template, so which plugin runs is not known here. */
  PLUGIN_UNKNOWN: { readonly type: string; readonly templated?: boolean };
  /** Shipped from a later release (`addedIn`), or no longer (`removedIn`, and where it is shipped now). */
  PLUGIN_NOT_SHIPPED: { readonly type: string; readonly project: string; readonly release: string } & (
    | { readonly removedIn: string; readonly replacement: string }
    | { readonly addedIn: string }
  );
  NAME_MISSING: { readonly list: boolean };
  NAME_INVALID: { readonly name: string };
  CNI_VERSIONS_WITHOUT_CNI_VERSION: { readonly versions: readonly string[] };
  VERSION_DOWNGRADE_LIVE: { readonly from: string; readonly to: string };
  ATTACHMENT_NEWER_THAN_RUNTIME: { readonly version: string; readonly runtime: string };
  REMOTE_MANIFEST_NOT_READ: {
    readonly url: string;
    /** `kustomization resources`, `Talos cluster.network.cni.urls`. */
    readonly where: string;
    /** The URL's file name, for the command that checks it. */
    readonly file: string;
    /** For a known upstream manifest (knowledge/data/remote-manifests.ts): whose, and where it holds its CNI config. */
    readonly project?: string;
    readonly holds?: string;
  };
  MULTUS_PRIMARY_VERSION: { readonly from: string | null; readonly to: string };
  CNI_VERSIONS_UNSUPPORTED: { readonly effective: string; readonly cniVersion: string | null; readonly runtime: string };
  LOOPBACK_TOO_OLD: { readonly runtime: string; readonly accepts: readonly string[]; readonly needs: string };
  LOAD_ABORTS_CONTAINERD: { readonly directory: string; readonly reason: string };
  LOAD_SKIPPED_CRIO: { readonly directory: string; readonly reason: string; readonly instead: string | null };
  LOAD_SHADOWED: { readonly directory: string; readonly by: string };
  DUPLICATE_NETWORK_NAME: { readonly name: string; readonly files: readonly string[] };
  PLUGIN_RELEASE_NOT_IN_DATA: {
    readonly type: string;
    readonly release: string;
    readonly known: readonly string[];
    /** For a Calico release stated as calico-cni-plugins that installs an upstream release instead: that release (`cni-plugins@1.1.1`). */
    readonly calicoInstalls?: string;
  };
  PLUGIN_TYPE_INVALID: { readonly type: string };
  PLUGIN_BINARY_MISSING: { readonly type: string; readonly binDir: string };
  PROBE_FAILED: { readonly type: string; readonly binary: string; readonly problem: string };
  /** `reason`: why, when it is not the string's style (an alias that uses it as a mapping key). */
  EMBEDDED_EDIT_UNSAFE: { readonly location: string; readonly style: string; readonly reason?: string };
  YAML_PARSE_ERROR: { readonly problem: string };
  TEMPLATE_NOT_PARSED: {
    readonly syntax: string;
    readonly problem: string;
    /** The literal cniVersion values the unread part holds, by line, so none goes unmentioned. */
    readonly cniVersions: readonly { readonly value: string; readonly line: number }[];
  };
  IMAGE_TAG_UNUSABLE: {
    readonly image: string;
    readonly where: string;
    readonly problem: string;
    /** The whole image is templated (`{{ .Values.image }}`): it may be any image, one installing no plugin. */
    readonly anyImage?: true;
  };
  INTERNAL_VERIFY_FAILED: { readonly problem: string };
}

export type DiagnosticCode = keyof DiagnosticArgs;

/** Where a diagnostic points: offsets into the file's text, with 1-based line/column added for display. */
export interface DiagnosticPosition {
  readonly offset: number;
  readonly length: number;
  readonly line: number;
  readonly column: number;
}

export type Diagnostic = {
  [C in DiagnosticCode]: {
    readonly code: C;
    readonly severity: Severity;
    readonly args: DiagnosticArgs[C];
    readonly position?: DiagnosticPosition;
  };
}[DiagnosticCode];

interface CodeInfo {
  readonly severity: Severity;
  readonly title: string;
}

/** One row per code; `satisfies` makes a missing row a compile error. */
export const DIAGNOSTIC_CODES = {
  JSON_PARSE_ERROR: { severity: 'error', title: 'The file looks like a CNI config but cannot be parsed' },
  JSON_NOT_STRICT: { severity: 'error', title: "JSON that Go's encoding/json (and so every runtime) rejects" },
  TEMPLATE_PLACEHOLDER: { severity: 'info', title: 'Unquoted template placeholder kept as is' },
  TEMPLATE_DIRECTIVES: { severity: 'info', title: 'Template directives kept as written; the JSON around them was read' },
  DUPLICATE_KEY: { severity: 'warning', title: 'A key appears more than once; the runtime uses the last one' },
  KEY_CASE_VARIANT: { severity: 'warning', title: 'A key is written in another case; libcni reads only one spelling' },
  CONF_HOLDS_LIST: { severity: 'error', title: 'A .conf/.json file holds a network list' },
  CONFLIST_WITHOUT_PLUGINS: { severity: 'error', title: 'A .conflist file holds a single-plugin config' },
  PLUGIN_LIST_EMPTY: { severity: 'error', title: 'A network list has no plugins' },
  CNI_VERSION_MISSING: { severity: 'error', title: 'cniVersion is missing or empty' },
  CNI_VERSION_INVALID: { severity: 'error', title: 'cniVersion is not a released spec version string' },
  CNI_VERSION_UNSUPPORTED: { severity: 'error', title: 'cniVersion is not accepted by a plugin or by the runtime' },
  CNI_VERSION_UNCONFIRMED: { severity: 'warning', title: 'cniVersion is accepted only by some releases of a plugin' },
  CNI_VERSION_NO_COMMON: { severity: 'error', title: 'No cniVersion is accepted by every plugin and the runtime' },
  CHAINED_PLUGIN_ENTRY: { severity: 'info', title: "A chained plugin's entry, which its installer appends to the node's config" },
  CNI_VERSION_TEMPLATED: { severity: 'info', title: 'cniVersion is filled in by a template; it is left as written' },
  TARGET_VERSION_UNSUPPORTED: { severity: 'error', title: 'The requested --target-version cannot be used here' },
  PLUGIN_UNKNOWN: { severity: 'warning', title: 'Nothing is known about the versions this plugin accepts' },
  PLUGIN_NOT_SHIPPED: { severity: 'error', title: 'The stated release of its project does not ship the plugin (no longer, or not yet)' },
  NAME_MISSING: { severity: 'error', title: 'The network has no name' },
  NAME_INVALID: { severity: 'error', title: 'The network name is not one libcni accepts' },
  CNI_VERSIONS_WITHOUT_CNI_VERSION: { severity: 'error', title: 'cniVersions is set but cniVersion, which older runtimes read, is not' },
  CNI_VERSIONS_UNSUPPORTED: { severity: 'error', title: 'cniVersions makes the runtime pick a version a plugin rejects' },
  VERSION_DOWNGRADE_LIVE: { severity: 'warning', title: 'Moving a live network from 1.1.0 down breaks teardown of its pods' },
  REMOTE_MANIFEST_NOT_READ: { severity: 'warning', title: 'A CNI manifest this file deploys from a URL is not in the repository, and is not read' },
  ATTACHMENT_NEWER_THAN_RUNTIME: { severity: 'warning', title: "A NetworkAttachmentDefinition's version works as an additional network, but the runtime cannot read it as a pod's default network" },
  MULTUS_PRIMARY_VERSION: { severity: 'warning', title: "Multus's daemon refuses a primary config below 0.4.0 once its own cniVersion is 0.4.0 or newer" },
  LOOPBACK_TOO_OLD: { severity: 'error', title: 'The loopback plugin is older than the runtime needs' },
  LOAD_ABORTS_CONTAINERD: { severity: 'error', title: 'containerd reaches this file first, cannot load it, and loads no network at all' },
  LOAD_SKIPPED_CRIO: { severity: 'warning', title: 'CRI-O silently skips this file and uses another' },
  LOAD_SHADOWED: { severity: 'info', title: 'Another file in the directory is loaded first; this one is not used' },
  DUPLICATE_NETWORK_NAME: { severity: 'warning', title: 'Several files in the directory define a network of the same name' },
  PLUGIN_RELEASE_NOT_IN_DATA: { severity: 'warning', title: 'The stated plugin release is not in the compatibility data' },
  PLUGIN_TYPE_INVALID: { severity: 'error', title: 'The plugin type is not a valid binary name' },
  PLUGIN_BINARY_MISSING: { severity: 'warning', title: 'The plugin binary is not in --bin-dir' },
  PROBE_FAILED: { severity: 'warning', title: 'The plugin binary did not answer the VERSION command' },
  EMBEDDED_EDIT_UNSAFE: { severity: 'error', title: 'The embedded config cannot be edited safely in its string style' },
  YAML_PARSE_ERROR: { severity: 'error', title: 'The manifest holds a CNI config but is not valid YAML' },
  TEMPLATE_NOT_PARSED: { severity: 'warning', title: 'A template holds a CNI config that cannot be read before it is rendered' },
  IMAGE_TAG_UNUSABLE: { severity: 'info', title: 'A CNI image tag names no release; its plugins are judged without it' },
  INTERNAL_VERIFY_FAILED: { severity: 'error', title: 'The planned edit failed verification and was refused' },
} as const satisfies Record<DiagnosticCode, CodeInfo>;

/** Builds a diagnostic with the code's severity; `offset`/`length` are resolved to line/column by the planner. */
export function diagnostic<C extends DiagnosticCode>(
  code: C,
  args: DiagnosticArgs[C],
  at?: { offset: number; length: number },
): PendingDiagnostic {
  return { code, severity: DIAGNOSTIC_CODES[code].severity, args, at } as PendingDiagnostic;
}

/** A diagnostic before its offset is turned into a line/column position. */
export type PendingDiagnostic = {
  [C in DiagnosticCode]: {
    readonly code: C;
    readonly severity: Severity;
    readonly args: DiagnosticArgs[C];
    readonly at: { offset: number; length: number } | undefined;
  };
}[DiagnosticCode];
