/**
 * fast-check generators for property tests: CNI configs (a model value plus its text under a
 * random but valid JSON-with-comments layout), and manifests that embed them (YAML ConfigMaps
 * with block scalars, `kubectl -o json` ConfigMaps). Each case carries what the generator meant,
 * so a test can also check that the text it built reads back as that value.
 */
import fc from 'fast-check';
import type { PlanOptions } from '../../src/core/plan.js';

/** A number whose source spelling differs from JSON.stringify's (`1.0`). */
export class RawNumber {
  constructor(
    readonly raw: string,
    readonly value: number,
  ) {}
}

export type Model = string | number | boolean | null | RawNumber | Model[] | { [key: string]: Model };

/** The value a JSON parser gives for a model. */
export function plain(m: Model): unknown {
  if (m instanceof RawNumber) return m.value;
  if (Array.isArray(m)) return m.map(plain);
  if (m !== null && typeof m === 'object') return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, plain(v)]));
  return m;
}

const PLUGINS: Record<string, () => Record<string, Model>> = {
  bridge: () => ({
    type: 'bridge',
    bridge: 'cni0',
    isGateway: true,
    ipMasq: true,
    ipam: { type: 'host-local', ranges: [[{ subnet: '10.22.0.0/16' }]], routes: [{ dst: '0.0.0.0/0' }] },
  }),
  'host-local': () => ({ type: 'bridge', bridge: 'br0', ipam: { type: 'host-local', subnet: '10.10.0.0/16', dataDir: '/var/lib/cni' } }),
  portmap: () => ({ type: 'portmap', capabilities: { portMappings: true }, snat: true }),
  tuning: () => ({ type: 'tuning', sysctl: { 'net.core.somaxconn': '500' }, mtu: 1450 }),
  bandwidth: () => ({ type: 'bandwidth', capabilities: { bandwidth: true } }),
  ptp: () => ({ type: 'ptp', ipMasq: true, mtu: 1400, ipam: { type: 'host-local', subnet: '10.1.0.0/16' } }),
  loopback: () => ({ type: 'loopback' }),
};

export const VALID_VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'];
const versionArb: fc.Arbitrary<Model> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<Model>(...VALID_VERSIONS) },
  { weight: 2, arbitrary: fc.constantFrom<Model>('0.3', 'v1.0.0', '', '1.0', '0.4', '2.0.0', ' 1.0.0') },
  { weight: 1, arbitrary: fc.constantFrom<Model>(new RawNumber('1.0', 1), new RawNumber('0.4', 0.4), null, true) },
);

/** cniVersion absent (undefined) or some value; then the network's model. */
export const networkArb: fc.Arbitrary<{ kind: 'conflist' | 'conf'; model: { [key: string]: Model } }> = fc
  .record({
    kind: fc.constantFrom<'conflist' | 'conf'>('conflist', 'conflist', 'conf'),
    version: fc.option(versionArb, { nil: undefined, freq: 4 }),
    plugins: fc.array(fc.constantFrom(...Object.keys(PLUGINS)), { minLength: 1, maxLength: 3 }),
    name: fc.constantFrom('k8s-pod-network', 'cbr0', 'mynet', 'crio', 'net-1'),
    extra: fc.boolean(),
    pluginVersion: fc.option(fc.constantFrom('0.3.1', '1.0.0'), { nil: undefined, freq: 8 }),
  })
  .map(({ kind, version, plugins, name, extra, pluginVersion }) => {
    const model: { [key: string]: Model } = {};
    if (version !== undefined) model['cniVersion'] = version;
    model['name'] = name;
    if (kind === 'conflist') {
      model['plugins'] = plugins.map((p) => {
        const conf = PLUGINS[p]!();
        // A plugin-level cniVersion is not the network's: it must never change.
        return pluginVersion !== undefined ? { ...conf, cniVersion: pluginVersion } : conf;
      });
      if (extra) model['disableCheck'] = true;
    } else {
      Object.assign(model, PLUGINS[plugins[0]!]!());
      if (extra) model['args'] = { labels: ['a', 'b'] };
    }
    return { kind, model };
  });

export interface Layout {
  readonly indent: string;
  readonly eol: '\n' | '\r\n';
  readonly finalNewline: boolean;
  readonly colon: string;
  readonly commentRate: number;
  readonly oneLineRate: number;
  readonly trailingRate: number;
  readonly shuffle: boolean;
  readonly seed: number;
}

