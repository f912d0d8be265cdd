import { expect, test } from 'vitest'
import { renderNarrativeHtml } from './render-narrative.server.ts'

test('narratives render Markdown and drop anything executable', () => {
  const html = renderNarrativeHtml(
    '**Bold** [site](https://pybamm.org) <script>alert(1)</script> [bad](javascript:alert(1)) <img src=x onerror=alert(1)>',
  )
  expect(html).toContain('<strong>Bold</strong>')
  expect(html).toContain('<a href="https://pybamm.org" rel="noopener noreferrer">site</a>')
  expect(html).not.toMatch(/script|javascript|onerror|<img/)
})
