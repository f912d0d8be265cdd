// The report's audience and engagement per channel, worked out by hand from a small seeded set, and
// the same figures when an old quarter is regenerated after more snapshots and reads came in.
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { commsChannelDailyStats, commsPostChannelMetrics, commsPostDeliveries, commsPosts, commsPostTexts } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { insertChannel } from '#tests/factories/communications.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { ReportDocumentSchema } from '#app/domain/reports/document-schema.ts'
import { renderReportMarkdown } from '#app/domain/reports/markdown-report.ts'
import { renderReportPdf } from '#app/domain/reports/pdf.server.ts'
import { extractPdfText } from '#app/domain/reports/pdf-text.ts'
import { generateReport, getReportDocument } from '#app/domain/reports/reports.server.ts'

setupTestDatabase()

type Counts = { likes: number; reposts: number; replies: number; quotes: number } | null

type Figures = { impressions: number; engagements: number }

/**
 * A published post; `delivered` are channels Steward published it to (with numbers read, or null),
 * `handOff` the others, with the figures typed in for it there (or none).
 */
async function published(
  authorId: string,
  at: string,
  options: { delivered?: Array<[string, Counts]>; handOff?: Array<[string, Figures | null]> },
) {
  const publishedAt = new Date(at)
  const [post] = await db
    .insert(commsPosts)
    .values({
      title: `Post of ${at}`,
      status: 'published',
      scheduledFor: publishedAt,
      publishedAt,
      authorId,
    })
    .returning()
  const channels = [...(options.delivered ?? []).map(([id]) => id), ...(options.handOff ?? []).map(([id]) => id)]
  await db.insert(commsPostTexts).values(channels.map((channelId) => ({ postId: post.id, channelId, text: 'Out now' })))
  for (const [channelId, figures] of options.handOff ?? []) {
    if (figures) await db.insert(commsPostChannelMetrics).values({ postId: post.id, channelId, ...figures })
  }
  for (const [channelId, counts] of options.delivered ?? []) {
    await db.insert(commsPostDeliveries).values({
      postId: post.id,
      channelId,
      state: 'published',
      idempotencyKey: `k-${post.id}-${channelId}`,
      nextAttemptAt: publishedAt,
      publishedAt,
      networkId: `n-${post.id}-${channelId}`,
      ...(counts ?? {}),
      metricsAt: counts ? new Date(publishedAt.getTime() + 86_400_000) : null,
    })
  }
  return post
}

