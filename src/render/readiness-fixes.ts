/**
 * What to do about each finding before a fleet upgrade, in one sentence, for the readiness report
 * (its docs link says more). Condensed from the Fix lines of docs/diagnostics.md; `satisfies`
 * makes a new code without a fix a compile error.
 */
import type { DiagnosticCode } from '../core/diagnostics.js';

const FIX_BY_RUNNING = 'Run the fleet playbook with the target runtime (cni_runtime) first: it rewrites the cniVersion.';

export const READINESS_FIXES = {
  JSON_PARSE_ERROR: 'Repair the JSON at the line and column given.',
  JSON_NOT_STRICT: 'Remove what is listed: Go’s encoding/json, and so every runtime, rejects it.',
  TEMPLATE_PLACEHOLDER: 'None on a node: render the template before it is installed.',
  TEMPLATE_DIRECTIVES: 'None on a node: render the template before it is installed.',
  DUPLICATE_KEY: 'Delete the extra members; the runtime reads the last one.',
  KEY_CASE_VARIANT: 'Keep one spelling, the one the spec uses (cniVersion, name, type, ipam).',
  CONF_HOLDS_LIST: 'Rename the file to .conflist.',
  CONFLIST_WITHOUT_PLUGINS: 'Rename the file to .conf, or wrap the plugin in a plugins list.',
  PLUGIN_LIST_EMPTY: 'Add the plugins, or delete the file.',
  CNI_VERSION_MISSING: FIX_BY_RUNNING,
  CNI_VERSION_INVALID: FIX_BY_RUNNING,
  CNI_VERSION_UNSUPPORTED: FIX_BY_RUNNING,
  CNI_VERSION_UNCONFIRMED: 'Probe the node’s binaries (bin_dir), or state the plugins’ release (plugins: cni-plugins@X.Y.Z).',
  CNI_VERSION_NO_COMMON: 'Upgrade the plugin that limits the chain, or split the chain.',
  CHAINED_PLUGIN_ENTRY: 'None: check the node’s own config, the one the entry is appended to.',
  CNI_VERSION_TEMPLATED: 'Set the template’s value to the version named.',
  TARGET_VERSION_UNSUPPORTED: 'Choose one of the versions listed, or upgrade what rejects the target version.',
  PLUGIN_UNKNOWN: 'Probe the binary (bin_dir), or state what it accepts (plugins: TYPE=V1,V2).',
  PLUGIN_NOT_SHIPPED: 'Install a release that ships the plugin (or the project that ships it now), and state that release.',
  NAME_MISSING: 'Add a name (letters, digits, _, . and -, starting with a letter or digit).',
  NAME_INVALID: 'Rename the network: letters, digits, _, . and -, starting with a letter or digit.',
  CNI_VERSIONS_WITHOUT_CNI_VERSION: 'Keep cniVersion set to a version the older runtimes accept; the fleet playbook inserts it.',
  CNI_VERSIONS_UNSUPPORTED: 'Remove the entries the plugins reject from cniVersions, or upgrade the plugins.',
  MULTUS_PRIMARY_VERSION: 'Raise the node’s primary CNI config to 0.4.0 or newer before (or with) Multus’s daemon configuration.',
  REMOTE_MANIFEST_NOT_READ: 'Check the fetched manifest (cni-migrate check on it), or keep a copy in the repository.',
  ATTACHMENT_NEWER_THAN_RUNTIME: 'None as an additional network; as a default network, lower it to a version the runtime executes or upgrade the runtime.',
  VERSION_DOWNGRADE_LIVE: 'Drain the node (or delete its pods) before rolling out the lower version.',
  LOOPBACK_TOO_OLD: 'Install containernetworking plugins v1.0.0 or later in the bin directory before the upgrade.',
  LOAD_ABORTS_CONTAINERD: 'Repair or move the file containerd reads first; see its other findings.',
  LOAD_SKIPPED_CRIO: 'Fix the file’s other findings, or remove it.',
  LOAD_SHADOWED: 'Delete stale configs, or rename so the intended one sorts first.',
  DUPLICATE_NETWORK_NAME: 'Rename one network, or remove the stale file.',
  PLUGIN_RELEASE_NOT_IN_DATA: 'Probe the binaries (bin_dir), state what the plugin accepts, or add the release with matrix.',
  PLUGIN_TYPE_INVALID: 'Give the plugin a type that names its binary.',
  PLUGIN_BINARY_MISSING: 'Install the plugin binary in the bin directory before the upgrade: the runtime fails every pod that needs it.',
  PROBE_FAILED: 'Check that the binary runs on the node (CNI_COMMAND=VERSION); replace it if it does not answer.',
  EMBEDDED_EDIT_UNSAFE: 'Edit it by hand, or keep the config in a literal block scalar (|).',
  YAML_PARSE_ERROR: 'Repair the YAML at the line and column given.',
  TEMPLATE_NOT_PARSED: 'Render the template and check the output.',
  IMAGE_TAG_UNUSABLE: 'State the plugin release (plugins: NAME@RELEASE).',
  INTERNAL_VERIFY_FAILED: 'Report it as a bug: the edit was refused, nothing was written.',
} as const satisfies Record<DiagnosticCode, string>;
