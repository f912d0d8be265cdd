import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import conformance from '#tests/fixtures/twitter-text/conformance.json' with { type: 'json' }
import { countGraphemes, countUtf8Bytes, findLinks, measureMastodonText, measurePostText, measureXText } from './text-length.ts'

const FAMILY = '👨‍👩‍👧‍👦' // man ZWJ woman ZWJ girl ZWJ boy: 7 code points, 11 UTF-16 units, 25 UTF-8 bytes
const WAVE_DARK = '👋🏿' // waving hand + skin tone modifier
const FLAG = '🇬🇧' // two regional indicators
const E_ACUTE_COMBINING = 'e\u0301' // e + combining acute: one grapheme, NFC turns it into é

describe('X: the published conformance cases (twitter-text config v3)', () => {
  it.each(conformance.weighted.map((c) => [c.description, c] as const))('%s', (_, c) => {
    const measured = measurePostText(c.text, 'x')
    expect(measured.length).toBe(c.weightedLength)
    expect(!measured.over && measured.length > 0).toBe(c.valid)
  })

  it.each(conformance.urls.map((c) => [c.description, c] as const))('links: %s', (_, c) => {
    expect(findLinks(c.text, { bare: true }).map((l) => l.url)).toEqual(c.expected)
  })
})

describe('X: weighted length', () => {
  it('counts Latin 1, CJK 2, any emoji sequence 2 and any link 23', () => {
    // "Hi " 3 + link 23 + " " 1 + 日本 2×2 + " " 1 + family 2 = 34
    expect(measureXText(`Hi https://pybamm.org/docs?x=1 日本 ${FAMILY}`).length).toBe(34)
  })

  it('counts a bare domain as a link, but not a file name or an e-mail address', () => {
    // "see " 4 + 23 = 27
    expect(measureXText('see pybamm.org').length).toBe(27)
    // 13 characters, no link: .bz2 is no top-level domain
    expect(measureXText('model.tar.bz2').length).toBe(13)
    // 19 characters, no link
    expect(measureXText('team@pybamm.org now').links).toBe(0)
  })

  it('leaves trailing punctuation out of a link', () => {
    const [link] = findLinks('Read https://pybamm.org/news/release-24.1). Thanks!', { bare: true })
    expect(link.url).toBe('https://pybamm.org/news/release-24.1')
  })

  it('normalises to NFC first: e + combining accent is one character', () => {
    expect(measureXText(E_ACUTE_COMBINING).length).toBe(1)
  })

  it('is over at 281, not at 280', () => {
    expect(measurePostText('a'.repeat(280), 'x')).toMatchObject({ length: 280, over: false, remaining: 0 })
    expect(measurePostText('a'.repeat(281), 'x')).toMatchObject({ length: 281, over: true, remaining: -1 })
  })
})

describe('Mastodon: graphemes, links 23, remote mentions as @user', () => {
  it('counts a link as the instance says, a remote mention without its domain', () => {
    // "@pybamm" 7 + " see " 5 + 23 = 35
    expect(measureMastodonText('@pybamm@fosstodon.org see https://pybamm.org/a/very/long/path?with=query').length).toBe(35)
    // with characters_reserved_per_url 30: 7 + 5 + 30 = 42
    expect(measureMastodonText('@pybamm@fosstodon.org see https://pybamm.org/x', 30).length).toBe(42)
  })

  it('counts a bare domain by its letters (the server only shortens links with a scheme)', () => {
    expect(measureMastodonText('pybamm.org').length).toBe(10)
  })

  it('counts a ZWJ family as one character', () => {
    expect(measureMastodonText(FAMILY).length).toBe(1)
  })

  it("uses the instance's limit", () => {
    const text = 'a'.repeat(700)
    expect(measurePostText(text, 'mastodon')).toMatchObject({ limit: 500, over: true, remaining: -200 })
    expect(measurePostText(text, 'mastodon', { limit: 1000 })).toMatchObject({ limit: 1000, over: false, remaining: 300 })
  })
})

describe('Bluesky: 300 graphemes and 3,000 bytes', () => {
  it('counts graphemes, not code points', () => {
    // family 1 + flag 1 + wave 1 + é 1 = 4 graphemes; 7 + 2 + 2 + 2 = 13 code points
    const text = `${FAMILY}${FLAG}${WAVE_DARK}${E_ACUTE_COMBINING}`
    expect(measurePostText(text, 'bluesky')).toMatchObject({ length: 4, unit: 'graphemes', over: false })
    expect([...text].length).toBe(13)
  })

  it('is over on bytes even when the graphemes fit', () => {
    // 150 families: 150 graphemes, 150 × 25 = 3,750 bytes > 3,000
    const measured = measurePostText(FAMILY.repeat(150), 'bluesky')
    expect(measured).toMatchObject({ length: 150, remaining: 150, over: true, detail: { bytes: 3750, maxBytes: 3000 } })
  })
})

