// Publishing a scheduled post to its connected Mastodon and Bluesky channels, once, at its time.
//
// - One delivery row per post and channel (comms_post_deliveries), made when the post is
//   scheduled; its key is fixed then: Mastodon's Idempotency-Key, or Bluesky's record key (a TID
//   derived from post, channel and the first scheduled time). Every attempt sends the same key.
// - A pg-boss job per delivery waits for its time (startAfter); editing or unscheduling the post
//   cancels it. The publish-sweep job (every minute) and `steward publish due` publish whatever is
//   due that no job took — queued from the command line, or left by a process that died.
// - An attempt claims the row first (state publishing, committed) so two workers never send it
//   together. A worker that dies between the network's answer and Steward's write leaves the claim;
//   after STALE_CLAIM_MS it is tried again with the same key, and the network answers with what it
//   already made: Mastodon returns the first status for a repeated Idempotency-Key (kept one hour);
//   the Bluesky PDS refuses the existing record key and the client reads the record back.
// - Mastodon forgets a key after an hour. A Mastodon retry more than MASTODON_KEY_TRUST_MS after
//   the first attempt therefore first reads the account's statuses since that attempt: the same
//   text there is the post (published, nothing sent); no status there means nothing went out (sent
//   again); other statuses there but none with the text stops it as failed, "needs checking", for a
//   person to look (ADR 017).
// - Temporary failures (429, 5xx, timeouts, hang-ups) are tried again after 1, 2, 4 … 32 minutes
//   (or when the rate limit lifts); permanent ones (a revoked token, refused text) fail at once.
// - Published posts are never edited or deleted on the network.
import { and, asc, eq, inArray, lt, lte, sql } from 'drizzle-orm'
import { createHash } from 'node:crypto'
import { db, type DbOrTx } from '#db/client.server.ts'
import { commsChannelConnections, commsChannels, commsPostDeliveries, commsPosts, commsPostTexts } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { createBlueskyClient } from '#app/integrations/bluesky/client.server.ts'
import { deriveTid } from '#app/integrations/bluesky/tid.ts'
import { createMastodonClient } from '#app/integrations/mastodon/client.server.ts'
import { RemoteError } from '#app/utils/remote-error.ts'
import { SecretError } from '#app/utils/secrets.server.ts'
import { cancelJob, enqueueJob, jobsRunning } from '#jobs/boss.server.ts'
import { QUEUES } from '#jobs/queues.ts'
import { connectionSecret, recordConnectionError, saveSession } from './connections.server.ts'
import { DEMO_CHANNEL_REASON, type DeliveryState, isConnectableKind } from './vocabulary.ts'

/** Attempts before a delivery that keeps failing temporarily is given up (about an hour of tries). */
export const MAX_ATTEMPTS = 7
/** A claim older than this belongs to a process that died mid-publication (well inside Mastodon's hour). */
export const STALE_CLAIM_MS = 5 * 60_000
/**
 * Mastodon keeps an Idempotency-Key for an hour from the request it first saw; Steward trusts it for
 * 50 minutes after its own first attempt (which is earlier than the server's), leaving room for
 * clock skew between the two.
 */
export const MASTODON_KEY_TRUST_MS = 50 * 60_000
/** How far before the first attempt a status found on the account may be dated (clock skew). */
const CLOCK_SKEW_MS = 2 * 60_000
/** The reason of a delivery that Steward stopped because it cannot tell whether the post went out. */
export const NEEDS_CHECKING = 'Needs checking:'
/** Minutes to wait after the nth failed attempt: 1, 2, 4, 8, 16, 32. */
export const retryDelayMinutes = (attempts: number) => 2 ** Math.max(0, attempts - 1)

const WAITING: DeliveryState[] = ['scheduled', 'retrying']
const REARMABLE: DeliveryState[] = ['scheduled', 'retrying', 'failed', 'cancelled']

/** The key every attempt of this post on this channel sends. */
export function deliveryKey(kind: string, postId: string, channelId: string, scheduledFor: Date) {
  if (kind === 'bluesky') return deriveTid(postId, channelId, scheduledFor)
  return `steward-${createHash('sha256').update(`${postId}\u0000${channelId}`).digest('hex').slice(0, 32)}`
}

