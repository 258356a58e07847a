/**
 * examples/pulumi as a user runs it: copied to a temp folder with its cni-migrate dependency
 * pointed at the packed tarball, installed with the real npm (@pulumi/pulumi and
 * @pulumi/kubernetes from the registry), compiled, and its unit test (Pulumi's own mocks, no
 * Pulumi CLI) run. Needs the build (npm test runs it first) and the npm registry.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/cli.js';
import { acquirePacked, describeRun, npm, releasePacked, run } from '../helpers/pack.js';

const example = join(repoRoot, 'examples', 'pulumi');
/** containerd's 10-containerd-net.conflist at 0.4.0 (v1.5.0) and at 1.0.0 (what v2.1.0 ships). */
const golden = join(repoRoot, 'fixtures', 'cni-json', 'containerd-v1.5.0-10-containerd-net--target-1.0.0');
const CONFLIST = '10-containerd-net.conflist';

describe('examples/pulumi', () => {
  it('docs/pulumi.md quotes the program verbatim', async () => {
    const doc = readFileSync(join(repoRoot, 'docs', 'pulumi.md'), 'utf8');
    const snippet = /^```ts\n([\s\S]*?)^```$/m.exec(doc)?.[1];
    expect(snippet, 'a ```ts block in docs/pulumi.md').toBeDefined();
    expect(readFileSync(join(example, 'index.ts'), 'utf8')).toContain(snippet!);
  });

  it('deploys the upstream containerd conflist', async () => {
    expect(readFileSync(join(example, CONFLIST), 'utf8')).toBe(readFileSync(join(golden, 'input.conflist'), 'utf8'));
  });

  describe('installed from the packed package', () => {
    let project: { dir: string } = { dir: '' };

    beforeAll(async () => {
      const packed = await acquirePacked();
      project = tempDir('cni-migrate-pulumi-');
      cpSync(example, project.dir, {
        recursive: true,
        filter: (src) => !/[\\/](node_modules|bin)$|[\\/]package-lock\.json$/.test(src.slice(example.length)),
      });
      const manifestPath = join(project.dir, 'package.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { dependencies: Record<string, string> };
      expect(manifest.dependencies['cni-migrate']).toBeDefined();
      manifest.dependencies['cni-migrate'] = `file:${packed.tarball}`;
      writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
      const r = await run(npm, ['install', '--no-audit', '--no-fund'], project.dir, { timeoutMs: 300_000 });
      if (r.code !== 0) throw new Error(describeRun('npm install', r));
      console.info(`examples/pulumi: npm install took ${(r.ms / 1000).toFixed(1)} s`);
    }, 320_000);

    afterAll(async () => {
      // Asynchronously: a synchronous delete of node_modules would stall the test worker.
      if (project.dir) await rm(project.dir, { recursive: true, force: true });
      releasePacked();
    }, 120_000);

    it('compiles, and its unit test under Pulumi mocks passes', async () => {
      const r = await run(npm, ['test'], project.dir, { timeoutMs: 180_000 });
      expect(r.code, describeRun('npm test', r)).toBe(0);
      expect(r.stdout).toMatch(/^# tests 2$/m);
      expect(r.stdout).toMatch(/^# pass 2$/m);
      expect(r.stdout).toMatch(/^# fail 0$/m);
      expect(r.stdout).toMatch(/^ok \d+ - the ConfigMap holds the conflist migrated to 1\.0\.0/m);
      expect(r.stdout).toMatch(/^ok \d+ - a conflist the runtime cannot load fails the program/m);
    }, 200_000);

    it("the ConfigMap's data is the conflist migrated, byte for byte what containerd 2.1 ships", async () => {
      // Read the resource through the same mocks the example's test uses.
      writeFileSync(
        join(project.dir, 'dump.js'),
        `require('./bin/tests/mocks');
const program = require('./bin/index');
program.cniConfig.data.apply((data) => process.stdout.write(JSON.stringify(data)));
`,
      );
      const r = await run(process.execPath, ['dump.js'], project.dir);
      expect(r.code, describeRun('node dump.js', r)).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ [CONFLIST]: readFileSync(join(golden, 'expected.conflist'), 'utf8') });
    }, 60_000);
  });
});
