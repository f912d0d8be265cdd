// interim: replaced by the area's implementation when the branches are merged
import type { CommunitySection, QuarterInput, ResponseTimes } from '#app/domain/reports/contract.ts'

const none = (): ResponseTimes => ({ median: null, p90: null, count: 0, waiting: 0 })

/** The community section of a quarter's report (interim: nothing synchronised yet). */
export async function summariseCommunityQuarter(_input: QuarterInput): Promise<CommunitySection> {
  return {
    newContributors: null,
    activeContributors: null,
    inactiveContributors: null,
    contributorAbsenceFactor: null,
    timeToFirstResponseHours: { issues: none(), pullRequests: none(), discussions: none() },
    timeToAnswerHours: { median: null, count: 0 },
    changeRequestClosureRatio: null,
    triageOverTarget: null,
    openedClosed: { issuesOpened: 0, issuesClosed: 0, pullRequestsOpened: 0, pullRequestsClosed: 0 },
    stars: { atStart: null, atEnd: null },
    internships: [],
    monthly: [],
    provenance: { newContributors: 'Community data is not available in this build yet.' },
  }
}
