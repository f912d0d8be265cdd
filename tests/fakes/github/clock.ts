/** A clock that only moves when something sleeps on it: tests wait for rate limits without waiting. */
export function fakeClock(start = Date.parse('2026-08-21T09:00:00Z')) {
  let now = start
  const sleeps: number[] = []
  return {
    now: () => now,
    date: () => new Date(now),
    sleep: async (ms: number) => {
      sleeps.push(ms)
      now += ms
    },
    advance(ms: number) {
      now += ms
    },
    sleeps,
  }
}
