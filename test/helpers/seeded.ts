/**
 * A seeded random integer below `n` (a linear congruential generator): tests that mutate texts
 * make the same mutations every run, so a failure can be replayed.
 */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}
