// Importing X and LinkedIn analytics exports into Reach: preview (rows, date range, which of
// Steward's posts the file's posts are, which it does not know, how many follower days), then
// confirm in one transaction, or nothing. Idempotent: only what differs from the database is
// written, so the same file again changes nothing. Every import keeps what it changed (the values
// before and after), so reverting it restores the earlier values — unless a later import or reading
// has changed them since, which is left alone and counted.
//
// - Posts are matched by their identity on the network (X: the status id; LinkedIn: the activity or
//   share id in the link; else the link itself) against the URL Steward has for the post on that
//   channel (typed in per channel, or the channel's delivery URL), among posts with a text there; a
//   post on X and LinkedIn is matched by the X export on its X link and by LinkedIn's on its own.
// - A row keeps its link and, when the export has no value for a figure, the figure it had (typed in
//   by hand, say): an import writes only what it imports, and reverting it puts the earlier back.
// - Followers: the exports give the day's gain (X: new follows − unfollows; LinkedIn: new
//   followers), not the total. Totals are counted back from one known total on the file's last day:
//   Steward's snapshot of that day, or the count the person gives with the upload.
import { createHash } from 'node:crypto'
import { and, desc, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import {
  commsAnalyticsImports,
  commsAnalyticsUploads,
  commsChannelDailyStats,
  commsChannels,
  commsPostChannelMetrics,
  commsPostDeliveries,
  commsPosts,
  commsPostTexts,
  users,
  type AnalyticsImportChanges,
  type AnalyticsMetrics,
} from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import {
  AnalyticsFileError,
  parseAnalyticsExport,
  postKey,
  type ExportKind,
  type ParsedExport,
} from '#app/integrations/analytics-exports/index.ts'
import { ANALYTICS_EXPORT_LABELS } from './vocabulary.ts'

export interface AnalyticsImportInput {
  bytes: Uint8Array
  fileName: string
  channelId: string
  /** the follower count on the file's last day, when Steward has no snapshot of that day */
  followersAtEnd?: number | null
}

export interface AnalyticsPreview {
  fileName: string
  channelName: string
  kind: ExportKind
  kindLabel: string
  rows: number
  firstDay: string | null
  lastDay: string | null
  matched: Array<{
    postId: string
    title: string
    url: string | null
    impressions: number | null
    engagements: number | null
    changes: boolean
  }>
  unmatched: Array<{ url: string | null; label: string | null; day: string | null; impressions: number | null }>
  /** follower totals the import would store, one per day, or why none */
  followerDays: number
  followersNote: string | null
  /** how many values differ from what Steward holds: 0 means importing changes nothing */
  changes: number
  sameFile: { id: string; importedAt: Date } | null
}

const METRIC_KEYS = ['impressions', 'engagements', 'likes', 'reposts', 'replies'] as const
const EMPTY_METRICS: AnalyticsMetrics = { impressions: null, engagements: null, likes: null, reposts: null, replies: null }
const sameMetrics = (a: AnalyticsMetrics | null, b: AnalyticsMetrics) => a !== null && METRIC_KEYS.every((k) => a[k] === b[k])
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

async function requireExportChannel(tx: DbOrTx, channelId: string, parsed: ParsedExport) {
  const [channel] = await tx.select().from(commsChannels).where(eq(commsChannels.id, channelId))
  if (!channel) throw new DomainError('No such channel')
  if (channel.kind !== parsed.network) {
    const network = parsed.network === 'x' ? 'X' : 'LinkedIn'
    throw new DomainError(
      `This is ${network}'s ${ANALYTICS_EXPORT_LABELS[parsed.kind]}; choose a ${network} channel for it, not “${channel.name}”.`,
    )
  }
  return channel
}

async function plan(tx: DbOrTx, input: AnalyticsImportInput, parsed: ParsedExport) {
  const channel = await requireExportChannel(tx, input.channelId, parsed)
  // Steward's posts on this channel with a URL there, by their identity on the network: the link
  // typed in for this channel, or the delivery's; the post's own link only for a post on this one
  // channel (a link from before links were kept per channel, which may be another channel's)
  const channelsOfPost = sql<number>`(select count(*) from ${commsPostTexts} t where t.post_id = ${commsPosts.id})::int`
  const known = await tx
    .select({
      postId: commsPosts.id,
      title: commsPosts.title,
      channelUrl: commsPostChannelMetrics.url,
      deliveryUrl: commsPostDeliveries.url,
      publishedUrl: commsPosts.publishedUrl,
      channels: channelsOfPost,
    })
    .from(commsPostTexts)
    .innerJoin(commsPosts, eq(commsPosts.id, commsPostTexts.postId))
    .leftJoin(
      commsPostDeliveries,
      and(eq(commsPostDeliveries.postId, commsPostTexts.postId), eq(commsPostDeliveries.channelId, commsPostTexts.channelId)),
    )
    .leftJoin(
      commsPostChannelMetrics,
      and(eq(commsPostChannelMetrics.postId, commsPostTexts.postId), eq(commsPostChannelMetrics.channelId, commsPostTexts.channelId)),
    )
    .where(eq(commsPostTexts.channelId, channel.id))
  const byKey = new Map<string, { postId: string; title: string; url: string | null }>()
  for (const k of known) {
    for (const url of [k.channelUrl, k.deliveryUrl, Number(k.channels) === 1 ? k.publishedUrl : null]) {
      const key = postKey(parsed.network, url)
      if (key && !byKey.has(key)) byKey.set(key, { postId: k.postId, title: k.title, url })
    }
  }
  const current = new Map(
    (await tx.select().from(commsPostChannelMetrics).where(eq(commsPostChannelMetrics.channelId, channel.id))).map((m) => [m.postId, m]),
  )
  const changes: AnalyticsImportChanges = { metrics: [], followers: [] }
  const matched: AnalyticsPreview['matched'] = []
  const unmatched: AnalyticsPreview['unmatched'] = []
  const done = new Set<string>()
  for (const p of parsed.posts) {
    const post = byKey.get(p.key)
    if (!post) {
      unmatched.push({ url: p.url, label: p.label, day: p.day, impressions: p.impressions })
      continue
    }
    if (done.has(post.postId)) continue // the same post twice in a file: its first row counts
    done.add(post.postId)
    const row = current.get(post.postId)
    const before = row
      ? { impressions: row.impressions, engagements: row.engagements, likes: row.likes, reposts: row.reposts, replies: row.replies }
      : null
    // a figure the export does not have keeps the value Steward holds
    const after: AnalyticsMetrics = {
      impressions: p.impressions ?? before?.impressions ?? null,
      engagements: p.engagements ?? before?.engagements ?? null,
      likes: p.likes ?? before?.likes ?? null,
      reposts: p.reposts ?? before?.reposts ?? null,
      replies: p.replies ?? before?.replies ?? null,
    }
    const differs = !sameMetrics(before, after)
    if (differs) changes.metrics.push({ postId: post.postId, before, after })
    matched.push({
      postId: post.postId,
      title: post.title,
      url: post.url,
      impressions: p.impressions,
      engagements: p.engagements,
      changes: differs,
    })
  }

  let followersNote: string | null = null
  const gains = parsed.days.filter((d) => d.followersGained !== null)
  if (gains.length > 0) {
    const lastDay = gains[gains.length - 1].day
    const days = gains.map((d) => d.day)
    const existing = new Map(
      (
        await tx
          .select({ day: commsChannelDailyStats.day, followers: commsChannelDailyStats.followers })
          .from(commsChannelDailyStats)
          .where(and(eq(commsChannelDailyStats.channelId, channel.id), inArray(commsChannelDailyStats.day, days)))
      ).map((r) => [r.day, r.followers]),
    )
    const anchor = existing.get(lastDay) ?? input.followersAtEnd ?? null
    if (anchor === null) {
      followersNote = `Give the number of followers on ${lastDay} to store follower counts; without it only the posts are imported.`
    } else {
      // followers(day) = followers(last day) − the gains of the days after it
      let total = anchor
      for (let i = gains.length - 1; i >= 0; i--) {
        const before = existing.get(gains[i].day) ?? null
        if (before !== total) changes.followers.push({ day: gains[i].day, before, after: total })
        total -= gains[i].followersGained!
      }
      changes.followers.reverse()
    }
  }
  const allDays = [...parsed.days.map((d) => d.day), ...parsed.posts.map((p) => p.day).filter((d): d is string => d !== null)].sort()
  const [sameFile] = await tx
    .select({ id: commsAnalyticsImports.id, importedAt: commsAnalyticsImports.importedAt })
    .from(commsAnalyticsImports)
    .where(
      and(
        eq(commsAnalyticsImports.sha256, sha256(input.bytes)),
        eq(commsAnalyticsImports.channelId, channel.id),
        isNull(commsAnalyticsImports.revertedAt),
      ),
    )
    .orderBy(desc(commsAnalyticsImports.importedAt))
    .limit(1)
  const preview: AnalyticsPreview = {
    fileName: input.fileName,
    channelName: channel.name,
    kind: parsed.kind,
    kindLabel: ANALYTICS_EXPORT_LABELS[parsed.kind],
    rows: parsed.rows,
    firstDay: allDays[0] ?? null,
    lastDay: allDays[allDays.length - 1] ?? null,
    matched,
    unmatched,
    followerDays: followersNote ? 0 : gains.length,
    followersNote,
    changes: changes.metrics.length + changes.followers.length,
    sameFile: sameFile ?? null,
  }
  return { preview, changes, channel }
}

/** Reads an export and compares it with what Steward holds; writes nothing. Throws AnalyticsFileError for unreadable files. */
export async function previewAnalyticsImport(input: AnalyticsImportInput): Promise<AnalyticsPreview> {
  const parsed = await parseAnalyticsExport(input.bytes)
  return (await plan(db, input, parsed)).preview
}

export interface AnalyticsImportOutcome {
  /** null when the file changed nothing (nothing is recorded then) */
  importId: string | null
  metricsChanged: number
  followerDaysChanged: number
}

/** Writes what the file changes, in one transaction, or nothing; a file that changes nothing records nothing. */
export async function confirmAnalyticsImport(input: AnalyticsImportInput & { actorId: string | null }): Promise<AnalyticsImportOutcome> {
  const parsed = await parseAnalyticsExport(input.bytes)
  return db.transaction(async (tx) => {
    // one import at a time: two people confirming the same file cannot interleave
    await tx.execute(sql`lock table ${commsAnalyticsImports} in share row exclusive mode`)
    const { preview, changes, channel } = await plan(tx, input, parsed)
    if (preview.changes === 0) return { importId: null, metricsChanged: 0, followerDaysChanged: 0 }
    // one instant for the batch and its rows: a snapshot recorded later than it is someone else's
    const now = new Date()
    const [batch] = await tx
      .insert(commsAnalyticsImports)
      .values({
        channelId: channel.id,
        kind: parsed.kind,
        fileName: input.fileName,
        sha256: sha256(input.bytes),
        rows: parsed.rows,
        firstDay: preview.firstDay,
        lastDay: preview.lastDay,
        postsMatched: preview.matched.length,
        postsUnmatched: preview.unmatched.length,
        followerDays: preview.followerDays,
        changes,
        importedById: input.actorId,
        importedAt: now,
      })
      .returning()
    for (const m of changes.metrics) {
      await tx
        .insert(commsPostChannelMetrics)
        .values({ postId: m.postId, channelId: channel.id, ...m.after, importId: batch.id, updatedAt: now })
        .onConflictDoUpdate({
          target: [commsPostChannelMetrics.postId, commsPostChannelMetrics.channelId],
          set: { ...m.after, importId: batch.id, updatedAt: now },
        })
    }
    for (const f of changes.followers) {
      await tx
        .insert(commsChannelDailyStats)
        .values({ channelId: channel.id, day: f.day, followers: f.after, recordedAt: now })
        .onConflictDoUpdate({
          target: [commsChannelDailyStats.channelId, commsChannelDailyStats.day],
          set: { followers: f.after, recordedAt: now },
        })
    }
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'comms_analytics_import',
      entityId: batch.id,
      action: 'import',
      after: {
        channel: channel.name,
        fileName: input.fileName,
        kind: parsed.kind,
        rows: parsed.rows,
        metricsChanged: changes.metrics.length,
        followerDaysChanged: changes.followers.length,
      },
    })
    return { importId: batch.id, metricsChanged: changes.metrics.length, followerDaysChanged: changes.followers.length }
  })
}

