// The demo organisation: one person per role, the project's name and time zone, then every
// area's seeder in turn. `npm run steward -- demo load` runs it; the browser tests' demo server too.
import type { Role } from '#app/domain/accounts/vocabulary.ts'
import { createUser, findUserByEmail, listUsers } from '#app/domain/accounts/users.server.ts'
import { deriveNotifications } from '#app/domain/notifications/derive.server.ts'
import { DEFAULT_ORGANISATION_SETTINGS } from '#app/domain/settings/organisation.ts'
import { getOrganisationSettings, updateOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { communicationsDemoSeeder } from './communications.server.ts'
import { communityDemoSeeder } from './community.server.ts'
import { forumDemoSeeder } from './forum.server.ts'
import { fundraisingDemoSeeder } from './fundraising.server.ts'
import { mailboxDemoSeeder } from './mailbox.server.ts'
import { reachDemoSeeder } from './reach.server.ts'
import { reportsDemoSeeder } from './reports.server.ts'
import type { DemoContext, DemoSeeder, DemoUser } from './seeder.ts'

const DEMO_PEOPLE: { role: Role; name: string; email: string }[] = [
  { role: 'admin', name: 'Alex Admin', email: 'admin@demo.steward.invalid' },
  { role: 'communications', name: 'Casey Comms', email: 'communications@demo.steward.invalid' },
  { role: 'community', name: 'Morgan Community', email: 'community@demo.steward.invalid' },
  { role: 'fundraising', name: 'Fran Fundraising', email: 'fundraising@demo.steward.invalid' },
  { role: 'council', name: 'Robin Council', email: 'council@demo.steward.invalid' },
]

const DEMO_DOMAIN = '@demo.steward.invalid'

/**
 * Why `demo load` must not run here, or null: the demo people have published passwords, so not
 * under NODE_ENV=production, and not beside real people's accounts (`force` overrides both).
 */
export async function demoLoadRefusal(options: { nodeEnv: string; force?: boolean }): Promise<string | null> {
  if (options.force) return null
  if (options.nodeEnv === 'production')
    return 'refusing to load the demo (its people have published passwords) with NODE_ENV=production; add --force to load it anyway'
  const others = (await listUsers()).filter((user) => !user.email.endsWith(DEMO_DOMAIN))
  if (others.length > 0)
    return `refusing to load the demo into a database with ${others.length} real account(s) (the demo people have published passwords); add --force to load it anyway`
  return null
}

export const demoPassword = (role: Role) => `demo-${role}-password`

async function seedDemoUsers(): Promise<Record<Role, DemoUser>> {
  const out = {} as Record<Role, DemoUser>
  for (const person of DEMO_PEOPLE) {
    const existing = await findUserByEmail(person.email)
    const password = demoPassword(person.role)
    if (existing) {
      out[person.role] = { id: existing.id, email: person.email, name: existing.name, password, roles: [person.role], created: false }
    } else {
      const user = await createUser({ email: person.email, name: person.name, roles: [person.role], password, actorId: null })
      out[person.role] = { id: user.id, email: person.email, name: person.name, password, roles: [person.role], created: true }
    }
  }
  return out
}

/** Every area's demo seeder, run in this order after the demo people exist (reports last: it reads the others). */
export const DEMO_SEEDERS: DemoSeeder[] = [
  communicationsDemoSeeder,
  reachDemoSeeder,
  communityDemoSeeder,
  forumDemoSeeder,
  mailboxDemoSeeder,
  fundraisingDemoSeeder,
  reportsDemoSeeder,
]

export async function loadDemo(options: { now?: Date; log?: (line: string) => void } = {}) {
  const log = options.log ?? (() => {})
  const users = await seedDemoUsers()
  const settings = await getOrganisationSettings()
  if (settings.projectName === DEFAULT_ORGANISATION_SETTINGS.projectName) {
    await updateOrganisationSettings({
      values: { ...settings, projectName: 'PyBaMM (demo)', timeZone: 'Europe/London' },
      actorId: users.admin.id,
    })
  }
  const context: DemoContext = { now: options.now ?? new Date(), users, log }
  for (const seeder of DEMO_SEEDERS) {
    log(`demo: ${seeder.name}`)
    await seeder.seed(context)
  }
  // What the notification job would find now, so the demo people see their bell at once.
  log('demo: notifications')
  await deriveNotifications({ now: context.now })
  return users
}
