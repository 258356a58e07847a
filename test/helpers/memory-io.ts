/** A CliIO whose stdout and stderr are strings, for running CLI commands in process. */
import type { CliIO } from '../../src/cli/run.js';

export function memoryIO(cwd = '/'): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    cwd,
    env: {},
    version: '0.0.0-test',
    stdout: { write: (s: string | Uint8Array) => (out += String(s)), isTTY: false },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    out: () => out,
    err: () => err,
  };
}
