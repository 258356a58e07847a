/**
 * A directory walk keeps V8's young generation at the size it has when the walk starts (peak RSS,
 * docs/cli.md#memory); a run that walks nothing, a young generation the user sized and a V8 not
 * measured are left as they are. Observed from outside: a preload reports the size of V8's new
 * space when the built CLI exits.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { youngGenerationFlag } from '../../src/cli/young-generation.js';
import { repoRoot, tempDir } from '../helpers/cli.js';

const scratch = tempDir();
afterAll(scratch.cleanup);
const preload = join(scratch.dir, 'new-space.cjs');
writeFileSync(
  preload,
  `const v8 = require('node:v8');
process.on('exit', () => {
  const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  require('node:fs').writeSync(2, 'new space: ' + space.space_size + '\\n');
});
`,
);

const MB = 1 << 20;

/** V8's new space (both semi-spaces) when a run of the built CLI exits, in bytes. */
function newSpaceAtExit(args: readonly string[], nodeOptions?: string): number {
  const env = { PATH: process.env.PATH ?? '', ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) };
  const r = spawnSync(process.execPath, ['--require', preload, join(repoRoot, 'bin', 'cni-migrate.js'), ...args], { cwd: repoRoot, encoding: 'utf8', env });
  const said = /new space: (\d+)\n/.exec(r.stderr);
  expect(said, r.stderr).not.toBeNull();
  return Number(said![1]);
}

describe('the young generation of a directory walk', () => {
  it('stays at its size on a walk of the fixtures, which grows it to several times that when the user sized it', () => {
    // The control: the same walk with the young generation's largest size given (its default,
    // 16 MB a semi-space), which the CLI leaves alone.
    const sized = newSpaceAtExit(['check', 'fixtures'], '--max-semi-space-size=16');
    const kept = newSpaceAtExit(['check', 'fixtures']);
    expect(sized).toBeGreaterThanOrEqual(16 * MB);
    expect(kept).toBeLessThanOrEqual(4 * MB);
  });

  it('is not touched by a check of one file', () => {
    // What start-up alone grows it to, the same with or without a walk.
    const one = newSpaceAtExit(['check', 'fixtures/example/nodes/worker/etc/cni/net.d/10-containerd-net.conflist']);
    const sized = newSpaceAtExit(['check', 'fixtures/example/nodes/worker/etc/cni/net.d/10-containerd-net.conflist'], '--max-semi-space-size=16');
    expect(one).toBe(sized);
  });
});

describe('youngGenerationFlag', () => {
  it('sets the growth factor on the V8 versions of Node 20, 22 and 24', () => {
    for (const v8 of ['11.3.244.8-node.38', '12.4.254.21-node.57', '13.6.233.17-node.63']) {
      expect(youngGenerationFlag(v8, [], undefined)).toBe('--semi-space-growth-factor=1');
    }
  });

  it('leaves a V8 it was not measured on alone (an unknown flag is an error printed by V8)', () => {
    expect(youngGenerationFlag('14.1.1-node.1', [], undefined)).toBeNull();
    expect(youngGenerationFlag('10.2.154.26-node.26', [], undefined)).toBeNull();
    expect(youngGenerationFlag('', [], undefined)).toBeNull();
  });

  it('leaves a young generation the user sized, on the command line or in NODE_OPTIONS', () => {
    expect(youngGenerationFlag('11.3.244.8-node.38', ['--max-semi-space-size=4'], undefined)).toBeNull();
    expect(youngGenerationFlag('11.3.244.8-node.38', [], '--max-old-space-size=512 --max-semi-space-size=8')).toBeNull();
    expect(youngGenerationFlag('11.3.244.8-node.38', ['--semi_space_growth_factor=3'], undefined)).toBeNull();
    expect(youngGenerationFlag('11.3.244.8-node.38', ['--max-old-space-size=512'], '--enable-source-maps')).toBe('--semi-space-growth-factor=1');
  });
});
