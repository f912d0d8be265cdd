// GitHub Sponsors through the API: who sponsors, on which tier, one-time or monthly (the
// sponsorships, read whole: GitHub changes them in place), and the activity feed (new, cancelled,
// tier changes, refunds), read incrementally into a history per sponsor. The API has no payments:
// those come from the monthly export file, whose rows meet the sponsorships on the same donor
// (the GitHub login is the donor's identity for both) and the same month (`listSponsorMonths`).
import { createHash } from 'node:crypto'
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { db, executeRows } from '#db/client.server.ts'
import { donations, fundingConnections, importBatches, sponsorshipEvents, sponsorships } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import type { GithubClient } from '#app/integrations/github/client.server.ts'
import { readGithubSponsorsActivities, readGithubSponsorships } from '#app/integrations/github/sponsors.server.ts'
import type { SponsorsActivityResumePoint } from '#app/integrations/github/sponsors.ts'
import { resolveDonors } from './imports.server.ts'

const SOURCE = 'github_sponsors' as const

export interface SponsorsPreview {
  summary: string
  sponsorships: number
  active: number
  monthly: number
  oneTime: number
  monthlyIncomeCents: number
  requests: number
}

const dollars = (cents: number) => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: cents % 100 ? 2 : 0 })}`

export async function previewGithubSponsors(client: GithubClient, login: string): Promise<SponsorsPreview> {
  const read = await readGithubSponsorships(client, login)
  const active = read.sponsorships.filter((s) => s.isActive)
  const oneTime = read.sponsorships.filter((s) => s.isOneTimePayment).length
  const preview = {
    sponsorships: read.sponsorships.length,
    active: active.length,
    monthly: active.filter((s) => s.recurring).length,
    oneTime,
    monthlyIncomeCents: read.monthlyRecurringInCents,
    requests: client.requests,
  }
  return {
    ...preview,
    summary: `${preview.sponsorships} sponsorships (${preview.active} active, ${preview.monthly} monthly; ${oneTime} one-time payments), ${dollars(preview.monthlyIncomeCents)} a month expected`,
  }
}

export interface SponsorsSyncOutcome {
  /** the import batch holding this run's new history entries; null when there were none */
  batchId: string | null
  sponsorships: number
  active: number
  events: number
  monthlyIncomeCents: number
  requests: number
}

export async function syncGithubSponsorsConnection(input: {
  connectionId: string
  login: string
  client: GithubClient
  actorId: string | null
  onProgress?: (line: string) => void
}): Promise<SponsorsSyncOutcome> {
  const read = await readGithubSponsorships(input.client, input.login)
  await db.transaction(async (tx) => {
    const known = read.sponsorships.filter((s) => s.sponsor)
    const donorIds = await resolveDonors(
      tx,
      SOURCE,
      known.map((s) => ({ key: s.sponsor!.login, name: s.sponsor!.name, email: null })),
    )
    const rows = read.sponsorships.map((s) => ({
      connection_id: input.connectionId,
      github_id: s.id,
      sponsor_login: s.sponsor?.login ?? null,
      sponsor_name: s.sponsor?.name ?? null,
      donor_id: s.sponsor ? (donorIds.get(s.sponsor.login) ?? null) : null,
      tier_name: s.tier?.name ?? null,
      monthly_price_cents: s.tier?.monthlyPriceInCents ?? null,
      is_one_time: s.isOneTimePayment,
      is_active: s.isActive,
      is_private: s.privacyLevel === 'PRIVATE',
      started_at: s.createdAt.toISOString(),
      tier_selected_at: s.tierSelectedAt?.toISOString() ?? null,
    }))
    if (rows.length > 0) {
      await executeRows(
        sql`insert into ${sponsorships} (connection_id, github_id, sponsor_login, sponsor_name, donor_id, tier_name, monthly_price_cents, is_one_time, is_active, is_private, started_at, tier_selected_at)
            select * from json_to_recordset(${JSON.stringify(rows)}::json) as x(connection_id uuid, github_id text, sponsor_login text, sponsor_name text, donor_id uuid, tier_name text, monthly_price_cents int, is_one_time boolean, is_active boolean, is_private boolean, started_at timestamptz, tier_selected_at timestamptz)
            on conflict (connection_id, github_id) do update set sponsor_login = excluded.sponsor_login, sponsor_name = excluded.sponsor_name,
              donor_id = excluded.donor_id, tier_name = excluded.tier_name, monthly_price_cents = excluded.monthly_price_cents,
              is_one_time = excluded.is_one_time, is_active = excluded.is_active, is_private = excluded.is_private,
              tier_selected_at = excluded.tier_selected_at, updated_at = now()`,
        tx,
      )
    }
    await tx
      .update(fundingConnections)
      .set({ monthlyIncomeCents: read.monthlyRecurringInCents, updatedAt: new Date() })
      .where(eq(fundingConnections.id, input.connectionId))
  })
  input.onProgress?.(`${input.login}: ${read.sponsorships.length} sponsorships, ${dollars(read.monthlyRecurringInCents)} a month`)

  const [connection] = await db.select().from(fundingConnections).where(eq(fundingConnections.id, input.connectionId))
  const cursorBefore = connection?.cursor ?? null
  const resume = (cursorBefore as { activities?: SponsorsActivityResumePoint } | null)?.activities
  let events = 0
  // The history this run adds is one import batch, listed with the imports and revertible like
  // them (reverting takes its entries out and rewinds the feed to `cursorBefore`); a run that
  // finds nothing new writes no batch.
  let batchId: string | null = null
  for await (const page of readGithubSponsorsActivities(input.client, input.login, { resume })) {
    batchId = await db.transaction(async (tx) => {
      // One sync of a connection at a time, and only from where the last page stopped.
      const [locked] = await tx.select().from(fundingConnections).where(eq(fundingConnections.id, input.connectionId)).for('update')
      if (!locked) throw new Error('the connection was removed during the sync')
      let id = batchId
      const rows = page.activities.map((a) => ({
        connection_id: input.connectionId,
        github_id: a.id,
        action: a.action,
        at: a.timestamp.toISOString(),
        sponsor_login: a.sponsor?.login ?? null,
        tier_name: a.tier?.name ?? null,
        tier_monthly_cents: a.tier?.monthlyPriceInCents ?? null,
        previous_tier_name: a.previousTier?.name ?? null,
        previous_tier_monthly_cents: a.previousTier?.monthlyPriceInCents ?? null,
        is_one_time: a.tier?.isOneTime ?? null,
      }))
      if (rows.length > 0) {
        if (!id) {
          const [batch] = await tx
            .insert(importBatches)
            .values({
              fileName: `GitHub Sponsors sync: ${input.login}`,
              sha256: createHash('sha256')
                .update(`${input.connectionId}:${JSON.stringify(cursorBefore)}:${rows[0].github_id}`)
                .digest('hex'),
              format: 'github_sponsors_api',
              source: SOURCE,
              rows: 0,
              inserted: 0,
              duplicates: 0,
              skipped: 0,
              errors: 0,
              importedById: input.actorId,
              connectionId: input.connectionId,
              cursorBefore,
            })
            .returning({ id: importBatches.id })
          id = batch.id
          await recordAudit(tx, {
            actorId: input.actorId,
            entity: 'import_batch',
            entityId: id,
            action: 'sync',
            after: { connectionId: input.connectionId, source: SOURCE, account: input.login, from: cursorBefore },
          })
        }
        const added = await executeRows<{ n: number | string }>(
          sql`with added as (insert into ${sponsorshipEvents} (connection_id, github_id, action, at, sponsor_login, tier_name, tier_monthly_cents, previous_tier_name, previous_tier_monthly_cents, is_one_time, import_batch_id)
              select x.*, ${id}::uuid from json_to_recordset(${JSON.stringify(rows)}::json) as x(connection_id uuid, github_id text, action text, at timestamptz, sponsor_login text, tier_name text, tier_monthly_cents int, previous_tier_name text, previous_tier_monthly_cents int, is_one_time boolean)
              on conflict do nothing returning 1) select count(*)::int as n from added`,
          tx,
        )
        const n = Number(added[0]?.n ?? 0)
        events += n
        await tx
          .update(importBatches)
          .set({
            rows: sql`${importBatches.rows} + ${rows.length}`,
            inserted: sql`${importBatches.inserted} + ${n}`,
            duplicates: sql`${importBatches.duplicates} + ${rows.length - n}`,
          })
          .where(eq(importBatches.id, id))
      }
      await tx
        .update(fundingConnections)
        .set({ cursor: { activities: page.resume } })
        .where(eq(fundingConnections.id, input.connectionId))
      return id
    })
  }
  const outcome = {
    batchId,
    sponsorships: read.sponsorships.length,
    active: read.activeCount,
    events,
    monthlyIncomeCents: read.monthlyRecurringInCents,
    requests: input.client.requests,
  }
  await db.transaction((tx) =>
    recordAudit(tx, { actorId: input.actorId, entity: 'funding_connection', entityId: input.connectionId, action: 'sync', after: outcome }),
  )
  return outcome
}

/** Each sponsor's history: the activity feed, oldest first. */
export async function listSponsorHistory(connectionId: string) {
  return db
    .select()
    .from(sponsorshipEvents)
    .where(eq(sponsorshipEvents.connectionId, connectionId))
    .orderBy(asc(sponsorshipEvents.sponsorLogin), asc(sponsorshipEvents.at))
}

/**
 * One record per sponsor and month: what the sponsorship led to expect and what the export file
 * says was paid (donations of the same donor in that month). Months run in UTC, as the export's.
 */
export async function listSponsorMonths(connectionId: string) {
  const rows = await executeRows<{
    sponsor: string
    month: string
    expected_cents: number | string | null
    tier: string | null
    paid: number | string
    payments: number | string
  }>(
    sql`with paid as (
          select s.sponsor_login as sponsor, to_char(d.received_at at time zone 'UTC', 'YYYY-MM') as month,
                 sum(d.amount) as paid, count(*) as payments
          from ${sponsorships} s join ${donations} d on d.donor_id = s.donor_id and d.source = ${SOURCE} and d.voided_at is null and not d.refunded
          where s.connection_id = ${connectionId}
          group by 1, 2
        ), expected as (
          select s.sponsor_login as sponsor, to_char(m, 'YYYY-MM') as month,
                 -- the tier in force at the end of that month, from the history; else the sponsorship's
                 max(coalesce((select e.tier_monthly_cents from ${sponsorshipEvents} e
                               where e.connection_id = s.connection_id and e.sponsor_login = s.sponsor_login
                                 and e.action in ('NEW_SPONSORSHIP', 'TIER_CHANGE') and e.at < (m + interval '1 month') at time zone 'UTC'
                               order by e.at desc limit 1), s.monthly_price_cents)) as expected_cents,
                 max(coalesce((select e.tier_name from ${sponsorshipEvents} e
                               where e.connection_id = s.connection_id and e.sponsor_login = s.sponsor_login
                                 and e.action in ('NEW_SPONSORSHIP', 'TIER_CHANGE') and e.at < (m + interval '1 month') at time zone 'UTC'
                               order by e.at desc limit 1), s.tier_name)) as tier
          from ${sponsorships} s,
               generate_series(date_trunc('month', s.started_at at time zone 'UTC'),
                               case when s.is_one_time then date_trunc('month', s.started_at at time zone 'UTC')
                                    when s.is_active then date_trunc('month', now() at time zone 'UTC')
                                    else date_trunc('month', coalesce((select max(e.at) from ${sponsorshipEvents} e where e.connection_id = s.connection_id and e.sponsor_login = s.sponsor_login and e.action = 'CANCELLED_SPONSORSHIP'), s.started_at) at time zone 'UTC') end,
                               interval '1 month') as m
          where s.connection_id = ${connectionId} and s.sponsor_login is not null
          group by 1, 2
        )
        select coalesce(e.sponsor, p.sponsor) as sponsor, coalesce(e.month, p.month) as month, e.expected_cents, e.tier,
               coalesce(p.paid, 0) as paid, coalesce(p.payments, 0) as payments
        from expected e full join paid p on p.sponsor = e.sponsor and p.month = e.month
        order by 1, 2`,
  )
  return rows.map((r) => ({
    sponsor: r.sponsor,
    month: r.month,
    expectedCents: r.expected_cents === null ? null : Number(r.expected_cents),
    tierName: r.tier,
    paidCents: Number(r.paid),
    payments: Number(r.payments),
  }))
}

/**
 * The sponsorship months the connections page shows: the latest `months` months that have a
 * record, each with what was expected and paid in all, and their records (newest month first, then
 * by sponsor), at most `limit` of them. Names individual sponsors: for fundraising and admin only.
 */
export async function summariseSponsorMonths(connectionId: string, options: { months?: number; limit?: number } = {}) {
  const { months: count = 3, limit = 60 } = options
  const all = await listSponsorMonths(connectionId)
  const latest = [...new Set(all.map((r) => r.month))].sort().reverse().slice(0, count)
  const records = all
    .filter((r) => latest.includes(r.month))
    .sort((a, b) => b.month.localeCompare(a.month) || a.sponsor.localeCompare(b.sponsor))
  const months = latest.map((month) => {
    const of = records.filter((r) => r.month === month)
    return {
      month,
      expectedCents: of.reduce((sum, r) => sum + (r.expectedCents ?? 0), 0),
      paidCents: of.reduce((sum, r) => sum + r.paidCents, 0),
      sponsors: of.length,
      notYetPaid: of.filter((r) => r.expectedCents !== null && r.paidCents === 0).length,
    }
  })
  return { months, records: records.slice(0, limit), recordsCount: records.length }
}

export async function countSponsorships(connectionId: string) {
  const [row] = await db
    .select({ active: sql<number>`count(*) filter (where ${sponsorships.isActive})::int`, all: sql<number>`count(*)::int` })
    .from(sponsorships)
    .where(and(eq(sponsorships.connectionId, connectionId)))
  return row
}

/** The latest entries of the activity feed, newest first, for the connections page. */
export async function listRecentSponsorEvents(connectionId: string, limit = 8) {
  return db
    .select({
      id: sponsorshipEvents.id,
      action: sponsorshipEvents.action,
      at: sponsorshipEvents.at,
      sponsorLogin: sponsorshipEvents.sponsorLogin,
      tierName: sponsorshipEvents.tierName,
      previousTierName: sponsorshipEvents.previousTierName,
    })
    .from(sponsorshipEvents)
    .where(eq(sponsorshipEvents.connectionId, connectionId))
    .orderBy(desc(sponsorshipEvents.at))
    .limit(limit)
}
