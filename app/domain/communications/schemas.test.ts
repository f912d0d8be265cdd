// Links typed into communications forms are shown as <a href>: only http(s) is stored.
import { describe, expect, test } from 'vitest'
import { MaterialSchema, PublishSchema } from './schemas.ts'

const CHANNEL = '7d1f3c1e-0f6a-4a4e-9a57-2b8f3b1c9d10'
const publish = (url: string) => PublishSchema.safeParse({ publishedAt: '2026-04-07T10:00', channels: [{ channelId: CHANNEL, url }] })
const material = (link: string) => MaterialSchema.safeParse({ kind: 'slides', title: 'Deck', status: 'planned', link })

describe('URL fields', () => {
  test.each(['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'ftp://files.example.org/deck.pdf'])(
    'refuse %s with a message next to the field',
    (link) => {
      const published = publish(link)
      expect(published.success).toBe(false)
      expect(published.error?.issues).toEqual([
        expect.objectContaining({
          path: ['channels', 0, 'url'],
          message: 'Enter the link to the post on this channel, starting with https://',
        }),
      ])
      const linked = material(link)
      expect(linked.success).toBe(false)
      expect(linked.error?.issues).toEqual([expect.objectContaining({ path: ['link'], message: 'Enter a link starting with https://' })])
    },
  )

  test('accept http(s) links and an empty field', () => {
    expect(publish('https://fosstodon.org/@pybamm/1').data?.channels[0].url).toBe('https://fosstodon.org/@pybamm/1')
    expect(publish('').data?.channels[0].url).toBeUndefined()
    expect(material('http://intranet.example/deck.pdf').success).toBe(true)
  })
})
