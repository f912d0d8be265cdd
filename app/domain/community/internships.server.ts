// Internship programmes, interns, mentors and milestones (database side). Every change is
// audited in its transaction.
import { and, asc, desc, eq, gte, inArray, isNull, lt } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { internMentors, internshipMilestones, internshipProgrammes, interns } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { parseMentors } from './internships.ts'
import type { InternInput, MilestoneInput, ProgrammeInput } from './schemas.ts'
import { type InternStatus, PROGRAMME_KINDS } from './vocabulary.ts'

export async function listProgrammes(tx: DbOrTx = db) {
  const programmes = await tx.select().from(internshipProgrammes).orderBy(desc(internshipProgrammes.year), asc(internshipProgrammes.name))
  if (programmes.length === 0) return []
  const ids = programmes.map((p) => p.id)
  const internRows = await tx.select().from(interns).where(inArray(interns.programmeId, ids)).orderBy(asc(interns.name))
  const mentorRows = internRows.length
    ? await tx
        .select()
        .from(internMentors)
        .where(
          inArray(
            internMentors.internId,
            internRows.map((i) => i.id),
          ),
        )
        .orderBy(asc(internMentors.name))
    : []
  const milestoneRows = await tx
    .select()
    .from(internshipMilestones)
    .where(inArray(internshipMilestones.programmeId, ids))
    .orderBy(asc(internshipMilestones.dueOn), asc(internshipMilestones.title))
  return programmes.map((p) => ({
    ...p,
    interns: internRows
      .filter((i) => i.programmeId === p.id)
      .map((i) => ({ ...i, mentors: mentorRows.filter((m) => m.internId === i.id) })),
    milestones: milestoneRows.filter((m) => m.programmeId === p.id),
  }))
}

export async function createProgramme(input: ProgrammeInput & { actorId: string }) {
  if (!PROGRAMME_KINDS.includes(input.kind)) throw new DomainError('Choose a programme', 'kind')
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(internshipProgrammes)
      .values({ kind: input.kind, year: input.year, name: input.name, notes: input.notes ?? '', createdById: input.actorId })
      .returning()
    await recordAudit(tx, { actorId: input.actorId, entity: 'internship_programme', entityId: row!.id, action: 'create', after: row })
    return row!
  })
}

async function requireProgramme(tx: DbOrTx, programmeId: string) {
  const [p] = await tx.select().from(internshipProgrammes).where(eq(internshipProgrammes.id, programmeId))
  if (!p) throw new DomainError('This programme no longer exists.')
  return p
}

export async function addIntern(input: InternInput & { programmeId: string; actorId: string }) {
  return db.transaction(async (tx) => {
    await requireProgramme(tx, input.programmeId)
    const [row] = await tx
      .insert(interns)
      .values({
        programmeId: input.programmeId,
        name: input.name,
        githubLogin: input.githubLogin || null,
        project: input.project,
        status: input.status,
      })
      .returning()
    const mentors = parseMentors(input.mentors)
    if (mentors.length) await tx.insert(internMentors).values(mentors.map((m) => ({ ...m, internId: row!.id })))
    await recordAudit(tx, { actorId: input.actorId, entity: 'intern', entityId: row!.id, action: 'create', after: { ...row, mentors } })
    return row!
  })
}

export async function setInternStatus(input: { internId: string; status: InternStatus; actorId: string }) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(interns).where(eq(interns.id, input.internId))
    if (!before) throw new DomainError('This intern no longer exists.')
    const [after] = await tx
      .update(interns)
      .set({ status: input.status, updatedAt: new Date() })
      .where(eq(interns.id, input.internId))
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'intern',
      entityId: input.internId,
      action: 'status',
      before: { status: before.status },
      after: { status: after!.status },
    })
    return after!
  })
}

export async function addMilestone(input: MilestoneInput & { programmeId: string; actorId: string }) {
  return db.transaction(async (tx) => {
    await requireProgramme(tx, input.programmeId)
    if (input.internId) {
      const [intern] = await tx
        .select()
        .from(interns)
        .where(and(eq(interns.id, input.internId), eq(interns.programmeId, input.programmeId)))
      if (!intern) throw new DomainError('Choose an intern of this programme', 'internId')
    }
    const [row] = await tx
      .insert(internshipMilestones)
      .values({ programmeId: input.programmeId, internId: input.internId ?? null, title: input.title, dueOn: input.dueOn })
      .returning()
    await recordAudit(tx, { actorId: input.actorId, entity: 'internship_milestone', entityId: row!.id, action: 'create', after: row })
    return row!
  })
}

export async function completeMilestone(input: { milestoneId: string; actorId: string; done?: boolean }) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(internshipMilestones).where(eq(internshipMilestones.id, input.milestoneId))
    if (!before) throw new DomainError('This milestone no longer exists.')
    const [after] = await tx
      .update(internshipMilestones)
      .set({ completedAt: input.done === false ? null : new Date() })
      .where(eq(internshipMilestones.id, input.milestoneId))
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'internship_milestone',
      entityId: input.milestoneId,
      action: input.done === false ? 'reopen' : 'complete',
      before,
      after,
    })
    return after!
  })
}

export interface UpcomingMilestone {
  id: string
  title: string
  /** the day, in the project's time zone */
  dueOn: string
  programme: string
  programmeId: string
  intern: string | null
  href: string
}

/**
 * Internship milestones not yet done with a due day in [from, to) (days as `YYYY-MM-DD` in the
 * project's time zone), soonest first. For the This week card and the calendar feed
 * (app/domain/calendar/feed.server.ts): each is an all-day event on `dueOn`.
 */
export async function listInternshipMilestones(
  range: { from: string; to: string; includeCompleted?: boolean },
  tx: DbOrTx = db,
): Promise<UpcomingMilestone[]> {
  const rows = await tx
    .select({
      id: internshipMilestones.id,
      title: internshipMilestones.title,
      dueOn: internshipMilestones.dueOn,
      programme: internshipProgrammes.name,
      programmeId: internshipProgrammes.id,
      intern: interns.name,
    })
    .from(internshipMilestones)
    .innerJoin(internshipProgrammes, eq(internshipProgrammes.id, internshipMilestones.programmeId))
    .leftJoin(interns, eq(interns.id, internshipMilestones.internId))
    .where(
      and(
        gte(internshipMilestones.dueOn, range.from),
        lt(internshipMilestones.dueOn, range.to),
        range.includeCompleted ? undefined : isNull(internshipMilestones.completedAt),
      ),
    )
    .orderBy(asc(internshipMilestones.dueOn), asc(internshipMilestones.title))
  return rows.map((r) => ({ ...r, href: `/community/internships#programme-${r.programmeId}` }))
}

/** Internships active in a period (for the quarterly report): interns of programmes in the period's years. */
export async function listInternsForYears(years: number[], tx: DbOrTx = db) {
  if (years.length === 0) return []
  return tx
    .select({
      programme: internshipProgrammes.name,
      year: internshipProgrammes.year,
      intern: interns.name,
      project: interns.project,
      status: interns.status,
    })
    .from(interns)
    .innerJoin(internshipProgrammes, eq(internshipProgrammes.id, interns.programmeId))
    .where(inArray(internshipProgrammes.year, years))
    .orderBy(asc(internshipProgrammes.year), asc(internshipProgrammes.name), asc(interns.name))
}