async function queueDelivery(tx: DbOrTx, id: string, at: Date, oldJobId: string | null) {
  if (!jobsRunning()) return null
  if (oldJobId) await cancelJob(QUEUES.publishPost, oldJobId, { tx })
  return enqueueJob(QUEUES.publishPost, { deliveryId: id }, { tx, startAfter: at })
}

async function dropJob(tx: DbOrTx, jobId: string | null) {
  if (jobId && jobsRunning()) await cancelJob(QUEUES.publishPost, jobId, { tx })
}

/**
 * Brings a post's deliveries in line with the post, inside the transaction that changed it: a
 * scheduled post gets one per connected channel it has a text for, due at its time (re-armed when
 * edited, even after a failure: editing is how a refused text is fixed); anything else cancels the
 * waiting ones. Published and in-flight deliveries are never touched.
 */
export async function syncDeliveries(tx: DbOrTx, postId: string) {
  const [post] = await tx.select().from(commsPosts).where(eq(commsPosts.id, postId))
  // marked published by hand (its X or LinkedIn text went out): what waits for its time still goes,
  // and nothing new is made (the person may have posted everywhere by hand)
  if (!post || post.status === 'published') return
  const targets = await tx
    .select({ channelId: commsChannels.id, kind: commsChannels.kind })
    .from(commsPostTexts)
    .innerJoin(commsChannels, eq(commsChannels.id, commsPostTexts.channelId))
    .innerJoin(commsChannelConnections, eq(commsChannelConnections.channelId, commsChannels.id))
    .where(
      and(
        eq(commsPostTexts.postId, postId),
        sql`${commsChannelConnections.credential} is not null`,
        // a demo channel is never published to: no delivery, so no job and no network
        eq(commsChannelConnections.demo, false),
      ),
    )
  const wanted = post.status === 'scheduled' && post.scheduledFor ? targets.filter((t) => isConnectableKind(t.kind)) : []
  const existing = await tx.select().from(commsPostDeliveries).where(eq(commsPostDeliveries.postId, postId))
  const now = new Date()
  for (const delivery of existing) {
    if (!REARMABLE.includes(delivery.state)) continue
    if (wanted.some((w) => w.channelId === delivery.channelId)) {
      const at = post.scheduledFor!
      const jobId = await queueDelivery(tx, delivery.id, at, delivery.jobId)
      await tx
        .update(commsPostDeliveries)
        .set({ state: 'scheduled', nextAttemptAt: at, attempts: 0, lastError: null, jobId, updatedAt: now })
        .where(eq(commsPostDeliveries.id, delivery.id))
    } else if (delivery.state !== 'cancelled') {
      await dropJob(tx, delivery.jobId)
      await tx
        .update(commsPostDeliveries)
        .set({ state: 'cancelled', jobId: null, updatedAt: now })
        .where(eq(commsPostDeliveries.id, delivery.id))
    }
  }
  for (const target of wanted) {
    if (existing.some((d) => d.channelId === target.channelId)) continue
    const [row] = await tx
      .insert(commsPostDeliveries)
      .values({
        postId,
        channelId: target.channelId,
        idempotencyKey: deliveryKey(target.kind, postId, target.channelId, post.scheduledFor!),
        nextAttemptAt: post.scheduledFor!,
      })
      .returning()
    const jobId = await queueDelivery(tx, row.id, post.scheduledFor!, null)
    if (jobId) await tx.update(commsPostDeliveries).set({ jobId }).where(eq(commsPostDeliveries.id, row.id))
  }
}

export type PublishOutcome = 'published' | 'retrying' | 'failed' | 'cancelled' | 'skipped'

export interface PublishOptions {
  now?: Date
  /** tests: runs after the network answered and before Steward writes it down (a crash there) */
  afterNetwork?: () => void | Promise<void>
}

/** Takes a due delivery, unless another worker has it, it went already, or its time moved. */
async function claim(id: string, now: Date) {
  const [row] = await db
    .update(commsPostDeliveries)
    .set({
      state: 'publishing',
      claimedAt: now,
      firstSentAt: sql`coalesce(${commsPostDeliveries.firstSentAt}, ${now.toISOString()}::timestamptz)`,
      attempts: sql`${commsPostDeliveries.attempts} + 1`,
      updatedAt: now,
    })
    .where(and(eq(commsPostDeliveries.id, id), inArray(commsPostDeliveries.state, WAITING), lte(commsPostDeliveries.nextAttemptAt, now)))
    .returning()
  return row
}

