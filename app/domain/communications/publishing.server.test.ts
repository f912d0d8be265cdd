// Publishing against the Mastodon and Bluesky stand-ins, on a real database (PGlite, or PostgreSQL
// with DATABASE_URL): once per post and channel, crashes included.
import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, commsChannelConnections, commsPostDeliveries } from '#db/schema/index.ts'
import { resetEnv } from '#app/utils/env.server.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { insertChannel } from '#tests/factories/communications.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { createFakeBluesky, type FakeBluesky } from '#tests/fakes/bluesky/server.ts'
import { createFakeMastodon, type FakeMastodon } from '#tests/fakes/mastodon/server.ts'
import { communicationsWeekCard } from './this-week.server.ts'
import { postFailedProducer } from './notifications.server.ts'
import { connectChannel, testChannelConnection } from './connections.server.ts'
import { createPost, getPost, publishPost, setPostStatus, updatePost } from './posts.server.ts'
import {
  listDeliveries,
  listFailedDeliveries,
  MASTODON_KEY_TRUST_MS,
  publishDue,
  retryDelivery,
  STALE_CLAIM_MS,
} from './publishing.server.ts'
import { DateTime } from 'luxon'
import { DEFAULT_ORGANISATION_SETTINGS } from '#app/domain/settings/organisation.ts'
import { weekContaining } from '#app/domain/this-week/week.ts'

setupTestDatabase()
let mastodon: FakeMastodon
let bluesky: FakeBluesky
const savedKey = process.env.STEWARD_SECRET_KEY

beforeAll(async () => {
  process.env.STEWARD_SECRET_KEY = 'a'.repeat(64)
  resetEnv()
})
afterAll(() => {
  process.env.STEWARD_SECRET_KEY = savedKey
  resetEnv()
})
afterEach(async () => {
  await mastodon?.close()
  await bluesky?.close()
})

/** The post's time as the form sends it (project time zone UTC in tests). */
const local = (date: Date) => DateTime.fromJSDate(date, { zone: 'UTC' }).toFormat("yyyy-MM-dd'T'HH:mm")
const createdStatuses = () => mastodon.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses' && r.status === 200)
const createRecordCalls = () => bluesky.requests.filter((r) => r.nsid === 'com.atproto.repo.createRecord')

async function setup(options: { mastodonMax?: number; mastodonNow?: () => number } = {}) {
  mastodon = await createFakeMastodon({ maxCharacters: options.mastodonMax ?? 500, now: options.mastodonNow })
  bluesky = await createFakeBluesky()
  const lead = await insertUser({ roles: ['communications'] })
  const fosstodon = await insertChannel(lead.id, 'mastodon', { name: 'Fosstodon', handle: '@pybamm@mastodon.example' })
  const sky = await insertChannel(lead.id, 'bluesky', { name: 'Bluesky', handle: '@pybamm.bsky.social' })
  await connectChannel({ channelId: fosstodon.id, serviceUrl: mastodon.url, secret: 'token', language: 'en', actorId: lead.id })
  await connectChannel({
    channelId: sky.id,
    serviceUrl: bluesky.url,
    identifier: 'pybamm.bsky.social',
    secret: 'abcd-efgh-ijkl-mnop',
    actorId: lead.id,
  })
  mastodon.requests.length = 0
  bluesky.requests.length = 0
  return { lead, fosstodon, sky }
}

async function schedule(ctx: Awaited<ReturnType<typeof setup>>, at: Date, text = 'PyBaMM 25.10 is out: https://pybamm.org/news ⚡') {
  return createPost({
    title: 'Release 25.10',
    scheduledFor: local(at),
    texts: [
      { channelId: ctx.fosstodon.id, text },
      { channelId: ctx.sky.id, text },
    ],
    status: 'scheduled',
    actorId: ctx.lead.id,
  })
}

