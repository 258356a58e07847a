/**
 * Generates the reference containerd bridge network list: the dual-stack conflist that
 * containerd's script/setup/install-cni writes to /etc/cni/net.d/10-containerd-net.conflist and
 * that the Kubernetes page "Network Plugins → Upgrading and configuring CNI plugins" shows.
 *
 * Pure: no file system, no processes. Invalid input throws `GenerateError`. The chosen
 * `cniVersion` is checked with the same policy `cni-migrate check` applies (planFile on the
 * generated text): a version a plugin of the chain or the runtime rejects is refused.
 */
import ipaddr from 'ipaddr.js';
import { projectAlias, type CompatData } from '../data/compat.js';
import type { Diagnostic } from '../diagnostics.js';
import type { PluginFacts } from '../knowledge/plugin-support.js';
import { DEFAULT_RUNTIME, describeRuntimeError, resolveRuntime, RuntimeSpecError } from '../knowledge/runtime.js';
import { planFile } from '../plan.js';
import { formatDiagnostic } from '../render/messages.js';
import { describeVersions, isSpecVersion } from '../spec-versions.js';
import type { RuntimeTarget } from '../types.js';

/** Thrown for input the generator refuses; `value` is the offending value as given. */
export class GenerateError extends Error {
  override readonly name = 'GenerateError';
  constructor(
    message: string,
    readonly value?: string,
  ) {
    super(message);
  }
}

/** The values of the reference conflist (Kubernetes docs / containerd install-cni). */
export const CONTAINERD_BRIDGE_DEFAULTS = {
  cniVersion: '1.0.0',
  name: 'containerd-net',
  bridge: 'cni0',
  subnets: ['10.88.0.0/16', '2001:4860:4860::/64'],
} as const;

/** Where containerd's install-cni writes the file, and the ConfigMap data key used for it. */
export const CONTAINERD_BRIDGE_FILENAME = '10-containerd-net.conflist';

export const MTU_MIN = 576;
export const MTU_MAX = 65535;

export interface GenerateOptions {
  /** Network name (default `containerd-net`); libcni's rule: letters, digits, `_`, `.`, `-`, starting with a letter or digit. */
  readonly name?: string;
  /** Linux bridge device (default `cni0`); at most 15 characters, no `/`, `:` or whitespace. */
  readonly bridge?: string;
  /** Pod subnets, IPv4 and/or IPv6 CIDRs, one host-local range set each (default the page's two). */
  readonly subnets?: readonly string[];
  /** `cniVersion` to write (default `1.0.0`); refused when the chain or the runtime rejects it. */
  readonly cniVersion?: string;
  /** `containerd@X.Y.Z` or `cri-o@X.Y.Z` (default `containerd@1.6.4`), or a resolved target. */
  readonly runtime?: string | RuntimeTarget;
  /** Plugin releases or accepted-version facts, as `--plugin` states them. */
  readonly plugins?: PluginFacts;
  /** Compatibility data to use instead of the built-in data. */
  readonly data?: CompatData;
  /** Bridge MTU (576–65535); omitted from the config when not given. */
  readonly mtu?: number;
  /** Append the `portmap` plugin (default true). */
  readonly portmap?: boolean;
  /** Append the `firewall` plugin (default false). */
  readonly firewall?: boolean;
  /** Append the `tuning` plugin (default false). */
  readonly tuning?: boolean;
}

export interface IpamRange {
  readonly subnet: string;
}

export interface BridgePluginConfig {
  readonly type: 'bridge';
  readonly bridge: string;
  readonly mtu?: number;
  readonly isGateway: true;
  readonly ipMasq: true;
  readonly promiscMode: true;
  readonly ipam: {
    readonly type: 'host-local';
    readonly ranges: readonly (readonly IpamRange[])[];
    readonly routes: readonly { readonly dst: string }[];
  };
}

export type ChainedPluginConfig =
  | { readonly type: 'portmap'; readonly capabilities: { readonly portMappings: true } }
  | { readonly type: 'firewall' }
  | { readonly type: 'tuning' };

export interface ContainerdBridgeConfig {
  readonly cniVersion: string;
  readonly name: string;
  readonly plugins: readonly [BridgePluginConfig, ...ChainedPluginConfig[]];
}

