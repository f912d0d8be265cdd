import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { detectLinkFacets, parseAtUri, postUrl } from './records.ts'
import { decodeTid, deriveTid, encodeTid, isValidTid } from './tid.ts'

const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

describe('TIDs', () => {
  it('encodes and decodes the published example', () => {
    // @atcute/tid's README: create(1724171495793000, 512) → 3l25zusnsfck2; 3l25zusnsfctk has clock id 816
    expect(encodeTid(1724171495793000n, 512)).toBe('3l25zusnsfck2')
    expect(decodeTid('3l25zusnsfctk')).toEqual({ microseconds: 1724171495793000n, clockId: 816 })
    // the integer zero is 2222222222222 (atproto spec "tid")
    expect(encodeTid(0n, 0)).toBe('2222222222222')
  })

  it('validates the syntax', () => {
    expect(isValidTid('3jzfcijpj2z2a')).toBe(true)
    expect(isValidTid('3jzfcijpj2z2')).toBe(false) // 12 characters
    expect(isValidTid('kjzfcijpj2z2a')).toBe(false) // top bit set
    expect(isValidTid('3jzfcijpj2z21')).toBe(false) // 1 is not in the alphabet
    expect(isValidTid(42)).toBe(false)
  })

  it('derives the same key for the same post, channel and time, and a different one otherwise', () => {
    const at = new Date('2026-10-06T09:00:00Z')
    const key = deriveTid('post-1', 'channel-1', at)
    expect(deriveTid('post-1', 'channel-1', at)).toBe(key)
    expect(deriveTid('post-1', 'channel-2', at)).not.toBe(key)
    expect(deriveTid('post-2', 'channel-1', at)).not.toBe(key)
    // its time is within the scheduled second
    const { microseconds } = decodeTid(key)
    expect(microseconds / 1_000_000n).toBe(BigInt(at.getTime() / 1000))
  })

  it('derives valid TIDs that sort like the schedule and do not collide', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.uuid(),
        fc.date({ min: new Date('2020-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (post, channel, at) => {
          const tid = deriveTid(post, channel, at)
          expect(tid).toHaveLength(13)
          expect(isValidTid(tid)).toBe(true)
          expect(decodeTid(tid).microseconds / 1_000_000n).toBe(BigInt(Math.floor(at.getTime() / 1000)))
          const later = deriveTid(post, channel, new Date(at.getTime() + 1000))
          expect(later > tid).toBe(true)
        },
      ),
    )
    // 10,000 posts in the same second: no two share a key
    const at = new Date('2026-10-06T09:00:00Z')
    const keys = new Set(Array.from({ length: 10_000 }, (_, i) => deriveTid(`post-${i}`, 'channel', at)))
    expect(keys.size).toBe(10_000)
  })
})

describe('link facets', () => {
  it('puts the link on UTF-8 bytes after emoji and accented letters', () => {
    const text = 'Découvrez 🔋👩🏽‍🔬 https://pybamm.org/docs!'
    const [facet] = detectLinkFacets(text)
    // "Découvrez " = 11 bytes (é is 2), 🔋 4, 👩🏽‍🔬 = 4 + 4 + 3 + 4 = 15, " " 1 → 31
    expect(facet.index.byteStart).toBe(31)
    // the link is 23 ASCII bytes; the "!" stays outside
    expect(facet.index.byteEnd).toBe(54)
    expect(facet.features[0].uri).toBe('https://pybamm.org/docs')
    expect(Buffer.from(text).subarray(facet.index.byteStart, facet.index.byteEnd).toString()).toBe('https://pybamm.org/docs')
  })

  it('links a bare domain with a real top-level domain as https, and skips file names', () => {
    const text = '日本語 pybamm.org and data.csv (see docs.pybamm.org/en)'
    const facets = detectLinkFacets(text)
    expect(facets.map((f) => f.features[0].uri)).toEqual(['https://pybamm.org', 'https://docs.pybamm.org/en'])
    // "日本語 " = 3 × 3 + 1 = 10 bytes
    expect(facets[0].index).toEqual({ byteStart: 10, byteEnd: 20 })
  })

  it('every facet covers exactly its link text, whatever comes before', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30, unit: fc.constantFrom('a', ' ', 'é', '故', '👨‍👩‍👧‍👦', '\u0301') }), (before) => {
        const text = `${before} https://pybamm.org/x?y=1 end`
        const facets = detectLinkFacets(text)
        expect(facets).toHaveLength(1)
        const { byteStart, byteEnd } = facets[0].index
        expect(byteStart).toBe(bytes(`${before} `))
        expect(Buffer.from(text).subarray(byteStart, byteEnd).toString()).toBe('https://pybamm.org/x?y=1')
      }),
    )
  })
})

describe('post addresses', () => {
  it('turns a record address into the post page', () => {
    const uri = 'at://did:plc:abc123/app.bsky.feed.post/3l25zusnsfck2'
    expect(parseAtUri(uri)).toEqual({ repo: 'did:plc:abc123', collection: 'app.bsky.feed.post', rkey: '3l25zusnsfck2' })
    expect(postUrl('pybamm.bsky.social', uri)).toBe('https://bsky.app/profile/pybamm.bsky.social/post/3l25zusnsfck2')
    expect(postUrl('did:plc:abc123', uri)).toBe('https://bsky.app/profile/did:plc:abc123/post/3l25zusnsfck2')
    expect(() => postUrl('x', 'at://did:plc:abc123/app.bsky.feed.like/3l25zusnsfck2')).toThrow(/not a post/)
  })
})