/**
 * Puts back what an import changed. A value changed since by something else (a later import, the
 * daily reading) is left as it is and counted in `keptNewer`.
 */
export async function revertAnalyticsImport(input: { importId: string; actorId: string | null }) {
  return db.transaction(async (tx) => {
    const [batch] = await tx.select().from(commsAnalyticsImports).where(eq(commsAnalyticsImports.id, input.importId)).for('update')
    if (!batch) throw new DomainError('No such import')
    if (batch.revertedAt) throw new DomainError('This import was reverted already')
    let restored = 0
    let keptNewer = 0
    for (const m of batch.changes.metrics) {
      const [row] = await tx
        .select()
        .from(commsPostChannelMetrics)
        .where(and(eq(commsPostChannelMetrics.postId, m.postId), eq(commsPostChannelMetrics.channelId, batch.channelId)))
      if (!row || row.importId !== batch.id || !sameMetrics(row, m.after)) {
        keptNewer++
        continue
      }
      const where = and(eq(commsPostChannelMetrics.postId, m.postId), eq(commsPostChannelMetrics.channelId, batch.channelId))
      // a row with a typed-in link keeps it: only the figures go back to none
      if (m.before || row.url !== null)
        await tx
          .update(commsPostChannelMetrics)
          .set({ ...(m.before ?? EMPTY_METRICS), importId: null, updatedAt: new Date() })
          .where(where)
      else await tx.delete(commsPostChannelMetrics).where(where)
      restored++
    }
    for (const f of batch.changes.followers) {
      const where = and(eq(commsChannelDailyStats.channelId, batch.channelId), eq(commsChannelDailyStats.day, f.day))
      const [row] = await tx.select().from(commsChannelDailyStats).where(where)
      if (!row || row.followers !== f.after || row.recordedAt > batch.importedAt) {
        keptNewer++
        continue
      }
      if (f.before === null) await tx.delete(commsChannelDailyStats).where(where)
      else await tx.update(commsChannelDailyStats).set({ followers: f.before }).where(where)
      restored++
    }
    const now = new Date()
    await tx
      .update(commsAnalyticsImports)
      .set({ revertedAt: now, revertedById: input.actorId })
      .where(eq(commsAnalyticsImports.id, batch.id))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'comms_analytics_import',
      entityId: batch.id,
      action: 'revert',
      before: { fileName: batch.fileName },
      after: { restored, keptNewer },
    })
    return { restored, keptNewer }
  })
}

