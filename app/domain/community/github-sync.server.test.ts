import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { syncStates } from '#db/schema/community.ts'
import { fakeClock } from '#tests/fakes/github/clock.ts'
import { generateDataset } from '#tests/fakes/github/dataset.ts'
import { type FakeGithub, startFakeGithub } from '#tests/fakes/github/server.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { GithubClient } from '#app/integrations/github/client.server.ts'
import { addRepository, deactivateRepository } from './repositories.server.ts'
import { syncGithub } from './github-sync.server.ts'

setupTestDatabase()
let fake: FakeGithub
const clock = fakeClock()
beforeAll(async () => {
  fake = await startFakeGithub({
    dataset: generateDataset({ issues: 120, pullRequests: 30, discussions: 10, commits: 20 }),
    now: clock.now,
  })
})
afterAll(() => fake.stop())
const client = () => new GithubClient({ url: fake.url, token: 't', now: clock.now, sleep: clock.sleep })

describe('syncGithub', () => {
  it('syncs every active repository and reports the requests used', async () => {
    await addRepository({ owner: 'pybamm-team', name: 'PyBaMM', actorId: null })
    const old = await addRepository({ owner: 'old', name: 'gone', actorId: null })
    await deactivateRepository({ id: old.id, actorId: null })
    const lines: string[] = []
    const result = await syncGithub({ client: client(), now: clock.date, onProgress: (p) => lines.push(`${p.kind} ${p.done}/${p.total}`) })
    expect(result.ok).toBe(true)
    expect(result.repositories.map((r) => r.repository)).toEqual(['pybamm-team/PyBaMM'])
    expect(result.requests).toBe(1 + 2 + 1 + 1 + 1)
    expect(lines).toContain('issue 120/120')
  })

  it('refuses a repository that is not tracked, in plain words', async () => {
    await expect(syncGithub({ repository: 'someone/else', client: client() })).rejects.toThrow('someone/else is not tracked: add it first')
  })

  it('records a repository GitHub does not know as a failure, with the reason', async () => {
    const repo = await addRepository({ owner: 'nobody', name: 'nothing', actorId: null })
    const result = await syncGithub({ repository: 'nobody/nothing', client: client(), now: clock.date })
    expect(result.ok).toBe(false)
    const [state] = await db.select().from(syncStates).where(eq(syncStates.repositoryId, repo.id))
    expect(state.status).toBe('failed')
    expect(state.lastError).toContain("Could not resolve to a Repository with the name 'nobody/nothing'")
  })

  it('leaves out a repository another process is syncing, when asked to', async () => {
    const repo = await addRepository({ owner: 'pybamm-team', name: 'PyBaMM', actorId: null })
    await db.insert(syncStates).values({ repositoryId: repo.id, kind: 'issue', status: 'running', updatedAt: new Date() })
    const result = await syncGithub({ client: client(), skipRunning: true })
    expect(result.skipped).toEqual(['pybamm-team/PyBaMM'])
    expect(result.requests).toBe(0)
  })
})
