import { diagnostic, type PendingDiagnostic } from '../../core/diagnostics.js';
import { CNI_MEMBER, hasCniKeyAtTop, networkPluginTypes, networksWithin, noCniKeyAtTopAsWritten, parsedWithinDepth, plainlyNotCni, readNetwork, type JsonNetwork } from '../../network/network.js';
import { verifyNetworkJson } from '../../network/verify.js';
import { planJsonNetworks } from '../../network/plan-network.js';
import { hasDirectives, prepareJson, type Placeholder, type PreparedJson } from '../../network/prepare.js';
import type { FileInput } from '../../core/types.js';
import { literalVersions, templateSyntax, TERRAFORM_DIRECTIVE, writtenWhole } from '../template-files.js';
import type { Analysis, FormatPlan, PlanContext } from '../types.js';

export interface CniJsonData {
  readonly prepared: PreparedJson;
  readonly network: JsonNetwork;
}

/** What libcni does by extension: `.conflist` → list loader, anything else → single-config loader. */
function extensionOf(path: string): 'conflist' | 'conf' | 'json' | 'other' {
  const m = /\.(conflist|conf|json)$/i.exec(path);
  return m ? (m[1]!.toLowerCase() as 'conflist' | 'conf' | 'json') : 'other';
}

/** What every CNI config in JSON shows: a large tree of unrelated JSON is not parsed. */
const SIGNALS = ['"type"', '"plugins"', '"cniVersion"'];

/**
 * Whether analyzeCniJson could claim a file of this path whose text holds what `holds` says (the
 * pre-check of FormatModule.mightClaim): a `.conflist` or `.conf` by its name, anything else but
 * YAML by content.
 */
export function mightClaimCniJson(path: string, holds: (ascii: string) => boolean): boolean {
  if (/\.ya?ml$/i.test(path)) return false; // manifests are k8s-yaml's, however they start
  const ext = extensionOf(path);
  return ext === 'conflist' || ext === 'conf' || SIGNALS.some(holds);
}

/** A name as CNI configs are given for the order runtimes load them in: `10-bridge.conf`, `99-loopback.conf`. */
const LOAD_ORDER_NAME = /(^|\/)\d+-[^/]*\.conf$/i;

/** A folder runtimes load configs from (`/etc/cni/net.d`, `nodes/gpu/net.d`). */
const NODE_DIRECTORY = /(^|\/)net\.d\//;

