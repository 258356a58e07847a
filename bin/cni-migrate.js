#!/usr/bin/env node
// The CLI as one bundled file (scripts/build-cli.mjs): it starts several times faster than the
// ~270 modules it is built from, which matters for a pre-commit hook run on every commit.
import { main } from '../dist/bundle/main.js';

process.exitCode = await main(process.argv.slice(2));
