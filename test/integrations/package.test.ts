/**
 * The package as users get it: `npm pack` of the working tree, installed with the real npm into a
 * temp project, then loaded with `require` and `import` (docs/library.md's snippets, run verbatim),
 * type-checked by TypeScript consumers in CommonJS and ESM setups, its CLI run through npx, and
 * linted by publint and arethetypeswrong. Needs the build (npm test runs it first) and the npm
 * registry (for the runtime dependencies).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/cli.js';
import { acquirePacked, describeRun, npm, releasePacked, run, type Packed } from '../helpers/pack.js';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string> };
/** containerd's 10-containerd-net.conflist at 0.4.0 (v1.5.0) and at 1.0.0 (what v2.1.0 ships). */
const golden = join(repoRoot, 'fixtures', 'cni-json', 'containerd-v1.5.0-10-containerd-net--target-1.0.0');
const CONFLIST = '10-containerd-net.conflist';

/** The ```js block of docs/library.md whose first line is `// <name>`. */
function librarySnippet(name: string): string {
  const doc = readFileSync(join(repoRoot, 'docs', 'library.md'), 'utf8');
  const blocks = [...doc.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]!).filter((b) => b.startsWith(`// ${name}\n`));
  expect(blocks, `docs/library.md has one \`\`\`js block starting with "// ${name}"`).toHaveLength(1);
  return blocks[0]!;
}

/** A TypeScript consumer of the API; the same text is checked as .ts, .cts and .mts. */
const CONSUMER = `import {
  CONTAINERD_BRIDGE_DEFAULTS,
  GenerateError,
  MatrixError,
  formatDiagnostic,
  generateContainerdBridge,
  planFile,
  type Diagnostic,
  type FilePlan,
  type PlanOptions,
} from 'cni-migrate';

const options: PlanOptions = { targetVersion: '1.0.0', plugins: { releases: { 'cni-plugins': '1.1.1' } } };
const plan: FilePlan = planFile({ path: '10-containerd-net.conflist', text: '{}' }, options);
const messages: string[] = plan.diagnostics.map((d: Diagnostic) => formatDiagnostic(d));
const after: string = plan.after;
const generated = generateContainerdBridge({ cniVersion: CONTAINERD_BRIDGE_DEFAULTS.cniVersion });
const errors: Error[] = [new GenerateError('x'), new MatrixError('y')];
// @ts-expect-error planFile needs its input: the types are real, not any
planFile();
export { messages, after, generated, errors };
`;

interface TsSetup {
  readonly name: string;
  readonly file: string;
  readonly compilerOptions: Record<string, unknown>;
  /** The declaration file the package must resolve to. */
  readonly types: string;
}

const TS_SETUPS: readonly TsSetup[] = [
  { name: 'CommonJS (module: commonjs, as Pulumi templates)', file: 'consumer.ts', compilerOptions: { module: 'commonjs' }, types: 'dist/cjs/index.d.ts' },
  { name: 'CommonJS .cts (module: nodenext)', file: 'consumer.cts', compilerOptions: { module: 'nodenext' }, types: 'dist/cjs/index.d.ts' },
  { name: 'CommonJS .cts (module: node16)', file: 'consumer.cts', compilerOptions: { module: 'node16' }, types: 'dist/cjs/index.d.ts' },
  { name: 'ESM .mts (module: nodenext)', file: 'consumer.mts', compilerOptions: { module: 'nodenext' }, types: 'dist/index.d.ts' },
  { name: 'ESM (module: esnext, moduleResolution: bundler)', file: 'consumer.mts', compilerOptions: { module: 'esnext', moduleResolution: 'bundler' }, types: 'dist/index.d.ts' },
];

