import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, emailOutbox } from '#db/schema/index.ts'
import type { Role } from '#app/domain/accounts/vocabulary.ts'
import { sweepOutbox } from '#app/domain/email/outbox.server.ts'
import { loadDemo } from '#db/seed/index.server.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { type SmtpSink, startSmtpSink } from '#tests/setup/smtp-sink.ts'
import { buildDigest, findDigestPerson, sendWeeklyDigests } from './digest.server.ts'
import { saveNotificationPreferences } from './inbox.server.ts'

setupTestDatabase()
let sink: SmtpSink
const saved = { SMTP_URL: process.env.SMTP_URL, STEWARD_PUBLIC_URL: process.env.STEWARD_PUBLIC_URL }

async function configure(env: Record<string, string | undefined>) {
  Object.assign(process.env, env)
  const { resetEnv } = await import('#app/utils/env.server.ts')
  resetEnv()
}

beforeAll(async () => {
  sink = await startSmtpSink()
  await configure({ SMTP_URL: sink.url, STEWARD_PUBLIC_URL: 'https://steward.example.org' })
})
afterAll(async () => {
  await sink.close()
  await configure(saved)
})

// Monday 30 November 2026, 08:10 in London (the demo's time zone; GMT in winter, so 08:10 UTC).
const monday = new Date('2026-11-30T08:10:00Z')
const ROLES: Role[] = ['admin', 'communications', 'community', 'fundraising', 'council']
const email = (role: Role) => `${role}@demo.steward.invalid`

