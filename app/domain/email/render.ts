// E-mail bodies as plain text and as simple HTML that reads well on a phone: one column, system
// fonts, large tap targets, no images or remote content (which many clients block anyway).

export interface EmailContent {
  /** the first line, e.g. "Hello Ada," */
  greeting?: string
  paragraphs: string[]
  /** buttons in HTML, "Label: URL" lines in text; URLs must be absolute */
  actions?: Array<{ label: string; url: string }>
  /** small print: why you get this, where to change it */
  footer?: string[]
}

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;')

/** Renders the same content twice: a text part every client shows, and an HTML part. */
export function renderEmail(content: EmailContent): { text: string; html: string } {
  const text = [
    ...(content.greeting ? [content.greeting, ''] : []),
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.actions ?? []).flatMap((a) => [`${a.label}: ${a.url}`]),
    ...(content.actions?.length ? [''] : []),
    ...(content.footer?.length ? ['--', ...content.footer] : []),
  ]
    .join('\n')
    .trimEnd()
  const paragraph = (p: string) => `<p style="margin:0 0 16px">${escapeHtml(p).replaceAll('\n', '<br>')}</p>`
  const button = (a: { label: string; url: string }) =>
    `<p style="margin:0 0 12px"><a href="${escapeHtml(a.url)}" style="display:inline-block;padding:10px 16px;border-radius:6px;background:#1d4ed8;color:#ffffff;text-decoration:none;font-weight:600">${escapeHtml(a.label)}</a></p>`
  const html = [
    '<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"></head>',
    '<body style="margin:0;padding:0;background:#f8fafc">',
    '<div style="max-width:560px;margin:0 auto;padding:24px 16px;font:16px/1.5 -apple-system,BlinkMacSystemFont,Segoe UI,Roboto,sans-serif;color:#0f172a">',
    content.greeting ? paragraph(content.greeting) : '',
    ...content.paragraphs.map(paragraph),
    ...(content.actions ?? []).map(button),
    content.footer?.length
      ? `<p style="margin:24px 0 0;font-size:13px;color:#64748b">${content.footer.map(escapeHtml).join('<br>')}</p>`
      : '',
    '</div></body></html>',
  ].join('')
  return { text: `${text}\n`, html }
}