describe('connecting', () => {
  test('a connection stores the credential encrypted, takes the instance limit, and is audited without the value', async () => {
    const ctx = await setup({ mastodonMax: 1000 })
    const [row] = await db.select().from(commsChannelConnections).where(eq(commsChannelConnections.channelId, ctx.fosstodon.id))
    expect(row.credential).toEqual({ encrypted: expect.stringMatching(/^v1\./) })
    expect(JSON.stringify(row)).not.toContain('"token"')
    expect(row.accountName).toBe('@steward@mastodon.example')
    const sky = await db.select().from(commsChannelConnections).where(eq(commsChannelConnections.channelId, ctx.sky.id))
    expect(sky[0].accountName).toBe('pybamm.bsky.social')
    expect(JSON.stringify(sky[0])).not.toContain('abcd-efgh-ijkl-mnop')
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.action, 'connect'))
    expect(audit).toHaveLength(2)
    expect(JSON.stringify(audit)).not.toContain('abcd-efgh-ijkl-mnop')
    expect(JSON.stringify(audit)).not.toContain('"token"')
    // the instance said 1,000: a 600-character text fits where the default 500 would refuse it
    await expect(
      createPost({ title: 'Long', texts: [{ channelId: ctx.fosstodon.id, text: 'a'.repeat(600) }], actorId: ctx.lead.id }),
    ).resolves.toBeTruthy()
  })

  test('a wrong token is refused with plain words and nothing is stored; Test connection names a revoked token', async () => {
    const ctx = await setup()
    const other = await insertChannel(ctx.lead.id, 'mastodon', { name: 'Other' })
    await expect(connectChannel({ channelId: other.id, serviceUrl: mastodon.url, secret: 'wrong', actorId: ctx.lead.id })).rejects.toThrow(
      'Not connected: Mastodon refused the access token while checking the access token (HTTP 401',
    )
    expect(await db.select().from(commsChannelConnections).where(eq(commsChannelConnections.channelId, other.id))).toHaveLength(0)
    expect(await testChannelConnection(ctx.fosstodon.id)).toEqual({
      ok: true,
      message: 'Connected as @steward@mastodon.example; the instance allows 500 characters.',
    })
    mastodon.tokens.get('token')!.revoked = true
    const result = await testChannelConnection(ctx.fosstodon.id)
    expect(result.ok).toBe(false)
    expect(result.message).toContain('Mastodon refused the access token')
    expect(result.message).toContain('Connect the channel again with a new token')
  })

  test('a Bluesky account password with sign-in codes is explained', async () => {
    mastodon = await createFakeMastodon()
    bluesky = await createFakeBluesky({
      accounts: [
        {
          did: 'did:plc:x',
          handle: 'x.bsky.social',
          password: 'pw',
          appPasswords: [],
          emailAuthFactor: true,
          followersCount: 0,
          followsCount: 0,
        },
      ],
    })
    const lead = await insertUser({ roles: ['communications'] })
    const sky = await insertChannel(lead.id, 'bluesky', { name: 'Bluesky' })
    await expect(
      connectChannel({ channelId: sky.id, serviceUrl: bluesky.url, identifier: 'x.bsky.social', secret: 'pw', actorId: lead.id }),
    ).rejects.toThrow('this is the account password, not an app password')
  })
})

