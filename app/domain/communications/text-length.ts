// A post's length the way each network counts it. Pure and browser-safe: the live counter in the
// post form and the server's check call the same function, so they never disagree.
//
// - X: a weighted length over NFC text (twitter-text config v3): code points in four ranges weigh 1,
//   all others 2; an emoji sequence weighs 2 however many code points it has; a link weighs 23
//   (`transformedURLLength`), with or without https://. 280 at most.
// - Mastodon: grapheme clusters, after every link with a scheme became 23 characters
//   (`characters_reserved_per_url`) and every `@user@domain` became `@user`; the limit is the
//   instance's `max_characters` (500 by default).
// - Bluesky: 300 graphemes and 3,000 UTF-8 bytes (app.bsky.feed.post, text: maxGraphemes/maxLength).
// - LinkedIn: 3,000 characters. LinkedIn documents the limit, not how it counts; UTF-16 code units
//   (JavaScript's length) are never fewer than code points or graphemes, so a text that fits here fits there.
import { TLDS } from '#app/utils/tlds.ts'

export type MeasuredNetwork = 'x' | 'mastodon' | 'bluesky' | 'linkedin'

export interface PostTextMeasure {
  length: number
  /** null: the channel has no limit */
  limit: number | null
  over: boolean
  /** limit − length (negative when over); null without a limit */
  remaining: number | null
  unit: 'characters' | 'graphemes'
  detail: {
    /** links found and counted at their fixed length */
    links: number
    /** Bluesky: UTF-8 bytes and their limit */
    bytes?: number
    maxBytes?: number
  }
}

export interface MeasureOptions {
  /** the channel's own limit; for Mastodon the instance's `max_characters` */
  limit?: number | null
  /** Mastodon: the instance's `characters_reserved_per_url` */
  charactersReservedPerUrl?: number
}

export const X_MAX_WEIGHTED_LENGTH = 280
export const X_URL_LENGTH = 23
export const MASTODON_DEFAULT_MAX_CHARACTERS = 500
export const MASTODON_DEFAULT_URL_LENGTH = 23
export const BLUESKY_MAX_GRAPHEMES = 300
export const BLUESKY_MAX_BYTES = 3000
export const LINKEDIN_MAX_CHARACTERS = 3000

// ---------------------------------------------------------------------------------------------
// Links. One scanner, two rule sets: X finds bare domains too (pybamm.org), Mastodon only links
// with a scheme (its validator passes extract_url_without_protocol: false).

export interface FoundLink {
  /** UTF-16 offsets in the scanned text, end exclusive */
  start: number
  end: number
  url: string
}

// Letters, marks, digits and symbols (☃.net is a host): anything but punctuation, spaces and controls.
const HOST_CHAR = '[\\p{L}\\p{M}\\p{N}\\p{So}]'
// A bare domain is Latin (with accents: ELPAÍS.com); the text around it may be any script.
const BARE_HOST_CHAR = '[a-z0-9\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f]'
const LATIN_WORD = 'a-z0-9\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f'
// Path and query characters; a path may not end on sentence punctuation, a query on less still.
const PATH_CHAR = `[${LATIN_WORD}\\p{Script=Cyrillic}!*';:=+,.$/%#\\[\\]\\-\\u2013_~&|@]`
const PATH_END = `[${LATIN_WORD}\\p{Script=Cyrillic}+\\-=_#/]`
const BALANCED_PARENS = `\\((?:${PATH_CHAR}+|${PATH_CHAR}*\\(${PATH_CHAR}+\\)${PATH_CHAR}*)\\)`
const PATH = `/(?:(?:${PATH_CHAR}*(?:${BALANCED_PARENS}${PATH_CHAR}*)*(?:${PATH_END}|${BALANCED_PARENS}))|(?:${PATH_CHAR}+/))?`
const QUERY = "\\?[a-z0-9!?*'@();:&=+$/%#\\[\\]\\-_.,~|]*[a-z0-9\\-_&=#/]"

function labelPattern(char: string, inner: string) {
  return `${char}(?:[${inner}]*${char})?`
}

