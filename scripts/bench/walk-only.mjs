#!/usr/bin/env node
/**
 * cni-migrate's directory walk alone, for the listing figure (1l): the built discoverFiles()
 * (dist/io/files.js, which loads little else) over DIR with the patterns a walk offers the
 * formats, as `check DIR` walks it (.gitignore files, git inside a work tree), reading no file.
 *
 *   node scripts/bench/walk-only.mjs DIR PATTERNS_JSON
 * Prints `{"files": N}`.
 */
import { resolve } from 'node:path';

const [dir, patternsJson] = process.argv.slice(2);
const { discoverFiles } = await import(new URL('../../dist/io/files.js', import.meta.url).href);
let files = 0;
for await (const _ of discoverFiles(['.'], { cwd: resolve(dir), patterns: JSON.parse(patternsJson) })) files++;
process.stdout.write(`${JSON.stringify({ files })}\n`);
