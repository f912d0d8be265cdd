// The import flow: preview a file against the ledger, confirm it in one transaction (or write
// nothing), keep every batch, revert a batch as a whole (its donations are voided, never deleted).
// The web page adds a step: the file waits as an upload while its preview is shown.
import { createHash, randomUUID } from 'node:crypto'
import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm'
import { db, executeRows, type DbOrTx } from '#db/client.server.ts'
import { bulkLoad } from '#db/bulk-load.server.ts'
import { refreshStatistics } from '#db/statistics.server.ts'
import {
  donationExternalIds,
  donations,
  donorIdentities,
  donors,
  fundingConnections,
  importBatches,
  importFailures,
  importMappings,
  importUploads,
  sponsorshipEvents,
  users,
} from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import {
  decodeImportFile,
  detectFormat,
  GenericMappingSchema,
  ImportFileError,
  parseDonationFile,
  type GenericMapping,
  type ParsedDonation,
  type ParseResult,
  type RowNote,
} from '#app/integrations/donation-imports/index.ts'
import { countDuplicates, type DuplicateMatch } from './import-duplicates.ts'
import { isShortId, pairOnDetails } from './opencollective-match.ts'
import type { ImportUploadInput } from './schemas.ts'
import type { DonationSource, ImportFormat } from './vocabulary.ts'

const CHUNK = 1000

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

export interface ImportInput {
  bytes: Uint8Array
  fileName: string
  format?: ImportFormat | null
  mapping?: GenericMapping | null
}

