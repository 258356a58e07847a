/**
 * A directory walk makes ~12 KB of short-lived garbage a file (texts, syntax trees, plans), and
 * V8 answers a process that allocates fast by doubling its young generation, up to two 16 MB
 * semi-spaces: the peak resident memory of a 20,000-file scan follows (10–25 MB of it,
 * docs/benchmarks.md). Kept at the size it has when the walk starts, the young generation is
 * collected more often, each time cheaply, since nearly all of it is dead by then.
 *
 * V8 fixes the semi-spaces' largest size when Node starts, but reads the growth factor whenever it
 * grows them, so a running process can set that one. Process glue for the CLI only (main.ts): a
 * library caller's process is left as it is.
 */

/**
 * V8's major versions on which the flag was measured to do this (Node 20, 22 and 24). V8 prints
 * an error on standard error for a flag it does not know, so a later V8 is left alone until measured.
 */
const MEASURED_V8_MAJORS: ReadonlySet<number> = new Set([11, 12, 13]);

const FLAG = '--semi-space-growth-factor=1';

/**
 * The V8 flag that keeps the young generation at its size, or null: on an unmeasured V8, or when
 * the user sized the young generation (node's own flags or NODE_OPTIONS), which is left as asked.
 */
export function youngGenerationFlag(v8Version: string, execArgv: readonly string[], nodeOptions: string | undefined): string | null {
  const major = Number(/^(\d+)\./.exec(v8Version)?.[1]);
  if (!MEASURED_V8_MAJORS.has(major)) return null;
  const asked = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  return asked.some((arg) => /semi[-_]space/.test(arg)) ? null : FLAG;
}

/**
 * Once a run starts walking a directory: see the module's comment. `node:v8` loads several of
 * Node's internal modules, so it is loaded here, not at start (a pre-commit hook's check of one
 * file never walks); the flag is set a moment later, early in the walk.
 */
export function keepYoungGenerationSmall(): void {
  const flag = youngGenerationFlag(process.versions.v8, process.execArgv, process.env['NODE_OPTIONS']);
  if (flag !== null) void import('node:v8').then((v8) => v8.setFlagsFromString(flag));
}
