// Fundraising's notification producers: grant deadlines 30, 7 and 1 days ahead, sponsor renewals
// 60, 30 and 7 days ahead, and donation syncs and file imports that failed.
import { and, desc, eq, gt, gte, inArray, isNotNull, isNull, lte, ne } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { db } from '#db/client.server.ts'
import { fundingConnections, importBatches, importFailures, sponsors } from '#db/schema/index.ts'
import { defineProducer } from '#app/domain/notifications/producer.ts'
import { daysUntil, REMINDER_DAYS } from './deadlines.ts'
import { listDeadlineOccurrences } from './grants.server.ts'
import { DEADLINE_KIND_LABELS, IMPORT_FORMAT_LABELS, SPONSOR_RENEWAL_REMINDER_DAYS, SPONSORING_STAGES } from './vocabulary.ts'

/**
 * The reminder stage a date `days` away is in: of `stages` (30, 7 and 1 by default), the smallest
 * that is not below it, or null beyond the largest.
 */
export function reminderStage(days: number, stages: readonly number[] = REMINDER_DAYS): number | null {
  if (days < 0) return null
  return [...stages].sort((a, b) => a - b).find((s) => days <= s) ?? null
}

const inDays = (days: number) => (days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`)
const horizon = (today: string, stages: readonly number[] = REMINDER_DAYS) =>
  DateTime.fromISO(today)
    .plus({ days: Math.max(...stages) })
    .toISODate()!

/** A grant deadline within 30 days, once per stage; done when the deadline is marked done or has passed. */
export const grantDeadlineProducer = defineProducer({
  kind: 'grant-deadline',
  async produce({ today }) {
    const occurrences = await listDeadlineOccurrences({ from: today, to: horizon(today) })
    return occurrences.flatMap((o) => {
      const days = daysUntil(today, o.date)
      const stage = reminderStage(days)
      if (stage === null) return []
      return [
        {
          subject: o.deadlineId,
          occurrence: `${o.date}:${stage}`,
          text: `${DEADLINE_KIND_LABELS[o.kind]} for ${o.funder} (${o.grantTitle}) is due on ${o.date}: ${inDays(days)}.`,
          link: `/fundraising/grants/${o.grantId}`,
          to: o.ownerId ? { userIds: [o.ownerId] } : { roles: ['fundraising'] as const },
        },
      ]
    })
  },
})

/**
 * A sponsor (active or renewal due) renewing within 60 days: once at 60, once at 30 and once at
 * 7 days before (a reminder stage is the smallest of those not below the days left). Done when the
 * renewal date moves, the date passes or the sponsor leaves those stages.
 */
export const sponsorRenewalProducer = defineProducer({
  kind: 'sponsor-renewal',
  async produce({ today }) {
    const rows = await db
      .select({ id: sponsors.id, organisation: sponsors.organisation, renewalOn: sponsors.renewalOn, ownerId: sponsors.ownerId })
      .from(sponsors)
      .where(
        and(
          inArray(sponsors.stage, [...SPONSORING_STAGES]),
          isNotNull(sponsors.renewalOn),
          gte(sponsors.renewalOn, today),
          lte(sponsors.renewalOn, horizon(today, SPONSOR_RENEWAL_REMINDER_DAYS)),
        ),
      )
    return rows.flatMap((r) => {
      const days = daysUntil(today, r.renewalOn!)
      const stage = reminderStage(days, SPONSOR_RENEWAL_REMINDER_DAYS)
      if (stage === null) return []
      return [
        {
          subject: r.id,
          occurrence: `${r.renewalOn}:${stage}`,
          text: `${r.organisation}'s sponsorship renews on ${r.renewalOn}: ${inDays(days)}.`,
          link: '/fundraising/sponsors',
          to: r.ownerId ? { userIds: [r.ownerId] } : { roles: ['fundraising'] as const },
        },
      ]
    })
  },
})

/** An Open Collective or GitHub Sponsors connection whose last sync failed; done after the next good one. */
export const fundingSyncFailedProducer = defineProducer({
  kind: 'funding-sync-failed',
  async produce() {
    const rows = await db
      .select({
        id: fundingConnections.id,
        kind: fundingConnections.kind,
        account: fundingConnections.account,
        lastError: fundingConnections.lastError,
        at: fundingConnections.lastSyncAt,
      })
      .from(fundingConnections)
      .where(
        and(eq(fundingConnections.lastResult, 'failed'), isNotNull(fundingConnections.lastError), ne(fundingConnections.status, 'paused')),
      )
    return rows.map((r) => ({
      subject: `funding:${r.id}`,
      occurrence: r.at?.toISOString() ?? 'failed',
      text: `The ${r.kind === 'opencollective' ? 'Open Collective' : 'GitHub Sponsors'} sync of ${r.account} failed: ${r.lastError}`,
      link: '/fundraising/connections',
      to: { roles: ['admin', 'fundraising'] as const },
    }))
  },
})

/**
 * A donation file import that failed, per format (the latest failure of each): told to fundraising
 * and admin until a later file import of that format succeeds (any format, for a file that was not
 * recognised), or each person dismisses it.
 */
export const importFailedProducer = defineProducer({
  kind: 'import-failed',
  async produce() {
    const failures = await db.select().from(importFailures).orderBy(desc(importFailures.failedAt))
    const latest = new Map<string, (typeof failures)[number]>()
    for (const f of failures) if (!latest.has(f.format ?? '')) latest.set(f.format ?? '', f)
    const found = []
    for (const f of latest.values()) {
      const [later] = await db
        .select({ id: importBatches.id })
        .from(importBatches)
        .where(
          and(
            isNull(importBatches.connectionId),
            gt(importBatches.importedAt, f.failedAt),
            f.format ? eq(importBatches.format, f.format) : undefined,
          ),
        )
        .limit(1)
      if (later) continue
      const what = f.format ? IMPORT_FORMAT_LABELS[f.format] : 'unrecognised file'
      found.push({
        subject: `import:${f.format ?? 'unknown'}`,
        occurrence: f.id,
        text: `The import of ${f.fileName} (${what}) failed: ${f.reason}`,
        link: '/fundraising/donations/import',
        to: { roles: ['admin', 'fundraising'] as const },
      })
    }
    return found
  },
})
