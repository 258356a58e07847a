/**
 * A lock on one file's write, held by every cni-migrate process for the read-compare-rename
 * window: a lock file beside the target (`.<name>.cni-migrate.lock`, created with O_EXCL) that
 * names its holder. Without it, two runs that both read the original could both compare it
 * unchanged and both rename over it, and the first would report a write the second undid.
 *
 * A lock whose holder is gone (a run killed mid-write) is taken over: same host, and no process
 * with its pid. One whose holder cannot be told dead is waited for, then reported.
 */
import { constants } from 'node:fs';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** How long a run waits for another to finish writing a file (it holds the lock for milliseconds). */
const WAIT_MS = 3000;
/** A lock file without a holder's name (its writer killed between create and write) counts as stale after this. */
const NAMELESS_STALE_MS = 10_000;

export class LockError extends Error {
  override readonly name = 'LockError';
}

export function lockPathOf(target: string): string {
  return join(dirname(target), `.${basename(target)}.cni-migrate.lock`);
}

/** Takes the lock on `target`'s write; resolves to its release. Throws LockError when another process keeps it. */
export async function lockFile(target: string): Promise<() => Promise<void>> {
  const path = lockPathOf(target);
  const { randomBytes } = await import('node:crypto');
  const token = `${process.pid} ${hostname()} ${randomBytes(6).toString('hex')}\n`;
  const deadline = Date.now() + WAIT_MS;
  for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
    if (await create(path, token)) return () => release(path, token);
    const held = await readFile(path, 'utf8').catch(() => null);
    if (held === null) continue; // released meanwhile
    if (await isStale(path, held)) {
      await breakStale(path, held);
      continue;
    }
    if (Date.now() > deadline) {
      const pid = held.split(' ')[0] || 'unknown';
      throw new LockError(`another process is writing it (its lock ${basename(path)} is held by pid ${pid}; if no cni-migrate runs, remove that file)`);
    }
    await new Promise((done) => setTimeout(done, pause));
  }
}

async function create(path: string, token: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    await handle.writeFile(token);
  } finally {
    await handle.close();
  }
  return true;
}

async function isStale(path: string, held: string): Promise<boolean> {
  const [pid, host] = held.trim().split(' ');
  if (!pid || !host) return Date.now() - ((await stat(path).catch(() => null))?.mtimeMs ?? Date.now()) > NAMELESS_STALE_MS;
  if (host !== hostname() || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes a stale lock, and only that one: it is moved aside first and removed if it is still
 * the stale holder's; a fresh lock another process took meanwhile is put back.
 */
async function breakStale(path: string, held: string): Promise<void> {
  const { randomBytes } = await import('node:crypto');
  const aside = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.stale`;
  try {
    await rename(path, aside);
  } catch {
    return; // gone already: someone else broke or released it
  }
  const moved = await readFile(aside, 'utf8').catch(() => held);
  if (moved !== held) {
    const { link } = await import('node:fs/promises');
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

async function release(path: string, token: string): Promise<void> {
  // Only our own: a lock judged stale and taken over (never ours while we run) is not removed.
  if ((await readFile(path, 'utf8').catch(() => null)) === token) await unlink(path).catch(() => undefined);
}