function tldAlternation() {
  // longest first, so .community is not read as .com
  return [...TLDS]
    .sort((a, b) => b.length - a.length)
    .map((t) => t.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))
    .join('|')
}

let linkPatterns: { withScheme: RegExp; bare: RegExp } | undefined
function getLinkPatterns() {
  if (linkPatterns) return linkPatterns
  const tlds = tldAlternation()
  // A TLD ends where no ASCII letter, digit or joiner follows (example.comだよね is example.com).
  const tld = `(?:${tlds})(?![a-z0-9@+\\-_])`
  const char = HOST_CHAR.slice(1, -1)
  const sub = labelPattern(HOST_CHAR, `${char}_\\-`)
  const domain = labelPattern(HOST_CHAR, `${char}\\-`)
  const bareChar = BARE_HOST_CHAR.slice(1, -1)
  const bareSub = labelPattern(BARE_HOST_CHAR, `${bareChar}_\\-`)
  const bareDomain = labelPattern(BARE_HOST_CHAR, `${bareChar}\\-`)
  const tail = `(?::\\d{1,5})?(?:${PATH})?(?:${QUERY})?`
  // At most 20 subdomains: unbounded, a text like a.a.a.… takes quadratic time to scan.
  linkPatterns = {
    // A link may not start inside a word, a cashtag, a hashtag or a mention.
    withScheme: new RegExp(
      `(?<![a-z0-9@＠$#＃])(?<scheme>[a-z][a-z0-9+]*)://(?<host>(?:${sub}\\.){0,20}${domain}\\.${tld}|\\d{1,3}(?:\\.\\d{1,3}){3})${tail}`,
      'giu',
    ),
    bare: new RegExp(`(?<![${LATIN_WORD}@＠$#＃.\\-_/])(?<host>(?:${bareSub}\\.){0,20}${bareDomain}\\.${tld})${tail}(?![@＠])`, 'giu'),
  }
  return linkPatterns
}

/** Every label at most 63 characters once the host is in punycode (what DNS allows); an IP's parts at most 255. */
function isValidHost(host: string) {
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host)) return host.split('.').every((part) => Number(part) <= 255)
  let ascii: string
  try {
    ascii = new URL(`http://${host}`).hostname
  } catch {
    return false
  }
  return ascii.split('.').every((label) => label.length > 0 && label.length <= 63)
}

/** A t.co link ends with its slug (t.co/abc's → t.co/abc); a slug over 40 characters is no link. */
function trimShortLink(url: string): string | undefined {
  const tco = /^((?:https?:\/\/)?t\.co\/)([a-z0-9]*)/i.exec(url)
  if (!tco || !tco[2]) return url
  return tco[2].length > 40 ? undefined : tco[0]
}

export interface FindLinksOptions {
  /** schemes that make a link; default http and https */
  schemes?: readonly string[]
  /** also bare domains like pybamm.org/docs (X does, Mastodon does not) */
  bare?: boolean
}

/** Links in the text as X (and, with schemes only, Mastodon) find them, in order, never overlapping. */
export function findLinks(text: string, options: FindLinksOptions = {}): FoundLink[] {
  const schemes = new Set((options.schemes ?? ['http', 'https']).map((s) => s.toLowerCase()))
  const { withScheme, bare } = getLinkPatterns()
  const found: FoundLink[] = []
  for (const match of text.matchAll(withScheme)) {
    if (!schemes.has(match.groups!.scheme.toLowerCase()) || !isValidHost(match.groups!.host)) continue
    const url = trimShortLink(match[0])
    if (url) found.push({ start: match.index, end: match.index + url.length, url })
  }
  if (options.bare) {
    for (const match of text.matchAll(bare)) {
      const start = match.index
      const end = start + match[0].length
      // the host after `https://` matches again as a bare domain
      if (found.some((f) => start < f.end && end > f.start)) continue
      if (text.slice(Math.max(0, start - 3), start) === '://') continue
      if (!isValidHost(match.groups!.host)) continue
      const url = trimShortLink(match[0])
      if (url) found.push({ start, end: start + url.length, url })
    }
    found.sort((a, b) => a.start - b.start)
  }
  return found
}

