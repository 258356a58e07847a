/**
 * `cni-migrate generate containerd-bridge`: prints (or writes) the reference containerd
 * dual-stack bridge conflist, with its values checked and its cniVersion checked against the
 * chain and the runtime by the same policy `check` applies.
 *
 * Wiring (src/cli/run.ts): dispatch `generate` before the check/diff/fix parser, e.g.
 *   if (argv[0] === 'generate' || (argv[0] === 'help' && argv[1] === 'generate')) return runGenerate(argv[0] === 'help' ? ['--help'] : argv.slice(1), io);
 */
import { link, lstat, rename, unlink } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { parseOptions } from './parse-options.js';
import {
  CONTAINERD_BRIDGE_DEFAULTS,
  generateContainerdBridge,
  GenerateError,
  MTU_MAX,
  MTU_MIN,
  renderConfigMap,
  type GenerateOptions,
} from '../generate/containerd-bridge.js';
import { readRegular, writeFileAtomic, writeTempBeside } from '../io/files.js';
import { isSpecVersion } from '../core/spec-versions.js';
import { parsePluginFlags } from '../knowledge/plugin-flags.js';
import type { CliIO } from './run.js';
import { EXIT } from './exit-codes.js';
import { CLI_VOCABULARY } from '../core/vocabulary.js';
import { printable } from '../render/terminal.js';


const TEMPLATES = ['containerd-bridge'] as const;

export function generateHelpText(): string {
  return `Usage: cni-migrate generate containerd-bridge [options]

Prints the reference containerd bridge network list: the dual-stack conflist containerd's
install-cni writes to /etc/cni/net.d/10-containerd-net.conflist and the Kubernetes page
"Upgrading and configuring CNI plugins" shows (bridge cni0 with host-local IPAM, portmap).
Without options the output is that file, value for value. Every value is checked, and the
cniVersion is checked against the plugins of the chain and the runtime exactly as
'cni-migrate check' would check the file.

Examples:
  cni-migrate generate containerd-bridge -o /etc/cni/net.d/10-containerd-net.conflist
  cni-migrate generate containerd-bridge --subnet 10.88.0.0/16 --subnet fd00:10:88::/64
  cni-migrate generate containerd-bridge --cni-version 1.1.0 --plugin cni-plugins@1.6.0 --runtime containerd@2.0.0
  cni-migrate generate containerd-bridge --format yaml --namespace kube-system | kubectl apply -f -

Network:
  --name NAME                network name (default ${CONTAINERD_BRIDGE_DEFAULTS.name})
  --bridge NAME              bridge device (default ${CONTAINERD_BRIDGE_DEFAULTS.bridge})
  --subnet CIDR              pod subnet, IPv4 or IPv6; repeat for several (one host-local range
                             each, one default route per family). Default ${CONTAINERD_BRIDGE_DEFAULTS.subnets.join(' and ')}.
                             Public address space is warned about: prefer 10.0.0.0/8-style
                             private space and a ULA such as fd00::/8
  --mtu N                    bridge MTU, ${MTU_MIN}-${MTU_MAX} (default: not set, the bridge plugin's default)
  --no-portmap               leave out the portmap plugin (hostPort support)
  --firewall                 append the firewall plugin (cni-plugins before 1.0.1 accept only 0.4.0)
  --tuning                   append the tuning plugin

Version:
  --cni-version V            cniVersion to write (default ${CONTAINERD_BRIDGE_DEFAULTS.cniVersion}); refused when a plugin
                             in the chain or the runtime rejects it
  --runtime R                containerd@X.Y.Z or cri-o@X.Y.Z (default containerd@1.6.4)
  --plugin NAME@RELEASE      plugin release, e.g. cni-plugins@1.1.1 (or TYPE=V1,V2,...: what a
                             plugin accepts); repeatable. Unstated, every known release counts

Output:
  --format json|yaml         json (default): the conflist; yaml: a Kubernetes ConfigMap holding
                             it under the key 10-containerd-net.conflist
  --configmap-name NAME      ConfigMap name for --format yaml (default cni-config)
  --namespace NS             ConfigMap namespace for --format yaml (default kube-system)
  -o, --output FILE          write to FILE (atomically) instead of stdout
  --force                    with -o, replace FILE if it exists
  -h, --help                 show this help

Warnings go to stderr; stdout holds only the generated document.

Exit codes:
  0  generated
  2  usage error, an invalid value, a cniVersion the chain or runtime rejects, or FILE exists
     (without --force) or cannot be written
`;
}

interface Parsed {
  readonly generate: GenerateOptions;
  readonly format: 'json' | 'yaml';
  readonly configMap: { readonly name?: string; readonly namespace?: string };
  readonly output: string | undefined;
  readonly force: boolean;
}

