/**
 * CNI manifests a file deploys from a URL, which are not in the repository to be read: a
 * kustomization's `resources` (or `bases`, `components`) naming an upstream CNI manifest
 * (knowledge/data/remote-manifests.ts), and every URL of a Talos machine config's
 * `cluster.network.cni.urls`, which Talos applies as the cluster's CNI. Each is said as
 * REMOTE_MANIFEST_NOT_READ, at the URL as written; nothing else in such a file is read.
 */
import { diagnostic, type PendingDiagnostic } from '../../core/diagnostics.js';
import { valueAt } from '../../core/value-path.js';
import { REMOTE_MANIFEST_FILES, REMOTE_MANIFESTS } from '../../knowledge/data/remote-manifests.js';
import { readBlockYaml } from './block-yaml.js';
import { parseSegment, segments } from './lenient-yaml.js';

/** The names kustomize reads a kustomization from (kustomize api/konfig/general.go RecognizedKustomizationFileNames). */
const KUSTOMIZATION = /(^|[\\/])(kustomization\.ya?ml|Kustomization)$/;
const KUSTOMIZATION_LISTS = ['resources', 'bases', 'components'] as const;
const TALOS_URLS = ['cluster', 'network', 'cni', 'urls'] as const;
const URL = /^https?:\/\/[^\s]+$/i;

/** Whether the file may deploy a CNI manifest from a URL, on the bytes (FormatModule.mightClaim). */
export function mayNameRemoteManifest(path: string, holds: (ascii: string) => boolean): boolean {
  if (!holds('://')) return false;
  if (KUSTOMIZATION.test(path)) return REMOTE_MANIFEST_FILES.some(holds);
  return holds('urls:') && holds('cni:');
}

export function remoteManifestFindings(path: string, text: string): PendingDiagnostic[] {
  if (!mayNameRemoteManifest(path, (s) => text.includes(s))) return [];
  const kustomization = KUSTOMIZATION.test(path);
  const out: PendingDiagnostic[] = [];
  let after = 0;
  for (const doc of documents(text)) {
    const urls = kustomization ? KUSTOMIZATION_LISTS.flatMap((key) => stringsIn(valueAt(doc, [key])).map((url) => ({ url, where: `kustomization ${key}` }))) : stringsIn(valueAt(doc, TALOS_URLS)).map((url) => ({ url, where: 'Talos cluster.network.cni.urls' }));
    for (const { url, where } of urls) {
      if (!URL.test(url)) continue;
      const file = url.replace(/[?#].*$/, '').split('/').at(-1) ?? '';
      const known = REMOTE_MANIFESTS.find((m) => m.file === file);
      // A kustomization's other remote resources are not CNI manifests as far as anyone can tell; Talos applies every URL as the CNI.
      if (kustomization && !known) continue;
      const offset = text.indexOf(url, after);
      if (offset >= 0) after = offset + url.length;
      out.push(
        diagnostic(
          'REMOTE_MANIFEST_NOT_READ',
          { url, where, file: file || url, ...(known ? { project: known.project, holds: known.holds } : {}) },
          offset >= 0 ? { offset, length: url.length } : undefined,
        ),
      );
    }
  }
  return out;
}

/** The documents of the file: plain block style without the parser, else the parser's reading. */
function documents(text: string): unknown[] {
  const out: unknown[] = [];
  for (const seg of segments(text)) {
    const body = text.slice(seg.start, seg.end);
    const plain = readBlockYaml(body);
    if (plain) {
      out.push(plain.value);
      continue;
    }
    const parsed = parseSegment(body);
    if (!parsed.ok) continue;
    for (const doc of parsed.docs) {
      try {
        out.push(doc.toJS({ maxAliasCount: 100 }));
      } catch {
        // An alias that does not resolve, or expands too far: nothing of it is read.
      }
    }
  }
  return out;
}

function stringsIn(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()) : [];
}
