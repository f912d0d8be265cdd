// The quarterly report's life: generate or refresh a draft, leads write and mark their sections
// ready, the council publishes (freezing the document), a correction starts the next version.
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import type { Role } from '#app/domain/accounts/vocabulary.ts'
import { type QuarterlyReport, quarterlyReports, quarterlyReportSections, users } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { isQuarterId, type QuarterId } from '#app/utils/time.ts'
import { assembleReportData, type SectionProviders } from './assemble.ts'
import { buildDocument, type NarrativeEntry, type ReportData, type ReportDocument } from './document.ts'
import { canCorrectReports, canEditSection, canGenerateReports, canPublishReports } from './permissions.ts'
import { DEFAULT_PROVIDERS } from './providers.server.ts'
import { quarterDueForDraft } from './schedule.ts'
import { AREA_SECTIONS, type AreaSection, REPORT_SECTIONS, type ReportSection, type ReportStatus } from './vocabulary.ts'

/** Who acts: a signed-in person, or null for the scheduled job. */
export type ReportActor = { id: string; roles: readonly Role[] } | null

export class ReportForbiddenError extends DomainError {
  override name = 'ReportForbiddenError'
}

function requireQuarter(quarter: string): QuarterId {
  if (!isQuarterId(quarter)) throw new DomainError(`Not a quarter: ${quarter} (expected e.g. 2025-Q3)`, 'quarter')
  return quarter
}

function requireAllowed(allowed: boolean, message: string) {
  if (!allowed) throw new ReportForbiddenError(message)
}

async function assemble(quarter: QuarterId, providers: SectionProviders, now: Date) {
  const settings = await getOrganisationSettings()
  return assembleReportData({ quarter, projectName: settings.projectName, timeZone: settings.timeZone, providers, now })
}

/** JSON with object keys sorted: jsonb does not keep the order they were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

/** Does a section's content differ between two assemblies (generation time aside)? */
function sectionChanged(before: ReportData, after: ReportData, section: AreaSection) {
  const pick = (d: ReportData) =>
    canonical({
      numbers: d[section],
      headlines: d.headlines.filter((h) => h.section === section),
    })
  return pick(before) !== pick(after)
}

export type GenerateOutcome = 'created' | 'refreshed' | 'published'

/**
 * Generates the quarter's draft, or refreshes the open one (draft or in review). A refresh clears
 * the ready mark of every section whose numbers changed: its lead should check their words still
 * fit. A published quarter without an open correction is left untouched.
 */
export async function generateReport(input: {
  quarter: string
  actor: ReportActor
  providers?: SectionProviders
  now?: Date
}): Promise<{ report: QuarterlyReport; outcome: GenerateOutcome }> {
  const quarter = requireQuarter(input.quarter)
  if (input.actor) requireAllowed(canGenerateReports(input.actor.roles), 'Only the leads and admins generate reports')
  const now = input.now ?? new Date()
  // Assembled before the transaction: the providers read through the shared handle.
  const data = await assemble(quarter, input.providers ?? DEFAULT_PROVIDERS, now)
  const actorId = input.actor?.id ?? null
  try {
    return await writeGenerated(quarter, data, actorId, now)
  } catch (error) {
    // Two people generated the same new quarter at once: the other one's draft exists now; refresh it.
    if (isUniqueViolation(error)) return writeGenerated(quarter, data, actorId, now)
    throw error
  }
}

function isUniqueViolation(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  if ('code' in error && error.code === '23505') return true
  return 'cause' in error && isUniqueViolation(error.cause)
}

