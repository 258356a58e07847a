/**
 * A CNI config written as YAML rather than as a JSON string: a Helm values mapping that a chart
 * renders with `toJson` (rke2-multus `config.daemon_conf`, `config.cni_conf`), or a config kept as
 * structured YAML. It is read as the JSON it renders to, so the one JSON engine plans it; only a
 * rewrite of its existing `cniVersion` value can be written back, in the value's own style.
 */
import type { Scalar, YAMLMap } from 'yaml';
import { isMap, isScalar } from '../yaml-lib.js';
import type { EmbeddedText } from '../embedded/text.js';
import { isMultusDaemonConfig, networksWithin, readNetwork, type JsonNetwork } from '../../network/network.js';
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

/** A version value of the JSON reading and the scalar it came from in the mapping. */
interface VersionToken {
  /** Decoded offsets of the JSON string token, quotes included. */
  readonly offset: number;
  readonly end: number;
  /** File offsets of the scalar. */
  readonly start: number;
  readonly fileEnd: number;
  readonly style: 'double-quoted' | 'single-quoted' | 'plain';
}

/**
 * The network a mapping describes, or null. `value` is the mapping as data; `range(node)` gives a
 * node's offsets in the text being read. A Multus config's `delegates` written as mappings too
 * are part of its network: each delegate's `cniVersion` maps to its own scalar.
 */
export function mappingNetwork(map: YAMLMap, value: unknown, range: (node: Scalar) => [number, number], source: string): MappingNetwork | null {
  if (!isMap(map) || value === null || typeof value !== 'object' || Array.isArray(value) || !looksLikeNetwork(value as Record<string, unknown>)) return null;
  const decoded = `${JSON.stringify(value, null, 2)}\n`;
  const prepared = prepareJson(decoded);
  const read = readNetwork(prepared, true);
  if (read.status !== 'ok' || !read.network.versionValue) return null;
  const tokens = networksWithin(read.network).flatMap(({ network, path }) => {
    const token = versionToken(path.length === 0 ? map : map.getIn(path, true), network, range, source);
    return token ? [token] : [];
  });
  const own = tokens[0];
  if (own?.offset !== read.network.versionValue.offset) return null; // no token of its own to rewrite
  const tokenAt = (i: number): VersionToken | undefined => tokens.find((t) => i >= t.offset && i <= t.end);
  // Offsets inside a version token map to its scalar; anything else to the mapping itself.
  const at = map.range ? range(map as unknown as Scalar)[0] : own.start;
  const toFile = (i: number): number => {
    const t = tokenAt(i);
    return t === undefined ? at : i === t.end ? t.fileEnd : t.start;
  };
  return {
    prepared,
    network: read.network,
    text: {
      style: own.style,
      decoded,
      toFile,
      toFileEnd: toFile,
      encode(content, offset) {
        // Only a whole version string can be written back (a rewrite), over a version token; an inserted member cannot.
        const t = offset === undefined ? undefined : tokenAt(offset);
        if (t === undefined || offset !== t.offset || !/^"[0-9.]+"$/.test(content)) return null;
        const version = content.slice(1, -1);
        return t.style === 'double-quoted' ? content : t.style === 'single-quoted' ? `'${version}'` : version;
      },
    },
  };
}

/** The scalar of `network`'s version member in `owner` (the member libcni reads: in a single config, a later `cniversion` beside `cniVersion` counts). */
function versionToken(owner: unknown, network: JsonNetwork, range: (node: Scalar) => [number, number], source: string): VersionToken | null {
  if (!isMap(owner) || !network.versionValue) return null;
  const pair = owner.items.find((p) => isScalar(p.key) && p.key.value === network.versionKey);
  const scalar = pair?.value;
  if (!isScalar(scalar) || !scalar.srcToken) return null;
  const [start, end] = range(scalar);
  if (end <= start) return null; // `cniVersion:` with nothing after it: no token to rewrite
  const raw = source.slice(start, end);
  const style = raw.startsWith('"') ? 'double-quoted' : raw.startsWith("'") ? 'single-quoted' : 'plain';
  return { offset: network.versionValue.offset, end: network.versionValue.offset + network.versionValue.length, start, fileEnd: end, style };
}