export interface GenerateResult {
  readonly config: ContainerdBridgeConfig;
  /** The config as JSON, 2-space indented, with a final newline. */
  readonly text: string;
  /** Things to tell the user (public address space, a version only some releases accept). */
  readonly warnings: string[];
}

const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function generateContainerdBridge(options: GenerateOptions = {}): GenerateResult {
  const name = options.name ?? CONTAINERD_BRIDGE_DEFAULTS.name;
  if (!NETWORK_NAME.test(name)) {
    throw new GenerateError(`network name "${name}" is not one libcni accepts: use letters, digits, "_", "." and "-", starting with a letter or digit`, name);
  }
  const bridge = options.bridge ?? CONTAINERD_BRIDGE_DEFAULTS.bridge;
  checkInterfaceName(bridge);
  const cniVersion = options.cniVersion ?? CONTAINERD_BRIDGE_DEFAULTS.cniVersion;
  if (!isSpecVersion(cniVersion)) throw new GenerateError(`cniVersion "${cniVersion}" is not a released CNI spec version`, cniVersion);
  if (options.mtu !== undefined && (!Number.isInteger(options.mtu) || options.mtu < MTU_MIN || options.mtu > MTU_MAX)) {
    throw new GenerateError(`MTU ${options.mtu} is out of range: the bridge MTU must be a whole number from ${MTU_MIN} to ${MTU_MAX}`, String(options.mtu));
  }
  const given = options.subnets ?? CONTAINERD_BRIDGE_DEFAULTS.subnets;
  if (given.length === 0) throw new GenerateError('at least one subnet is needed');
  const { subnets, warnings } = checkSubnets(given);

  const families = [...new Set(subnets.map((s) => s.family))];
  const bridgePlugin: BridgePluginConfig = {
    type: 'bridge',
    bridge,
    ...(options.mtu === undefined ? {} : { mtu: options.mtu }),
    isGateway: true,
    ipMasq: true,
    promiscMode: true,
    ipam: {
      type: 'host-local',
      ranges: subnets.map((s) => [{ subnet: s.cidr }]),
      routes: families.map((f) => ({ dst: f === 'ipv4' ? '0.0.0.0/0' : '::/0' })),
    },
  };
  const chained: ChainedPluginConfig[] = [];
  if (options.portmap ?? true) chained.push({ type: 'portmap', capabilities: { portMappings: true } });
  if (options.firewall) chained.push({ type: 'firewall' });
  if (options.tuning) chained.push({ type: 'tuning' });
  const config: ContainerdBridgeConfig = { cniVersion, name, plugins: [bridgePlugin, ...chained] };
  const text = `${JSON.stringify(config, null, 2)}\n`;

  warnings.push(...checkVersion(text, cniVersion, options));
  return { config, text, warnings };
}

// --- cniVersion --------------------------------------------------------------------------------

/**
 * Plans the generated file as `cni-migrate check` would: the version must be kept. A rewrite
 * means a plugin or the runtime rejects it; that is refused, naming them.
 */
function checkVersion(text: string, cniVersion: string, options: GenerateOptions): string[] {
  let runtime: RuntimeTarget;
  try {
    runtime = typeof options.runtime === 'object' ? options.runtime : resolveRuntime(options.runtime ?? DEFAULT_RUNTIME, options.data);
  } catch (err) {
    if (err instanceof RuntimeSpecError) throw new GenerateError(describeRuntimeError(err), typeof options.runtime === 'string' ? options.runtime : undefined);
    throw err;
  }
  const plan = planFile(
    { path: CONTAINERD_BRIDGE_FILENAME, text },
    { runtime, plugins: options.plugins ?? {}, ...(options.data ? { data: options.data } : {}) },
  );
  const network = plan.networks[0];
  if (plan.fatal || plan.networks.length !== 1 || !network) {
    throw new GenerateError(`internal error: the generated config does not read back as one network (${plan.diagnostics.map(formatDiagnostic).join('; ')})`);
  }
  const which = options.cniVersion === undefined ? `the default cniVersion ${cniVersion}` : `cniVersion ${cniVersion}`;
  if (network.decision.action !== 'keep') {
    const rejected = plan.diagnostics.find((d) => d.code === 'CNI_VERSION_UNSUPPORTED');
    const who = rejected
      ? [
          ...rejected.args.plugins.map((p) => `rejected by ${p}`),
          ...(rejected.args.runtime ? [`too new for ${rejected.args.runtime}`] : []),
        ].join('; ')
      : network.decision.reason;
    const accepted = network.supportedByAll;
    const unsure = network.support.some((s) => s.status === 'release-unknown');
    throw new GenerateError(
      `${which} is refused: ${who}. ` +
        (accepted.length
          ? `Versions every plugin in the chain and ${runtime.name} ${runtime.version} accept: ${describeVersions(accepted)}`
          : `No version is accepted by every plugin in the chain and ${runtime.name} ${runtime.version}`) +
        (unsure ? ' (plugin releases not stated; --plugin cni-plugins@RELEASE may allow a newer one)' : '') +
        (options.cniVersion === undefined ? '; choose one with --cni-version' : ''),
      cniVersion,
    );
  }
  const errors = plan.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new GenerateError(`the generated config has problems: ${errors.map(formatDiagnostic).join('; ')}`);
  return plan.diagnostics.filter((d) => d.severity === 'warning').map(versionWarning);
}