export interface ImportPreview {
  fileName: string
  sha256: string
  format: ImportFormat
  source: DonationSource
  rows: number
  toAdd: ParsedDonation[]
  duplicates: (ParsedDonation & { why: string; match: DuplicateMatch })[]
  skipped: RowNote[]
  errors: RowNote[]
  /** earlier donations this file marks as refunded */
  refunds: number
  /** an earlier, not reverted import of exactly this file */
  sameFile: { id: string; importedAt: Date } | null
  /** `grossUnknown`: how many of `count` are recorded at the net the file gave (their gross unknown) */
  totals: { currency: string; gross: number; fees: number; net: number; count: number; grossUnknown: number }[]
  /** what the file's reader says about the file as a whole */
  notices: string[]
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/**
 * Which (source, external id) pairs already hold a live donation; voided ones of reverted imports
 * can be revived. One statement whatever the file's size: the ids go in as one JSON parameter and
 * the live ones come back as one newline-joined text (a re-imported 100k-row file answers in one
 * row, not 100,000), the revivable ones as JSON pairs.
 */
async function existingIds(tx: DbOrTx, source: DonationSource, parsed: ParsedDonation[]) {
  const live = new Set<string>()
  const revivable = new Map<string, string>()
  if (parsed.length === 0) return { live, revivable }
  const ids = parsed.map((d) => d.externalId)
  // An Open Collective short id (32 bits) names an API transaction only when the money agrees too.
  const moneyChecks =
    source === 'opencollective'
      ? parsed.filter((d) => isShortId(d.externalId)).map((d) => ({ external_id: d.externalId, amount: d.amount, currency: d.currency }))
      : []
  const [row] = await executeRows<{ live: string | null; revivable: [string, string][] | null }>(
    sql`with x(external_id) as (select distinct value from json_array_elements_text(${JSON.stringify(ids)}::json)),
      money as (select * from json_to_recordset(${JSON.stringify(moneyChecks)}::json) as r(external_id text, amount bigint, currency text)),
      m as (
        select x.external_id, ${donations.id} as donation_id,
          (${donations.voidedAt} is not null and ${importBatches.revertedAt} is not null) as revivable
        from x
        join ${donations} on ${donations.source} = ${source} and ${donations.externalId} = x.external_id
        left join ${importBatches} on ${importBatches.id} = ${donations.importBatchId}
      ),
      -- The same donation under another of the platform's ids (an Open Collective transaction synced
      -- from the API is known by its uuid, legacy id, short id and public id): never twice.
      a as (
        select x.external_id from x
        where exists (
          select 1 from ${donationExternalIds} e join ${donations} d on d.id = e.donation_id
          where e.source = ${source} and e.external_id = x.external_id
            and (not exists (select 1 from money c where c.external_id = x.external_id)
              or exists (select 1 from money c where c.external_id = x.external_id and c.amount = d.amount and c.currency = d.currency))
        )
      )
      select
        (select string_agg(external_id, E'\n') from (
          select external_id from m where not revivable
          union
          select external_id from a where external_id not in (select external_id from m where revivable)
        ) l) as live,
        (select json_agg(json_build_array(external_id, donation_id)) from m where revivable) as revivable`,
    tx,
  )
  if (row?.live) for (const id of row.live.split('\n')) live.add(id)
  for (const [externalId, donationId] of row?.revivable ?? []) revivable.set(externalId, donationId)
  return { live, revivable }
}

function summarise(parsed: ParsedDonation[]) {
  const by = new Map<string, { currency: string; gross: number; fees: number; net: number; count: number; grossUnknown: number }>()
  for (const d of parsed) {
    if (d.refunded) continue
    const t = by.get(d.currency) ?? { currency: d.currency, gross: 0, fees: 0, net: 0, count: 0, grossUnknown: 0 }
    t.gross += d.amount
    t.fees += d.fees
    t.net += d.net
    t.count += 1
    if (d.grossKnown === false) t.grossUnknown += 1
    by.set(d.currency, t)
  }
  return [...by.values()].sort((a, b) => b.gross - a.gross)
}

async function buildPreview(
  tx: DbOrTx,
  input: ImportInput,
  parsed: ParseResult,
  hash: string,
): Promise<ImportPreview & { revivable: Map<string, string>; matchedOnDetails: Map<string, string> }> {
  const [sameFile] = await tx
    .select({ id: importBatches.id, importedAt: importBatches.importedAt, format: importBatches.format })
    .from(importBatches)
    .where(and(eq(importBatches.sha256, hash), isNull(importBatches.revertedAt)))
    .orderBy(desc(importBatches.importedAt))
    .limit(1)
  // A re-import of exactly this file, read the same way: every id it holds was in the ledger after
  // that import (added or found there), and stays live until an import is reverted (donations are
  // never deleted; a voided one still counts as present). Without a revert since, nothing needs
  // comparing. Saved mappings can change, so other CSVs are always compared.
  const unchanged =
    sameFile && sameFile.format === parsed.format && parsed.format !== 'generic' && !(await anyRevertSince(tx, sameFile.importedAt))
  const { live, revivable } = unchanged
    ? { live: null, revivable: new Map<string, string>() }
    : await existingIds(tx, parsed.source, parsed.donations)
  const found: ParsedDonation[] = []
  const duplicates: ImportPreview['duplicates'] = []
  const inFile = new Set<string>()
  for (const d of parsed.donations) {
    if (!live || live.has(d.externalId)) duplicates.push({ ...d, why: 'already in the ledger', match: 'id' })
    else if (inFile.has(d.externalId)) duplicates.push({ ...d, why: 'appears twice in this file', match: 'file' })
    else found.push(d)
    inFile.add(d.externalId)
  }
  // An export read after the API: what shares no id meets the synced donation on the details.
  const matchedOnDetails =
    parsed.source === 'opencollective'
      ? await matchSyncedOnDetails(
          tx,
          found.filter((d) => !revivable.has(d.externalId)),
          [...inFile],
        )
      : new Map<string, string>()
  const toAdd: ParsedDonation[] = []
  for (const d of found) {
    if (matchedOnDetails.has(d.externalId))
      duplicates.push({ ...d, why: 'already in the ledger from the API (same day, amount, currency and donor)', match: 'details' })
    else toAdd.push(d)
  }
  return {
    fileName: input.fileName,
    sha256: hash,
    format: parsed.format,
    source: parsed.source,
    rows: parsed.rows,
    toAdd,
    duplicates,
    skipped: parsed.skipped,
    errors: parsed.errors,
    refunds: parsed.refundedExternalIds.length,
    sameFile: sameFile ? { id: sameFile.id, importedAt: sameFile.importedAt } : null,
    totals: summarise(toAdd),
    notices: parsed.notices ?? [],
    revivable,
    matchedOnDetails,
  }
}

/**
 * Open Collective rows of a file that share no id with the ledger, paired with donations synced
 * from the API on day, amount, currency and donor (the rule the sync uses the other way round,
 * opencollective-match.ts): a synced donation once, and not one any row of this file already
 * names by an id. Returns external id → donation id. Reads only.
 */
async function matchSyncedOnDetails(tx: DbOrTx, rows: ParsedDonation[], fileIds: string[]) {
  const unmatched = rows.filter((d) => d.donor.key)
  if (unmatched.length === 0) return new Map<string, string>()
  const details = (d: ParsedDonation) => ({
    day: d.receivedAt.toISOString().slice(0, 10),
    amount: d.amount,
    currency: d.currency,
    donor: d.donor.key ?? '',
  })
  const wanted = JSON.stringify(unmatched.map(details))
  const candidates = await executeRows<{ id: string; day: string; amount: number | string; currency: string; donor: string }>(
    sql`select distinct d.id, d.received_on::text as day, d.amount, d.currency, i.external_key as donor
        from json_to_recordset(${wanted}::json) as w(day date, amount bigint, currency text, donor text)
        join ${donorIdentities} i on i.source = 'opencollective' and i.external_key = w.donor
        join ${donations} d on d.source = 'opencollective' and d.donor_id = i.donor_id and d.received_on = w.day
          and d.amount = w.amount and d.currency = w.currency and d.voided_at is null
        where d.external_id ~ '^[0-9a-f]{8}-'
          and not exists (
            select 1 from ${donationExternalIds} a
            where a.donation_id = d.id and a.external_id in (select value from json_array_elements_text(${JSON.stringify(fileIds)}::json))
          )
        order by d.id`,
    tx,
  )
  return pairOnDetails(
    unmatched.map((d) => ({ key: d.externalId, details: details(d) })),
    candidates.map((c) => ({ id: c.id, day: c.day, amount: Number(c.amount), currency: c.currency, donor: c.donor })),
    new Set<string>(),
  )
}

async function anyRevertSince(tx: DbOrTx, since: Date) {
  const [row] = await tx
    .select({ id: importBatches.id })
    .from(importBatches)
    .where(sql`${importBatches.revertedAt} >= ${since.toISOString()}::timestamptz`)
    .limit(1)
  return Boolean(row)
}

// The command line and the web page preview a file, then confirm it: the second reading of the
// same bytes (a second or more for 100,000 rows) is saved by keeping the last one read, until the
// confirmation takes it.
let lastRead: { key: string; parsed: ParseResult } | null = null

function readDonationFile(input: ImportInput, hash: string) {
  const key = `${hash} ${input.format ?? ''} ${input.mapping ? JSON.stringify(input.mapping) : ''}`
  if (lastRead?.key === key) return lastRead.parsed
  const parsed = parseDonationFile(input.bytes, { format: input.format, mapping: input.mapping })
  lastRead = { key, parsed }
  return parsed
}

/** Reads a file and compares it with the ledger; writes nothing. Throws ImportFileError for unreadable files. */
export async function previewImport(input: ImportInput): Promise<ImportPreview> {
  const hash = sha256(input.bytes)
  const parsed = readDonationFile(input, hash)
  const { revivable: _revivable, matchedOnDetails: _matched, ...preview } = await buildPreview(db, input, parsed, hash)
  return preview
}

interface DonorRef {
  key: string | null
  name: string | null
  email: string | null
}

/**
 * Finds or creates the donor of each incoming donation: by the platform identity (source + handle),
 * else by e-mail among donors not merged away, else a new donor with that identity. Four
 * statements whatever the number of donors (30,000 sponsors in one file took 13 s as chunked
 * inserts): the keys go in as one JSON parameter, the new donors get their ids here so their
 * identities can be written beside them.
 */
export async function resolveDonors(tx: DbOrTx, source: DonationSource, refs: DonorRef[]): Promise<Map<string, string>> {
  const byKey = new Map<string, DonorRef>()
  for (const ref of refs) {
    const key = ref.key ?? ref.email?.toLowerCase() ?? null
    if (key && !byKey.has(key)) byKey.set(key, ref)
  }
  const result = new Map<string, string>()
  if (byKey.size === 0) return result
  const known = await executeRows<{ key: string; donor_id: string }>(
    sql`select i.external_key as key, coalesce(d.merged_into_id, d.id) as donor_id
      from json_array_elements_text(${JSON.stringify([...byKey.keys()])}::json) as x(key)
      join ${donorIdentities} i on i.source = ${source} and i.external_key = x.key
      join ${donors} d on d.id = i.donor_id`,
    tx,
  )
  for (const row of known) result.set(row.key, row.donor_id)
  const missing = [...byKey.keys()].filter((k) => !result.has(k))
  if (missing.length === 0) return result
  const emails = [...new Set(missing.map((k) => byKey.get(k)!.email?.toLowerCase()).filter((e): e is string => Boolean(e)))]
  const byEmail = new Map<string, string>()
  if (emails.length > 0) {
    // The oldest donor with that address, when several share it (not merged yet).
    const rows = await executeRows<{ email: string; id: string }>(
      sql`select distinct on (lower(d.email)) lower(d.email) as email, d.id
        from ${donors} d
        where d.merged_into_id is null and lower(d.email) in (select value from json_array_elements_text(${JSON.stringify(emails)}::json))
        order by lower(d.email), d.created_at, d.id`,
      tx,
    )
    for (const row of rows) byEmail.set(row.email, row.id)
  }
  const toCreate: { id: string; name: string; email: string | null }[] = []
  for (const key of missing) {
    const ref = byKey.get(key)!
    const id = ref.email ? byEmail.get(ref.email.toLowerCase()) : undefined
    if (id) result.set(key, id)
    else {
      const created = { id: randomUUID(), name: ref.name || ref.email || key, email: ref.email || null }
      toCreate.push(created)
      result.set(key, created.id)
    }
  }
  // Bulk loads (db/bulk-load.server.ts): on the embedded database, 30,000 new donors and identities
  // have their indexes built again and their donors checked once.
  if (toCreate.length > 0)
    await bulkLoad(tx, donors, { rows: toCreate.length }, (savepoint) =>
      savepoint.execute(
        sql`insert into ${donors} (id, name, email) select id, name, email from json_to_recordset(${JSON.stringify(toCreate)}::json) as x(id uuid, name text, email text)`,
      ),
    )
  const identities = JSON.stringify(missing.map((key) => ({ donor_id: result.get(key)!, external_key: key })))
  const insertIdentities = (handle: DbOrTx) =>
    handle.execute(
      sql`insert into ${donorIdentities} (donor_id, source, external_key)
        select donor_id, ${source}, external_key from json_to_recordset(${identities}::json) as x(donor_id uuid, external_key text)
        on conflict do nothing`,
    )
  // An identity written meanwhile (a sync) fails the bulk load when its unique index is built
  // again; then `on conflict do nothing` leaves it alone, row by row.
  const written = sql`${donorIdentities.source} = ${source} and ${donorIdentities.externalKey} in (select value from json_array_elements_text(${JSON.stringify(missing)}::json))`
  try {
    await bulkLoad(tx, donorIdentities, { rows: missing.length, written }, insertIdentities)
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    await insertIdentities(tx)
  }
  return result
}

type NewDonationRow = typeof donations.$inferInsert

/**
 * Inserts a batch's new donations, 10,000 to a statement with one parameter each (the rows as
 * JSON): fast on both drivers. Rows whose source and id already exist are left alone. Returns how
 * many were added.
 *
 * The caller compared the file with the ledger after locking out other imports, so a conflict is
 * rare (a sync or a manual entry adding the same id meanwhile): the rows go in as a bulk load
 * (`bulkLoad`: a savepoint; on the embedded database the foreign keys checked once and the indexes
 * built again), and only when that meets an existing id again row by row with
 * `on conflict do nothing`. The speculative insertion `on conflict` makes for every row took a
 * fifth of the insert's time.
 */
async function insertDonations(tx: DbOrTx, rows: NewDonationRow[], batchId: string): Promise<number> {
  if (rows.length === 0) return 0
  const parts = chunks(rows, 10_000).map(donationsPayload)
  const insertAll = async (handle: DbOrTx, onConflict: SQL) => {
    let inserted = 0
    for (const payload of parts) inserted += await insertDonationsStatement(handle, payload, onConflict)
    return inserted
  }
  try {
    return await bulkLoad(tx, donations, { rows: rows.length, written: sql`${donations.importBatchId} = ${batchId}` }, (savepoint) =>
      insertAll(savepoint, sql``),
    )
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    return insertAll(tx, sql`on conflict do nothing`)
  }
}

function donationsPayload(rows: NewDonationRow[]) {
  return JSON.stringify(
    rows.map((r) => ({
      amount: r.amount,
      currency: r.currency,
      fees: r.fees,
      net: r.net,
      received_at: (r.receivedAt as Date).toISOString(),
      received_on: r.receivedOn,
      source: r.source,
      external_id: r.externalId,
      recurring: r.recurring,
      refunded: r.refunded,
      gross_known: r.grossKnown ?? true,
      donor_id: r.donorId,
      import_batch_id: r.importBatchId,
      description: r.description,
      created_by_id: r.createdById,
    })),
  )
}

const DONATION_COLUMNS = sql.raw(
  'amount, currency, fees, net, received_at, received_on, source, external_id, recurring, refunded, gross_known, donor_id, import_batch_id, description, created_by_id',
)

async function insertDonationsStatement(handle: DbOrTx, payload: string, onConflict: SQL) {
  const [row] = await executeRows<{ n: number | string }>(
    sql`with added as (insert into ${donations} (${DONATION_COLUMNS}) select ${DONATION_COLUMNS} from json_to_recordset(${payload}::json) as x(amount bigint, currency text, fees bigint, net bigint, received_at timestamptz, received_on date, source text, external_id text, recurring boolean, refunded boolean, gross_known boolean, donor_id uuid, import_batch_id uuid, description text, created_by_id uuid) ${onConflict} returning 1) select count(*)::int as n from added`,
    handle,
  )
  return Number(row?.n ?? 0)
}

function isUniqueViolation(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  if ('code' in error && error.code === '23505') return true
  return 'cause' in error && isUniqueViolation(error.cause)
}

export interface ImportOutcome {
  batchId: string
  rows: number
  inserted: number
  duplicates: number
  skipped: number
  errors: number
  refundsMarked: number
}

/**
 * Writes a file's new donations in one transaction, or nothing: a file with rows in error is
 * refused whole. Idempotent: donations already in the ledger (same source and id) are counted as
 * duplicates, never added twice.
 */
export async function confirmImport(input: ImportInput & { actorId: string | null }): Promise<ImportOutcome> {
  try {
    return await writeImport(input)
  } catch (error) {
    await recordImportFailure(input, error)
    throw error
  }
}

/**
 * Keeps a failed import (nothing of it was written) for the import-failed notification. Written
 * on its own, after the import's transaction rolled back; the format is the one chosen, else the
 * one the file looks like, else unknown.
 */
async function recordImportFailure(input: ImportInput & { actorId: string | null }, error: unknown) {
  let format = input.format ?? null
  if (!format) {
    try {
      format = detectFormat(decodeImportFile(input.bytes))
    } catch {
      format = null
    }
  }
  const reason = error instanceof Error ? error.message : String(error)
  await db.insert(importFailures).values({ fileName: input.fileName, format, reason: reason.slice(0, 1000), actorId: input.actorId })
}

async function writeImport(input: ImportInput & { actorId: string | null }): Promise<ImportOutcome> {
  const hash = sha256(input.bytes)
  const parsed = readDonationFile(input, hash)
  lastRead = null
  if (parsed.errors.length > 0) {
    const first = parsed.errors[0]
    throw new DomainError(
      `${parsed.errors.length} row${parsed.errors.length > 1 ? 's are' : ' is'} in error (first: line ${first.line}, ${first.reason}); nothing was imported. Fix the file and import it again.`,
    )
  }
  const outcome = await db.transaction(async (tx) => {
    // One import at a time: two people confirming the same file cannot interleave.
    await tx.execute(sql`lock table ${importBatches} in share row exclusive mode`)
    const preview = await buildPreview(tx, input, parsed, hash)
    const [batch] = await tx
      .insert(importBatches)
      .values({
        fileName: input.fileName,
        sha256: hash,
        format: parsed.format,
        source: parsed.source,
        rows: parsed.rows,
        inserted: 0,
        duplicates: preview.duplicates.length,
        skipped: parsed.skipped.length,
        errors: 0,
        importedById: input.actorId,
      })
      .returning()
    const donorIds = await resolveDonors(
      tx,
      parsed.source,
      preview.toAdd.map((d) => d.donor),
    )
    const donorOf = (d: ParsedDonation) => {
      const key = d.donor.key ?? d.donor.email?.toLowerCase() ?? null
      return key ? (donorIds.get(key) ?? null) : null
    }
    const values = (d: ParsedDonation) => ({
      amount: d.amount,
      currency: d.currency,
      fees: d.fees,
      net: d.net,
      receivedAt: d.receivedAt,
      receivedOn: d.receivedAt.toISOString().slice(0, 10),
      source: d.source,
      externalId: d.externalId,
      recurring: d.recurring,
      refunded: d.refunded,
      grossKnown: d.grossKnown !== false,
      donorId: donorOf(d),
      importBatchId: batch.id,
      description: d.description,
      // Who imported it is the batch's importedById; repeating it on every row would cost a
      // foreign-key check per row (a third of a 100k-row import on the embedded database).
      createdById: null,
    })
    const fresh = preview.toAdd.filter((d) => !preview.revivable.has(d.externalId))
    let inserted = await insertDonations(tx, fresh.map(values), batch.id)
    // Donations of a reverted import come back to life with this batch.
    for (const d of preview.toAdd.filter((x) => preview.revivable.has(x.externalId))) {
      await tx
        .update(donations)
        .set({ ...values(d), voidedAt: null, voidedById: null, voidReason: null })
        .where(eq(donations.id, preview.revivable.get(d.externalId)!))
      inserted += 1
    }
    // A row met on the details is known by its id from now on: a re-import finds it by the id, and
    // the file's refunds of it reach it.
    if (preview.matchedOnDetails.size > 0)
      await tx
        .insert(donationExternalIds)
        .values([...preview.matchedOnDetails].map(([externalId, donationId]) => ({ donationId, source: parsed.source, externalId })))
        .onConflictDoNothing()
    const refundMarkedIds: string[] = []
    for (const part of chunks(parsed.refundedExternalIds)) {
      const rows = await tx
        .update(donations)
        .set({ refunded: true })
        .where(
          and(
            eq(donations.source, parsed.source),
            or(
              inArray(donations.externalId, part),
              inArray(
                donations.id,
                tx
                  .select({ id: donationExternalIds.donationId })
                  .from(donationExternalIds)
                  .where(and(eq(donationExternalIds.source, parsed.source), inArray(donationExternalIds.externalId, part))),
              ),
            ),
            eq(donations.refunded, false),
          ),
        )
        .returning({ id: donations.id })
      refundMarkedIds.push(...rows.map((r) => r.id))
    }
    const refundsMarked = refundMarkedIds.length
    const duplicates = preview.duplicates.length + (preview.toAdd.length - inserted)
    await tx.update(importBatches).set({ inserted, duplicates, refundMarkedIds }).where(eq(importBatches.id, batch.id))
    const outcome = { batchId: batch.id, rows: parsed.rows, inserted, duplicates, skipped: parsed.skipped.length, errors: 0, refundsMarked }
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'import_batch',
      entityId: batch.id,
      action: 'import',
      after: { fileName: input.fileName, sha256: hash, format: parsed.format, ...outcome },
    })
    return outcome
  })
  // Statistics for the planner (PGlite has no autovacuum); no VACUUM: an import only inserts (no
  // dead rows) and the ledger's queries read the rows themselves, never index-only.
  await refreshStatistics([donations, donors, donorIdentities], outcome.inserted, db, { vacuum: false })
  return outcome
}