/** Publishes one delivery if it is due; returns what became of it. */
export async function publishDelivery(id: string, options: PublishOptions = {}): Promise<PublishOutcome> {
  const now = options.now ?? new Date()
  const delivery = await claim(id, now)
  if (!delivery) return 'skipped'
  const [target] = await db
    .select({ post: commsPosts, text: commsPostTexts.text, channel: commsChannels, connection: commsChannelConnections })
    .from(commsPosts)
    .innerJoin(commsChannels, eq(commsChannels.id, delivery.channelId))
    .leftJoin(commsPostTexts, and(eq(commsPostTexts.postId, commsPosts.id), eq(commsPostTexts.channelId, delivery.channelId)))
    .leftJoin(commsChannelConnections, eq(commsChannelConnections.channelId, delivery.channelId))
    .where(eq(commsPosts.id, delivery.postId))

  const finish = async (state: DeliveryState, values: Partial<typeof commsPostDeliveries.$inferInsert>) => {
    await db
      .update(commsPostDeliveries)
      .set({ state, claimedAt: null, updatedAt: new Date(), ...values })
      .where(eq(commsPostDeliveries.id, id))
    return state as PublishOutcome
  }
  if (!target || !['scheduled', 'published'].includes(target.post.status) || !target.text) return finish('cancelled', {})
  const { post, text, channel, connection } = target
  // a demo channel's address leads nowhere: stop before anything goes over the network
  if (connection?.demo) return finish('cancelled', { lastError: DEMO_CHANNEL_REASON, jobId: null })

  let published: { networkId: string; url: string }
  try {
    if (!connection) throw new SecretError('empty', 'The channel is not connected: connect it on its page, then press "Try again".')
    const { secret, session } = connectionSecret(connection)
    const language = connection.language ?? undefined
    if (channel.kind === 'mastodon') {
      const client = createMastodonClient({ instanceUrl: connection.serviceUrl, accessToken: secret })
      const firstSentAt = delivery.firstSentAt ?? now
      const earlier =
        now.getTime() - firstSentAt.getTime() >= MASTODON_KEY_TRUST_MS
          ? await findEarlierMastodonStatus(client, connection.accountId, text, firstSentAt)
          : { found: 'nothing' as const }
      if (earlier.found === 'unsure') return finish('failed', { lastError: `${NEEDS_CHECKING} ${earlier.reason}`, jobId: null })
      const status =
        earlier.found === 'status'
          ? earlier.status
          : await client.publishStatus({ text, idempotencyKey: delivery.idempotencyKey, language })
      published = { networkId: status.id, url: status.url }
    } else if (channel.kind === 'bluesky') {
      const client = createBlueskyClient({
        serviceUrl: connection.serviceUrl,
        identifier: connection.identifier ?? '',
        appPassword: secret,
        session,
        onSession: (s) => void saveSession(channel.id, s).catch(() => {}),
      })
      const record = await client.publishPost({
        text,
        createdAt: now,
        rkey: delivery.idempotencyKey,
        langs: language ? [language] : undefined,
      })
      published = { networkId: record.uri, url: record.url }
    } else {
      return finish('cancelled', {})
    }
  } catch (error) {
    if (!(error instanceof RemoteError) && !(error instanceof SecretError)) throw error
    const reason = error.message
    if (error instanceof SecretError || error.failure === 'auth' || error.failure === 'scope') {
      await recordConnectionError(channel.id, reason)
    }
    if (error instanceof RemoteError && error.kind === 'transient' && delivery.attempts < MAX_ATTEMPTS) {
      const backoff = new Date(now.getTime() + retryDelayMinutes(delivery.attempts) * 60_000)
      const at = error.details.retryAt && error.details.retryAt > backoff ? error.details.retryAt : backoff
      return db.transaction(async (tx) => {
        const jobId = await queueDelivery(tx, id, at, null)
        await tx
          .update(commsPostDeliveries)
          .set({ state: 'retrying', claimedAt: null, nextAttemptAt: at, lastError: reason, jobId, updatedAt: new Date() })
          .where(eq(commsPostDeliveries.id, id))
        return 'retrying' as const
      })
    }
    const gaveUp = error instanceof RemoteError && error.kind === 'transient' ? `; gave up after ${delivery.attempts} attempts` : ''
    return finish('failed', { lastError: `${reason}${gaveUp}`, jobId: null })
  }

  await options.afterNetwork?.()
  await db.transaction(async (tx) => {
    await tx
      .update(commsPostDeliveries)
      .set({
        state: 'published',
        claimedAt: null,
        networkId: published.networkId,
        url: published.url,
        publishedAt: now,
        lastError: null,
        jobId: null,
        updatedAt: new Date(),
      })
      .where(eq(commsPostDeliveries.id, id))
    await recordAudit(tx, {
      actorId: null,
      entity: 'comms_post',
      entityId: post.id,
      action: 'publish_channel',
      after: { channelId: channel.id, channel: channel.name, url: published.url, networkId: published.networkId },
    })
    await markPostPublishedWhenDone(tx, post.id, now)
  })
  return 'published'
}

