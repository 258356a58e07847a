import { describe, expect, it } from 'vitest';
import { remembered } from '../../src/core/remembered.js';

describe('remembered', () => {
  it('computes each key once, null answers included, and keeps no more than `max` keys', () => {
    const asked: string[] = [];
    const f = remembered((key) => {
      asked.push(key);
      return key === 'none' ? null : key.length;
    }, 2);
    expect([f('a'), f('none'), f('a'), f('none')]).toEqual([1, null, 1, null]);
    expect(asked).toEqual(['a', 'none']);
    // Past the bound, answers are still right, only no longer kept.
    expect([f('abc'), f('abc')]).toEqual([3, 3]);
    expect(asked).toEqual(['a', 'none', 'abc', 'abc']);
  });
});
