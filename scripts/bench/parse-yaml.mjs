#!/usr/bin/env node
/**
 * Baseline for figure 3 (process level): start node, load the same `yaml` package cni-migrate
 * uses, read FILE and build every document with parseAllDocuments. Nothing is printed.
 *
 *   node scripts/bench/parse-yaml.mjs FILE
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const docs = parseAllDocuments(readFileSync(process.argv[2], 'utf8'));
if (!Array.isArray(docs) || docs.length === 0) process.exit(1);
