// /community/sources never sends a source's credential (issue 13): editors read how it is kept
// ("stored" / "env:NAME"), other roles the sources' names only. The real loader, with a real session.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { communitySources } from '#db/schema/index.ts'
import type { Role } from '#app/domain/accounts/vocabulary.ts'
import { setSourceCredential } from '#app/domain/community/sources.server.ts'
import { resetEnv } from '#app/utils/env.server.ts'
import { startUserSession } from '#app/utils/session.server.ts'
import { loader } from '#app/routes/community.sources.tsx'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { insertMailboxSource } from '#tests/setup/mailbox-source.ts'

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

/** The stored envelope and its ciphertext part. */
function piecesOf(envelope: string) {
  expect(envelope).toMatch(/^v1\.[0-9a-f]{16}\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/)
  return [envelope, envelope.split('.').at(-1)!]
}

async function requestAs(role: Role) {
  const user = await insertUser({ roles: [role] })
  const response = await startUserSession({ request: new Request('http://localhost/login'), userId: user.id, clientAddress: '127.0.0.1' })
  const cookie = response.headers.get('Set-Cookie')!.split(';')[0]!
  return new Request('http://localhost/community/sources', { headers: { Cookie: cookie } })
}

type AnyLoader = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<unknown>
const load = async (role: Role) => (loader as unknown as AnyLoader)({ request: await requestAs(role), params: {}, context: {} })

describe('the /community/sources loader', () => {
  test('tells an editor how each credential is kept — "stored" or the variable’s name — and never sends the credential', async () => {
    const forum = await insertForum()
    const stored = await setSourceCredential({ id: forum.id, secret: { value: API_KEY }, actorId: null })
    const mailboxId = await insertMailboxSource(db, 2)
    process.env.TEST_MAILBOX_PASSWORD = PASSWORD // the variable the mailbox names holds the password on this server
    try {
      for (const role of ['community', 'admin'] as const) {
        const page = (await load(role)) as { canEdit: boolean; sources: Array<{ id: string; credential?: string | null }> }
        expect(page.canEdit).toBe(true)
        expect(Object.fromEntries(page.sources.map((s) => [s.id, s.credential]))).toEqual({
          [forum.id]: 'stored',
          [mailboxId]: 'env:TEST_MAILBOX_PASSWORD',
        })
        const sent = JSON.stringify(page)
        for (const hidden of [API_KEY, PASSWORD, ...piecesOf(stored.apiKeyEncrypted!)]) expect(sent).not.toContain(hidden)
      }
      // Other roles read the names only: not even how the credential is kept.
      const council = (await load('council')) as { canEdit: boolean; sources: object[] }
      expect(council.canEdit).toBe(false)
      expect(council.sources.map((s) => Object.keys(s).sort())).toEqual([
        ['active', 'id', 'kind', 'name'],
        ['active', 'id', 'kind', 'name'],
      ])
      const sent = JSON.stringify(council)
      for (const hidden of [API_KEY, PASSWORD, 'stored', 'TEST_MAILBOX_PASSWORD', stored.apiKeyEncrypted!])
        expect(sent).not.toContain(hidden)
    } finally {
      delete process.env.TEST_MAILBOX_PASSWORD
    }
  })
})
