#!/usr/bin/env node
// CommonJS (bin/package.json), which Node starts faster than an ES module. The launcher runs the
// bundled CLI with V8's code cache (src/cli/launch.ts).
'use strict';
const { join } = require('node:path');

require('../dist/bundle/launch.cjs')
  .launch(join(__dirname, '..', 'dist', 'bundle', 'cli.cjs'), process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
