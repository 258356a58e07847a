/**
 * Generates the reference containerd bridge network list: the dual-stack conflist that
 * containerd's script/setup/install-cni writes to /etc/cni/net.d/10-containerd-net.conflist and
 * that the Kubernetes page "Network Plugins → Upgrading and configuring CNI plugins" shows.
 *
 * Pure: no file system, no processes. Invalid input throws `GenerateError`. The chosen
 * `cniVersion` is checked with the same policy `cni-migrate check` applies (planFile on the
 * generated text): a version a plugin of the chain or the runtime rejects is refused.
 */
import type { CompatData } from '../knowledge/data/compat.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { PluginFacts } from '../knowledge/plugin-support.js';
import { DEFAULT_RUNTIME, describeRuntimeError, resolveRuntime, RuntimeSpecError } from '../knowledge/runtime.js';
import { planFile } from '../core/plan.js';
import { describeDiagnostic, describeUnconfirmed, releaseFlags } from '../render/messages.js';
import { PLAIN_VOCABULARY, type Vocabulary } from '../core/vocabulary.js';
import { describeVersions, isSpecVersion } from '../core/spec-versions.js';
import type { RuntimeTarget } from '../core/types.js';
import { GenerateError } from './generate-error.js';
import { CONTAINERD_BRIDGE_FILENAME } from './configmap.js';
import { checkSubnets } from './subnets.js';

export { GenerateError } from './generate-error.js';
export { checkSubnets, type CheckedSubnet } from './subnets.js';
export { CONTAINERD_BRIDGE_FILENAME, renderConfigMap, type ConfigMapOptions } from './configmap.js';


/** The values of the reference conflist (Kubernetes docs / containerd install-cni). */
export const CONTAINERD_BRIDGE_DEFAULTS = {
  cniVersion: '1.0.0',
  name: 'containerd-net',
  bridge: 'cni0',
  subnets: ['10.88.0.0/16', '2001:4860:4860::/64'],
} as const;


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
  /** How messages name the caller's settings: plain words unless a front end says otherwise (the CLI's flags). */
  readonly say?: Vocabulary;
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
  const say = options.say ?? PLAIN_VOCABULARY;
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
    throw new GenerateError(`internal error: the generated config does not read back as one network (${plan.diagnostics.map((d) => describeDiagnostic(d, say)).join('; ')})`);
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
        (unsure ? ` (plugin releases not stated; ${say.plugin('cni-plugins@RELEASE')} may allow a newer one)` : '') +
        (options.cniVersion === undefined ? `; choose one with ${say.cniVersion()}` : ''),
      cniVersion,
    );
  }
  const errors = plan.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new GenerateError(`the generated config has problems: ${errors.map((d) => describeDiagnostic(d, say)).join('; ')}`);
  return plan.diagnostics.filter((d) => d.severity === 'warning').map((d) => versionWarning(d, say));
}

function versionWarning(d: Diagnostic, say: Vocabulary): string {
  if (d.code !== 'CNI_VERSION_UNCONFIRMED') return describeDiagnostic(d, say);
  return `cniVersion "${d.args.version}" is accepted only by some releases of ${describeUnconfirmed(d.args.plugins)}; confirm the release with ${releaseFlags(d.args.plugins, say).join(' or ')}`;
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
