import { db } from '#db/client.server.ts'
import { auditEvents } from '#db/schema/index.ts'
import { listAuditEvents } from '#app/domain/audit/audit.server.ts'
import { getThisWeekPage } from '#app/domain/this-week/cards.server.ts'
import { ROLES } from '#app/domain/accounts/vocabulary.ts'
import { measure, pageTargetMs } from '../measure.ts'
import type { BenchSuite } from '../suite.ts'

const AUDIT_EVENTS = 200_000

export const foundationSuite: BenchSuite = {
  name: 'foundation',
  async seed({ users, log }) {
    log(`foundation: ${AUDIT_EVENTS.toLocaleString('en')} audit events`)
    const actors = Object.values(users).map((u) => u.id)
    const start = Date.parse('2024-01-01T00:00:00Z')
    for (let offset = 0; offset < AUDIT_EVENTS; offset += 5_000) {
      const batch = Array.from({ length: Math.min(5_000, AUDIT_EVENTS - offset) }, (_, i) => ({
        actorId: actors[(offset + i) % actors.length],
        at: new Date(start + (offset + i) * 60_000),
        entity: ['post', 'donation', 'grant', 'user', 'settings'][(offset + i) % 5],
        entityId: String(offset + i),
        action: ['create', 'update'][(offset + i) % 2],
        after: { n: offset + i },
      }))
      await db.insert(auditEvents).values(batch)
    }
  },
  async run({ users }) {
    const results = []
    for (const role of ROLES) {
      results.push(
        await measure(`This week page data (${role})`, () => getThisWeekPage(users[role]), { runs: 30, targetMs: pageTargetMs(300) }),
      )
    }
    results.push(
      await measure(`audit log, first page of ${AUDIT_EVENTS / 1000}k events`, () => listAuditEvents({}), {
        runs: 30,
        targetMs: pageTargetMs(200),
      }),
    )
    results.push(
      await measure('audit log, filtered by entity, page 50', () => listAuditEvents({ entity: 'donation', page: 50 }), {
        runs: 30,
        targetMs: pageTargetMs(300),
      }),
    )
    return results
  },
}
