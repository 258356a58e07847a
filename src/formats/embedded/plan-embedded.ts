/**
 * Plans CNI networks held in strings of a manifest: each is planned on its decoded text with the
 * JSON engine, then its edit and finding positions are mapped into the file.
 */
import { diagnostic, type PendingDiagnostic } from '../../core/diagnostics.js';
import type { FormatPlan, PlanContext } from '../types.js';
import { networkPluginTypes, networksWithin, type JsonNetwork } from '../../network/network.js';
import { MULTUS_TYPE, planJsonNetworks } from '../../network/plan-network.js';
import type { PreparedJson } from '../../network/prepare.js';
import { verifyNetworkJson } from '../../network/verify.js';
import type { Edit, NetworkPlan } from '../../core/types.js';
import { toFileEdit, type EmbeddedText } from './text.js';

export interface EmbeddedNetwork {
  /** Human description of where the string is, e.g. `ConfigMap kube-system/calico-config data.cni_network_config`. */
  readonly location: string;
  /**
   * Path of the string inside its document (keys and indexes), for verification. For a network in
   * a string that is YAML itself, the path of that outermost string.
   */
  readonly path: readonly (string | number)[];
  /** Other places in the document that use this string through an alias (`*cni`). */
  readonly aliasPaths?: readonly (readonly (string | number)[])[];
  /** For a network inside strings that are YAML: those strings, outermost first, and its path in the innermost. */
  readonly containers?: readonly {
    readonly id: string;
    readonly decoded: string;
    readonly pathInParent: readonly (string | number)[];
  }[];
  readonly innerPath?: readonly (string | number)[];
  /** Other places in the innermost string's documents that use this string through an alias, as `innerPath`. */
  readonly innerAliasPaths?: readonly (readonly (string | number)[])[];
  readonly document: number;
  readonly text: EmbeddedText;
  readonly prepared: PreparedJson;
  readonly network: JsonNetwork;
  /** File range of the whole scalar (quotes or block header included): edits must stay inside. */
  readonly range: readonly [number, number];
  /**
   * The string is a NetworkAttachmentDefinition's config: Multus names it after the object (a
   * missing name is no error) and runs it with its own libcni (MULTUS_TYPE).
   */
  readonly attachmentDefinition?: boolean;
  /** Why no edit can be written here though the config is judged (a mapping an alias shares); absent when one can. */
  readonly editRefused?: string;
  /**
   * A template's directives within the string, as written in the file (those at a block's column
   * 0, which shape its JSON but are not part of its value, too): what TEMPLATE_DIRECTIVES counts.
   */
  readonly directives?: readonly { readonly offset: number; readonly length: number; readonly token: string }[];
}

/** The plugin types an embedded network's plan resolves: those it runs, and Multus for a NetworkAttachmentDefinition's. */
export function embeddedPluginTypes(networks: readonly EmbeddedNetwork[]): string[] {
  return [...new Set(networks.flatMap((n) => [...networkPluginTypes(n.network), ...(n.attachmentDefinition ? [MULTUS_TYPE] : [])]))];
}

/**
 * Places the image findings of a manifest (made from its parsed documents, which keep no
 * offsets) at the image as written in the file: the first place each image string stands, then
 * the next for the next finding of the same image. One the text does not hold stays unplaced.
 */
export function placeImageFindings(text: string, pending: readonly PendingDiagnostic[]): PendingDiagnostic[] {
  const after = new Map<string, number>();
  return pending.map((d) => {
    if (d.code !== 'IMAGE_TAG_UNUSABLE' || d.at || d.args.image === '') return d;
    const image = d.args.image;
    const offset = text.indexOf(image, after.get(image) ?? 0);
    if (offset < 0) return d;
    after.set(image, offset + image.length);
    return { ...d, at: { offset, length: image.length } };
  });
}

