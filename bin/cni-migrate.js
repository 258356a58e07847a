#!/usr/bin/env node
// The CLI as one bundled file (scripts/build-cli.mjs): it starts several times faster than the
// ~270 modules it is built from, which matters for a pre-commit hook run on every commit.
import module from 'node:module';

// Node 22.1+ can keep the bundle's compiled code on disk, so later runs skip most of the compile
// time; older Node has no such API. Enabled before the bundle is imported, hence the dynamic import.
module.enableCompileCache?.();
const { main } = await import('../dist/bundle/main.js');

process.exitCode = await main(process.argv.slice(2));
