/**
 * The launcher (src/cli/launch.ts): where the code cache lives, which files it trusts, how it
 * writes and prunes them; and, through the built CLI run as a subprocess, that a run writes the
 * cache, the next one reads it (V8 accepts it, so it is not written again), a corrupt one is
 * replaced, and `off` keeps none. Nothing a run prints depends on the cache.
 */
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codeCacheDirectory, codeCacheName, KEPT_CACHES, readCodeCache, seedsCodeCache, trustworthy, writeCodeCache } from '../../src/cli/launch.js';
import { cli, repoRoot, scratchDirs } from '../helpers/cli.js';

const scratch = scratchDirs(afterEach, 'cni-migrate-launch-');
const CONFLIST = join(repoRoot, 'fixtures/example/nodes/worker/etc/cni/net.d/10-containerd-net.conflist');
const BROKEN = '{ "cniVersion": "1.0.0", "name": "x", "plugins": [ { "type": "bridge" ] }\n';

/** A private directory for a cache, as the launcher makes it. */
function privateDir(): string {
  const dir = join(scratch.temp(), 'cache');
  mkdirSync(dir, { mode: 0o700 });
  return dir;
}

function cacheFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cache')) : [];
}

describe('codeCacheDirectory', () => {
  it('CNI_MIGRATE_CODE_CACHE, else XDG_CACHE_HOME, else HOME/.cache; `off`, relative paths and no home give none', () => {
    expect(codeCacheDirectory({ CNI_MIGRATE_CODE_CACHE: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/c');
    expect(codeCacheDirectory({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/cni-migrate');
    expect(codeCacheDirectory({ HOME: '/h' })).toBe('/h/.cache/cni-migrate');
    expect(codeCacheDirectory({ XDG_CACHE_HOME: 'relative', HOME: '/h' })).toBe('/h/.cache/cni-migrate');
    expect(codeCacheDirectory({ CNI_MIGRATE_CODE_CACHE: 'off', HOME: '/h' })).toBeNull();
    expect(codeCacheDirectory({ CNI_MIGRATE_CODE_CACHE: 'cache', HOME: '/h' })).toBeNull();
    expect(codeCacheDirectory({ CNI_MIGRATE_CODE_CACHE: '', HOME: '/h' })).toBe('/h/.cache/cni-migrate');
    expect(codeCacheDirectory({})).toBeNull();
    expect(codeCacheDirectory({ HOME: '' })).toBeNull();
  });
});

describe('codeCacheName', () => {
  it('names the bundle hash of the last line, V8 and the architecture; none without a hash', () => {
    const name = codeCacheName('code();\n// cniMigrateBundleHash=0123456789abcdef\n');
    expect(name).toMatch(/^cli-0123456789abcdef-v8-[0-9A-Za-z._]+-[a-z0-9]+-\d+\.cache$/);
    expect(name).toContain(process.arch);
    expect(codeCacheName('code();\n')).toBeNull();
    expect(codeCacheName('// cniMigrateBundleHash=0123456789abcdef\ncode();\n')).toBeNull();
  });

  it('the built bundle carries the hash of its content', () => {
    const bundle = readFileSync(join(repoRoot, 'dist/bundle/cli.cjs'), 'latin1');
    expect(codeCacheName(bundle)).not.toBeNull();
  });
});

describe('seedsCodeCache', () => {
  it('check, diff or fix given files and no directory; option values that are not paths count for nothing', () => {
    const conflist = 'fixtures/example/nodes/worker/etc/cni/net.d/10-containerd-net.conflist';
    expect(seedsCodeCache(['check', conflist], repoRoot)).toBe(true);
    expect(seedsCodeCache(['fix', '--runtime', 'cri-o@1.30.0', conflist, 'README.md'], repoRoot)).toBe(true);
    expect(seedsCodeCache(['diff', conflist, 'missing.conflist'], repoRoot)).toBe(true);
    expect(seedsCodeCache(['check', conflist, 'fixtures/example'], repoRoot)).toBe(false);
    expect(seedsCodeCache(['check'], repoRoot)).toBe(false);
    expect(seedsCodeCache(['check', '-'], repoRoot)).toBe(false);
    expect(seedsCodeCache(['explain', conflist], repoRoot)).toBe(false);
    expect(seedsCodeCache(['--version'], repoRoot)).toBe(false);
  });
});

describe('trustworthy', () => {
  const me = process.getuid!();
  it('only what this user owns and no one else may write', () => {
    expect(trustworthy({ uid: me, mode: 0o40700 })).toBe(true);
    expect(trustworthy({ uid: me, mode: 0o100644 })).toBe(true);
    expect(trustworthy({ uid: me, mode: 0o40770 })).toBe(false);
    expect(trustworthy({ uid: me, mode: 0o40777 })).toBe(false);
    expect(trustworthy({ uid: me, mode: 0o100602 })).toBe(false);
    expect(trustworthy({ uid: me + 1, mode: 0o40700 })).toBe(false);
  });
});

describe('readCodeCache and writeCodeCache', () => {
  const data = Buffer.from('bytecode');

  it('writes a private file in a private directory, leaves no temporary file, and reads it back', () => {
    const dir = join(scratch.temp(), 'made', 'cni-migrate');
    writeCodeCache(dir, 'cli-a.cache', data);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'cli-a.cache')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['cli-a.cache']);
    expect(readCodeCache(dir, 'cli-a.cache')).toEqual(data);
    expect(readCodeCache(dir, 'cli-missing.cache')).toBeUndefined();
  });

  it('neither reads nor writes where others may write, and reads no link', () => {
    const dir = privateDir();
    writeCodeCache(dir, 'cli-a.cache', data);
    chmodSync(dir, 0o777);
    expect(readCodeCache(dir, 'cli-a.cache')).toBeUndefined();
    writeCodeCache(dir, 'cli-b.cache', data);
    expect(cacheFiles(dir)).toEqual(['cli-a.cache']);
    chmodSync(dir, 0o700);
    chmodSync(join(dir, 'cli-a.cache'), 0o666);
    expect(readCodeCache(dir, 'cli-a.cache')).toBeUndefined();
    chmodSync(join(dir, 'cli-a.cache'), 0o600);
    symlinkSync(join(dir, 'cli-a.cache'), join(dir, 'cli-link.cache'));
    expect(readCodeCache(dir, 'cli-link.cache')).toBeUndefined();
    expect(readCodeCache(dir, 'cli-a.cache')).toEqual(data);
  });

  it('keeps the newest caches only', () => {
    const dir = privateDir();
    for (let i = 0; i < KEPT_CACHES + 2; i++) {
      writeCodeCache(dir, `cli-old${i}.cache`, data);
      utimesSync(join(dir, `cli-old${i}.cache`), 1_000 + i, 1_000 + i);
    }
    writeFileSync(join(dir, 'notes.txt'), 'not a cache');
    writeCodeCache(dir, 'cli-new.cache', data);
    const kept = cacheFiles(dir).sort();
    expect(kept).toHaveLength(KEPT_CACHES);
    expect(kept).toContain('cli-new.cache');
    expect(kept).not.toContain('cli-old0.cache');
    expect(kept).toContain(`cli-old${KEPT_CACHES + 1}.cache`);
    expect(existsSync(join(dir, 'notes.txt'))).toBe(true);
  });

  it('makes no directory under one another user owns (root with a user\'s HOME)', () => {
    const home = scratch.temp();
    const me = process.getuid!();
    // Owned by someone else: as root, chown it; as anyone else, a directory root owns.
    const foreign = me === 0 ? home : '/';
    if (me === 0) chownSync(home, 12345, 12345);
    writeCodeCache(join(foreign, 'not-made', 'cni-migrate'), 'cli-a.cache', data);
    expect(existsSync(join(foreign, 'not-made'))).toBe(false);
  });

  it('a cache directory that cannot be made is no error', () => {
    const file = join(scratch.temp(), 'a-file');
    writeFileSync(file, '');
    expect(() => writeCodeCache(join(file, 'cni-migrate'), 'cli-a.cache', data)).not.toThrow();
  });
});

describe('the CLI with its code cache', () => {
  it('the first run keeps the cache, the next reads it (V8 accepts it, so it is kept as is), and both print the same', () => {
    const dir = join(scratch.temp(), 'cache');
    const env = { CNI_MIGRATE_CODE_CACHE: dir };
    const first = cli(['check', CONFLIST], repoRoot, env);
    expect(first.code, first.stderr).toBe(0);
    const [name] = cacheFiles(dir);
    expect(name).toBeDefined();
    const written = statSync(join(dir, name!));
    const second = cli(['check', CONFLIST], repoRoot, env);
    expect(second).toEqual(first);
    const after = statSync(join(dir, name!));
    expect([after.ino, after.mtimeMs, after.size]).toEqual([written.ino, written.mtimeMs, written.size]);
    expect(cli(['check', CONFLIST], repoRoot, { CNI_MIGRATE_CODE_CACHE: 'off' })).toEqual(first);
  });

  it('a corrupt cache is rejected by V8 and replaced; the run is unaffected', () => {
    const dir = privateDir();
    const baseline = cli(['check', CONFLIST], repoRoot, { CNI_MIGRATE_CODE_CACHE: 'off' });
    const warm = cli(['check', CONFLIST], repoRoot, { CNI_MIGRATE_CODE_CACHE: dir });
    const [name] = cacheFiles(dir);
    const good = readFileSync(join(dir, name!));
    const corrupt = Buffer.from(good);
    corrupt.fill(0x5a, 16, 4_096);
    writeFileSync(join(dir, name!), corrupt, { mode: 0o600 });
    expect(cli(['check', CONFLIST], repoRoot, { CNI_MIGRATE_CODE_CACHE: dir })).toEqual(baseline);
    expect(readFileSync(join(dir, name!)).equals(corrupt)).toBe(false);
    expect(warm).toEqual(baseline);
  });

  it('under HOME by default, XDG_CACHE_HOME when set; none with `off`', () => {
    const home = scratch.temp();
    expect(cli(['check', CONFLIST], repoRoot, { HOME: home }).code).toBe(0);
    expect(cacheFiles(join(home, '.cache', 'cni-migrate'))).toHaveLength(1);
    const xdg = scratch.temp();
    expect(cli(['check', CONFLIST], repoRoot, { HOME: home, XDG_CACHE_HOME: xdg }).code).toBe(0);
    expect(cacheFiles(join(xdg, 'cni-migrate'))).toHaveLength(1);
    const other = scratch.temp();
    expect(cli(['check', CONFLIST], repoRoot, { HOME: other, CNI_MIGRATE_CODE_CACHE: 'off' }).code).toBe(0);
    expect(readdirSync(other)).toEqual([]);
  });

  it('keeps no cache from a run that walks a directory or only prints its version or help; the next run on files keeps it, and walks use it', () => {
    const dir = join(scratch.temp(), 'cache');
    const env = { CNI_MIGRATE_CODE_CACHE: dir };
    expect(cli(['--version'], repoRoot, env).code).toBe(0);
    expect(cli(['check', '--help'], repoRoot, env).code).toBe(0);
    expect(cli(['check', 'fixtures/example'], repoRoot, env).code).toBe(1);
    expect(cli(['check', '--runtime', 'containerd@1.7.0', 'fixtures/example/nodes', CONFLIST], repoRoot, env).code).toBe(1);
    expect(cacheFiles(dir)).toEqual([]);
    expect(cli(['check', '--runtime', 'containerd@1.7.0', CONFLIST], repoRoot, env).code).toBe(0);
    const [name] = cacheFiles(dir);
    const kept = statSync(join(dir, name!));
    const walked = cli(['check', 'fixtures/example'], repoRoot, env);
    expect(walked).toEqual(cli(['check', 'fixtures/example'], repoRoot, { CNI_MIGRATE_CODE_CACHE: 'off' }));
    expect(statSync(join(dir, name!)).mtimeMs).toBe(kept.mtimeMs);
  });

  it('a run that finds a broken file exits 2 with or without the cache', () => {
    const work = scratch.temp();
    writeFileSync(join(work, '10-broken.conflist'), BROKEN);
    const dir = join(scratch.temp(), 'cache');
    const cold = cli(['check', '10-broken.conflist'], work, { CNI_MIGRATE_CODE_CACHE: dir });
    const warm = cli(['check', '10-broken.conflist'], work, { CNI_MIGRATE_CODE_CACHE: dir });
    expect(cold.code).toBe(2);
    expect(warm).toEqual(cold);
    expect(cold.stdout).toMatch(/10-broken\.conflist\n {2}1:71 +error +JSON_PARSE_ERROR/);
    expect(readFileSync(join(work, '10-broken.conflist'), 'utf8')).toBe(BROKEN);
  });

  it('a cache directory the run cannot write to costs nothing but the cache', () => {
    const file = join(scratch.temp(), 'not-a-dir');
    writeFileSync(file, '');
    const r = cli(['check', CONFLIST], repoRoot, { CNI_MIGRATE_CODE_CACHE: join(file, 'cache') });
    expect(r).toEqual(cli(['check', CONFLIST], repoRoot, { CNI_MIGRATE_CODE_CACHE: 'off' }));
  });
});
