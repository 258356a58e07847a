/**
 * CNI configs in Terraform: the heredoc strings of a `.tf` file (a `kubernetes_config_map`'s
 * `"cni-conf.json" = <<-EOF`, a `local_file`'s `content = <<EOF` that writes a conflist),
 * read and edited inside the heredoc as a manifest's string is. A `cniVersion` written outside
 * every heredoc (in `jsonencode({…})`, in an escaped string) is said unread, never passed over.
 * See readme.md beside this file.
 */
import { diagnostic, type PendingDiagnostic } from '../../core/diagnostics.js';
import type { FileInput } from '../../core/types.js';
import { CNI_KEYS, readEmbeddedConfig } from '../embedded/manifest.js';
import { embeddedPluginTypes, planEmbedded, verifyEmbeddedNetworks, type EmbeddedNetwork } from '../embedded/plan-embedded.js';
import { heredocBody } from '../embedded/text.js';
import { literalVersions, TERRAFORM_DIRECTIVE } from '../template-files.js';
import type { Analysis, FormatPlan, PlanContext } from '../types.js';

export interface TerraformData {
  readonly networks: readonly EmbeddedNetwork[];
  /** What the file holds that is said, not read (a CNI config outside the heredocs, a template's). */
  readonly unread: readonly PendingDiagnostic[];
}

/** What a heredoc holding a CNI config shows, or the key it is assigned to names. */
const SIGNALS = ['cniVersion', '"type', 'cni_network_config', 'cni-conf.json', 'cniConf', '.conflist'];

/** Whether analyzeTerraform could claim a file of this path whose text holds what `holds` says (FormatModule.mightClaim). */
export function mightClaimTerraform(path: string, holds: (ascii: string) => boolean): boolean {
  return /\.tf$/i.test(path) && SIGNALS.some(holds);
}

interface Heredoc {
  /** The attribute or object key it is assigned to (`"cni-conf.json"`, `content`), '' when none. */
  readonly key: string;
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** Offset of the `<<` that opens it. */
  readonly start: number;
  /** Offset just past its closing marker's line. */
  readonly end: number;
}

/** `<<EOF` or `<<-EOF` at the end of a line, in an expression (after `=`, `:`, `(`, `[` or `,`). */
const HEREDOC_START = /<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/g;
const ASSIGNED_TO = /(?:"((?:[^"\\]|\\.)*)"|([A-Za-z_][A-Za-z0-9_-]*))[ \t]*[=:][ \t]*$/;

/** The heredocs of a Terraform file, in order; a marker that never closes runs to the end. */
export function heredocsOf(text: string): Heredoc[] {
  const out: Heredoc[] = [];
  HEREDOC_START.lastIndex = 0;
  for (let m = HEREDOC_START.exec(text); m !== null; m = HEREDOC_START.exec(text)) {
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const before = text.slice(lineStart, m.index);
    // In a comment, or not where an expression stands: not a heredoc.
    if (/#|\/\//.test(before.replace(/"(?:[^"\\]|\\.)*"/g, '""')) || !/(^|[=:(\[,])[ \t]*$/.test(before)) continue;
    const assigned = ASSIGNED_TO.exec(before);
    const bodyStart = m.index + m[0].length;
    // Searched from the body on, without copying the rest of the file.
    const close = new RegExp(`^[ \\t]*${m[1]}[ \\t]*\\r?$`, 'gm');
    close.lastIndex = bodyStart;
    const found = close.exec(text);
    const bodyEnd = found ? found.index : text.length;
    const lineEnd = found ? text.indexOf('\n', bodyEnd) : -1;
    const end = lineEnd === -1 ? text.length : lineEnd + 1;
    out.push({ key: assigned ? (assigned[1] ?? assigned[2] ?? '') : '', bodyStart, bodyEnd, start: m.index, end });
    HEREDOC_START.lastIndex = end;
  }
  return out;
}

/** Where each `resource`/`data` block (or `locals`, …) starts, and its name: `kubernetes_config_map.config`. */
function blockHeads(text: string): { at: number; name: string }[] {
  const head = /^[ \t]*(resource|data)[ \t]+"([^"]+)"[ \t]+"([^"]+)"|^[ \t]*(locals|variable|output|module)\b(?:[ \t]+"([^"]+)")?/gm;
  const out: { at: number; name: string }[] = [];
  for (let m = head.exec(text); m !== null; m = head.exec(text)) {
    out.push({ at: m.index, name: m[1] ? `${m[1] === 'data' ? 'data.' : ''}${m[2]}.${m[3]}` : m[5] ? `${m[4]} "${m[5]}"` : m[4]! });
  }
  return out;
}

/** A `cniVersion` an HCL object or an escaped string sets: `cniVersion = "0.3.1"`, `\"cniVersion\": `. */
const VERSION_SET = /cniVersion\\?"?[ \t]*[=:]/g;

