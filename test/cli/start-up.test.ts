/**
 * What the CLI loads at start: the `yaml` package (a quarter of its code) only when a run reads
 * YAML the plain reader leaves to it, so a pre-commit hook checking a conflist, or a manifest in
 * plain block style, never evaluates it. Observed from outside: the
 * package registers its node types with Symbol.for('yaml.…') when it is evaluated, and a preload
 * records the keys asked for. Node's own modules likewise (process.moduleLoadList at exit): the
 * promise API of node:fs, crypto, child processes, readline and os only for the runs that use them.
 * The `semver` package too: NODE_DEBUG=semver makes it log each regular expression it builds as
 * it loads, and each version and range it parses.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/cli.js';

const scratch = tempDir();
afterAll(scratch.cleanup);
const preload = join(scratch.dir, 'record-symbols.mjs');
writeFileSync(
  preload,
  `const asked = new Set(); const symbolFor = Symbol.for;
Symbol.for = (key) => { asked.add(String(key)); return symbolFor.call(Symbol, key); };
process.on('exit', () => {
  process.stderr.write('yaml symbols: ' + [...asked].filter((k) => k.startsWith('yaml.')).length + '\\n');
  process.stderr.write('node modules: ' + process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join(' ') + '\\n');
});
`,
);

function startUp(args: readonly string[]): { yamlSymbols: number; nodeModules: string[] } {
  const r = spawnSync(process.execPath, ['--import', preload, join(repoRoot, 'bin', 'cni-migrate.js'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  const said = /yaml symbols: (\d+)\nnode modules: (.*)\n/.exec(r.stderr);
  expect(said, r.stderr).not.toBeNull();
  return { yamlSymbols: Number(said![1]), nodeModules: said![2]!.split(' ') };
}

/** How many of the package's Symbol.for keys a run of the built CLI asked for. */
const yamlSymbols = (args: readonly string[]): number => startUp(args).yamlSymbols;

const ON_DEMAND = ['fs/promises', 'crypto', 'child_process', 'readline', 'v8', 'os'];

describe('start-up', () => {
  it('a check of a conflist, --version and help do not load the YAML package', () => {
    expect(yamlSymbols(['check', 'fixtures/example/nodes/worker/etc/cni/net.d/10-containerd-net.conflist'])).toBe(0);
    expect(yamlSymbols(['--version'])).toBe(0);
    expect(yamlSymbols(['check', '--help'])).toBe(0);
  });

  it('nor does a check of manifests in plain block style (read without the parser); a manifest that needs the parser does', () => {
    expect(yamlSymbols(['check', 'fixtures/example/manifests'])).toBe(0);
    // Nor Multus's example, its quoted config indented as only go-yaml (kubectl) reads it.
    expect(yamlSymbols(['check', 'fixtures/upstream/multus/v3.4/npwg-demo-1_07_ptp_tuning_conflist.yml'])).toBe(0);
    // An anchor is outside what the plain reader reads.
    const anchored = join(scratch.dir, 'anchored.yaml');
    writeFileSync(anchored, 'kind: ConfigMap\nmetadata:\n  name: cni\ndata:\n  cni-conf.json: &conf |\n    {"name": "n", "cniVersion": "0.3.1", "type": "bridge"}\n');
    expect(yamlSymbols(['check', anchored])).toBeGreaterThan(0);
  });

  it('a check of a conflist loads none of the Node modules only other runs need; a SARIF report and a walk load theirs (a walk: git, and the V8 flags of its young generation)', () => {
    const checked = startUp(['check', 'fixtures/example/nodes/worker/etc/cni/net.d/10-containerd-net.conflist']).nodeModules;
    expect(checked).toContain('fs');
    expect(checked.filter((m) => ON_DEMAND.includes(m))).toEqual([]);
    // A SARIF report fingerprints with crypto; a walk asks git.
    expect(startUp(['check', '--format', 'sarif', 'fixtures/example/nodes/worker/etc/cni/net.d/10-containerd-net.conflist']).nodeModules).toContain('crypto');
    expect(startUp(['check', 'fixtures/example/nodes']).nodeModules).toEqual(expect.arrayContaining(['child_process', 'v8']));
  });
});

describe('start-up: semver', () => {
  const semverLines = (args: readonly string[]): number => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'cni-migrate.js'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NODE_DEBUG: 'semver' } });
    expect(r.status, r.stderr).toBeLessThan(2);
    return r.stderr.split('\n').filter((line) => line.startsWith('SEMVER ')).length;
  };
  const conflist = 'fixtures/example/nodes/worker/etc/cni/net.d/10-containerd-net.conflist';

  it('a check of a conflist, and of the example, never loads it: release ranges are compared without it', () => {
    expect(semverLines(['check', conflist])).toBe(0);
    expect(semverLines(['check', 'fixtures/example'])).toBe(0);
  });

  it('a run that orders a fleet of runtimes loads it (the observation is live)', () => {
    expect(semverLines(['check', '--runtime', 'containerd@1.6.4', '--runtime', 'cri-o@1.24.0', conflist])).toBeGreaterThan(0);
  });
});
