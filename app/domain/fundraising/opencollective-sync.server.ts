// Open Collective donations through the API: a preview that writes nothing, then syncs that read
// only what is new (by creation date), write each page in one transaction together with where the
// read stands, and meet donations already imported from a CSV export on one row.
//
// One transaction, two ways in. The CSV exporter (opencollective-rest account-transactions) writes
// the API's `legacyId` as "Transaction ID" in its labelled layout and the first 8 characters of the
// API's `id` as "shortId" in the 2023 layout (see app/integrations/opencollective/match-key.ts). So a
// donation synced from the API is stored under its uuid and also known (donation_external_ids) by
// its legacy id, short id and public id: a later CSV row finds it under any of them. A donation
// imported from a CSV first is found the same way when the API brings it; a short id (32 bits) must
// also agree on amount and currency. What shares no id is matched on day, amount, currency and donor.
import { createHash } from 'node:crypto'
import { and, eq, inArray, or, sql } from 'drizzle-orm'
import { db, executeRows, type DbOrTx } from '#db/client.server.ts'
import { refreshStatistics } from '#db/statistics.server.ts'
import { donationExternalIds, donations, donorIdentities, donors, fundingConnections, importBatches } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import type { OpenCollectiveClient } from '#app/integrations/opencollective/client.server.ts'
import type { OpenCollectiveDonation } from '#app/integrations/opencollective/normalize.ts'
import { OPENCOLLECTIVE_START, type OpenCollectiveResumePoint } from '#app/integrations/opencollective/resume.ts'
import { readOpenCollectiveDonations } from '#app/integrations/opencollective/transactions.server.ts'
import { resolveDonors } from './imports.server.ts'
import { pairOnDetails, sameMoney } from './opencollective-match.ts'

const SOURCE = 'opencollective' as const

export interface OpenCollectivePreview {
  donations: number
  refunds: number
  currencies: string[]
  first: string | null
  last: string | null
  /** donations already in the ledger (from a CSV export): they will not be added again */
  reconciled: number
  /** gross of the new donations per currency, minor units */
  totals: { currency: string; gross: number; fees: number; net: number; count: number }[]
  requests: number
}

export interface OpenCollectiveSyncOutcome {
  batchId: string | null
  read: number
  inserted: number
  reconciled: number
  /** refund transactions read (each marks its original refunded, or met it on its page already marked) */
  refunds: number
  refundsMarked: number
  /** transactions read that are neither a donation nor a refund */
  skipped: number
  requests: number
  pages: number
}

export interface OpenCollectiveSyncProgress {
  read: number
  remaining: number
  inserted: number
  reconciled: number
}

/** The ids a transaction is known by, other than its uuid. */
function aliasesOf(d: OpenCollectiveDonation) {
  return [String(d.legacyId), d.id.slice(0, 8).toLowerCase(), d.publicId].filter((x): x is string => Boolean(x))
}

const originals = (list: OpenCollectiveDonation[]) => list.filter((d) => !d.isRefund && d.type === 'CREDIT')
const refundsOf = (list: OpenCollectiveDonation[]) => list.filter((d) => d.isRefund)
const dayOf = (d: Date) => d.toISOString().slice(0, 10)

interface ExistingRow {
  id: string
  externalId: string
  amount: number
  currency: string
  revivable: boolean
}

interface Match {
  donationId: string
  revivable: boolean
  how: 'id' | 'short-id' | 'details'
}

/**
 * Which incoming transactions are already donations in the ledger (imported from a CSV export, or
 * synced before): by a shared id, else by day, amount, currency and donor. Reads only.
 */