/** Where VERSION_SET first matches in the given ranges of the text, outside a `#` or `//` comment; -1 when nowhere. */
function versionSetOutsideComments(text: string, ranges: readonly (readonly [number, number])[]): number {
  for (const [start, end] of ranges) {
    VERSION_SET.lastIndex = start;
    for (let m = VERSION_SET.exec(text); m !== null && m.index < end; m = VERSION_SET.exec(text)) {
      const before = text.slice(text.lastIndexOf('\n', m.index) + 1, m.index).replace(/"(?:[^"\\]|\\.)*"/g, '""');
      if (!/#|\/\//.test(before)) return m.index;
    }
  }
  return -1;
}

export function analyzeTerraform(input: FileInput): Analysis<TerraformData> | null {
  if (!mightClaimTerraform(input.path, (s) => input.text.includes(s))) return null;
  const text = input.text;
  const networks: EmbeddedNetwork[] = [];
  const unread: PendingDiagnostic[] = [];
  const heredocs = heredocsOf(text);
  const heads = blockHeads(text);
  let head = -1; // the last block head before the heredoc: both lists are in file order
  for (const h of heredocs) {
    while (head + 1 < heads.length && heads[head + 1]!.at < h.start) head++;
    const body = text.slice(h.bodyStart, h.bodyEnd);
    // A heredoc is a Terraform template: `${…}` and `%{ if }` are only known once applied.
    const templated = body.includes('${') || TERRAFORM_DIRECTIVE.test(body);
    const reading = readEmbeddedConfig(body, { claimed: CNI_KEYS.test(h.key), templated });
    if (reading.kind === 'not-cni') continue;
    const where = head >= 0 ? heads[head]!.name : '';
    const location = [where, h.key ? JSON.stringify(h.key) : 'heredoc'].filter(Boolean).join(' ');
    if (reading.kind !== 'network') {
      const at = { offset: h.bodyStart + Math.min(reading.offset, body.length), length: 1 };
      const problem = `${location}: ${reading.problem}`;
      unread.push(
        reading.kind === 'template-unread'
          ? diagnostic('TEMPLATE_NOT_PARSED', { syntax: 'Terraform', problem, cniVersions: literalVersions(text, h.bodyStart, h.bodyEnd) }, at)
          : diagnostic('JSON_PARSE_ERROR', { problem }, at),
      );
      continue;
    }
    networks.push({
      location,
      path: [networks.length],
      document: 0,
      text: heredocBody(text, h.bodyStart, h.bodyEnd),
      prepared: reading.prepared,
      network: reading.network,
      range: [h.bodyStart, h.bodyEnd],
    });
  }
  // Outside the heredocs: a config HCL writes (`jsonencode({ cniVersion = … })`) is said, not read.
  const gaps: [number, number][] = [];
  let from = 0;
  for (const h of heredocs) {
    gaps.push([from, h.start]);
    from = h.end;
  }
  gaps.push([from, text.length]);
  const set = versionSetOutsideComments(text, gaps);
  if (set !== -1) {
    const cniVersions = gaps.flatMap(([s, e]) => literalVersions(text, s, e));
    unread.push(
      diagnostic(
        'TEMPLATE_NOT_PARSED',
        { syntax: 'Terraform', problem: 'a CNI config written in HCL (jsonencode, an escaped string) is known only once Terraform renders it', cniVersions },
        { offset: set, length: 'cniVersion'.length },
      ),
    );
  }
  if (networks.length === 0) {
    return unread.length ? { ok: false, format: 'terraform', diagnostics: unread } : null;
  }
  return { ok: true, format: 'terraform', pluginTypes: embeddedPluginTypes(networks), data: { networks, unread } };
}

export function planTerraform(_input: FileInput, data: TerraformData, context: PlanContext): FormatPlan {
  return planEmbedded(data.networks, context, data.unread);
}

/** The edited file holds the same configs, changed only in `cniVersion`, and not a byte else outside them. */
export function verifyTerraform(before: FileInput, after: string, plan: FormatPlan, beforeData: TerraformData, analyzeAfter: () => Analysis<TerraformData> | null): string | null {
  const a = analyzeAfter();
  if (!a?.ok) return 'the result no longer holds its CNI configs';
  const problem = verifyEmbeddedNetworks(beforeData.networks, a.data.networks, plan);
  if (problem) return problem;
  const outside = (text: string, networks: readonly EmbeddedNetwork[]): string => {
    let kept = '';
    let from = 0;
    for (const n of networks) {
      kept += text.slice(from, n.range[0]);
      from = n.range[1];
    }
    return kept + text.slice(from);
  };
  return outside(after, a.data.networks) === outside(before.text, beforeData.networks) ? null : 'the result differs outside the CNI configs';
}
