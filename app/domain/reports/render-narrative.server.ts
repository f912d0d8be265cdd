import { marked } from 'marked'
import { loadSanitizeHtml } from '#app/utils/lazy-modules.server.ts'

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]

/** A lead's Markdown as safe HTML: no script, no style, no event handler, links to http(s) and mailto only. */
export function renderNarrativeHtml(markdown: string): string {
  const sanitizeHtml = loadSanitizeHtml()
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: false })
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { a: ['href', 'title', 'rel'], th: ['align'], td: ['align'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) },
  })
}
