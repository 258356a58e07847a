/**
 * Which member of a JSON object libcni reads for a field, as Go's encoding/json decides it.
 * libcni decodes the same text in three ways:
 * - `map`: into `map[string]interface{}`. Keys are exact; a repeated key keeps its last value.
 *   A network list's top level is read so (`ConfListFromBytes`: `rawList["cniVersion"]`).
 * - `struct`: into a struct (`types.NetConf`, its `IPAM`). A key matches a field when equal
 *   under Go's case folding, and each match overwrites the field, so the last matching member in
 *   document order wins. A `.conf` is read so (`ConfFromBytes`).
 * - `remarshaled`: a list's plugin entry, read as a map, marshaled again (Go writes a map's keys
 *   sorted) and then decoded into `types.NetConf`: of the spellings, the one that sorts last wins.
 * Reference: github:containernetworking/cni@v1.0.1(1694fd7b57) libcni/conf.go:45 json.Unmarshal(bytes, &conf.Network),
 * :63-78 rawList := make(map[string]interface{}) … rawList["cniVersion"], :115 json.Marshal(conf) → ConfFromBytes
 * (the same in v0.6.0 … v1.3.0(a28faab926)); pkg/types/types.go:60 NetConf `json:"cniVersion,omitempty"`.
 * Reference: github:golang/go src/encoding/json/decode.go (object: fields.byExactName, else
 * fields.byFoldedName[foldName(key)]), fold.go(499c189d) foldName; encoding/json Marshal doc
 * "The map keys are sorted and used as JSON object keys".
 */
import type { Node } from 'jsonc-parser';

export type KeyReading = 'map' | 'struct' | 'remarshaled';

/** An object's members indexed once, so each look-up costs the members it returns, not the object. */
export interface ObjectMembers {
  /** Members by exact key, in document order. */
  readonly exact: ReadonlyMap<string, readonly Node[]>;
  /** Members by Go's folded key, in document order. */
  readonly folded: ReadonlyMap<string, readonly Node[]>;
}

const cache = new WeakMap<Node, ObjectMembers>();

/** The members of an object node (none for anything else), indexed in one pass. */
export function objectMembers(node: Node | undefined): ObjectMembers {
  if (node?.type !== 'object') return { exact: new Map(), folded: new Map() };
  const known = cache.get(node);
  if (known) return known;
  const exact = new Map<string, Node[]>();
  const folded = new Map<string, Node[]>();
  for (const prop of node.children ?? []) {
    const key = prop.children?.[0]?.value;
    if (typeof key !== 'string') continue;
    push(exact, key, prop);
    push(folded, foldKey(key), prop);
  }
  const members = { exact, folded };
  cache.set(node, members);
  return members;
}

function push(map: Map<string, Node[]>, key: string, prop: Node): void {
  const list = map.get(key);
  if (list) list.push(prop);
  else map.set(key, [prop]);
}

/**
 * A key under Go's case folding, exact for comparing with ASCII field names: ASCII letters
 * upper-cased, and the two non-ASCII runes whose fold orbit holds an ASCII letter, `ſ` (U+017F,
 * folds to S) and the Kelvin sign (U+212A, folds to K). Other runes cannot match an ASCII name.
 */
export function foldKey(key: string): string {
  if (/^[\x00-\x7f]*$/.test(key)) return key.toUpperCase();
  let out = '';
  for (const c of key) out += c === '\u017f' ? 'S' : c === '\u212a' ? 'K' : c.charCodeAt(0) < 0x80 ? c.toUpperCase() : c;
  return out;
}

/** The member libcni reads for `field` (the last one that counts), or undefined. */
export function memberRead(members: ObjectMembers, field: string, reading: KeyReading): Node | undefined {
  if (reading === 'map') return members.exact.get(field)?.at(-1);
  const matching = members.folded.get(foldKey(field));
  if (!matching) return undefined;
  if (reading === 'struct') return matching.at(-1);
  let last: string | undefined;
  for (const spelling of spellingsOf(matching)) if (last === undefined || compareUtf8(spelling, last) > 0) last = spelling;
  return members.exact.get(last!)!.at(-1);
}

/** The value node of the member libcni reads for `field`. */
export function valueRead(node: Node | undefined, field: string, reading: KeyReading): Node | undefined {
  return memberRead(objectMembers(node), field, reading)?.children?.[1];
}

/**
 * Every value a template may render for `field`: in a template, members of one key in the
 * branches of an `{{ if }}` / `{{ else }}` are each the one read once it is rendered, so all of
 * them count (any spelling; one at most in a file that is not a template: use valueRead there).
 */
export function valuesInBranches(node: Node | undefined, field: string): Node[] {
  return (objectMembers(node).folded.get(foldKey(field)) ?? []).flatMap((prop) => (prop.children?.[1] ? [prop.children[1]] : []));
}

/** The distinct spellings of `field` (keys equal to it under Go's folding), in document order. */
export function spellings(members: ObjectMembers, field: string): string[] {
  return spellingsOf(members.folded.get(foldKey(field)) ?? []);
}

function spellingsOf(props: readonly Node[]): string[] {
  return [...new Set(props.map((p) => p.children![0]!.value as string))];
}

/** Go compares strings by their UTF-8 bytes, which is code point order (JS `<` compares UTF-16 units). */
function compareUtf8(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