describe('the packed package', () => {
  let packed: Packed;
  let project: { dir: string } = { dir: '' };
  let installed: string;

  beforeAll(async () => {
    packed = await acquirePacked();
    project = tempDir('cni-migrate-consumer-');
    writeFileSync(join(project.dir, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2)}\n`);
    const r = await run(npm, ['install', '--no-audit', '--no-fund', packed.tarball], project.dir);
    if (r.code !== 0) throw new Error(describeRun('npm install <tarball>', r));
    installed = join(project.dir, 'node_modules', pkg.name);
    copyFileSync(join(golden, 'input.conflist'), join(project.dir, CONFLIST));
    writeFileSync(join(project.dir, 'migrate.cjs'), librarySnippet('migrate.cjs'));
    writeFileSync(join(project.dir, 'migrate.mjs'), librarySnippet('migrate.mjs'));
  }, 180_000);

  afterAll(async () => {
    // Asynchronously: a synchronous delete of node_modules would stall the test worker.
    if (project.dir) await rm(project.dir, { recursive: true, force: true });
    releasePacked();
  }, 120_000);

  it('is the working tree at the version in package.json', async () => {
    expect(packed.name).toBe(pkg.name);
    expect(packed.version).toBe(pkg.version);
  });

  it('holds what the package needs and no sources, tests or fixtures', async () => {
    const files = packed.files;
    for (const needed of ['package.json', 'README.md', 'CHANGELOG.md', 'bin/cni-migrate.js', 'bin/package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json', 'dist/bundle/cli.cjs', 'dist/bundle/launch.cjs', 'ansible/plugins/modules/cni_migrate', 'dist/knowledge/data/cni-compat.json']) {
      expect(files, needed).toContain(needed);
    }
    for (const doc of readdirSync(join(repoRoot, 'docs'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'))) {
      expect(files).toContain(`docs/${doc.replaceAll('\\', '/')}`);
    }
    for (const license of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'NOTICE']) {
      if (existsSync(join(repoRoot, license))) expect(files).toContain(license);
    }
    expect(files.filter((f) => /^(src|test|fixtures|examples|scripts|node_modules|coverage|\.ci)\//.test(f) || f.endsWith('.tgz') || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    // Everything package.json points at is in the tarball.
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    const pointers = JSON.stringify([manifest['exports'], manifest['main'], manifest['types'], manifest['bin']]).match(/"\.\/[^"]+"|"bin\/[^"]+"/g) ?? [];
    expect(pointers.length).toBeGreaterThan(5);
    for (const p of pointers.map((q) => q.slice(1, -1).replace(/^\.\//, ''))) expect(files, `package.json points at ${p}`).toContain(p);
  });

  it('has source maps that need no file outside it', async () => {
    const maps = packed.files.filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const m of maps) {
      const map = JSON.parse(readFileSync(join(installed, m), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      map.sources.forEach((source, i) => {
        const inside = join(dirname(m), source).replaceAll('\\', '/');
        if (!packed.files.includes(inside) && typeof map.sourcesContent?.[i] !== 'string') missing.push(`${m} → ${source}`);
      });
    }
    expect(missing).toEqual([]);
  });

  it("require('cni-migrate') from a .cjs file runs the docs/library.md snippet: the conflist migrated", async () => {
    const r = await run(process.execPath, ['migrate.cjs', CONFLIST], project.dir);
    expect(r.code, describeRun('node migrate.cjs', r)).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(golden, 'expected.conflist'), 'utf8'));
    // The CommonJS build, not require(esm) with its experimental warning.
    expect(r.stderr).toBe('');
  });

  it("import from a .mjs file runs the docs/library.md snippet: the conflist migrated", async () => {
    const r = await run(process.execPath, ['migrate.mjs', CONFLIST], project.dir);
    expect(r.code, describeRun('node migrate.mjs', r)).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(golden, 'expected.conflist'), 'utf8'));
    expect(r.stderr).toBe('');
  });

  it('gives require and import the same API, from the CommonJS and the ESM build', async () => {
    const script = `const cjs = require('cni-migrate');
import('cni-migrate').then((esm) => {
  const shape = (m) => Object.keys(m).filter((k) => k !== 'default' && k !== 'module.exports').sort().map((k) => k + ':' + typeof m[k]);
  const g = cjs.generateContainerdBridge();
  process.stdout.write(JSON.stringify({
    cjs: shape(cjs), esm: shape(esm), required: require.resolve('cni-migrate'),
    generatedPlanned: cjs.planFile({ path: '10-containerd-net.conflist', text: g.text }).diagnostics.filter((d) => d.severity === 'error').length,
    sameText: g.text === esm.generateContainerdBridge().text,
  }));
});
`;
    writeFileSync(join(project.dir, 'shape.cjs'), script);
    const r = await run(process.execPath, ['shape.cjs'], project.dir);
    expect(r.code, describeRun('node shape.cjs', r)).toBe(0);
    const out = JSON.parse(r.stdout) as { cjs: string[]; esm: string[]; required: string; generatedPlanned: number; sameText: boolean };
    expect(out.cjs).toEqual(out.esm);
    expect(out.cjs).toEqual(expect.arrayContaining(['planFile:function', 'generateContainerdBridge:function', 'formatDiagnostic:function', 'MatrixError:function']));
    expect(out.required.replaceAll('\\', '/')).toMatch(/node_modules\/cni-migrate\/dist\/cjs\/index\.js$/);
    expect(out.generatedPlanned).toBe(0);
    expect(out.sameText).toBe(true);
  });

  it('npx cni-migrate --version prints the version in package.json', async () => {
    const r = await run('npx', ['--no-install', 'cni-migrate', '--version'], project.dir);
    expect(r.code, describeRun('npx cni-migrate --version', r)).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('the CLI from the installed package fixes a conflist', async () => {
    const r = await run('npx', ['--no-install', 'cni-migrate', 'diff', '--plugin', 'cni-plugins@1.1.1', '--target-version', '1.0.0', CONFLIST], project.dir);
    expect(r.code, describeRun('npx cni-migrate diff', r)).toBe(1);
    expect(r.stdout).toContain('-  "cniVersion": "0.4.0",\n+  "cniVersion": "1.0.0",');
  });

  describe('type-checks as a TypeScript dependency', () => {
    const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
    for (const setup of TS_SETUPS) {
      it(setup.name, async () => {
        const dir = join(project.dir, `ts-${TS_SETUPS.indexOf(setup)}`);
        mkdirSync(dir);
        writeFileSync(join(dir, setup.file), CONSUMER);
        const tsconfig = {
          compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, types: [], lib: ['es2022'], target: 'es2022', ...setup.compilerOptions },
          files: [setup.file],
        };
        writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
        const r = await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--listFiles', '--pretty', 'false'], dir);
        expect(r.code, describeRun(`tsc (${setup.name})`, r)).toBe(0);
        const listed = r.stdout.split(/\r?\n/).map((l) => l.replaceAll('\\', '/'));
        expect(listed).toContain(join(installed, setup.types).replaceAll('\\', '/'));
      }, 60_000);
    }
  });

  it('publint (strict, every level) finds nothing in the tarball', async () => {
    const tarball = readFileSync(packed.tarball);
    const result = await publint({ pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) }, level: 'suggestion', strict: true });
    expect(result.messages.map((m) => `${m.type} ${m.code}: ${formatMessage(m, result.pkg) ?? ''}`)).toEqual([]);
  }, 60_000);

  it('arethetypeswrong (default profile) finds no problem in the tarball', async () => {
    const attwPkg = require.resolve('@arethetypeswrong/cli/package.json');
    const bin = (JSON.parse(readFileSync(attwPkg, 'utf8')) as { bin: Record<string, string> }).bin['attw']!;
    const r = await run(process.execPath, [join(dirname(attwPkg), bin), packed.tarball, '--format', 'json'], project.dir);
    expect(r.code, describeRun('attw', r)).toBe(0);
    const report = JSON.parse(r.stdout) as {
      analysis: { problems: unknown[]; entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }> };
    };
    expect(report.analysis.problems).toEqual([]);
    const root = report.analysis.entrypoints['.']!.resolutions;
    expect(root['node16-cjs']?.resolution?.fileName).toMatch(/dist\/cjs\/index\.d\.ts$/);
    expect(root['node16-esm']?.resolution?.fileName).toMatch(/dist\/index\.d\.ts$/);
  }, 120_000);
});
