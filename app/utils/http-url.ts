// The one schema for a link someone types into Steward (a published post, a material, a
// configured endpoint): http or https only. Links are shown as <a href>, so javascript:, data:,
// file:, ftp: and the like are refused with a message next to the field, never stored.
import { z } from 'zod'

export const HTTP_URL_MESSAGE = 'Enter a link starting with https:// (or http://)'

/** A required http(s) URL, trimmed. */
export function httpUrl(message: string = HTTP_URL_MESSAGE) {
  // zod's httpProtocol also demands the "//" (so "https:example.org" is refused too)
  return z
    .string({ message })
    .trim()
    .pipe(z.url({ protocol: z.regexes.httpProtocol, message }))
}

/** An optional http(s) URL: an empty or blank field means none. */
export function optionalHttpUrl(message: string = HTTP_URL_MESSAGE) {
  return z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), httpUrl(message).optional())
}
