/** Where lines start, in ascending order, and the line an offset lies on. */

/**
 * The index of the last line start at or before `offset` (`starts` ascending, `starts[0]` at or
 * before every offset asked): the line `offset` lies on. A binary search: a text may have
 * thousands of lines.
 */
export function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
