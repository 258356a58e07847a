/**
 * The signs of a CNI config in YAML text, tested before anything is parsed: a quoted `"type` or a
 * `cniVersion`, or a CNI key's name used as a key (`cni_network_config:`, `cni-conf.json:`,
 * `cniConf:`, `*.conflist:`), outside a `kubectl.kubernetes.io/last-applied-configuration`
 * annotation. A file or document without them is never parsed.
 */

import { NAD_KIND } from '../embedded/manifest.js';
import { mayNameRemoteManifest } from './remote-manifests.js';

/** What NAMES_CNI_KEY needs one of. */
const KEY_NAMES = ['cni_network_config', 'cni-conf.json', 'cniConf', '.conflist'];
/**
 * A CNI config in YAML shows a quoted "type" or a cniVersion somewhere. The "type" first: most
 * texts that show either show it (a dashboard's panels), and a search that finds it early ends early.
 */
const CONFIG_SIGNS = ['"type', 'cniVersion'];
/**
 * The strings of which mightHoldCni, namesCniKey or a templated NetworkAttachmentDefinition needs
 * one (a NetworkAttachmentDefinition's `spec.config` is a CNI config whatever it shows: one a
 * template writes in whole, `config: '{{ .NetworkConfig }}'`, shows no other sign, and is said unread).
 */
const SIGNALS = [...CONFIG_SIGNS, ...KEY_NAMES, NAD_KIND];

/**
 * A document naming one of the CNI keys holds a CNI config, even when it is too broken to show
 * it. The definition of namesCniKey, which finds the same without the regular expression.
 */
export const NAMES_CNI_KEY = /\b(cni_network_config|cni-conf\.json|cniConf|[\w.-]+\.conflist)\s*:/;

/**
 * Whether NAMES_CNI_KEY matches, found from each place a key's name occurs: the regular
 * expression backtracks at every word of a text that mentions a key without using it as one
 * (`CNI_CONF_NAME: "10-calico.conflist"` in a DaemonSet), which cost more than any other check
 * in a scan. test/formats/k8s-yaml.test.ts holds the two equal.
 */
export function namesCniKey(text: string): boolean {
  for (const name of KEY_NAMES) {
    for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) if (namedAsKey(text, at, name)) return true;
  }
  return false;
}

/** The key name `name` at `at` is used as a key: `\b` before it (for `[\w.-]+\.conflist`, a word character in the run of [\w.-] before it) and `\s*:` after. */
function namedAsKey(text: string, at: number, name: string): boolean {
  if (!colonFollows(text, at + name.length)) return false;
  return name === '.conflist' ? wordInRunBefore(text, at) : !isWordChar(text.charCodeAt(at - 1));
}

/** `\s*:` at `from`. */
function colonFollows(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return text[i] === ':';
}

function wordInRunBefore(text: string, end: number): boolean {
  for (let i = end - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (isWordChar(c)) return true;
    if (c !== 0x2e /* . */ && c !== 0x2d /* - */) return false;
  }
  return false;
}

function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/** Cheap pre-check: a CNI config in YAML shows a quoted "type" or a cniVersion somewhere. */
export function mightHoldCni(text: string): boolean {
  return CONFIG_SIGNS.some((s) => text.includes(s));
}

/**
 * The annotation `kubectl apply` writes and `kubectl get -o yaml` keeps: the object itself as
 * JSON (a JSON Kubernetes object is never a CNI config, and one holding a config shows it in its
 * own data too), with the lines indented under it. A continuation indented less stays and counts.
 */
export const LAST_APPLIED = /^([ \t]*)kubectl\.kubernetes\.io\/last-applied-configuration:[^\n]*(?:\n\1[ \t]+[^\n]*)*/gm;

const LAST_APPLIED_KEY = 'kubectl.kubernetes.io/last-applied-configuration:';
/** LAST_APPLIED tried at one place (sticky). */
const LAST_APPLIED_AT = new RegExp(LAST_APPLIED.source.slice(1), 'y');

/**
 * The text without its last-applied-configuration annotations: what `text.replace(LAST_APPLIED,
 * '')` gives, with the expression tried only where the key is written rather than at every line
 * (it was a scan's costliest expression). test/formats/k8s-yaml.test.ts holds the two equal.
 */
export function withoutLastApplied(text: string): string {
  let kept = '';
  let from = 0;
  for (let at = text.indexOf(LAST_APPLIED_KEY); at !== -1; at = text.indexOf(LAST_APPLIED_KEY, at + 1)) {
    if (at < from) continue; // inside an annotation already taken out
    const start = indentedLineStart(text, at);
    if (start === -1) continue;
    LAST_APPLIED_AT.lastIndex = start;
    const match = LAST_APPLIED_AT.exec(text);
    if (!match) continue;
    kept += text.slice(from, start);
    from = start + match[0].length;
  }
  return from === 0 ? text : kept + text.slice(from);
}

/**
 * Where the spaces and tabs before `at` start, when they start a line: `^[ \t]*` of a multiline
 * expression, matched at the text's start or after a line terminator; -1 when anything else
 * stands before them on their line.
 */
export function indentedLineStart(text: string, at: number): number {
  let start = at;
  while (start > 0 && (text.charCodeAt(start - 1) === 0x20 || text.charCodeAt(start - 1) === 0x09)) start--;
  return start === 0 || LINE_TERMINATORS.includes(text[start - 1]!) ? start : -1;
}