export function analyzeCniJson(input: FileInput): Analysis<CniJsonData> | null {
  if (!mightClaimCniJson(input.path, (s) => input.text.includes(s))) return null;
  const ext = extensionOf(input.path);
  const conflist = ext === 'conflist';
  // Other programs use `.conf` too (nginx, sysctl, templates of them): one is a CNI config when
  // it holds a JSON object, or when it lies where runtimes load configs.
  const inNodeDirectory = !input.templateOf && (input.inNodeDirectory ?? NODE_DIRECTORY.test(input.path));
  if ((conflist || (ext === 'conf' && inNodeDirectory)) && input.text.trim() === '') {
    // An empty file in /etc/cni/net.d makes containerd's whole config load fail.
    return { ok: false, format: ext, diagnostics: [diagnostic('JSON_PARSE_ERROR', { problem: 'the file is empty' }, { offset: 0, length: 0 })] };
  }
  // Most `.json` files that show a "type" (package.json, schemas, dashboards) are decided without
  // a syntax tree: by what JSON.parse makes of them (faster than a scan of the text, on Trivy's
  // reports twice as fast), or, where directives leave no JSON to parse (a chart's dashboards
  // with legends `{{pod}}`), by a scan when no key at their top level is a CNI key.
  const plain = !conflist && ext !== 'conf';
  if (plain && (plainlyNotCni(input.text) || (hasDirectives(input.text) && !input.text.includes('cniVersion') && noCniKeyAtTopAsWritten(input.text)))) return null;
  const prepared = prepareJson(input.text);
  const jsonShaped = /^[\s\ufeff\u00a0]*\{/.test(prepared.masked);
  // Outside a node directory, a `.conf` JSON object is a CNI config when it has a CNI key at its
  // top level or is named as runtimes order configs (`10-net.conf`): an Ansible role's P4 device
  // config (`es2k_skip_p4.conf.j2`: `{"instance": 0, "iommu_grp_num": {{ … }}}`) is not one, nor
  // a Kea DHCP server's (`{"Dhcp4": {"lease-database": {"type": "memfile"}, …}}`, `#` comments).
  // The tree read for that is the one readNetwork reads; one too deep to parse is claimed by its key, and refused there.
  let parsed: NonNullable<ReturnType<typeof parsedWithinDepth>> | undefined;
  const keyAtTop = (): boolean => {
    if (!CNI_MEMBER.test(prepared.masked)) return false;
    parsed = parsedWithinDepth(prepared.masked) ?? undefined;
    return parsed === undefined || hasCniKeyAtTop(parsed.root);
  };
  const claimed = conflist || (ext === 'conf' && (inNodeDirectory || (jsonShaped && (LOAD_ORDER_NAME.test(input.path) || keyAtTop()))));
  if (!claimed && !jsonShaped) return null;
  const format = ext === 'other' ? 'conf' : ext;
  // `{{ cni | to_json }}`, `${jsonencode(cni)}`: a template that writes the whole config.
  const whole = input.templateOf ? wholeToken(prepared) : null;
  if (whole) return unreadWhole(format, templateSyntax(input.text, input.templateOf), whole);
  const read = readNetwork(prepared, claimed, undefined, parsed);
  // A template read only once rendered: said, with the literal versions it holds, never skipped.
  const unread = (syntax: string, problem: string, at: { offset: number; length: number }): Analysis<CniJsonData> => ({
    ok: false,
    format,
    diagnostics: [diagnostic('TEMPLATE_NOT_PARSED', { syntax, problem, cniVersions: literalVersions(input.text, 0, input.text.length) }, at)],
  });
  if (read.status === 'not-cni') {
    // A template's JSON with a cniVersion that only rendering completes into a config.
    if (prepared.directives.length === 0 || !/"cniVersion"\s*:/.test(prepared.masked)) return null;
    return unread(templateSyntax(input.text, input.templateOf), 'not a CNI config until rendered', { offset: 0, length: 1 });
  }
  if (read.status === 'unparseable') {
    // A Terraform template whose directives leave its JSON unreadable (masked, they may cut it short): readable once rendered.
    if (input.templateOf && TERRAFORM_DIRECTIVE.test(input.text)) return unread('Terraform', read.problem, { offset: read.offset, length: read.length });
    return { ok: false, format, diagnostics: [diagnostic('JSON_PARSE_ERROR', { problem: read.problem }, { offset: read.offset, length: read.length })] };
  }
  // `{% if x %}{…}{% else %}{…}{% endif %}`: the template writes one of several configs. Only the
  // first would be read, so none is: each is said with its literal version, nothing is changed.
  const next = prepared.directives.length ? nextTopLevelObject(prepared.masked, read.network.root.offset + read.network.root.length) : -1;
  if (next !== -1) return unread(templateSyntax(input.text, input.templateOf), 'it writes one of several configs, in branches of the template', { offset: next, length: 1 });
  return { ok: true, format: read.network.kind, pluginTypes: networkPluginTypes(read.network), data: { prepared, network: read.network } };
}

/** The one directive or placeholder that is all a template's text holds (white space aside); null when there is more. */
function wholeToken(prepared: PreparedJson): Placeholder | null {
  const tokens = [...prepared.directives, ...prepared.placeholders];
  if (tokens.length !== 1) return null;
  const token = tokens[0]!;
  const rest = prepared.text.slice(0, token.offset) + prepared.text.slice(token.offset + token.length);
  return /^[\s\ufeff]*$/.test(rest) ? token : null;
}

function unreadWhole(format: string, syntax: string, token: Placeholder): Analysis<CniJsonData> {
  return { ok: false, format, diagnostics: [diagnostic('TEMPLATE_NOT_PARSED', { syntax, problem: writtenWhole(token.token), cniVersions: [] }, { offset: token.offset, length: token.length })] };
}

/** The offset of a `{` that opens another JSON value after `end`, past white space only; -1 when none. */
function nextTopLevelObject(masked: string, end: number): number {
  NOT_SPACE.lastIndex = end;
  const at = NOT_SPACE.exec(masked)?.index ?? -1;
  return at !== -1 && masked[at] === '{' ? at : -1;
}

const NOT_SPACE = /\S/g;

export function planCniJson(input: FileInput, data: CniJsonData, context: PlanContext): FormatPlan {
  const planned = planJsonNetworks(input.text, data.prepared, data.network, context);
  // A template is installed under whatever name its task gives it; only files runtimes list have
  // an extension that matters, and `.json` is a runtime's only in a config directory.
  const listed = !input.templateOf && (extensionOf(input.path) !== 'json' || (input.inNodeDirectory ?? NODE_DIRECTORY.test(input.path)));
  const byExtension = listed ? extensionDiagnostics(input.path, data.network) : [];
  // A list without its "plugins" fails there: its own object has no type to lack.
  const asList = byExtension.some((d) => d.code === 'CONFLIST_WITHOUT_PLUGINS');
  const diagnostics: PendingDiagnostic[] = [
    ...byExtension,
    ...planned.flatMap((p) => p.diagnostics).filter((d) => !(asList && d.code === 'PLUGIN_TYPE_INVALID' && d.at?.offset === data.network.root.offset)),
  ];
  return {
    networks: planned.map((p) => (p.path.length ? { ...p.network, location: p.path.join('.') } : p.network)),
    edits: planned.flatMap((p) => p.edits).sort((a, b) => a.offset - b.offset),
    diagnostics,
  };
}

function extensionDiagnostics(path: string, net: JsonNetwork): PendingDiagnostic[] {
  const ext = extensionOf(path);
  const at = { offset: net.root.offset, length: 1 };
  // Reference: ocicni "no 'type'; perhaps this is a .conflist?"; libcni conf.go "no 'plugins' key".
  if (net.kind === 'conflist' && (ext === 'conf' || ext === 'json')) return [diagnostic('CONF_HOLDS_LIST', {}, at)];
  if (net.kind === 'conf' && ext === 'conflist') return [diagnostic('CONFLIST_WITHOUT_PLUGINS', net.plugins.some((p) => p.role === 'plugin') ? {} : { untyped: true }, at)];
  return [];
}

/** Proof that the edit changed only `cniVersion` (see network/verify.ts). */
export function verifyCniJson(before: FileInput, after: string, plan: FormatPlan, beforeData: CniJsonData): string | null {
  const within = networksWithin(beforeData.network);
  if (plan.networks.length !== within.length) return 'no network was planned';
  return verifyNetworkJson(
    before.text,
    after,
    plan.networks.map((n, i) => ({ path: within[i]!.path, decision: n.decision, key: within[i]!.network.versionKey, ...(n.cniVersions ? { cniVersions: n.cniVersions.versions } : {}) })),
  );
}