async function writeGenerated(quarter: QuarterId, data: ReportData, actorId: string | null, now: Date) {
  return db.transaction(async (tx) => {
    const [latest] = await tx
      .select()
      .from(quarterlyReports)
      .where(eq(quarterlyReports.quarter, quarter))
      .orderBy(desc(quarterlyReports.version))
      .limit(1)
    if (latest && latest.status === 'published') return { report: latest, outcome: 'published' as const }
    if (latest) {
      const before = latest.data as ReportData
      const changed = AREA_SECTIONS.filter((s) => sectionChanged(before, data, s))
      if (changed.length) {
        await tx
          .update(quarterlyReportSections)
          .set({ readyAt: null, readyById: null })
          .where(and(eq(quarterlyReportSections.reportId, latest.id), inArray(quarterlyReportSections.section, changed)))
      }
      const [report] = await tx
        .update(quarterlyReports)
        .set({ data, generatedAt: now, generatedById: actorId, updatedAt: now })
        .where(eq(quarterlyReports.id, latest.id))
        .returning()
      await recordAudit(tx, {
        actorId,
        entity: 'quarterly_report',
        entityId: report.id,
        action: 'refresh',
        before: { quarter, version: report.version, generatedAt: before.generatedAt },
        after: { quarter, version: report.version, generatedAt: data.generatedAt, sectionsChanged: changed },
      })
      return { report, outcome: 'refreshed' as const }
    }
    const [report] = await tx
      .insert(quarterlyReports)
      .values({ quarter, version: 1, status: 'draft', data, generatedAt: now, generatedById: actorId, createdAt: now, updatedAt: now })
      .returning()
    await tx.insert(quarterlyReportSections).values(REPORT_SECTIONS.map((section) => ({ reportId: report.id, section })))
    await recordAudit(tx, {
      actorId,
      entity: 'quarterly_report',
      entityId: report.id,
      action: 'generate',
      after: { quarter, version: 1, status: 'draft' },
    })
    return { report, outcome: 'created' as const }
  })
}