function versionWarning(d: Diagnostic): string {
  if (d.code !== 'CNI_VERSION_UNCONFIRMED') return formatDiagnostic(d);
  // "bridge, host-local, portmap (cni-plugins >=1.0.0 <1.6.0, >=1.6.0)": plugins grouped by the releases that accept it.
  const groups = new Map<string, string[]>();
  for (const p of d.args.plugins) {
    const key = `${projectAlias(p.project)} ${p.acceptedFrom.join(', ')}`;
    groups.set(key, [...(groups.get(key) ?? []), p.type]);
  }
  const flags = [...new Set(d.args.plugins.map((p) => `--plugin ${projectAlias(p.project)}@RELEASE`))];
  return (
    `cniVersion "${d.args.version}" is accepted only by some releases of ${[...groups].map(([releases, types]) => `${types.join(', ')} (${releases})`).join('; ')}; ` +
    `confirm the release with ${flags.join(' ')}`
  );
}

// --- Names -------------------------------------------------------------------------------------

/** Linux's dev_valid_name: 1–15 bytes, not "." or "..", no "/", ":" or whitespace. */
function checkInterfaceName(name: string): void {
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes === 0 || bytes > 15 || name === '.' || name === '..' || /[/:\s]/.test(name)) {
    throw new GenerateError(
      `bridge name "${name}" is not a valid Linux interface name: 1 to 15 characters, not "." or "..", without "/", ":" or whitespace`,
      name,
    );
  }
}

// --- Subnets -----------------------------------------------------------------------------------

type Family = 'ipv4' | 'ipv6';

export interface CheckedSubnet {
  /** As given. */
  readonly given: string;
  /** Canonical form (RFC 5952 for IPv6), as written to the config. */
  readonly cidr: string;
  readonly family: Family;
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  readonly prefix: number;
}

interface Block {
  readonly cidr: string;
  readonly what: string;
}

/** Address space that is not routed on the internet: fine for pods (RFC 6890 and successors). */
const NOT_PUBLIC: Readonly<Record<Family, readonly Block[]>> = {
  ipv4: [
    { cidr: '10.0.0.0/8', what: 'private (RFC 1918)' },
    { cidr: '172.16.0.0/12', what: 'private (RFC 1918)' },
    { cidr: '192.168.0.0/16', what: 'private (RFC 1918)' },
    { cidr: '100.64.0.0/10', what: 'shared CGNAT space (RFC 6598)' },
    { cidr: '169.254.0.0/16', what: 'link-local' },
    { cidr: '192.0.0.0/24', what: 'IETF protocol assignments' },
    { cidr: '192.0.2.0/24', what: 'documentation (TEST-NET-1)' },
    { cidr: '198.51.100.0/24', what: 'documentation (TEST-NET-2)' },
    { cidr: '203.0.113.0/24', what: 'documentation (TEST-NET-3)' },
    { cidr: '198.18.0.0/15', what: 'benchmarking (RFC 2544)' },
    { cidr: '240.0.0.0/4', what: 'reserved' },
  ],
  ipv6: [
    { cidr: 'fc00::/7', what: 'unique local (ULA)' },
    { cidr: 'fe80::/10', what: 'link-local' },
    { cidr: '2001:db8::/32', what: 'documentation' },
    { cidr: '2001:2::/48', what: 'benchmarking' },
  ],
};

