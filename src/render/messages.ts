/**
 * The one place diagnostic text is written. A `switch` over every code: adding a code without
 * a message fails to compile. Messages quote what operators will see in runtime logs.
 */
import type { Diagnostic, UnconfirmedPlugin } from '../core/diagnostics.js';
import type { ReleaseHint } from '../core/types.js';
import { CLI_VOCABULARY, type Vocabulary } from '../core/vocabulary.js';
import { CALICO_FORK_ALIAS } from '../knowledge/data/calico-fork.js';

const list = (items: readonly string[]): string => items.join(', ');
/** A template's text as a message quotes it: its first 57 characters of a long one. */
const shortened = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

/** A finding as text, naming settings as the CLI does (`--plugin`, `--bin-dir`). */
export function formatDiagnostic(d: Diagnostic): string {
  return describeDiagnostic(d, CLI_VOCABULARY);
}

/**
 * A finding as text, with the settings it points to (a target version, a plugin fact, a bin dir)
 * named in the front end's own words: the module's parameters for Ansible, plain words for a
 * program (PLAIN_VOCABULARY).
 */
export function describeDiagnostic(d: Diagnostic, say: Vocabulary): string {
  switch (d.code) {
    case 'JSON_PARSE_ERROR':
      return `cannot parse: ${d.args.problem}`;
    case 'JSON_NOT_STRICT':
      return `runtimes parse this file with Go's encoding/json, which rejects it (${list(d.args.problems)}); containerd then fails to load every CNI config`;
    case 'TEMPLATE_PLACEHOLDER':
      return `template placeholder${d.args.tokens.length > 1 ? 's' : ''} ${list(d.args.tokens)} kept as written (not JSON until substituted)`;
    case 'TEMPLATE_DIRECTIVES':
      return `${d.args.count} template directive${d.args.count > 1 ? 's' : ''} (${d.args.first.length > 40 ? `${d.args.first.slice(0, 37)}...` : d.args.first}${d.args.count > 1 ? ', …' : ''}) kept as written; the JSON around them was read as it stands before rendering`;
    case 'DUPLICATE_KEY':
      return `"${d.args.key}" appears ${d.args.count} times; Go's encoding/json (libcni) uses the last one, which is the one checked and edited`;
    case 'KEY_CASE_VARIANT': {
      const written = d.args.spellings.map((k) => `"${k}"`).join(', ');
      return d.args.read === null
        ? `${written} ${d.args.spellings.length > 1 ? 'are' : 'is'} ignored: libcni reads a network list's top level by the exact key "${d.args.key}"; rename it to "${d.args.key}"`
        : `${written} name one setting: Go's encoding/json (libcni) matches "${d.args.key}" in any case and reads "${d.args.read}", which is the one checked and edited; keep one spelling (plugins may read another)`;
    }
    case 'CONF_HOLDS_LIST':
      return `this file holds a network list but its extension makes runtimes read it as a single config ("no 'type'; perhaps this is a .conflist?"); rename it to .conflist`;
    case 'CONFLIST_WITHOUT_PLUGINS':
      return d.args.untyped
        ? `a .conflist must have a "plugins" list; libcni fails with "no 'plugins' key"; add the list (is its key misspelt?)`
        : `a .conflist must have a "plugins" list; libcni fails with "no 'plugins' key"; rename it to .conf or wrap it in a list`;
    case 'PLUGIN_LIST_EMPTY':
      return `the "plugins" list is empty; libcni fails with "error parsing configuration list: no plugins in list"`;
    case 'CNI_VERSION_MISSING':
      return d.args.inserted
        ? `cniVersion is missing: plugins read it as "0.1.0" and libcni v0.7.0-v1.0.1 fails pod teardown with 'invalid version "": the version is empty'; inserting "${d.args.inserted}"`
        : `cniVersion is missing: plugins read it as "0.1.0" and libcni v0.7.0-v1.0.1 fails pod teardown with 'invalid version "": the version is empty'`;
    case 'CNI_VERSION_INVALID':
      return `cniVersion ${d.args.value} is not a released spec version (matching is by exact string: "0.3" and "v1.0.0" are rejected)${d.args.replacement ? `; rewriting to "${d.args.replacement}"` : ''}`;
    case 'CNI_VERSION_UNSUPPORTED': {
      const v = d.args.version;
      const why = [
        d.args.plugins.length
          ? `rejected by ${list(d.args.plugins)}: the runtime logs 'incompatible CNI versions; config is "${v}", plugin supports [...]'`
          : '',
        d.args.runtime ? `too new for ${d.args.runtime}: pod setup fails with 'unsupported CNI result version "${v}"'` : '',
        d.args.executor ? `too new for ${d.args.executor}, which runs this config with its own libcni: attaching the network fails with 'unsupported CNI result version "${v}"'` : '',
      ].filter(Boolean);
      return `cniVersion "${v}" is ${why.join('; and ')}${d.args.replacement ? `; rewriting to "${d.args.replacement}"` : ''}`;
    }
    case 'CNI_VERSION_UNCONFIRMED': {
      const what = d.args.runtimes ? `"cniVersions" makes ${d.args.runtimes} run "${d.args.version}", which is` : `cniVersion "${d.args.version}" is`;
      return `${what} accepted only by some releases: ${describeUnconfirmed(d.args.plugins)}; state the release with ${releaseFlags(d.args.plugins, say).join(' or ')}${calicoInstallsNote(d.args.plugins, say)}, or probe the binaries with ${say.binDir()}`;
    }
    case 'CNI_VERSION_NO_COMMON':
      return d.args.releases?.length
        ? `no cniVersion is accepted by all of ${list(d.args.plugins)} and the runtime in every release the data knows, but some releases share one: state the release with ${d.args.releases.map((n) => say.plugin(`${n}@RELEASE`)).join(' ')}, or probe the binaries with ${say.binDir()}; otherwise upgrade a plugin or split the chain`
        : `no cniVersion is accepted by all of ${list(d.args.plugins)} and the runtime; upgrade a plugin or split the chain`;
    case 'CHAINED_PLUGIN_ENTRY':
      return `this is the plugin entry ${d.args.project}'s installer appends to the config already on the node (${d.args.type} runs at that config's cniVersion): it needs no cniVersion of its own, and none is inserted`;
    case 'CNI_VERSION_TEMPLATED': {
      const { template, accepted, render, targetRefused } = d.args;
      const shown = shortened(template);
      const refused = targetRefused ? `; the requested ${targetRefused} is not one of them` : '';
      if (accepted === null) return `cniVersion is templated (${shown}) and left as written; which value it must render to cannot be said while a plugin is unknown`;
      if (render === null) return `cniVersion is templated (${shown}) and left as written; no version is accepted by every plugin and the runtime${refused}`;
      return `cniVersion is templated (${shown}) and left as written; it must render to one of ${accepted.map((v) => `"${v}"`).join(', ')} for these plugins and this runtime, "${render}" recommended${refused}`;
    }
    case 'TARGET_VERSION_UNSUPPORTED': {
      if (d.args.unknown?.length) {
        const templated = d.args.templated ?? [];
        const plain = d.args.unknown.filter((t) => !templated.includes(t));
        const whether = [
          plain.length ? `whether ${list(plain)} accept${plain.length === 1 ? 's' : ''} it is not known (PLUGIN_UNKNOWN says how to tell)` : '',
          templated.length ? `whether the plugins the template writes (${list(templated.map(shortened))}) accept it is known only once it is rendered` : '',
        ].filter(Boolean);
        return `${say.targetVersion(d.args.target)} is not written: ${whether.join('; and ')}; nothing was changed here`;
      }
      const rejecting = [...d.args.plugins, ...(d.args.executor ? [`${d.args.executor}, which runs this config`] : []), ...(d.args.runtime ? [d.args.runtime] : [])];
      const unconfirmed = d.args.unconfirmed ?? [];
      const why = [
        rejecting.length ? `is rejected by ${list(rejecting)}` : '',
        unconfirmed.length
          ? `is accepted only by some releases of ${describeUnconfirmed(unconfirmed)}: state the release with ${releaseFlags(unconfirmed, say).join(' or ')}${calicoInstallsNote(unconfirmed, say)}, or probe the binaries with ${say.binDir()}, before it is written`
          : '',
      ].filter(Boolean);
      return `${say.targetVersion(d.args.target)} ${why.join('; and ')}; versions every known release of the plugins, and the runtime, accept: ${d.args.supportedByAll.length ? list(d.args.supportedByAll) : 'none'}`;
    }
    case 'PLUGIN_UNKNOWN':
      if (/^__\w+__$/.test(d.args.type)) {
        return `plugin type ${d.args.type} is a template placeholder, so which plugin runs is not known; state what it accepts with ${say.plugin(`${d.args.type}=VERSION,...`)}`;
      }
      if (d.args.templated) {
        return `plugins written by the template (${shortened(d.args.type)}) are known only once it is rendered, so no version is chosen here; render it and check the output`;
      }
      return `nothing is known about plugin "${d.args.type}": probe it with ${say.binDir('DIR')}, or state what it accepts with ${say.plugin(`${d.args.type}=VERSION,...`)}`;
    case 'PLUGIN_NOT_SHIPPED': {
      const fails = `nodes with it fail with 'failed to find plugin "${d.args.type}" in path'`;
      if ('addedIn' in d.args) return `${d.args.project} ${d.args.release} does not ship "${d.args.type}" (first in ${d.args.addedIn}); ${fails}; install ${d.args.project} ${d.args.addedIn} or later`;
      return `${d.args.project} ${d.args.release} does not ship "${d.args.type}" (removed in ${d.args.removedIn}); ${fails}; install it from ${d.args.replacement}`;
    }
    case 'NAME_MISSING':
      return d.args.list
        ? 'the network has no "name"; libcni fails with "error parsing configuration list: no name"'
        : 'the network has no "name"; libcni v0.8.0 and later reject an empty network name';
    case 'NAME_INVALID':
      return `network name ${JSON.stringify(d.args.name)} does not match ^[a-zA-Z0-9][a-zA-Z0-9_.\-]*$, which libcni v0.8.0 and later require`;
    case 'CNI_VERSIONS_WITHOUT_CNI_VERSION':
      return `"cniVersions" (${list(d.args.versions)}) is read only by libcni v1.2.0 and later (containerd 2.0+, CRI-O 1.31+); older runtimes see no cniVersion at all: keep "cniVersion" set to a version they accept`;
    case 'CNI_VERSIONS_UNSUPPORTED':
      return `${d.args.runtime} honours "cniVersions" and runs this network at ${d.args.effective}${d.args.cniVersion ? ` (not at cniVersion ${d.args.cniVersion})` : ''}, which a plugin rejects ('incompatible CNI versions'); remove ${d.args.effective} and newer entries from "cniVersions"`;
    case 'MULTUS_PRIMARY_VERSION':
      return `${d.args.from === null ? 'inserting' : `raising cniVersion "${d.args.from}" to`} "${d.args.to}" in Multus's daemon configuration: with multusConfigFile "auto" its daemon reads the node's primary config and refuses to start when that one is below 0.4.0 ('delegate cni version is <the primary config's> while top level cni version is ${d.args.to}'; with forceCNIVersion, Multus 4.1.0 and later rewrite the primary config instead); raise the primary config to 0.4.0 or newer first, or in the same rollout`;
    case 'REMOTE_MANIFEST_NOT_READ':
      return `${d.args.where} deploys ${d.args.project ? `${d.args.project}'s manifest` : 'a CNI manifest'} from ${d.args.url}${
        d.args.holds ? ` (its CNI config: ${d.args.holds})` : ''
      }: it is fetched when the cluster is built, so its CNI config is not read here; check the fetched file (curl -fsSL '${d.args.url}' | cni-migrate check --stdin-filepath ${d.args.file} -)`;
    case 'ATTACHMENT_NEWER_THAN_RUNTIME':
      return `cniVersion "${d.args.version}" is kept: Multus runs this NetworkAttachmentDefinition with its own libcni, and the runtime reads its result only when a pod takes it as its default network (Multus clusterNetwork or defaultNetworks, the v1.multus-cni.io/default-network annotation); there ${d.args.runtime} cannot read it, as Multus hands the result on unconverted`;
    case 'VERSION_DOWNGRADE_LIVE':
      return `moving a live network from ${d.args.from} to ${d.args.to}: pods set up under ${d.args.from} fail teardown with 'no converter for CNI result version ${d.args.from} to ${d.args.to}'; drain the node first`;
    case 'LOOPBACK_TOO_OLD':
      return `loopback accepts ${list(d.args.accepts)}, but ${d.args.runtime} needs loopback from containernetworking plugins v1.0.0 or later (its built-in loopback network runs at cniVersion ${d.args.needs} in containerd 1.6.3: 'plugin type="loopback" failed (add): incompatible CNI versions')`;
    case 'LOAD_ABORTS_CONTAINERD':
      return `containerd loads ${d.args.directory} in byte order and reaches this file first, but ${d.args.reason}: it aborts the whole load and the node reports 'cni plugin not initialized'`;
    case 'LOAD_SKIPPED_CRIO':
      return `CRI-O skips this file because ${d.args.reason}, logging only 'Error loading/validating CNI config file', and uses ${d.args.instead ?? 'no file at all'} instead`;
    case 'LOAD_SHADOWED':
      return `runtimes load ${d.args.by} from ${d.args.directory} first (containerd max_conf_num 1; CRI-O's default network), so this file is not used`;
    case 'DUPLICATE_NETWORK_NAME':
      return `network name "${d.args.name}" is defined by ${list(d.args.files)}; runtimes key cached results and IP allocations by network name, so only one of them can be in use`;
    case 'PLUGIN_RELEASE_NOT_IN_DATA':
      return `no compatibility data for ${d.args.type} at release ${d.args.release} (known: ${list(d.args.known)})${
        d.args.calicoInstalls ? `; Calico ${d.args.release} installs ${d.args.calicoInstalls}, not its fork: state that, or calico@${d.args.release}` : ''
      }; using what every known release accepts`;
    case 'PLUGIN_TYPE_INVALID':
      return d.args.type === ''
        ? 'a plugin has no "type" string; libcni fails with "missing \'type\'"'
        : `plugin type "${d.args.type}" is not a valid binary name`;
    case 'PLUGIN_BINARY_MISSING':
      return `plugin "${d.args.type}" is not in ${d.args.binDir}; the runtime would fail with 'failed to find plugin "${d.args.type}"'`;
    case 'PROBE_FAILED':
      return `probing ${d.args.binary} failed: ${d.args.problem}`;
    case 'EMBEDDED_EDIT_UNSAFE':
      if (d.args.reason) return `the CNI config in ${d.args.location} cannot be edited safely: ${d.args.reason}; nothing was changed there (edit it by hand)`;
      return `the CNI config in ${d.args.location} is a ${d.args.style} string whose layout cannot hold the edit safely; nothing was changed there (edit it by hand, or rewrite it as a literal block "|")`;
    case 'YAML_PARSE_ERROR':
      return `cannot parse the YAML that holds a CNI config: ${d.args.problem}`;
    case 'TEMPLATE_NOT_PARSED': {
      const held = d.args.cniVersions.map((v) => `"${v.value}" (line ${v.line})`);
      const holds = held.length ? `; it holds cniVersion ${list(held)}, not checked` : '';
      return `this ${d.args.syntax} template holds a CNI config that cannot be read until it is rendered (${d.args.problem})${holds}; nothing in it was changed: render it and check the output`;
    }
    case 'IMAGE_TAG_UNUSABLE':
      // A templated repository may be any image: plugins are not said to be its.
      return d.args.anyImage
        ? `image ${d.args.image} (${d.args.where}): templated, so whether it installs CNI plugins, and of which release, is not known here; any it installs are judged without a release`
        : `image ${d.args.image} (${d.args.where}): ${d.args.problem}; the plugins it installs are judged without a release`;
    case 'INTERNAL_VERIFY_FAILED':
      return `internal error: the planned edit was refused because ${d.args.problem}; nothing was written (please report this)`;
  }
}

