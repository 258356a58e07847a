#!/usr/bin/env node
// Copies the sourced compatibility reference into src/knowledge/data/ byte for byte, so every fact the
// tool uses keeps the source it was recorded with. Run after the reference changes:
//   npm run sync-data -- path/to/cni-compat.json
// With --check, only compares (exit 1 when they differ): for maintainers who keep the reference
// (the project's steering repository, shared/reference/) beside this one.
import { copyFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const check = args.includes('--check');
const from = args.find((a) => a !== '--check');
if (!from) {
  console.error('usage: npm run sync-data -- [--check] path/to/cni-compat.json (the sourced compatibility reference)');
  process.exit(2);
}
const to = fileURLToPath(new URL('../src/knowledge/data/cni-compat.json', import.meta.url));
if (check) {
  const same = readFileSync(from).equals(readFileSync(to));
  console.log(same ? `src/knowledge/data/cni-compat.json is a byte copy of ${from}` : `src/knowledge/data/cni-compat.json differs from ${from}: run npm run sync-data`);
  process.exit(same ? 0 : 1);
}
JSON.parse(readFileSync(from, 'utf8')); // refuse to copy something that is not JSON
copyFileSync(from, to);
console.log(`copied ${from} -> src/knowledge/data/cni-compat.json`);