/** Space a pod subnet must not touch: the kernel does not route it to an interface as unicast. */
const UNUSABLE: Readonly<Record<Family, readonly Block[]>> = {
  ipv4: [
    { cidr: '0.0.0.0/8', what: '"this network" (0.0.0.0/8)' },
    { cidr: '127.0.0.0/8', what: 'loopback (127.0.0.0/8)' },
    { cidr: '224.0.0.0/4', what: 'multicast (224.0.0.0/4)' },
    { cidr: '255.255.255.255/32', what: 'the limited broadcast address' },
  ],
  ipv6: [
    { cidr: '::/128', what: 'the unspecified address (::)' },
    { cidr: '::1/128', what: 'loopback (::1)' },
    { cidr: 'ff00::/8', what: 'multicast (ff00::/8)' },
  ],
};

const GOOGLE_V6 = parseKnown('2001:4860::/32');

/**
 * Parses and checks subnets as host-local needs them: strict syntax (four-part decimal IPv4,
 * IPv6 without a zone), no host bits, room for at least two addresses, no IPv4-mapped IPv6, no
 * overlap with each other or with loopback/multicast. Returns warnings for public space.
 */
export function checkSubnets(given: readonly string[]): { subnets: CheckedSubnet[]; warnings: string[] } {
  const subnets: CheckedSubnet[] = [];
  const warnings: string[] = [];
  for (const value of given) {
    const subnet = parseSubnet(value);
    const unusable = UNUSABLE[subnet.family].find((b) => overlaps(subnet, parseKnown(b.cidr)));
    if (unusable) throw new GenerateError(`subnet ${value} overlaps ${unusable.what}, which cannot hold pod addresses`, value);
    const clash = subnets.find((s) => overlaps(s, subnet));
    if (clash) {
      throw new GenerateError(
        `subnet ${value} overlaps subnet ${clash.given}: host-local refuses overlapping ranges; give disjoint subnets (two of the same family are fine)`,
        value,
      );
    }
    subnets.push(subnet);
    if (!NOT_PUBLIC[subnet.family].some((b) => contains(parseKnown(b.cidr), subnet))) warnings.push(publicWarning(subnet));
  }
  return { subnets, warnings };
}

function publicWarning(s: CheckedSubnet): string {
  const owner = s.family === 'ipv6' && contains(GOOGLE_V6, s) ? " (inside 2001:4860::/32, Google's public range; it is the value on the Kubernetes page)" : '';
  const instead =
    s.family === 'ipv6'
      ? 'use a unique local (ULA) subnet from fd00::/8 instead, e.g. a random fdXX:XXXX:XXXX::/48 and a /64 inside it'
      : 'use private space instead: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (or 100.64.0.0/10)';
  return `subnet ${s.given} is public address space${owner}: pods would take addresses that belong to someone else on the internet; ${instead}`;
}

function parseSubnet(value: string): CheckedSubnet {
  const slash = value.lastIndexOf('/');
  if (slash < 0) throw new GenerateError(`subnet "${value}" is not a CIDR: write ADDRESS/PREFIX, e.g. 10.88.0.0/16 or fd00:10:88::/64`, value);
  const addressText = value.slice(0, slash);
  const prefixText = value.slice(slash + 1);
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(addressText)) {
    address = ipaddr.IPv4.parse(addressText);
  } else if (ipaddr.IPv6.isValid(addressText)) {
    address = ipaddr.IPv6.parse(addressText);
    if (address.zoneId !== undefined) throw new GenerateError(`subnet ${value}: a zone (%${address.zoneId}) has no place in a subnet`, value);
  } else {
    throw new GenerateError(`subnet "${value}" is not a CIDR: "${addressText}" is not an IPv4 address in dotted decimal or an IPv6 address`, value);
  }
  const family: Family = address.kind();
  const bits = family === 'ipv4' ? 32 : 128;
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText) || Number(prefixText) > bits) {
    throw new GenerateError(`subnet ${value}: prefix length "${prefixText}" is not a whole number from 0 to ${bits}, the range for ${family === 'ipv4' ? 'IPv4' : 'IPv6'}`, value);
  }
  const prefix = Number(prefixText);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    const v4 = (address as ipaddr.IPv6).toIPv4Address().toString();
    const v4prefix = prefix >= 96 ? `/${prefix - 96}` : '';
    throw new GenerateError(
      `subnet ${value} is an IPv4-mapped IPv6 subnet: host-local reads the address as IPv4 and the mask as IPv6 and fails ("IPNet IP and Mask version mismatch"); ` +
        `write it as IPv4${v4prefix ? `: ${v4}${v4prefix}` : ''}`,
      value,
    );
  }
  if (prefix > bits - 2) {
    throw new GenerateError(`subnet ${value} is too small: host-local cannot allocate from a /${prefix} (it needs a /${bits - 2} or larger)`, value);
  }
  const network = networkAddress(address, prefix);
  const canonical = (a: ipaddr.IPv4 | ipaddr.IPv6): string => (a.kind() === 'ipv6' ? (a as ipaddr.IPv6).toRFC5952String() : a.toString());
  if (canonical(network) !== canonical(address)) {
    throw new GenerateError(`subnet ${value} has host bits set: the network address of a /${prefix} there is ${canonical(network)}/${prefix}`, value);
  }
  return { given: value, cidr: `${canonical(address)}/${prefix}`, family, address, prefix };
}

