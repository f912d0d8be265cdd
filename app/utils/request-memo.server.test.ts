import { describe, expect, it } from 'vitest'
import { memoInRequest, withRequestMemo } from './request-memo.server.ts'

describe('memoInRequest', () => {
  it('reads once per key within a request, and afresh in the next request and outside one', async () => {
    let reads = 0
    const readUser = () => memoInRequest('user', async () => ++reads)
    // two loaders of one request ask at once: one read, both get its answer
    const first = await withRequestMemo(() => Promise.all([readUser(), readUser().then(async (n) => n)]))
    expect(first).toEqual([1, 1])
    // a second request reads again (2), and so does a call outside any request (3, then 4)
    expect(await withRequestMemo(readUser)).toBe(2)
    expect(await readUser()).toBe(3)
    expect(await readUser()).toBe(4)
  })

  it('keeps keys apart and follows the request into later promises', async () => {
    const answers = await withRequestMemo(async () => {
      const a = memoInRequest('a', () => 'first a')
      await new Promise((resolve) => setTimeout(resolve, 1))
      // after an await the same request's memo answers: 'first a', not 'second a'
      return [a, memoInRequest('a', () => 'second a'), memoInRequest('b', () => 'first b')]
    })
    expect(answers).toEqual(['first a', 'first a', 'first b'])
  })
})
