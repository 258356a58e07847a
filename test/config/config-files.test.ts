import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/types.js';
import { ConfigFinder, loadConfigFile } from '../../src/io/config-files.js';

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'cni-migrate-config-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

describe('ConfigFinder', () => {
  it('finds the nearest configuration searching up; the nearest wins whole', async () => {
    const root = await tree({
      '.cni-migrate.yaml': 'runtime: containerd@1.7.0\n',
      'nodes/legacy/.cni-migrate.json': '{"runtime": "containerd@1.6.4"}\n',
      'nodes/legacy/a/b/c.conflist': '{}',
      'nodes/gpu/d.conflist': '{}',
    });
    const finder = ConfigFinder.searching();
    expect((await finder.forDirectory(join(root, 'nodes/legacy/a/b')))?.file).toBe(join(root, 'nodes/legacy/.cni-migrate.json'));
    expect((await finder.forDirectory(join(root, 'nodes/gpu')))?.settings.runtimes).toEqual(['containerd@1.7.0']);
  });

  it('reads package.json only when it has the key, and searches on above one without it', async () => {
    const root = await tree({
      'package.json': JSON.stringify({ name: 'repo', 'cni-migrate': { runtime: 'cri-o@1.31.0' } }),
      'app/package.json': JSON.stringify({ name: 'app' }),
    });
    const found = await ConfigFinder.searching().forDirectory(join(root, 'app'));
    expect(found?.file).toBe(join(root, 'package.json'));
    expect(found?.settings.runtimes).toEqual(['cri-o@1.31.0']);
  });

  it('takes the names a directory walk listed instead of listing the directory again', async () => {
    const root = await tree({ '.cni-migrate.yaml': 'runtime: containerd@1.7.0\n', 'a/.cni-migrate.yaml': 'runtime: cri-o@1.31.0\n' });
    const finder = ConfigFinder.searching();
    finder.listed(join(root, 'a'), ['x.conf']); // as if the file had appeared after the walk listed the directory
    finder.listed(root, ['.cni-migrate.yaml', 'a']);
    expect((await finder.forDirectory(join(root, 'a')))?.file).toBe(join(root, '.cni-migrate.yaml'));
    const fresh = ConfigFinder.searching();
    expect((await fresh.forDirectory(join(root, 'a')))?.file).toBe(join(root, 'a', '.cni-migrate.yaml'));
  });

  it('forgets the directories a long walk has passed, never the configurations it found', async () => {
    const root = await tree({ '.cni-migrate.yaml': 'runtime: containerd@1.7.0\n', 'first/x.conflist': '{}' });
    const finder = ConfigFinder.searching();
    const found = await finder.forDirectory(join(root, 'first'));
    expect(found?.file).toBe(join(root, '.cni-migrate.yaml'));
    // A walk past thousands of directories (none need exist: nothing is there to find).
    for (let i = 0; i < 5_000; i++) expect(await finder.forDirectory(join(root, 'passed', String(i)))).toBe(found);
    // `first` was forgotten and is looked in again: a configuration written there since is found.
    await writeFile(join(root, 'first', '.cni-migrate.yaml'), 'runtime: containerd@1.6.4\n');
    expect((await finder.forDirectory(join(root, 'first')))?.settings.runtimes).toEqual(['containerd@1.6.4']);
    // The root's configuration is the same object, not read again, though the file changed.
    await writeFile(join(root, '.cni-migrate.yaml'), 'runtime: cri-o@1.31.0\n');
    expect(await finder.forDirectory(join(root, 'passed', 'again'))).toBe(found);
  });

  it('two configurations in one directory are an error naming both', async () => {
    const root = await tree({ '.cni-migrate.yaml': 'failOn: error\n', '.cni-migrate.json': '{}' });
    const err = await ConfigFinder.searching().forDirectory(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatch(/\.cni-migrate\.json: a second configuration beside \.cni-migrate\.yaml/);
  });

  it('an invalid configuration is an error with its line, for every directory under it', async () => {
    const root = await tree({ '.cni-migrate.yaml': 'runtime: containerd@1.7.0\nfailon: never\n', 'x/y/z.conf': '{}' });
    const finder = ConfigFinder.searching();
    for (const dir of [root, join(root, 'x/y')]) {
      await expect(finder.forDirectory(dir)).rejects.toThrow(/\.cni-migrate\.yaml:2:1: unknown key "failon"; did you mean "failOn"\?/);
    }
  });

  it('--config fixes one configuration for every directory; --no-config none', async () => {
    const root = await tree({ 'ci/cni.yaml': 'runtime: cri-o@1.24.0\n', 'nodes/.cni-migrate.yaml': 'runtime: containerd@2.1.0\n' });
    const fixed = ConfigFinder.fixedTo(await loadConfigFile(join(root, 'ci/cni.yaml')));
    expect((await fixed.forDirectory(join(root, 'nodes')))?.settings.runtimes).toEqual(['cri-o@1.24.0']);
    expect(await ConfigFinder.fixedTo(null).forDirectory(join(root, 'nodes'))).toBeNull();
    await expect(loadConfigFile(join(root, 'missing.yaml'))).rejects.toThrow(/missing\.yaml: cannot read the configuration/);
  });
});