function networkAddress(address: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes = address.toByteArray();
  const masked = bytes.map((byte, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  return ipaddr.fromByteArray(masked);
}

function parseKnown(cidr: string): { family: Family; address: ipaddr.IPv4 | ipaddr.IPv6; prefix: number } {
  const [address, prefix] = ipaddr.parseCIDR(cidr);
  return { family: address.kind(), address, prefix };
}

type Net = { readonly family: Family; readonly address: ipaddr.IPv4 | ipaddr.IPv6; readonly prefix: number };

function overlaps(a: Net, b: Net): boolean {
  return a.family === b.family && a.address.match(b.address, Math.min(a.prefix, b.prefix));
}

/** Whether `inner` lies wholly inside `outer`. */
function contains(outer: Net, inner: Net): boolean {
  return outer.family === inner.family && inner.prefix >= outer.prefix && inner.address.match(outer.address, outer.prefix);
}

// --- ConfigMap ---------------------------------------------------------------------------------

export interface ConfigMapOptions {
  /** metadata.name (default `cni-config`): a DNS-1123 subdomain. */
  readonly name?: string;
  /** metadata.namespace (default `kube-system`): a DNS-1123 label. */
  readonly namespace?: string;
  /** The data key (default `10-containerd-net.conflist`). */
  readonly key?: string;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * A Kubernetes ConfigMap holding the conflist text under one data key, as a literal block
 * scalar (`|`), so the JSON reads in the manifest exactly as it will on the node.
 */
export function renderConfigMap(conflistText: string, options: ConfigMapOptions = {}): string {
  const name = options.name ?? 'cni-config';
  const namespace = options.namespace ?? 'kube-system';
  const key = options.key ?? CONTAINERD_BRIDGE_FILENAME;
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    throw new GenerateError(`ConfigMap name "${name}" is not a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", at most 253 characters`, name);
  }
  if (namespace.length > 63 || !DNS1123_LABEL.test(namespace)) {
    throw new GenerateError(`namespace "${namespace}" is not a DNS-1123 label: lower-case letters, digits and "-", at most 63 characters`, namespace);
  }
  if (key.length > 253 || !CONFIGMAP_KEY.test(key) || key === '.' || key === '..') {
    throw new GenerateError(`ConfigMap data key "${key}" is not valid: letters, digits, "-", "_" and "."`, key);
  }
  const body = conflistText
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line === '' ? '' : `    ${line}`))
    .join('\n');
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${yamlScalar(name)}`,
    `  namespace: ${yamlScalar(namespace)}`,
    'data:',
    `  ${yamlScalar(key)}: |`,
    body,
    '',
  ].join('\n');
}

/** Plain when no YAML 1.1 or 1.2 reader could take it for anything but a string; else double-quoted. */
function yamlScalar(value: string): string {
  const ambiguous =
    !/^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(value) ||
    /^(y|n|yes|no|true|false|on|off|null)$/i.test(value) ||
    /^[-+]?(\d[\d_]*)?(\.[\d_]*)?(e[-+]?\d+)?$/i.test(value) || // numbers (1.1 allows "_")
    /^0[xob]/i.test(value) ||
    /^\d{4}-\d\d?-\d\d?/.test(value); // YAML 1.1 timestamps
  return ambiguous ? JSON.stringify(value) : value;
}
