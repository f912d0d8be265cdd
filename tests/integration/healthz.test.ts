// /healthz is public: when the database fails it says so with a fixed sentence and a 503, and
// the driver's message (hosts, users, database names) goes to the server's log only.
import { afterEach, describe, expect, test, vi } from 'vitest'
import { type DatabaseHandle, getDatabase, setDatabase } from '#db/client.server.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { loader } from '#app/routes/healthz.ts'

setupTestDatabase()

type Answer = { data: unknown; init: ResponseInit | null }

describe('/healthz', () => {
  let real: DatabaseHandle | undefined
  afterEach(() => {
    if (real) setDatabase(real)
    real = undefined
    vi.restoreAllMocks()
  })

  test('answers 200 ok while the database answers', async () => {
    const answer = (await loader()) as unknown as Answer
    expect(answer.init?.status).toBe(200)
    expect(answer.data).toEqual({ status: 'ok', database: 'ok' })
  })

  test('answers 503 with a fixed message, never the raw database error', async () => {
    real = getDatabase()
    const secret = 'password authentication failed for user "steward_prod" at db-internal.example:5432'
    const failing = new Proxy(real.db, {
      get: (target, property) => (property === 'execute' ? () => Promise.reject(new Error(secret)) : Reflect.get(target, property)),
    })
    setDatabase({ ...real, db: failing })
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const answer = (await loader()) as unknown as Answer
    expect(answer.init?.status).toBe(503)
    expect(answer.data).toEqual({
      status: 'error',
      database: 'error',
      reason: 'The database is not answering; the server log has the details.',
    })
    expect(JSON.stringify(answer.data)).not.toContain('steward_prod')
    // the operator still finds the cause in the log
    expect(logged).toHaveBeenCalledWith(expect.stringContaining(secret))
  })
})
