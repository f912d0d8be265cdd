// The identity map (issue 13): which GitHub logins, commit author names, forum usernames and
// e-mail addresses are one person. Only merged people are stored: an identity with no row here
// is a person of its own, as before. Written by app/domain/community/identity-map.server.ts;
// read by the contributor counts (chaoss-metrics.server.ts through identity-map.server.ts).
import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { IDENTITY_KINDS } from '#app/domain/community/vocabulary.ts'
import { users } from './accounts.ts'

export const people = pgTable('people', {
  id: uuid().primaryKey().defaultRandom(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/**
 * One identity of a person. Values are normalised on write: GitHub logins, forum usernames and
 * e-mail addresses lower-cased, commit author names trimmed (as commits.author_key keeps them).
 */
export const personIdentities = pgTable(
  'person_identities',
  {
    kind: text({ enum: IDENTITY_KINDS }).notNull(),
    value: text().notNull(),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.value] }), index('person_identities_person_idx').on(t.personId)],
)

/** An identity as stored in `before`: which person it belonged to, or null when it had none. */
export interface IdentityAssignment {
  kind: (typeof IDENTITY_KINDS)[number]
  value: string
  personId: string | null
}

/**
 * One merge: the person `fromPersonId` folded into `intoPersonId`. `before` holds the grouping of
 * every identity the merge touched as it was, so an undo restores exactly that.
 */
export const identityMerges = pgTable(
  'identity_merges',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** the two identities named when merging, as `kind:value` */
    a: text().notNull(),
    b: text().notNull(),
    intoPersonId: uuid().notNull(),
    /** null when `b` belonged to nobody yet */
    fromPersonId: uuid(),
    before: jsonb().$type<IdentityAssignment[]>().notNull(),
    mergedById: uuid().references(() => users.id),
    mergedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    undoneById: uuid().references(() => users.id),
    undoneAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('identity_merges_merged_idx').on(t.mergedAt)],
)

export type Person = typeof people.$inferSelect
export type PersonIdentity = typeof personIdentities.$inferSelect
export type IdentityMerge = typeof identityMerges.$inferSelect
