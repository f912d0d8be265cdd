import { count } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { quarterlyReports } from '#db/schema/index.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { shiftQuarter } from '#app/utils/time.ts'
import { generateReport, publishReport, saveNarrative, setSectionReady } from '#app/domain/reports/reports.server.ts'
import { lastEndedQuarter } from '#app/domain/reports/schemas.ts'
import { AREA_SECTIONS } from '#app/domain/reports/vocabulary.ts'
import type { DemoSeeder } from './seeder.ts'

/** A published report for the quarter before last, and a draft for the quarter that just ended. */
export const reportsDemoSeeder: DemoSeeder = {
  name: 'reports',
  async seed({ now, users }) {
    const [{ total }] = await db.select({ total: count() }).from(quarterlyReports)
    if (total > 0) return
    const { timeZone } = await getOrganisationSettings()
    const draftQuarter = lastEndedQuarter(now, timeZone)
    const person = (role: keyof typeof users) => ({ id: users[role].id, roles: [role] as const })

    const { report: earlier } = await generateReport({ quarter: shiftQuarter(draftQuarter, -1), actor: null, now })
    const words = {
      communications: 'We posted every other Tuesday on X and LinkedIn and announced the conference dates.',
      community: 'First responses got faster after we set up a triage rota.',
      fundraising: 'Recurring donations held steady; one grant application is under review.',
      highlights: '- The triage rota works.\n- **Ask:** can the council name a second reviewer for grant reports?',
    } as const
    for (const section of AREA_SECTIONS) {
      await saveNarrative({ reportId: earlier.id, section, markdown: words[section], actor: person(section), now })
      await setSectionReady({ reportId: earlier.id, section, ready: true, actor: person(section), now })
    }
    await saveNarrative({ reportId: earlier.id, section: 'highlights', markdown: words.highlights, actor: person('community'), now })
    await setSectionReady({ reportId: earlier.id, section: 'highlights', ready: true, actor: person('community'), now })
    await publishReport({ reportId: earlier.id, actor: person('council'), now })

    await generateReport({ quarter: draftQuarter, actor: null, now })
  },
}