describe('LinkedIn and other channels', () => {
  it('counts UTF-16 units for LinkedIn, against 3,000', () => {
    // family: 11 UTF-16 units
    expect(measurePostText(FAMILY, 'linkedin')).toMatchObject({ length: 11, limit: 3000 })
  })

  it('counts code points for other kinds, with no limit unless the channel has one', () => {
    expect(measurePostText('abc', 'blog')).toMatchObject({ length: 3, limit: null, over: false, remaining: null })
    expect(measurePostText('abcd', 'newsletter', { limit: 3 })).toMatchObject({ over: true })
  })
})

// Building blocks for the properties: emoji of each kind, CJK, combining marks, links.
const emoji = fc.constantFrom(FAMILY, WAVE_DARK, FLAG, '😷', '🧕🏾', '❤️', '1️⃣', '🏴󠁧󠁢󠁥󠁮󠁧󠁿', '🫱🏻‍🫲🏿')
const cjk = fc.constantFrom('故', '人', 'の', '한', '語')
const latin = fc.constantFrom('a', 'Z', '0', ' ', '.', 'é')
const link = fc
  .tuple(
    fc.constantFrom('https://pybamm.org', 'http://docs.pybamm.org', 'https://github.com/pybamm-team/PyBaMM'),
    fc.constantFrom('', '/docs', '/news/release?id=24&lang=en', '/wiki/Primer_(film)'),
    fc.constantFrom('', '.', ',', '!', ')'),
  )
  .map(([base, path, punctuation]) => ({ text: `${base}${path}`, punctuation }))

describe('properties', () => {
  it('n ZWJ families count n graphemes on Bluesky and 2n on X', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), (n) => {
        const text = FAMILY.repeat(n)
        expect(measurePostText(text, 'bluesky').length).toBe(n)
        expect(measurePostText(text, 'x').length).toBe(2 * n)
        expect(measurePostText(text, 'mastodon').length).toBe(n)
      }),
    )
  })

  it('on X any emoji weighs 2 and any CJK character 2, whatever surrounds them', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(emoji, cjk, latin), { maxLength: 60 }), (parts) => {
        const expected = parts.reduce((sum, p) => sum + (p.length === 1 && /[a-zA-Z0-9 .é]/.test(p) ? 1 : 2), 0)
        // joined by spaces so no two Latin pieces form a domain: each space weighs 1
        expect(measureXText(parts.join(' ')).length).toBe(expected + Math.max(0, parts.length - 1))
      }),
    )
  })

  it('a link with a query weighs 23 on X and Mastodon, and trailing punctuation stays outside it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20, unit: fc.constantFrom('a', 'b', ' ', '故') }), link, (before, l) => {
        const text = `${before} ${l.text}${l.punctuation}`
        const links = findLinks(text, { bare: true })
        expect(links.map((f) => f.url)).toEqual([l.text])
        const prefix = measureXText(`${before} `).length
        expect(measureXText(text).length).toBe(prefix + 23 + (l.punctuation ? 1 : 0))
        expect(measureMastodonText(text).length).toBe(countGraphemes(`${before} `) + 23 + (l.punctuation ? 1 : 0))
      }),
    )
  })

  it('combining marks never add graphemes, and Bluesky bytes are the UTF-8 length', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('\u0301', '\u0308', '\u0323'), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 50 }),
        (marks, n) => {
          const text = `a${marks.join('')}`.repeat(n)
          const measured = measurePostText(text, 'bluesky')
          expect(measured.length).toBe(n)
          // 'a' is 1 byte, each combining mark (U+0300–U+036F) 2 bytes
          expect(measured.detail.bytes).toBe(n * (1 + 2 * marks.length))
          expect(countUtf8Bytes(text)).toBe(Buffer.byteLength(text))
        },
      ),
    )
  })

  it('counts graphemes exactly as Intl.Segmenter does, ASCII shortcut or not', () => {
    const pieces = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.constantFrom('\r\n', '\r', '\n', 'a\u0301', '\u0301', '\u200d', '\u0600a', '🇬', '🇧', FAMILY, WAVE_DARK, 'ᄀ', 'ᅡ', 'ᆨ', 'x'),
      fc.constantFrom('é', 'ß', '\u00ad', '©', 'Ω', 'ж', '\u0483', 'か', '\u3099', 'カ', '故', '한', '\u0915\u094d\u0937'),
      // longer than the 1,024-unit windows the counter segments in
      fc.constantFrom(FAMILY.repeat(100), FLAG.repeat(300), `a${'\u0301'.repeat(1100)}`, '😀'.repeat(600)),
    )
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const text = parts.join('')
        expect(countGraphemes(text)).toBe([...segmenter.segment(text)].length)
      }),
      { numRuns: 500 },
    )
  })

  it('X never counts less than Bluesky graphemes for text without links', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(emoji, cjk, latin), { maxLength: 80 }), (parts) => {
        const text = parts.join('')
        fc.pre(findLinks(text, { bare: true }).length === 0)
        expect(measureXText(text).length).toBeGreaterThanOrEqual(countGraphemes(text.normalize('NFC')))
      }),
    )
  })
})
