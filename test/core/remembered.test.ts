import { describe, expect, it } from 'vitest';
import { RecentMap, remembered } from '../../src/core/remembered.js';

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

describe('RecentMap', () => {
  it('answers as a Map until it holds `limit` keys, then forgets them all before keeping a new one', () => {
    const m = new RecentMap<string, number>(3);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    expect([m.get('a'), m.has('b'), m.get('c'), m.get('d')]).toEqual([1, true, 3, undefined]);
    // A key it holds is updated in place, at the limit too.
    m.set('a', 10);
    expect([m.get('a'), m.get('b')]).toEqual([10, 2]);
    m.set('d', 4);
    expect([m.has('a'), m.has('b'), m.has('c'), m.get('d')]).toEqual([false, false, false, 4]);
    m.delete('d');
    expect(m.has('d')).toBe(false);
  });
});
