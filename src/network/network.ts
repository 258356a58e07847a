/**
 * Reads one CNI network (a `.conflist` list or a single-plugin `.conf`) out of JSON text:
 * which kind it is, its name, its `cniVersion` member, and the plugins that will run with it.
 * Works on the masked text from prepareJson, whose offsets equal the original's.
 */
import { type Node, type ParseError, getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { PluginRef } from '../core/types.js';
import type { CurrentVersion } from '../core/policy.js';
import { hasDirectives, placeholderAt, type PreparedJson } from './prepare.js';
import { isTemplatedString, pluginDirectives, templatedValue, writesText } from './templated.js';
import { isKnownPluginType } from '../knowledge/plugin-support.js';
import { foldKey, memberRead, objectMembers, spellings, valueRead, valuesInBranches, type KeyReading, type ObjectMembers } from './go-keys.js';

export interface JsonNetwork {
  readonly kind: 'conflist' | 'conf';
  readonly name: string | null;
  readonly current: CurrentVersion;
  /** The `cniVersion` value node libcni reads (the last duplicate; in a .conf any spelling: go-keys.ts). */
  readonly versionValue: Node | undefined;
  /** The `cniVersion` member itself (its value node is missing where a template directive stands). */
  readonly versionMember: Node | undefined;
  /** The key of `versionMember` as written (`CNIVersion` in a .conf counts); `cniVersion` when there is none. */
  readonly versionKey: string;
  /** How many members the top-level object has with that exact key. */
  readonly versionCount: number;
  /** Fields written in several spellings, or in one libcni ignores (see go-keys.ts). */
  readonly keyVariants: readonly KeyVariant[];
  readonly root: Node;
  readonly plugins: readonly PluginRef[];
  /** Chain members whose `type` is missing or not a string (offset of the member). */
  readonly untypedPlugins: readonly number[];
  /** A list whose `plugins` array is empty (libcni: "no plugins in list"). */
  readonly emptyPluginList: boolean;
  /** The `name` value node, when there is one. */
  readonly nameValue: Node | undefined;
  /** The string entries of a spec 1.1.0 `cniVersions` array; null when there is none. */
  readonly cniVersions: readonly string[] | null;
  /** The `cniVersions` member libcni reads (a list's top level), whatever its value; undefined when there is none. */
  readonly cniVersionsMember: Node | undefined;
  /** How many `cniVersions` members the list's top level has (a duplicate is never edited). */
  readonly cniVersionsCount: number;
  /**
   * Read from a template: its structure (commas, which members and list entries there are) is
   * settled only when it is rendered, so findings about the structure are not made; the literal
   * tokens read (`cniVersion`, `type`, `name`) are exact.
   */
  readonly templated: boolean;
  /** A daemon's configuration whose `cniVersion` is written into the config it generates (Multus thick). */
  readonly daemonConfig?: 'multus';
  /**
   * For Multus's daemon configuration that generates 00-multus.conf from the node's primary config
   * (`multusConfigFile` "auto", its default): which releases check that config's `cniVersion`
   * against its own. With `forceCNIVersion`, releases from 4.1.0 rewrite the primary config's
   * version first, so only earlier ones do.
   */
  readonly checksPrimaryVersion?: 'every release' | 'before 4.1.0';
  /** Multus `delegates`: networks run by the Multus plugin, each at its own `cniVersion`. */
  readonly delegates: readonly JsonNetwork[];
}

/** A field written in several spellings (`cniVersion`, `CNIVersion`), or in one libcni ignores. */
export interface KeyVariant {
  readonly field: string;
  /** The distinct spellings, in document order. */
  readonly spellings: readonly string[];
  /** The spelling libcni reads; null when it reads none of them (a list's top level takes exact keys only). */
  readonly read: string | null;
  /** The key token of the member read, or of the first spelling when none is. */
  readonly offset: number;
  readonly length: number;
}

export type JsonNetworkResult =
  | { readonly status: 'ok'; readonly network: JsonNetwork }
  | { readonly status: 'not-cni' }
  | { readonly status: 'unparseable'; readonly offset: number; readonly length: number; readonly problem: string };

/** Keys that mark JSON as something else (package.json, tsconfig, JSON Schema). */
const FOREIGN_KEYS = [
  'dependencies',
  'devDependencies',
  'scripts',
  'main',
  'exports',
  'compilerOptions',
  '$schema',
  'properties',
  'version',
  'private',
  'workspaces',
  'packageManager',
  'engines',
];

/** package.json `type` values: a `{ "name", "type": "module" }` package is not a CNI config. */
const NODE_PACKAGE_TYPES = ['module', 'commonjs'];

export function parseJsonTree(masked: string): { root: Node | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const root = parseTree(masked, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  return { root, errors };
}

/** The keys of a CNI config (libcni reads a single config's fields in any case). */
const CNI_KEY_NAMES = 'type|cniversion|plugins|ipam|delegates?';
const CNI_KEY_NAME = new RegExp(`^(?:${CNI_KEY_NAMES})$`, 'i');
/** A CNI config's key as a JSON member, anywhere in a text. */
export const CNI_MEMBER = new RegExp(`"(?:${CNI_KEY_NAMES})"\\s*:`, 'i');

/** The masked text's tree, or null when it nests deeper than MAX_NESTING (readNetwork says so; the parser would exhaust the stack). */
export function parsedWithinDepth(masked: string): ReturnType<typeof parseJsonTree> | null {
  return nestingDepth(masked) > MAX_NESTING ? null : parseJsonTree(masked);
}

/**
 * Whether a JSON object has a key of a CNI config at its top level, read as far as it parses
 * (the parser goes on past an error, so a broken config still shows its keys).
 */
export function hasCniKeyAtTop(root: Node | undefined): boolean {
  if (root?.type !== 'object') return false;
  return (root.children ?? []).some((p) => p.type === 'property' && typeof p.children?.[0]?.value === 'string' && CNI_KEY_NAME.test(p.children[0].value));
}

/**
 * `looksLikeConfigFile` is true for `.conf`/`.conflist`, whose extension already says CNI; a
 * `.json` file must show it by content (`type` plus CNI keys, or a `plugins` list of typed objects).
 */
/**
 * Deeper nesting than any CNI config needs; the recursive parser would exhaust the stack long
 * before Go's encoding/json limit of 10,000 levels, so such input is refused up front.
 */
export const MAX_NESTING = 512;

/**
 * Whether the text is one well-formed JSON object (brackets balanced, strings closed, nothing
 * after it, no deeper than MAX_NESTING) none of whose top-level keys is a CNI config's
 * (CNI_KEY_NAME, any case): then readNetwork, which decides on those keys, finds no network, and
 * its tree need not be built. False whenever that is not certain (a key written with an escape,
 * unbalanced text, a comment), so those take the parser's path. A scan rather than plainlyNotCni's
 * JSON.parse: a template's masked text need not be valid JSON, and building each dashboard's
 * object made a scan of kURL's rendered Prometheus manifests 1.6 times slower.
 */
export function noCniKeyAtTop(masked: string, asWritten = false): boolean {
  const n = masked.length;
  let i = 0;
  while (i < n && isJsonSpace(masked.charCodeAt(i))) i++;
  if (masked.charCodeAt(i) !== 0x7b /* { */) return false;
  // The closers expected, innermost last: brackets that do not pair are left to the parser.
  const open: number[] = [];
  for (; i < n; i++) {
    const c = masked.charCodeAt(i);
    // Most characters outside strings are none of those below: one table look-up each (1.7× faster over a dashboard).
    if (c >= 0x80 || STRUCTURE[c] === 0) continue;
    if (c === 0x22 /* " */) {
      const start = i + 1;
      let escaped = false;
      for (i++; i < n; i++) {
        const inner = masked.charCodeAt(i);
        if (inner === 0x22) break;
        if (inner === 0x5c /* \ */) {
          escaped = true;
          i++;
        } else if (asWritten && inner === 0x0a) return false; // prepareJson ends a string at its line's end
        else if (asWritten && inner === 0x7b /* { */) {
          const end = plainDirectiveEnd(masked, i);
          if (end === -1) return false;
          i = end;
        }
      }
      if (i >= n) return false;
      if (open.length !== 1) continue;
      // In the top-level object a string is a key (after `{` or `,`, then `:`) or a member's value
      // (after `:`, then `,` or `}`). Anything else is broken JSON, which the parser reads
      // (`"type" "bridge"`, `"type",:` are a broken config's key), or, as written, stands beside
      // what masking would blank (`"type"$1:`).
      const before = previousNonSpace(masked, start - 1);
      const after = nextNonSpace(masked, i + 1);
      if (before === 0x3a /* : */) {
        if (after !== 0x2c /* , */ && after !== 0x7d /* } */) return false;
        continue;
      }
      if ((before !== 0x7b /* { */ && before !== 0x2c) || after !== 0x3a) return false;
      if (escaped || CNI_KEY_NAME.test(masked.slice(start, i))) return false;
    } else if (c === 0x2f /* / */) {
      if (masked.charCodeAt(i + 1) === 0x2f || masked.charCodeAt(i + 1) === 0x2a) return false; // a comment: left to the parser
    } else if (c === 0x5f || c === 0x24 || c === 0x3c || c === 0x40) {
      // `_`, `$`, `<`, `@` outside a string: as written, maybe a placeholder (`__MTU__`, `$2`,
      // `<x>`, `@mtu`), which masking makes a string where a value stands, else white space. In
      // the top-level object the scan reads on past one only as a member's whole value.
      const token = asWritten && open.length === 1 ? placeholderAt(masked, i) : null;
      if (token !== null) {
        // `${…}` stops the scan as its braces do elsewhere (OPENS_BEFORE).
        if (token.startsWith('${') || previousNonSpace(masked, i) !== 0x3a) return false;
        const after = nextNonSpace(masked, i + token.length);
        if (after !== 0x2c && after !== 0x7d) return false;
        i += token.length - 1;
      }
    } else if (c === 0x7b || c === 0x5b) {
      // `${…}`, `%{…}`, `{{…}}`, `{%…%}`, `{#…#}` outside a string: masking blanks them, braces and all.
      if (asWritten && c === 0x7b && (OPENS_BEFORE.includes(masked.charCodeAt(i - 1)) || OPENS_AFTER.includes(masked.charCodeAt(i + 1)))) return false;
      if (open.push(c + 2) > MAX_NESTING) return false; // `{` 0x7b closes with `}` 0x7d, `[` 0x5b with `]` 0x5d
    } else {
      // `}` or `]`
      if (open.pop() !== c) return false;
      if (open.length === 0) {
        for (i++; i < n; i++) if (!isJsonSpace(masked.charCodeAt(i))) return false;
        return c === 0x7d;
      }
    }
  }
  return false;
}

/**
 * noCniKeyAtTop for a text as written rather than masked by prepareJson: true only when the
 * masked text would be decided so too. Masking changes what the scan reads in a directive
 * (`{{ … }}`, `{% … %}`, `{# … #}`) and a `${…}` or `%{…}` outside a string, whose braces it
 * blanks: the scan stops there; and in a directive inside a string, whose quotes and backslashes
 * it masks: the scan goes on past one that holds none (plainDirectiveEnd). Other placeholders
 * (`__MTU__`, `$2`, `@mtu`, `<x>`) hold no quote or bracket, but masking turns them into a string
 * where a value stands, else into white space: in the top-level object the scan reads on past one
 * only as a member's whole value, and every string there must be a key before its `:` or a value
 * before `,` or `}` (a key's colon may follow what is blanked); it stops too at a line break
 * inside a string (where prepareJson ends it).
 */
export function noCniKeyAtTopAsWritten(text: string): boolean {
  return noCniKeyAtTop(text, true);
}

/** `$` and `%` before a `{`, and `{`, `%`, `#` after one: a placeholder's or a directive's start. */
const OPENS_BEFORE = [0x24, 0x25];
const OPENS_AFTER = [0x7b, 0x25, 0x23];

/**
 * At a `{` inside a string as written: where scanning goes on (the offset of the last character
 * read), or -1 when masking may change what follows. A directive (`{{…}}`, `{%…%}`) that closes
 * on its line is one prepareJson finds there; it masks its quotes and backslashes, so one holding
 * none (a Grafana legend's `{{pod}}`) is read as written, and one holding any (or a quote of Go's,
 * by which the directive may end elsewhere) stops the scan. Anything else is a plain `{`.
 */
function plainDirectiveEnd(text: string, at: number): number {
  const next = text.charCodeAt(at + 1);
  if (next !== 0x7b && next !== 0x25) return at;
  const close = text.indexOf(next === 0x7b ? '}}' : '%}', at + 2);
  const lineEnd = text.indexOf('\n', at);
  if (close === -1 || (lineEnd !== -1 && lineEnd < close)) return at;
  for (let k = at + 2; k < close; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x22 || c === 0x27 || c === 0x60 || c === 0x5c || c === 0x0d) return -1; // " ' ` \ CR
  }
  return close + 1;
}

/** The ASCII characters noCniKeyAtTop acts on outside a string: `"`, `/`, `{`, `}`, `[`, `]`, and a placeholder's start. */
const STRUCTURE = new Uint8Array(0x80);
for (const c of '"/{}[]_$<@') STRUCTURE[c.charCodeAt(0)] = 1;

/** The code of the character before `at` past JSON white space (NaN at the text's start). */
function previousNonSpace(text: string, at: number): number {
  let k = at - 1;
  while (k >= 0 && isJsonSpace(text.charCodeAt(k))) k--;
  return text.charCodeAt(k);
}

/** The code of the character at or after `from` past JSON white space (NaN at the text's end). */
function nextNonSpace(text: string, from: number): number {
  let k = from;
  while (k < text.length && isJsonSpace(text.charCodeAt(k))) k++;
  return text.charCodeAt(k);
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The deepest `{`/`[` nesting outside strings (masked text: no comments matter here). */
export function nestingDepth(masked: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < masked.length; i++) {
    const c = masked.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < masked.length && masked.charCodeAt(i) !== 0x22; i++) if (masked.charCodeAt(i) === 0x5c /* \ */) i++;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/**
 * `templated`: the text is part of a template (its own directives, or ones around it that a
 * manifest's reader masked), so JSON left incomplete by them is read as far as it goes.
 */
export function readNetwork(
  prepared: PreparedJson,
  looksLikeConfigFile: boolean,
  templated = prepared.directives.length > 0,
  /** The masked text's tree, when the caller has parsed it already (parsedWithinDepth). */
  parsed?: ReturnType<typeof parseJsonTree>,
): JsonNetworkResult {
  const { masked } = prepared;
  // Most JSON in a manifest that shows a "type" is no config (a Grafana dashboard's panels): said
  // without building its tree when no key at its top level could make one.
  if (!looksLikeConfigFile && parsed === undefined && noCniKeyAtTop(masked)) return { status: 'not-cni' };
  const depth = nestingDepth(masked);
  if (depth > MAX_NESTING) {
    // Too deep for the tree, not for JSON.parse: JSON whose top level holds no CNI key is no config, however deep.
    if (!looksLikeConfigFile && (!showsMemberWhenTooDeep(masked) || noCniKeyAtTopParsed(masked))) return { status: 'not-cni' };
    return { status: 'unparseable', offset: 0, length: 1, problem: `nesting ${depth} levels deep (more than ${MAX_NESTING}; no CNI config needs that)` };
  }
  const { root, errors } = parsed ?? parseJsonTree(masked);
  const firstError = errors[0];
  // A template's JSON is incomplete until rendered (`[{{range}}…{{end}}]` leaves `[ , …]`); its
  // literal tokens are still exact, and verification compares the same masked reading before and after.
  // (Not an object the parser made of a directive alone: `${jsonencode(local.cni)}` reads as `{…}` with no member.)
  if (firstError && !(templated && root?.type === 'object' && (root.children?.length ?? 0) > 0)) {
    // Only something that claims to be CNI earns a parse error; other broken JSON is not ours,
    // though a key deeper down is named `type` (a Kea DHCP config's `"lease-database": {"type": …}`).
    if (!looksLikeConfigFile && !hasCniKeyAtTop(root)) return { status: 'not-cni' };
    return {
      status: 'unparseable',
      offset: firstError.offset,
      length: firstError.length,
      problem: describeParseError(firstError, masked),
    };
  }
  if (!root || root.type !== 'object') {
    if (looksLikeConfigFile && masked.trim() !== '') {
      return { status: 'unparseable', offset: root?.offset ?? 0, length: root?.length ?? 0, problem: 'the top level is not a JSON object' };
    }
    return { status: 'not-cni' };
  }
  const network = networkAt(root, prepared, looksLikeConfigFile, templated);
  return network ? { status: 'ok', network } : { status: 'not-cni' };
}

/**
 * Keys of Multus's thick-plugin daemon configuration (`daemon-config.json`): it has no `type`,
 * and its `cniVersion` becomes that of the `00-multus.conf` the daemon writes, whose plugin is
 * `multus-shim`. Reference: multus-cni docs/thick-plugin.md, deployments/multus-daemonset-thick.yml.
 */
const MULTUS_DAEMON_KEYS = ['chrootDir', 'socketDir', 'multusAutoconfigDir', 'multusConfigFile', 'cniConfigDir'];

/** Whether an object with these keys (and a `cniVersion`, no `type`) is Multus's daemon configuration. */
export function isMultusDaemonConfig(has: (key: string) => boolean): boolean {
  return MULTUS_DAEMON_KEYS.filter(has).length >= 2;
}

const FLANNEL = 'flannel';

/**
 * The plugins flannel runs at the network's `cniVersion` without the config naming them: its
 * delegate is `bridge` unless the delegate has a `type`, and the delegate's IPAM is the flannel
 * config's own `ipam`, `host-local` unless that names a type. Reference:
 * github:flannel-io/cni-plugin@092e6d26 flannel_linux.go doCmdAdd (`n.Delegate["type"] =
 * "bridge"`, `n.Delegate["cniVersion"] = n.CNIVersion`) and getDelegateIPAM (`ipam["type"] =
 * "host-local"`); the same in containernetworking/plugins' flannel before v1.0.
 */
function flannelImplied(owner: Node, offset: number, read: (owner: Node | undefined, field: string) => Node[]): PluginRef[] {
  const named = (role: 'delegate' | 'ipam'): boolean => read(owner, role).some((o) => read(o, 'type').some((t) => t.type !== 'string' || t.value !== ''));
  return [
    ...(named('delegate') ? [] : [{ type: 'bridge', role: 'delegate' as const, offset, implied: true as const }]),
    ...(named('ipam') ? [] : [{ type: 'host-local', role: 'ipam' as const, offset, implied: true as const }]),
  ];
}

/**
 * Whether the text is JSON (as JSON.parse reads it, at any depth) whose top level is no object,
 * or an object with no CNI key: then no config, however deeply it nests below.
 */
function noCniKeyAtTopParsed(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  return typeof value !== 'object' || value === null || Array.isArray(value) || !Object.keys(value).some(isCniKey);
}

/** Top-level keys (Go-folded) that make networkAt look further; an object with none of them is decided by `type` and `name`. */
const DECISIVE_KEYS = new Set(['PLUGINS', 'CNIVERSION', 'IPAM', 'DELEGATE']);

/** A CNI config's keys as Go folds them: CNI_KEY_NAME's, each in any case libcni reads it. */
const CNI_KEYS_FOLDED = new Set([...DECISIVE_KEYS, 'TYPE', 'DELEGATES']);

/** Whether a key is a CNI config's (foldKey upper-cases ASCII, so CNI_KEY_NAME's matches are among these). */
function isCniKey(key: string): boolean {
  return CNI_KEYS_FOLDED.has(foldKey(key));
}

/**
 * True when `text`, read where no extension claims it (a `.json` file), is plainly no CNI config:
 * valid JSON (so nothing is masked, nothing is a template) whose top-level object networkAt would
 * refuse, decided on JSON.parse's object rather than on a syntax tree. package.json
 * (`"type": "module"`), JSON Schemas and dashboards are most of the `.json` files that show a
 * `"type"`. False whenever unsure: the full reading decides then.
 */
export function plainlyNotCni(text: string): boolean {
  if (hasDirectives(text)) return false;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  // Not an object: not JSON-shaped, never read as a config (analyzeCniJson).
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return true;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  const folded = keys.map(foldKey);
  if (folded.some((k) => DECISIVE_KEYS.has(k))) return false;
  // Too deep is refused as broken when a key at its top level is a CNI key (readNetwork): not
  // decided here. (Trivy's 1.2 MB reports, which have none there, need not be measured.)
  if (keys.some(isCniKey) && mayNestTooDeep(text) && showsMemberWhenTooDeep(text) && nestingDepth(text) > MAX_NESTING) return false;
  const typeKeys = keys.filter((_, i) => folded[i] === 'TYPE');
  if (typeKeys.length === 0) return true;
  // Spellings that differ only in case: which one Go reads depends on their order in the text.
  if (typeKeys.length > 1) return false;
  const type = object[typeKeys[0]!];
  if (typeof type !== 'string') return true;
  return FOREIGN_KEYS.some((k) => Object.hasOwn(object, k)) || !namesPlugin(type) || !folded.includes('NAME');
}

/**
 * Whether a `type`, on an object that shows nothing else of CNI but a `name`, names a plugin: one
 * the data knows, or one a template fills in. package.json's `"type": "module"`, a Nomad
 * volume's `"type": "csi"` are no plugins; a config of a plugin the data does not know shows a
 * `cniVersion`, an `ipam` or a `.conf`/`.conflist` name, or lies in a ConfigMap's CNI key.
 */
function namesPlugin(type: string): boolean {
  if (NODE_PACKAGE_TYPES.includes(type)) return false;
  // isTemplatedString takes quoted install-time placeholders too (`"type": "__IPAM_TYPE__"`).
  return isKnownPluginType(type) || isTemplatedString(type);
}

/**
 * Whether a text nested too deep to read shows a member that makes readNetwork refuse it as
 * broken rather than pass it over: `"cniVersion"`, `"plugins"` or `"type"`, then a colon.
 */
function showsMemberWhenTooDeep(text: string): boolean {
  return (text.includes('"type"') || text.includes('"plugins"') || text.includes('"cniVersion"')) && /"(cniVersion|plugins|type)"\s*:/.test(text);
}

/** Whether text may nest deeper than MAX_NESTING: it needs more opening brackets than that (counted natively). */
function mayNestTooDeep(text: string): boolean {
  let count = 0;
  for (const bracket of ['{', '[']) {
    for (let at = text.indexOf(bracket); at !== -1; at = text.indexOf(bracket, at + 1)) if (++count > MAX_NESTING) return true;
  }
  return false;
}

/** The network an object describes (a list, a single config, a Multus daemon config); null when it is none. */
function networkAt(root: Node, prepared: PreparedJson, looksLikeConfigFile: boolean, templated: boolean): JsonNetwork | null {
  const members = objectMembers(root);
  const has = (key: string): boolean => members.exact.has(key);
  // A single config is read as libcni's types.NetConf struct, whose fields match any case.
  const matches = (field: string): boolean => members.folded.has(foldKey(field));
  const type = memberRead(members, 'type', 'struct')?.children?.[1];
  const multusDaemon = !type && matches('cniVersion') && isMultusDaemonConfig(has);
  // Only a list is read for `plugins`, and a list's top level is a map: exact keys.
  const pluginsMember = memberRead(members, 'plugins', 'map');
  const pluginsNode = pluginsMember?.children?.[1];
  // `"plugins": {{ .Values.plugins | toJson }}`: a list a template writes in whole.
  const templatedList = templated && pluginsMember !== undefined && pluginsNode === undefined;
  const isList = pluginsNode?.type === 'array' || templatedList;
  const reading: KeyReading = isList ? 'map' : 'struct';
  const entryReading: KeyReading = isList ? 'remarshaled' : 'struct';
  const typedList = isList && (pluginsNode?.children?.length ?? 0) > 0 && pluginsNode!.children!.every((p) => valueRead(p, 'type', 'remarshaled')?.type === 'string');
  const isSingle =
    templatedList ||
    (type?.type === 'string' &&
      (matches('cniVersion') ||
        matches('ipam') ||
        has('delegate') ||
        looksLikeConfigFile ||
        (matches('name') && !FOREIGN_KEYS.some(has) && namesPlugin(type.value as string))));
  // Any object in a .conf/.conflist is a config a runtime will try to load, however broken.
  if (!typedList && !isSingle && !multusDaemon && !looksLikeConfigFile) return null;

  const versionProp = memberRead(members, 'cniVersion', reading);
  const versionKey = (versionProp?.children?.[0]?.value as string | undefined) ?? 'cniVersion';
  const versionValue = versionProp?.children?.[1];
  const nameNode = memberRead(members, 'name', reading)?.children?.[1];
  const plugins: PluginRef[] = [];
  const untypedPlugins: number[] = [];
  // What is read for a field: in a template, what every branch may render (the config reads as their union).
  const read = (owner: Node | undefined, field: string): Node[] => {
    if (templated) return valuesInBranches(owner, field);
    const value = valueRead(owner, field, entryReading);
    return value ? [value] : [];
  };
  const collect = (owner: Node): void => {
    const types = read(owner, 'type').filter((t) => t.type === 'string');
    for (const t of types) plugins.push({ type: t.value as string, role: 'plugin', offset: t.offset });
    if (types.length === 0) untypedPlugins.push(owner.offset);
    for (const role of ['ipam', 'delegate'] as const) {
      for (const inner of read(owner, role).flatMap((o) => read(o, 'type'))) {
        // `"ipam": {"type": ""}` names no IPAM plugin (Go writes an unset IPAM struct so: Azure
        // CNS's chained Cilium config); libcni checks only the plugin's own type.
        if (inner.type === 'string' && !(role === 'ipam' && inner.value === '')) plugins.push({ type: inner.value as string, role, offset: inner.offset });
      }
    }
    const flannel = types.find((t) => t.value === FLANNEL);
    // A template that writes a plugin into the object (`"delegate": {{ … }}`) decides what runs.
    const writtenInto = (): boolean => plugins.some((p) => writesText(p.type) && p.offset > owner.offset && p.offset < owner.offset + owner.length);
    if (flannel && !writtenInto()) plugins.push(...flannelImplied(owner, flannel.offset, read));
  };
  // Plugins a template writes in (`"plugins": {{ .Values.plugins | toJson }}`): unknown until rendered.
  if (templated) for (const d of pluginDirectives(prepared, root, pluginsNode)) plugins.push({ type: d.token, role: d.role, offset: d.offset });
  // A list in each branch of a template (`{{ if }} "plugins": [...] {{ else }} "plugins": [...]`): every entry of each.
  const lists = templated && isList ? members.exact.get('plugins')!.flatMap((m) => (m.children?.[1]?.type === 'array' ? [m.children[1]] : [])) : pluginsNode ? [pluginsNode] : [];
  if (isList) for (const list of lists) for (const p of list.children ?? []) collect(p);
  else if (multusDaemon) {
    const key = members.exact.get(MULTUS_DAEMON_KEYS.find(has)!)![0]!.children![0]!;
    plugins.push({ type: 'multus-shim', role: 'plugin', offset: key.offset });
  } else collect(root);
  // Multus runs each of its `delegates` as a network of its own, at the delegate's own version.
  const delegatesNode = memberRead(members, 'delegates', 'map')?.children?.[1];
  const delegates =
    !isList && type?.type === 'string' && delegatesNode?.type === 'array'
      ? (delegatesNode.children ?? []).filter((c) => c.type === 'object').map((c) => networkAt(c, prepared, true, templated)!)
      : [];

  const primaryChecked = multusDaemon ? checksPrimaryVersion(members, templated) : undefined;
  return {
    kind: isList ? 'conflist' : 'conf',
    name: nameNode?.type === 'string' ? (nameNode.value as string) : null,
    current: currentVersion(versionProp, prepared),
    versionValue,
    versionMember: versionProp,
    versionKey,
    versionCount: members.exact.get(versionKey)?.length ?? 0,
    keyVariants: keyVariants(root, isList, pluginsNode),
    root,
    plugins,
    untypedPlugins,
    emptyPluginList: isList && !templatedList && (pluginsNode?.children?.length ?? 0) === 0,
    nameValue: nameNode,
    cniVersions: cniVersionsOf(memberRead(members, 'cniVersions', 'map')?.children?.[1]),
    cniVersionsMember: isList ? memberRead(members, 'cniVersions', 'map') : undefined,
    cniVersionsCount: isList ? (members.exact.get('cniVersions')?.length ?? 0) : 0,
    templated,
    ...(multusDaemon ? { daemonConfig: 'multus' as const } : {}),
    ...(primaryChecked ? { checksPrimaryVersion: primaryChecked } : {}),
    delegates,
  };
}

/**
 * Which Multus releases check the primary config's version against the daemon's own: none when the
 * daemon copies a config file of the user's (`multusConfigFile` other than "auto", its default);
 * with `forceCNIVersion`, releases before 4.1.0 (which leave the primary config as it is). In a
 * template, whose values are known once rendered, every release is taken to. Reference:
 * github:k8snetworkplumbingwg/multus-cni@v4.3.0(db307415) pkg/server/config/generator.go:75
 * MultusConfigFile: "auto"; cmd/multus-daemon/main.go:100 `if multusConf.MultusConfigFile == "auto"`;
 * manager.go:98-99 `if config.ForceCNIVersion { overrideCNIVersion(primary, config.CNIVersion) }`,
 * first in v4.1.0(3c33f6f0) (v4.0.x manager.go reads no ForceCNIVersion).
 */
function checksPrimaryVersion(members: ObjectMembers, templated: boolean): 'every release' | 'before 4.1.0' | undefined {
  if (templated) return 'every release';
  const file = memberRead(members, 'multusConfigFile', 'struct')?.children?.[1];
  if (file !== undefined && !(file.type === 'string' && file.value === 'auto')) return undefined;
  const force = memberRead(members, 'forceCNIVersion', 'struct')?.children?.[1];
  return force?.type === 'boolean' && force.value === true ? 'before 4.1.0' : 'every release';
}

/** Fields libcni reads from a list's top level (a map: exact keys only). Reference: libcni conf.go ConfListFromBytes. */
const LIST_FIELDS = ['cniVersion', 'name', 'plugins', 'cniVersions', 'disableCheck', 'disableGC'];
/** Fields of types.NetConf this tool reads, at a .conf's top level. */
const CONF_FIELDS = ['cniVersion', 'name', 'type', 'ipam'];
/** Fields of types.NetConf libcni reads from a list's plugin entry. */
const ENTRY_FIELDS = ['type', 'ipam'];

/**
 * Fields written in more than one spelling (`cniVersion` and `CNIVersion`), or, where libcni
 * reads exact keys only, in a spelling it ignores: each with the spelling libcni reads.
 */
function keyVariants(root: Node, isList: boolean, pluginsNode: Node | undefined): KeyVariant[] {
  const out: KeyVariant[] = [];
  const check = (owner: Node | undefined, fields: readonly string[], reading: KeyReading): void => {
    const members = objectMembers(owner);
    for (const field of fields) {
      const written = spellings(members, field);
      const exactOnly = reading === 'map' && written.length > 0 && (written.length > 1 || written[0] !== field);
      if (written.length < 2 && !exactOnly) continue;
      const read = memberRead(members, field, reading);
      const first = members.folded.get(foldKey(field))![0]!.children![0]!;
      const at = read?.children?.[0] ?? first;
      out.push({ field, spellings: written, read: (read?.children?.[0]?.value as string | undefined) ?? null, offset: at.offset, length: at.length });
    }
  };
  if (isList) {
    check(root, LIST_FIELDS, 'map');
    for (const entry of pluginsNode?.children ?? []) {
      check(entry, ENTRY_FIELDS, 'remarshaled');
      check(valueRead(entry, 'ipam', 'remarshaled'), ['type'], 'remarshaled');
    }
  } else {
    check(root, CONF_FIELDS, 'struct');
    check(valueRead(root, 'ipam', 'struct'), ['type'], 'struct');
  }
  return out;
}

function cniVersionsOf(node: Node | undefined): string[] | null {
  if (node?.type !== 'array') return null;
  return (node.children ?? []).filter((c) => c.type === 'string').map((c) => c.value as string);
}

function currentVersion(prop: Node | undefined, prepared: PreparedJson): CurrentVersion {
  if (!prop) return { kind: 'missing' };
  const template = templatedValue(prop, prepared);
  if (template !== null) return { kind: 'templated', raw: template };
  const node = prop.children?.[1];
  if (!node) return { kind: 'missing' };
  if (node.type === 'string') return { kind: 'string', value: node.value as string };
  return { kind: 'other', raw: prepared.masked.slice(node.offset, node.offset + node.length) };
}

function describeParseError(error: ParseError, text: string): string {
  const code = printParseErrorCode(error.error);
  const found = error.offset >= text.length ? 'end of input' : JSON.stringify(text.slice(error.offset, error.offset + Math.max(1, Math.min(error.length, 20))));
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `${words} at ${found}`;
}

/** The JSON value of a parsed tree, for semantic comparison. */
export function valueOf(node: Node): unknown {
  return getNodeValue(node);
}

/** A network of the text and where its object is: `[]`, or `['delegates', 0]` for a Multus delegate. */
export interface NetworkAt {
  readonly network: JsonNetwork;
  readonly path: readonly (string | number)[];
}

/** The network and each of its delegates, depth first: the order every network of a text is planned and verified in. */
export function networksWithin(net: JsonNetwork, path: readonly (string | number)[] = []): NetworkAt[] {
  return [{ network: net, path }, ...net.delegates.flatMap((d, i) => networksWithin(d, [...path, 'delegates', i]))];
}

/** The plugin types a network and its delegates run, each once. */
export function networkPluginTypes(net: JsonNetwork): string[] {
  return [...new Set(networksWithin(net).flatMap(({ network }) => network.plugins.map((p) => p.type)))];
}
