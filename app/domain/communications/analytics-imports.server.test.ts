// X and LinkedIn analytics exports into Reach, on a real database (PGlite, or PostgreSQL with
// DATABASE_URL), from the fixtures in tests/fixtures/analytics/ (see its README).
import { readFileSync } from 'node:fs'
import { and, asc, eq, isNotNull } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, commsAnalyticsImports, commsChannelDailyStats, commsPostChannelMetrics } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { insertChannel } from '#tests/factories/communications.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import {
  confirmAnalyticsImport,
  confirmAnalyticsUpload,
  previewAnalyticsImport,
  previewUpload,
  revertAnalyticsImport,
  uploadAnalyticsExport,
} from './analytics-imports.server.ts'
import { getReachPage } from './pages.server.ts'
import { createPost, publishPost } from './posts.server.ts'

setupTestDatabase()

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../../tests/fixtures/analytics/${name}`, import.meta.url)))

async function setup() {
  const lead = await insertUser({ roles: ['communications'] })
  const x = await insertChannel(lead.id, 'x', { name: 'X' })
  const linkedin = await insertChannel(lead.id, 'linkedin', { name: 'LinkedIn' })
  const published = async (title: string, channelId: string, url: string) => {
    const post = await createPost({ title, texts: [{ channelId, text: title }], status: 'draft', actorId: lead.id })
    await publishPost({ id: post.id, publishedAt: '2025-11-04T14:00', channels: [{ channelId, url }], actorId: lead.id })
    return post
  }
  const release = await published('Release 25.10', x.id, 'https://x.com/pybamm/status/1855000000000000001')
  // twitter.com and a query string: the same post on X
  const call = await published('Developer call', x.id, 'https://twitter.com/pybamm/status/1855000000000000002?s=20')
  const onLinkedIn = await published(
    'Release 25.10 on LinkedIn',
    linkedin.id,
    'https://www.linkedin.com/feed/update/urn:li:activity:7260000000000000001/',
  )
  return { lead, x, linkedin, release, call, onLinkedIn }
}

/** the channel's rows with figures (a row may hold only the link typed in when the post was published) */
const metricsOf = (channelId: string) =>
  db
    .select()
    .from(commsPostChannelMetrics)
    .where(and(eq(commsPostChannelMetrics.channelId, channelId), isNotNull(commsPostChannelMetrics.impressions)))
    .orderBy(asc(commsPostChannelMetrics.impressions))
const followersOf = (channelId: string) =>
  db
    .select({ day: commsChannelDailyStats.day, followers: commsChannelDailyStats.followers })
    .from(commsChannelDailyStats)
    .where(eq(commsChannelDailyStats.channelId, channelId))
    .orderBy(asc(commsChannelDailyStats.day))

test('an X content export: preview matches posts by their URL on the channel, confirm stores their figures, the same file again changes nothing', async () => {
  const ctx = await setup()
  const input = { bytes: fixture('x-content.csv'), fileName: 'account_analytics_content_2025-11-01_2025-11-07.csv', channelId: ctx.x.id }
  const preview = await previewAnalyticsImport(input)
  expect(preview).toMatchObject({ kind: 'x_content', rows: 3, firstDay: '2025-11-04', lastDay: '2025-11-07', followerDays: 0, changes: 2 })
  expect(preview.matched.map((m) => [m.title, m.impressions, m.engagements])).toEqual([
    ['Release 25.10', 1234, 56], // "1,234" read as 1234
    ['Developer call', 800, 40],
  ])
  expect(preview.unmatched).toEqual([
    { url: 'https://x.com/pybamm/status/1855000000000000003', label: 'A post Steward did not plan', day: '2025-11-07', impressions: 50 },
  ])
  // nothing written by the preview
  expect(await metricsOf(ctx.x.id)).toEqual([])

  const outcome = await confirmAnalyticsImport({ ...input, actorId: ctx.lead.id })
  expect(outcome).toMatchObject({ metricsChanged: 2, followerDaysChanged: 0 })
  const rows = await metricsOf(ctx.x.id)
  expect(rows.map((r) => [r.postId, r.impressions, r.engagements, r.likes, r.reposts, r.replies])).toEqual([
    [ctx.call.id, 800, 40, 15, 4, 2],
    [ctx.release.id, 1234, 56, 20, 5, 3],
  ])
  // audited once, with the counts
  const audit = await db.select().from(auditEvents).where(eq(auditEvents.entity, 'comms_analytics_import'))
  expect(audit.map((a) => a.action)).toEqual(['import'])

  // idempotent: the same file again writes nothing, records no second import
  const again = await previewAnalyticsImport(input)
  expect(again.changes).toBe(0)
  expect(again.sameFile?.id).toBe(outcome.importId)
  expect(await confirmAnalyticsImport({ ...input, actorId: ctx.lead.id })).toEqual({
    importId: null,
    metricsChanged: 0,
    followerDaysChanged: 0,
  })
  expect(await db.select().from(commsAnalyticsImports)).toHaveLength(1)
  expect(await metricsOf(ctx.x.id)).toEqual(rows)
  // Reach lists them, most seen first
  expect((await getReachPage({ user: { roles: ['council'] } })).imported.map((p) => [p.title, p.channelName, p.impressions])).toEqual([
    ['Release 25.10', 'X', 1234],
    ['Developer call', 'X', 800],
  ])
})

test('the older Twitter header names ("Tweet id", "Tweet permalink", "time", "retweets") import to the same figures', async () => {
  const ctx = await setup()
  const preview = await previewAnalyticsImport({
    bytes: fixture('x-content-tweet-activity.csv'),
    fileName: 'tweet_activity.csv',
    channelId: ctx.x.id,
  })
  expect(preview.kind).toBe('x_content')
  expect(preview.matched.map((m) => [m.title, m.impressions, m.engagements])).toEqual([
    ['Release 25.10', 1234, 56], // "1234.0" read as 1234
    ['Developer call', 800, 40],
  ])
  expect(preview.unmatched).toHaveLength(1)
  // after the current-format file, the old-format file with the same figures changes nothing
  await confirmAnalyticsImport({ bytes: fixture('x-content.csv'), fileName: 'new.csv', channelId: ctx.x.id, actorId: ctx.lead.id })
  expect(
    (await previewAnalyticsImport({ bytes: fixture('x-content-tweet-activity.csv'), fileName: 'old.csv', channelId: ctx.x.id })).changes,
  ).toBe(0)
})

test('an X account overview stores follower totals per day, counted back from the total on the last day', async () => {
  const ctx = await setup()
  const input = { bytes: fixture('x-account-overview.csv'), fileName: 'account_overview_analytics.csv', channelId: ctx.x.id }
  const without = await previewAnalyticsImport(input)
  expect(without).toMatchObject({ kind: 'x_overview', rows: 5, firstDay: '2025-11-03', lastDay: '2025-11-07', followerDays: 0, changes: 0 })
  expect(without.followersNote).toBe(
    'Give the number of followers on 2025-11-07 to store follower counts; without it only the posts are imported.',
  )

  const outcome = await confirmAnalyticsImport({ ...input, followersAtEnd: 1000, actorId: ctx.lead.id })
  expect(outcome.followerDaysChanged).toBe(5)
  // gains (new follows − unfollows): 3 Nov 5−1=4, 4 Nov 3−0=3, 5 Nov 0−2=−2, 6 Nov 10−1=9, 7 Nov 4−4=0
  // 7 Nov 1000; 6 Nov 1000−0=1000; 5 Nov 1000−9=991; 4 Nov 991−(−2)=993; 3 Nov 993−3=990
  expect(await followersOf(ctx.x.id)).toEqual([
    { day: '2025-11-03', followers: 990 },
    { day: '2025-11-04', followers: 993 },
    { day: '2025-11-05', followers: 991 },
    { day: '2025-11-06', followers: 1000 },
    { day: '2025-11-07', followers: 1000 },
  ])
  // again, without a number: the snapshot of 7 Nov is the anchor now, and nothing changes
  expect((await previewAnalyticsImport(input)).changes).toBe(0)
})

test('LinkedIn: the content CSV (description line above the header) and the followers workbook (XLSX, several sheets)', async () => {
  const ctx = await setup()
  const content = await previewAnalyticsImport({
    bytes: fixture('linkedin-content.csv'),
    fileName: 'pybamm_content.csv',
    channelId: ctx.linkedin.id,
  })
  expect(content.kind).toBe('linkedin_content')
  // engagement = clicks + likes + comments + reposts + follows = 30 + 25 + 4 + 2 + 1 = 62
  expect(content.matched.map((m) => [m.title, m.impressions, m.engagements])).toEqual([['Release 25.10 on LinkedIn', 2000, 62]])
  expect(content.unmatched.map((u) => u.label)).toEqual(['Hiring: a research software engineer'])

  const workbook = new ExcelJS.Workbook()
  workbook.addWorksheet('Location').addRows([
    ['Location', 'Total followers'],
    ['Oxford, England', 120],
  ])
  const sheet = workbook.addWorksheet('New followers')
  sheet.addRow(['Date', 'Sponsored followers', 'Organic followers', 'Auto-invited followers', 'Total followers'])
  sheet.addRow(['11/05/2025', 0, 3, 0, 3])
  sheet.addRow([new Date(Date.UTC(2025, 10, 6)), 1, 2, 0, 3])
  sheet.addRow(['11/07/2025', 0, 0, 0, 0])
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer())
  const followers = { bytes, fileName: 'pybamm_followers.xlsx', channelId: ctx.linkedin.id, followersAtEnd: 500, actorId: ctx.lead.id }
  expect((await previewAnalyticsImport(followers)).kind).toBe('linkedin_followers')
  await confirmAnalyticsImport(followers)
  // 7 Nov 500; 6 Nov 500 − 0 = 500; 5 Nov 500 − 3 = 497
  expect(await followersOf(ctx.linkedin.id)).toEqual([
    { day: '2025-11-05', followers: 497 },
    { day: '2025-11-06', followers: 500 },
    { day: '2025-11-07', followers: 500 },
  ])
  // an X file is not for a LinkedIn channel
  await expect(previewAnalyticsImport({ bytes: fixture('x-content.csv'), fileName: 'x.csv', channelId: ctx.linkedin.id })).rejects.toThrow(
    "This is X's content (posts) export; choose a X channel for it, not “LinkedIn”.",
  )
})

test('reverting an import restores what it changed, and keeps what changed since', async () => {
  const ctx = await setup()
  const overview = { bytes: fixture('x-account-overview.csv'), fileName: 'overview.csv', channelId: ctx.x.id, actorId: ctx.lead.id }
  // a snapshot Steward already had for 7 Nov (1000) anchors the file
  await db
    .insert(commsChannelDailyStats)
    .values({ channelId: ctx.x.id, day: '2025-11-07', followers: 1000, recordedAt: new Date('2025-11-07T23:00:00Z') })
  const first = await confirmAnalyticsImport({ ...overview, bytes: fixture('x-content.csv'), fileName: 'content.csv' })
  const second = await confirmAnalyticsImport(overview)
  // 7 Nov was already 1000: four days changed
  expect(second.followerDaysChanged).toBe(4)

  expect(await revertAnalyticsImport({ importId: second.importId!, actorId: ctx.lead.id })).toEqual({ restored: 4, keptNewer: 0 })
  expect(await followersOf(ctx.x.id)).toEqual([{ day: '2025-11-07', followers: 1000 }])

  // the figures of a post changed since the import (by hand, say) are kept when it is reverted
  await db
    .update(commsPostChannelMetrics)
    .set({ impressions: 900, importId: null })
    .where(and(eq(commsPostChannelMetrics.postId, ctx.call.id), eq(commsPostChannelMetrics.channelId, ctx.x.id)))
  expect(await revertAnalyticsImport({ importId: first.importId!, actorId: ctx.lead.id })).toEqual({ restored: 1, keptNewer: 1 })
  expect((await metricsOf(ctx.x.id)).map((r) => [r.postId, r.impressions])).toEqual([[ctx.call.id, 900]])
  await expect(revertAnalyticsImport({ importId: first.importId!, actorId: ctx.lead.id })).rejects.toThrow(
    'This import was reverted already',
  )
  const audit = await db.select().from(auditEvents).where(eq(auditEvents.entity, 'comms_analytics_import'))
  expect(audit.map((a) => a.action).sort()).toEqual(['import', 'import', 'revert', 'revert'])
})

test('a broken file writes nothing and says why in one sentence', async () => {
  const ctx = await setup()
  const broken = { bytes: fixture('x-content-broken.csv'), fileName: 'broken.csv', channelId: ctx.x.id, actorId: ctx.lead.id }
  await expect(confirmAnalyticsImport(broken)).rejects.toThrow(
    'Row 3: “n/a” in the column impressions is not a number; nothing was imported.',
  )
  expect(await metricsOf(ctx.x.id)).toEqual([])
  expect(await db.select().from(commsAnalyticsImports)).toEqual([])
  // the page's upload step refuses it the same way and keeps nothing
  await expect(uploadAnalyticsExport(broken)).rejects.toThrow('Row 3: “n/a”')
  await expect(
    previewAnalyticsImport({ bytes: new TextEncoder().encode('Name,Amount\nAda,5\n'), fileName: 'donations.csv', channelId: ctx.x.id }),
  ).rejects.toThrow('This is not an X or LinkedIn analytics export Steward knows: its first row reads “name, amount”.')
  // an old-format Excel file (OLE2) is named as such
  const ole2 = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])
  await expect(previewAnalyticsImport({ bytes: ole2, fileName: 'old.xls', channelId: ctx.linkedin.id })).rejects.toThrow(
    'This is an Excel 97–2003 workbook',
  )
})

test('the page flow: upload keeps the file for its preview (its uploader only), confirm imports it', async () => {
  const ctx = await setup()
  const other = await insertUser({ roles: ['communications'] })
  const uploadId = await uploadAnalyticsExport({
    bytes: fixture('x-content.csv'),
    fileName: 'x.csv',
    channelId: ctx.x.id,
    actorId: ctx.lead.id,
  })
  expect(await previewUpload(uploadId, other.id)).toBeNull()
  expect((await previewUpload(uploadId, ctx.lead.id))?.preview.matched).toHaveLength(2)
  expect(await confirmAnalyticsUpload({ uploadId, actorId: ctx.lead.id })).toMatchObject({ metricsChanged: 2 })
  expect(await previewUpload(uploadId, ctx.lead.id)).toBeNull()
})

test('a post on X and LinkedIn is matched by each export on that channel’s own link, and its figures are kept per channel', async () => {
  const lead = await insertUser({ roles: ['communications'] })
  const x = await insertChannel(lead.id, 'x', { name: 'X' })
  const linkedin = await insertChannel(lead.id, 'linkedin', { name: 'LinkedIn' })
  const post = await createPost({
    title: 'Release 25.10',
    texts: [
      { channelId: x.id, text: 'PyBaMM 25.10 is out' },
      { channelId: linkedin.id, text: 'PyBaMM 25.10 released' },
    ],
    status: 'draft',
    actorId: lead.id,
  })
  await publishPost({
    id: post.id,
    publishedAt: '2025-11-04T14:00',
    channels: [
      { channelId: x.id, url: 'https://x.com/pybamm/status/1855000000000000001' },
      { channelId: linkedin.id, url: 'https://www.linkedin.com/feed/update/urn:li:activity:7260000000000000001/' },
    ],
    actorId: lead.id,
  })
  const xImport = { bytes: fixture('x-content.csv'), fileName: 'x.csv', channelId: x.id, actorId: lead.id }
  expect((await previewAnalyticsImport(xImport)).matched.map((m) => [m.title, m.url])).toEqual([
    ['Release 25.10', 'https://x.com/pybamm/status/1855000000000000001'],
  ])
  await confirmAnalyticsImport(xImport)
  const liImport = { bytes: fixture('linkedin-content.csv'), fileName: 'li.csv', channelId: linkedin.id, actorId: lead.id }
  expect((await previewAnalyticsImport(liImport)).matched.map((m) => [m.title, m.url])).toEqual([
    ['Release 25.10', 'https://www.linkedin.com/feed/update/urn:li:activity:7260000000000000001/'],
  ])
  await confirmAnalyticsImport(liImport)
  // X: 1,234 impressions, 56 engagements; LinkedIn: 2,000 impressions, 30 + 25 + 4 + 2 + 1 = 62
  const rows = await db.select().from(commsPostChannelMetrics).where(eq(commsPostChannelMetrics.postId, post.id))
  expect(rows.map((r) => [r.channelId === x.id ? 'X' : 'LinkedIn', r.impressions, r.engagements, r.url]).sort()).toEqual([
    ['LinkedIn', 2000, 62, 'https://www.linkedin.com/feed/update/urn:li:activity:7260000000000000001/'],
    ['X', 1234, 56, 'https://x.com/pybamm/status/1855000000000000001'],
  ])
})

test('figures typed by hand are overwritten by an import, put back by reverting it, and the typed link stays', async () => {
  const lead = await insertUser({ roles: ['communications'] })
  const x = await insertChannel(lead.id, 'x', { name: 'X' })
  const post = await createPost({
    title: 'Release 25.10',
    texts: [{ channelId: x.id, text: 'Out now' }],
    status: 'draft',
    actorId: lead.id,
  })
  const url = 'https://x.com/pybamm/status/1855000000000000001'
  await publishPost({
    id: post.id,
    publishedAt: '2025-11-04T14:00',
    channels: [{ channelId: x.id, url, impressions: 1000, engagements: 50 }],
    actorId: lead.id,
  })
  const row = async () =>
    (
      await db
        .select()
        .from(commsPostChannelMetrics)
        .where(and(eq(commsPostChannelMetrics.postId, post.id), eq(commsPostChannelMetrics.channelId, x.id)))
    )[0]
  expect(await row()).toMatchObject({ url, impressions: 1000, engagements: 50, likes: null, importId: null })
  const outcome = await confirmAnalyticsImport({ bytes: fixture('x-content.csv'), fileName: 'x.csv', channelId: x.id, actorId: lead.id })
  expect(await row()).toMatchObject({ url, impressions: 1234, engagements: 56, likes: 20, importId: outcome.importId })
  // saving the form again unchanged (the imported figures shown) keeps them the import's
  await publishPost({
    id: post.id,
    publishedAt: '2025-11-04T14:00',
    channels: [{ channelId: x.id, url, impressions: 1234, engagements: 56 }],
    actorId: lead.id,
  })
  expect((await row()).importId).toBe(outcome.importId)
  expect(await revertAnalyticsImport({ importId: outcome.importId!, actorId: lead.id })).toEqual({ restored: 1, keptNewer: 0 })
  expect(await row()).toMatchObject({ url, impressions: 1000, engagements: 50, likes: null, importId: null })
})
