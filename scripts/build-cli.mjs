// Bundles the CLI into dist/bundle/main.js (plus chunks), which bin/cni-migrate.js runs. A
// pre-commit hook starts the CLI for every commit, and loading ~270 small modules (the
// dependencies' many files included) costs more than the work on a small config; a bundle loads
// several times faster. What only some runs need (directory walks, diffs, explain, generate,
// verify, probe) is imported dynamically and split into chunks loaded on demand. The library
// (dist/index.js, dist/cjs; built by tsc without src/cli and src/ansible) stays unbundled.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

// `--outdir DIR` builds elsewhere (tests build a private copy rather than rewrite dist/).
const flag = process.argv.indexOf('--outdir');
const outdir = flag > 0 ? process.argv[flag + 1] : `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });

// The library loads the `yaml` package with everything else; the CLI loads it when a run first
// reads YAML (src/cli/yaml-package-on-demand.ts), so a hook checking a conflist never evaluates it.
const yamlOnDemand = {
  name: 'yaml-on-demand',
  setup(b) {
    b.onResolve({ filter: /\/yaml-package\.js$/ }, () => ({ path: `${root}src/cli/yaml-package-on-demand.ts` }));
  },
};

await build({
  entryPoints: [`${root}src/cli/main.ts`],
  // Two levels below the root, where src/cli/main.ts finds `../../package.json` (the version).
  outdir,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  minify: true,
  keepNames: true,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ESM entry points first: jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow.
  mainFields: ['module', 'main'],
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [yamlOnDemand],
  // The CommonJS dependencies (semver, picomatch, ...) require Node's own modules; an ES module
  // has no `require`, so the bundle makes one.
  banner: { js: "import { createRequire as __cniMigrateRequire } from 'node:module';\nconst require = __cniMigrateRequire(import.meta.url);" },
});