/** Imports, newest first, with who made them. */
export async function listAnalyticsImports(limit = 20) {
  return db
    .select({
      id: commsAnalyticsImports.id,
      channelName: commsChannels.name,
      kind: commsAnalyticsImports.kind,
      fileName: commsAnalyticsImports.fileName,
      rows: commsAnalyticsImports.rows,
      firstDay: commsAnalyticsImports.firstDay,
      lastDay: commsAnalyticsImports.lastDay,
      postsMatched: commsAnalyticsImports.postsMatched,
      followerDays: commsAnalyticsImports.followerDays,
      importedAt: commsAnalyticsImports.importedAt,
      importedBy: users.name,
      revertedAt: commsAnalyticsImports.revertedAt,
    })
    .from(commsAnalyticsImports)
    .innerJoin(commsChannels, eq(commsChannels.id, commsAnalyticsImports.channelId))
    .leftJoin(users, eq(users.id, commsAnalyticsImports.importedById))
    .orderBy(desc(commsAnalyticsImports.importedAt))
    .limit(limit)
}

// --- the web page's step between upload and confirm: the file waits as an upload ---

const UPLOAD_TTL_MS = 86_400_000

/** Keeps an uploaded export for its preview; refuses an unreadable file at once with its reason. */
export async function uploadAnalyticsExport(input: AnalyticsImportInput & { actorId: string }) {
  try {
    await previewAnalyticsImport(input)
  } catch (error) {
    if (error instanceof AnalyticsFileError) throw new DomainError(error.message)
    throw error
  }
  await db.delete(commsAnalyticsUploads).where(lt(commsAnalyticsUploads.createdAt, new Date(Date.now() - UPLOAD_TTL_MS)))
  const [row] = await db
    .insert(commsAnalyticsUploads)
    .values({
      channelId: input.channelId,
      fileName: input.fileName,
      content: Buffer.from(input.bytes).toString('base64'),
      followersAtEnd: input.followersAtEnd ?? null,
      uploadedById: input.actorId,
    })
    .returning({ id: commsAnalyticsUploads.id })
  return row.id
}

