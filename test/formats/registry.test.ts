/** Every format is complete: a readme, fixture cases, a unique id, patterns that compile. */
import { existsSync, readdirSync } from 'node:fs';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/formats/registry.js';

describe('format registry', () => {
  it('has unique ids', () => {
    const ids = FORMATS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const format of FORMATS) {
    it(`${format.id} has a readme, fixtures and working patterns`, () => {
      expect(existsSync(new URL(`../../src/formats/${format.id}/readme.md`, import.meta.url))).toBe(true);
      const cases = readdirSync(new URL(`../../fixtures/${format.id}/`, import.meta.url));
      expect(cases.length).toBeGreaterThan(0);
      expect(format.patterns.length).toBeGreaterThan(0);
      for (const p of format.patterns) expect(() => fg.generateTasks([p])).not.toThrow();
      // Its patterns find its own fixture inputs.
      const found = fg.sync(format.patterns as string[], { cwd: new URL(`../../fixtures/${format.id}/`, import.meta.url).pathname });
      expect(found.some((f) => /\/input\./.test(f))).toBe(true);
    });
  }
});