const LINE_TERMINATORS = '\n\r\u2028\u2029';

/** Whether analyzeK8sYaml could claim a file of this path whose text holds what `holds` says (FormatModule.mightClaim). */
export function mightClaimK8sYaml(path: string, holds: (ascii: string) => boolean): boolean {
  return /\.ya?ml$/i.test(path) && (SIGNALS.some(holds) || mayNameRemoteManifest(path, holds));
}

/**
 * A `"type"` member name, escaped or not: a `"type` right after a colon is a value, not a key
 * (`patchMergeKey:\"type\"`, the Go struct tag quoted in the description of every Kubernetes
 * `metav1.Condition`, so in the CRDs of most operators); in a config's JSON a key follows `{`, `,`
 * or white space and is a whole member name, then its colon. A string that only starts with the
 * word (`"type!=kubernetes.io/dockercfg"` in Prometheus's values, `"type indicates…"` in a CRD's
 * description) is not one.
 */
function typeMember(text: string): boolean {
  for (let at = text.indexOf('"type'); at !== -1; at = text.indexOf('"type', at + 1)) {
    const before = text[at - 1] === '\\' ? text[at - 2] : text[at - 1];
    if (before !== ':' && memberColonAt(text, at + '"type'.length)) return true;
  }
  return false;
}

/**
 * After `cniVersion`, what makes it a key: an optional closing quote (`"`, `\"`, `'`), then white
 * space and a colon, as in `"cniVersion": "1.0.0"`, `\"cniVersion\": …` and `cniVersion: 1.0.0`.
 * A description that names it (`CNI configuration ("cniVersion") that the operator generates`,
 * in the tigera operator's Installation CRD, 1.5 MB) is no config.
 */
function versionKeyAt(text: string, from: number): boolean {
  if (text[from] === '"' || text[from] === "'") return colonAfterSpace(text, from + 1);
  if (text[from] === '\\' && text[from + 1] === '"') return colonAfterSpace(text, from + 2);
  return colonAfterSpace(text, from);
}

/**
 * `"\s*:` (or `\"\s*:`) at `from`: the close of a member name and its colon. White space may be
 * written as escapes too (`\n`, `\t`, `\r` in a double-quoted scalar).
 */
function memberColonAt(text: string, from: number): boolean {
  const i = text[from] === '\\' ? from + 1 : from;
  return text[i] === '"' && colonAfterSpace(text, i + 1);
}

/** White space (written as escapes too: `\n`, `\t`, `\r` in a double-quoted scalar), then `:`, at `from`. */
function colonAfterSpace(text: string, from: number): boolean {
  let i = from;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    if (c === '\\' && (text[i + 1] === 'n' || text[i + 1] === 't' || text[i + 1] === 'r')) {
      i++;
      continue;
    }
    break;
  }
  return text[i] === ':';
}

/**
 * Whether a document that cannot be parsed still says it holds a CNI config: a `cniVersion`, a
 * CNI key, a NetworkAttachmentDefinition, a quoted `"plugins"` or `"ipam"` member. A quoted
 * `"type` alone is not enough to call a file broken: an HTTP transcript's problem body, a CRD
 * whose description reads `"type indicates…"`, JSON in a `.yaml` name.
 */
export function claimsCniWhenBroken(text: string): boolean {
  const rest = text.includes('last-applied-configuration') ? withoutLastApplied(text) : text;
  return rest.includes('cniVersion') || namesCniKey(rest) || rest.includes(NAD_KIND) || /"(plugins|ipam)"\s*:/.test(rest);
}

/** Whether a file or document shows a CNI signal outside a last-applied-configuration annotation. */
export function cniSignal(text: string): boolean {
  if (!showsSignal(text)) return false;
  if (!text.includes('last-applied-configuration')) return true;
  return showsSignal(withoutLastApplied(text));
}

/** The CNI key names that start as `cniVersion` does: found, with it, from one search for `cni`. */
const CNI_PREFIXED_KEYS = KEY_NAMES.filter((name) => name.startsWith('cni'));
const OTHER_KEYS = KEY_NAMES.filter((name) => !name.startsWith('cni'));

/**
 * The sign of a CNI config in a file or document, which decides whether it is parsed: a
 * `cniVersion` or a `"type"` used as a key, or a CNI key's name used as one (namesCniKey). Every
 * document of a manifest is asked, most of them CRDs that show none, so it is found in three
 * searches, not six: one for `cni` finds `cniVersion` and three of the names.
 * test/formats/k8s-yaml.test.ts holds it to its definition as regular expressions.
 */
export function showsSignal(text: string): boolean {
  for (let at = text.indexOf('cni'); at !== -1; at = text.indexOf('cni', at + 1)) {
    if (text.startsWith('cniVersion', at) && versionKeyAt(text, at + 'cniVersion'.length)) return true;
    for (const name of CNI_PREFIXED_KEYS) if (text.startsWith(name, at) && namedAsKey(text, at, name)) return true;
  }
  if (typeMember(text)) return true;
  for (const name of OTHER_KEYS) {
    for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) if (namedAsKey(text, at, name)) return true;
  }
  return false;
}
