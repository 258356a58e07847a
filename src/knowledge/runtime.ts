/**
 * Maps `containerd@1.6.4` / `cri-o@1.24.0` to the runtime's libcni facts.
 * Reference: cni-compat.json runtimes.containerd / runtimes["cri-o"] (vendored libcni per tag).
 */
import * as semver from './semver-functions.js';
import { compat, type CompatData } from './data/compat.js';
import { coercedRelease, releaseAtLeast, satisfiesRelease } from './release-range.js';
import type { RuntimeTarget } from '../core/types.js';
import { CLI_VOCABULARY, type Vocabulary } from '../core/vocabulary.js';

/** containerd 1.6.4 is the first containerd 1.6 without the empty-cniVersion teardown bug. */
export const DEFAULT_RUNTIME = 'containerd@1.6.4';

const RUNTIME_NAMES = { containerd: 'containerd', 'cri-o': 'cri-o', crio: 'cri-o' } as const;

/** Thrown for a runtime spec the data cannot answer; the CLI turns it into a usage error. */
/**
 * A runtime that cannot be used. `setting` is true when the value itself is malformed: the message
 * then reads after the setting's name, which each front end says in its own words (`--runtime`,
 * `runtime`): see `describeRuntimeError`.
 */
export class RuntimeSpecError extends Error {
  override readonly name = 'RuntimeSpecError';
  constructor(
    message: string,
    readonly setting = false,
  ) {
    super(message);
  }
}

/** The error as a front end says it: `--runtime must be …` for the CLI, `runtime must be …` for Ansible. */
export function describeRuntimeError(err: RuntimeSpecError, say: Vocabulary = CLI_VOCABULARY): string {
  return err.setting ? `${say.runtime()} ${err.message}` : err.message;
}

export function resolveRuntime(spec: string, data: CompatData = compat): RuntimeTarget {
  const match = /^([a-z-]+)@v?(\d+\.\d+(?:\.\d+)?)$/.exec(spec.trim());
  const name = match ? RUNTIME_NAMES[match[1] as keyof typeof RUNTIME_NAMES] : undefined;
  if (!match || !name) {
    throw new RuntimeSpecError(`must be containerd@X.Y.Z or cri-o@X.Y.Z, got "${spec}"`, true);
  }
  const version = coercedRelease(match[2]!)!;
  const rows = data.runtimes[name];
  const row = rows.find((r) => satisfiesRelease(version, r.releases));
  if (!row) {
    const known = rows.map((r) => r.releases).join(', ');
    throw new RuntimeSpecError(`no compatibility data for ${name} ${version} (known: ${known})`);
  }
  return {
    name,
    version,
    libcni: row.libcni,
    maxConfigVersion: row.maxConfigVersion,
    emptyCniVersionDelBug: row.emptyCniVersionDelBug,
    ...(row.loopbackConfigVersion === undefined ? {} : { loopbackConfigVersion: row.loopbackConfigVersion }),
    references: row.source,
  };
}

/** The runtimes a plan is judged against, oldest first; absent `runtimes` means `[runtime]`. */
export function runtimesOf(context: { readonly runtime: RuntimeTarget; readonly runtimes?: readonly RuntimeTarget[] | undefined }): readonly RuntimeTarget[] {
  return context.runtimes && context.runtimes.length > 0 ? context.runtimes : [context.runtime];
}

/** `containerd 1.7.27`, as messages name a runtime. */
export function runtimeLabel(runtime: RuntimeTarget): string {
  return `${runtime.name} ${runtime.version}`;
}

/**
 * A fleet's runtimes, each once, oldest first: by the newest config version its libcni executes,
 * then by libcni, then by name and release. The first one bounds the version every node accepts.
 */
export function fleetOrder(runtimes: readonly RuntimeTarget[]): RuntimeTarget[] {
  const seen = new Map<string, RuntimeTarget>();
  for (const r of runtimes) if (!seen.has(runtimeLabel(r))) seen.set(runtimeLabel(r), r);
  const ver = (v: string): string => semver.coerce(v)?.version ?? '0.0.0';
  return [...seen.values()].sort(
    (a, b) =>
      semver.compare(ver(a.maxConfigVersion), ver(b.maxConfigVersion)) ||
      semver.compare(ver(a.libcni), ver(b.libcni)) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      semver.compare(ver(a.version), ver(b.version)),
  );
}

/**
 * Whether the runtime's libcni reads a list's `cniVersions`: v1.2.0 and later, exactly the libcni
 * releases whose newest config version is 1.1.0. Reference: cni-compat.md §1 "`cniVersions`".
 */
export function honoursCniVersions(runtime: RuntimeTarget): boolean {
  return releaseAtLeast(coercedRelease(runtime.maxConfigVersion) ?? '0.0.0', '1.1.0');
}
