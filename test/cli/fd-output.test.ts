/**
 * The CLI writes its output straight to file descriptors 1 and 2 (src/cli/fd-output.ts). Through
 * the real built CLI: a report of most of a megabyte arrives whole through a pipe read slowly, also when
 * the pipe is non-blocking (the writes that would block go through Node's stream instead); a
 * reader that goes away ends the run quietly; a terminal still gets colour, a pipe none.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

const bin = join(repoRoot, 'bin', 'cni-migrate.js');
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', CNI_MIGRATE_CODE_CACHE: 'off' };
const BIG = ['check', '--format', 'json', 'fixtures/upstream'];

/** Runs `command`, reading its stdout only after `delayMs` and then in small bites. */
function runSlowlyRead(command: string, args: readonly string[], delayMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.pause();
    setTimeout(() => {
      child.stdout.on('data', (d: Buffer) => {
        out.push(d);
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 1);
      });
      child.stdout.resume();
    }, delayMs);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: err }));
  });
}

describe('output written to the descriptors', () => {
  const whole = spawnSync(process.execPath, [bin, ...BIG], { cwd: repoRoot, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

  it('a report many times a pipe\'s buffer arrives whole through a pipe read late and slowly', async () => {
    expect(whole.stdout.length).toBeGreaterThan(8 * 65_536); // many times a pipe's buffer
    expect(() => JSON.parse(whole.stdout)).not.toThrow();
    const slow = await runSlowlyRead(process.execPath, [bin, ...BIG], 300);
    expect(slow).toEqual({ code: whole.status, stdout: whole.stdout, stderr: whole.stderr });
  }, 60_000);

  it('through a non-blocking pipe too: what the pipe refuses for now goes through Node\'s stream', async () => {
    // O_NONBLOCK on the pipe, as a parent process may leave it; the reader starts late, so the
    // pipe fills and the writes meet EAGAIN.
    const nonBlocking = `import fcntl, os, sys\nfcntl.fcntl(1, fcntl.F_SETFL, fcntl.fcntl(1, fcntl.F_GETFL) | os.O_NONBLOCK)\nos.execvp(sys.argv[1], sys.argv[1:])\n`;
    const r = await runSlowlyRead('python3', ['-c', nonBlocking, process.execPath, bin, ...BIG], 300);
    expect(r).toEqual({ code: whole.status, stdout: whole.stdout, stderr: whole.stderr });
  }, 60_000);

  it('a reader that goes away ends the run quietly', async () => {
    const r = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, [bin, ...BIG], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code, signal) => done({ code, signal, stderr: err }));
    });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  }, 60_000);

  it('a terminal gets colour, a pipe none', () => {
    const onTerminal = spawnSync('script', ['-qec', `"${process.execPath}" "${bin}" check fixtures/example/manifests`, '/dev/null'], { cwd: repoRoot, env, encoding: 'utf8' });
    expect(onTerminal.status, onTerminal.stderr).toBe(1);
    expect(onTerminal.stdout).toContain('\x1b[31merror');
    const piped = spawnSync(process.execPath, [bin, 'check', 'fixtures/example/manifests'], { cwd: repoRoot, env, encoding: 'utf8' });
    expect(piped.stdout).toContain('error');
    expect(piped.stdout).not.toContain('\x1b[');
  });
});
