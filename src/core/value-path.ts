/**
 * A value inside plain data (parsed JSON or YAML) named by its path of keys and indexes, as the
 * formats name where a network is (`data.cni_network_config`, `delegates.0`).
 */
export type ValuePath = readonly (string | number)[];

/** The value at `path`; undefined where the path leaves the data. */
export function valueAt(data: unknown, path: ValuePath): unknown {
  let node = data;
  for (const key of path) node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined;
  return node;
}

/** Sets the value at `path` (a non-empty path) where its parent exists. */
export function setAt(data: unknown, path: ValuePath, value: unknown): void {
  const parent = valueAt(data, path.slice(0, -1));
  if (parent !== null && typeof parent === 'object') (parent as Record<string | number, unknown>)[path.at(-1)!] = value;
}
