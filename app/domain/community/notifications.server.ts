// Community's notification producers: threads past the response target, and failed GitHub syncs.
import { and, eq, isNotNull } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { communitySources, repositories, syncStates } from '#db/schema/index.ts'
import { defineProducer } from '#app/domain/notifications/producer.ts'
import { fullName } from './repositories.ts'
import { formatAge } from './this-week.ts'
import { listTriageQueue, readResponseTargetHours } from './triage.server.ts'
import { GITHUB_ITEM_KIND_NAMES } from './vocabulary.ts'

/** At most this many threads are notified at a time (the oldest); the rest wait on /community/triage. */
export const TRIAGE_NOTIFY_LIMIT = 10

/** A thread that waited longer than the response target; done once answered, handled or snoozed. */
export const triageOverdueProducer = defineProducer({
  kind: 'triage-overdue',
  async produce({ now }) {
    const targetHours = await readResponseTargetHours()
    const queue = await listTriageQueue({ now, targetHours, limit: TRIAGE_NOTIFY_LIMIT })
    return queue
      .filter((i) => i.overTarget)
      .map((i) => ({
        subject: i.id,
        occurrence: 'overdue',
        text: `${GITHUB_ITEM_KIND_NAMES[i.kind]} ${i.repository}#${i.number} “${i.title}” has waited ${formatAge(i.ageHours)} for a first response (target ${targetHours} h).`,
        link: '/community/triage',
        to: { roles: ['community'] as const },
      }))
  },
})

/** A GitHub sync whose last run failed; done after the next successful run (which clears the error). */
export const githubSyncFailedProducer = defineProducer({
  kind: 'sync-failed',
  async produce() {
    const rows = await db
      .select({
        repositoryId: syncStates.repositoryId,
        kind: syncStates.kind,
        lastError: syncStates.lastError,
        lastErrorAt: syncStates.lastErrorAt,
        owner: repositories.owner,
        name: repositories.name,
      })
      .from(syncStates)
      .innerJoin(repositories, eq(repositories.id, syncStates.repositoryId))
      .where(isNotNull(syncStates.lastError))
    return rows.map((r) => ({
      subject: `github:${r.repositoryId}:${r.kind}`,
      occurrence: r.lastErrorAt?.toISOString() ?? 'failed',
      text: `The GitHub sync of ${fullName(r)} (${r.kind}) failed: ${r.lastError}`,
      link: '/community/repositories',
      to: { roles: ['admin', 'community'] as const },
    }))
  },
})

/** A forum or mailbox whose last sync failed; done after the next successful sync (which clears the error). */
export const sourceSyncFailedProducer = defineProducer({
  kind: 'sync-failed',
  async produce() {
    const rows = await db
      .select({
        id: communitySources.id,
        name: communitySources.name,
        lastError: communitySources.lastError,
        at: communitySources.lastErrorAt,
      })
      .from(communitySources)
      .where(and(isNotNull(communitySources.lastError), eq(communitySources.active, true)))
    return rows.map((r) => ({
      subject: `source:${r.id}`,
      occurrence: r.at?.toISOString() ?? 'failed',
      text: `The sync of ${r.name} failed: ${r.lastError}`,
      link: '/community/sources',
      to: { roles: ['admin', 'community'] as const },
    }))
  },
})
