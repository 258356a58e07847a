/**
 * Proves configs on real CNI plugins (Debian's containernetworking-plugins 1.1.1 in
 * /usr/lib/cni): ADD, CHECK and DEL through src/io/run-chain.ts, the way libcni runs them,
 * for a container in a throwaway network namespace.
 *
 * Needs root, `ip netns` (iproute2) and iptables. Without them the suite FAILS, never skips.
 *
 * Isolation: every test gets two fresh namespaces, the container's and one standing in for the
 * host (`hostNetns`: the plugins run there through `ip netns exec`), so bridges, veth peers,
 * iptables chains (ipMasq, portmap, firewall), ifb devices (bandwidth) and sysctls
 * (ip_forward) never reach the real host. afterEach deletes both namespaces and the host-local
 * lease directory, even when the test failed, and asserts that the real host's links,
 * iptables/ip6tables rules (all tables) and forwarding sysctls are exactly as before the test.
 * The one test that runs a plugin in the real host namespace (no hostNetns) uses loopback,
 * which touches only the container's namespace.
 *
 * The tests mutate the namespace list and run iptables; they run one after another
 * (describe.sequential, a single file). Other test files do not touch networking.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseJsonc, stripComments } from 'jsonc-parser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateContainerdBridge } from '../../src/generate/containerd-bridge.js';
import { runVerify } from '../../src/cli/verify-command.js';
import type { CliIO } from '../../src/cli/run.js';
import { runNetwork, type ChainResult, type RunNetworkOptions } from '../../src/io/run-chain.js';
import { analyzeFile, planFile, type FilePlan, type PlanOptions } from '../../src/core/plan.js';

const BIN_DIR = '/usr/lib/cni';
const CORPUS = new URL('../../fixtures/upstream/', import.meta.url);
const FIXTURES = new URL('../../fixtures/', import.meta.url);
const PLAN: PlanOptions = { plugins: { releases: { 'cni-plugins': '1.1.1' } } };
const SYSCTLS = ['/proc/sys/net/ipv4/ip_forward', '/proc/sys/net/ipv6/conf/all/forwarding', '/proc/sys/net/ipv6/conf/default/forwarding'];

// ---------------------------------------------------------------- host commands

function run(cmd: string, args: readonly string[]): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15_000, env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') || (r.error?.message ?? '') };
}

function must(cmd: string, args: readonly string[]): string {
  const r = run(cmd, args);
  if (!r.ok) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return r.stdout;
}

/** What must be the same before and after each test, in the real host namespace. */
function hostState(): string {
  const links = (JSON.parse(must('ip', ['-j', 'link', 'show'])) as { ifname: string; link_type?: string }[])
    .map((l) => `${l.ifname} ${l.link_type ?? ''}`)
    .sort();
  const rules: string[] = [];
  for (const tool of ['iptables', 'ip6tables']) {
    for (const table of ['filter', 'nat', 'mangle', 'raw']) rules.push(`# ${tool} -t ${table}`, must(tool, ['-w', '-t', table, '-S']).trim());
  }
  const sysctls = SYSCTLS.map((p) => `${p}=${readFileSync(p, 'utf8').trim()}`);
  return [...links, ...rules, ...sysctls].join('\n');
}

// ---------------------------------------------------------------- sandboxes

interface Sandbox {
  readonly hostNs: string;
  readonly ctrNs: string;
  readonly netns: string;
  readonly dataDir: string;
  readonly containerId: string;
}

const live: Sandbox[] = [];
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

function sandbox(): Sandbox {
  const id = hex(4);
  const sb: Sandbox = {
    hostNs: `cmt-${id}-host`,
    ctrNs: `cmt-${id}-ctr`,
    netns: `/var/run/netns/cmt-${id}-ctr`,
    dataDir: mkdtempSync(join(tmpdir(), 'cni-migrate-netns-')),
    containerId: `cni-migrate-test-${id}`,
  };
  live.push(sb);
  must('ip', ['netns', 'add', sb.hostNs]);
  must('ip', ['netns', 'add', sb.ctrNs]);
  must('ip', ['-n', sb.hostNs, 'link', 'set', 'lo', 'up']);
  return sb;
}

function chain(sb: Sandbox, conf: object, extra: Partial<RunNetworkOptions> = {}): Promise<ChainResult> {
  return runNetwork(conf, {
    binDir: BIN_DIR,
    netns: sb.netns,
    ifName: 'eth0',
    containerId: sb.containerId,
    dataDir: sb.dataDir,
    hostNetns: sb.hostNs,
    timeoutMs: 15_000,
    ...extra,
  });
}

