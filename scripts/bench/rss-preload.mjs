/**
 * Loaded with `node --import` into a measured child: on exit, writes the process's peak resident
 * set size in bytes (getrusage ru_maxrss, via process.resourceUsage().maxRSS, which is in KiB)
 * and its CPU time in ms (user + system) to the file named by BENCH_RSS_FILE, as `RSS CPU`. CPU
 * time barely moves when other jobs share the machine; wall time does. Passed as a node flag, not NODE_OPTIONS, so processes the
 * child starts do not inherit it.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const usage = process.resourceUsage();
      writeFileSync(file, `${usage.maxRSS * 1024} ${(usage.userCPUTime + usage.systemCPUTime) / 1000}`);
    } catch {
      // The harness reports a missing figure; never change the child's exit.
    }
  });
}