// ---------------------------------------------------------------------------------------------
// Emoji and graphemes.

let emojiPattern: RegExp | undefined
/**
 * One emoji sequence (skin tones, ZWJ families, flags, keycaps count once). `\p{RGI_Emoji}` needs
 * the `v` flag (Node 20, browsers since 2023); older browsers get an approximation.
 */
function getEmojiPattern() {
  if (emojiPattern) return emojiPattern
  const keycap = '[0-9#*]\\uFE0F?\\u20E3'
  try {
    emojiPattern = new RegExp(`${keycap}|\\p{RGI_Emoji}`, 'gv')
  } catch {
    emojiPattern = new RegExp(
      `${keycap}|\\p{Regional_Indicator}{2}|\\p{Extended_Pictographic}(?:\\p{Emoji_Modifier}|\\uFE0F|[\\u{E0020}-\\u{E007F}])*(?:\\u200D\\p{Extended_Pictographic}(?:\\p{Emoji_Modifier}|\\uFE0F)*)*`,
      'gu',
    )
  }
  return emojiPattern
}

let segmenter: Intl.Segmenter | undefined

/**
 * Characters that never extend, prepend or join (Grapheme_Cluster_Break Other or Control): ASCII,
 * Latin letters (not the soft hyphen), Greek, Cyrillic without its combining marks, kana, CJK ideographs.
 */
function isSimple(text: string, i: number) {
  if (i >= text.length) return false
  const c = text.charCodeAt(i)
  return (
    c < 0xad ||
    (c > 0xad && c <= 0x24f) ||
    (c >= 0x370 && c <= 0x482) ||
    (c >= 0x3041 && c <= 0x3096) ||
    (c >= 0x30a1 && c <= 0x30fa) ||
    (c >= 0x4e00 && c <= 0x9fff)
  )
}
/** A simple character followed by another (or the end) is a grapheme on its own. */
const standsAlone = (text: string, i: number) => isSimple(text, i) && (i + 1 >= text.length || isSimple(text, i + 1))

/**
 * User-perceived characters (extended grapheme clusters, UAX #29), as Bluesky and Mastodon count.
 * Intl.Segmenter costs microseconds a segment, so runs of simple characters are counted directly
 * and only the stretches around the others are segmented.
 */
export function countGraphemes(text: string) {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })
  let count = 0
  let i = 0
  while (i < text.length) {
    if (standsAlone(text, i)) {
      count += 1
      // CR LF is one grapheme
      i += text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1
      continue
    }
    let end = i + 1
    while (end < text.length && !standsAlone(text, end)) end += 1
    // Segment [i, end) plus one character, which a prepending mark may take (GB9b). In windows:
    // ICU slows down badly on very long strings. A window's last grapheme may go on past it, so
    // the next window starts at that grapheme; one longer than the window doubles the window.
    const stop = Math.min(text.length, end + 1)
    let next = end
    let start = i
    let size = 1024
    for (;;) {
      let windowEnd = Math.min(stop, start + size)
      // never between the halves of a surrogate pair: a lone half splits the grapheme before it
      if (windowEnd < stop && (text.charCodeAt(windowEnd - 1) & 0xfc00) === 0xd800) windowEnd -= 1
      let resume = -1
      for (const { index, segment } of segmenter.segment(text.slice(start, windowEnd))) {
        const at = start + index
        if (at >= end) break
        if (windowEnd < stop && at + segment.length >= windowEnd) {
          resume = at
          break
        }
        count += 1
        next = at + segment.length
      }
      if (resume < 0) break
      if (resume === start) size *= 2
      else [start, size] = [resume, 1024]
    }
    i = Math.max(next, end)
  }
  return count
}

export function countUtf8Bytes(text: string) {
  return new TextEncoder().encode(text).length
}

// ---------------------------------------------------------------------------------------------
// X

// twitter-text config v3 (config/v3.json): these ranges weigh 100, everything else 200, on a scale of 100.
const X_LIGHT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
]

