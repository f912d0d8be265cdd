// The migration that gives each post published by hand its link per channel: the one link a post
// had (comms_posts.published_url) goes to the channel it belongs to, run on a real database over
// posts written the old way.
import { readdirSync, readFileSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { commsPostChannelMetrics, commsPostDeliveries, commsPosts, commsPostTexts } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { insertChannel } from '#tests/factories/communications.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'

setupTestDatabase()

const migrations = new URL('../../../db/migrations/', import.meta.url)
// found by name: the number may change when branches are merged
const backfill = readFileSync(
  new URL(
    readdirSync(migrations).find((f) => f.endsWith('_post_channel_url_backfill.sql'))!,
    migrations,
  ),
  'utf8',
)

test('the old one link per post becomes the link of the channel it belongs to; figures go along only for a post on one channel', async () => {
  const lead = await insertUser({ roles: ['communications'] })
  const x = await insertChannel(lead.id, 'x', { name: 'X' })
  const linkedin = await insertChannel(lead.id, 'linkedin', { name: 'LinkedIn' })
  const fosstodon = await insertChannel(lead.id, 'mastodon', { name: 'Fosstodon' })
  const at = new Date('2026-05-05T09:00:00Z')
  const post = async (
    title: string,
    channelIds: string[],
    old: { publishedUrl?: string; impressions?: number; engagements?: number } = {},
  ) => {
    const [row] = await db
      .insert(commsPosts)
      .values({ title, status: 'published', publishedAt: at, authorId: lead.id, ...old })
      .returning()
    await db.insert(commsPostTexts).values(channelIds.map((channelId) => ({ postId: row.id, channelId, text: title })))
    return row
  }
  const xOnly = await post('X only', [x.id], { publishedUrl: 'https://x.com/pybamm/status/1', impressions: 900, engagements: 40 })
  const linkedinLink = await post('Both, LinkedIn link', [x.id, linkedin.id], {
    publishedUrl: 'https://www.linkedin.com/feed/update/urn:li:activity:7/',
    impressions: 5000,
    engagements: 100,
  })
  const twitterLink = await post('Both, twitter.com link', [x.id, linkedin.id], {
    publishedUrl: 'https://mobile.twitter.com/pybamm/status/2',
  })
  const otherLink = await post('Both, a blog link', [x.id, linkedin.id], { publishedUrl: 'https://pybamm.org/news/3' })
  const noLink = await post('X only, figures but no link', [x.id], { impressions: 500, engagements: 20 })
  const imported = await post('X only, figures imported already', [x.id], { publishedUrl: 'https://x.com/pybamm/status/4', impressions: 1 })
  await db.insert(commsPostChannelMetrics).values({ postId: imported.id, channelId: x.id, impressions: 1234, engagements: 56 })
  // published by Steward on Fosstodon (its link is the delivery's) and handed off on X without a link
  const delivered = await post('Fosstodon and X', [fosstodon.id, x.id], { publishedUrl: 'https://fosstodon.org/@pybamm/5' })
  await db.insert(commsPostDeliveries).values({
    postId: delivered.id,
    channelId: fosstodon.id,
    state: 'published',
    idempotencyKey: 'k-5',
    nextAttemptAt: at,
    publishedAt: at,
    url: 'https://fosstodon.org/@pybamm/5',
  })
  await post('No link, no figures', [x.id])

  await db.execute(sql.raw(backfill))

  const name = new Map([
    [x.id, 'X'],
    [linkedin.id, 'LinkedIn'],
    [fosstodon.id, 'Fosstodon'],
  ])
  const title = new Map([xOnly, linkedinLink, twitterLink, otherLink, noLink, imported, delivered].map((p) => [p.id, p.title]))
  const rows = (await db.select().from(commsPostChannelMetrics))
    .map((r) => [title.get(r.postId), name.get(r.channelId), r.url, r.impressions, r.engagements])
    .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1))
  expect(rows).toEqual([
    // the host is LinkedIn's; the figures of a post on two channels cannot be split, so none go
    ['Both, LinkedIn link', 'LinkedIn', 'https://www.linkedin.com/feed/update/urn:li:activity:7/', null, null],
    // a host of neither network: the first channel by name (LinkedIn before X)
    ['Both, a blog link', 'LinkedIn', 'https://pybamm.org/news/3', null, null],
    // mobile.twitter.com is X
    ['Both, twitter.com link', 'X', 'https://mobile.twitter.com/pybamm/status/2', null, null],
    ['X only', 'X', 'https://x.com/pybamm/status/1', 900, 40],
    ['X only, figures but no link', 'X', null, 500, 20],
    // the imported figures stay; the link is added
    ['X only, figures imported already', 'X', 'https://x.com/pybamm/status/4', 1234, 56],
  ])
})
