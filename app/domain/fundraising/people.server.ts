// The people a grant or a sponsor relationship can be given to.
import { asc, eq } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { users } from '#db/schema/index.ts'

export async function listFundraisingPeople() {
  return db.select({ id: users.id, name: users.name }).from(users).where(eq(users.active, true)).orderBy(asc(users.name))
}
