#!/usr/bin/env node
// Copies the sourced compatibility reference into src/data/ byte for byte, so every fact the
// tool uses keeps the source it was recorded with. Run after the reference changes:
//   npm run sync-data [-- path/to/cni-compat.json]
import { copyFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const from = process.argv[2] ?? fileURLToPath(new URL('../../shared/reference/cni-compat.json', import.meta.url));
const to = fileURLToPath(new URL('../src/data/cni-compat.json', import.meta.url));
JSON.parse(readFileSync(from, 'utf8')); // refuse to copy something that is not JSON
copyFileSync(from, to);
console.log(`copied ${from} -> src/data/cni-compat.json`);
