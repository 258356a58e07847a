/**
 * Maps `containerd@1.6.4` / `cri-o@1.24.0` to the runtime's libcni facts.
 * Reference: cni-compat.json runtimes.containerd / runtimes["cri-o"] (vendored libcni per tag).
 */
import semver from 'semver';
import { compat, type CompatData } from './data/compat.js';
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
  const version = semver.coerce(match[2])!.version;
  const rows = data.runtimes[name];
  const row = rows.find((r) => semver.satisfies(version, r.releases));
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