/** Everything the plugins left in the host-side namespace that names this container: must be nothing after DEL. */
function leftovers(sb: Sandbox): string[] {
  const found: string[] = [];
  for (const tool of ['iptables', 'ip6tables']) {
    for (const table of ['filter', 'nat', 'mangle']) {
      const rules = must('ip', ['netns', 'exec', sb.hostNs, tool, '-w', '-t', table, '-S']);
      found.push(...rules.split('\n').filter((l) => l.includes(sb.containerId)).map((l) => `${tool} -t ${table}: ${l}`));
    }
  }
  const links = JSON.parse(must('ip', ['-n', sb.hostNs, '-j', 'link', 'show'])) as { ifname: string; linkinfo?: { info_kind?: string } }[];
  found.push(...links.filter((l) => l.linkinfo?.info_kind === 'veth' || l.ifname.startsWith('bwp')).map((l) => `link ${l.ifname}`));
  const leases = readdirSync(sb.dataDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('last_reserved_ip') && e.name !== 'lock')
    .map((e) => `lease ${join(e.parentPath, e.name)}`);
  return [...found, ...leases];
}

interface Addr {
  readonly family: string;
  readonly local: string;
  readonly prefixlen: number;
  readonly scope: string;
}

function addresses(sb: Sandbox, dev: string): Addr[] {
  const links = JSON.parse(must('ip', ['-n', sb.ctrNs, '-j', 'addr', 'show', 'dev', dev])) as { addr_info: Addr[] }[];
  return links.flatMap((l) => l.addr_info);
}

const linkExists = (sb: Sandbox, dev: string): boolean => run('ip', ['-n', sb.ctrNs, 'link', 'show', 'dev', dev]).ok;

// ---------------------------------------------------------------- configs

const randByte = (lo: number, hi: number): number => lo + (randomBytes(1)[0]! % (hi - lo + 1));
const hex4 = (): string => (0x1000 + (randomBytes(2).readUInt16BE(0) % 0xefff)).toString(16);

/** A random private /24 and ULA /64, written so `ip` prints addresses with these exact prefixes. */
function privateRanges(): { v4: string; v4Prefix: string; v6: string; v6Prefix: string } {
  const v4Prefix = `10.${randByte(0, 255)}.${randByte(0, 255)}.`;
  const v6Prefix = `fd${randByte(0x10, 0xff).toString(16)}:${hex4()}:${hex4()}:${hex4()}:`;
  return { v4: `${v4Prefix}0/24`, v4Prefix, v6: `${v6Prefix}:/64`, v6Prefix };
}

/** Global (public) ranges in the corpus, replaced by private ones before anything runs. */
const PUBLIC_V6 = ['2001:4860:4860::/64', '1100:200::/24'];

/**
 * Replaces public IPv6 subnets (and addresses and routes inside them) with a random ULA /64, so
 * nothing public is configured even inside the sandbox. Private subnets are kept: each test has
 * its own host-side namespace, so they cannot clash.
 */
function privatize(text: string): string {
  let out = text;
  for (const subnet of PUBLIC_V6) {
    if (!out.includes(subnet)) continue;
    const { v6, v6Prefix } = privateRanges();
    const oldPrefix = subnet.slice(0, subnet.indexOf('::'));
    out = out.split(`"${subnet}"`).join(`"${v6}"`);
    out = out.replace(new RegExp(`"${oldPrefix.replace(/[.]/g, '\\.')}::([0-9a-fA-F:]*)(/\\d+)?"`, 'g'), (_m, rest: string, len?: string) => `"${v6Prefix}:${rest}${len ? '/64' : ''}"`);
  }
  return out;
}

/** The default containerd 2.1 conflist with a unique bridge and random private ranges (test a). */
function containerdDualStack(version?: string): { conf: Record<string, unknown>; ranges: ReturnType<typeof privateRanges>; bridge: string } {
  const ranges = privateRanges();
  const bridge = `cmt${hex(5)}`;
  let text = readFileSync(new URL('cni-json/containerd-v2.1.0-10-containerd-net/input.conflist', FIXTURES), 'utf8');
  text = text.replace('"10.88.0.0/16"', `"${ranges.v4}"`).replace('"2001:4860:4860::/64"', `"${ranges.v6}"`).replace('"cni0"', `"${bridge}"`);
  if (version) text = text.replace('"cniVersion": "1.0.0"', `"cniVersion": "${version}"`);
  expect(text).toContain(ranges.v4);
  expect(text).toContain(ranges.v6);
  expect(text).toContain(bridge);
  return { conf: JSON.parse(text) as Record<string, unknown>, ranges, bridge };
}

const summary = (r: ChainResult): string =>
  r.configError ?? r.steps.map((s) => `${s.command} ${s.type} ${s.ok ? 'ok' : `FAILED ${s.error?.msg ?? ''}${s.error?.details ? `: ${s.error.details}` : ''}`}`).join('\n');

function expectPassed(r: ChainResult): void {
  expect(r.ok, summary(r)).toBe(true);
  expect(r.steps.filter((s) => s.command === 'DEL')).toHaveLength(r.pluginTypes.length);
}

const firstFailure = (r: ChainResult) => r.steps.find((s) => !s.ok);

