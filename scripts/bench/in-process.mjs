#!/usr/bin/env node
/**
 * Figure 3, in-process: after warming up, times cni-migrate's planFile() (from the built library,
 * dist/index.js) and yaml's parseAllDocuments() on the same text, alternately, ITERATIONS times
 * each. Prints `{"plan": [ms...], "parse": [ms...], "changed": bool, "documents": n}`.
 *
 *   node scripts/bench/in-process.mjs DIST_INDEX_URL FILE ITERATIONS
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseAllDocuments } from 'yaml';

const [distIndex, file, iterations = '10'] = process.argv.slice(2);
const { planFile } = await import(distIndex);
const text = readFileSync(file, 'utf8');
const input = { path: basename(file), text };
const time = (fn) => {
  const start = process.hrtime.bigint();
  const result = fn();
  return [Number(process.hrtime.bigint() - start) / 1e6, result];
};
for (let i = 0; i < 3; i++) {
  planFile(input);
  parseAllDocuments(text);
}
const plan = [];
const parse = [];
let changed = false;
let documents = 0;
for (let i = 0; i < Number(iterations); i++) {
  const [a, p] = time(() => planFile(input));
  const [b, d] = time(() => parseAllDocuments(text));
  plan.push(a);
  parse.push(b);
  changed = p.changed;
  documents = d.length;
}
process.stdout.write(`${JSON.stringify({ plan, parse, changed, documents })}\n`);
