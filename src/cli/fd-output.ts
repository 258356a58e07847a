/**
 * Standard output and error, written straight to their file descriptors with fs.writeSync. On
 * POSIX Node's own process.stdout writes files, pipes and terminals synchronously too, but making
 * it loads Node's stream and socket machinery: 2–3 ms of a pre-commit run whose whole output is a
 * few lines. Should a descriptor refuse a write for now (EAGAIN: a non-blocking pipe that is
 * full), the rest of the output goes through Node's stream, which waits for the reader. A reader
 * that went away (EPIPE: `cni-migrate check | head`) ends the run quietly, as other CLI tools do.
 * Windows keeps Node's streams (its console wants them).
 */
import { fstatSync, statSync, writeSync } from 'node:fs';

export interface Output {
  write(chunk: string | Uint8Array): boolean;
  readonly isTTY: boolean;
}

/** process.stdout (fd 1) or process.stderr (fd 2), made only if a write cannot go straight to the descriptor. */
export function fdOutput(fd: 1 | 2, onClosed: () => never): Output {
  const stream = (): NodeJS.WriteStream => (fd === 1 ? process.stdout : process.stderr);
  if (process.platform === 'win32') return withClosedHandled(stream(), onClosed);
  let fallback: Output | null = null;
  let tty: boolean | undefined;
  return {
    get isTTY() {
      return (tty ??= isTerminal(fd));
    },
    write(chunk) {
      if (fallback) return fallback.write(chunk);
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let written = 0;
      while (written < bytes.length) {
        try {
          written += writeSync(fd, bytes, written, bytes.length - written);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EPIPE') onClosed();
          if (code !== 'EAGAIN') throw err;
          fallback = withClosedHandled(stream(), onClosed);
          return fallback.write(bytes.subarray(written));
        }
      }
      return true;
    },
  };
}

function withClosedHandled(stream: NodeJS.WriteStream, onClosed: () => never): Output {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') onClosed();
    throw err;
  });
  return stream;
}

/**
 * Whether a descriptor is a terminal, without loading `node:tty` (which loads `node:net`) for
 * what cannot be one: a file, a pipe, or /dev/null (where a hook's or a benchmark's output goes).
 */
function isTerminal(fd: number): boolean {
  let info;
  try {
    info = fstatSync(fd);
  } catch {
    return false;
  }
  if (!info.isCharacterDevice()) return false;
  const devNull = statSync('/dev/null', { throwIfNoEntry: false });
  if (devNull !== undefined && devNull.rdev === info.rdev) return false;
  return (require('node:tty') as typeof import('node:tty')).isatty(fd);
}
