/**
 * The CLI's exit codes, and the one function that decides them. Kept free of imports, so every
 * command can use it without loading the rest of the CLI.
 */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

/** What a run found, for its exit code. */
export interface RunFacts {
  /** A planned edit failed its proof (a bug): exit 3. */
  readonly internalError: boolean;
  /** A file could not be read or written, or a path or option was unusable: exit 2. */
  readonly notProcessed: boolean;
  /** A finding or a change fails the run under --fail-on: exit 1. */
  readonly failing: boolean;
}

/** Unreadable input (2) and internal errors (3) are never masked by --fail-on. */
export function exitCode(facts: RunFacts): number {
  if (facts.internalError) return EXIT.internal;
  if (facts.notProcessed) return EXIT.usage;
  if (facts.failing) return EXIT.findings;
  return EXIT.ok;
}

/**
 * Whether a file's findings fail the run (exit 1) under --fail-on: error findings (and warnings
 * with `warning`), and for check and diff a change still to make; nothing with `never`.
 */
export function failsRun(
  findings: readonly { readonly severity: string }[],
  changed: boolean,
  options: {
    readonly failOn: 'error' | 'warning' | 'never';
    readonly command: 'check' | 'diff' | 'fix';
  },
): boolean {
  if (options.failOn === 'never') return false;
  if (changed && options.command !== 'fix') return true;
  return findings.some((d) => d.severity === 'error' || (options.failOn === 'warning' && d.severity === 'warning'));
}
