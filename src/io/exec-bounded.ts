/**
 * Runs a plugin binary the way both the probe and the chain runner need: no shell, the given
 * environment and stdin, a time limit and an output cap, and never a hang. Each run is the leader
 * of its own process group, and a timeout, an output flood or an interrupted CLI kills the whole
 * group: killing only the plugin would leave what it started (a shell wrapper's children, an
 * iptables call) running. Our ends of the pipes are closed too, in case something outside the
 * group still holds them.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { interruptedBy, onInterrupt } from './interrupt.js';

export interface BoundedRun {
  readonly stdout: string;
  /** Empty unless `captureStderr`. */
  readonly stderr: string;
  /** Null when the process was killed, or never started. */
  readonly code: number | null;
  /** Why there is no proper answer: it did not start, timed out, or said too much. */
  readonly failure?: string;
}

export interface BoundedOptions {
  readonly env: Readonly<Record<string, string>>;
  readonly stdin: string;
  readonly timeoutMs: number;
  /** Bytes of output (stdout and captured stderr together) before the process is abandoned. */
  readonly maxOutput: number;
  readonly captureStderr: boolean;
}

export async function execBounded(file: string, args: readonly string[], options: BoundedOptions): Promise<BoundedRun> {
  // Loaded here, not at start-up: most runs execute nothing (docs/benchmarks.md, figure 2).
  const { spawn } = await import('node:child_process');
  if (interruptedBy() !== null) return { stdout: '', stderr: '', code: null, failure: `not started: interrupted by ${interruptedBy()}` };
  return new Promise((resolve) => {
    let settled = false;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    const text = (b: Buffer[]): string => Buffer.concat(b).toString('utf8');
    let child: ChildProcessWithoutNullStreams | undefined;
    const killGroup = (): void => {
      if (child?.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL'); // the group is gone, or was never made; this one knows whether the plugin is still ours
      }
    };
    // Before the spawn: a signal that came between the spawn and this would meet no handler. One
    // that comes after it waits for this synchronous code to finish, by when `child` is set.
    const forget = onInterrupt(killGroup);
    try {
      child = spawn(file, [...args], { env: { ...options.env }, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    } catch (e) {
      forget();
      throw e;
    }
    const settle = (v: BoundedRun): void => {
      if (!settled) {
        settled = true;
        forget();
        resolve(v);
      }
    };
    const abandon = (failure: string): void => {
      killGroup();
      child.stdout.destroy();
      child.stderr.destroy();
      child.stdin.destroy();
      settle({ stdout: text(out), stderr: text(err), code: null, failure });
    };
    const timer = setTimeout(() => abandon(`no answer within ${options.timeoutMs} ms`), options.timeoutMs);
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxOutput) {
        clearTimeout(timer);
        abandon(`more than ${options.maxOutput} bytes of output`);
      } else into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    if (options.captureStderr) child.stderr.on('data', collect(err));
    else child.stderr.resume(); // read and dropped, so a chatty plugin never blocks on a full pipe
    child.on('error', (e) => {
      clearTimeout(timer);
      settle({ stdout: '', stderr: '', code: null, failure: e.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      settle({ stdout: text(out), stderr: text(err), code });
    });
    child.stdin.on('error', () => {
      /* a plugin that exits without reading stdin is judged by its reply */
    });
    child.stdin.end(options.stdin);
  });
}