// ---------------------------------------------------------------- corpus

interface IndexEntry {
  readonly file: string;
  readonly kind: string;
  readonly cniVersion: string | null;
  readonly pluginTypes: readonly string[];
  readonly embeddedAt: string | null;
  readonly flags: readonly string[];
}

/** Corpus configs made only of plugins in BIN_DIR that are not run, and why. */
const EXCLUDED: Readonly<Record<string, string>> = {
  'containerd/v1.4.0/contrib_gce_cni.template': 'Go template: the ranges and routes are {{range}} directives, not a config until rendered',
  'containerd/v2.1.0/contrib_gce_cni.template': 'Go template: the ranges and routes are {{range}} directives, not a config until rendered',
  'cri-o/v1.19.0/11-crio-ipv4-bridge.conf': 'trailing commas (libcni cannot parse it; fix does not change syntax) and no IP range at all',
};

/** kube-router writes the node's pod CIDR into host-local at run time; the manifest has none. */
const NEEDS_SUBNET = new Set(['kube-router/v0.2.0/kubeadm-kuberouter.yaml', 'kube-router/v2.11.1/kubeadm-kuberouter.yaml', 'kube-router/v2.11.1/kubeadm-kuberouter-all-features-hostport.yaml']);

/** Corpus configs that the plugins reject even after fix, the plugin's message, and the finding fix reports for it. */
const FAILS_AFTER_FIX: Readonly<Record<string, { readonly msg: string; readonly remaining?: string }>> = {
  // skel (plugins >= 0.8) rejects a config without a network name; fix reports NAME_MISSING but cannot invent a name.
  'kubernetes/bb81beffb115/99-loopback.conf': { msg: 'missing network name', remaining: 'NAME_MISSING' },
  'cri-o/v1.0.0/99-loopback.conf': { msg: 'missing network name', remaining: 'NAME_MISSING' },
};

const index = JSON.parse(readFileSync(new URL('index.json', CORPUS), 'utf8')) as IndexEntry[];
const available = new Set(readdirSync(BIN_DIR));
/** dhcp needs its daemon; host-device needs a device to move; neither is in the corpus's candidates today. */
const UNRUNNABLE = new Set(['dhcp', 'host-device']);

function ipamTypes(conf: unknown): string[] {
  const plugins = (conf as { plugins?: unknown[] }).plugins ?? [conf];
  return plugins.flatMap((p) => {
    const t = (p as { ipam?: { type?: unknown } }).ipam?.type;
    return typeof t === 'string' ? [t] : [];
  });
}

const candidates = index.filter((e) => e.pluginTypes.length > 0 && e.pluginTypes.every((t) => available.has(t) && !UNRUNNABLE.has(t)));

/**
 * The CNI JSON inside a file: itself, or, in a YAML manifest, the string at `embeddedAt`
 * (docN:Kind/name.…) as the project's own k8s-yaml reader decodes it (it repairs the tab
 * indentation some manifests carry, which the plain yaml parser misreads).
 */
function extractConfig(entry: IndexEntry, text: string): string {
  if (!entry.embeddedAt) return text;
  const doc = Number(/^doc(\d+):/.exec(entry.embeddedAt)?.[1]);
  const analyzed = analyzeFile({ path: entry.file, text });
  const networks = analyzed.analysis?.ok ? (analyzed.analysis.data as { networks: { document: number; text: { decoded: string } }[] }).networks : [];
  const found = networks.filter((n) => n.document === doc);
  if (found.length !== 1) throw new Error(`${entry.file}: expected one network in document ${doc}, found ${found.length}`);
  return found[0]!.text.decoded;
}

/** Multus names a NetworkAttachmentDefinition's config after the object when it has no name. */
function ownerName(entry: IndexEntry): string | undefined {
  return /^doc\d+:NetworkAttachmentDefinition\/([^.]+)\./.exec(entry.embeddedAt ?? '')?.[1];
}

/** Strict JSON as libcni reads it; for the spec's commented examples, the comments stripped (recorded). */
function loadJson(text: string): { conf: Record<string, unknown>; note?: string } {
  try {
    return { conf: JSON.parse(text) as Record<string, unknown> };
  } catch {
    const conf = parseJsonc(stripComments(text), [], { allowTrailingComma: false }) as Record<string, unknown>;
    return { conf, note: 'comments stripped (libcni cannot parse comments)' };
  }
}

