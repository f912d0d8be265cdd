// Internship programmes of the community area (Google Summer of Code, Outreachy, other):
// programmes by year, their interns (project, status), mentors and milestone dates. The value
// lists and their labels: app/domain/community/vocabulary.ts.
import { date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { INTERN_STATUSES, PROGRAMME_KINDS } from '#app/domain/community/vocabulary.ts'
import { users } from './accounts.ts'

export const internshipProgrammes = pgTable(
  'internship_programmes',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: PROGRAMME_KINDS }).notNull(),
    /** e.g. "Google Summer of Code 2026" */
    name: text().notNull(),
    year: integer().notNull(),
    notes: text().notNull().default(''),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('internship_programmes_year_idx').on(t.year)],
)

export const interns = pgTable(
  'interns',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => internshipProgrammes.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    githubLogin: text(),
    project: text().notNull(),
    status: text({ enum: INTERN_STATUSES }).notNull().default('proposal'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('interns_programme_idx').on(t.programmeId)],
)

export const internMentors = pgTable(
  'intern_mentors',
  {
    id: uuid().primaryKey().defaultRandom(),
    internId: uuid()
      .notNull()
      .references(() => interns.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    githubLogin: text(),
  },
  (t) => [index('intern_mentors_intern_idx').on(t.internId)],
)

/** A date in a programme (e.g. "Coding starts", "Midterm evaluation"), optionally for one intern. */
export const internshipMilestones = pgTable(
  'internship_milestones',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => internshipProgrammes.id, { onDelete: 'cascade' }),
    internId: uuid().references(() => interns.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    /** a calendar day in the project's time zone */
    dueOn: date({ mode: 'string' }).notNull(),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('internship_milestones_due_idx').on(t.dueOn)],
)

export type InternshipProgramme = typeof internshipProgrammes.$inferSelect
export type Intern = typeof interns.$inferSelect
export type InternMentor = typeof internMentors.$inferSelect
export type InternshipMilestone = typeof internshipMilestones.$inferSelect
