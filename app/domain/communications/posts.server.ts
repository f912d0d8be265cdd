import { and, asc, desc, eq, gte, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { db, type DbOrTx } from '#db/client.server.ts'
import {
  commsCampaigns,
  commsChannelConnections,
  commsChannels,
  commsPostChannelMetrics,
  commsPostDeliveries,
  commsPosts,
  commsPostTexts,
  users,
} from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import type { PostPlacement, Range } from './cadence.ts'
import type { PostInput, PublishInput } from './schemas.ts'
import { syncDeliveries } from './publishing.server.ts'
import { measurePostText } from './text-length.ts'
import { CHANNEL_KIND_LABELS, POST_STATUS_LABELS, type PostStatus } from './vocabulary.ts'

/**
 * Allowed status changes. Publishing goes through `publishPost` (it records the URL and time).
 * A lead working alone may schedule a draft without a review step.
 */
export const POST_TRANSITIONS: Record<PostStatus, PostStatus[]> = {
  idea: ['draft', 'skipped'],
  draft: ['idea', 'ready', 'scheduled', 'skipped'],
  ready: ['draft', 'scheduled', 'skipped'],
  scheduled: ['ready', 'draft', 'skipped'],
  published: [],
  skipped: ['draft'],
}

export function canPublish(status: PostStatus) {
  return status === 'draft' || status === 'ready' || status === 'scheduled' || status === 'published'
}

/** The instant a post counts at: when it was published, else when it is scheduled. */
// (compared with ISO strings: postgres.js does not serialise a Date bound to a raw expression)
const postInstantSql = sql<Date>`coalesce(${commsPosts.publishedAt}, ${commsPosts.scheduledFor})`

function toInstant(local: string | undefined | null, timeZone: string): Date | null {
  if (!local) return null
  const dt = DateTime.fromISO(local, { zone: timeZone })
  if (!dt.isValid) throw new DomainError('Choose a valid date and time', 'scheduledFor')
  return dt.toJSDate()
}

async function textsOf(postIds: string[], tx: DbOrTx) {
  if (postIds.length === 0) return []
  return tx
    .select({
      postId: commsPostTexts.postId,
      channelId: commsPostTexts.channelId,
      text: commsPostTexts.text,
      channelName: commsChannels.name,
      channelKind: commsChannels.kind,
    })
    .from(commsPostTexts)
    .innerJoin(commsChannels, eq(commsChannels.id, commsPostTexts.channelId))
    .where(inArray(commsPostTexts.postId, postIds))
    .orderBy(asc(commsChannels.name))
}

export interface PostFilters {
  status?: PostStatus[]
  channelId?: string
  /** posts whose instant (published, else scheduled) is in the range */
  range?: Range
  /** also include posts without a date (ideas, drafts) */
  includeUndated?: boolean
  limit?: number
}

export async function listPosts(filters: PostFilters = {}, tx: DbOrTx = db) {
  const conditions: SQL[] = []
  if (filters.status?.length) conditions.push(inArray(commsPosts.status, filters.status))
  if (filters.channelId) {
    conditions.push(
      sql`exists (select 1 from ${commsPostTexts} where ${commsPostTexts.postId} = ${commsPosts.id} and ${commsPostTexts.channelId} = ${filters.channelId})`,
    )
  }
  if (filters.range) {
    const inRange = and(gte(postInstantSql, filters.range.start.toISOString()), lt(postInstantSql, filters.range.end.toISOString()))!
    conditions.push(filters.includeUndated ? or(inRange, and(isNull(commsPosts.publishedAt), isNull(commsPosts.scheduledFor)))! : inRange)
  }
  const rows = await tx
    .select({ post: commsPosts, campaignName: commsCampaigns.name, authorName: users.name })
    .from(commsPosts)
    .leftJoin(commsCampaigns, eq(commsCampaigns.id, commsPosts.campaignId))
    .leftJoin(users, eq(users.id, commsPosts.authorId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(postInstantSql), desc(commsPosts.createdAt))
    .limit(filters.limit ?? 1000)
  const texts = await textsOf(
    rows.map((r) => r.post.id),
    tx,
  )
  return rows.map((r) => ({
    ...r.post,
    campaignName: r.campaignName,
    authorName: r.authorName,
    texts: texts.filter((t) => t.postId === r.post.id),
  }))
}

export async function getPost(id: string, tx: DbOrTx = db) {
  const [row] = await tx
    .select({ post: commsPosts, campaignName: commsCampaigns.name, authorName: users.name })
    .from(commsPosts)
    .leftJoin(commsCampaigns, eq(commsCampaigns.id, commsPosts.campaignId))
    .leftJoin(users, eq(users.id, commsPosts.authorId))
    .where(eq(commsPosts.id, id))
  if (!row) return undefined
  return { ...row.post, campaignName: row.campaignName, authorName: row.authorName, texts: await textsOf([id], tx) }
}

/** Posts scheduled or published in the range, with their channels: what fills cadence slots. */
export async function listPostPlacements(range: Range, tx: DbOrTx = db): Promise<PostPlacement[]> {
  const rows = await tx
    .select({
      id: commsPosts.id,
      status: commsPosts.status,
      scheduledFor: commsPosts.scheduledFor,
      publishedAt: commsPosts.publishedAt,
      channelId: commsPostTexts.channelId,
    })
    .from(commsPosts)
    .innerJoin(commsPostTexts, eq(commsPostTexts.postId, commsPosts.id))
    .where(
      and(
        inArray(commsPosts.status, ['scheduled', 'published']),
        gte(postInstantSql, range.start.toISOString()),
        lt(postInstantSql, range.end.toISOString()),
      ),
    )
  const byId = new Map<string, PostPlacement & { channelIds: string[] }>()
  for (const row of rows) {
    const entry = byId.get(row.id) ?? {
      id: row.id,
      status: row.status,
      scheduledFor: row.scheduledFor,
      publishedAt: row.publishedAt,
      channelIds: [],
    }
    entry.channelIds.push(row.channelId)
    byId.set(row.id, entry)
  }
  return [...byId.values()]
}

/** Keeps non-empty texts and refuses any over its channel's limit, naming the channel and the excess. */
async function checkedTexts(texts: PostInput['texts'], tx: DbOrTx) {
  const channels = await tx.select().from(commsChannels)
  const perUrl = new Map(
    (await tx.select().from(commsChannelConnections)).map((c) => [c.channelId, c.charactersReservedPerUrl ?? undefined]),
  )
  const out: { channelId: string; text: string }[] = []
  texts.forEach((entry, index) => {
    const text = (entry.text ?? '').trim()
    if (!text) return
    const channel = channels.find((c) => c.id === entry.channelId)
    if (!channel) throw new DomainError('That channel does not exist', `texts[${index}].text`)
    // the same count as the form's counter: the network's own rules
    const { length, limit, over, detail } = measurePostText(text, channel.kind, {
      limit: channel.characterLimit,
      charactersReservedPerUrl: perUrl.get(channel.id),
    })
    if (over && limit !== null && length > limit) {
      throw new DomainError(
        `The ${channel.name} text has ${length.toLocaleString('en')} characters; ${CHANNEL_KIND_LABELS[channel.kind]} allows ${limit.toLocaleString('en')}. Remove ${(length - limit).toLocaleString('en')}.`,
        `texts[${index}].text`,
      )
    }
    if (over) {
      throw new DomainError(
        `The ${channel.name} text is ${detail.bytes?.toLocaleString('en')} bytes long; ${CHANNEL_KIND_LABELS[channel.kind]} allows ${detail.maxBytes?.toLocaleString('en')}. Shorten it.`,
        `texts[${index}].text`,
      )
    }
    out.push({ channelId: entry.channelId, text })
  })
  return out
}

function requireSchedulable(post: { scheduledFor: Date | null }, textCount: number) {
  if (!post.scheduledFor) throw new DomainError('Choose when the post goes out before scheduling it', 'scheduledFor')
  if (textCount === 0) throw new DomainError('Write the text for at least one channel before scheduling', 'texts')
}

export interface SavePostInput extends PostInput {
  /** null: the command line or the system */
  actorId: string | null
  /** the status to save with; defaults to draft (or the current status when editing) */
  status?: Extract<PostStatus, 'idea' | 'draft' | 'ready' | 'scheduled'>
}

export async function createPost(input: SavePostInput) {
  return db.transaction(async (tx) => {
    const { timeZone } = await getOrganisationSettings(tx)
    const texts = await checkedTexts(input.texts, tx)
    const status = input.status ?? 'draft'
    const scheduledFor = toInstant(input.scheduledFor, timeZone)
    if (status === 'scheduled') requireSchedulable({ scheduledFor }, texts.length)
    const [post] = await tx
      .insert(commsPosts)
      .values({ title: input.title, status, scheduledFor, campaignId: input.campaignId ?? null, authorId: input.actorId })
      .returning()
    if (texts.length) await tx.insert(commsPostTexts).values(texts.map((t) => ({ ...t, postId: post.id })))
    await recordAudit(tx, { actorId: input.actorId, entity: 'comms_post', entityId: post.id, action: 'create', after: { ...post, texts } })
    await syncDeliveries(tx, post.id)
    return post
  })
}

export async function updatePost(input: SavePostInput & { id: string }) {
  return db.transaction(async (tx) => {
    const before = await getPost(input.id, tx)
    if (!before) throw new DomainError('No such post')
    const { timeZone } = await getOrganisationSettings(tx)
    const texts = await checkedTexts(input.texts, tx)
    const scheduledFor = toInstant(input.scheduledFor, timeZone)
    const status = input.status ?? before.status
    if (status !== before.status && !POST_TRANSITIONS[before.status].includes(status)) {
      throw new DomainError(
        `A ${POST_STATUS_LABELS[before.status].toLowerCase()} post cannot become ${POST_STATUS_LABELS[status].toLowerCase()}`,
      )
    }
    if (status === 'scheduled') requireSchedulable({ scheduledFor }, texts.length)
    const [after] = await tx
      .update(commsPosts)
      .set({ title: input.title, status, scheduledFor, campaignId: input.campaignId ?? null, updatedAt: new Date() })
      .where(eq(commsPosts.id, input.id))
      .returning()
    await tx.delete(commsPostTexts).where(eq(commsPostTexts.postId, input.id))
    if (texts.length) await tx.insert(commsPostTexts).values(texts.map((t) => ({ ...t, postId: input.id })))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'comms_post',
      entityId: input.id,
      action: 'update',
      before: { ...before, texts: before.texts.map((t) => ({ channelId: t.channelId, text: t.text })) },
      after: { ...after, texts },
    })
    await syncDeliveries(tx, input.id)
    return after
  })
}

