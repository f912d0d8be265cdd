/**
 * mulberry32: a small seeded PRNG, so generated data (the demo, the benchmarks) is the same on
 * every run. The GitHub stand-in keeps its own copy (tests/fakes/github/dataset.ts): a fake imports
 * nothing from the application.
 */
export function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