/**
 * Reverts an import as a whole: its donations are voided (kept, counting for nothing), the refund
 * marks it set on earlier donations are taken off, and the reversal recorded. A sync's batch also
 * takes its sponsorship history out and rewinds its connection to where the batch started, so the
 * next sync reads what the batch held again.
 */
export async function revertImport(input: { batchId: string; actorId: string }) {
  return db.transaction(async (tx) => {
    const [batch] = await tx.select().from(importBatches).where(eq(importBatches.id, input.batchId)).for('update')
    if (!batch) throw new DomainError('No such import')
    if (batch.revertedAt) throw new DomainError('This import was already reverted')
    const now = new Date()
    const voided = await tx
      .update(donations)
      .set({ voidedAt: now, voidedById: input.actorId, voidReason: `import reverted: ${batch.fileName}` })
      .where(and(eq(donations.importBatchId, batch.id), isNull(donations.voidedAt)))
      .returning({ id: donations.id })
    let refundsUnmarked = 0
    for (const part of chunks(batch.refundMarkedIds)) {
      const rows = await tx
        .update(donations)
        .set({ refunded: false })
        .where(and(inArray(donations.id, part), eq(donations.refunded, true)))
        .returning({ id: donations.id })
      refundsUnmarked += rows.length
    }
    // History, not money: the next sync writes these entries again.
    const historyRemoved = await tx
      .delete(sponsorshipEvents)
      .where(eq(sponsorshipEvents.importBatchId, batch.id))
      .returning({ id: sponsorshipEvents.id })
    const rewound = batch.connectionId ? await rewindConnection(tx, batch) : null
    await tx.update(importBatches).set({ revertedAt: now, revertedById: input.actorId }).where(eq(importBatches.id, batch.id))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'import_batch',
      entityId: batch.id,
      action: 'revert',
      before: { revertedAt: null, ...(rewound ? { cursor: rewound.from } : {}) },
      after: {
        revertedAt: now,
        donationsVoided: voided.length,
        refundsUnmarked,
        ...(historyRemoved.length ? { historyEntriesRemoved: historyRemoved.length } : {}),
        ...(rewound ? { cursor: rewound.to } : {}),
      },
    })
    return { voided: voided.length, refundsUnmarked, historyRemoved: historyRemoved.length, rewound: Boolean(rewound?.changed) }
  })
}

