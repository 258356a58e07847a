/**
 * What a runtime listing a config directory would make of one processed file: the entry the
 * load-order analysis (src/core/load-order.ts) takes. Shared by the CLI's report and the Ansible module.
 */
import { posix } from 'node:path';
import { TEMPLATE_SYNTAX, type LoadEntry } from '../core/load-order.js';
import type { FoundFile } from './files.js';
import type { Outcome } from './process-file.js';

/**
 * `predictWrite`: judge a changed file as it will be once written (the Ansible module's check
 * mode); otherwise as it is now, or as written when it was. Null for files no runtime lists, for
 * manifests, and for files we could not read or write (that says nothing of what the runtime,
 * as root, would load) unless their bytes are no config at all.
 */
export function loadEntryFor(file: FoundFile, outcome: Outcome, { predictWrite = false } = {}): LoadEntry | null {
  const name = posix.basename(file.display);
  if (!/\.(conf|conflist|json)$/.test(name)) return null;
  switch (outcome.kind) {
    case 'not-mine':
      return { name, path: file.display, cni: false, networkName: null, errors: [] };
    case 'unreadable':
      return outcome.undecodable ? { name, path: file.display, cni: true, networkName: null, errors: ['JSON_PARSE_ERROR'] } : null;
    case 'planned': {
      if (outcome.plan.format === 'k8s-json') return null; // a manifest, not something a runtime loads
      const findings = outcome.written || predictWrite ? outcome.plan.remaining : outcome.plan.diagnostics;
      return {
        name,
        path: file.display,
        cni: true,
        networkName: outcome.plan.networks[0]?.name ?? null,
        // Template syntax outside strings is no JSON to a runtime reading the file as it is.
        errors: findings.filter((d) => d.severity === 'error' || TEMPLATE_SYNTAX.has(d.code)).map((d) => d.code),
      };
    }
  }
}
