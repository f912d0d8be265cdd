import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents } from '#db/schema/index.ts'
import { githubItems, repositories, syncStates } from '#db/schema/community.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { listMaintainerLogins, saveMaintainerSetting } from './maintainers.server.ts'
import {
  addRepository,
  deactivateRepository,
  listActiveRepositories,
  listRepositoryOverviews,
  requireRepositoryByFullName,
} from './repositories.server.ts'

setupTestDatabase()

describe('tracked repositories', () => {
  it('are added once, audited, deactivated and added again', async () => {
    const user = await insertUser({ roles: ['community'] })
    const repo = await addRepository({ owner: 'pybamm-team', name: 'PyBaMM', actorId: user.id })
    await expect(addRepository({ owner: 'PyBaMM-team', name: 'pybamm', actorId: user.id })).rejects.toThrow(
      'pybamm-team/PyBaMM is already tracked',
    )
    expect((await requireRepositoryByFullName('PYBAMM-TEAM/pybamm')).id).toBe(repo.id)

    await deactivateRepository({ id: repo.id, actorId: user.id })
    expect(await listActiveRepositories()).toEqual([])
    const again = await addRepository({ owner: 'pybamm-team', name: 'PyBaMM', actorId: user.id })
    expect(again).toMatchObject({ id: repo.id, active: true })

    const audit = await db.select().from(auditEvents).where(eq(auditEvents.entity, 'repository'))
    expect(audit.map((a) => a.action)).toEqual(['create', 'deactivate', 'reactivate'])
  })

  it('refuses to sync what is not tracked', async () => {
    await expect(requireRepositoryByFullName('someone/else')).rejects.toThrow('someone/else is not tracked: add it first')
  })

  it('shows each kind’s progress, the oldest success, the last error and the budget', async () => {
    const repo = await addRepository({ owner: 'o', name: 'r', actorId: null })
    const t = new Date('2026-08-21T09:00:00Z')
    await db.insert(syncStates).values([
      {
        repositoryId: repo.id,
        kind: 'issue',
        status: 'succeeded',
        itemsDone: 10,
        itemsTotal: 10,
        lastSuccessAt: t,
        rateLimitRemaining: 4000,
        rateLimitResetAt: t,
        updatedAt: t,
      },
      {
        repositoryId: repo.id,
        kind: 'commit',
        status: 'failed',
        lastError: 'GitHub answered HTTP 404.',
        lastSuccessAt: new Date('2026-08-20T09:00:00Z'),
        rateLimitRemaining: 3990,
        rateLimitResetAt: t,
        updatedAt: new Date('2026-08-21T09:01:00Z'),
      },
      {
        repositoryId: repo.id,
        kind: 'pull_request',
        status: 'running',
        itemsDone: 200,
        itemsTotal: 500,
        updatedAt: new Date('2026-08-21T08:00:00Z'),
      },
    ])
    const [overview] = await listRepositoryOverviews(new Date('2026-08-21T09:05:00Z'))
    expect(overview.states.map((s) => [s.kind, s.stale])).toEqual([
      ['issue', false],
      ['pull_request', true],
      ['commit', false],
    ])
    expect(overview.running).toBe(false)
    expect(overview.lastError).toBe('Commits: GitHub answered HTTP 404.')
    expect(overview.lastSuccessAt?.toISOString()).toBe('2026-08-20T09:00:00.000Z')
    expect(overview.rateLimitRemaining).toBe(3990)
  })
})

describe('maintainers', () => {
  it('default to non-bot authors with OWNER, MEMBER or COLLABORATOR association; the setting overrides', async () => {
    const [repo] = await db.insert(repositories).values({ owner: 'o', name: 'r' }).returning()
    const item = (n: number, login: string, association: string, bot = false) => ({
      repositoryId: repo.id,
      kind: 'issue' as const,
      nodeId: `I${n}`,
      number: n,
      title: 't',
      url: 'u',
      authorLogin: login,
      authorAssociation: association,
      authorIsBot: bot,
      state: 'open' as const,
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    await db
      .insert(githubItems)
      .values([
        item(1, 'Owner1', 'OWNER'),
        item(2, 'member', 'MEMBER'),
        item(3, 'collab', 'COLLABORATOR'),
        item(4, 'outsider', 'NONE'),
        item(5, 'app', 'MEMBER', true),
      ])
    expect(await listMaintainerLogins()).toEqual({ logins: ['collab', 'member', 'owner1'], source: 'association' })
    await saveMaintainerSetting({ logins: ['Alice', 'bob'], actorId: null })
    expect(await listMaintainerLogins()).toEqual({ logins: ['alice', 'bob'], source: 'setting' })
    await saveMaintainerSetting({ logins: [], actorId: null })
    expect((await listMaintainerLogins()).source).toBe('association')
  })
})
