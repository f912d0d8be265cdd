// Community's notification producers: threads past the response target (GitHub, forums, mailboxes), and failed syncs.
import { and, eq, isNotNull } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { communitySources, repositories, syncStates } from '#db/schema/index.ts'
import { defineProducer } from '#app/domain/notifications/producer.ts'
import { fullName } from './repositories.ts'
import { countEmailTriageBySource, listEmailTriageQueue } from './email-triage.server.ts'
import { countForumTriageBySource, listForumTriageQueue } from './forum-triage.server.ts'
import { formatAge } from './this-week.ts'
import { listTriageQueue, readResponseTargetHours } from './triage.server.ts'
import { GITHUB_ITEM_KIND_NAMES } from './vocabulary.ts'

/** At most this many threads of each source are notified at a time (its oldest); the rest wait on /community/triage. */
export const TRIAGE_NOTIFY_LIMIT = 10

/**
 * A thread that waited longer than the response target, wherever it was asked: a GitHub issue, pull
 * request or discussion, a forum topic or an e-mail thread (the triage queue's sources); done once
 * answered, handled or snoozed. The oldest TRIAGE_NOTIFY_LIMIT of GitHub, of each forum and of each
 * mailbox, oldest first: a backlog in one place (a forum's unanswered history) does not hide another's.
 */
export const triageOverdueProducer = defineProducer({
  kind: 'triage-overdue',
  async produce({ now }) {
    const targetHours = await readResponseTargetHours()
    const limit = TRIAGE_NOTIFY_LIMIT
    const { forums, mailboxes } = await listSourcesWithWaitingThreads(now, targetHours)
    const [github, forum, email] = await Promise.all([
      listTriageQueue({ now, targetHours, limit }),
      Promise.all(forums.map((sourceId) => listForumTriageQueue({ now, targetHours, sourceId, limit }))).then((l) => l.flat()),
      // the community role sees senders on /community/triage; the text names the mailbox and subject only
      Promise.all(mailboxes.map((sourceId) => listEmailTriageQueue({ now, targetHours, withSenders: true, sourceId, limit }))).then((l) =>
        l.flat(),
      ),
    ])
    const waited = (ageHours: number) => `has waited ${formatAge(ageHours)} for a first response (target ${targetHours} h).`
    const describe = (i: (typeof github)[number] | (typeof forum)[number] | (typeof email)[number]) => {
      if (i.kind === 'forum') return `Forum topic “${i.title}” on ${i.repository} ${waited(i.ageHours)}`
      if (i.kind === 'email') return `E-mail “${i.subject || '(no subject)'}” to ${i.mailbox} ${waited(i.ageHours)}`
      return `${GITHUB_ITEM_KIND_NAMES[i.kind]} ${i.repository}#${i.number} “${i.title}” ${waited(i.ageHours)}`
    }
    return [...github, ...forum, ...email]
      .filter((i) => i.overTarget)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map((i) => ({
        subject: i.id,
        occurrence: 'overdue',
        text: describe(i),
        link: i.kind === 'forum' || i.kind === 'email' ? `/community/triage?source=${i.sourceId}` : '/community/triage',
        to: { roles: ['community'] as const },
      }))
  },
})

/** The forums and mailboxes with a thread over the target (from the same counts as triage and This week). */
async function listSourcesWithWaitingThreads(now: Date, targetHours: number) {
  const [forums, mailboxes] = await Promise.all([
    countForumTriageBySource({ now, targetHours }),
    countEmailTriageBySource({ now, targetHours }),
  ])
  const over = (counts: { sourceId: string; overTarget: number }[]) => counts.filter((c) => c.overTarget > 0).map((c) => c.sourceId)
  return { forums: over(forums), mailboxes: over(mailboxes) }
}

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
