/**
 * `--plugin` values (also the Ansible module's `plugins`): what a plugin accepts, or which release
 * a plugin or project is at. Parsing only; the facts are used by knowledge/plugin-support.ts.
 */
import type { SupportFact } from './plugin-support.js';
import { normalizeRelease } from './plugin-support.js';
import { isSpecVersion } from '../core/spec-versions.js';
import { CLI_VOCABULARY, type Vocabulary } from '../core/vocabulary.js';

/**
 * `--plugin TYPE=V1,V2` states what a plugin accepts; `--plugin NAME@RELEASE` states which
 * release a plugin type or a project (cni-plugins, calico, ...) is at. Several `@` forms may be
 * joined with commas.
 */
export function parsePluginFlags(
  flags: readonly string[],
  say: Vocabulary = CLI_VOCABULARY,
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
        return `${say.plugin(flag)}: list the spec versions ${type} accepts, e.g. ${type}=0.3.1,0.4.0,1.0.0${bad ? ` ("${bad}" is not one)` : ''}`;
      }
      supported[type] = { versions, source: { kind: 'flag', flag: say.plugin(flag) } };
      continue;
    }
    for (const part of flag.split(',')) {
      const at = part.indexOf('@');
      const name = part.slice(0, at).trim();
      const release = part.slice(at + 1).trim();
      if (at <= 0 || !release || normalizeRelease(release) === null) {
        return `${say.plugin(flag)}: use TYPE=VERSION,... (what a plugin accepts) or NAME@RELEASE (e.g. cni-plugins@1.1.1, calico@3.26.0)`;
      }
      releases[name] = release;
      releaseSources[name] = say.plugin(`${name}@${release}`);
    }
  }
  return { supported, releases, releaseSources };
}
