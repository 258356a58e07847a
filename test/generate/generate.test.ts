/**
 * `cni-migrate generate containerd-bridge` (src/generate/containerd-bridge.ts and
 * src/cli/generate-command.ts), run in-process with a fake CliIO.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { generateHelpText, runGenerate } from '../../src/cli/generate-command.js';
import { checkSubnets, generateContainerdBridge, GenerateError, renderConfigMap } from '../../src/generate/containerd-bridge.js';
import { planFile } from '../../src/core/plan.js';
import { repoRoot, tempDir } from '../helpers/cli.js';
import { memoryIO } from '../helpers/memory-io.js';

/** The conflist on the Kubernetes page, as containerd's install-cni writes it. */
const REFERENCE = {
  cniVersion: '1.0.0',
  name: 'containerd-net',
  plugins: [
    {
      type: 'bridge',
      bridge: 'cni0',
      isGateway: true,
      ipMasq: true,
      promiscMode: true,
      ipam: {
        type: 'host-local',
        ranges: [[{ subnet: '10.88.0.0/16' }], [{ subnet: '2001:4860:4860::/64' }]],
        routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0' }],
      },
    },
    { type: 'portmap', capabilities: { portMappings: true } },
  ],
};
const FIXTURE = join(repoRoot, 'fixtures/cni-json/containerd-v2.1.0-10-containerd-net/input.conflist');
const PRIVATE = ['--subnet', '10.88.0.0/16', '--subnet', 'fd00:10:88::/64'];
const CONFIRMED = ['--plugin', 'cni-plugins@1.1.1'];


async function gen(args: readonly string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIO(cwd);
  const code = await runGenerate(['containerd-bridge', ...args], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

type Json = { [k: string]: unknown };
const plugins = (stdout: string): Json[] => (JSON.parse(stdout) as { plugins: Json[] }).plugins;
const ipam = (stdout: string): { ranges: { subnet: string }[][]; routes: { dst: string }[] } =>
  plugins(stdout)[0]!.ipam as { ranges: { subnet: string }[][]; routes: { dst: string }[] };

const temps: (() => void)[] = [];
afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));
function dir(): string {
  const t = tempDir('cni-migrate-generate-');
  temps.push(t.cleanup);
  return t.dir;
}

