// Links typed into communications forms are shown as <a href>: only http(s) is stored.
import { describe, expect, test } from 'vitest'
import { MaterialSchema, PublishSchema } from './schemas.ts'

const publish = (publishedUrl: string) => PublishSchema.safeParse({ publishedAt: '2026-04-07T10:00', publishedUrl })
const material = (link: string) => MaterialSchema.safeParse({ kind: 'slides', title: 'Deck', status: 'planned', link })

describe('URL fields', () => {
  test.each(['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'ftp://files.example.org/deck.pdf'])(
    'refuse %s with a message next to the field',
    (link) => {
      const published = publish(link)
      expect(published.success).toBe(false)
      expect(published.error?.issues).toEqual([
        expect.objectContaining({ path: ['publishedUrl'], message: 'Enter the link to the published post, starting with https://' }),
      ])
      const linked = material(link)
      expect(linked.success).toBe(false)
      expect(linked.error?.issues).toEqual([expect.objectContaining({ path: ['link'], message: 'Enter a link starting with https://' })])
    },
  )

  test('accept http(s) links and an empty field', () => {
    expect(publish('https://fosstodon.org/@pybamm/1').data?.publishedUrl).toBe('https://fosstodon.org/@pybamm/1')
    expect(publish('').data?.publishedUrl).toBeUndefined()
    expect(material('http://intranet.example/deck.pdf').success).toBe(true)
  })
})