export function planEmbedded(found: readonly EmbeddedNetwork[], context: PlanContext, extra: readonly PendingDiagnostic[] = []): FormatPlan {
  const networks: NetworkPlan[] = [];
  const edits: Edit[] = [];
  const diagnostics: PendingDiagnostic[] = [...extra];
  for (const e of found) {
    const toFile = (at: { offset: number; length: number } | undefined): { offset: number; length: number } | undefined => {
      if (!at) return undefined;
      const from = e.text.toFile(at.offset);
      return { offset: from, length: Math.max(0, e.text.toFile(at.offset + at.length) - from) };
    };
    for (const planned of planJsonNetworks(e.text.decoded, e.prepared, e.network, context, e.attachmentDefinition === true)) {
      // Plugin offsets, like every offset of a plan, are into the file (types.ts), not the decoded string.
      const plugins = planned.network.plugins.map((p) => ({ ...p, offset: e.text.toFile(p.offset) }));
      const location = planned.path.length ? `${e.location} ${planned.path.join('.')}` : e.location;
      let network: NetworkPlan = { ...planned.network, plugins, location };
      for (const d of planned.diagnostics) {
        if (d.code === 'NAME_MISSING' && e.attachmentDefinition) continue;
        if (d.code === 'TEMPLATE_DIRECTIVES' && e.directives?.length) continue; // counted in the file, below
        diagnostics.push({ ...d, at: toFile(d.at) } as PendingDiagnostic);
      }
      const first = e.directives?.[0];
      if (first && planned.path.length === 0) {
        diagnostics.push(diagnostic('TEMPLATE_DIRECTIVES', { count: e.directives!.length, first: first.token }, { offset: first.offset, length: first.length }));
      }
      if (planned.edits.length > 0) {
        const mapped = planned.edits.map((edit) => toFileEdit(e.text, edit));
        if (!e.editRefused && mapped.every((edit) => edit && edit.offset >= e.range[0] && edit.offset + edit.length <= e.range[1])) {
          edits.push(...(mapped as Edit[]));
        } else {
          diagnostics.push(diagnostic('EMBEDDED_EDIT_UNSAFE', { location, style: e.text.style, ...(e.editRefused ? { reason: e.editRefused } : {}) }, { offset: e.range[0], length: 1 }));
          const { cniVersions: _dropped, executes: _executes, ...rest } = network;
          network = { ...rest, decision: { action: 'none', reason: `the ${e.text.style} string cannot hold the edit safely` } };
        }
      }
      networks.push(network);
    }
  }
  return { networks, edits: edits.sort((a, b) => a.offset - b.offset), diagnostics };
}

/**
 * Proof for the strings of a manifest: the edited file holds the same networks at the same
 * places, each planned edit changed only `cniVersion` (network/verify.ts), and strings without an
 * edit did not change. The caller checks that everything outside the strings is the same data.
 */
export function verifyEmbeddedNetworks(before: readonly EmbeddedNetwork[], after: readonly EmbeddedNetwork[], plan: FormatPlan): string | null {
  if (after.length !== before.length) return 'the result holds a different number of CNI configs';
  let next = 0; // plan.networks holds each string's network, then its delegates
  for (const [i, nb] of before.entries()) {
    const na = after[i]!;
    if (na.location !== nb.location) return `the CNI config at ${nb.location} moved`;
    const within = networksWithin(nb.network);
    const changes = within.map(({ path, network }, k) => {
      const planned = plan.networks[next + k];
      return {
        path,
        decision: planned?.decision ?? { action: 'none' as const, reason: '' },
        key: network.versionKey,
        ...(planned?.cniVersions ? { cniVersions: planned.cniVersions.versions } : {}),
      };
    });
    next += within.length;
    if (changes.some((c) => c.decision.action === 'insert' || c.decision.action === 'rewrite' || c.cniVersions)) {
      const problem = verifyNetworkJson(nb.text.decoded, na.text.decoded, changes);
      if (problem) return `${nb.location}: ${problem}`;
    } else if (na.text.decoded !== nb.text.decoded) {
      return `${nb.location} changed though no edit was planned for it`;
    }
  }
  return null;
}