test('the report’s audience and engagement per channel come from the quarter’s snapshots and publications, and regenerate to the same figures', async () => {
  const lead = await insertUser({ roles: ['communications'] })
  const fosstodon = await insertChannel(lead.id, 'mastodon', { name: 'Fosstodon' })
  const sky = await insertChannel(lead.id, 'bluesky', { name: 'Bluesky' })
  const x = await insertChannel(lead.id, 'x', { name: 'X' })
  const linkedin = await insertChannel(lead.id, 'linkedin', { name: 'LinkedIn' })
  const snapshot = (channelId: string, day: string, followers: number) => ({ channelId, day, followers })
  await db.insert(commsChannelDailyStats).values([
    snapshot(fosstodon.id, '2026-03-31', 1000),
    snapshot(fosstodon.id, '2026-04-01', 1005),
    snapshot(fosstodon.id, '2026-06-29', 1090),
    snapshot(fosstodon.id, '2026-06-30', 1100),
    // Bluesky is read from mid-May only
    snapshot(sky.id, '2026-05-10', 200),
    snapshot(sky.id, '2026-06-30', 260),
  ])

  // 2026-Q2 (UTC): 1 April to 30 June
  await published(lead.id, '2026-04-07T09:00:00Z', {
    delivered: [
      [fosstodon.id, { likes: 7, reposts: 3, replies: 1, quotes: 0 }], // 11
      [sky.id, { likes: 12, reposts: 2, replies: 0, quotes: 1 }], // 15
    ],
  })
  await published(lead.id, '2026-06-30T22:00:00Z', { delivered: [[fosstodon.id, { likes: 4, reposts: 1, replies: 0, quotes: 0 }]] }) // 5
  await published(lead.id, '2026-05-01T09:00:00Z', { delivered: [[sky.id, null]] }) // not read yet
  await published(lead.id, '2026-05-05T09:00:00Z', { handOff: [[x.id, { impressions: 900, engagements: 40 }]] })
  // one post on X and LinkedIn, with figures for each
  await published(lead.id, '2026-05-12T09:00:00Z', {
    handOff: [
      [x.id, { impressions: 5000, engagements: 100 }],
      [linkedin.id, { impressions: 1200, engagements: 30 }],
    ],
  })
  await published(lead.id, '2026-06-02T09:00:00Z', { handOff: [[linkedin.id, null]] }) // no figures typed in
  // the next quarter: not counted
  const later = await published(lead.id, '2026-07-01T00:30:00Z', {
    delivered: [[fosstodon.id, { likes: 100, reposts: 0, replies: 0, quotes: 0 }]],
  })

  const now = new Date('2026-08-15T09:00:00Z')
  await generateReport({ quarter: '2026-Q2', actor: null, now })
  const doc = (await getReportDocument('2026-Q2'))!
  expect(ReportDocumentSchema.safeParse(JSON.parse(JSON.stringify(doc))).success).toBe(true)
  expect(doc.communications.audience).toEqual([
    // no count on or before 1 April: start and gain unknown; the latest on or before 30 June is 260
    { channel: 'Bluesky', kind: 'bluesky', followersStart: null, followersEnd: 260, change: null },
    // 1 April: 1,005; 30 June: 1,100; gained 1,100 − 1,005 = 95
    { channel: 'Fosstodon', kind: 'mastodon', followersStart: 1005, followersEnd: 1100, change: 95 },
  ])
  expect(doc.communications.engagement).toEqual({
    // Steward's publications in the quarter: 7 April × 2, 30 June, 1 May
    posts: 4,
    likes: 23, // 7 + 12 + 4 + 0
    reposts: 6, // 3 + 2 + 1
    replies: 1,
    quotes: 1,
    byChannel: [
      // 7 April (15) and 1 May (not read yet): 2 posts, 1 with numbers
      { channel: 'bluesky', name: 'Bluesky', posts: 2, postsMeasured: 1, impressions: null, interactions: 15 },
      // 7 April (11) and 30 June (5): 16
      { channel: 'mastodon', name: 'Fosstodon', posts: 2, postsMeasured: 2, impressions: null, interactions: 16 },
      // 12 May (its LinkedIn figures: 1,200 and 30) and 2 June (none)
      { channel: 'linkedin', name: 'LinkedIn', posts: 2, postsMeasured: 1, impressions: 1200, interactions: 30 },
      // 5 May (900 and 40) and 12 May (its X figures: 5,000 and 100): 900 + 5,000 = 5,900; 40 + 100 = 140
      { channel: 'x', name: 'X', posts: 2, postsMeasured: 2, impressions: 5900, interactions: 140 },
    ],
  })

  const md = renderReportMarkdown(doc)
  expect(md).toContain('### Audience per channel')
  expect(md).toContain('| Bluesky | 260 | — |')
  expect(md).toContain('| Fosstodon | 1,100 | +95 |')
  expect(md).toContain('### Engagement per channel')
  expect(md).toContain('| Fosstodon | 2 | 2 | — | 16 |')
  expect(md).toContain('| X | 2 | 2 | 5,900 | 140 |')
  expect(md).toContain('| LinkedIn | 2 | 1 | 1,200 | 30 |')
  const pdf = extractPdfText(await renderReportPdf(doc, { compress: false }))
  expect(pdf).toContain('Audience per channel')
  expect(pdf).toContain('Engagement per channel')
  expect(pdf).toMatch(/Fosstodon\s*1,100\s*\+95/)
  expect(pdf).toMatch(/X\s*2\s*2\s*5,900\s*140/)

  // Later: more followers on later days and the July post read again; regenerated, the quarter is the same
  await db.insert(commsChannelDailyStats).values([snapshot(fosstodon.id, '2026-07-15', 1200), snapshot(sky.id, '2026-08-01', 400)])
  await db.update(commsPostDeliveries).set({ likes: 250, metricsAt: new Date() }).where(eq(commsPostDeliveries.postId, later.id))
  await generateReport({ quarter: '2026-Q2', actor: null, now: new Date('2026-09-01T09:00:00Z') })
  const again = (await getReportDocument('2026-Q2'))!
  expect(again.communications.audience).toEqual(doc.communications.audience)
  expect(again.communications.engagement).toEqual(doc.communications.engagement)
})
