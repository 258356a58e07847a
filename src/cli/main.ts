/** Process glue for the bin shim: real stdio, cwd and environment. */
import { readFileSync } from 'node:fs';
import { exitOnInterrupt } from '../io/interrupt.js';
import { readBytes, readStream } from './stdin.js';
import { run } from './run.js';

export async function main(argv: readonly string[]): Promise<number> {
  // `cni-migrate check | head` closes the pipe early: stop quietly, as other CLI tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  // Interrupted while plugins run: kill their process groups (and, for verify, delete its namespaces) before exiting.
  exitOnInterrupt();
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  try {
    const stdin = { isTTY: process.stdin.isTTY === true, read: readStream(process.stdin), readBytes: readBytes(process.stdin) };
    return await run(argv, { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr, version: pkg.version, stdin });
  } catch (err) {
    process.stderr.write(`cni-migrate: internal error: ${(err as Error).stack ?? String(err)}\n`);
    return 3;
  }
}