/** Starts the next version of a published quarter: fresh numbers, the narratives carried over (not ready). */
export async function correctReport(input: {
  quarter: string
  reason: string
  actor: NonNullable<ReportActor>
  providers?: SectionProviders
  now?: Date
}) {
  const quarter = requireQuarter(input.quarter)
  requireAllowed(canCorrectReports(input.actor.roles), 'Only the leads, council members and admins start a correction')
  const reason = input.reason.trim()
  if (!reason) throw new DomainError('Say what the correction is for', 'reason')
  const now = input.now ?? new Date()
  const data = await assemble(quarter, input.providers ?? DEFAULT_PROVIDERS, now)
  return db.transaction(async (tx) => {
    const [latest] = await tx
      .select()
      .from(quarterlyReports)
      .where(eq(quarterlyReports.quarter, quarter))
      .orderBy(desc(quarterlyReports.version))
      .limit(1)
    if (!latest) throw new DomainError(`There is no report for ${quarter} yet: generate one`)
    if (latest.status !== 'published')
      throw new DomainError(`Version ${latest.version} of ${quarter} is not published yet: edit it instead`)
    const version = latest.version + 1
    const [report] = await tx
      .insert(quarterlyReports)
      .values({
        quarter,
        version,
        status: 'draft',
        data,
        generatedAt: now,
        generatedById: input.actor.id,
        correctionOfId: latest.id,
        correctionReason: reason,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
    const previous = await tx.select().from(quarterlyReportSections).where(eq(quarterlyReportSections.reportId, latest.id))
    await tx.insert(quarterlyReportSections).values(
      REPORT_SECTIONS.map((section) => {
        const old = previous.find((p) => p.section === section)
        return {
          reportId: report.id,
          section,
          narrative: old?.narrative ?? '',
          narrativeUpdatedAt: old?.narrativeUpdatedAt ?? null,
          narrativeUpdatedById: old?.narrativeUpdatedById ?? null,
        }
      }),
    )
    await recordAudit(tx, {
      actorId: input.actor.id,
      entity: 'quarterly_report',
      entityId: report.id,
      action: 'correct',
      before: { quarter, version: latest.version },
      after: { quarter, version, reason },
    })
    return report
  })
}

async function requireOpenReport(tx: DbOrTx, reportId: string) {
  const [report] = await tx.select().from(quarterlyReports).where(eq(quarterlyReports.id, reportId)).for('update')
  if (!report) throw new DomainError('No such report')
  if (report.status === 'published')
    throw new DomainError(`Version ${report.version} of ${report.quarter} is published and cannot change; start a correction instead`)
  return report
}

export async function saveNarrative(input: {
  reportId: string
  section: ReportSection
  markdown: string
  actor: NonNullable<ReportActor>
  now?: Date
}) {
  requireAllowed(
    canEditSection(input.actor.roles, input.section),
    `Only the ${input.section === 'highlights' ? 'leads' : `${input.section} lead`} or an admin edit this section`,
  )
  const now = input.now ?? new Date()
  return db.transaction(async (tx) => {
    const report = await requireOpenReport(tx, input.reportId)
    const where = and(eq(quarterlyReportSections.reportId, report.id), eq(quarterlyReportSections.section, input.section))
    const [before] = await tx.select().from(quarterlyReportSections).where(where)
    await tx
      .update(quarterlyReportSections)
      .set({ narrative: input.markdown, narrativeUpdatedAt: now, narrativeUpdatedById: input.actor.id })
      .where(where)
    await tx.update(quarterlyReports).set({ updatedAt: now }).where(eq(quarterlyReports.id, report.id))
    await recordAudit(tx, {
      actorId: input.actor.id,
      entity: 'quarterly_report',
      entityId: report.id,
      action: 'edit_narrative',
      before: { section: input.section, narrative: before?.narrative ?? '' },
      after: { section: input.section, narrative: input.markdown },
    })
  })
}

/** Marks (or unmarks) a section ready; the first mark moves a draft into review. */
export async function setSectionReady(input: {
  reportId: string
  section: ReportSection
  ready: boolean
  actor: NonNullable<ReportActor>
  now?: Date
}) {
  requireAllowed(canEditSection(input.actor.roles, input.section), 'Only the section’s lead or an admin mark it ready')
  const now = input.now ?? new Date()
  return db.transaction(async (tx) => {
    const report = await requireOpenReport(tx, input.reportId)
    await tx
      .update(quarterlyReportSections)
      .set(input.ready ? { readyAt: now, readyById: input.actor.id } : { readyAt: null, readyById: null })
      .where(and(eq(quarterlyReportSections.reportId, report.id), eq(quarterlyReportSections.section, input.section)))
    const status = input.ready && report.status === 'draft' ? 'in_review' : report.status
    await tx.update(quarterlyReports).set({ status, updatedAt: now }).where(eq(quarterlyReports.id, report.id))
    await recordAudit(tx, {
      actorId: input.actor.id,
      entity: 'quarterly_report',
      entityId: report.id,
      action: input.ready ? 'mark_ready' : 'unmark_ready',
      before: { section: input.section, status: report.status },
      after: { section: input.section, status },
    })
    return { status }
  })
}

/** Freezes the numbers and the narratives: the published document never changes afterwards. */
export async function publishReport(input: { reportId: string; actor: NonNullable<ReportActor>; now?: Date }) {
  requireAllowed(canPublishReports(input.actor.roles), 'Only council members and admins publish reports')
  const now = input.now ?? new Date()
  return db.transaction(async (tx) => {
    const report = await requireOpenReport(tx, input.reportId)
    if (report.status !== 'in_review')
      throw new DomainError('The leads have not started the review yet: each marks their section ready first')
    const sections = await tx.select().from(quarterlyReportSections).where(eq(quarterlyReportSections.reportId, report.id))
    const notReady = REPORT_SECTIONS.filter((s) => !sections.find((row) => row.section === s)?.readyAt)
    if (notReady.length) throw new DomainError(`Not every section is ready yet: ${notReady.join(', ')}`)
    const [publisher] = await tx.select({ name: users.name }).from(users).where(eq(users.id, input.actor.id))
    const correctionOf = report.correctionOfId ? await versionOf(tx, report.correctionOfId) : null
    const document = buildDocument(
      report.data as ReportData,
      {
        status: 'published',
        version: report.version,
        publishedAt: now.toISOString(),
        publishedBy: publisher?.name ?? null,
        correctionOf,
        correctionReason: report.correctionReason,
        supersededBy: null,
      },
      await narrativesOf(tx, sections),
    )
    const [published] = await tx
      .update(quarterlyReports)
      .set({ status: 'published', publishedDocument: document, publishedAt: now, publishedById: input.actor.id, updatedAt: now })
      .where(eq(quarterlyReports.id, report.id))
      .returning()
    if (report.correctionOfId) {
      await tx
        .update(quarterlyReports)
        .set({ supersededById: report.id, updatedAt: now })
        .where(eq(quarterlyReports.id, report.correctionOfId))
    }
    await recordAudit(tx, {
      actorId: input.actor.id,
      entity: 'quarterly_report',
      entityId: report.id,
      action: 'publish',
      before: { quarter: report.quarter, version: report.version, status: report.status },
      after: { quarter: report.quarter, version: report.version, status: 'published' },
    })
    return published
  })
}

async function versionOf(tx: DbOrTx, id: string) {
  const [row] = await tx.select({ version: quarterlyReports.version }).from(quarterlyReports).where(eq(quarterlyReports.id, id))
  return row?.version ?? null
}

async function namesOf(tx: DbOrTx, ids: (string | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))]
  if (!wanted.length) return new Map<string, string>()
  const rows = await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted))
  return new Map(rows.map((r) => [r.id, r.name]))
}