describe('the default output', () => {
  it('is the reference conflist, deep equal to the containerd install-cni fixture', async () => {
    const r = await gen([]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(REFERENCE);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(FIXTURE, 'utf8')));
  });

  it('is JSON with 2-space indentation and a final newline, keys in the page order', async () => {
    const { stdout } = await gen([]);
    expect(stdout).toBe(`${JSON.stringify(REFERENCE, null, 2)}\n`);
    expect(stdout.endsWith('}\n')).toBe(true);
    expect(stdout.endsWith('\n\n')).toBe(false);
    expect(stdout).not.toContain('\t');
    for (const line of stdout.trimEnd().split('\n')) expect(/^( *)/.exec(line)![1]!.length % 2).toBe(0);
    expect(stdout.split('\n')[1]).toBe('  "cniVersion": "1.0.0",');
  });

  it('plans no edit and no error with cni-plugins 1.1.1', async () => {
    const { stdout } = await gen([]);
    const plan = planFile({ path: '10-containerd-net.conflist', text: stdout }, { plugins: { releases: { 'cni-plugins': '1.1.1' } } });
    expect(plan.format).toBe('conflist');
    expect(plan.changed).toBe(false);
    expect(plan.edits).toEqual([]);
    expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(plan.networks[0]!.decision).toMatchObject({ action: 'keep', version: '1.0.0' });
  });

  it("warns on stderr, not stdout, that 2001:4860:4860::/64 is Google's public range, suggesting a ULA", async () => {
    const r = await gen(CONFIRMED);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: subnet 2001:4860:4860::/64 is public address space');
    expect(r.stderr).toContain("Google's public range");
    expect(r.stderr).toContain('fd00::/8');
    expect(r.stderr).not.toContain('10.88.0.0/16'); // private space: no warning
    expect(r.stdout).not.toContain('warning');
    expect(JSON.parse(r.stdout)).toEqual(REFERENCE);
  });

  it('prints nothing on stderr for private subnets and a stated plugin release', async () => {
    const r = await gen([...PRIVATE, ...CONFIRMED]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('says on stderr when the plugin release is not stated and only some releases accept the version', async () => {
    const r = await gen(PRIVATE);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: cniVersion "1\.0\.0" is accepted only by some releases of bridge/);
    expect(r.stderr).toContain('--plugin cni-plugins@RELEASE');
  });

  it('warns about public IPv4 space too, suggesting private space', async () => {
    const r = await gen(['--subnet', '8.8.0.0/16', ...CONFIRMED]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('subnet 8.8.0.0/16 is public address space');
    expect(r.stderr).toContain('10.0.0.0/8');
    expect(r.stdout).toContain('"8.8.0.0/16"');
  });
});

describe('options', () => {
  it('--name and --bridge', async () => {
    const r = await gen(['--name', 'pods', '--bridge', 'br-pods', ...CONFIRMED]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).name).toBe('pods');
    expect(plugins(r.stdout)[0]!.bridge).toBe('br-pods');
  });

  it('--subnet: one range per subnet, one default route per family present', async () => {
    let r = await gen(['--subnet', '10.88.0.0/16', ...CONFIRMED]);
    expect(ipam(r.stdout)).toEqual({ type: 'host-local', ranges: [[{ subnet: '10.88.0.0/16' }]], routes: [{ dst: '0.0.0.0/0' }] });
    r = await gen(['--subnet', 'fd00:10:88::/64', ...CONFIRMED]);
    expect(ipam(r.stdout).ranges).toEqual([[{ subnet: 'fd00:10:88::/64' }]]);
    expect(ipam(r.stdout).routes).toEqual([{ dst: '::/0' }]);
    r = await gen(['--subnet', 'fd00:10:88::/64', '--subnet', '10.88.0.0/16', '--subnet', '10.89.0.0/16', ...CONFIRMED]);
    expect(r.code).toBe(0);
    expect(ipam(r.stdout).ranges).toEqual([[{ subnet: 'fd00:10:88::/64' }], [{ subnet: '10.88.0.0/16' }], [{ subnet: '10.89.0.0/16' }]]);
    expect(ipam(r.stdout).routes).toEqual([{ dst: '::/0' }, { dst: '0.0.0.0/0' }]);
  });

  it('--subnet writes IPv6 in its canonical form', async () => {
    const r = await gen(['--subnet', 'FD00:0010:0088:0:0::/64', ...CONFIRMED]);
    expect(r.code).toBe(0);
    expect(ipam(r.stdout).ranges).toEqual([[{ subnet: 'fd00:10:88::/64' }]]);
  });

  it('--mtu sets the bridge mtu', async () => {
    for (const mtu of ['576', '1450', '65535']) {
      const r = await gen(['--mtu', mtu, ...CONFIRMED]);
      expect(r.code).toBe(0);
      expect(plugins(r.stdout)[0]!.mtu).toBe(Number(mtu));
    }
    expect(plugins((await gen(CONFIRMED)).stdout)[0]).not.toHaveProperty('mtu');
  });

  it('--no-portmap, --firewall and --tuning shape the chain', async () => {
    const types = async (args: string[]) => plugins((await gen([...args, ...CONFIRMED])).stdout).map((p) => p.type);
    expect(await types([])).toEqual(['bridge', 'portmap']);
    expect(await types(['--no-portmap'])).toEqual(['bridge']);
    expect(await types(['--firewall'])).toEqual(['bridge', 'portmap', 'firewall']);
    expect(await types(['--tuning'])).toEqual(['bridge', 'portmap', 'tuning']);
    expect(await types(['--no-portmap', '--firewall', '--tuning'])).toEqual(['bridge', 'firewall', 'tuning']);
    expect(plugins((await gen(['--firewall', '--tuning', ...CONFIRMED])).stdout).slice(2)).toEqual([{ type: 'firewall' }, { type: 'tuning' }]);
  });

  it('--cni-version writes an accepted version', async () => {
    const r = await gen(['--cni-version', '0.4.0', ...CONFIRMED]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).cniVersion).toBe('0.4.0');
  });

  it('--help and usage errors', async () => {
    const io = memoryIO();
    expect(await runGenerate(['--help'], io)).toBe(0);
    expect(io.out()).toBe(generateHelpText());
    expect(io.out()).toContain('Usage: cni-migrate generate containerd-bridge');
    for (const args of [[], ['calico'], ['containerd-bridge', 'extra'], ['containerd-bridge', '--bogus'], ['containerd-bridge', '--force']]) {
      const e = memoryIO();
      expect(await runGenerate(args, e), args.join(' ')).toBe(2);
      expect(e.out()).toBe('');
      expect(e.err()).toContain("Run 'cni-migrate generate --help'");
    }
  });
});