/** "bridge, portmap (cni-plugins >=0.8.0 <1.0.0 or >=1.0.0)" rather than one clause per plugin. */
type UnconfirmedPlugins = readonly UnconfirmedPlugin[];

/** "bridge, portmap (cni-plugins >=0.8.0); calico (calico >=3.23.0)": plugins grouped by the releases that accept the version. */
export function describeUnconfirmed(plugins: UnconfirmedPlugins): string {
  const groups = new Map<string, string[]>();
  for (const p of plugins) {
    const key = p.acceptedFrom.map((a) => `${a.project} ${a.releases}`).join('; ');
    groups.set(key, [...(groups.get(key) ?? []), p.type]);
  }
  return [...groups].map(([releases, types]) => `${types.join(', ')} (${releases})`).join('; ');
}

/**
 * The settings that state these plugins' releases, one per project that ships them. Calico's
 * fork of the containernetworking plugins is numbered by the Calico release that builds it.
 */
export function releaseFlags(plugins: UnconfirmedPlugins, say: Vocabulary): string[] {
  const projects = new Set(plugins.flatMap((p) => p.projects));
  return [...projects].map((project) => say.plugin(`${project}@${project === CALICO_FORK_ALIAS ? 'CALICO_RELEASE' : 'RELEASE'}`));
}