/** Moves a post along its workflow (POST_TRANSITIONS). */
export async function setPostStatus(input: { id: string; status: PostStatus; actorId: string }) {
  return db.transaction(async (tx) => {
    const before = await getPost(input.id, tx)
    if (!before) throw new DomainError('No such post')
    if (before.status === input.status) return before
    if (input.status === 'published') throw new DomainError('Use "Mark as published" to record the link and time')
    if (!POST_TRANSITIONS[before.status].includes(input.status)) {
      throw new DomainError(
        `A ${POST_STATUS_LABELS[before.status].toLowerCase()} post cannot become ${POST_STATUS_LABELS[input.status].toLowerCase()}`,
      )
    }
    if (input.status === 'scheduled') requireSchedulable(before, before.texts.length)
    if (input.status === 'ready' && before.texts.length === 0)
      throw new DomainError('Write the text for at least one channel before asking for review')
    const [after] = await tx
      .update(commsPosts)
      .set({ status: input.status, updatedAt: new Date() })
      .where(eq(commsPosts.id, input.id))
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'comms_post',
      entityId: input.id,
      action: 'status',
      before: { status: before.status },
      after: { status: after.status },
    })
    await syncDeliveries(tx, input.id)
    return after
  })
}

/**
 * Records that a post went out: when, and per channel it was posted on by hand its link and,
 * optionally, how it did (comms_post_channel_metrics). Typed figures replace imported ones only when
 * they differ (then they count as typed by hand, and reverting that import leaves them); an
 * unchanged form changes nothing. The post's own link is the first channel's, for what reads one.
 */