/**
 * Puts the batch's connection back where the batch started (`cursorBefore`). Unless it already
 * stands earlier: an older batch of the same connection was reverted and no sync has run since
 * (a sync after that revert reads the older batch's transactions again, so it writes a batch).
 */
async function rewindConnection(tx: DbOrTx, batch: typeof importBatches.$inferSelect) {
  const connectionId = batch.connectionId!
  const [connection] = await tx.select().from(fundingConnections).where(eq(fundingConnections.id, connectionId)).for('update')
  if (!connection) return null
  const earlier = await executeRows<{ id: string }>(
    sql`select a.id from ${importBatches} a
        where a.connection_id = ${connectionId} and a.id <> ${batch.id} and a.imported_at < ${batch.importedAt.toISOString()}::timestamptz
          and a.reverted_at is not null
          and not exists (select 1 from ${importBatches} c where c.connection_id = ${connectionId} and c.imported_at > a.reverted_at)
        limit 1`,
    tx,
  )
  if (earlier.length > 0) return { from: connection.cursor, to: connection.cursor, changed: false }
  await tx
    .update(fundingConnections)
    .set({ cursor: batch.cursorBefore, updatedAt: new Date() })
    .where(eq(fundingConnections.id, connectionId))
  return { from: connection.cursor, to: batch.cursorBefore, changed: true }
}