/**
 * " (portmap, bandwidth as calico/cni 3.26.0 installs them: --plugin cni-plugins@1.1.1)": where a
 * stated Calico release says which build its own installer copies, that statement by name.
 */
function calicoInstallsNote(plugins: UnconfirmedPlugins, say: Vocabulary): string {
  const byStatement = new Map<string, { calico: string; types: string[] }>();
  for (const p of plugins) {
    if (!p.calicoInstalls) continue;
    const known = byStatement.get(p.calicoInstalls.statement) ?? { calico: p.calicoInstalls.calico, types: [] };
    byStatement.set(p.calicoInstalls.statement, { ...known, types: [...known.types, p.type] });
  }
  const notes = [...byStatement].map(([statement, c]) => `${list(c.types)} as calico/cni ${c.calico} installs ${c.types.length > 1 ? 'them' : 'it'}: ${say.plugin(statement)}`);
  return notes.length ? ` (${notes.join('; ')})` : '';
}

/** How stating plugin releases may allow a newer version (a decision's `releaseHint`), in the front end's words. */
export function formatReleaseHint(hint: ReleaseHint, say: Vocabulary = CLI_VOCABULARY): string {
  return `the release of ${list(hint.plugins)} is not known: state it with ${hint.names.map((n) => say.plugin(`${n}@RELEASE`)).join(' ')} or probe with ${say.binDir()} to allow a newer version`;
}
