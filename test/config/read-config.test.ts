import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config/read-config.js';
import { CONFIG_SCHEMA } from '../../src/config/schema.js';
import { settingsForFile } from '../../src/config/settings-for-file.js';
import { ConfigError, type ProjectConfig } from '../../src/config/types.js';
import { dedent } from '../helpers/dedent.js';

const FILE = '/repo/.cni-migrate.yaml';
const read = (text: string): ProjectConfig => readConfig(text, FILE)!;

function problem(text: string, file = FILE): ConfigError {
  try {
    readConfig(text, file);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const THREE_GROUPS = dedent`
  # yaml-language-server: $schema=./node_modules/cni-migrate/docs/config.schema.json
  runtime: containerd@1.7.0
  plugins:
    cni-plugins: 1.6.0
  failOn: warning
  nodeDirs: [nodes/*/cni]
  overrides:
    - files: nodes/gpu/**
      name: gpu
      runtime: containerd@2.1.0
    - files: [nodes/legacy/**]
      name: legacy
      runtime: containerd@1.6.4
      plugins: [cni-plugins@1.1.1]
    - files: nodes/crio/**
      excludeFiles: nodes/crio/old/**
      name: crio
      runtimes: [cri-o@1.24.0, cri-o@1.31.0]
      cniVersions: true
      targetVersion: 1.0.0
`;

describe('readConfig', () => {
  it('reads every key, with globs and paths relative to the file', () => {
    const config = read(THREE_GROUPS);
    expect(config.directory).toBe('/repo');
    expect(config.settings).toEqual({ runtimes: ['containerd@1.7.0'], plugins: ['cni-plugins@1.6.0'] });
    expect(config.runWide).toEqual({ failOn: 'warning', nodeDirs: ['/repo/nodes/*/cni'] });
    expect(config.runWideKeys).toEqual(['failOn', 'nodeDirs']);
    expect(config.overrides.map((o) => [o.name, o.files, o.excludeFiles])).toEqual([
      ['gpu', ['nodes/gpu/**'], []],
      ['legacy', ['nodes/legacy/**'], []],
      ['crio', ['nodes/crio/**'], ['nodes/crio/old/**']],
    ]);
    expect(config.overrides[2]!.settings).toEqual({ runtimes: ['cri-o@1.24.0', 'cri-o@1.31.0'], cniVersions: true, targetVersion: '1.0.0' });
  });

  it('reads plugins as --plugin strings, from a list or a mapping', () => {
    expect(read('plugins: [cni-plugins@1.6.0, "bridge=0.4.0,1.0.0"]\n').settings.plugins).toEqual(['cni-plugins@1.6.0', 'bridge=0.4.0,1.0.0']);
    expect(read('plugins:\n  calico: "3.26.0"\n  bridge: [0.4.0, 1.0.0]\n').settings.plugins).toEqual(['calico@3.26.0', 'bridge=0.4.0,1.0.0']);
  });

  it('an empty file is a configuration with nothing set', () => {
    expect(read('# nothing yet\n')).toMatchObject({ settings: {}, runWide: {}, overrides: [] });
  });

  it('a matrix path is made absolute from the file', () => {
    expect(read('matrix: data/matrix.yaml\n').settings.matrix).toBe('/repo/data/matrix.yaml');
  });

  it('reads the cni-migrate key of package.json, and nothing from one without it', () => {
    const pkg = JSON.stringify({ name: 'x', 'cni-migrate': { runtime: 'cri-o@1.31.0' } }, null, 2);
    expect(readConfig(pkg, '/repo/package.json', 'package.json')!.settings.runtimes).toEqual(['cri-o@1.31.0']);
    expect(readConfig('{"name": "x"}', '/repo/package.json', 'package.json')).toBeNull();
    // A project that installs the tool names it, and has no configuration for all that.
    expect(readConfig('{"name": "x", "devDependencies": {"cni-migrate": "^0.1.0"}}', '/repo/package.json', 'package.json')).toBeNull();
    expect(() => readConfig('{"name": "x", "cni-migrate": {"runtme": "cri-o@1.31.0"}', '/repo/package.json', 'package.json')).toThrow(/not valid JSON/);
    expect(() => readConfig('{"cni-migrate": "containerd@1.7.0"}', '/repo/package.json', 'package.json')).toThrow(/"cni-migrate" must be an object/);
  });

  describe('a configuration that cannot be used names the key and its line', () => {
    const cases: readonly [string, string, number, RegExp][] = [
      ['unknown key, with a suggestion', 'runtime: containerd@1.7.0\nruntmes: []\n', 2, /unknown key "runtmes"; did you mean "runtimes"\?/],
      ['unknown override key', 'overrides:\n  - files: a/**\n    runtme: containerd@1.7.0\n', 3, /unknown key "overrides\[0\]\.runtme"; did you mean "runtime"\?/],
      ['a runtime the data does not know', 'runtime: containerd@0.1.0\n', 1, /runtime: no compatibility data for containerd 0\.1\.0/],
      ['a malformed runtime', 'overrides:\n  - files: a/**\n    runtimes: [containerd@1.7.0, docker@24]\n', 3, /overrides\[0\]\.runtimes must be containerd@X\.Y\.Z or cri-o@X\.Y\.Z, got "docker@24"/],
      ['runtime and runtimes', 'runtime: containerd@1.7.0\nruntimes: [containerd@2.1.0]\n', 2, /runtime and runtimes both set/],
      ['a plugin typo', 'plugins: [cni-plugin@1.1.1]\n', 1, /plugins: cni-plugin@1\.1\.1: no project or plugin type "cni-plugin" in the data; did you mean "cni-plugins"\?/],
      ['a release nobody has read', 'plugins:\n  cni-plugins: 9.9.9\n', 2, /plugins: cni-plugins@9\.9\.9: the data knows releases of cni-plugins up to/],
      ['a release YAML reads as a number', 'plugins:\n  calico: 3.26\n', 2, /plugins\.calico must be a string: YAML reads 3\.26 as a number; quote it \("3\.26"\)/],
      ['a target that is no spec version', 'targetVersion: 1.0\n', 1, /targetVersion must be a string/],
      ['a target that is no released version', 'targetVersion: "2.0.0"\n', 1, /targetVersion "2\.0\.0" is not a released CNI spec version/],
      ['failOn', 'failOn: always\n', 1, /failOn must be error, warning or never, got "always"/],
      ['cniVersions', 'cniVersions: yes please\n', 1, /cniVersions must be true or false/],
      ['an override without files', 'overrides:\n  - name: gpu\n', 2, /overrides\[0\] needs `files:`/],
      ['overrides not a list', 'overrides:\n  files: a/**\n', 2, /overrides must be a list/],
      ['a duplicate key', 'failOn: error\nfailOn: never\n', 2, /not valid YAML: Map keys must be unique/],
      ['broken YAML', 'runtime: [containerd@1.7.0\n', 2, /not valid YAML/],
      ['not a mapping', '- runtime: containerd@1.7.0\n', 1, /must be a mapping of keys/],
    ];
    it.each(cases)('%s', (_, text, line, message) => {
      const err = problem(text);
      expect(err.file).toBe(FILE);
      expect(err.line).toBe(line);
      expect(err.problem).toMatch(message);
      expect(err.message.startsWith(`${FILE}:${line}:`)).toBe(true);
    });

    it('in a .json file, broken JSON says JSON', () => {
      expect(problem('{"runtime": "containerd@1.7.0",, }', '/repo/.cni-migrate.json').problem).toMatch(/^not valid JSON/);
    });
  });
});

describe('the published JSON Schema', () => {
  type Validate = ((data: unknown) => boolean) & { errors?: unknown };
  const Ajv = createRequire(import.meta.url)('ajv') as new (options: object) => { compile(schema: object): Validate };
  const validate = new Ajv({ allErrors: true, strict: false }).compile(CONFIG_SCHEMA);

  it('is the file docs/config.schema.json (regenerate: npm run build && node scripts/write-config-schema.mjs)', () => {
    expect(JSON.parse(readFileSync(new URL('../../docs/config.schema.json', import.meta.url), 'utf8'))).toEqual(JSON.parse(JSON.stringify(CONFIG_SCHEMA)));
  });

  it('accepts what the reader accepts', () => {
    for (const text of [THREE_GROUPS, 'plugins: [cni-plugins@1.6.0, "bridge=0.4.0,1.0.0"]\n', 'plugins:\n  calico: "3.26.0"\n  bridge: [0.4.0, 1.0.0]\n', '{}\n', 'matrix: m.yaml\ninclude: ["**/*.tmpl"]\nexclude: [vendor/**]\n']) {
      expect(() => read(text)).not.toThrow();
      expect(validate(parseYaml(text) ?? {}), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('rejects what the reader rejects for its shape', () => {
    const shapes = [
      'runtmes: []\n',
      'overrides:\n  - files: a/**\n    runtme: containerd@1.7.0\n',
      'overrides:\n  - runtimes: [docker@24]\n    files: a\n',
      'runtime: docker@24\n',
      'failOn: always\n',
      'cniVersions: yes please\n',
      'overrides:\n  - name: gpu\n',
      'overrides:\n  files: a/**\n',
      'plugins:\n  calico: 3.26\n',
      'targetVersion: "2.0.0"\n',
      'runtimes: []\n',
    ];
    for (const text of shapes) {
      expect(() => read(text), text).toThrow(ConfigError);
      expect(validate(parseYaml(text)), text).toBe(false);
    }
  });
});

describe('settingsForFile', () => {
  const config = read(THREE_GROUPS);

  it('gives each node group its own settings, later overrides winning', () => {
    expect(settingsForFile(config, '/repo/nodes/gpu/10-net.conflist')).toEqual({
      runtimes: ['containerd@2.1.0'],
      plugins: ['cni-plugins@1.6.0'],
      group: 'gpu',
      overrides: [0],
    });
    // Plugin entries add up; the later one for the same name wins when parsed.
    expect(settingsForFile(config, '/repo/nodes/legacy/sub/a.conf')).toEqual({
      runtimes: ['containerd@1.6.4'],
      plugins: ['cni-plugins@1.6.0', 'cni-plugins@1.1.1'],
      group: 'legacy',
      overrides: [1],
    });
  });

  it('excludeFiles keeps files out of an entry; files no entry matches get the top level', () => {
    expect(settingsForFile(config, '/repo/nodes/crio/old/a.conflist')).toEqual({ runtimes: ['containerd@1.7.0'], plugins: ['cni-plugins@1.6.0'], overrides: [] });
    expect(settingsForFile(config, '/repo/manifests/calico.yaml')).toEqual({ runtimes: ['containerd@1.7.0'], plugins: ['cni-plugins@1.6.0'], overrides: [] });
  });

  it('a glob without a slash matches the name in any directory; files outside the directory match nothing', () => {
    const byName = read('overrides:\n  - files: "*.conflist"\n    name: lists\n');
    expect(settingsForFile(byName, '/repo/a/b/10.conflist').group).toBe('lists');
    expect(settingsForFile(byName, '/repo/a/b/10.conf').group).toBeUndefined();
    expect(settingsForFile(byName, '/elsewhere/10.conflist').group).toBeUndefined();
  });
});

describe('the library: a configuration, used explicitly', () => {
  it('readConfig + settingsForFile + planOptionsFor plan each node group as the CLI does', async () => {
    const { planFile, planOptionsFor: optionsFor } = await import('../../src/index.js');
    const root = new URL('../../fixtures/fleet/', import.meta.url);
    const config = readConfig(readFileSync(new URL('.cni-migrate.yaml', root), 'utf8'), '/fleet/.cni-migrate.yaml')!;
    const plan = (group: string, name: string) => {
      const path = `nodes/${group}/etc/cni/net.d/${name}`;
      const settings = settingsForFile(config, `/fleet/${path}`);
      expect(settings.group).toBe(group);
      return planFile({ path, text: readFileSync(new URL(path, root), 'utf8') }, optionsFor(settings));
    };
    const gpu = plan('gpu', '10-containerd-net.conflist');
    expect(JSON.parse(gpu.after)).toMatchObject({ cniVersion: '1.0.0', cniVersions: ['1.0.0', '1.1.0'] });
    expect(gpu.networks[0]!.executes).toEqual([
      { runtime: 'containerd 1.7.0', version: '1.0.0' },
      { runtime: 'containerd 2.1.0', version: '1.1.0' },
    ]);
    expect(JSON.parse(plan('legacy', '10-containerd-net.conflist').after).cniVersion).toBe('0.4.0');
    expect(JSON.parse(plan('crio', '11-crio-ipv4-bridge.conflist').after).cniVersion).toBe('0.4.0');
  });
});
