/**
 * A CNI config written as YAML rather than as a JSON string: a Helm values mapping that a chart
 * renders with `toJson` (rke2-multus `config.daemon_conf`, `config.cni_conf`), or a config kept as
 * structured YAML. It is read as the JSON it renders to, so the one JSON engine plans it; only a
 * rewrite of its existing `cniVersion` value can be written back, in the value's own style.
 */
import type { Scalar, YAMLMap } from 'yaml';
import { isMap, isScalar } from '../yaml-lib.js';
import type { EmbeddedText } from '../embedded/text.js';
import { isMultusDaemonConfig, readNetwork, type JsonNetwork } from '../../network/network.js';
import { prepareJson, type PreparedJson } from '../../network/prepare.js';

export interface MappingNetwork {
  readonly text: EmbeddedText;
  readonly prepared: PreparedJson;
  readonly network: JsonNetwork;
}

/** Keys that make a mapping a CNI config (with a `cniVersion` of its own). */
function looksLikeNetwork(value: Record<string, unknown>): boolean {
  if (!('cniVersion' in value)) return false;
  if (typeof value.type === 'string') return true;
  const plugins = value.plugins;
  if (Array.isArray(plugins))
    return plugins.length > 0 && plugins.every((p) => p !== null && typeof p === 'object' && typeof (p as { type?: unknown }).type === 'string');
  return isMultusDaemonConfig((k) => k in value);
}

/**
 * The network a mapping describes, or null. `value` is the mapping as data; `range(node)` gives a
 * node's offsets in the text being read.
 */
export function mappingNetwork(map: YAMLMap, value: unknown, range: (node: Scalar) => [number, number], source: string): MappingNetwork | null {
  if (!isMap(map) || value === null || typeof value !== 'object' || Array.isArray(value) || !looksLikeNetwork(value as Record<string, unknown>)) return null;
  const decoded = `${JSON.stringify(value, null, 2)}\n`;
  const prepared = prepareJson(decoded);
  const read = readNetwork(prepared, true);
  if (read.status !== 'ok' || !read.network.versionValue) return null;
  // The member libcni reads: in a single config, a later `cniversion` beside `cniVersion` counts.
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === read.network.versionKey);
  const scalar = pair?.value;
  if (!isScalar(scalar) || !scalar.srcToken) return null;
  const [start, end] = range(scalar);
  if (end <= start) return null; // `cniVersion:` with nothing after it: no token to rewrite
  const token = {
    offset: read.network.versionValue.offset,
    end: read.network.versionValue.offset + read.network.versionValue.length,
  };
  const raw = source.slice(start, end);
  const style = raw.startsWith('"') ? 'double-quoted' : raw.startsWith("'") ? 'single-quoted' : 'plain';
  // Offsets inside the version token map to the value's token; anything else to the mapping itself.
  const at = map.range ? range(map as unknown as Scalar)[0] : start;
  const toFile = (i: number): number => (i === token.end ? end : i >= token.offset && i < token.end ? start : at);
  return {
    prepared,
    network: read.network,
    text: {
      style,
      decoded,
      toFile,
      toFileEnd: toFile,
      encode(content) {
        // Only a whole version string can be written back (a rewrite); an inserted member cannot.
        if (!/^"[0-9.]+"$/.test(content)) return null;
        const version = content.slice(1, -1);
        return style === 'double-quoted' ? content : style === 'single-quoted' ? `'${version}'` : version;
      },
    },
  };
}
