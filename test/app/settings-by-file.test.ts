/**
 * SettingsByFile: files share one prepared run per distinct setting, and a directory no
 * configuration applies to is known without waiting once seen (what a walk asks first, in the
 * CLI and in the Ansible module alike).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SettingsByFile } from '../../src/app/settings-by-file.js';
import { CLI_VOCABULARY } from '../../src/core/vocabulary.js';
import { ConfigFinder } from '../../src/io/config-files.js';
import { tempDir } from '../helpers/cli.js';

const scratch = tempDir('cni-migrate-settings-');
afterAll(scratch.cleanup);
const root = scratch.dir;
for (const dir of ['configured/nodes/gpu', 'plain/a', 'plain/b']) mkdirSync(join(root, dir), { recursive: true });
writeFileSync(join(root, 'configured', '.cni-migrate.yaml'), 'runtime: containerd@1.7.0\noverrides:\n  - files: nodes/gpu/**\n    name: gpu\n    runtime: containerd@2.1.0\n');

describe('SettingsByFile', () => {
  it('knows a directory without a configuration once seen, and only such a directory', async () => {
    const byFile = new SettingsByFile({ supported: {}, releases: {}, releaseSources: {} }, ConfigFinder.searching(), root, CLI_VOCABULARY);
    const a = join(root, 'plain', 'a');
    expect(byFile.known(a)).toBeUndefined();
    const run = await byFile.forFile(a, join(a, '10-net.conflist'));
    expect(run.config).toBeUndefined();
    expect(byFile.known(a)).toBe(run);
    // Every unconfigured directory shares the one run, but each is known only once seen.
    const b = join(root, 'plain', 'b');
    expect(byFile.known(b)).toBeUndefined();
    expect(await byFile.forFile(b, join(b, 'x.conf'))).toBe(run);
    expect(byFile.known(b)).toBe(run);

    const gpu = join(root, 'configured', 'nodes', 'gpu');
    const grouped = await byFile.forFile(gpu, join(gpu, '10-net.conflist'));
    expect(grouped.group).toBe('gpu');
    expect(grouped.prepared.context.runtime.version).toBe('2.1.0');
    expect(byFile.known(gpu)).toBeUndefined();
    const top = join(root, 'configured');
    const configured = await byFile.forFile(top, join(top, '10-net.conflist'));
    expect(configured.config?.file).toBe(join(top, '.cni-migrate.yaml'));
    expect(configured.prepared.context.runtime.version).toBe('1.7.0');
    expect(byFile.known(top)).toBeUndefined();
  });
});
