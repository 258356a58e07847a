#!/usr/bin/env node
/**
 * The plain read floor (docs/benchmarks.md): walk the tree with readdirSync and read every
 * .yaml/.yml/.json/.conf/.conflist file with readFileSync, and nothing else: no glob package, no
 * .gitignore. Only `node_modules` and `.git` folders are skipped, as any walker would.
 *
 *   node scripts/bench/plain-floor.mjs DIR
 * Prints `{"files": N, "bytes": B}`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const READ = /\.(ya?ml|json|conf|conflist)$/;
let files = 0;
let bytes = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== '.git') walk(path);
    } else if (entry.isFile() && READ.test(entry.name)) {
      bytes += readFileSync(path).length;
      files++;
    }
  }
};
walk(process.argv[2] ?? '.');
process.stdout.write(`${JSON.stringify({ files, bytes })}\n`);
