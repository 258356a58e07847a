/**
 * signalFinder answers what `bytes.includes` answers for every signal, in any order of asking,
 * though it looks for each only from where its first three bytes first occur.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signalFinder } from '../../src/io/process-file.js';
import { mightBeClaimed } from '../../src/core/plan.js';
import { repoRoot } from '../helpers/cli.js';
import { seededRandom } from '../helpers/seeded.js';
import { filesUnder } from '../helpers/files-under.js';

describe('signalFinder', () => {
  const fixtures = [...filesUnder(join(repoRoot, 'fixtures'))].map((path) => ({ path, bytes: readFileSync(path) }));

  it("decides every fixture as bytes.includes does, asking the formats' own signals", () => {
    const asked = new Set<string>();
    let claimed = 0;
    for (const { path, bytes } of fixtures) {
      const expected = mightBeClaimed(path, (ascii) => {
        asked.add(ascii);
        return bytes.includes(Buffer.from(ascii, 'latin1'));
      });
      if (expected) claimed++;
      expect(mightBeClaimed(path, signalFinder(bytes)), path).toBe(expected);
    }
    expect(fixtures.length).toBeGreaterThan(500);
    expect(claimed).toBeGreaterThan(300);
    expect(claimed).toBeLessThan(fixtures.length);
    // The signals that share their first three bytes, which the finder looks for together.
    expect([...asked].filter((s) => s.startsWith('cni')).length).toBeGreaterThanOrEqual(4);
  });

  it('answers each signal as bytes.includes does, in any order, for needles that share a start or are shorter than three bytes', () => {
    const random = seededRandom(19);
    const needles = ['cniVersion', 'cni_network_config', 'cni-conf.json', 'cniConf', 'cni', 'cn', 'c', '"type', '"ty', '.conflist', '://', 'urls:', 'NetworkAttachmentDefinition', 'kind', '"kind"', 'zzz-not-there'];
    let held = 0;
    let asked = 0;
    for (const { path, bytes } of fixtures) {
      const holds = signalFinder(bytes);
      for (let k = 0; k < 12; k++) {
        const needle = needles[random(needles.length)]!;
        const expected = bytes.includes(Buffer.from(needle, 'latin1'));
        expect(holds(needle), `${path}: ${needle}`).toBe(expected);
        asked++;
        if (expected) held++;
      }
    }
    expect(held).toBeGreaterThan(asked / 10);
    expect(held).toBeLessThan(asked - asked / 10);
  });
});
