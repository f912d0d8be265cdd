import { describe, expect, it } from 'vitest'
import { hashBuildInputs } from './build-if-changed.ts'

describe('hashBuildInputs', () => {
  it('is a SHA-256 of the inputs, the same for the same tree', () => {
    const first = hashBuildInputs()
    expect(first).toMatch(/^[0-9a-f]{64}$/)
    // content-based: reading the same tree twice gives the same hash (timestamps play no part)
    expect(hashBuildInputs()).toBe(first)
  })
})
