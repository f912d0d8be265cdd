// Reads GitHub Sponsors for a user or an organisation through the GitHub client (which waits out
// rate limits and retries faults): the sponsorships, all of them at once (GitHub changes them in
// place, so there is nothing to read incrementally), and the activity feed incrementally.
import { type GithubClient, GithubError } from './client.server.ts'
import {
  advanceActivityPoint,
  type GithubSponsorsActivity,
  type GithubSponsorship,
  normalizeSponsorsActivity,
  normalizeSponsorship,
  SPONSORS_ACTIVITY_START,
  type SponsorsActivityResumePoint,
} from './sponsors.ts'
import {
  SPONSORS_ACTIVITIES_QUERY,
  SPONSORS_PAGE_SIZE,
  type SponsorsActivitiesAnswer,
  type SponsorshipsAnswer,
  SPONSORSHIPS_QUERY,
} from './sponsors-queries.ts'

export interface GithubSponsorships {
  maintainer: { login: string; kind: 'person' | 'organisation' }
  hasSponsorsListing: boolean
  /** what the active recurring sponsorships the token can see add up to each month, US cents */
  monthlyRecurringInCents: number
  activeCount: number
  /** GitHub's own estimate of the monthly income, US cents */
  estimatedMonthlyIncomeInCents: number
  /** every sponsorship ever received, oldest first */
  sponsorships: GithubSponsorship[]
}

const notFound = (login: string) => new GithubError('not-found', `There is no GitHub user or organisation named "${login}".`)

export async function readGithubSponsorships(
  client: GithubClient,
  login: string,
  pageSize = SPONSORS_PAGE_SIZE,
): Promise<GithubSponsorships> {
  const sponsorships: GithubSponsorship[] = []
  let after: string | null = null
  for (;;) {
    const answer: SponsorshipsAnswer = await client.query<SponsorshipsAnswer>(SPONSORSHIPS_QUERY, { login, first: pageSize, after })
    const owner = answer.repositoryOwner
    if (!owner) throw notFound(login)
    for (const node of owner.sponsorships.nodes) if (node) sponsorships.push(normalizeSponsorship(node))
    if (!owner.sponsorships.pageInfo.hasNextPage) {
      return {
        maintainer: { login: owner.login, kind: owner.__typename === 'Organization' ? 'organisation' : 'person' },
        hasSponsorsListing: owner.hasSponsorsListing,
        monthlyRecurringInCents: owner.active.totalRecurringMonthlyPriceInCents,
        activeCount: owner.active.totalCount,
        estimatedMonthlyIncomeInCents: owner.monthlyEstimatedSponsorsIncomeInCents,
        sponsorships,
      }
    }
    after = owner.sponsorships.pageInfo.endCursor
  }
}

export interface SponsorsActivityPage {
  activities: GithubSponsorsActivity[]
  /** store with the page; pass back to resume */
  resume: SponsorsActivityResumePoint
  done: boolean
}

/** The activity feed since `resume` (from the very beginning without it), oldest first, a page at a time. */
export async function* readGithubSponsorsActivities(
  client: GithubClient,
  login: string,
  options: { resume?: SponsorsActivityResumePoint; pageSize?: number } = {},
): AsyncGenerator<SponsorsActivityPage> {
  let point = options.resume ?? SPONSORS_ACTIVITY_START
  for (;;) {
    // Without `since`, only the last 30 days come back: the first read asks for ALL.
    const variables: Record<string, unknown> = { login, first: options.pageSize ?? SPONSORS_PAGE_SIZE, after: point.after }
    if (point.since) variables.since = point.since
    else variables.period = 'ALL'
    const answer = await client.query<SponsorsActivitiesAnswer>(SPONSORS_ACTIVITIES_QUERY, variables)
    const owner = answer.repositoryOwner
    if (!owner) throw notFound(login)
    const connection = owner.sponsorsActivities
    const nodes = connection.nodes.filter((n): n is NonNullable<typeof n> => n !== null)
    const seen = new Set(point.seenAtSince)
    const activities = nodes
      .filter((n) => !(point.since && n.timestamp && Date.parse(n.timestamp) === Date.parse(point.since) && seen.has(n.id)))
      .map(normalizeSponsorsActivity)
    point = advanceActivityPoint(point, nodes, connection.pageInfo)
    yield { activities, resume: point, done: !connection.pageInfo.hasNextPage }
    if (!connection.pageInfo.hasNextPage) return
  }
}