export const layoutArb: fc.Arbitrary<Layout> = fc.record({
  indent: fc.oneof(
    fc.integer({ min: 0, max: 8 }).map((n) => ' '.repeat(n)),
    fc.constantFrom('\t', '\t\t'),
  ),
  eol: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
  finalNewline: fc.boolean(),
  colon: fc.constantFrom(':', ': ', ' : ', ' :', ':  ', '\t:\t'),
  commentRate: fc.constantFrom(0, 0, 0.15, 0.4),
  oneLineRate: fc.constantFrom(0, 0.3, 1),
  trailingRate: fc.constantFrom(0, 0, 0.3),
  shuffle: fc.boolean(),
  seed: fc.integer({ min: 1, max: 0x7fffffff }),
});

const COMMENTS = ['note', 'cniVersion: 0.3.1', '"cniVersion": "0.2.0",', 'TODO { } [ ] ,', 'x'];

/** A small deterministic PRNG (mulberry32), so one seed fixes every per-member choice of a layout. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Renders a model as JSON with comments. Comments sit only between members (never inside a
 * value); `//` comments only where a line break follows. The root object is always multi-line.
 */
export function renderJson(model: Model, layout: Layout): string {
  const rnd = prng(layout.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const { eol } = layout;
  const trail = (): string => (rnd() < layout.trailingRate ? ' '.repeat(1 + Math.floor(rnd() * 3)) : '');
  const ind = (level: number): string => layout.indent.repeat(level);
  const block = (): string => `/* ${pick(COMMENTS)} */`;

  const scalar = (m: Model): string => (m instanceof RawNumber ? m.raw : JSON.stringify(m));

  const oneLine = (m: Model): string => {
    if (m instanceof RawNumber || m === null || typeof m !== 'object') return scalar(m);
    const sep = pick([',', ', ']);
    if (Array.isArray(m)) return m.length === 0 ? '[]' : `[${m.map(oneLine).join(sep)}]`;
    const entries = order(Object.entries(m));
    if (entries.length === 0) return '{}';
    const parts = entries.map(([k, v]) => {
      const c = rnd() < layout.commentRate ? `${block()} ` : '';
      return `${c}${JSON.stringify(k)}${layout.colon}${oneLine(v)}`;
    });
    return `{${pick(['', ' '])}${parts.join(sep)}${pick(['', ' '])}}`;
  };

  const order = <T>(xs: T[]): T[] => {
    if (!layout.shuffle) return xs;
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };

  const multi = (m: Model, level: number, root = false): string => {
    if (m instanceof RawNumber || m === null || typeof m !== 'object') return scalar(m);
    if (!root && rnd() < layout.oneLineRate) return oneLine(m);
    if (Array.isArray(m)) {
      if (m.length === 0) return '[]';
      const items = m.map((v, i) => `${ind(level + 1)}${multi(v, level + 1)}${i < m.length - 1 ? ',' : ''}${trail()}`);
      return `[${trail()}${eol}${items.join(eol)}${eol}${ind(level)}]`;
    }
    const entries = order(Object.entries(m));
    if (entries.length === 0) return '{}';
    const lines: string[] = [];
    entries.forEach(([k, v], i) => {
      if (rnd() < layout.commentRate) lines.push(`${ind(level + 1)}${rnd() < 0.5 ? `// ${pick(COMMENTS)}` : block()}${trail()}`);
      let line = `${ind(level + 1)}${JSON.stringify(k)}${layout.colon}${multi(v, level + 1)}${i < entries.length - 1 ? ',' : ''}`;
      if (rnd() < layout.commentRate) line += rnd() < 0.5 ? ` // ${pick(COMMENTS)}` : ` ${block()}`;
      lines.push(line + trail());
    });
    return `{${trail()}${eol}${lines.join(eol)}${eol}${ind(level)}}`;
  };

  return multi(model, 0, true) + (layout.finalNewline ? eol : '');
}

export const optionsArb: fc.Arbitrary<PlanOptions> = fc
  .record({
    runtime: fc.constantFrom('containerd@1.6.4', 'containerd@2.1.0', 'cri-o@1.24.0'),
    release: fc.constantFrom('0.8.6', '1.0.0', '1.1.1', '1.6.0'),
    targetVersion: fc.constantFrom<string | undefined>(undefined, undefined, '0.4.0', '1.0.0', '1.1.0'),
  })
  .map(({ runtime, release, targetVersion }) => ({
    runtime,
    plugins: { releases: { 'cni-plugins': release } },
    ...(targetVersion !== undefined ? { targetVersion } : {}),
  }));

export interface JsonCase {
  readonly path: string;
  readonly text: string;
  readonly model: { [key: string]: Model };
  readonly options: PlanOptions;
}

export const jsonCaseArb: fc.Arbitrary<JsonCase> = fc
  .record({ net: networkArb, layout: layoutArb, options: optionsArb, name: fc.constantFrom('10-net', '87-podman', '99-loopback') })
  .map(({ net, layout, options, name }) => ({
    path: `${name}.${net.kind}`,
    text: renderJson(net.model, layout),
    model: net.model,
    options,
  }));

export interface EmbeddedCase extends JsonCase {
  /** The strings the manifest must decode to, by key. */
  readonly embedded: readonly { key: string; text: string }[];
}

const KEYS = ['cni_network_config', 'cni-conf.json', 'cniConf', '10-calico.conflist'];

/** Embedded configs use LF inside (the manifest's own line ends apply in YAML). */
const embeddedNetArb = fc
  .record({ net: networkArb, layout: layoutArb })
  .map(({ net, layout }) => ({ model: net.model, text: renderJson(net.model, { ...layout, eol: '\n' }) }));

/**
 * A YAML ConfigMap whose configs sit in literal block scalars (`|`, `|-`, `|+`, with or without
 * an indentation indicator), with YAML indent 2 or 4, the key at nesting depth 1–3, LF or CRLF.
 */
export const yamlCaseArb: fc.Arbitrary<EmbeddedCase> = fc
  .record({
    nets: fc.array(embeddedNetArb, { minLength: 1, maxLength: 2 }),
    keys: fc.shuffledSubarray(KEYS, { minLength: 2, maxLength: 2 }),
    chomp: fc.array(fc.constantFrom('', '-', '+'), { minLength: 2, maxLength: 2 }),
    indicator: fc.array(fc.constantFrom('none', 'before', 'after'), { minLength: 2, maxLength: 2 }),
    indent: fc.constantFrom(2, 4),
    depth: fc.constantFrom(1, 2, 3),
    eol: fc.constantFrom('\n', '\r\n'),
    keepBlank: fc.boolean(),
    options: optionsArb,
  })
  .map(({ nets, keys, chomp, indicator, indent, depth, eol, keepBlank, options }) => {
    const u = ' '.repeat(indent);
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `${u}name: cni-config`, `${u}namespace: kube-system`];
    // Path to the map that holds the config keys: depth 1 = top level, 2 = data, 3 = data.nested.
    const parents = depth === 1 ? [] : depth === 2 ? ['data'] : ['data', 'nested'];
    parents.forEach((p, i) => lines.push(`${u.repeat(i)}${p}:`));
    const level = parents.length;
    const embedded: { key: string; text: string }[] = [];
    nets.forEach((n, i) => {
      const c = chomp[i]!;
      const header = indicator[i] === 'none' ? `|${c}` : indicator[i] === 'before' ? `|${indent}${c}` : `|${c}${indent}`;
      lines.push(`${u.repeat(level)}${keys[i]!}: ${header}`);
      for (const l of n.text.replace(/\n$/, '').split('\n')) lines.push(`${u.repeat(level + 1)}${l}`);
      if (c === '+' && keepBlank) lines.push('');
      const value = n.text.replace(/\n$/, '') + (c === '-' ? '' : c === '+' ? '\n' + (keepBlank ? '\n' : '') : '\n');
      embedded.push({ key: keys[i]!, text: value });
      lines.push(`${u.repeat(level)}other-${i}: plain value`);
    });
    const text = lines.join(eol) + eol;
    return { path: 'cni-config.yaml', text, model: nets[0]!.model, options, embedded };
  });

/** A `kubectl get -o json` ConfigMap, one or two configs, 2- or 4-space layout. */
export const k8sJsonCaseArb: fc.Arbitrary<EmbeddedCase> = fc
  .record({
    nets: fc.array(
      fc.record({ net: networkArb, layout: layoutArb }).map(({ net, layout }) => ({ model: net.model, text: renderJson(net.model, layout) })),
      { minLength: 1, maxLength: 2 },
    ),
    keys: fc.shuffledSubarray(KEYS, { minLength: 2, maxLength: 2 }),
    space: fc.constantFrom(2, 4),
    finalNewline: fc.boolean(),
    options: optionsArb,
  })
  .map(({ nets, keys, space, finalNewline, options }) => {
    const data: Record<string, string> = {};
    const embedded = nets.map((n, i) => {
      data[keys[i]!] = n.text;
      return { key: keys[i]!, text: n.text };
    });
    const doc = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cni-config', namespace: 'kube-system' }, data };
    const text = JSON.stringify(doc, null, space) + (finalNewline ? '\n' : '');
    return { path: 'cni-config.json', text, model: nets[0]!.model, options, embedded };
  });