async function listImportBatches(limit = 50) {
  const importer = sql<string | null>`(select ${users.name} from ${users} where ${users.id} = ${importBatches.importedById})`
  const reverter = sql<string | null>`(select ${users.name} from ${users} where ${users.id} = ${importBatches.revertedById})`
  return db
    .select({
      id: importBatches.id,
      fileName: importBatches.fileName,
      sha256: importBatches.sha256,
      format: importBatches.format,
      source: importBatches.source,
      rows: importBatches.rows,
      inserted: importBatches.inserted,
      duplicates: importBatches.duplicates,
      skipped: importBatches.skipped,
      errors: importBatches.errors,
      importedAt: importBatches.importedAt,
      importedBy: importer,
      revertedAt: importBatches.revertedAt,
      revertedBy: reverter,
    })
    .from(importBatches)
    .orderBy(desc(importBatches.importedAt))
    .limit(limit)
}

export type ImportBatchRow = Awaited<ReturnType<typeof listImportBatches>>[number]

// Saved column mappings for the generic CSV.
async function listImportMappings() {
  const rows = await db.select().from(importMappings).orderBy(importMappings.name)
  return rows.flatMap((row) => {
    const parsed = GenericMappingSchema.safeParse(row.mapping)
    return parsed.success ? [{ id: row.id, name: row.name, mapping: parsed.data as GenericMapping }] : []
  })
}

