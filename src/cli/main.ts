/** Process glue for the bin shim: real stdio, cwd and environment. */
import { exitOnInterrupt } from '../io/interrupt.js';
import { fdOutput } from './fd-output.js';
import { readBytes, readStream } from './stdin.js';
import { run } from './run.js';
import { keepYoungGenerationSmall } from './young-generation.js';

/** The package's version, written in by the build (scripts/build-cli.mjs) from package.json. */
declare const CNI_MIGRATE_VERSION: string;

export async function main(argv: readonly string[]): Promise<number> {
  // `cni-migrate check | head` closes the pipe early: stop quietly, as other CLI tools do.
  const closed = (): never => process.exit(process.exitCode ?? 0);
  const stdout = fdOutput(1, closed);
  const stderr = fdOutput(2, closed);
  // Interrupted while plugins run: kill their process groups (and, for verify, delete its namespaces) before exiting.
  exitOnInterrupt();
  try {
    // process.stdin is made on first use, and making it loads Node's stream machinery: only the
    // runs that read standard input ask for it.
    const stdin = {
      get isTTY() {
        return process.stdin.isTTY === true;
      },
      read: () => readStream(process.stdin)(),
      readBytes: () => readBytes(process.stdin)(),
    };
    return await run(argv, { cwd: process.cwd(), env: process.env, stdout, stderr, version: CNI_MIGRATE_VERSION, stdin, onWalk: keepYoungGenerationSmall });
  } catch (err) {
    stderr.write(`cni-migrate: internal error: ${(err as Error).stack ?? String(err)}\n`);
    return 3;
  }
}
