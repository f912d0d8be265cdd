import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, commsPosts } from '#db/schema/index.ts'
import { updateOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { DEFAULT_ORGANISATION_SETTINGS } from '#app/domain/settings/organisation.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { buildChannel, insertCadence, insertChannel } from '#tests/factories/communications.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { updateChannel } from './channels.server.ts'
import { createPost, getPost, listPostChannelRecords, publishPost, setPostStatus, updatePost } from './posts.server.ts'
import { getPolicy, listPolicyVersions, savePolicyVersion } from './policy.server.ts'
import { loadFilledSlots } from './slots.server.ts'

setupTestDatabase()

async function lead() {
  return insertUser({ roles: ['communications'] })
}

describe('channels', () => {
  test('take the platform default limit and are deactivated, never deleted, with an audit trail', async () => {
    const user = await lead()
    const x = await insertChannel(user.id, 'x')
    const li = await insertChannel(user.id, 'linkedin', { characterLimit: 1300 })
    expect(x.characterLimit).toBe(280)
    expect(li.characterLimit).toBe(1300)
    await updateChannel({ ...buildChannel('x'), active: false, id: x.id, actorId: user.id })
    const events = await db.select().from(auditEvents).where(eq(auditEvents.entityId, x.id))
    expect(events.map((e) => e.action).sort()).toEqual(['create', 'deactivate'])
  })
})

describe('posts', () => {
  test('a text over the channel limit is refused with the channel, the count and the excess', async () => {
    const user = await lead()
    const x = await insertChannel(user.id, 'x')
    const attempt = createPost({ title: 'Release', texts: [{ channelId: x.id, text: 'a'.repeat(281) }], actorId: user.id })
    await expect(attempt).rejects.toMatchObject({
      field: 'texts[0].text',
      message: 'The X text has 281 characters; X (Twitter) allows 280. Remove 1.',
    })
    expect(await db.select().from(commsPosts)).toHaveLength(0)
    // counted as X counts: an emoji weighs 2, so 140 fit (280) and 141 do not (282, 2 over)
    await expect(
      createPost({ title: 'Emoji', texts: [{ channelId: x.id, text: '🔋'.repeat(140) }], actorId: user.id }),
    ).resolves.toBeDefined()
    await expect(
      createPost({ title: 'Emoji', texts: [{ channelId: x.id, text: '🔋'.repeat(141) }], actorId: user.id }),
    ).rejects.toMatchObject({ message: 'The X text has 282 characters; X (Twitter) allows 280. Remove 2.' })
    // Bluesky counts graphemes: 300 emoji fit (300 graphemes, 1,200 bytes)
    const bluesky = await insertChannel(user.id, 'bluesky')
    await expect(
      createPost({ title: 'Emoji', texts: [{ channelId: bluesky.id, text: '🔋'.repeat(300) }], actorId: user.id }),
    ).resolves.toBeDefined()
  })

  test('move idea → draft → ready → scheduled → published, recording the URL, time and numbers', async () => {
    const user = await lead()
    const x = await insertChannel(user.id, 'x')
    const post = await createPost({ title: 'PyBaMM 25.10', texts: [], status: 'idea', actorId: user.id })
    await expect(setPostStatus({ id: post.id, status: 'ready', actorId: user.id })).rejects.toThrow(/idea post cannot become ready/)
    await setPostStatus({ id: post.id, status: 'draft', actorId: user.id })
    await expect(setPostStatus({ id: post.id, status: 'ready', actorId: user.id })).rejects.toThrow(/at least one channel/)
    await updatePost({ id: post.id, title: 'PyBaMM 25.10', texts: [{ channelId: x.id, text: 'New release!' }], actorId: user.id })
    await setPostStatus({ id: post.id, status: 'ready', actorId: user.id })
    await expect(setPostStatus({ id: post.id, status: 'scheduled', actorId: user.id })).rejects.toMatchObject({ field: 'scheduledFor' })
    await updatePost({
      id: post.id,
      title: 'PyBaMM 25.10',
      scheduledFor: '2026-10-06T10:00',
      texts: [{ channelId: x.id, text: 'New release!' }],
      status: 'scheduled',
      actorId: user.id,
    })
    await publishPost({
      id: post.id,
      publishedAt: '2026-10-06T10:05',
      channels: [{ channelId: x.id, url: 'https://x.com/pybamm/status/1', impressions: 1200, engagements: 40 }],
      actorId: user.id,
    })
    const saved = await getPost(post.id)
    expect(saved).toMatchObject({ status: 'published', publishedUrl: 'https://x.com/pybamm/status/1' })
    expect(await listPostChannelRecords(post.id)).toEqual([
      expect.objectContaining({
        channelId: x.id,
        url: 'https://x.com/pybamm/status/1',
        impressions: 1200,
        engagements: 40,
        importId: null,
      }),
    ])
    expect(saved?.publishedAt?.toISOString()).toBe('2026-10-06T10:05:00.000Z')
    await expect(setPostStatus({ id: post.id, status: 'draft', actorId: user.id })).rejects.toThrow(/cannot become draft/)
    const actions = (await db.select().from(auditEvents).where(eq(auditEvents.entityId, post.id))).map((e) => e.action).sort()
    expect(actions).toEqual(['create', 'publish', 'status', 'status', 'update', 'update'])
  })

  test('scheduled times are read in the project time zone', async () => {
    const user = await insertUser({ roles: ['admin'] })
    await updateOrganisationSettings({ values: { ...DEFAULT_ORGANISATION_SETTINGS, timeZone: 'Europe/London' }, actorId: user.id })
    const x = await insertChannel(user.id, 'x')
    const post = await createPost({
      title: 'Summer',
      scheduledFor: '2026-07-01T09:00',
      texts: [{ channelId: x.id, text: 'hi' }],
      status: 'scheduled',
      actorId: user.id,
    })
    expect(post.scheduledFor?.toISOString()).toBe('2026-07-01T08:00:00.000Z')
  })
})

describe('slots from the database', () => {
  test('a scheduled post fills its slot; a draft does not; a deactivated channel has no slots', async () => {
    const user = await lead()
    const x = await insertChannel(user.id, 'x')
    const li = await insertChannel(user.id, 'linkedin')
    await insertCadence(user.id, { channelId: undefined, intervalWeeks: 1 })
    await createPost({
      title: 'One',
      scheduledFor: '2026-01-07T12:00',
      texts: [{ channelId: x.id, text: 'one' }],
      status: 'scheduled',
      actorId: user.id,
    })
    await createPost({
      title: 'Two',
      scheduledFor: '2026-01-07T12:00',
      texts: [{ channelId: li.id, text: 'two' }],
      status: 'draft',
      actorId: user.id,
    })
    const range = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-01-14T00:00:00Z') }
    const slots = await loadFilledSlots({ range, now: new Date('2026-01-21T00:00:00Z') })
    expect(slots.map((s) => [s.channelId === x.id ? 'x' : 'li', s.start.toISOString().slice(0, 10), s.state]).sort()).toEqual([
      ['li', '2026-01-06', 'missed'],
      ['li', '2026-01-13', 'missed'],
      ['x', '2026-01-06', 'filled'],
      ['x', '2026-01-13', 'missed'],
    ])
    await updateChannel({ ...buildChannel('linkedin'), active: false, id: li.id, actorId: user.id })
    expect((await loadFilledSlots({ range, now: new Date('2026-01-21T00:00:00Z') })).every((s) => s.channelId === x.id)).toBe(true)
  })
})

describe('policy', () => {
  test('versions keep who wrote what; rendering strips scripts and unsafe links', async () => {
    const user = await lead()
    await savePolicyVersion({ markdown: '# Policy\n\nPost **weekly**.', actorId: user.id })
    await savePolicyVersion({
      markdown: '# Policy\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) [ok](https://pybamm.org)',
      note: 'Links',
      actorId: user.id,
    })
    const versions = await listPolicyVersions()
    expect(versions.map((v) => [v.version, v.authorName, v.note])).toEqual([
      [2, user.name, 'Links'],
      [1, user.name, null],
    ])
    const current = await getPolicy()
    expect(current?.html).not.toMatch(/<script|href="javascript/)
    expect(current?.html).toContain('<a href="https://pybamm.org" rel="noopener noreferrer">ok</a>')
    expect((await getPolicy(1))?.html).toContain('<strong>weekly</strong>')
  })
})