export async function saveImportMapping(input: { name: string; mapping: GenericMapping; actorId: string | null }) {
  const mapping = GenericMappingSchema.parse(input.mapping)
  return db.transaction(async (tx) => {
    const now = new Date()
    const [row] = await tx
      .insert(importMappings)
      .values({ name: input.name.trim(), source: mapping.source, mapping, createdById: input.actorId })
      .onConflictDoUpdate({ target: importMappings.name, set: { mapping, source: mapping.source, updatedAt: now } })
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'import_mapping',
      entityId: row.id,
      action: 'save',
      after: { name: row.name, mapping },
    })
    return row
  })
}

export async function getImportMapping(name: string) {
  const mappings = await listImportMappings()
  return mappings.find((m) => m.name === name) ?? null
}

// ---------------------------------------------------------------- the web flow: upload → preview → confirm

// Uploads wait for confirmation in the database (deleted once confirmed or cancelled, or after a day).
async function storeUpload(input: {
  bytes: Uint8Array
  fileName: string
  format?: ImportFormat | null
  mapping?: GenericMapping | null
  actorId: string
}) {
  await db.delete(importUploads).where(lt(importUploads.createdAt, new Date(Date.now() - 24 * 3600 * 1000)))
  const [row] = await db
    .insert(importUploads)
    .values({
      fileName: input.fileName,
      content: Buffer.from(input.bytes).toString('base64'),
      format: input.format ?? null,
      mapping: input.mapping ?? null,
      uploadedById: input.actorId,
    })
    .returning({ id: importUploads.id })
  return row.id
}