async function matchExisting(tx: DbOrTx, incoming: OpenCollectiveDonation[], byDetails = true): Promise<Map<string, Match>> {
  const matches = new Map<string, Match>()
  if (incoming.length === 0) return matches
  const candidates = [...new Set(incoming.flatMap((d) => [d.id, ...aliasesOf(d)]))]
  const json = JSON.stringify(candidates)
  const byId = new Map<string, ExistingRow>()
  const direct = await executeRows<{
    id: string
    external_id: string
    amount: number | string
    currency: string
    revivable: boolean
  }>(
    sql`select d.id, d.external_id, d.amount, d.currency, (d.voided_at is not null and b.reverted_at is not null) as revivable
        from ${donations} d left join ${importBatches} b on b.id = d.import_batch_id
        where d.source = ${SOURCE} and d.external_id in (select json_array_elements_text(${json}::json))
          and (d.voided_at is null or b.reverted_at is not null)
        union all
        select d.id, a.external_id, d.amount, d.currency, (d.voided_at is not null and b.reverted_at is not null) as revivable
        from ${donationExternalIds} a join ${donations} d on d.id = a.donation_id left join ${importBatches} b on b.id = d.import_batch_id
        where a.source = ${SOURCE} and a.external_id in (select json_array_elements_text(${json}::json))
          and (d.voided_at is null or b.reverted_at is not null)`,
    tx,
  )
  for (const row of direct) {
    if (!byId.has(row.external_id))
      byId.set(row.external_id, {
        id: row.id,
        externalId: row.external_id,
        amount: Number(row.amount),
        currency: row.currency,
        revivable: row.revivable,
      })
  }
  const used = new Set<string>()
  const unmatched: OpenCollectiveDonation[] = []
  for (const d of incoming) {
    let found: Match | null = null
    for (const key of [d.id, String(d.legacyId), d.publicId]) {
      const row = key ? byId.get(key) : undefined
      if (row && !used.has(row.id)) {
        found = { donationId: row.id, revivable: row.revivable, how: 'id' }
        break
      }
    }
    if (!found) {
      const row = byId.get(d.id.slice(0, 8).toLowerCase())
      if (row && sameMoney(row, [d, d.hostAmount]) && !used.has(row.id))
        found = { donationId: row.id, revivable: row.revivable, how: 'short-id' }
    }
    if (found) {
      used.add(found.donationId)
      matches.set(d.id, found)
    } else if (d.donor.key && !d.donor.anonymous) unmatched.push(d)
  }
  if (unmatched.length === 0 || !byDetails) return matches

  // No shared id: the same day, amount, currency and donor, on a donation no API transaction claimed yet.
  const wanted = JSON.stringify(
    unmatched.map((d) => ({ day: dayOf(d.createdAt), amount: d.amount, currency: d.currency, donor: d.donor.key })),
  )
  const rows = await executeRows<{ id: string; day: string; amount: number | string; currency: string; donor: string }>(
    sql`select d.id, d.received_on::text as day, d.amount, d.currency, i.external_key as donor
        from json_to_recordset(${wanted}::json) as w(day date, amount bigint, currency text, donor text)
        join ${donorIdentities} i on i.source = ${SOURCE} and i.external_key = w.donor
        join ${donations} d on d.source = ${SOURCE} and d.donor_id = i.donor_id and d.received_on = w.day
          and d.amount = w.amount and d.currency = w.currency and d.voided_at is null
        where not exists (select 1 from ${donationExternalIds} a where a.donation_id = d.id)
          and d.external_id !~ '^[0-9a-f]{8}-'`,
    tx,
  )
  const paired = pairOnDetails(
    unmatched.map((d) => ({
      key: d.id,
      details: { day: dayOf(d.createdAt), amount: d.amount, currency: d.currency, donor: d.donor.key ?? '' },
    })),
    rows.map((r) => ({ id: r.id, day: r.day, amount: Number(r.amount), currency: r.currency, donor: r.donor })),
    used,
  )
  for (const [id, donationId] of paired) matches.set(id, { donationId, revivable: false, how: 'details' })
  return matches
}

function summarise(list: OpenCollectiveDonation[]) {
  const by = new Map<string, { currency: string; gross: number; fees: number; net: number; count: number }>()
  for (const d of list) {
    if (d.isRefunded) continue
    const t = by.get(d.currency) ?? { currency: d.currency, gross: 0, fees: 0, net: 0, count: 0 }
    t.gross += d.amount
    t.fees += d.fees
    t.net += d.net
    t.count += 1
    by.set(d.currency, t)
  }
  return [...by.values()].sort((a, b) => b.gross - a.gross)
}

/**
 * Whether any Open Collective donation in the ledger is still unclaimed by an API transaction (one
 * imported from a file): only then can matching on day, amount, currency and donor find anything.
 * Asked once per run: donations the API brings are always claimed.
 */
async function hasUnclaimedDonations(tx: DbOrTx = db) {
  const rows = await executeRows<{ one: number }>(
    sql`select 1 as one from ${donations} d where d.source = ${SOURCE} and d.voided_at is null
        and not exists (select 1 from ${donationExternalIds} a where a.donation_id = d.id) limit 1`,
    tx,
  )
  return rows.length > 0
}

