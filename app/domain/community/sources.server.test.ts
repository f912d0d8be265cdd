// A source's credential (a forum's API key, a mailbox's password) never leaves the server as a value
// (issue 13): its changes are audited with who and how it is kept ("stored" / "env:NAME"), without the
// value or its ciphertext (the /community/sources loader: tests/integration/community-sources-credentials.test.ts).
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, communitySources } from '#db/schema/index.ts'
import { resetEnv } from '#app/utils/env.server.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { insertMailboxSource } from '#tests/setup/mailbox-source.ts'
import { readSourceSecret, requireSource, setSourceCredential } from './sources.server.ts'

setupTestDatabase()

const PASSWORD = 'mailbox-pa55word-Ω'
const API_KEY = 'discourse-api-key-0123456789abcdef'
const savedKey = process.env.STEWARD_SECRET_KEY

beforeAll(() => {
  process.env.STEWARD_SECRET_KEY = Buffer.alloc(32, 5).toString('base64')
  resetEnv()
})
afterAll(() => {
  if (savedKey === undefined) delete process.env.STEWARD_SECRET_KEY
  else process.env.STEWARD_SECRET_KEY = savedKey
  resetEnv()
})

async function insertForum() {
  const [forum] = await db
    .insert(communitySources)
    .values({ kind: 'discourse', name: 'PyBaMM Forum', url: 'https://forum.example.org', apiUsername: 'steward-bot' })
    .returning()
  return forum!
}

/** Every piece of a stored credential that must not reach the audit log: the whole envelope and its ciphertext part. */
function piecesOf(envelope: string) {
  expect(envelope).toMatch(/^v1\.[0-9a-f]{16}\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/)
  return [envelope, envelope.split('.').at(-1)!]
}

describe('a source’s credential', () => {
  test('replacing a mailbox’s password is audited with who and how it is kept, never the password or its ciphertext', async () => {
    const manager = await insertUser({ roles: ['community'] })
    const id = await insertMailboxSource(db, 1) // named as TEST_MAILBOX_PASSWORD to begin with

    const stored = await setSourceCredential({ id, secret: { value: PASSWORD }, actorId: manager.id })
    expect(readSourceSecret(stored, 'password')).toBe(PASSWORD)
    const ciphertext = stored.passwordEncrypted!
    expect(ciphertext).not.toContain(PASSWORD)

    await setSourceCredential({ id, secret: { envVar: 'PROJECT_MAILBOX_PASSWORD' }, actorId: manager.id })
    expect(await requireSource(id)).toMatchObject({ passwordEncrypted: null, passwordEnv: 'PROJECT_MAILBOX_PASSWORD' })

    const audit = await db.select().from(auditEvents).where(eq(auditEvents.entityId, id)).orderBy(auditEvents.at)
    // Two changes, two rows, each saying who, on what, and how the password was kept before and after.
    expect(audit.map((a) => ({ actorId: a.actorId, entity: a.entity, action: a.action, before: a.before, after: a.after }))).toEqual([
      {
        actorId: manager.id,
        entity: 'community_source',
        action: 'credential',
        before: { field: 'password', credential: 'env:TEST_MAILBOX_PASSWORD' },
        after: { field: 'password', credential: 'stored' },
      },
      {
        actorId: manager.id,
        entity: 'community_source',
        action: 'credential',
        before: { field: 'password', credential: 'stored' },
        after: { field: 'password', credential: 'env:PROJECT_MAILBOX_PASSWORD' },
      },
    ])
    const json = JSON.stringify(audit)
    for (const hidden of [PASSWORD, ...piecesOf(ciphertext)]) expect(json).not.toContain(hidden)
  })

  test('replacing a forum’s API key is audited the same way, and clearing it too', async () => {
    const manager = await insertUser({ roles: ['admin'] })
    const forum = await insertForum()

    const stored = await setSourceCredential({ id: forum.id, secret: { value: API_KEY }, actorId: manager.id })
    await setSourceCredential({ id: forum.id, secret: null, actorId: manager.id })
    expect(await requireSource(forum.id)).toMatchObject({ apiKeyEncrypted: null, apiKeyEnv: null })

    const audit = await db.select().from(auditEvents).where(eq(auditEvents.entityId, forum.id)).orderBy(auditEvents.at)
    expect(audit.map((a) => [a.actorId, a.action, a.before, a.after])).toEqual([
      // a forum without a key is read as an anonymous visitor: nothing kept before
      [manager.id, 'credential', { field: 'apiKey', credential: null }, { field: 'apiKey', credential: 'stored' }],
      [manager.id, 'credential', { field: 'apiKey', credential: 'stored' }, { field: 'apiKey', credential: null }],
    ])
    const json = JSON.stringify(audit)
    for (const hidden of [API_KEY, ...piecesOf(stored.apiKeyEncrypted!)]) expect(json).not.toContain(hidden)
  })
})
