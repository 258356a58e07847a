/**
 * A seeded random integer below `n` (mulberry32, a 32-bit generator whose every output bit is
 * mixed): tests that mutate texts make the same mutations every run, so a failure can be
 * replayed, and spread their picks evenly over the inputs.
 */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}
