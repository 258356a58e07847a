/**
 * Stand-in CNI plugins for probe tests: tiny `#!/bin/sh` scripts written into a temp bin dir,
 * plus readers for what they record (environment, stdin, calls, child pids).
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Single-quotes a string for /bin/sh. */
export function sh(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Writes `#!/bin/sh` + body as `dir/name` with the given mode; returns its path. */
export function writeStandIn(dir: string, name: string, body: string, mode = 0o755): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body.trim()}\n`);
  chmodSync(path, mode);
  return path;
}

/** A shell line printing a VERSION reply that accepts `versions`. */
export function versionReply(versions: readonly string[]): string {
  return `printf '%s\\n' ${sh(JSON.stringify({ cniVersion: '1.0.0', supportedVersions: versions }))}`;
}

/** Parses `env` output (KEY=VALUE lines) into a record. */
export function readEnvRecord(path: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

/** How many lines a stand-in appended to its calls file (0 when it never ran). */
export function callCount(path: string): number {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).length : 0;
}

/** Pids a stand-in appended to a file (background children it started). */
export function recordedPids(path: string): number[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** Whether `pid` is still a live process running `command` (guards against pid reuse). */
export function isRunning(pid: number, command: string): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) S ...`: a zombie (Z) has exited.
    const m = /^\d+ \((.*)\) (\S)/.exec(state);
    return m !== null && m[1] === command && m[2] !== 'Z';
  } catch {
    return false;
  }
}

/** Kills the recorded children that are still running `command` (only those this test started). */
export function killRecorded(pidFile: string, command: string): void {
  for (const pid of recordedPids(pidFile)) {
    if (!isRunning(pid, command)) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
