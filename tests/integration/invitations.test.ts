// Invitation links travel by e-mail (when SMTP is set up) or in the answer to the admin's form,
// shown once: never in an address, where history, logs and Referer headers would keep them.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { emailOutbox, invitations } from '#db/schema/index.ts'
import { findUsableInvitation } from '#app/domain/accounts/invitations.server.ts'
import { sweepOutbox } from '#app/domain/email/outbox.server.ts'
import { startUserSession } from '#app/utils/session.server.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { type SmtpSink, startSmtpSink } from '#tests/setup/smtp-sink.ts'
import * as newUser from '#app/routes/settings.users.new.tsx'
import * as person from '#app/routes/settings.users.$userId.tsx'

setupTestDatabase()
let sink: SmtpSink
const saved = { SMTP_URL: process.env.SMTP_URL, STEWARD_PUBLIC_URL: process.env.STEWARD_PUBLIC_URL }

async function configure(env: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  const { resetEnv } = await import('#app/utils/env.server.ts')
  resetEnv()
}

beforeAll(async () => {
  sink = await startSmtpSink()
})
beforeEach(async () => {
  await configure({ SMTP_URL: sink.url, STEWARD_PUBLIC_URL: 'https://steward.example.org' })
  sink.messages.length = 0
})
afterAll(async () => {
  await sink.close()
  await configure(saved)
})

type Handler = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<unknown>

async function postAsAdmin(action: unknown, path: string, form: URLSearchParams, params: Record<string, string> = {}) {
  const admin = await insertUser({ roles: ['admin'] })
  const session = await startUserSession({ request: new Request('http://localhost/login'), userId: admin.id, clientAddress: '127.0.0.1' })
  const cookie = session.headers.get('Set-Cookie')!.split(';')[0]
  const request = new Request(`http://steward.internal${path}`, { method: 'POST', headers: { Cookie: cookie }, body: form })
  return (action as Handler)({ request, params, context: {} })
}

/** The link in the answer: the answer is the page's data, not a redirect to an address holding the token. */
function linkIn(answer: unknown, key: 'invited' | 'invitation') {
  expect(answer).not.toBeInstanceOf(Response)
  const found = (answer as Record<string, { link: string; emailed: boolean } | undefined>)[key]
  expect(found?.link).toMatch(/^https:\/\/steward\.example\.org\/invitations\/[A-Za-z0-9_-]{32}$/)
  return found!
}

describe('invitations', () => {
  test('inviting a new person e-mails the link and shows it once in the answer, never in an address', async () => {
    const form = new URLSearchParams({ name: 'Grace Hopper', email: 'grace@example.org' })
    form.append('roles', 'community')
    const answer = await postAsAdmin(newUser.action, '/settings/users/new', form)
    const { link, emailed } = linkIn(answer, 'invited')
    expect(emailed).toBe(true)
    const token = link.split('/').at(-1)!

    // Only the hash is stored.
    const [stored] = await db.select().from(invitations)
    expect(stored.tokenHash).toBe(createHash('sha256').update(token).digest('hex'))
    expect(JSON.stringify(stored)).not.toContain(token)

    await sweepOutbox({ now: new Date(Date.now() + 1000) })
    expect(sink.messages).toHaveLength(1)
    const [mail] = sink.messages
    expect(mail.to).toEqual(['grace@example.org'])
    expect(mail.subject).toBe('You are invited to Steward')
    expect(mail.text).toContain(link)
    expect((await findUsableInvitation(token))?.email).toBe('grace@example.org')
  })

  test('a new link from the person’s page replaces the old one, in the answer and by e-mail', async () => {
    const invitee = await insertUser({ email: 'lin@example.org', roles: ['council'] })
    const first = linkIn(
      await postAsAdmin(person.action, `/settings/users/${invitee.id}`, new URLSearchParams({ intent: 'invite' }), { userId: invitee.id }),
      'invitation',
    )
    const second = linkIn(
      await postAsAdmin(person.action, `/settings/users/${invitee.id}`, new URLSearchParams({ intent: 'invite' }), { userId: invitee.id }),
      'invitation',
    )
    expect(await findUsableInvitation(first.link.split('/').at(-1)!)).toBeUndefined()
    expect((await findUsableInvitation(second.link.split('/').at(-1)!))?.email).toBe('lin@example.org')
    await sweepOutbox({ now: new Date(Date.now() + 1000) })
    expect(sink.messages.map((m) => m.text.includes(second.link))).toEqual([false, true])
  })

  test('without SMTP the link is only shown (from the request origin when STEWARD_PUBLIC_URL is unset), and nothing is queued', async () => {
    await configure({ SMTP_URL: undefined, STEWARD_PUBLIC_URL: undefined })
    const form = new URLSearchParams({ name: 'Ada', email: 'ada@example.org' })
    form.append('roles', 'fundraising')
    const answer = (await postAsAdmin(newUser.action, '/settings/users/new', form)) as { invited: { link: string; emailed: boolean } }
    expect(answer.invited.emailed).toBe(false)
    expect(answer.invited.link).toMatch(/^http:\/\/steward\.internal\/invitations\//)
    expect(await db.select().from(emailOutbox)).toEqual([])
  })
})