/** Makes a corpus config runnable in the sandbox: private public ranges, a subnet where the daemon would write one, dummy masters. */
function prepare(entry: IndexEntry, json: string, sb: Sandbox): Record<string, unknown> {
  const { conf } = loadJson(privatize(json));
  const owner = ownerName(entry);
  if (owner !== undefined && conf['name'] === undefined) conf['name'] = owner;
  const plugins = (Array.isArray(conf['plugins']) ? conf['plugins'] : [conf]) as Record<string, unknown>[];
  for (const p of plugins) {
    const ipam = p['ipam'] as Record<string, unknown> | undefined;
    if (NEEDS_SUBNET.has(entry.file) && ipam?.['type'] === 'host-local' && !ipam['subnet'] && !ipam['ranges']) ipam['subnet'] = privateRanges().v4;
    // A Linux interface name has at most 15 characters (IFNAMSIZ); give a longer bridge name a
    // unique short one, as the suite does for every bridge it creates.
    if (typeof p['bridge'] === 'string' && p['bridge'].length > 15) p['bridge'] = `cmt${hex(5)}`;
    const master = p['master'];
    if (typeof master === 'string' && !run('ip', ['-n', sb.hostNs, 'link', 'show', 'dev', master]).ok) {
      // A veth end as the master (this kernel may have no dummy driver); its peer stays down.
      must('ip', ['-n', sb.hostNs, 'link', 'add', master, 'type', 'veth', 'peer', 'name', `${master.slice(0, 10)}-peer`]);
      must('ip', ['-n', sb.hostNs, 'link', 'set', master, 'up']);
    }
  }
  return conf;
}

interface Outcome {
  readonly file: string;
  readonly version: string;
  readonly before: string;
  readonly after: string;
}
const outcomes: Outcome[] = [];

// ---------------------------------------------------------------- the suite

let hostBefore = '';

