// Heavy libraries few requests need, loaded on first use instead of at start-up: each costs
// start-up time and resident memory in every process (bench/README.md, "Footprint").
import { createRequire } from 'node:module'
import type SanitizeHtml from 'sanitize-html'

const require = createRequire(import.meta.url)
let sanitizeHtml: typeof SanitizeHtml | undefined

/** sanitize-html (about 17 MB and 0.5 s to load; only Markdown rendering needs it), synchronously. */
export function loadSanitizeHtml(): typeof SanitizeHtml {
  sanitizeHtml ??= require('sanitize-html') as typeof SanitizeHtml
  return sanitizeHtml
}