/** Text compared the way Mastodon shows it: `@user@domain` shown as `@user`, runs of white space as one. */
const comparable = (text: string) =>
  text
    .replace(/(^|[^/\w])@(\w+)@[^\s@]+[^\s@.,;:!?]/gu, '$1@$2')
    .replace(/\s+/g, ' ')
    .trim()

/**
 * Before sending again after Mastodon has forgotten the key: the account's statuses since the first
 * attempt tell whether it went out. The same text → that status; no status at all since then →
 * nothing went out; other statuses but not this text (or too many to read) → a person must look.
 */
async function findEarlierMastodonStatus(
  client: ReturnType<typeof createMastodonClient>,
  accountId: string | null,
  text: string,
  firstSentAt: Date,
): Promise<{ found: 'status'; status: { id: string; url: string } } | { found: 'nothing' } | { found: 'unsure'; reason: string }> {
  const when = firstSentAt.toISOString().slice(0, 16).replace('T', ' ')
  const look = `Look at the account: if the post is not there, press "Try again"; if it is, mark the post published by hand.`
  if (!accountId) {
    return {
      found: 'unsure',
      reason: `the first attempt (${when} UTC) is more than an hour old, Mastodon has forgotten its key, and Steward does not know the account's id to look for the post. ${look}`,
    }
  }
  const { statuses, complete } = await client.listAccountStatusesSince(accountId, new Date(firstSentAt.getTime() - CLOCK_SKEW_MS))
  const wanted = comparable(text)
  const same = statuses.filter((s) => comparable(s.text) === wanted)
  if (same.length > 0) return { found: 'status', status: same[same.length - 1] }
  if (complete && statuses.length === 0) return { found: 'nothing' }
  return {
    found: 'unsure',
    reason: `the first attempt (${when} UTC) is more than an hour old and Mastodon has forgotten its key; the account posted ${statuses.length}${complete ? '' : ' or more'} other statuses since, none with this exact text, so Steward cannot tell whether this post went out. ${look}`,
  }
}

/**
 * A post becomes published when every channel it has a text for is published by Steward; a post
 * that also goes to a hand-off channel (X, LinkedIn) stays scheduled until its person marks it.
 */
async function markPostPublishedWhenDone(tx: DbOrTx, postId: string, now: Date) {
  const texts = await tx.select({ channelId: commsPostTexts.channelId }).from(commsPostTexts).where(eq(commsPostTexts.postId, postId))
  const done = await tx
    .select({ channelId: commsPostDeliveries.channelId, url: commsPostDeliveries.url, publishedAt: commsPostDeliveries.publishedAt })
    .from(commsPostDeliveries)
    .where(and(eq(commsPostDeliveries.postId, postId), eq(commsPostDeliveries.state, 'published')))
    .orderBy(asc(commsPostDeliveries.publishedAt))
  if (texts.length === 0 || !texts.every((t) => done.some((d) => d.channelId === t.channelId))) return
  await tx
    .update(commsPosts)
    .set({ status: 'published', publishedAt: done[0].publishedAt ?? now, publishedUrl: done[0].url, updatedAt: new Date() })
    .where(and(eq(commsPosts.id, postId), eq(commsPosts.status, 'scheduled')))
}

/**
 * Publishes whatever is due once (the sweep job and `steward publish due`): first gives claims of
 * dead processes back, then publishes due deliveries oldest first, at most `limit` per run.
 */