describe('publishing', () => {
  test('a scheduled post goes out at its time on both networks, once, with links, facets and the language', async () => {
    const ctx = await setup()
    const at = new Date('2026-11-30T09:00:00Z')
    const post = await schedule(ctx, at)
    // before its time nothing is sent
    expect(await publishDue({ now: new Date('2026-11-30T08:59:00Z') })).toMatchObject({ published: 0 })
    expect(createdStatuses()).toHaveLength(0)
    expect(await publishDue({ now: at })).toMatchObject({ published: 2, failed: 0 })
    // and again: nothing more
    expect(await publishDue({ now: new Date('2026-11-30T10:00:00Z') })).toMatchObject({ published: 0 })
    expect(createdStatuses()).toHaveLength(1)
    expect(createRecordCalls()).toHaveLength(1)
    expect(mastodon.statuses.size).toBe(1)
    expect(bluesky.records.size).toBe(1)

    const status = [...mastodon.statuses.values()][0]
    expect(status.language).toBe('en')
    const record = [...bluesky.records.values()][0]
    // "PyBaMM 25.10 is out: " is 21 bytes; the link is 23 bytes long
    expect(record.value.facets).toEqual([
      { index: { byteStart: 21, byteEnd: 44 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://pybamm.org/news' }] },
    ])

    const deliveries = await listDeliveries(post.id)
    expect(deliveries.map((d) => [d.channelName, d.state])).toEqual([
      ['Bluesky', 'published'],
      ['Fosstodon', 'published'],
    ])
    expect(deliveries[1].url).toBe(`https://mastodon.example/@steward/${status.id}`)
    expect(deliveries[0].url).toBe(`https://bsky.app/profile/pybamm.bsky.social/post/${record.rkey}`)
    const after = await getPost(post.id)
    expect(after?.status).toBe('published')
    expect(after?.publishedAt).toEqual(at)
  })

  test('a crash between the network answer and Steward’s write posts nothing twice (request log: one status, one record)', async () => {
    const ctx = await setup()
    const at = new Date('2026-11-30T09:00:00Z')
    const post = await schedule(ctx, at)
    // the worker dies after each network answered, before it wrote anything down
    await expect(
      publishDue({
        now: at,
        afterNetwork: () => {
          throw new Error('killed')
        },
      }),
    ).rejects.toThrow('killed')
    // publishDue stops at the first crash; run it again to crash the second delivery too
    await expect(
      publishDue({
        now: new Date(at.getTime() + 1000),
        afterNetwork: () => {
          throw new Error('killed')
        },
      }),
    ).rejects.toThrow('killed')
    expect((await listDeliveries(post.id)).map((d) => d.state)).toEqual(['publishing', 'publishing'])
    // a claim is a living worker's for a while: nothing happens until it is stale
    expect(await publishDue({ now: new Date(at.getTime() + 60_000) })).toMatchObject({ published: 0 })
    // then another worker (or `publish due`) takes over with the same keys
    expect(await publishDue({ now: new Date(at.getTime() + STALE_CLAIM_MS + 2000) })).toMatchObject({ published: 2 })

    const postCalls = mastodon.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses')
    // two POSTs with one key, answered with one status
    expect(postCalls.map((r) => r.idempotencyKey)).toEqual([postCalls[0].idempotencyKey, postCalls[0].idempotencyKey])
    expect(mastodon.statuses.size).toBe(1)
    // Bluesky: the second createRecord hit the existing key (500) and the record was read back
    expect(createRecordCalls().map((r) => r.status)).toEqual([200, 500])
    expect(bluesky.requests.filter((r) => r.nsid === 'com.atproto.repo.getRecord')).toHaveLength(1)
    expect(bluesky.records.size).toBe(1)
    const deliveries = await listDeliveries(post.id)
    expect(deliveries.map((d) => d.state)).toEqual(['published', 'published'])
    expect(deliveries[1].networkId).toBe([...mastodon.statuses.keys()][0])
    expect(deliveries[0].networkId).toBe([...bluesky.records.keys()][0])
    // one sign-in for the whole story: the session is kept (encrypted) between runs
    expect(bluesky.requests.filter((r) => r.nsid === 'com.atproto.server.createSession')).toHaveLength(0)
  })

  test('a connection dropped after the network wrote the post is not posted twice', async () => {
    const ctx = await setup()
    const at = new Date('2026-11-30T09:00:00Z')
    await schedule(ctx, at)
    mastodon.faults.push('write-then-drop')
    bluesky.faults.push('write-then-drop')
    const first = await publishDue({ now: at })
    // Mastodon: no answer → try again later; Bluesky: no answer → the record is read back at once
    expect(first).toMatchObject({ published: 1, retrying: 1 })
    expect(await publishDue({ now: new Date(at.getTime() + 60_000) })).toMatchObject({ published: 1 })
    expect(mastodon.statuses.size).toBe(1)
    expect(bluesky.records.size).toBe(1)
  })

  describe('a Mastodon retry after the server forgot the key (an hour)', () => {
    const HOUR = 3_600_000
    const at = new Date('2026-11-30T09:00:00Z')
    const late = new Date(at.getTime() + HOUR + 60_000)
    let clock = at.getTime()

    /** A Mastodon-only post whose first attempt was made (or not) by a worker that died holding the claim. */
    async function crashedAttempt(fault: 'write-then-drop' | 'hang-up' | 'crash-after-answer') {
      clock = at.getTime()
      const ctx = await setup({ mastodonNow: () => clock })
      const post = await createPost({
        title: 'Only Mastodon',
        scheduledFor: local(at),
        texts: [{ channelId: ctx.fosstodon.id, text: 'PyBaMM 25.10 is out:\n\nhttps://pybamm.org/news ⚡ thanks @alice@hachyderm.io' }],
        status: 'scheduled',
        actorId: ctx.lead.id,
      })
      if (fault === 'crash-after-answer') {
        const killed = () => {
          throw new Error('killed')
        }
        await expect(publishDue({ now: at, afterNetwork: killed })).rejects.toThrow('killed')
      } else {
        mastodon.faults.push(fault)
        expect(await publishDue({ now: at })).toMatchObject({ retrying: 1 })
        // the worker goes down before the retry a minute later; it is back an hour and a minute on
      }
      clock = late.getTime()
      return { ctx, post }
    }

    test('the fake forgets the key: a blind resend would make a second status', async () => {
      await crashedAttempt('crash-after-answer')
      // what the server does with a key older than an hour (as Mastodon's Idempotency-Key does)
      const res = await fetch(`${mastodon.url}/api/v1/statuses`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer token',
          'content-type': 'application/json',
          'idempotency-key': createdStatuses()[0].idempotencyKey!,
        },
        body: JSON.stringify({ status: 'again' }),
      })
      expect(res.status).toBe(200)
      expect(mastodon.statuses.size).toBe(2)
    })

    test('a post that did go out is found on the account and recorded, not sent again', async () => {
      const { post } = await crashedAttempt('crash-after-answer')
      // the claim is stale (an hour old): the sweep hands it back and the retry looks first
      expect(await publishDue({ now: late })).toMatchObject({ published: 1 })
      const posts = mastodon.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses')
      expect(posts).toHaveLength(1)
      expect(mastodon.requests.filter((r) => /^\/api\/v1\/accounts\/\d+\/statuses/.test(r.path))).toHaveLength(1)
      expect(mastodon.statuses.size).toBe(1)
      const [d] = await listDeliveries(post.id)
      expect(d.state).toBe('published')
      expect(d.networkId).toBe([...mastodon.statuses.keys()][0])
    })

    test('a write whose answer was lost is found the same way', async () => {
      const { post } = await crashedAttempt('write-then-drop')
      expect(await publishDue({ now: late })).toMatchObject({ published: 1 })
      expect(mastodon.statuses.size).toBe(1)
      expect((await listDeliveries(post.id))[0].networkId).toBe([...mastodon.statuses.keys()][0])
    })

    test('nothing on the account since the first attempt: it is sent, once', async () => {
      const { post } = await crashedAttempt('hang-up')
      // an older status, from before the first attempt, is not a candidate
      mastodon.addStatus('Last week’s news', new Date(at.getTime() - 7 * 86_400_000))
      expect(await publishDue({ now: late })).toMatchObject({ published: 1 })
      expect(createdStatuses()).toHaveLength(1)
      expect(mastodon.statuses.size).toBe(2)
      expect((await listDeliveries(post.id))[0].state).toBe('published')
    })

    test('other posts since then but not this text: stopped as "needs checking", not sent; Try again after looking sends it', async () => {
      const { ctx, post } = await crashedAttempt('hang-up')
      mastodon.addStatus('Posted by hand in the meantime', new Date(at.getTime() + 30 * 60_000))
      expect(await publishDue({ now: late })).toMatchObject({ failed: 1 })
      expect(createdStatuses()).toHaveLength(0)
      const [d] = await listDeliveries(post.id)
      expect(d.state).toBe('failed')
      expect(d.lastError).toBe(
        'Needs checking: the first attempt (2026-11-30 09:00 UTC) is more than an hour old and Mastodon has forgotten its key; ' +
          'the account posted 1 other statuses since, none with this exact text, so Steward cannot tell whether this post went out. ' +
          'Look at the account: if the post is not there, press "Try again"; if it is, mark the post published by hand.',
      )
      expect((await listFailedDeliveries()).map((f) => f.id)).toEqual([d.id])
      // the person looked: not there
      await retryDelivery({ id: d.id, actorId: ctx.lead.id })
      expect(await publishDue({ now: new Date() })).toMatchObject({ published: 1 })
      expect(createdStatuses()).toHaveLength(1)
    })

    test('within the trusted part of the hour the key alone is relied on (no reading of the account)', async () => {
      clock = at.getTime()
      await crashedAttempt('crash-after-answer')
      const soon = new Date(at.getTime() + MASTODON_KEY_TRUST_MS - 60_000)
      clock = soon.getTime()
      expect(await publishDue({ now: soon })).toMatchObject({ published: 1 })
      expect(mastodon.requests.filter((r) => /^\/api\/v1\/accounts\/\d+\/statuses/.test(r.path))).toHaveLength(0)
      expect(mastodon.statuses.size).toBe(1)
    })
  })

  test('429, 5xx and hang-ups are tried again with growing pauses; the 429 waits for its reset', async () => {
    const ctx = await setup()
    const at = new Date('2026-11-30T09:00:00Z')
    const post = await createPost({
      title: 'Only Mastodon',
      scheduledFor: local(at),
      texts: [{ channelId: ctx.fosstodon.id, text: 'Hello' }],
      status: 'scheduled',
      actorId: ctx.lead.id,
    })
    mastodon.faults.push('http-503', 'hang-up', 'rate-limit')
    expect(await publishDue({ now: at })).toMatchObject({ retrying: 1 })
    let [d] = await listDeliveries(post.id)
    expect(d.lastError).toBe('Mastodon failed while publishing the post (HTTP 503). It will be tried again.')
    // after attempt 1: 1 minute
    expect(d.nextAttemptAt).toEqual(new Date(at.getTime() + 60_000))
    const t2 = new Date(at.getTime() + 60_000)
    expect(await publishDue({ now: t2 })).toMatchObject({ retrying: 1 })
    ;[d] = await listDeliveries(post.id)
    expect(d.lastError).toMatch(/connection was dropped|socket|other side closed/i)
    // after attempt 2: 2 minutes
    expect(d.nextAttemptAt).toEqual(new Date(t2.getTime() + 2 * 60_000))
    const t3 = new Date(t2.getTime() + 2 * 60_000)
    expect(await publishDue({ now: t3 })).toMatchObject({ retrying: 1 })
    ;[d] = await listDeliveries(post.id)
    // the fake's reset is 5 minutes after its window opened (real time), later than t3 + 4 minutes
    expect(d.lastError).toMatch(/^Mastodon's rate limit was reached while publishing the post; it lifts at /)
    expect(d.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(t3.getTime() + 4 * 60_000)
    expect(await publishDue({ now: d.nextAttemptAt })).toMatchObject({ published: 1 })
    expect(mastodon.statuses.size).toBe(1)
    expect((await listDeliveries(post.id))[0].attempts).toBe(4)
  })

  test('a revoked token fails at once, is never retried, shows on This week and in listFailedDeliveries; Try again after reconnecting publishes it', async () => {
    const ctx = await setup()
    const at = new Date('2026-11-30T09:00:00Z')
    const post = await schedule(ctx, at)
    mastodon.tokens.get('token')!.revoked = true
    expect(await publishDue({ now: at })).toMatchObject({ published: 1, failed: 1 })
    expect(await publishDue({ now: new Date(at.getTime() + 3_600_000) })).toMatchObject({ published: 0, failed: 0, retrying: 0 })
    expect(mastodon.requests.filter((r) => r.path === '/api/v1/statuses')).toHaveLength(1)
    const failed = await listFailedDeliveries()
    expect(failed).toEqual([
      expect.objectContaining({
        postId: post.id,
        postTitle: 'Release 25.10',
        channelName: 'Fosstodon',
        reason:
          'Mastodon refused the access token while publishing the post (HTTP 401: “The access token was revoked”). Connect the channel again with a new token.',
      }),
    ])
    // the post is not published while a channel failed
    expect((await getPost(post.id))?.status).toBe('scheduled')
    const [connection] = await db.select().from(commsChannelConnections).where(eq(commsChannelConnections.channelId, ctx.fosstodon.id))
    expect(connection.lastError).toContain('access token was revoked')

    const now = new Date(at.getTime() + 3_600_000)
    const card = await communicationsWeekCard({
      user: { id: ctx.lead.id, name: 'Lead', roles: ['communications'] },
      now,
      week: weekContaining(now, 'UTC'),
      settings: DEFAULT_ORGANISATION_SETTINGS,
    })
    expect(card.items[0]).toMatchObject({
      label: 'Not published: Release 25.10 on Fosstodon',
      href: `/communications/posts/${post.id}`,
      tone: 'urgent',
    })
    // and in the notifications of the communications lead
    const notified = await postFailedProducer.produce({
      now,
      today: now.toISOString().slice(0, 10),
      settings: DEFAULT_ORGANISATION_SETTINGS,
    })
    expect(notified).toEqual([
      expect.objectContaining({
        text: expect.stringMatching(/^“Release 25.10” was not published on Fosstodon: Mastodon refused the access token/),
        link: `/communications/posts/${post.id}`,
        to: { roles: ['communications'] },
      }),
    ])

    mastodon.tokens.set('token2', { accountId: '109000000000000001', scopes: ['read', 'write'] })
    await connectChannel({ channelId: ctx.fosstodon.id, secret: 'token2', actorId: ctx.lead.id })
    await retryDelivery({ id: failed[0].id, actorId: ctx.lead.id })
    expect(await publishDue()).toMatchObject({ published: 1 })
    expect((await getPost(post.id))?.status).toBe('published')
    expect(await listFailedDeliveries()).toEqual([])
  })

  test('a text the instance refuses fails without retry; editing the post re-arms it', async () => {
    const ctx = await setup()
    const at = new Date('2026-11-30T09:00:00Z')
    const post = await createPost({
      title: 'Too long later',
      scheduledFor: local(at),
      texts: [{ channelId: ctx.fosstodon.id, text: 'a'.repeat(400) }],
      status: 'scheduled',
      actorId: ctx.lead.id,
    })
    // the admin of the instance lowered the limit after the post was written
    mastodon.instance.maxCharacters = 300
    expect(await publishDue({ now: at })).toMatchObject({ failed: 1 })
    expect((await listDeliveries(post.id))[0].lastError).toBe(
      'Mastodon refused publishing the post: “Validation failed: Text character limit of 300 exceeded”.',
    )
    await updatePost({
      id: post.id,
      title: 'Shorter',
      scheduledFor: local(at),
      texts: [{ channelId: ctx.fosstodon.id, text: 'a'.repeat(200) }],
      actorId: ctx.lead.id,
    })
    expect((await listDeliveries(post.id))[0].state).toBe('scheduled')
    expect(await publishDue({ now: new Date(at.getTime() + 60_000) })).toMatchObject({ published: 1 })
  })

  test('a post also on X, marked published by hand before its time, still goes to Mastodon at its time', async () => {
    const ctx = await setup()
    const x = await insertChannel(ctx.lead.id, 'x', { name: 'X' })
    const at = new Date('2026-11-30T09:00:00Z')
    const post = await createPost({
      title: 'Mixed',
      scheduledFor: local(at),
      texts: [
        { channelId: ctx.fosstodon.id, text: 'On Mastodon' },
        { channelId: x.id, text: 'On X' },
      ],
      status: 'scheduled',
      actorId: ctx.lead.id,
    })
    await publishPost({
      id: post.id,
      publishedAt: '2026-11-30T08:00',
      channels: [{ channelId: x.id, url: 'https://x.com/pybamm/status/1' }],
      actorId: ctx.lead.id,
    })
    expect((await listDeliveries(post.id))[0].state).toBe('scheduled')
    expect(await publishDue({ now: at })).toMatchObject({ published: 1 })
    expect(mastodon.statuses.size).toBe(1)
    // the hand-off record stays as the person wrote it
    expect((await getPost(post.id))?.publishedUrl).toBe('https://x.com/pybamm/status/1')
  })

  test('editing the time or unscheduling before the time moves or cancels the publication', async () => {
    const ctx = await setup()
    const at = new Date('2026-11-30T09:00:00Z')
    const post = await schedule(ctx, at)
    const later = new Date('2026-12-01T09:00:00Z')
    await updatePost({
      id: post.id,
      title: 'Release 25.10',
      scheduledFor: local(later),
      texts: [{ channelId: ctx.fosstodon.id, text: 'Moved' }],
      actorId: ctx.lead.id,
    })
    // the Bluesky text was removed: its delivery is cancelled; the Mastodon one moved
    expect((await listDeliveries(post.id)).map((d) => [d.channelName, d.state, d.nextAttemptAt.toISOString()])).toEqual([
      ['Bluesky', 'cancelled', at.toISOString()],
      ['Fosstodon', 'scheduled', later.toISOString()],
    ])
    expect(await publishDue({ now: at })).toMatchObject({ published: 0 })
    await setPostStatus({ id: post.id, status: 'draft', actorId: ctx.lead.id })
    expect(await publishDue({ now: later })).toMatchObject({ published: 0 })
    expect((await listDeliveries(post.id)).map((d) => d.state)).toEqual(['cancelled', 'cancelled'])
    expect(mastodon.requests.filter((r) => r.path === '/api/v1/statuses')).toHaveLength(0)
    const rows = await db.select().from(commsPostDeliveries)
    expect(rows).toHaveLength(2)
  })
})
