#!/usr/bin/env node
// Adds a golden fixture case from the shared corpus:
//   node scripts/add-fixture.mjs <corpus-file> <case-name> [-- cni-migrate options...]
// writes fixtures/cni-json/<case-name>/{input.<ext>, case.json}. The expected output and diff are
// written by `npx vitest run -u test/fixtures.test.ts`; review them before committing.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const [corpusFile, name, sep, ...args] = process.argv.slice(2);
if (!corpusFile || !name || (sep !== undefined && sep !== '--')) {
  console.error('usage: add-fixture.mjs <corpus-file> <case-name> [-- options...]');
  process.exit(2);
}
const corpus = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const index = JSON.parse(readFileSync(`${corpus}index.json`, 'utf8'));
const entry = index.find((e) => e.file === corpusFile);
if (!entry) {
  console.error(`${corpusFile} is not in the corpus index`);
  process.exit(2);
}
const dir = fileURLToPath(new URL(`../fixtures/cni-json/${name}/`, import.meta.url));
mkdirSync(dir, { recursive: true });
const ext = extname(corpusFile) || '.json';
copyFileSync(`${corpus}${corpusFile}`, `${dir}input${ext}`);
const source = { file: corpusFile, repo: entry.repo, path: entry.path, ref: entry.ref, commit: entry.commit, flags: entry.flags };
writeFileSync(`${dir}case.json`, `${JSON.stringify({ source, args }, null, 2)}\n`);
console.log(`fixtures/cni-json/${name}: ${args.join(' ') || '(default options)'}`);