describe.sequential('real CNI plugins in network namespaces', () => {
  beforeAll(() => {
    if (process.getuid?.() !== 0) throw new Error(`test/netns needs root (uid 0) to create network namespaces; running as uid ${process.getuid?.()}`);
    for (const tool of ['ip', 'iptables', 'ip6tables']) {
      if (!run(tool, ['-V']).ok && !run(tool, ['--version']).ok) throw new Error(`test/netns needs ${tool} (Debian: iproute2, iptables)`);
    }
    for (const t of ['bridge', 'host-local', 'portmap', 'ptp', 'bandwidth', 'loopback']) {
      if (!available.has(t)) throw new Error(`test/netns needs the real CNI plugins in ${BIN_DIR} (Debian: containernetworking-plugins); ${t} is missing`);
    }
    const probe = `cmt-probe-${hex(4)}`;
    const r = run('ip', ['netns', 'add', probe]);
    if (!r.ok) throw new Error(`test/netns cannot create a network namespace (ip netns add ${probe}): ${r.stderr.trim()}. These tests need root with CAP_SYS_ADMIN/CAP_NET_ADMIN.`);
    must('ip', ['netns', 'del', probe]);
  });

  beforeEach(() => {
    hostBefore = hostState();
  });

  afterEach(() => {
    const problems: string[] = [];
    for (const sb of live.splice(0)) {
      for (const ns of [sb.ctrNs, sb.hostNs]) {
        const r = run('ip', ['netns', 'del', ns]);
        if (!r.ok) problems.push(`ip netns del ${ns}: ${r.stderr.trim()}`);
      }
      rmSync(sb.dataDir, { recursive: true, force: true });
    }
    expect(problems).toEqual([]);
    expect(hostState(), 'the real host namespace changed').toBe(hostBefore);
  });

  afterAll(() => {
    if (outcomes.length) {
      const rows = outcomes.map((o) => `  ${o.file} [${o.version}]\n    unmigrated: ${o.before}\n    fixed:      ${o.after}`);
      console.log(`corpus configs run on ${BIN_DIR}:\n${rows.join('\n')}`);
    }
  });

  // (a) ----------------------------------------------------------------------------------------
  it('containerd 2.1 default dual-stack bridge conflist: ADD addresses eth0 in both ranges, CHECK passes, DEL removes eth0', async () => {
    const sb = sandbox();
    const { conf, ranges, bridge } = containerdDualStack();
    let seen: Addr[] = [];
    const r = await chain(sb, conf, {
      afterAdd: () => {
        seen = addresses(sb, 'eth0');
      },
    });
    expectPassed(r);
    expect(r.steps.map((s) => `${s.command} ${s.type}`)).toEqual(['ADD bridge', 'ADD portmap', 'CHECK bridge', 'CHECK portmap', 'DEL portmap', 'DEL bridge']);

    const v4 = seen.filter((a) => a.family === 'inet');
    const v6 = seen.filter((a) => a.family === 'inet6' && a.scope === 'global');
    expect(v4).toHaveLength(1);
    expect(v4[0]!.local.startsWith(ranges.v4Prefix) && v4[0]!.prefixlen === 24, JSON.stringify(v4)).toBe(true);
    expect(v6).toHaveLength(1);
    expect(v6[0]!.local.startsWith(ranges.v6Prefix) && v6[0]!.prefixlen === 64, JSON.stringify(v6)).toBe(true);
    // The result the runtime gets lists the same addresses.
    const ips = ((r.result as { ips?: { address: string }[] }).ips ?? []).map((i) => i.address);
    expect(ips.sort()).toEqual([`${v4[0]!.local}/24`, `${v6[0]!.local}/64`].sort());
    // Every plugin after the first got the previous result; CHECK and DEL (1.0.0) got the final one.
    const portmapAdd = r.steps.find((s) => s.command === 'ADD' && s.type === 'portmap')!;
    expect(JSON.parse(portmapAdd.stdin)).toMatchObject({ name: 'containerd-net', cniVersion: '1.0.0', prevResult: r.steps[0]!.result });
    for (const s of r.steps.filter((x) => x.command !== 'ADD')) expect(JSON.parse(s.stdin).prevResult).toEqual(r.result);
    // host-local kept its lease in our directory, not /var/lib/cni.
    expect(JSON.parse(r.steps[0]!.stdin).ipam.dataDir).toBe(sb.dataDir);

    expect(linkExists(sb, 'eth0')).toBe(false);
    expect(run('ip', ['-n', sb.hostNs, 'link', 'show', 'dev', bridge]).ok, 'the bridge was created on the host side').toBe(true);
    expect(leftovers(sb)).toEqual([]);
  });

  it('the generator\'s default output, exactly as generated: eth0 gets an address in 10.88.0.0/16 and in 2001:4860:4860::/64', async () => {
    // Safe to run unmodified: the bridge cni0 and the ranges live in this test's own host-side namespace.
    const sb = sandbox();
    const { config } = generateContainerdBridge();
    let seen: Addr[] = [];
    const r = await chain(sb, config as unknown as Record<string, unknown>, {
      afterAdd: () => {
        seen = addresses(sb, 'eth0');
      },
    });
    expectPassed(r);
    expect(r.steps.map((x) => `${x.command} ${x.type}`)).toEqual(['ADD bridge', 'ADD portmap', 'CHECK bridge', 'CHECK portmap', 'DEL portmap', 'DEL bridge']);
    const v4 = seen.filter((a) => a.family === 'inet');
    const v6 = seen.filter((a) => a.family === 'inet6' && a.scope === 'global');
    expect(v4.map((a) => [a.local.startsWith('10.88.'), a.prefixlen])).toEqual([[true, 16]]);
    expect(v6.map((a) => [a.local.startsWith('2001:4860:4860:'), a.prefixlen])).toEqual([[true, 64]]);
    expect(linkExists(sb, 'eth0')).toBe(false);
    expect(leftovers(sb)).toEqual([]);
  });

  it('runs a plugin in the caller\'s namespace when no hostNetns is given (loopback touches only the container)', async () => {
    const sb = sandbox();
    const conf = JSON.parse(readFileSync(new URL('cri-o/v1.36.0/99-loopback.conflist', CORPUS), 'utf8')) as object;
    const r = await runNetwork(conf, { binDir: BIN_DIR, netns: sb.netns, ifName: 'eth0', containerId: sb.containerId, afterAdd: () => {
      expect(addresses(sb, 'lo').map((a) => a.local)).toContain('127.0.0.1');
    } });
    expectPassed(r);
  });

  // (b) ----------------------------------------------------------------------------------------
  it('every runnable corpus config is listed as run or excluded', () => {
    expect(candidates.length).toBeGreaterThanOrEqual(20);
    for (const e of candidates) {
      if (EXCLUDED[e.file]) continue;
      const conf = loadJson(extractConfig(e, readFileSync(new URL(e.file, CORPUS), 'utf8'))).conf;
      const missing = ipamTypes(conf).filter((t) => !available.has(t) || UNRUNNABLE.has(t));
      expect(missing, `${e.file}: ipam types not runnable here`).toEqual([]);
    }
    for (const f of Object.keys(EXCLUDED)) expect(candidates.map((e) => e.file)).toContain(f);
  });

  for (const entry of candidates.filter((e) => !EXCLUDED[e.file])) {
    const expected = FAILS_AFTER_FIX[entry.file];
    const title = expected ? `still rejected after fix (${expected.msg})` : 'ADD/CHECK/DEL pass after fix';
    it(`corpus ${entry.file}: ${title}`, async () => {
      const text = readFileSync(new URL(entry.file, CORPUS), 'utf8');
      const plan: FilePlan = planFile({ path: entry.file, text }, PLAN);
      expect(plan.fatal).toBe(false);
      const beforeJson = extractConfig(entry, text);
      const afterJson = extractConfig(entry, plan.after);
      const note = loadJson(afterJson).note;

      const sbBefore = sandbox();
      const before = await chain(sbBefore, prepare(entry, beforeJson, sbBefore));
      expect(leftovers(sbBefore)).toEqual([]);

      const sb = sandbox();
      const after = await chain(sb, prepare(entry, afterJson, sb));
      expect(leftovers(sb)).toEqual([]);
      const fmt = (r: ChainResult): string => (r.ok ? `ok (cniVersion ${JSON.stringify(r.cniVersion)})` : `FAILED at ${firstFailure(r)?.command} ${firstFailure(r)?.type}: ${firstFailure(r)?.error?.msg}${firstFailure(r)?.error?.details ? ` ${firstFailure(r)?.error?.details}` : ''}`);
      outcomes.push({ file: entry.file, version: `${entry.cniVersion ?? 'none'} → ${after.cniVersion || 'none'}${note ? `; ${note}` : ''}`, before: fmt(before), after: fmt(after) });

      if (expected) {
        expect(after.add).toBe(false);
        expect(firstFailure(after)?.error?.msg).toBe(expected.msg);
        if (expected.remaining) expect(plan.remaining.map((d) => d.code)).toContain(expected.remaining);
      } else {
        expectPassed(after);
        // A network whose version allows CHECK was CHECKed.
        if (!after.skipped.some((s) => s.command === 'CHECK')) expect(after.steps.filter((s) => s.command === 'CHECK')).toHaveLength(after.pluginTypes.length);
      }
      // Whatever the unmigrated config did, a change by fix never turns a passing network into a failing one.
      if (before.ok) expect(after.ok || expected !== undefined).toBe(true);
    });
  }

  // (c) ----------------------------------------------------------------------------------------
  it('chained ptp+bandwidth without cniVersion: bandwidth rejects "0.1.0" at ADD, ptp is cleaned up; after fix it passes', async () => {
    const text = readFileSync(new URL('cni-plugins/v1.9.1/chained-ptp-bandwidth.conflist', CORPUS), 'utf8').replace(/\n\s*"cniVersion": "0\.3\.1",/, '');
    expect(text).not.toContain('cniVersion');

    const sb = sandbox();
    const before = await chain(sb, JSON.parse(text) as object);
    expect(before.add).toBe(false);
    expect(before.steps.map((s) => `${s.command} ${s.type} ${s.ok}`)).toEqual(['ADD ptp true', 'ADD bandwidth false', 'DEL bandwidth false', 'DEL ptp true']);
    const failure = firstFailure(before)!;
    expect(failure.error).toEqual({ code: 1, msg: 'incompatible CNI versions', details: 'config is "0.1.0", plugin supports ["0.3.0" "0.3.1" "0.4.0" "1.0.0"]' });
    expect(JSON.parse(failure.stdin).cniVersion).toBe('');
    expect(leftovers(sb)).toEqual([]);

    const plan = planFile({ path: 'chained-ptp-bandwidth.conflist', text }, PLAN);
    expect(plan.changed).toBe(true);
    const sb2 = sandbox();
    const after = await chain(sb2, JSON.parse(plan.after) as object);
    expectPassed(after);
    const decision = plan.networks[0]!.decision;
    expect('version' in decision && after.cniVersion === decision.version, JSON.stringify(decision)).toBe(true);
    expect(leftovers(sb2)).toEqual([]);
  });

  it('1.1.0 conflist: bridge (plugins 1.1.1 accept up to 1.0.0) rejects it at ADD; after fix it passes', async () => {
    const { conf } = containerdDualStack('1.1.0');
    const text = `${JSON.stringify(conf, null, 2)}\n`;
    const sb = sandbox();
    const before = await chain(sb, conf);
    expect(before.add).toBe(false);
    expect(firstFailure(before)).toMatchObject({
      command: 'ADD',
      type: 'bridge',
      error: { code: 1, msg: 'incompatible CNI versions', details: 'config is "1.1.0", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0" "1.0.0"]' },
    });
    expect(leftovers(sb)).toEqual([]);

    const plan = planFile({ path: '10-containerd-net.conflist', text }, PLAN);
    expect(plan.changed).toBe(true);
    const sb2 = sandbox();
    const after = await chain(sb2, JSON.parse(plan.after) as object);
    expectPassed(after);
    expect(after.cniVersion).toBe('1.0.0');
    expect(leftovers(sb2)).toEqual([]);
  });

  // KNOWN GAP, kept visible: fix lowers cniVersion but leaves "1.1.0" in cniVersions, and
  // libcni >= 1.2.0 (containerd 2.x, CRI-O >= 1.31) runs the highest of cniVersion and
  // cniVersions up to 1.1.0. When fix handles cniVersions, this test fails: assert success then.
  it('KNOWN GAP: spec 1.1.0 example with cniVersions, fixed for containerd 2.1, still runs as 1.1.0 under libcni >= 1.2', async () => {
    const text = readFileSync(new URL('cni-spec/v1.3.0/SPEC_example-configuration_dbnet.conflist', CORPUS), 'utf8');
    const plan = planFile({ path: 'dbnet.conflist', text }, { ...PLAN, runtime: 'containerd@2.1.0' });
    const fixed = loadJson(plan.after).conf;
    expect(fixed['cniVersion']).toBe('1.0.0');
    expect(fixed['cniVersions']).toContain('1.1.0');
    // check says so: the runtime would select 1.1.0 from cniVersions.
    expect(plan.remaining.map((d) => d.code)).toContain('CNI_VERSIONS_UNSUPPORTED');

    const sb = sandbox();
    const legacy = await chain(sb, fixed);
    expectPassed(legacy);

    const sb2 = sandbox();
    const selected = await chain(sb2, fixed, { cniVersions: 'select' });
    expect(selected.cniVersion).toBe('1.1.0');
    expect(firstFailure(selected)).toMatchObject({ command: 'ADD', type: 'bridge', error: { msg: 'incompatible CNI versions' } });
    expect(leftovers(sb2)).toEqual([]);
  });

  it('--cni-versions closes that gap: the rejected cniVersions entry is dropped, and libcni >= 1.2 then runs 1.0.0, which the plugins accept', async () => {
    const text = readFileSync(new URL('cni-spec/v1.3.0/SPEC_example-configuration_dbnet.conflist', CORPUS), 'utf8');
    const plan = planFile({ path: 'dbnet.conflist', text }, { ...PLAN, runtime: ['containerd@1.7.27', 'containerd@2.1.0'], cniVersions: true });
    const fixed = loadJson(plan.after).conf;
    expect(fixed['cniVersion']).toBe('1.0.0');
    expect(fixed['cniVersions']).toEqual(['0.3.1', '0.4.0', '1.0.0']);
    expect(plan.remaining.map((d) => d.code)).not.toContain('CNI_VERSIONS_UNSUPPORTED');
    expect(plan.networks[0]!.executes).toEqual([
      { runtime: 'containerd 1.7.27', version: '1.0.0' },
      { runtime: 'containerd 2.1.0', version: '1.0.0' },
    ]);
    for (const cniVersions of ['ignore', 'select'] as const) {
      const sb = sandbox();
      const r = await chain(sb, fixed, { cniVersions });
      expect(r.cniVersion).toBe('1.0.0');
      expectPassed(r);
      expect(leftovers(sb)).toEqual([]);
    }
  });

  // verify command ------------------------------------------------------------------------------
  describe('cni-migrate verify', () => {
    const verify = async (args: string[], isRoot = true): Promise<{ code: number; out: string; err: string }> => {
      let out = '';
      let err = '';
      const io: CliIO = { cwd: tmpdir(), env: {}, version: 'test', stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } };
      const code = await runVerify(args, io, { isRoot: () => isRoot });
      return { code, out, err };
    };
    // verify names its namespaces after its process (this one); other files' runs may be alive meanwhile.
    const ourNamespaces = (): string[] => must('ip', ['netns', 'list']).split('\n').filter((l) => l.startsWith(`cni-migrate-verify-${process.pid}-`));
    const write = (name: string, conf: object): { file: string; cleanup: () => void } => {
      const dir = mkdtempSync(join(tmpdir(), 'cni-migrate-verify-test-'));
      const file = join(dir, name);
      writeFileSync(file, `${JSON.stringify(conf, null, 2)}\n`);
      return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    };

    it('exit 0 for a working conflist, showing the steps and eth0\'s addresses after ADD; leaves no namespace', async () => {
      const { conf, ranges } = containerdDualStack();
      const f = write('10-containerd-net.conflist', conf);
      try {
        const r = await verify([f.file, '--bin-dir', BIN_DIR]);
        expect(r.code, r.out + r.err).toBe(0);
        expect(r.out).toMatch(/ADD   bridge +ok\nADD   portmap +ok\ninterfaces in the container namespace after ADD:\n/);
        expect(r.out).toMatch(new RegExp(`eth0 +UP +${ranges.v4Prefix.replace(/\./g, '\\.')}\\d+/24 ${ranges.v6Prefix}:?[0-9a-f]*/64`));
        expect(r.out).toContain('result: ADD ok, CHECK ok, DEL ok');
        expect(ourNamespaces()).toEqual([]);
      } finally {
        f.cleanup();
      }
    });

    it('exit 1 with the plugin\'s own message for a 1.1.0 config', async () => {
      const f = write('10-containerd-net.conflist', containerdDualStack('1.1.0').conf);
      try {
        const r = await verify([f.file, `--bin-dir=${BIN_DIR}`]);
        expect(r.code).toBe(1);
        expect(r.out).toContain('ADD   bridge       FAILED: incompatible CNI versions: config is "1.1.0", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0" "1.0.0"]');
        expect(r.out).toContain('CHECK skipped: ADD failed');
        expect(ourNamespaces()).toEqual([]);
      } finally {
        f.cleanup();
      }
    });

    it('--runtime, repeated: a section per version the runtimes pick; 1.0.0 passes for containerd 1.7, the 1.1.0 that containerd 2.1 picks from cniVersions fails (exit 1)', async () => {
      const { conf } = containerdDualStack();
      const f = write('10-containerd-net.conflist', { cniVersion: '1.0.0', cniVersions: ['1.0.0', '1.1.0'], ...conf });
      try {
        const r = await verify([f.file, '--bin-dir', BIN_DIR, '--runtime', 'containerd@2.1.0', '--runtime', 'containerd@1.7.27']);
        expect(r.code, r.out + r.err).toBe(1);
        const [old, fresh] = r.out.split('== containerd 2.1.0');
        expect(old).toContain('== containerd 1.7.27: runs cniVersion "1.0.0"');
        expect(old).toContain('result: ADD ok, CHECK ok, DEL ok');
        expect(fresh).toMatch(/^: runs cniVersion "1\.1\.0"/);
        expect(fresh).toContain('ADD   bridge       FAILED: incompatible CNI versions: config is "1.1.0"');
        expect(r.out).toContain('verdict: FAILED on at least one runtime');
        expect(ourNamespaces()).toEqual([]);
      } finally {
        f.cleanup();
      }
    });

    it('--runtime, repeated: runtimes that pick the same version share one run (exit 0); an unknown runtime is a usage error', async () => {
      const { conf } = containerdDualStack();
      const f = write('10-containerd-net.conflist', { ...conf, cniVersions: ['0.4.0', '1.0.0'] });
      try {
        const r = await verify([f.file, '--bin-dir', BIN_DIR, '--runtime', 'containerd@1.7.27', '--runtime', 'containerd@2.1.0', '--runtime=containerd@2.1.0']);
        expect(r.code, r.out + r.err).toBe(0);
        expect(r.out).toContain('== containerd 1.7.27, containerd 2.1.0: runs cniVersion "1.0.0"');
        expect(r.out.match(/result: ADD ok, CHECK ok, DEL ok/g)).toHaveLength(1);
        expect(r.out).toContain('verdict: ok on every runtime');
        const bad = await verify([f.file, '--bin-dir', BIN_DIR, '--runtime', 'containerd@1.7.27', '--runtime', 'kubelet@1.30.0']);
        expect(bad.code).toBe(2);
        expect(bad.err).toContain('--runtime must be containerd@X.Y.Z or cri-o@X.Y.Z');
        expect(ourNamespaces()).toEqual([]);
      } finally {
        f.cleanup();
      }
    });

    it('without --runtime, the runtimes the project configuration names for the file (its node group); --no-config reads none', async () => {
      const { conf } = containerdDualStack();
      const f = write('10-containerd-net.conflist', { cniVersion: '1.0.0', cniVersions: ['1.0.0', '1.1.0'], ...conf });
      try {
        writeFileSync(join(dirname(f.file), '.cni-migrate.yaml'), 'overrides:\n  - files: "*.conflist"\n    name: gpu\n    runtimes: [containerd@1.7.27, containerd@2.1.0]\n');
        const r = await verify([f.file, '--bin-dir', BIN_DIR]);
        expect(r.code, r.out + r.err).toBe(1);
        expect(r.out).toMatch(/^runtimes from .*\.cni-migrate\.yaml \(node group gpu\): containerd@1\.7\.27, containerd@2\.1\.0$/m);
        expect(r.out).toContain('== containerd 1.7.27: runs cniVersion "1.0.0"');
        expect(r.out).toContain('== containerd 2.1.0: runs cniVersion "1.1.0"');
        // No configuration: cniVersion alone, as libcni before v1.2.0 reads it.
        const none = await verify([f.file, '--bin-dir', BIN_DIR, '--no-config']);
        expect(none.code, none.out + none.err).toBe(0);
        expect(none.out).not.toContain('runtimes from');
        writeFileSync(join(dirname(f.file), '.cni-migrate.yaml'), 'runtimes: [containerd@1.7]\nruntme: x\n');
        const bad = await verify([f.file, '--bin-dir', BIN_DIR]);
        expect(bad.code).toBe(2);
        expect(bad.err).toMatch(/\.cni-migrate\.yaml:2:1: unknown key "runtme"; did you mean "runtime"\?/);
        expect(ourNamespaces()).toEqual([]);
      } finally {
        f.cleanup();
      }
    });

    it('exit 1 when libcni could not load the file; exit 2 for usage errors, a missing file or no root', async () => {
      const f = write('x.conflist', { cniVersion: '1.0.0', name: 'x', type: 'bridge' });
      try {
        expect((await verify([f.file, '--bin-dir', BIN_DIR])).code).toBe(1);
      } finally {
        f.cleanup();
      }
      expect((await verify([])).code).toBe(2);
      expect((await verify(['a', 'b'])).code).toBe(2);
      expect((await verify(['--bogus', 'a'])).code).toBe(2);
      expect((await verify(['/nonexistent/x.conflist'])).code).toBe(2);
      const notRoot = await verify(['/nonexistent/x.conflist'], false);
      expect(notRoot.code).toBe(2);
      expect(notRoot.err).toContain('run it as root');
      expect((await verify(['--help'])).out).toContain('Usage: cni-migrate verify');
      expect(ourNamespaces()).toEqual([]);
    });
  });
});