async function narrativesOf(
  tx: DbOrTx,
  sections: (typeof quarterlyReportSections.$inferSelect)[],
): Promise<Record<ReportSection, NarrativeEntry>> {
  const names = await namesOf(
    tx,
    sections.flatMap((s) => [s.narrativeUpdatedById, s.readyById]),
  )
  const entry = (key: ReportSection): NarrativeEntry => {
    const row = sections.find((s) => s.section === key)
    return {
      markdown: row?.narrative ?? '',
      updatedBy: row?.narrativeUpdatedById ? (names.get(row.narrativeUpdatedById) ?? null) : null,
      updatedAt: row?.narrativeUpdatedAt?.toISOString() ?? null,
      ready: Boolean(row?.readyAt),
      readyBy: row?.readyById ? (names.get(row.readyById) ?? null) : null,
      readyAt: row?.readyAt?.toISOString() ?? null,
    }
  }
  return Object.fromEntries(REPORT_SECTIONS.map((section) => [section, entry(section)])) as Record<ReportSection, NarrativeEntry>
}

/** A version's document: the frozen one once published (plus who superseded it), else built from the live rows. */
async function documentOf(tx: DbOrTx, report: QuarterlyReport): Promise<ReportDocument> {
  if (report.status === 'published' && report.publishedDocument) {
    const frozen = report.publishedDocument as ReportDocument
    return { ...frozen, supersededBy: report.supersededById ? await versionOf(tx, report.supersededById) : null }
  }
  const sections = await tx.select().from(quarterlyReportSections).where(eq(quarterlyReportSections.reportId, report.id))
  return buildDocument(
    report.data as ReportData,
    {
      status: report.status,
      version: report.version,
      publishedAt: null,
      publishedBy: null,
      correctionOf: report.correctionOfId ? await versionOf(tx, report.correctionOfId) : null,
      correctionReason: report.correctionReason,
      supersededBy: null,
    },
    await narrativesOf(tx, sections),
  )
}

export interface ReportVersionSummary {
  id: string
  version: number
  status: ReportStatus
  generatedAt: Date
  publishedAt: Date | null
}

