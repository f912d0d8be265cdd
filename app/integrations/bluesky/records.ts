// The pieces of a Bluesky post record that Steward builds itself: link facets over UTF-8 byte
// offsets (app.bsky.richtext.facet), and the addresses of a post.
import { TLDS } from '#app/utils/tlds.ts'

export const POST_COLLECTION = 'app.bsky.feed.post'

export interface LinkFacet {
  index: { byteStart: number; byteEnd: number }
  features: [{ $type: 'app.bsky.richtext.facet#link'; uri: string }]
}

// A link starts the text, or follows a space or "(" (as Bluesky's own composer finds them):
// https://… up to the next space, or a bare domain whose last label is a real top-level domain.
const LINK = /(?<=^|[\s(])(?:https?:\/\/\S+|(?<domain>[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)(?:[/?#]\S*)?)/gi

function utf8Length(text: string) {
  return new TextEncoder().encode(text).length
}

/**
 * `#link` facets for the links in a post's text. Without a facet Bluesky shows a URL as plain
 * text. Offsets count UTF-8 bytes (start inclusive, end exclusive), not JavaScript's UTF-16 units.
 */
export function detectLinkFacets(text: string): LinkFacet[] {
  const facets: LinkFacet[] = []
  for (const match of text.matchAll(LINK)) {
    let link = match[0]
    const domain = match.groups?.domain
    if (domain && !TLDS.has(domain.slice(domain.lastIndexOf('.') + 1).toLowerCase())) continue
    // sentence punctuation after a link is not part of it; nor a ")" the link did not open
    link = link.replace(/[.,;:!?'"]+$/, '')
    if (link.endsWith(')') && !link.includes('(')) link = link.slice(0, -1)
    if (!link) continue
    const byteStart = utf8Length(text.slice(0, match.index))
    facets.push({
      index: { byteStart, byteEnd: byteStart + utf8Length(link) },
      features: [{ $type: 'app.bsky.richtext.facet#link', uri: domain ? `https://${link}` : link }],
    })
  }
  return facets
}

export interface AtUri {
  repo: string
  collection: string
  rkey: string
}

export function parseAtUri(uri: string): AtUri {
  const match = /^at:\/\/([^/]+)\/([^/]+)\/([^/?#]+)$/.exec(uri)
  if (!match) throw new RangeError(`not a record address: ${uri}`)
  return { repo: match[1], collection: match[2], rkey: match[3] }
}

/** The web address of a post: at://did/app.bsky.feed.post/rkey → https://bsky.app/profile/handle/post/rkey */
export function postUrl(handleOrDid: string, uri: string): string {
  const { collection, rkey } = parseAtUri(uri)
  if (collection !== POST_COLLECTION) throw new RangeError(`not a post: ${uri}`)
  return `https://bsky.app/profile/${handleOrDid.replace(/^@/, '')}/post/${rkey}`
}