describe('the cniVersion is checked with the policy check uses', () => {
  it('refuses 1.1.0 with cni-plugins 1.1.1 (accept up to 1.0.0), naming who rejects it', async () => {
    const r = await gen(['--cni-version', '1.1.0', '--plugin', 'cni-plugins@1.1.1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('cniVersion 1.1.0 is refused');
    expect(r.stderr).toMatch(/rejected by bridge, host-local, portmap \(accept 0\.1\.0–1\.0\.0\)/);
    expect(r.stderr).toContain('too new for containerd 1.6.4');
  });

  it('accepts 1.1.0 with cni-plugins 1.6.0 and containerd 2.0.0', async () => {
    const r = await gen(['--cni-version', '1.1.0', '--plugin', 'cni-plugins@1.6.0', '--runtime', 'containerd@2.0.0', ...PRIVATE]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).cniVersion).toBe('1.1.0');
  });

  it('refuses --firewall at 1.0.0 with cni-plugins 1.0.0 (firewall accepts only 0.4.0 before 1.0.1)', async () => {
    const r = await gen(['--firewall', '--cni-version', '1.0.0', '--plugin', 'cni-plugins@1.0.0']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/rejected by firewall \(accept 0\.4\.0\)/);
    expect(r.stderr).not.toMatch(/rejected by [^;]*bridge/);
    expect(r.stderr).toContain('0.4.0');
    // 0.4.0 is fine, and firewall 1.0.1 accepts 1.0.0.
    expect((await gen(['--firewall', '--cni-version', '0.4.0', '--plugin', 'cni-plugins@1.0.0'])).code).toBe(0);
    expect((await gen(['--firewall', '--cni-version', '1.0.0', '--plugin', 'cni-plugins@1.0.1'])).code).toBe(0);
  });

  it('checks the default version against --runtime too', async () => {
    const r = await gen(['--runtime', 'containerd@1.5.0', ...CONFIRMED]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the default cniVersion 1.0.0 is refused');
    expect(r.stderr).toContain('too new for containerd 1.5.0');
    expect(r.stderr).toContain('--cni-version');
    expect((await gen(['--runtime', 'containerd@1.5.0', '--cni-version', '0.4.0', ...CONFIRMED])).code).toBe(0);
  });

  it('refuses a runtime beyond its libcni even when plugins accept the version', async () => {
    const r = await gen(['--cni-version', '1.1.0', '--plugin', 'cni-plugins@1.6.0', '--runtime', 'cri-o@1.30.0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('too new for cri-o 1.30.0');
    expect(r.stderr).not.toContain('rejected by');
  });

  it('takes --plugin TYPE=V facts', async () => {
    const r = await gen(['--plugin', 'bridge=0.4.0', '--cni-version', '1.0.0', ...CONFIRMED]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rejected by bridge (accept 0.4.0)');
  });
});

describe('invalid values: exit 2, the value named, nothing written', () => {
  const cases: [string, string[], string][] = [
    ['a CIDR that does not parse', ['--subnet', '10.88.0/16'], '10.88.0/16'],
    ['a CIDR without a prefix', ['--subnet', '10.88.0.0'], '10.88.0.0'],
    ['a non-decimal IPv4 form', ['--subnet', '012.88.0.0/16'], '012.88.0.0/16'],
    ['an IPv6 address with a bad group', ['--subnet', 'fd00::g/64'], 'fd00::g/64'],
    ['host bits set', ['--subnet', '10.88.0.1/16'], '10.88.0.1/16'],
    ['host bits set in IPv6', ['--subnet', 'fd00::1/64'], 'fd00::1/64'],
    ['an IPv4 prefix over 32', ['--subnet', '10.88.0.0/33'], '10.88.0.0/33'],
    ['an IPv6 prefix over 128', ['--subnet', 'fd00::/129'], 'fd00::/129'],
    ['a prefix that is not a number', ['--subnet', '10.88.0.0/x'], '10.88.0.0/x'],
    ['a /31 host-local cannot allocate from', ['--subnet', '10.88.0.0/31'], '10.88.0.0/31'],
    ['a /127 host-local cannot allocate from', ['--subnet', 'fd00::/127'], 'fd00::/127'],
    ['overlapping IPv4 subnets', ['--subnet', '10.88.0.0/16', '--subnet', '10.88.128.0/17'], '10.88.128.0/17'],
    ['the same subnet twice', ['--subnet', '10.88.0.0/16', '--subnet', '10.88.0.0/16'], '10.88.0.0/16'],
    ['overlapping IPv6 subnets', ['--subnet', 'fd00::/48', '--subnet', 'fd00:0:0:1::/64'], 'fd00:0:0:1::/64'],
    ['an IPv4-mapped IPv6 subnet', ['--subnet', '::ffff:10.88.0.0/112'], '::ffff:10.88.0.0/112'],
    ['an IPv6 zone', ['--subnet', 'fe80::%eth0/64'], 'fe80::%eth0/64'],
    ['loopback', ['--subnet', '127.0.0.0/8'], '127.0.0.0/8'],
    ['multicast', ['--subnet', 'ff02::/64'], 'ff02::/64'],
    ['a subnet containing loopback', ['--subnet', '0.0.0.0/0'], '0.0.0.0/0'],
    ['an MTU too small', ['--mtu', '575'], '575'],
    ['an MTU too large', ['--mtu', '65536'], '65536'],
    ['an MTU that is not a number', ['--mtu', '1500b'], '1500b'],
    ['a network name libcni rejects', ['--name', 'my net'], 'my net'],
    ['a bridge name longer than 15 characters', ['--bridge', 'bridge-too-long0'], 'bridge-too-long0'],
    ['a bridge name with a slash', ['--bridge', 'br/0'], 'br/0'],
    ['a cniVersion that is not a spec version', ['--cni-version', '1.0'], '1.0'],
    ['an unknown runtime', ['--runtime', 'docker@20.10.0'], 'docker@20.10.0'],
    ['a runtime release not in the data', ['--runtime', 'containerd@1.0.0'], 'containerd 1.0.0'],
    ['a malformed --plugin', ['--plugin', 'cni-plugins'], 'cni-plugins'],
    ['an unknown format', ['--format', 'toml'], 'toml'],
    ['a ConfigMap name that is not DNS-1123', ['--format', 'yaml', '--configmap-name', 'CNI_Config'], 'CNI_Config'],
    ['a namespace that is not DNS-1123', ['--format', 'yaml', '--namespace', 'kube.system'], 'kube.system'],
    ['--namespace without yaml', ['--namespace', 'kube-system'], '--namespace'],
  ];
  it.each(cases)('%s', async (_what, args, value) => {
    const cwd = dir();
    const r = await gen([...args, '-o', 'out.conflist'], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(value);
    expect(r.stderr.startsWith('cni-migrate: ')).toBe(true);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('explains the IPv4-mapped mix-up and gives the IPv4 form', async () => {
    const r = await gen(['--subnet', '::ffff:10.88.0.0/112']);
    expect(r.stderr).toContain('10.88.0.0/16');
    expect(r.stderr).toContain('IPNet IP and Mask version mismatch');
  });

  it('gives the network address for host bits', async () => {
    const r = await gen(['--subnet', '10.88.0.1/16']);
    expect(r.stderr).toContain('10.88.0.0/16');
  });

  it('allows two subnets of the same family when they do not overlap', async () => {
    const r = await gen(['--subnet', '10.88.0.0/16', '--subnet', '10.89.0.0/16', '--subnet', 'fd00:1::/64', '--subnet', 'fd00:2::/64', ...CONFIRMED]);
    expect(r.code).toBe(0);
    expect(ipam(r.stdout).ranges).toHaveLength(4);
    expect(ipam(r.stdout).routes).toEqual([{ dst: '0.0.0.0/0' }, { dst: '::/0' }]);
  });
});

describe('-o FILE', () => {
  it('writes the file, with nothing on stdout and no temp file left', async () => {
    const cwd = dir();
    const r = await gen([...CONFIRMED, '-o', '10-containerd-net.conflist'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readdirSync(cwd)).toEqual(['10-containerd-net.conflist']);
    expect(readFileSync(join(cwd, '10-containerd-net.conflist'), 'utf8')).toBe((await gen(CONFIRMED)).stdout);
    expect(statSync(join(cwd, '10-containerd-net.conflist')).mode & 0o777 & ~0o022).toBe(0o644 & ~0o022);
  });

  it('accepts an absolute path and --output=FILE', async () => {
    const cwd = dir();
    const target = join(cwd, 'net.d', 'a.conflist');
    mkdirSync(join(cwd, 'net.d'));
    expect((await gen([`--output=${target}`])).code).toBe(0);
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual(REFERENCE);
  });

  it('refuses to overwrite an existing file without --force, leaving it untouched', async () => {
    const cwd = dir();
    const file = join(cwd, 'existing.conflist');
    writeFileSync(file, 'keep me\n');
    const r = await gen(['-o', 'existing.conflist'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('existing.conflist exists');
    expect(r.stderr).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
    expect(readdirSync(cwd)).toEqual(['existing.conflist']);
  });

  it('--force replaces an existing file, keeping its mode', async () => {
    const cwd = dir();
    const file = join(cwd, 'existing.conflist');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o600);
    const r = await gen(['-o', 'existing.conflist', '--force', '--name', 'forced'], cwd);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).name).toBe('forced');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(cwd)).toEqual(['existing.conflist']);
  });

  it('--force writes a new file too', async () => {
    const cwd = dir();
    expect((await gen(['-o', 'new.conflist', '--force'], cwd)).code).toBe(0);
    expect(existsSync(join(cwd, 'new.conflist'))).toBe(true);
  });

  it('refuses a directory, and a folder that does not exist, with exit 2', async () => {
    const cwd = dir();
    mkdirSync(join(cwd, 'sub'));
    let r = await gen(['-o', 'sub', '--force'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sub is a directory');
    r = await gen(['-o', 'missing/out.conflist'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot write missing/out.conflist');
    expect(readdirSync(cwd)).toEqual(['sub']);
  });
});

describe('--format yaml', () => {
  it('is a kube-system ConfigMap holding the conflist in a literal block, round-tripping through the yaml parser', async () => {
    const r = await gen(['--format', 'yaml', ...CONFIRMED]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  10-containerd-net.conflist: |\n    {\n      "cniVersion": "1.0.0",');
    const doc = parseYaml(r.stdout) as { apiVersion: string; kind: string; metadata: Json; data: Record<string, string> };
    expect(doc.apiVersion).toBe('v1');
    expect(doc.kind).toBe('ConfigMap');
    expect(doc.metadata).toEqual({ name: 'cni-config', namespace: 'kube-system' });
    expect(Object.keys(doc.data)).toEqual(['10-containerd-net.conflist']);
    expect(doc.data['10-containerd-net.conflist']).toBe((await gen(CONFIRMED)).stdout);
    expect(JSON.parse(doc.data['10-containerd-net.conflist']!)).toEqual(REFERENCE);
  });

  it("is read by cni-migrate's own planner as exactly that one network, with no errors", async () => {
    const { stdout } = await gen(['--format', 'yaml']);
    const plan = planFile({ path: 'cni-config.yaml', text: stdout }, { plugins: { releases: { 'cni-plugins': '1.1.1' } } });
    expect(plan.format).not.toBeNull();
    expect(plan.fatal).toBe(false);
    expect(plan.networks).toHaveLength(1);
    expect(plan.networks[0]!.name).toBe('containerd-net');
    expect(plan.networks[0]!.decision).toMatchObject({ action: 'keep', version: '1.0.0' });
    expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(plan.changed).toBe(false);
  });

  it('--configmap-name and --namespace, and the options carry into the embedded conflist', async () => {
    const r = await gen(['--format', 'yaml', '--configmap-name', 'containerd-cni', '--namespace', 'cni', '--mtu', '1400', '--tuning', ...CONFIRMED]);
    expect(r.code).toBe(0);
    const doc = parseYaml(r.stdout) as { metadata: Json; data: Record<string, string> };
    expect(doc.metadata).toEqual({ name: 'containerd-cni', namespace: 'cni' });
    const config = JSON.parse(doc.data['10-containerd-net.conflist']!) as { plugins: Json[] };
    expect(config.plugins[0]!.mtu).toBe(1400);
    expect(config.plugins.map((p) => p.type)).toEqual(['bridge', 'portmap', 'tuning']);
  });

  it('quotes names YAML would read as something else', () => {
    const text = renderConfigMap('{}\n', { name: 'true', namespace: 'yes' });
    expect(text).toContain('name: "true"');
    expect(text).toContain('namespace: "yes"');
    expect(parseYaml(text, { version: '1.1' }).metadata).toEqual({ name: 'true', namespace: 'yes' });
    expect(renderConfigMap('{}\n', { name: '2024-01-01' })).toContain('name: "2024-01-01"');
  });

  it('-o writes the ConfigMap', async () => {
    const cwd = dir();
    expect((await gen(['--format', 'yaml', '-o', 'cni-config.yaml'], cwd)).code).toBe(0);
    expect((parseYaml(readFileSync(join(cwd, 'cni-config.yaml'), 'utf8')) as { kind: string }).kind).toBe('ConfigMap');
  });
});

describe('the library', () => {
  it('generateContainerdBridge() returns the config, its text and the warnings', () => {
    const result = generateContainerdBridge({ plugins: { releases: { 'cni-plugins': '1.1.1' } } });
    expect(result.config).toEqual(REFERENCE);
    expect(result.text).toBe(`${JSON.stringify(REFERENCE, null, 2)}\n`);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain('2001:4860:4860::/64');
  });

  it('throws GenerateError naming the value', () => {
    const attempt = (options: Parameters<typeof generateContainerdBridge>[0]): GenerateError => {
      try {
        generateContainerdBridge(options);
      } catch (err) {
        expect(err).toBeInstanceOf(GenerateError);
        return err as GenerateError;
      }
      throw new Error('no error thrown');
    };
    expect(attempt({ subnets: ['10.88.0.1/16'] }).value).toBe('10.88.0.1/16');
    expect(attempt({ subnets: [] }).message).toContain('at least one subnet');
    expect(attempt({ mtu: 9000.5 }).value).toBe('9000.5');
    expect(attempt({ cniVersion: '1.1.0', plugins: { releases: { 'cni-plugins': '1.1.1' } } }).value).toBe('1.1.0');
    expect(attempt({ runtime: 'containerd' }).value).toBe('containerd');
  });

  it('checkSubnets canonicalises and classifies', () => {
    const { subnets, warnings } = checkSubnets(['10.0.0.0/8', 'FD00::/8', '100.64.0.0/10', '2001:db8::/48', '9.0.0.0/8']);
    expect(subnets.map((s) => s.cidr)).toEqual(['10.0.0.0/8', 'fd00::/8', '100.64.0.0/10', '2001:db8::/48', '9.0.0.0/8']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('9.0.0.0/8');
    // A range that starts in private space but runs past it is public in part.
    expect(checkSubnets(['10.0.0.0/7']).warnings).toHaveLength(1);
  });
});

describe('the library speaks plain words', () => {
  it('a refused version names no CLI flag unless the CLI asks for its own', () => {
    let message = '';
    try {
      generateContainerdBridge({ cniVersion: '1.1.0', runtime: 'containerd@1.6.4' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('is refused');
    expect(message).not.toMatch(/--[a-z]/);
  });
});
