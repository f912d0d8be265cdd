// The community manager's triage state for GitHub items that wait for a first response:
// "handled elsewhere" (with a note, e.g. answered on the forum) or snoozed until a time.
// One row per item; the GitHub data itself stays in github_items (owned by the sync).
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from './accounts.ts'
import { githubItems } from './community.ts'

export const triageStates = pgTable(
  'triage_states',
  {
    itemId: uuid()
      .primaryKey()
      .references(() => githubItems.id, { onDelete: 'cascade' }),
    /** set when someone marked the item handled elsewhere; it then leaves the queue */
    handledAt: timestamp({ withTimezone: true }),
    handledNote: text(),
    /** the item leaves the queue until this instant */
    snoozedUntil: timestamp({ withTimezone: true }),
    updatedById: uuid().references(() => users.id),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('triage_states_snoozed_idx').on(t.snoozedUntil)],
)

export type TriageState = typeof triageStates.$inferSelect
