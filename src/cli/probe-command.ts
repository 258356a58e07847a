/**
 * `cni-migrate probe`: asks every plugin binary in a directory which spec versions it accepts
 * (CNI_COMMAND=VERSION, as libcni does) and, for a runtime, whether each accepts the newest
 * config version that runtime executes and, for containerd, the cniVersion of its built-in
 * loopback network. Reads nothing but the directory and runs nothing but its executables.
 */
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compat } from '../knowledge/data/compat.js';
import { satisfiesRelease } from '../knowledge/release-range.js';
import type { PendingDiagnostic } from '../core/diagnostics.js';
import { describeRuntimeError, resolveRuntime, RuntimeSpecError } from '../knowledge/runtime.js';
import { DEFAULT_PROBE_TIMEOUT_MS, probePlugins } from '../io/probe.js';
import { formatDiagnostic } from '../render/messages.js';
import { printable } from '../render/terminal.js';
import { describeVersions } from '../core/spec-versions.js';
import type { RuntimeTarget } from '../core/types.js';
import type { ProbeCommandOptions } from './args.js';
import type { CliIO } from './run.js';
import { EXIT } from './exit-codes.js';


export interface ProbedPlugin {
  readonly type: string;
  readonly binary: string;
  /** What the binary answered, in its order; null when the probe failed. */
  readonly supportedVersions: readonly string[] | null;
  readonly problem: { readonly code: string; readonly message: string } | null;
  /** Whether it accepts the runtime's newest config version; null without --runtime or when the probe failed. */
  readonly acceptsRuntimeMax: boolean | null;
}

export interface ProbeReport {
  readonly binDir: string;
  readonly runtime: {
    readonly name: string;
    readonly version: string;
    readonly maxConfigVersion: string;
    /** containerd's built-in loopback network's cniVersion; null for CRI-O or when unknown. */
    readonly loopbackConfigVersion: string | null;
  } | null;
  readonly plugins: readonly ProbedPlugin[];
  /** For containerd: whether the loopback binary here accepts its loopback network's cniVersion. */
  readonly loopback: { readonly configVersion: string; readonly present: boolean; readonly accepts: boolean | null } | null;
}

export async function runProbe(options: ProbeCommandOptions, io: CliIO): Promise<number> {
  let runtime: RuntimeTarget | null = null;
  if (options.runtime !== undefined) {
    try {
      runtime = resolveRuntime(options.runtime);
    } catch (err) {
      if (!(err instanceof RuntimeSpecError)) throw err;
      io.stderr.write(`cni-migrate: ${printable(describeRuntimeError(err))}\n`);
      return EXIT.usage;
    }
  }
  let names: string[];
  try {
    names = await executablesIn(options.binDir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    io.stderr.write(`cni-migrate: ${printable(`cannot read --bin-dir ${options.binDir}: ${code}`)}\n`);
    return EXIT.usage;
  }
  const probed = await probePlugins(options.binDir, names, { timeoutMs: options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS });
  const report = buildReport(options.binDir, runtime, names, probed);
  io.stdout.write(options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderProbeText(report));
  return EXIT.ok;
}

/** Executable regular files (symbolic links followed) in `dir`, sorted by name. Throws if `dir` cannot be read. */
async function executablesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir);
  const found: string[] = [];
  for (const name of entries) {
    const path = join(dir, name);
    try {
      if (!(await stat(path)).isFile()) continue;
      await access(path, constants.X_OK);
    } catch {
      continue;
    }
    found.push(name);
  }
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** containerd's built-in loopback network version, from the data row the runtime's release falls in. */
function loopbackConfigVersionOf(runtime: RuntimeTarget): string | null {
  if (runtime.name !== 'containerd') return null;
  const row = compat.runtimes.containerd.find((r) => satisfiesRelease(runtime.version, r.releases));
  return row?.loopbackConfigVersion ?? null;
}

export function buildReport(
  binDir: string,
  runtime: RuntimeTarget | null,
  names: readonly string[],
  probed: { supported: Record<string, { versions: readonly string[] }>; problems: Record<string, PendingDiagnostic[]> },
): ProbeReport {
  const plugins = names.map((type): ProbedPlugin => {
    const fact = probed.supported[type];
    const problem = probed.problems[type]?.[0];
    return {
      type,
      binary: join(binDir, type),
      supportedVersions: fact ? [...fact.versions] : null,
      problem: problem ? { code: problem.code, message: formatDiagnostic(problem) } : null,
      acceptsRuntimeMax: runtime && fact ? fact.versions.includes(runtime.maxConfigVersion) : null,
    };
  });
  const loopbackVersion = runtime ? loopbackConfigVersionOf(runtime) : null;
  const loopbackPlugin = plugins.find((p) => p.type === 'loopback');
  return {
    binDir,
    runtime: runtime
      ? { name: runtime.name, version: runtime.version, maxConfigVersion: runtime.maxConfigVersion, loopbackConfigVersion: loopbackVersion }
      : null,
    plugins,
    loopback:
      loopbackVersion === null
        ? null
        : {
            configVersion: loopbackVersion,
            present: loopbackPlugin !== undefined,
            accepts: loopbackPlugin?.supportedVersions ? loopbackPlugin.supportedVersions.includes(loopbackVersion) : null,
          },
  };
}

export function renderProbeText(report: ProbeReport): string {
  const lines: string[] = [];
  const rt = report.runtime;
  if (report.plugins.length === 0) {
    lines.push(`no executable files in ${report.binDir}`);
  } else {
    const header = ['PLUGIN', ...(rt ? [`ACCEPTS ${rt.maxConfigVersion}`] : []), 'SUPPORTED VERSIONS'];
    // Cells escaped before the columns are measured: file names and replies come from the bin dir.
    const rows = report.plugins.map((p) =>
      [
        p.type,
        ...(rt ? [p.acceptsRuntimeMax === null ? '?' : p.acceptsRuntimeMax ? 'yes' : 'no'] : []),
        p.supportedVersions ? describeVersions(p.supportedVersions) : `${p.problem?.code ?? 'PROBE_FAILED'}: ${p.problem?.message ?? 'no answer'}`,
      ].map(printable),
    );
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const row = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
    lines.push(row(header), ...rows.map(row));
  }
  lines.push('');
  const failed = report.plugins.filter((p) => p.problem !== null).length;
  lines.push(`${report.plugins.length} plugin${report.plugins.length === 1 ? '' : 's'} in ${report.binDir}, ${failed} probe${failed === 1 ? '' : 's'} failed`);
  if (rt) {
    const rejecting = report.plugins.filter((p) => p.acceptsRuntimeMax === false).map((p) => p.type);
    lines.push(
      `${rt.name} ${rt.version} executes configs up to ${rt.maxConfigVersion}; ${
        rejecting.length ? `rejected by ${rejecting.join(', ')}` : 'every plugin that answered accepts it'
      }`,
    );
  }
  const lo = report.loopback;
  if (rt && lo) {
    const subject = `${rt.name} ${rt.version} runs its built-in loopback network with cniVersion "${lo.configVersion}"`;
    if (!lo.present) lines.push(`${subject}, but there is no loopback binary in ${report.binDir}`);
    else if (lo.accepts === null) lines.push(`${subject}; the loopback binary did not answer, so whether it accepts it is not known`);
    else lines.push(`${subject}: the loopback binary ${lo.accepts ? 'accepts it' : 'rejects it, so every pod sandbox would fail to start'}`);
  }
  return `${lines.map(printable).join('\n')}\n`;
}
