/**
 * Measuring helpers for the benchmark: wall time of a child process (process.hrtime around
 * spawn → close), its peak RSS and CPU time (through rss-preload.mjs), and summary statistics.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PRELOAD = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'rss-preload.mjs')).href;
const rssDir = mkdtempSync(join(tmpdir(), 'cni-bench-rss-'));
let rssCount = 0;
process.on('exit', () => rmSync(rssDir, { recursive: true, force: true }));

export class CrashError extends Error {
  name = 'CrashError';
}

/**
 * Runs `node [--import rss-preload] ...args` in `cwd` (with `env` added to this process's) and returns
 * `{ ms, code, signal, rss (bytes or null), stdout (when captured), stderr tail }`.
 * `ok(code)` decides which exit codes are expected; anything else, or a signal, is a crash.
 */
export async function runNode(args, { cwd, rss = false, captureStdout = false, ok = (code) => code === 0, label = args.join(' '), env: extraEnv = {} } = {}) {
  const rssFile = rss ? join(rssDir, `${++rssCount}.txt`) : null;
  const argv = rss ? ['--import', PRELOAD, ...args] : args;
  // The CLI keeps its code cache in the benchmark's own directory (the first run of a task warms it).
  const env = { ...process.env, NO_COLOR: '1', CNI_MIGRATE_CODE_CACHE: join(rssDir, 'code-cache'), ...extraEnv, ...(rssFile ? { BENCH_RSS_FILE: rssFile } : {}) };
  delete env.NODE_OPTIONS;
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, argv, { cwd, env, stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'] });
  const out = [];
  let err = '';
  child.stdout?.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => {
    err = (err + d.toString()).slice(-4000);
  });
  const [code, signal] = await new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (c, s) => resolvePromise([c, s]));
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (signal || !ok(code)) {
    throw new CrashError(`${label}: ${signal ? `killed by ${signal}` : `exit code ${code}`} (in ${cwd})\n${err.trim().split('\n').slice(-15).join('\n')}`);
  }
  let peak = null;
  let cpu = null;
  if (rssFile) {
    try {
      [peak, cpu] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
    } catch {
      peak = null;
    }
  }
  return { ms, code, signal, rss: peak, cpu, stdout: captureStdout ? Buffer.concat(out).toString('utf8') : undefined, stderr: err };
}

/**
 * Runs each named task `runs` times, interleaved (a, b, c, a, b, c, ...), so slow phases of a
 * noisy machine hit every task alike. `tasks` is `{ name: () => Promise<{ms, rss}> }`.
 * Returns `{ name: [{ms, rss}, ...] }`.
 */
export async function interleave(tasks, runs, onProgress = () => {}) {
  const results = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, task] of Object.entries(tasks)) {
      results[name].push(await task());
      onProgress(name, i + 1, runs);
    }
  }
  return results;
}

/** `{ median, min, max, n }` of a list of numbers. */
export function stats(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return { median: null, min: null, max: null, n: 0 };
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1], n: v.length };
}

export const msOf = (samples) => stats(samples.map((s) => s.ms));
export const rssOf = (samples) => stats(samples.map((s) => s.rss));
export const cpuOf = (samples) => stats(samples.map((s) => s.cpu));

export function formatMs(ms) {
  if (ms === null) return 'n/a';
  if (ms >= 10000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(1)} ms`;
}

export function formatMB(bytes) {
  return bytes === null ? 'n/a' : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** "median (min–max)" for a stats object, with `fmt` for the numbers. */
export function formatStats(s, fmt = formatMs) {
  if (s.median === null) return 'n/a';
  return s.n > 1 ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : fmt(s.median);
}