export async function publishPost(
  input: Omit<PublishInput, 'channels'> & { channels?: PublishInput['channels']; id: string; actorId: string },
) {
  return db.transaction(async (tx) => {
    const before = await getPost(input.id, tx)
    if (!before) throw new DomainError('No such post')
    if (!canPublish(before.status))
      throw new DomainError(`A ${POST_STATUS_LABELS[before.status].toLowerCase()} post cannot be published; move it to draft first`)
    if (before.texts.length === 0) throw new DomainError('Write the text for at least one channel first')
    const { timeZone } = await getOrganisationSettings(tx)
    const publishedAt = toInstant(input.publishedAt, timeZone)
    const deliveries = await tx.select().from(commsPostDeliveries).where(eq(commsPostDeliveries.postId, input.id))
    const entries = input.channels ?? []
    entries.forEach((entry, index) => {
      if (!before.texts.some((t) => t.channelId === entry.channelId))
        throw new DomainError('This post has no text on that channel', `channels[${index}].url`)
      if (deliveries.some((d) => d.channelId === entry.channelId && d.state === 'published'))
        throw new DomainError('Steward published this one itself; its link is recorded already', `channels[${index}].url`)
    })
    const current = new Map(
      (await tx.select().from(commsPostChannelMetrics).where(eq(commsPostChannelMetrics.postId, input.id))).map((m) => [m.channelId, m]),
    )
    const now = new Date()
    const channelsBefore: ChannelRecord[] = []
    const channelsAfter: ChannelRecord[] = []
    for (const entry of entries) {
      const row = current.get(entry.channelId)
      const typed = { impressions: entry.impressions ?? null, engagements: entry.engagements ?? null }
      const url = entry.url ?? null
      const figuresChange = (row?.impressions ?? null) !== typed.impressions || (row?.engagements ?? null) !== typed.engagements
      channelsBefore.push({
        channelId: entry.channelId,
        url: row?.url ?? null,
        impressions: row?.impressions ?? null,
        engagements: row?.engagements ?? null,
      })
      channelsAfter.push({
        channelId: entry.channelId,
        url,
        ...(figuresChange ? typed : { impressions: row?.impressions ?? null, engagements: row?.engagements ?? null }),
      })
      if (!row) {
        if (url === null && !figuresChange) continue
        await tx.insert(commsPostChannelMetrics).values({ postId: input.id, channelId: entry.channelId, url, ...typed, updatedAt: now })
      } else if (figuresChange || row.url !== url) {
        await tx
          .update(commsPostChannelMetrics)
          .set(figuresChange ? { url, ...typed, importId: null, updatedAt: now } : { url, updatedAt: now })
          .where(and(eq(commsPostChannelMetrics.postId, input.id), eq(commsPostChannelMetrics.channelId, entry.channelId)))
      }
    }
    const publishedUrl = channelsAfter.find((c) => c.url)?.url ?? deliveries.find((d) => d.url)?.url ?? null
    const [after] = await tx
      .update(commsPosts)
      .set({ status: 'published', publishedAt, publishedUrl, updatedAt: now })
      .where(eq(commsPosts.id, input.id))
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'comms_post',
      entityId: input.id,
      action: before.status === 'published' ? 'update_published' : 'publish',
      before: { status: before.status, publishedAt: before.publishedAt, publishedUrl: before.publishedUrl, channels: channelsBefore },
      after: { status: after.status, publishedAt: after.publishedAt, publishedUrl: after.publishedUrl, channels: channelsAfter },
    })
    await syncDeliveries(tx, input.id)
    return after
  })
}

