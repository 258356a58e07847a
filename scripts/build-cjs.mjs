// Builds the CommonJS entry of the library next to the ESM build that tsc wrote to dist/:
//   dist/cjs/index.js      one esbuild bundle of src/index.ts (runtime dependencies stay require()s)
//   dist/cjs/**/*.d.ts     the declarations tsc emitted, copied under a package.json that says
//                          "type": "commonjs", so TypeScript reads them as CommonJS types
// Run after `tsc -p tsconfig.build.json` (see the "build" script).
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const out = join(dist, 'cjs');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  outfile: join(out, 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: `node${/\d+/.exec(pkg.engines.node)[0]}`,
  // Dependencies are installed next to the package; only the project's own modules are bundled.
  packages: 'external',
  sourcemap: true,
  sourcesContent: true,
  logLevel: 'warning',
});

// The declarations describe the same exports; only the module format they are read in differs.
// One thing does not carry over: a default import of a CommonJS dependency (`import ipaddr from
// 'ipaddr.js'`, a module declared with `export =`) needs esModuleInterop in a CommonJS program,
// which Pulumi's and many other templates do not set. `import x = require()` means the same
// there and needs nothing.
const DEFAULT_IMPORT = /^import (\w+) from '([^'.][^']*)';$/gm;
for (const rel of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
  const top = rel.split(sep)[0];
  if (top === 'cjs' || !rel.endsWith('.d.ts')) continue;
  mkdirSync(join(out, dirname(rel)), { recursive: true });
  const text = readFileSync(join(dist, rel), 'utf8');
  writeFileSync(join(out, rel), text.replace(DEFAULT_IMPORT, "import $1 = require('$2');"));
}
writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
