/** Node has no mkfifo; the coreutils command makes one for the FIFO case. */
import { execFileSync } from 'node:child_process';

export function mkfifoSync(path: string): void {
  execFileSync('mkfifo', [path]);
}
