// /community/sources by role (issue 13): community and admin get every source's sync; every other role gets the
// names only, so no sync state, error, rate limit, maintainer setting or GitHub connection reaches their browser.
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { syncStates } from '#db/schema/community.ts'
import { hasRole } from '#app/domain/accounts/permissions.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { insertMailboxSource } from '#tests/setup/mailbox-source.ts'
import { saveMaintainerSetting } from './maintainers.server.ts'
import { getSourcesPage } from './pages.server.ts'
import { addRepository, deactivateRepository } from './repositories.server.ts'

setupTestDatabase()

const T = new Date('2026-08-21T09:00:00Z')
const NOW = new Date('2026-08-21T09:05:00Z')

/** One synced repository whose issues failed, one no longer synced, a maintainer list and a mailbox. */
async function seed() {
  const repo = await addRepository({ owner: 'pybamm-team', name: 'PyBaMM', actorId: null })
  const old = await addRepository({ owner: 'pybamm-team', name: 'old-docs', actorId: null })
  await deactivateRepository({ id: old.id, actorId: null })
  await db.insert(syncStates).values({
    repositoryId: repo.id,
    kind: 'issue',
    status: 'failed',
    lastError: 'GitHub answered HTTP 502.',
    lastSuccessAt: T,
    rateLimitRemaining: 4321,
    rateLimitResetAt: T,
    updatedAt: T,
  })
  await saveMaintainerSetting({ logins: ['alice-maintainer'], actorId: null })
  const mailboxId = await insertMailboxSource(db, 1)
  return { repo, old, mailboxId }
}

describe('the sources page by role', () => {
  it('a council viewer gets the repositories’ and sources’ names only', async () => {
    const { repo, old, mailboxId } = await seed()
    const page = await getSourcesPage({ canEdit: hasRole({ roles: ['council'] }, 'community') }, NOW)
    expect(page).toEqual({
      canEdit: false,
      // active first, then by owner and name, as the editors see them
      repositories: [
        { id: repo.id, fullName: 'pybamm-team/PyBaMM', active: true },
        { id: old.id, fullName: 'pybamm-team/old-docs', active: false },
      ],
      sources: [{ id: mailboxId, kind: 'imap', name: 'test mailbox 1', active: true }],
    })
    // What the loader would serialise holds none of the sync state, the maintainers or where the mailbox is.
    const sent = JSON.stringify(page)
    for (const hidden of ['HTTP 502', '4321', '2026-08-21', 'alice-maintainer', 'mailbox-1@project.org', 'graphql']) {
      expect(sent).not.toContain(hidden)
    }
  })

  it('an admin gets each repository’s sync, its error and budget, the maintainers and the GitHub connection', async () => {
    const { repo } = await seed()
    const page = await getSourcesPage({ canEdit: hasRole({ roles: ['admin'] }, 'community') }, NOW)
    if (!page.canEdit) throw new Error('an admin edits the sources')
    expect(page.repositories[0]).toMatchObject({
      id: repo.id,
      fullName: 'pybamm-team/PyBaMM',
      lastSuccessAt: '2026-08-21T09:00:00.000Z',
      lastError: 'Issues: GitHub answered HTTP 502.',
      rateLimitRemaining: 4321,
    })
    expect(page.repositories[0].states.map((s) => [s.kind, s.status])).toEqual([['issue', 'failed']])
    expect(page.maintainersText).toBe('alice-maintainer')
    expect(Object.keys(page.connection).sort()).toEqual(['endpoint', 'tokenSet'])
    expect(page.sources[0]).toMatchObject({ name: 'test mailbox 1', where: 'mailbox-1@project.org@127.0.0.1:143 (no TLS)' })
  })
})
