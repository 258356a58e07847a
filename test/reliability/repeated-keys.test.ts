/**
 * Work per file is linear in its size: a config with a hundred thousand repeated keys (of the
 * members the planner reads, at the top level or inside a plugin) is checked and fixed in
 * about the time its bytes take to parse. The CLI runs in process (its start-up would blur the
 * timings), on real files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { scratchDirs } from '../helpers/cli.js';
import { memoryIO } from '../helpers/memory-io.js';

const { temp } = scratchDirs(afterEach);

/** A list whose top level repeats `"cniVersion"` n times (the last one, 0.3.0, is the one read). */
const repeatedVersion = (n: number): string => `{\n  "name": "n",\n${'  "cniVersion": "0.3.1",\n'.repeat(n - 1)}  "cniVersion": "0.3.0",\n  "plugins": [{"type": "bridge"}]\n}\n`;

/** Other shapes: repeated `plugins`, `name`, a plugin's `type`, many untyped plugins (one finding each), nesting. */
const SHAPES: Record<string, (n: number) => string> = {
  plugins: (n) => `{"cniVersion": "0.3.0", "name": "n",\n${'"plugins": [{"type": "bridge"}],\n'.repeat(n)}"plugins": [{"type": "bridge"}]}\n`,
  name: (n) => `{"cniVersion": "0.3.0",\n${'"name": "n",\n'.repeat(n)}"plugins": [{"type": "bridge"}]}\n`,
  type: (n) => `{"cniVersion": "0.3.0", "name": "n", "plugins": [{${'"type": "bridge",\n'.repeat(n)}"type": "bridge"}]}\n`,
  'untyped plugins': (n) => `{"cniVersion": "0.3.0", "name": "n", "plugins": [${'{"mtu": 1},\n'.repeat(n)}{"type": "bridge"}]}\n`,
  'nested plugins': (n) => `{"cniVersion": "0.3.0", "name": "n", "plugins": [${`{"type": "bridge", "x": ${'['.repeat(400)}${']'.repeat(400)}},\n`.repeat(Math.ceil(n / 100))}{"type": "bridge"}]}\n`,
};

async function timed(args: readonly string[], dir: string): Promise<{ ms: number; code: number; out: string; stdout: string }> {
  const io = memoryIO(dir);
  const started = performance.now();
  const code = await run(args, io);
  return { ms: performance.now() - started, code, out: io.out() + io.err(), stdout: io.out() };
}

describe('repeated keys cost linear time', () => {
  it('100,000 duplicate "cniVersion" keys (2.2 MB): check and fix take seconds, not minutes; the last one is read and edited', async () => {
    const dir = temp();
    const file = join(dir, 'dup.conflist');
    const text = repeatedVersion(100_000);
    writeFileSync(file, text);
    const check = await timed(['check', 'dup.conflist', '--plugin', 'cni-plugins@1.1.1'], dir);
    expect(check.out).toMatch(/DUPLICATE_KEY/);
    expect(check.ms).toBeLessThan(10_000);
    const fix = await timed(['fix', 'dup.conflist', '--plugin', 'cni-plugins@1.1.1', '--target-version', '1.0.0', '-q'], dir);
    expect(fix.code, fix.out).toBe(0);
    expect(fix.ms).toBeLessThan(10_000);
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(text.replace('"cniVersion": "0.3.0"', '"cniVersion": "1.0.0"'));
  }, 60_000);

  // 40,000 of each take a second or two; a step quadratic in them takes a minute (before: 70 s to
  // fix 40,000 duplicate `cniVersion`, `name` or `plugins` keys, 36 s to plan 40,000 untyped plugins).
  for (const [shape, make] of Object.entries({ cniVersion: repeatedVersion, ...SHAPES })) {
    it(`${shape}: 40,000 of them are planned, verified and shown as a diff in bounded time`, async () => {
      const dir = temp();
      writeFileSync(join(dir, 'big.conflist'), make(40_000));
      const r = await timed(['diff', 'big.conflist', '--plugin', 'cni-plugins@1.1.1', '--target-version', '1.0.0'], dir);
      expect(r.code, r.out).toBe(1);
      expect(r.out).not.toContain('INTERNAL_VERIFY_FAILED');
      expect(r.ms).toBeLessThan(10_000);
    }, 60_000);
  }

  it('20,000 findings in one file are rendered as SARIF in bounded time (each end position found without rescanning the text)', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'big.conflist'), SHAPES['untyped plugins']!(20_000));
    const r = await timed(['check', 'big.conflist', '--format', 'sarif'], dir);
    expect(r.code).toBe(1);
    const results = (JSON.parse(r.stdout) as { runs: { results: { locations: { physicalLocation: { region: { endLine: number } } }[] }[] }[] }).runs[0]!.results;
    expect(results.length).toBe(20_000);
    expect(results.at(-1)!.locations[0]!.physicalLocation.region.endLine).toBe(20_000);
    expect(r.ms).toBeLessThan(10_000);
  }, 60_000);
});
