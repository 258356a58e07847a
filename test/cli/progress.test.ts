/** The progress line's timing and erasing, on a fake clock and a recording stream. */
import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/cli/progress.js';

function setup(enabled = true): { progress: Progress; writes: string[]; tick: (ms: number) => void } {
  let now = 1000;
  const writes: string[] = [];
  const progress = new Progress({ isTTY: true, write: (s: string) => writes.push(s) }, { enabled, delayMs: 500, intervalMs: 100, now: () => now });
  return { progress, writes, tick: (ms) => (now += ms) };
}

describe('Progress', () => {
  it('stays silent for a short scan, then redraws at most once per interval', () => {
    const { progress, writes, tick } = setup();
    progress.update(1, 0);
    tick(499);
    progress.update(2, 1);
    expect(writes).toEqual([]);
    tick(1);
    progress.update(3, 1);
    tick(50);
    progress.update(4, 2);
    tick(50);
    progress.update(5, 2);
    expect(writes).toEqual(['\r\x1b[Kcni-migrate: 3 files scanned, 1 CNI config…', '\r\x1b[Kcni-migrate: 5 files scanned, 2 CNI configs…']);
  });

  it('erases its line once before other output, and not when nothing is shown', () => {
    const { progress, writes, tick } = setup();
    const out: string[] = [];
    const guarded = progress.guard({ write: (s: string) => out.push(s) });
    guarded.write('a\n');
    expect(writes).toEqual([]);
    tick(600);
    progress.update(1, 1);
    guarded.write('b\n');
    guarded.write('c\n');
    expect(writes).toEqual(['\r\x1b[Kcni-migrate: 1 file scanned, 1 CNI config…', '\r\x1b[K']);
    expect(out).toEqual(['a\n', 'b\n', 'c\n']);
  });

  it('never writes when disabled', () => {
    const { progress, writes, tick } = setup(false);
    tick(10_000);
    progress.update(1, 1);
    progress.clear();
    expect(writes).toEqual([]);
  });

  it('is wanted only on a terminal outside CI', () => {
    expect(Progress.wanted({ isTTY: true, write: () => 0 }, {})).toBe(true);
    expect(Progress.wanted({ isTTY: false, write: () => 0 }, {})).toBe(false);
    expect(Progress.wanted({ isTTY: true, write: () => 0 }, { CI: 'true' })).toBe(false);
    expect(Progress.wanted({ isTTY: true, write: () => 0 }, { TERM: 'dumb' })).toBe(false);
  });
});
