// Bundles the CLI into dist/bundle/cli.cjs, which bin/cni-migrate.js starts through
// dist/bundle/launch.cjs (src/cli/launch.ts). A pre-commit hook starts the CLI for every commit,
// and loading ~270 small modules (the dependencies' many files included) costs more than the work
// on a small config; one bundle loads several times faster, and one CommonJS file is what V8's code
// cache can keep (the launcher gives V8 the bytecode of an earlier run). What only some runs need
// (directory walks, diffs, explain, generate, verify, probe, the `yaml` package, semver's functions)
// is evaluated on first use, so it costs little more than its share of the cache. The library (dist/index.js,
// dist/cjs; built by tsc without src/cli and src/ansible) stays unbundled.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

// `--outdir DIR` builds elsewhere (tests build a private copy rather than rewrite dist/).
const flag = process.argv.indexOf('--outdir');
const outdir = flag > 0 ? process.argv[flag + 1] : `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });

// The library loads the `yaml` package with everything else; the CLI loads it when a run first
// parses YAML (src/cli/yaml-package-on-demand.ts), so a hook checking a conflist never evaluates it.
// semver's functions likewise, each on its first call (src/cli/semver-functions-on-demand.ts).
const onDemand = {
  name: 'on-demand',
  setup(b) {
    b.onResolve({ filter: /\/yaml-package\.js$/ }, () => ({ path: `${root}src/cli/yaml-package-on-demand.ts` }));
    b.onResolve({ filter: /\/semver-functions\.js$/ }, () => ({ path: `${root}src/cli/semver-functions-on-demand.ts` }));
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  keepNames: true,
  legalComments: 'none',
  charset: 'ascii',
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: [`${root}src/cli/main.ts`],
  outfile: `${outdir}/cli.cjs`,
  // ESM entry points first: jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow.
  mainFields: ['module', 'main'],
  plugins: [onDemand],
  // import() of Node's own modules becomes a require: a script run from V8's code cache (a
  // vm.Script) has no loader for import().
  supported: { 'dynamic-import': false },
  define: { CNI_MIGRATE_VERSION: JSON.stringify(JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version) },
});

const built = readFileSync(`${outdir}/cli.cjs`, 'utf8');
if (/[^\x00-\x7f]/.test(built)) throw new Error('dist/bundle/cli.cjs is not ASCII, which the launcher reads it as');
if (/\bimport\(/.test(built)) throw new Error('dist/bundle/cli.cjs calls import(), which a script run from the code cache cannot');
// The module body wrapped as Node's CommonJS loader wraps a module, so the launcher hands V8 the
// file as read (no copy of 700 KB joined to a wrapper at every start). V8 accepts cached bytecode
// for any source of the same length, so the cache is named by a hash of the content, which the
// launcher reads from the last line.
const bundle = `// The CLI: a CommonJS module body wrapped as Node wraps one; src/cli/launch.ts runs it.\n(function (exports, require, module, __filename, __dirname) {${built}\n})\n`;
writeFileSync(`${outdir}/cli.cjs`, `${bundle}// cniMigrateBundleHash=${createHash('sha256').update(bundle).digest('hex').slice(0, 16)}\n`);

await build({ ...common, entryPoints: [`${root}src/cli/launch.ts`], outfile: `${outdir}/launch.cjs` });