async function getUpload(uploadId: string, actorId: string) {
  const [row] = await db
    .select()
    .from(commsAnalyticsUploads)
    .where(and(eq(commsAnalyticsUploads.id, uploadId), eq(commsAnalyticsUploads.uploadedById, actorId)))
  if (!row) return null
  return {
    id: row.id,
    bytes: new Uint8Array(Buffer.from(row.content, 'base64')),
    fileName: row.fileName,
    channelId: row.channelId,
    followersAtEnd: row.followersAtEnd,
  }
}

/** The preview of a waiting upload (only its uploader's), or null when it is gone. */
export async function previewUpload(uploadId: string, actorId: string) {
  const upload = await getUpload(uploadId, actorId)
  if (!upload) return null
  return { uploadId: upload.id, preview: await previewAnalyticsImport(upload) }
}

export async function confirmAnalyticsUpload(input: { uploadId: string; actorId: string }) {
  const upload = await getUpload(input.uploadId, input.actorId)
  if (!upload) throw new DomainError('This upload is gone (confirmed, cancelled or a day old); upload the file again.')
  const outcome = await confirmAnalyticsImport({ ...upload, actorId: input.actorId })
  await db.delete(commsAnalyticsUploads).where(eq(commsAnalyticsUploads.id, upload.id))
  return outcome
}

