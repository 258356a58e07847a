/**
 * A one-line progress counter on stderr for long scans. Only on a terminal, and only once a scan
 * has run for a while, so short runs, pipes, CI logs and pre-commit output never see it. Any
 * other output first erases the line, so the two never mix.
 */
export interface ProgressStream {
  write(s: string): unknown;
  readonly isTTY?: boolean | undefined;
}

export interface ProgressOptions {
  readonly enabled: boolean;
  /** Nothing is shown before this much time has passed. */
  readonly delayMs?: number;
  /** The line is redrawn at most this often. */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

const ERASE_LINE = '\r\x1b[K';

export class Progress {
  private readonly start: number;
  private last = -Infinity;
  private shown = false;
  private readonly now: () => number;

  constructor(
    private readonly stream: ProgressStream,
    private readonly options: ProgressOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.start = this.now();
  }

  /** Whether a terminal run should show progress: stderr is a terminal and this is not CI. */
  static wanted(stderr: ProgressStream, env: Readonly<Record<string, string | undefined>>): boolean {
    return stderr.isTTY === true && !env.CI && env.TERM !== 'dumb';
  }

  update(scanned: number, cniFiles: number): void {
    if (!this.options.enabled) return;
    const t = this.now();
    if (t - this.start < (this.options.delayMs ?? 500) || t - this.last < (this.options.intervalMs ?? 100)) return;
    this.last = t;
    this.shown = true;
    this.stream.write(`${ERASE_LINE}cni-migrate: ${scanned} file${scanned === 1 ? '' : 's'} scanned, ${cniFiles} CNI config${cniFiles === 1 ? '' : 's'}…`);
  }

  clear(): void {
    if (!this.shown) return;
    this.shown = false;
    this.stream.write(ERASE_LINE);
  }

  /** A stream whose every write first erases the progress line. */
  guard(stream: ProgressStream): ProgressStream {
    return {
      isTTY: stream.isTTY,
      write: (s: string) => {
        this.clear();
        return stream.write(s);
      },
    };
  }
}