export async function publishDue(options: PublishOptions & { limit?: number } = {}) {
  const now = options.now ?? new Date()
  await db
    .update(commsPostDeliveries)
    .set({ state: 'retrying', claimedAt: null })
    .where(and(eq(commsPostDeliveries.state, 'publishing'), lt(commsPostDeliveries.claimedAt, new Date(now.getTime() - STALE_CLAIM_MS))))
  const due = await db
    .select({ id: commsPostDeliveries.id })
    .from(commsPostDeliveries)
    .where(and(inArray(commsPostDeliveries.state, WAITING), lte(commsPostDeliveries.nextAttemptAt, now)))
    .orderBy(asc(commsPostDeliveries.nextAttemptAt))
    .limit(options.limit ?? 100)
  const outcomes: Record<PublishOutcome, number> = { published: 0, retrying: 0, failed: 0, cancelled: 0, skipped: 0 }
  for (const { id } of due) outcomes[await publishDelivery(id, options)]++
  return outcomes
}

/** Deliveries of a post, per channel: state, link or reason. */
export async function listDeliveries(postId: string, tx: DbOrTx = db) {
  return tx
    .select({
      id: commsPostDeliveries.id,
      channelId: commsPostDeliveries.channelId,
      channelName: commsChannels.name,
      channelKind: commsChannels.kind,
      state: commsPostDeliveries.state,
      attempts: commsPostDeliveries.attempts,
      nextAttemptAt: commsPostDeliveries.nextAttemptAt,
      url: commsPostDeliveries.url,
      networkId: commsPostDeliveries.networkId,
      publishedAt: commsPostDeliveries.publishedAt,
      lastError: commsPostDeliveries.lastError,
      likes: commsPostDeliveries.likes,
      reposts: commsPostDeliveries.reposts,
      replies: commsPostDeliveries.replies,
      quotes: commsPostDeliveries.quotes,
    })
    .from(commsPostDeliveries)
    .innerJoin(commsChannels, eq(commsChannels.id, commsPostDeliveries.channelId))
    .where(eq(commsPostDeliveries.postId, postId))
    .orderBy(asc(commsChannels.name))
}

/** Every delivery that failed and waits for a person (for This week and notifications), newest first. */
export async function listFailedDeliveries(tx: DbOrTx = db) {
  return tx
    .select({
      id: commsPostDeliveries.id,
      postId: commsPostDeliveries.postId,
      postTitle: commsPosts.title,
      channelId: commsPostDeliveries.channelId,
      channelName: commsChannels.name,
      channelKind: commsChannels.kind,
      reason: commsPostDeliveries.lastError,
      attempts: commsPostDeliveries.attempts,
      failedAt: commsPostDeliveries.updatedAt,
    })
    .from(commsPostDeliveries)
    .innerJoin(commsPosts, eq(commsPosts.id, commsPostDeliveries.postId))
    .innerJoin(commsChannels, eq(commsChannels.id, commsPostDeliveries.channelId))
    .where(eq(commsPostDeliveries.state, 'failed'))
    .orderBy(sql`${commsPostDeliveries.updatedAt} desc`)
}

/** "Try again" on a failed delivery (after reconnecting, say): due now, with the same key. */
export async function retryDelivery(input: { id: string; postId?: string; actorId: string | null }) {
  return db.transaction(async (tx) => {
    const now = new Date()
    const [row] = await tx
      .update(commsPostDeliveries)
      .set({
        state: 'scheduled',
        nextAttemptAt: now,
        attempts: 0,
        updatedAt: now,
        // "needs checking" asked the person to look at the account first: Try again means it is not there
        firstSentAt: sql`case when ${commsPostDeliveries.lastError} like ${`${NEEDS_CHECKING}%`} then null else ${commsPostDeliveries.firstSentAt} end`,
      })
      .where(
        and(
          eq(commsPostDeliveries.id, input.id),
          eq(commsPostDeliveries.state, 'failed'),
          input.postId ? eq(commsPostDeliveries.postId, input.postId) : undefined,
        ),
      )
      .returning()
    if (!row) throw new DomainError('Only a failed publication can be tried again')
    const jobId = await queueDelivery(tx, row.id, now, null)
    if (jobId) await tx.update(commsPostDeliveries).set({ jobId }).where(eq(commsPostDeliveries.id, row.id))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'comms_post',
      entityId: row.postId,
      action: 'retry_publish',
      after: { channelId: row.channelId },
    })
    return row
  })
}