describe('the weekly digest of the demo organisation', { timeout: 300_000 }, () => {
  test('each role gets what is late, what is due, the time against the budget and what moved; the hourly job sends each once through the mail server', async () => {
    await loadDemo({ now: monday })
    // The council member changed one thing in the week before (Wednesday 25 November): their own
    // changes are the one figure of theirs that can move, so the digest has something to say. The
    // demo's own writes are audited at the moment the test runs, which lies in no fixed week of
    // `monday`'s: on 29 November they counted as "last week" and gave the council a digest by chance.
    const council = (await findDigestPerson(email('council')))!
    await db.insert(auditEvents).values({ actorId: council.id, entity: 'settings', action: 'update', at: new Date('2026-11-25T12:00:00Z') })
    const text: Partial<Record<Role, string>> = {}
    for (const role of ROLES) {
      const digest = await buildDigest((await findDigestPerson(email(role)))!, monday)
      expect(digest, role).toMatchObject({ empty: false, weekId: '2026-W49', timeZone: 'Europe/London' })
      text[role] = digest.text
      expect(digest.text, role).toContain('Your week in PyBaMM (demo), 30 Nov – 6 Dec.')
      expect(digest.text, role).toContain('Change or stop it: https://steward.example.org/settings/account#notifications')
    }
    // Admin: one setup step (GitHub is not connected) that is not urgent, so no minutes.
    expect(text.admin).toContain('Due (1)\n- GitHub is not connected')
    expect(text.admin).toContain('Time: nothing estimated against your 4 h this week.')
    // Communications: 2 report sections × 30 min + 1 post to review × 10 min = 70 min; the open
    // slots are next week (none this week, so no 45-minute slot times).
    expect(text.communications).toContain('- Review: Thank you to our sponsors (part 2) — Ready for review')
    expect(text.communications).toContain('Time: about 1 h 10 min of your 4 h this week.')
    // Community: late are the threads past 48 h of each source, oldest first, up to 10 a source: the
    // six GitHub ones (five issues and discussions, and a pull request nobody has reviewed; not
    // repeated under Due), the forum's 10 oldest of its 32, and the mailbox's 5: 21, the six oldest
    // shown (forum topics). Minutes: with the 2 more GitHub threads, 39 over target, and the pull
    // request, 40 × 10 min is capped at 120 min; + the welcome-call milestone 30 min + 2 report
    // sections × 30 min = 210 min.
    expect(text.community).toContain(
      'Late (21)\n- Forum topic “thermal model: comparing drive cycle (9)” on PyBaMM Discourse (demo) has waited',
    )
    expect(text.community).toContain('- and 15 more in Steward')
    expect(text.community).not.toContain('Discussion #6611')
    expect(text.community).toContain('Time: about 3 h 30 min of your 4 h this week.')
    // What moved, every source (counted in the demo's data by SQL, week by week in London = UTC now):
    // opened GitHub 12 + forum 13 + e-mail 6 = 31, the week before 9 + 6 + 5 = 20; first responses
    // 4 + 4 + 4 = 12, the week before 8 + 3 + 6 = 17.
    expect(text.community).toContain('- Threads opened on GitHub, the forums and by e-mail: 31 (20 the week before)')
    expect(text.community).toContain('- Threads that got their first response: 12 (17 the week before)')
    // Fundraising: deadlines in 5 (60 min), 14 and 26 days (20 min each), two renewals within 60 days
    // (Lithium Labs in 25, Ionics Battery Co. in 40) 15 min each, 2 report sections × 30 min:
    // 60 + 40 + 30 + 60 = 190 min = 3 h 10 min.
    expect(text.fundraising).toContain(
      '- Letter of intent for Chan Zuckerberg Initiative: Essential Open Source Software, cycle 7 — due 2026-12-05, in 5 days',
    )
    expect(text.fundraising).toContain('Time: about 3 h 10 min of your 4 h this week.')
    expect(text.fundraising).toMatch(/- Donations received, net: \$[\d,.]+ \(\$[\d,.]+ the week before\)/)
    // Council: nothing to do this week; the latest report's numbers with their change.
    expect(text.council).toContain('Quarterly reports\n- 2026-Q3 report: a draft')
    expect(text.council).toMatch(/- Changes you made in Steward: 1 \(0 the week before\)/)
    expect(text.council).toContain('Time: nothing estimated against your 4 h this week.')
    console.log(`The fundraising lead's digest, as sent:\n${text.fundraising}`)

    sink.messages.length = 0
    expect(await sendWeeklyDigests({ now: monday })).toMatchObject({ due: 5, queued: 5, skippedEmpty: 0 })
    // The job runs hourly: at 08:59 nothing new, at 09:10 nobody is due.
    expect(await sendWeeklyDigests({ now: new Date(monday.getTime() + 49 * 60_000) })).toMatchObject({ due: 5, queued: 0, alreadySent: 5 })
    expect(await sendWeeklyDigests({ now: new Date(monday.getTime() + 60 * 60_000) })).toMatchObject({ due: 0, queued: 0 })
    await sweepOutbox({ now: new Date(monday.getTime() + 60_000), limit: 500 })
    const digests = sink.messages.filter((m) => m.subject.includes('Your week'))
    expect(digests.map((m) => m.to[0]).sort()).toEqual(ROLES.map(email).sort())
    for (const m of digests) {
      expect(m.headers['list-unsubscribe']).toBe('<https://steward.example.org/settings/account#notifications>')
      expect(m.html).toContain('href="https://steward.example.org/"')
      expect(m.text).toContain('Your week in PyBaMM (demo)')
    }
    // Due: the report section, the GitHub threads over the target beyond This week's three, the welcome call
    expect(digests.find((m) => m.to[0] === email('community'))!.subject).toBe('[PyBaMM (demo)] Your week, Morgan: 21 late, 3 due')
    const rows = await db.select({ key: emailOutbox.dedupeKey }).from(emailOutbox)
    expect(rows.filter((r) => r.key?.startsWith('digest:')).length).toBe(5)
  })
})

test('a person with nothing to say gets no digest, and one who turned it off gets none either', async () => {
  const quiet = await insertUser({ roles: ['communications'] })
  const off = await insertUser({ roles: ['fundraising'] })
  await saveNotificationPreferences({ userId: off.id, deliveries: { 'weekly-digest': 'off' } })
  // No channels, no posts, no changes: nothing due, late or moved.
  expect((await buildDigest({ ...quiet, timeZone: null }, monday)).empty).toBe(true)
  // UTC is the organisation's default: Monday 08:10 UTC is due for both.
  expect(await sendWeeklyDigests({ now: monday })).toMatchObject({ due: 2, queued: 0, skippedEmpty: 1, optedOut: 1 })
})