function xWeight(codePoint: number) {
  return X_LIGHT_RANGES.some(([start, end]) => codePoint >= start && codePoint <= end) ? 1 : 2
}

/** X's weighted length: what its composer shows as used out of 280. */
export function measureXText(text: string) {
  const normalized = text.normalize('NFC')
  const links = findLinks(normalized, { bare: true })
  const linkAt = new Map(links.map((l) => [l.start, l]))
  const emojiAt = new Map<number, number>()
  for (const match of normalized.matchAll(getEmojiPattern())) emojiAt.set(match.index, match[0].length)
  let length = 0
  let emoji = 0
  for (let i = 0; i < normalized.length;) {
    const link = linkAt.get(i)
    if (link) {
      length += X_URL_LENGTH
      i = link.end
      continue
    }
    const emojiLength = emojiAt.get(i)
    if (emojiLength) {
      length += 2
      emoji += 1
      i += emojiLength
      continue
    }
    const codePoint = normalized.codePointAt(i)!
    length += xWeight(codePoint)
    i += codePoint > 0xffff ? 2 : 1
  }
  return { length, links: links.length, emoji }
}

// ---------------------------------------------------------------------------------------------
// Mastodon

// Schemes Mastodon links (config/initializers/twitter_regex.rb, `valid_url`).
const MASTODON_SCHEMES = ['http', 'https', 'dat', 'dweb', 'ipfs', 'ipns', 'ssb', 'gopher', 'gemini']
// `@user@domain` (not after a word character or a slash, as in a URL path).
const REMOTE_MENTION = /(^|[^/\w])@(\w+)@[\p{L}\p{M}\p{N}.-]*[\p{L}\p{M}\p{N}]/giu

/** Mastodon's countable text: links as 23 placeholders, remote mentions without their domain. */
export function measureMastodonText(text: string, charactersReservedPerUrl = MASTODON_DEFAULT_URL_LENGTH) {
  const links = findLinks(text, { schemes: MASTODON_SCHEMES })
  let countable = ''
  let last = 0
  for (const link of links) {
    countable += text.slice(last, link.start) + 'x'.repeat(charactersReservedPerUrl)
    last = link.end
  }
  countable += text.slice(last)
  countable = countable.replace(REMOTE_MENTION, (_, before: string, user: string) => `${before}@${user}`)
  return { length: countGraphemes(countable), links: links.length }
}

// ---------------------------------------------------------------------------------------------

function measure(length: number, limit: number | null, unit: PostTextMeasure['unit'], detail: PostTextMeasure['detail']): PostTextMeasure {
  return {
    length,
    limit,
    over: limit !== null && length > limit,
    remaining: limit === null ? null : limit - length,
    unit,
    detail,
  }
}

/**
 * Measures a post's text for a network. Other channel kinds (blog, newsletter, …) count code
 * points against `options.limit`, if any.
 */
export function measurePostText(text: string, network: MeasuredNetwork | (string & {}), options: MeasureOptions = {}): PostTextMeasure {
  switch (network) {
    case 'x': {
      const x = measureXText(text)
      return measure(x.length, options.limit ?? X_MAX_WEIGHTED_LENGTH, 'characters', { links: x.links })
    }
    case 'mastodon': {
      const m = measureMastodonText(text, options.charactersReservedPerUrl)
      return measure(m.length, options.limit ?? MASTODON_DEFAULT_MAX_CHARACTERS, 'characters', { links: m.links })
    }
    case 'bluesky': {
      const bytes = countUtf8Bytes(text)
      const result = measure(countGraphemes(text), options.limit ?? BLUESKY_MAX_GRAPHEMES, 'graphemes', {
        links: 0,
        bytes,
        maxBytes: BLUESKY_MAX_BYTES,
      })
      return { ...result, over: result.over || bytes > BLUESKY_MAX_BYTES }
    }
    case 'linkedin':
      return measure(text.length, options.limit ?? LINKEDIN_MAX_CHARACTERS, 'characters', { links: 0 })
    default:
      return measure([...text].length, options.limit ?? null, 'characters', { links: 0 })
  }
}
