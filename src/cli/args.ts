/**
 * Command-line parsing: argv → a typed command, or a usage error with a message. No I/O.
 */
import { parseArgs } from 'node:util';
import type { SupportFact } from '../knowledge/plugin-support.js';
import { normalizeRelease } from '../knowledge/plugin-support.js';
import { isSpecVersion } from '../spec-versions.js';

export type CommandName = 'check' | 'diff' | 'fix';

export interface CommandOptions {
  readonly command: CommandName;
  readonly paths: readonly string[];
  readonly runtime: string | undefined;
  readonly targetVersion: string | undefined;
  readonly binDir: string | undefined;
  readonly probeTimeoutMs: number | undefined;
  readonly supported: Readonly<Record<string, SupportFact>>;
  readonly releases: Readonly<Record<string, string>>;
  readonly releaseSources: Readonly<Record<string, string>>;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly noIgnore: boolean;
  readonly format: 'text' | 'json';
  readonly color: boolean | undefined;
  readonly quiet: boolean;
}

export type ParsedArgs =
  | { readonly kind: 'run'; readonly options: CommandOptions }
  | { readonly kind: 'help'; readonly command: CommandName | null }
  | { readonly kind: 'version' }
  | { readonly kind: 'usage-error'; readonly message: string; readonly command: CommandName | null };

const COMMANDS: readonly CommandName[] = ['check', 'diff', 'fix'];

export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    return { kind: 'help', command: COMMANDS.includes(topic as CommandName) ? (topic as CommandName) : null };
  }
  if (first === '-V' || first === '--version') return { kind: 'version' };
  if (!COMMANDS.includes(first as CommandName)) {
    return { kind: 'usage-error', message: `unknown command "${first}" (commands: ${COMMANDS.join(', ')})`, command: null };
  }
  const command = first as CommandName;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        runtime: { type: 'string' },
        'target-version': { type: 'string' },
        'bin-dir': { type: 'string' },
        'probe-timeout': { type: 'string' },
        plugin: { type: 'string', multiple: true },
        include: { type: 'string', multiple: true },
        exclude: { type: 'string', multiple: true },
        'no-ignore': { type: 'boolean' },
        format: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return { kind: 'usage-error', message: (err as Error).message, command };
  }
  const v = parsed.values;
  if (v.help) return { kind: 'help', command };
  const error = (message: string): ParsedArgs => ({ kind: 'usage-error', message, command });

  const format = v.format ?? 'text';
  if (format !== 'text' && format !== 'json') return error(`--format must be text or json, got "${format}"`);
  const target = v['target-version'];
  if (target !== undefined && !isSpecVersion(target)) return error(`--target-version "${target}" is not a released CNI spec version`);
  let probeTimeoutMs: number | undefined;
  if (v['probe-timeout'] !== undefined) {
    probeTimeoutMs = Number(v['probe-timeout']);
    if (!Number.isInteger(probeTimeoutMs) || probeTimeoutMs <= 0) return error('--probe-timeout takes a whole number of milliseconds');
  }
  const facts = parsePluginFlags(v.plugin ?? []);
  if (typeof facts === 'string') return error(facts);

  return {
    kind: 'run',
    options: {
      command,
      paths: parsed.positionals,
      runtime: v.runtime,
      targetVersion: target,
      binDir: v['bin-dir'],
      probeTimeoutMs,
      supported: facts.supported,
      releases: facts.releases,
      releaseSources: facts.releaseSources,
      include: v.include ?? [],
      exclude: v.exclude ?? [],
      noIgnore: v['no-ignore'] ?? false,
      format,
      color: v['no-color'] ? false : v.color,
      quiet: v.quiet ?? false,
    },
  };
}

/**
 * `--plugin TYPE=V1,V2` states what a plugin accepts; `--plugin NAME@RELEASE` states which
 * release a plugin type or a project (cni-plugins, calico, ...) is at. Several `@` forms may be
 * joined with commas.
 */
export function parsePluginFlags(
  flags: readonly string[],
): { supported: Record<string, SupportFact>; releases: Record<string, string>; releaseSources: Record<string, string> } | string {
  const supported: Record<string, SupportFact> = {};
  const releases: Record<string, string> = {};
  const releaseSources: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq > 0) {
      const type = flag.slice(0, eq);
      const versions = flag.slice(eq + 1).split(',').map((s) => s.trim()).filter(Boolean);
      const bad = versions.find((x) => !isSpecVersion(x));
      if (versions.length === 0 || bad !== undefined) {
        return `--plugin ${flag}: list the spec versions ${type} accepts, e.g. ${type}=0.3.1,0.4.0,1.0.0${bad ? ` ("${bad}" is not one)` : ''}`;
      }
      supported[type] = { versions, source: { kind: 'flag', flag: `--plugin ${flag}` } };
      continue;
    }
    for (const part of flag.split(',')) {
      const at = part.indexOf('@');
      const name = part.slice(0, at).trim();
      const release = part.slice(at + 1).trim();
      if (at <= 0 || !release || normalizeRelease(release) === null) {
        return `--plugin ${flag}: use TYPE=VERSION,... (what a plugin accepts) or NAME@RELEASE (e.g. cni-plugins@1.1.1, calico@3.26.0)`;
      }
      releases[name] = release;
      releaseSources[name] = `--plugin ${name}@${release}`;
    }
  }
  return { supported, releases, releaseSources };
}
