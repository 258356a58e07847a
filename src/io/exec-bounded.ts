/**
 * Runs a plugin binary the way both the probe and the chain runner need: no shell, the given
 * environment and stdin, a time limit and an output cap, and never a hang. Killing the plugin is
 * not enough on a timeout: a child it started (a shell wrapper's) may hold the pipes open, which
 * would keep this process alive or reading, so our ends are closed too.
 */
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
  return new Promise((resolve) => {
    let settled = false;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    const settle = (v: BoundedRun): void => {
      if (!settled) {
        settled = true;
        resolve(v);
      }
    };
    const text = (b: Buffer[]): string => Buffer.concat(b).toString('utf8');
    const child = spawn(file, [...args], { env: { ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const abandon = (failure: string): void => {
      child.kill('SIGKILL');
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