async function loadUpload(id: string, actorId: string) {
  const [row] = await db
    .select()
    .from(importUploads)
    .where(and(eq(importUploads.id, id), eq(importUploads.uploadedById, actorId)))
  if (!row) return null
  const mapping = row.mapping ? GenericMappingSchema.safeParse(row.mapping) : null
  return {
    id: row.id,
    fileName: row.fileName,
    bytes: new Uint8Array(Buffer.from(row.content, 'base64')),
    format: row.format,
    mapping: mapping?.success ? (mapping.data as GenericMapping) : null,
  }
}

export async function discardUpload(id: string) {
  await db.delete(importUploads).where(eq(importUploads.id, id))
}

/**
 * Keeps an uploaded file until its preview is confirmed, with the format chosen (or none: detected)
 * and, for "other CSV", a saved column mapping or the one described (saved when it is given a name).
 * Returns the upload's id.
 */
export async function uploadDonationFile(input: ImportUploadInput & { actorId: string }) {
  let mapping: GenericMapping | null = null
  if (input.format === 'generic') {
    if (input.mappingId) {
      const saved = (await listImportMappings()).find((m) => m.id === input.mappingId)
      if (!saved) throw new DomainError('This saved mapping no longer exists: choose another or describe the columns', 'mappingId')
      mapping = saved.mapping
    } else {
      mapping = GenericMappingSchema.parse(input.mapping ?? {}) as GenericMapping
      if (input.mappingName) await saveImportMapping({ name: input.mappingName, mapping, actorId: input.actorId })
    }
  }
  return storeUpload({
    bytes: new Uint8Array(await input.file.arrayBuffer()),
    fileName: input.file.name || 'upload.csv',
    format: input.format ?? null,
    mapping,
    actorId: input.actorId,
  })
}