interface ChannelRecord {
  channelId: string
  url: string | null
  impressions: number | null
  engagements: number | null
}

/** Per channel of a post: its hand-typed link and figures (or imported ones), by channel id. */
export async function listPostChannelRecords(postId: string, tx: DbOrTx = db) {
  return tx.select().from(commsPostChannelMetrics).where(eq(commsPostChannelMetrics.postId, postId))
}

/**
 * Compose links for the publish hand-off: no API keys, the person posts it themselves. Mastodon
 * needs the instance (the channel's connection, or a handle like @pybamm@fosstodon.org or a URL).
 */
export function composeLink(kind: string, text: string, where: { handle?: string | null; serviceUrl?: string | null } = {}): string | null {
  const q = encodeURIComponent(text)
  if (kind === 'x') return `https://twitter.com/intent/tweet?text=${q}`
  if (kind === 'linkedin') return `https://www.linkedin.com/feed/?shareActive=true&text=${q}`
  if (kind === 'bluesky') return `https://bsky.app/intent/compose?text=${q}`
  if (kind === 'mastodon') {
    const instance = where.serviceUrl ?? mastodonInstanceOf(where.handle)
    return instance ? `${instance}/share?text=${q}` : null
  }
  return null
}

/** https://fosstodon.org from "@pybamm@fosstodon.org" or "https://fosstodon.org/@pybamm". */
export function mastodonInstanceOf(handle: string | null | undefined): string | null {
  if (!handle) return null
  const at = /^@?[\w.-]+@([a-z0-9.-]+\.[a-z]{2,})$/i.exec(handle.trim())
  if (at) return `https://${at[1].toLowerCase()}`
  try {
    const url = new URL(handle.trim())
    return url.protocol === 'https:' ? url.origin : null
  } catch {
    return null
  }
}
