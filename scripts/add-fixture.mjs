#!/usr/bin/env node
// Adds a golden fixture case from the corpus of upstream configs (fixtures/upstream):
//   node scripts/add-fixture.mjs <corpus-file> <case-name> [-- cni-migrate options...]
// writes fixtures/<format>/<case-name>/{input.<ext>, case.json}, where <format> is k8s-yaml for
// YAML files and cni-json otherwise. The expected plan, diff and (for small files) output are
// written by `npx vitest run -u test/formats/fixtures.test.ts`; review them before committing.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const [corpusFile, name, sep, ...args] = process.argv.slice(2);
if (!corpusFile || !name || (sep !== undefined && sep !== '--')) {
  console.error('usage: add-fixture.mjs <corpus-file> <case-name> [-- options...]');
  process.exit(2);
}
const corpus = fileURLToPath(new URL('../fixtures/upstream/', import.meta.url));
const index = JSON.parse(readFileSync(`${corpus}index.json`, 'utf8'));
const entry = index.find((e) => e.file === corpusFile);
if (!entry) {
  console.error(`${corpusFile} is not in the corpus index`);
  process.exit(2);
}
const ext = extname(corpusFile) || '.json';
const format = /\.ya?ml$/i.test(ext) ? 'k8s-yaml' : 'cni-json';
const dir = fileURLToPath(new URL(`../fixtures/${format}/${name}/`, import.meta.url));
mkdirSync(dir, { recursive: true });
copyFileSync(`${corpus}${corpusFile}`, `${dir}input${ext}`);
const source = { file: corpusFile, repo: entry.repo, path: entry.path, ref: entry.ref, commit: entry.commit, flags: entry.flags };
writeFileSync(`${dir}case.json`, `${JSON.stringify({ source, args }, null, 2)}\n`);
console.log(`fixtures/${format}/${name}: ${args.join(' ') || '(default options)'}`);
