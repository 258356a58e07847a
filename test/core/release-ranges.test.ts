import { describe, expect, it } from 'vitest';
import { mergeAdjacentRanges } from '../../src/core/release-ranges.js';

describe('mergeAdjacentRanges', () => {
  it('joins the rows of a project that meet end to start', () => {
    expect(mergeAdjacentRanges(['>=0.8.0 <1.0.0', '>=1.0.0 <1.6.0', '>=1.6.0'])).toEqual(['>=0.8.0']);
    expect(mergeAdjacentRanges(['>=1.6.0', '>=1.0.0 <1.6.0'])).toEqual(['>=1.0.0']);
  });

  it('joins a single release to the range that starts at its next patch, and `<=` bounds', () => {
    expect(mergeAdjacentRanges(['>=0.8.0 <1.0.0', '1.0.0', '>=1.0.1 <1.6.0'])).toEqual(['>=0.8.0 <1.6.0']);
    expect(mergeAdjacentRanges(['>=0.8.0 <=0.9.1', '>=0.9.2'])).toEqual(['>=0.8.0']);
    expect(mergeAdjacentRanges(['0.1.0'])).toEqual(['0.1.0']);
  });

  it('keeps ranges with a gap apart, and anything it cannot read as written', () => {
    expect(mergeAdjacentRanges(['>=0.6.0 <0.8.0', '>=1.0.0'])).toEqual(['>=0.6.0 <0.8.0', '>=1.0.0']);
    expect(mergeAdjacentRanges(['>=3.27.5 <3.28.0 || >=3.28.3', '(release not verified)'])).toEqual(['>=3.27.5 <3.28.0 || >=3.28.3', '(release not verified)']);
  });

  it('says "any release" when the rows cover every release', () => {
    expect(mergeAdjacentRanges(['<1.0.0', '>=1.0.0'])).toEqual(['any release']);
  });

  it('gives a list of its own at each call, whatever was done with the last one', () => {
    const first = mergeAdjacentRanges(['>=0.8.0 <1.0.0', '>=1.0.0']);
    first.push('changed');
    expect(mergeAdjacentRanges(['>=0.8.0 <1.0.0', '>=1.0.0'])).toEqual(['>=0.8.0']);
    // Lists that join the same strings differently are different lists.
    expect(mergeAdjacentRanges(['>=0.8.0 <1.0.0,>=1.0.0'])).toEqual(['>=0.8.0 <1.0.0,>=1.0.0']);
  });
});