function parse(args: readonly string[]): Parsed | { help: true } | string {
  const result = parseOptions({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        name: { type: 'string' },
        bridge: { type: 'string' },
        subnet: { type: 'string', multiple: true },
        'cni-version': { type: 'string' },
        runtime: { type: 'string' },
        plugin: { type: 'string', multiple: true },
        mtu: { type: 'string' },
        'no-portmap': { type: 'boolean' },
        firewall: { type: 'boolean' },
        tuning: { type: 'boolean' },
        output: { type: 'string', short: 'o' },
        force: { type: 'boolean' },
        format: { type: 'string' },
        'configmap-name': { type: 'string' },
        namespace: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  if ('problem' in result) return result.problem;
  const { parsed } = result;
  const v = parsed.values;
  if (v.help) return { help: true };
  const [template, ...extra] = parsed.positionals;
  if (template === undefined) return `generate needs a template: ${TEMPLATES.join(', ')}`;
  if (!(TEMPLATES as readonly string[]).includes(template)) return `unknown template "${template}" (templates: ${TEMPLATES.join(', ')})`;
  if (extra.length > 0) return `unexpected argument "${extra[0]}"`;

  const format = v.format ?? 'json';
  if (format !== 'json' && format !== 'yaml') return `--format must be json or yaml, got "${format}"`;
  if (format !== 'yaml') {
    if (v['configmap-name'] !== undefined) return '--configmap-name applies only to --format yaml';
    if (v.namespace !== undefined) return '--namespace applies only to --format yaml';
  }
  if (v.force && v.output === undefined) return '--force applies only with -o FILE';
  if (v.output === '') return '-o needs a file name';
  const version = v['cni-version'];
  if (version !== undefined && !isSpecVersion(version)) return `--cni-version "${version}" is not a released CNI spec version`;
  let mtu: number | undefined;
  if (v.mtu !== undefined) {
    mtu = /^\d{1,6}$/.test(v.mtu) ? Number(v.mtu) : NaN;
    if (!(mtu >= MTU_MIN && mtu <= MTU_MAX)) return `--mtu "${v.mtu}" must be a whole number from ${MTU_MIN} to ${MTU_MAX}`;
  }
  const facts = parsePluginFlags(v.plugin ?? []);
  if (typeof facts === 'string') return facts;

  return {
    generate: {
      ...(v.name === undefined ? {} : { name: v.name }),
      ...(v.bridge === undefined ? {} : { bridge: v.bridge }),
      ...(v.subnet === undefined ? {} : { subnets: v.subnet }),
      ...(version === undefined ? {} : { cniVersion: version }),
      ...(v.runtime === undefined ? {} : { runtime: v.runtime }),
      ...(mtu === undefined ? {} : { mtu }),
      plugins: facts,
      portmap: !v['no-portmap'],
      firewall: v.firewall ?? false,
      tuning: v.tuning ?? false,
    },
    format,
    configMap: {
      ...(v['configmap-name'] === undefined ? {} : { name: v['configmap-name'] }),
      ...(v.namespace === undefined ? {} : { namespace: v.namespace }),
    },
    output: v.output,
    force: v.force ?? false,
  };
}

/**
 * Runs `cni-migrate generate` with the arguments after `generate`. The document goes to stdout
 * (or -o FILE); warnings and errors to stderr.
 */
export async function runGenerate(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    io.stderr.write(`cni-migrate: ${printable(parsed)}\nRun 'cni-migrate generate --help' for usage.\n`);
    return EXIT.usage;
  }
  if ('help' in parsed) {
    io.stdout.write(generateHelpText());
    return EXIT.ok;
  }

  let document: string;
  let warnings: readonly string[];
  try {
    const result = generateContainerdBridge({ ...parsed.generate, say: CLI_VOCABULARY });
    warnings = result.warnings;
    document = parsed.format === 'yaml' ? renderConfigMap(result.text, parsed.configMap) : result.text;
  } catch (err) {
    if (!(err instanceof GenerateError)) throw err;
    io.stderr.write(`cni-migrate: ${printable(err.message)}\n`);
    return EXIT.usage;
  }
  for (const w of warnings) io.stderr.write(`cni-migrate: warning: ${printable(w)}\n`);

  if (parsed.output === undefined) {
    io.stdout.write(document);
    return EXIT.ok;
  }
  const path = resolvePath(io.cwd, parsed.output);
  try {
    await writeOutput(path, document, parsed.force);
  } catch (err) {
    const message = err instanceof OutputError ? err.message : `cannot write ${parsed.output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
    io.stderr.write(`cni-migrate: ${printable(message.replace(path, parsed.output))}\n`);
    return EXIT.usage;
  }
  return EXIT.ok;
}

class OutputError extends Error {
  override readonly name = 'OutputError';
}

/**
 * Writes a new file atomically: a temp file in the same folder, fsync, then a hard link to the
 * name, which fails rather than replace a file that appeared meanwhile. An existing file is
 * replaced only with `force`, through writeFileAtomic (mode, owner and symbolic link kept).
 */
export async function writeOutput(path: string, text: string, force: boolean): Promise<void> {
  const existing = await lstat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (existing) {
    if (existing.isDirectory()) throw new OutputError(`${path} is a directory; give a file name`);
    if (!force) throw new OutputError(`${path} exists; not overwritten (use --force to replace it)`);
    await writeFileAtomic(path, text, (await readRegular(path)).bytes);
    return;
  }
  const temp = await writeTempBeside(path, text, 0o644);
  try {
    try {
      await link(temp, path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new OutputError(`${path} appeared while it was being written; not overwritten`);
      // File systems without hard links: rename, having checked the name is still free.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
      if (await lstat(path).then(() => true, () => false)) throw new OutputError(`${path} appeared while it was being written; not overwritten`);
      await rename(temp, path);
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