/** Reads the whole collective (from the beginning) and says what a first sync would do. Writes nothing. */
export async function previewOpenCollective(client: OpenCollectiveClient, slug: string): Promise<OpenCollectivePreview> {
  const all: OpenCollectiveDonation[] = []
  let reconciled = 0
  const fresh: OpenCollectiveDonation[] = []
  const byDetails = await hasUnclaimedDonations()
  for await (const page of readOpenCollectiveDonations(client, { slug })) {
    all.push(...page.donations)
    const incoming = originals(page.donations)
    const matches = await matchExisting(db, incoming, byDetails)
    reconciled += matches.size
    fresh.push(...incoming.filter((d) => !matches.has(d.id)))
  }
  const gifts = originals(all)
  const days = gifts.map((d) => dayOf(d.createdAt)).sort()
  return {
    donations: gifts.length,
    refunds: refundsOf(all).length,
    currencies: [...new Set(gifts.map((d) => d.currency))].sort(),
    first: days[0] ?? null,
    last: days.at(-1) ?? null,
    reconciled,
    totals: summarise(fresh),
    requests: client.requests,
  }
}

/** "412 donations, 3 refunds, 2 currencies, 2023-01-04 … 2026-11-20; 12 already in the ledger" */
export function describeOpenCollectivePreview(p: OpenCollectivePreview) {
  const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`
  const span = p.first ? `, ${p.first} … ${p.last}` : ''
  return `${plural(p.donations, 'donation')}, ${plural(p.refunds, 'refund')}, ${plural(p.currencies.length, 'currency', 'currencies')}${span}; ${plural(p.reconciled, 'already in the ledger', 'already in the ledger')} (from an export)`
}

type NewRow = {
  amount: number
  currency: string
  fees: number
  net: number
  received_at: string
  received_on: string
  source: string
  external_id: string
  recurring: boolean
  refunded: boolean
  donor_id: string | null
  import_batch_id: string
  description: string | null
  fee_details: Record<string, number>
}

/** One page in one transaction: new donations, reconciled ones, refunds. */
async function applyPage(tx: DbOrTx, page: OpenCollectiveDonation[], batchId: string, byDetails: boolean) {
  const incoming = originals(page)
  const matches = await matchExisting(tx, incoming, byDetails)
  const toWrite = incoming.filter((d) => !matches.get(d.id) || matches.get(d.id)!.revivable)
  const donorIds = await resolveDonors(
    tx,
    SOURCE,
    toWrite.filter((d) => !d.donor.anonymous && d.donor.key).map((d) => ({ key: d.donor.key, name: d.donor.name, email: null })),
  )
  const row = (d: OpenCollectiveDonation): NewRow => ({
    amount: d.amount,
    currency: d.currency,
    fees: d.fees,
    net: d.net,
    received_at: d.createdAt.toISOString(),
    received_on: dayOf(d.createdAt),
    source: SOURCE,
    external_id: d.id,
    recurring: d.recurring,
    refunded: d.isRefunded,
    // An incognito donor stays anonymous: no donor row, no name.
    donor_id: d.donor.anonymous || !d.donor.key ? null : (donorIds.get(d.donor.key) ?? null),
    import_batch_id: batchId,
    description: d.description,
    fee_details: d.feeBreakdown,
  })
  const fresh = toWrite.filter((d) => !matches.has(d.id))
  let inserted = 0
  if (fresh.length > 0) {
    const payload = JSON.stringify(fresh.map(row))
    // The new donations and their other ids in one statement: the ids join the rows just returned.
    const freshAliases = JSON.stringify(fresh.flatMap((d) => aliasesOf(d).map((alias) => ({ uuid: d.id, alias }))))
    const columns = sql.raw(
      'amount, currency, fees, net, received_at, received_on, source, external_id, recurring, refunded, donor_id, import_batch_id, description, fee_details',
    )
    const added = await executeRows<{ n: number | string }>(
      sql`with added as (insert into ${donations} (${columns}) select ${columns} from json_to_recordset(${payload}::json) as x(amount bigint, currency text, fees bigint, net bigint, received_at timestamptz, received_on date, source text, external_id text, recurring boolean, refunded boolean, donor_id uuid, import_batch_id uuid, description text, fee_details jsonb) on conflict do nothing returning id, external_id),
          ids as (insert into ${donationExternalIds} (donation_id, source, external_id)
            select a.id, ${SOURCE}, x.alias from added a join json_to_recordset(${freshAliases}::json) as x(uuid text, alias text) on x.uuid = a.external_id
            on conflict do nothing)
          select count(*)::int as n from added`,
      tx,
    )
    inserted += Number(added[0]?.n ?? 0)
  }
  // The donations of a reverted sync or import come back with this batch: one statement for all of them.
  const revived = toWrite.filter((x) => matches.has(x.id))
  if (revived.length > 0) {
    const payload = JSON.stringify(revived.map((d) => ({ ...row(d), id: matches.get(d.id)!.donationId })))
    const back = await executeRows<{ n: number | string }>(
      sql`with revived as (
            update ${donations} d set amount = x.amount, currency = x.currency, fees = x.fees, net = x.net,
              received_at = x.received_at, received_on = x.received_on, recurring = x.recurring, refunded = x.refunded,
              donor_id = x.donor_id, import_batch_id = x.import_batch_id, description = x.description,
              fee_details = x.fee_details, voided_at = null, voided_by_id = null, void_reason = null
            from json_to_recordset(${payload}::json) as x(id uuid, amount bigint, currency text, fees bigint, net bigint,
              received_at timestamptz, received_on date, recurring boolean, refunded boolean, donor_id uuid,
              import_batch_id uuid, description text, fee_details jsonb)
            where d.id = x.id
            returning d.id)
          select count(*)::int as n from revived`,
      tx,
    )
    inserted += Number(back[0]?.n ?? 0)
  }
  // Every id of every transaction read points at its donation: new rows by their uuid, matched ones too.
  const aliasRows = incoming.flatMap((d) => {
    const match = matches.get(d.id)
    return match ? [d.id, ...aliasesOf(d)].map((alias) => ({ uuid: d.id, donation: match.donationId, alias })) : []
  })
  if (aliasRows.length > 0) {
    await executeRows(
      sql`insert into ${donationExternalIds} (donation_id, source, external_id)
          select coalesce(x.donation, d.id), ${SOURCE}, x.alias
          from json_to_recordset(${JSON.stringify(aliasRows)}::json) as x(uuid text, donation uuid, alias text)
          left join ${donations} d on x.donation is null and d.source = ${SOURCE} and d.external_id = x.uuid
          where coalesce(x.donation, d.id) is not null
          on conflict do nothing`,
      tx,
    )
  }
  // Refunds: the refund names its original; a transaction refunded before we first read it says so itself.
  const refundedIds = [
    ...refundsOf(page).flatMap((r) =>
      r.refundTransaction ? [r.refundTransaction.id, String(r.refundTransaction.legacyId), r.refundTransaction.id.slice(0, 8)] : [],
    ),
    ...incoming.filter((d) => d.isRefunded && matches.has(d.id)).map((d) => d.id),
  ]
  // Earlier donations (a file import, an earlier sync) this page marks refunded: the batch records
  // them, so reverting it takes the marks off again. One of this batch's own needs no record: the
  // revert voids it.
  const refundMarkedIds: string[] = []
  let refundsMarked = 0
  if (refundedIds.length > 0) {
    const marked = await tx
      .update(donations)
      .set({ refunded: true })
      .where(
        and(
          eq(donations.source, SOURCE),
          eq(donations.refunded, false),
          or(
            inArray(donations.externalId, refundedIds),
            inArray(
              donations.id,
              tx
                .select({ id: donationExternalIds.donationId })
                .from(donationExternalIds)
                .where(and(eq(donationExternalIds.source, SOURCE), inArray(donationExternalIds.externalId, refundedIds))),
            ),
          ),
        ),
      )
      .returning({ id: donations.id, batchId: donations.importBatchId })
    refundMarkedIds.push(...marked.filter((m) => m.batchId !== batchId).map((m) => m.id))
    refundsMarked = marked.length
  }
  const reconciled = [...matches.values()].filter((m) => !m.revivable).length
  // A refund is said as one, whether it marked an earlier donation or met its original on this page
  // (which then arrived marked refunded itself); skipped is what is neither a donation nor a refund.
  const refunds = refundsOf(page).length
  return {
    read: page.length,
    inserted,
    reconciled,
    refunds,
    refundsMarked,
    refundMarkedIds,
    skipped: page.length - incoming.length - refunds,
  }
}

/**
 * Brings a connection up to date: reads from where the last sync stopped, a page at a time; each
 * page, its donations and the new resume point are written in one transaction, so a sync killed at
 * any moment resumes without a gap or a duplicate. The pages of one run form one import batch
 * (revertible like a file import); a run that finds nothing new writes no batch.
 */
export async function syncOpenCollectiveConnection(input: {
  connectionId: string
  slug: string
  client: OpenCollectiveClient
  actorId: string | null
  pageSize?: number
  onProgress?: (p: OpenCollectiveSyncProgress) => void
  /** stop after this many pages (tests: a kill between pages) */
  stopAfterPages?: number
}): Promise<OpenCollectiveSyncOutcome> {
  const [connection] = await db.select().from(fundingConnections).where(eq(fundingConnections.id, input.connectionId))
  const start = (connection?.cursor as OpenCollectiveResumePoint | null) ?? OPENCOLLECTIVE_START
  const totals = { read: 0, inserted: 0, reconciled: 0, refunds: 0, refundsMarked: 0, skipped: 0 }
  let batchId: string | null = null
  let pages = 0
  /** how many donations were written when the statistics were last refreshed */
  let refreshedAt = 0
  const byDetails = await hasUnclaimedDonations()
  for await (const page of readOpenCollectiveDonations(input.client, { slug: input.slug, resume: start, pageSize: input.pageSize })) {
    pages += 1
    batchId = await db.transaction(async (tx) => {
      // One sync of a connection at a time, and only from where the last page stopped.
      const [locked] = await tx.select().from(fundingConnections).where(eq(fundingConnections.id, input.connectionId)).for('update')
      if (!locked) throw new Error('the connection was removed during the sync')
      let id = batchId
      // other kinds a mirror sent although not asked for: read, and skipped
      totals.read += page.ignored
      totals.skipped += page.ignored
      if (page.donations.length > 0) {
        if (!id) {
          const [batch] = await tx
            .insert(importBatches)
            .values({
              fileName: `Open Collective sync: ${input.slug}`,
              sha256: createHash('sha256')
                .update(`${input.connectionId}:${JSON.stringify(start)}:${page.donations[0].id}`)
                .digest('hex'),
              format: 'opencollective',
              source: SOURCE,
              rows: 0,
              inserted: 0,
              duplicates: 0,
              skipped: 0,
              errors: 0,
              importedById: input.actorId,
              connectionId: input.connectionId,
              // where this run started: reverting the batch rewinds the connection here, so the
              // next sync reads its transactions again
              cursorBefore: connection?.cursor ?? null,
            })
            .returning({ id: importBatches.id })
          id = batch.id
          await recordAudit(tx, {
            actorId: input.actorId,
            entity: 'import_batch',
            entityId: id,
            action: 'sync',
            after: { connectionId: input.connectionId, source: SOURCE, account: input.slug, from: start },
          })
        }
        const result = await applyPage(tx, page.donations, id, byDetails)
        totals.read += result.read
        totals.inserted += result.inserted
        totals.reconciled += result.reconciled
        totals.refunds += result.refunds
        totals.refundsMarked += result.refundsMarked
        totals.skipped += result.skipped
        await tx
          .update(importBatches)
          .set({
            rows: sql`${importBatches.rows} + ${result.read + page.ignored}`,
            inserted: sql`${importBatches.inserted} + ${result.inserted}`,
            duplicates: sql`${importBatches.duplicates} + ${result.reconciled}`,
            // as a file import counts them: rows not written as donations, refunds included
            skipped: sql`${importBatches.skipped} + ${result.skipped + result.refunds + page.ignored}`,
            ...(result.refundMarkedIds.length > 0
              ? { refundMarkedIds: sql`${importBatches.refundMarkedIds} || ${`{${result.refundMarkedIds.join(',')}}`}::uuid[]` }
              : {}),
          })
          .where(eq(importBatches.id, id))
      }
      await tx
        .update(fundingConnections)
        .set({ cursor: page.resume, updatedAt: new Date() })
        .where(eq(fundingConnections.id, input.connectionId))
      return id
    })
    // A first sync fills the tables from nothing: fresh statistics keep the next pages' plans sound.
    // at 5,000, 10,000, 20,000, 40,000 … donations: the plans change while the tables are small
    if (totals.inserted - refreshedAt >= Math.max(5_000, refreshedAt)) {
      await refreshStatistics([donations, donors, donorIdentities, donationExternalIds], totals.inserted - refreshedAt)
      refreshedAt = totals.inserted
    }
    input.onProgress?.({ read: totals.read, remaining: page.remaining, inserted: totals.inserted, reconciled: totals.reconciled })
    if (input.stopAfterPages === pages) break
  }
  await refreshStatistics([donations, donors, donorIdentities, donationExternalIds], totals.inserted - refreshedAt)
  return { batchId, ...totals, requests: input.client.requests, pages }
}
