import { diagnostic, type PendingDiagnostic } from '../../diagnostics.js';
import { readNetwork, type JsonNetwork } from '../../json/network.js';
import { verifyNetworkJson } from '../../json/verify.js';
import { planJsonNetwork } from '../../json/plan-network.js';
import { prepareJson, type PreparedJson } from '../../json/prepare.js';
import type { FileInput } from '../../types.js';
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

/** Cheap pre-check so a large tree of unrelated JSON is not parsed. */
function mightBeCni(text: string): boolean {
  return text.includes('"type"') || text.includes('"plugins"') || text.includes('"cniVersion"');
}

export function analyzeCniJson(input: FileInput): Analysis<CniJsonData> | null {
  const ext = extensionOf(input.path);
  const claimed = ext === 'conflist' || ext === 'conf';
  if (!claimed && !mightBeCni(input.text)) return null;
  if (claimed && input.text.trim() === '') {
    // An empty file in /etc/cni/net.d makes containerd's whole config load fail.
    return { ok: false, format: ext, diagnostics: [diagnostic('JSON_PARSE_ERROR', { problem: 'the file is empty' }, { offset: 0, length: 0 })] };
  }
  if (!claimed && !/^[\s\ufeff\u00a0]*\{/.test(input.text)) return null;
  const prepared = prepareJson(input.text);
  const read = readNetwork(prepared.masked, claimed, prepared.directives.length > 0);
  if (read.status === 'not-cni') return null;
  if (read.status === 'unparseable') {
    return {
      ok: false,
      format: ext === 'other' ? 'conf' : ext,
      diagnostics: [diagnostic('JSON_PARSE_ERROR', { problem: read.problem }, { offset: read.offset, length: read.length })],
    };
  }
  const types = [...new Set(read.network.plugins.map((p) => p.type))];
  return { ok: true, format: read.network.kind, pluginTypes: types, data: { prepared, network: read.network } };
}

export function planCniJson(input: FileInput, data: CniJsonData, context: PlanContext): FormatPlan {
  const planned = planJsonNetwork(input.text, data.prepared, data.network, context);
  const diagnostics: PendingDiagnostic[] = [...extensionDiagnostics(input.path, data.network), ...planned.diagnostics];
  return { networks: [planned.network], edits: planned.edit ? [planned.edit] : [], diagnostics };
}

function extensionDiagnostics(path: string, net: JsonNetwork): PendingDiagnostic[] {
  const ext = extensionOf(path);
  const at = { offset: net.root.offset, length: 1 };
  // Reference: ocicni "no 'type'; perhaps this is a .conflist?"; libcni conf.go "no 'plugins' key".
  if (net.kind === 'conflist' && (ext === 'conf' || ext === 'json')) return [diagnostic('CONF_HOLDS_LIST', {}, at)];
  if (net.kind === 'conf' && ext === 'conflist') return [diagnostic('CONFLIST_WITHOUT_PLUGINS', {}, at)];
  return [];
}

/** Proof that the edit changed only `cniVersion` (see json/verify.ts). */
export function verifyCniJson(before: FileInput, after: string, plan: FormatPlan): string | null {
  const decision = plan.networks[0]?.decision;
  return decision ? verifyNetworkJson(before.text, after, decision) : 'no network was planned';
}
