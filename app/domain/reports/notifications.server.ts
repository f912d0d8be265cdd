// Reports' notification producers: a section waiting for its lead, and a report ready for the council.
import { LEAD_ROLES } from '#app/domain/accounts/vocabulary.ts'
import { defineProducer } from '#app/domain/notifications/producer.ts'
import { pendingReportSectionsFor } from './this-week.server.ts'
import { listOpenReports } from './reports.server.ts'
import { REPORT_SECTION_LABELS, REPORT_SECTIONS } from './vocabulary.ts'

/** Each section of an open report not marked ready, to the leads who write it; done when it is marked ready. */
export const reportSectionProducer = defineProducer({
  kind: 'report-section-waiting',
  async produce() {
    const out = []
    for (const role of LEAD_ROLES) {
      for (const report of await pendingReportSectionsFor(role)) {
        for (const section of report.sections) {
          out.push({
            subject: `${report.quarter}:v${report.version}:${section}`,
            occurrence: 'waiting',
            text: `The ${report.quarter} quarterly report draft is ready: the ${REPORT_SECTION_LABELS[section].toLowerCase()} section waits for you.`,
            link: `/reports/${report.quarter}`,
            to: { roles: [role] },
          })
        }
      }
    }
    return out
  },
})

/** A report in review with every section ready, to the council; done when it is published. */
export const reportReadyProducer = defineProducer({
  kind: 'report-ready-to-publish',
  async produce() {
    const open = await listOpenReports()
    return open
      .filter((r) => r.status === 'in_review' && REPORT_SECTIONS.every((s) => r.ready[s]))
      .map((r) => ({
        subject: `${r.quarter}:v${r.version}`,
        occurrence: 'ready',
        text: `The ${r.quarter} quarterly report is ready: every section is done. Read it and publish it.`,
        link: `/reports/${r.quarter}`,
        to: { roles: ['council'] as const },
      }))
  },
})