/** A quarter's latest version, whatever its status; `version` picks another one. */
export async function findReport(quarter: string, version?: number) {
  if (!isQuarterId(quarter)) return undefined
  const where = version
    ? and(eq(quarterlyReports.quarter, quarter), eq(quarterlyReports.version, version))
    : eq(quarterlyReports.quarter, quarter)
  const [report] = await db.select().from(quarterlyReports).where(where).orderBy(desc(quarterlyReports.version)).limit(1)
  return report
}

export async function getReportDocument(quarter: string, version?: number): Promise<ReportDocument | undefined> {
  const report = await findReport(quarter, version)
  return report ? documentOf(db, report) : undefined
}

/** A version of a quarter's report (the latest unless `version`), its document, and every version of the quarter. */
export async function findReportWithVersions(quarter: string, version?: number) {
  const report = await findReport(quarter, version)
  if (!report) return undefined
  const document = await documentOf(db, report)
  const versions: ReportVersionSummary[] = await db
    .select({
      id: quarterlyReports.id,
      version: quarterlyReports.version,
      status: quarterlyReports.status,
      generatedAt: quarterlyReports.generatedAt,
      publishedAt: quarterlyReports.publishedAt,
    })
    .from(quarterlyReports)
    .where(eq(quarterlyReports.quarter, report.quarter))
    .orderBy(asc(quarterlyReports.version))
  return { report, document, versions }
}

/** The archive: every quarter with its versions, newest first. */
export async function listReportArchive() {
  const rows = await db
    .select({
      id: quarterlyReports.id,
      quarter: quarterlyReports.quarter,
      version: quarterlyReports.version,
      status: quarterlyReports.status,
      generatedAt: quarterlyReports.generatedAt,
      publishedAt: quarterlyReports.publishedAt,
      publishedBy: users.name,
    })
    .from(quarterlyReports)
    .leftJoin(users, eq(users.id, quarterlyReports.publishedById))
    .orderBy(desc(quarterlyReports.quarter), desc(quarterlyReports.version))
  const byQuarter = new Map<string, typeof rows>()
  for (const row of rows) byQuarter.set(row.quarter, [...(byQuarter.get(row.quarter) ?? []), row])
  return [...byQuarter.entries()].map(([quarter, versions]) => ({ quarter, latest: versions[0], versions }))
}

/** Open reports (draft or in review) with their sections' ready marks: for the This week cards. */
export async function listOpenReports() {
  const reports = await db
    .select()
    .from(quarterlyReports)
    .where(ne(quarterlyReports.status, 'published'))
    .orderBy(desc(quarterlyReports.quarter))
  if (!reports.length) return []
  const sections = await db
    .select()
    .from(quarterlyReportSections)
    .where(
      inArray(
        quarterlyReportSections.reportId,
        reports.map((r) => r.id),
      ),
    )
  return reports.map((report) => ({
    id: report.id,
    quarter: report.quarter,
    version: report.version,
    status: report.status,
    ready: Object.fromEntries(
      REPORT_SECTIONS.map((s) => [s, Boolean(sections.find((row) => row.reportId === report.id && row.section === s)?.readyAt)]),
    ) as Record<ReportSection, boolean>,
  }))
}

/**
 * The scheduled draft: creates the report of the quarter just ended, once, during the first
 * days of the next quarter (project time zone). An existing report (any status) is left alone.
 */
export async function createDueDraft(input: { now?: Date; providers?: SectionProviders } = {}) {
  const now = input.now ?? new Date()
  const { timeZone } = await getOrganisationSettings()
  const quarter = quarterDueForDraft(now, timeZone)
  if (!quarter) return { quarter: null, created: false }
  const [existing] = await db
    .select({ id: quarterlyReports.id })
    .from(quarterlyReports)
    .where(eq(quarterlyReports.quarter, quarter))
    .limit(1)
  if (existing) return { quarter, created: false }
  await generateReport({ quarter, actor: null, providers: input.providers, now })
  return { quarter, created: true }
}
