#!/usr/bin/env node
/**
 * The I/O floor for figure 1: list the files `cni-migrate check DIR` would read and read each
 * one fully, one after the other (as the CLI does), and nothing else.
 *
 * It lists them the way src/io/files.ts did before the CLI had a walk of its own (src/io/walk.ts),
 * with the same packages and settings: fast-glob
 * with the patterns a walk offers the formats (passed in by the harness, which takes the built
 * registry's WALKED_PATTERNS: format patterns and template files), `dot: true`, `onlyFiles`, no symlink following, `**\/node_modules/**` and
 * `**\/.git/**` skipped; then every `.gitignore` in the tree, each scoped to its own folder and
 * applied with the `ignore` package to the file and to each folder above it. The harness checks
 * that the list is identical to the one the built discoverFiles() yields: on the synthetic
 * repositories (no `!` in a nested .gitignore) the two walks agree path for path, in order.
 *
 * `--read sync` (the default, and the floor the figure uses) reads with readFileSync, the
 * cheapest plain way; `--read promises` reads with fs/promises readFile, the call the CLI used before it read synchronously,
 * to show what that API costs by itself; `--read none` only lists (the listing as a figure of its own).
 *
 *   node scripts/bench/io-floor.mjs DIR PATTERNS_JSON [--read sync|promises|none] [--list FILE]
 * Prints `{"files": N, "bytes": B}`.
 */
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import fg from 'fast-glob';
import ignore from 'ignore';

const [root, patternsJson, ...rest] = process.argv.slice(2);
const patterns = JSON.parse(patternsJson);
const option = (name) => (rest.includes(name) ? rest[rest.indexOf(name) + 1] : undefined);
const mode = option('--read') ?? 'sync';
const listFile = option('--list');
if (mode !== 'sync' && mode !== 'promises' && mode !== 'none') throw new Error(`--read ${mode}: sync, promises or none`);
const skipped = ['**/node_modules/**', '**/.git/**'];

const entries = await fg(patterns, { cwd: root, ignore: skipped, dot: true, onlyFiles: true, followSymbolicLinks: false, suppressErrors: true });
entries.sort();

const scopes = [];
for (const f of await fg('**/.gitignore', { cwd: root, ignore: skipped, dot: true, suppressErrors: true })) {
  const dir = dirname(f) === '.' ? '' : dirname(f);
  scopes.push({ dir, matcher: ignore().add(await readFile(join(root, f), 'utf8')) });
}
const ignored = (path) =>
  scopes.some(({ dir, matcher }) => {
    if (dir && !path.startsWith(`${dir}/`)) return false;
    const parts = (dir ? path.slice(dir.length + 1) : path).split('/');
    for (let i = 1; i < parts.length; i++) if (matcher.ignores(`${parts.slice(0, i).join('/')}/`)) return true;
    return matcher.ignores(parts.join('/'));
  });

const kept = entries.filter((e) => !ignored(e));
let bytes = 0;
if (mode === 'sync') for (const entry of kept) bytes += readFileSync(join(root, entry)).length;
else if (mode === 'promises') for (const entry of kept) bytes += (await readFile(join(root, entry))).length;
if (listFile) await writeFile(listFile, `${kept.join('\n')}\n`);
process.stdout.write(`${JSON.stringify({ files: kept.length, bytes })}\n`);
