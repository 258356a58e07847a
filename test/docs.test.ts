/** Diagnostic codes are public API: each has exactly one section in docs/diagnostics.md. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from '../src/core/diagnostics.js';

const doc = readFileSync(new URL('../docs/diagnostics.md', import.meta.url), 'utf8');
const sections = [...doc.matchAll(/^## ([A-Z_]+)$/gm)].map((m) => m[1]);

describe('docs/diagnostics.md', () => {
  it('documents every code once, and no code that does not exist', () => {
    expect([...sections].sort()).toEqual(Object.keys(DIAGNOSTIC_CODES).sort());
    expect(new Set(sections).size).toBe(sections.length);
  });

  it('states the severity each code really has', () => {
    for (const [code, info] of Object.entries(DIAGNOSTIC_CODES)) {
      const section = doc.split(`## ${code}\n`)[1]!.split('\n## ')[0]!;
      expect(section, code).toContain(`**Severity:** ${info.severity}`);
    }
  });
});