/** Imports an upload its uploader previewed, then forgets the upload. */
export async function confirmUpload(input: { uploadId: string; actorId: string }) {
  const upload = await loadUpload(input.uploadId, input.actorId)
  if (!upload) throw new DomainError('This upload has expired: upload the file again.')
  let outcome: ImportOutcome
  try {
    outcome = await confirmImport({ ...upload, actorId: input.actorId })
  } catch (error) {
    // The preview read this file, so this is rare (the importer changed in between): say why in plain words.
    if (error instanceof ImportFileError) throw new DomainError(error.message)
    throw error
  }
  await discardUpload(upload.id)
  return outcome
}

const PREVIEW_ROWS = 50
const PREVIEW_ERRORS = 200

/** The preview as the page shows it: counts, and the first rows of each list. */
function previewForPage(uploadId: string, p: ImportPreview) {
  return {
    uploadId,
    fileName: p.fileName,
    format: p.format,
    source: p.source,
    rows: p.rows,
    toAddCount: p.toAdd.length,
    toAdd: p.toAdd.slice(0, PREVIEW_ROWS).map((d) => ({
      line: d.line,
      externalId: d.externalId,
      date: d.receivedAt.toISOString(),
      donor: d.donor.name ?? d.donor.key ?? '',
      amount: d.amount,
      fees: d.fees,
      net: d.net,
      currency: d.currency,
      refunded: d.refunded,
      recurring: d.recurring,
      grossKnown: d.grossKnown !== false,
    })),
    duplicatesCount: p.duplicates.length,
    duplicatesBy: countDuplicates(p.duplicates),
    duplicates: p.duplicates.slice(0, PREVIEW_ROWS).map((d) => ({ line: d.line, externalId: d.externalId, why: d.why })),
    skippedCount: p.skipped.length,
    skipped: p.skipped.slice(0, PREVIEW_ROWS),
    errors: p.errors.slice(0, PREVIEW_ERRORS),
    errorsCount: p.errors.length,
    refunds: p.refunds,
    sameFile: p.sameFile,
    totals: p.totals,
    notices: p.notices,
  }
}
export type ImportPreviewForPage = ReturnType<typeof previewForPage>

/**
 * Everything /fundraising/donations/import shows: earlier imports, saved mappings, the preview of
 * the upload `uploadId` (or why its file cannot be read: the upload is then forgotten), and the
 * import `importedId` just made. Null when the upload is not this person's or no longer exists.
 */
export async function getDonationImportPage(input: { actorId: string; uploadId: string | null; importedId: string | null }) {
  const [settings, batches, mappings] = await Promise.all([getOrganisationSettings(), listImportBatches(), listImportMappings()])
  let preview: ImportPreviewForPage | null = null
  let fileError: string | null = null
  if (input.uploadId) {
    const upload = await loadUpload(input.uploadId, input.actorId)
    if (!upload) return null
    try {
      preview = previewForPage(upload.id, await previewImport(upload))
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error
      fileError = error.message
      await discardUpload(upload.id)
    }
  }
  const imported = input.importedId ? (batches.find((b) => b.id === input.importedId) ?? null) : null
  return { batches, mappings, preview, fileError, imported, timeZone: settings.timeZone }
}