export async function discardAnalyticsUpload(uploadId: string, actorId: string) {
  await db.delete(commsAnalyticsUploads).where(and(eq(commsAnalyticsUploads.id, uploadId), eq(commsAnalyticsUploads.uploadedById, actorId)))
}

/** Channels an export can go to (X and LinkedIn). */
export async function listExportChannels() {
  return db
    .select({ id: commsChannels.id, name: commsChannels.name, kind: commsChannels.kind })
    .from(commsChannels)
    .where(inArray(commsChannels.kind, ['x', 'linkedin']))
    .orderBy(commsChannels.name)
}

/** The upload form's value: the file as the browser sent it. */
export async function uploadAnalyticsFile(input: { file: File; channelId: string; followersAtEnd?: number; actorId: string }) {
  return uploadAnalyticsExport({
    bytes: new Uint8Array(await input.file.arrayBuffer()),
    fileName: input.file.name || 'export',
    channelId: input.channelId,
    followersAtEnd: input.followersAtEnd ?? null,
    actorId: input.actorId,
  })
}

/** What /communications/reach/import shows: the channels, a waiting upload's preview, what was just imported, earlier imports. */
export async function getAnalyticsImportPage(input: { actorId: string; uploadId: string | null; importedId: string | null }) {
  const [channels, imports, { timeZone }] = await Promise.all([listExportChannels(), listAnalyticsImports(), getOrganisationSettings()])
  const waiting = input.uploadId ? await previewUpload(input.uploadId, input.actorId) : null
  if (input.uploadId && !waiting) return null
  const imported = input.importedId ? (imports.find((i) => i.id === input.importedId) ?? null) : null
  return { channels, imports, upload: waiting, imported, timeZone }
}

/** Post figures on X, LinkedIn and other hand-off channels (imported or typed in), highest impressions first (Reach). */
export async function listImportedPostMetrics(limit = 50) {
  return (
    db
      .select({
        postId: commsPostChannelMetrics.postId,
        title: commsPosts.title,
        channelId: commsPostChannelMetrics.channelId,
        channelName: commsChannels.name,
        publishedAt: commsPosts.publishedAt,
        impressions: commsPostChannelMetrics.impressions,
        engagements: commsPostChannelMetrics.engagements,
        likes: commsPostChannelMetrics.likes,
        reposts: commsPostChannelMetrics.reposts,
        replies: commsPostChannelMetrics.replies,
      })
      .from(commsPostChannelMetrics)
      .innerJoin(commsPosts, eq(commsPosts.id, commsPostChannelMetrics.postId))
      .innerJoin(commsChannels, eq(commsChannels.id, commsPostChannelMetrics.channelId))
      // a row with only the link typed in has nothing to show here
      .where(or(isNotNull(commsPostChannelMetrics.impressions), isNotNull(commsPostChannelMetrics.engagements)))
      .orderBy(sql`${commsPostChannelMetrics.impressions} desc nulls last`, commsPosts.title)
      .limit(limit)
  )
}
