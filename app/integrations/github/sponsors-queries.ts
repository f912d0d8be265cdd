// The GraphQL documents that read GitHub Sponsors for a maintainer (a user or an organisation), and
// the shapes of their answers. Facts from @octokit/graphql-schema 15.26.1 (schema.graphql):
// - `repositoryOwner(login)` (40150) finds a user or an organisation; both implement Sponsorable
//   (Organization 29262, User 61410), so one query serves either. An unknown login answers null.
// - `sponsorshipsAsMaintainer` (51500): `activeOnly` defaults to true — "versus all sponsorships this
//   maintainer has ever received" — so the history needs `activeOnly: false`; `includePrivate`
//   defaults to false; without `orderBy` the order is "relevancy to the viewer", so we fix
//   CREATED_AT ascending for stable paging. `totalRecurringMonthlyPriceInCents` (53682) sums the
//   connection's recurring sponsorships: over `activeOnly: false` it would count past sponsors too,
//   so the expected monthly income comes from a second, active-only connection.
// - `sponsorsActivities` (51379): `period` defaults to MONTH (the last 30 days) and is ignored when
//   `since`/`until` is given; `since` is "on or after". So a first read passes `period: ALL`, later
//   ones `since` the newest timestamp already read. Order TIMESTAMP ascending.
// - There are no per-payment transactions in the API (payments come from the monthly export).
// Every document is validated against the published schema in sponsors-queries.test.ts.
export const SPONSORS_PAGE_SIZE = 100

const RATE_LIMIT = /* GraphQL */ `
  rateLimit {
    cost
    limit
    remaining
    resetAt
  }
`

const SPONSOR = /* GraphQL */ `
  fragment StewardSponsor on Sponsor {
    __typename
    ... on User {
      login
      name
    }
    ... on Organization {
      login
      name
    }
  }
`

const TIER = /* GraphQL */ `
  fragment StewardSponsorsTier on SponsorsTier {
    id
    name
    monthlyPriceInCents
    isOneTime
    isCustomAmount
  }
`

export const SPONSORSHIPS_QUERY = /* GraphQL */ `
  query StewardSponsorships($login: String!, $first: Int!, $after: String) {
    ${RATE_LIMIT}
    repositoryOwner(login: $login) {
      __typename
      login
      ... on Sponsorable {
        hasSponsorsListing
        monthlyEstimatedSponsorsIncomeInCents
        active: sponsorshipsAsMaintainer(activeOnly: true, includePrivate: true, first: 1) {
          totalCount
          totalRecurringMonthlyPriceInCents
        }
        sponsorships: sponsorshipsAsMaintainer(
          activeOnly: false
          includePrivate: true
          first: $first
          after: $after
          orderBy: { field: CREATED_AT, direction: ASC }
        ) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            id
            createdAt
            isActive
            isOneTimePayment
            privacyLevel
            paymentSource
            tierSelectedAt
            sponsorEntity {
              ...StewardSponsor
            }
            tier {
              ...StewardSponsorsTier
            }
          }
        }
      }
    }
  }
  ${SPONSOR}
  ${TIER}
`

export const SPONSORS_ACTIVITIES_QUERY = /* GraphQL */ `
  query StewardSponsorsActivities($login: String!, $first: Int!, $after: String, $since: DateTime, $period: SponsorsActivityPeriod) {
    ${RATE_LIMIT}
    repositoryOwner(login: $login) {
      __typename
      login
      ... on Sponsorable {
        sponsorsActivities(
          first: $first
          after: $after
          since: $since
          period: $period
          includePrivate: true
          orderBy: { field: TIMESTAMP, direction: ASC }
        ) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            id
            action
            timestamp
            paymentSource
            currentPrivacyLevel
            viaBulkSponsorship
            sponsor {
              ...StewardSponsor
            }
            sponsorsTier {
              ...StewardSponsorsTier
            }
            previousSponsorsTier {
              ...StewardSponsorsTier
            }
          }
        }
      }
    }
  }
  ${SPONSOR}
  ${TIER}
`

export const ALL_SPONSORS_QUERIES = { SPONSORSHIPS_QUERY, SPONSORS_ACTIVITIES_QUERY }

// ---- answer shapes -------------------------------------------------------------------------

export interface SponsorNode {
  __typename: 'User' | 'Organization'
  login: string
  name: string | null
}

export interface SponsorsTierNode {
  id: string
  name: string
  monthlyPriceInCents: number
  isOneTime: boolean
  isCustomAmount: boolean
}

export interface PageInfo {
  hasNextPage: boolean
  endCursor: string | null
}

export interface SponsorshipNode {
  id: string
  createdAt: string
  isActive: boolean
  isOneTimePayment: boolean
  privacyLevel: 'PUBLIC' | 'PRIVATE'
  paymentSource: 'GITHUB' | 'PATREON' | null
  tierSelectedAt: string | null
  sponsorEntity: SponsorNode | null
  tier: SponsorsTierNode | null
}

export interface SponsorsActivityNode {
  id: string
  action: 'CANCELLED_SPONSORSHIP' | 'NEW_SPONSORSHIP' | 'PENDING_CHANGE' | 'REFUND' | 'SPONSOR_MATCH_DISABLED' | 'TIER_CHANGE'
  timestamp: string | null
  paymentSource: 'GITHUB' | 'PATREON' | null
  currentPrivacyLevel: 'PUBLIC' | 'PRIVATE' | null
  viaBulkSponsorship: boolean
  sponsor: SponsorNode | null
  sponsorsTier: SponsorsTierNode | null
  previousSponsorsTier: SponsorsTierNode | null
}

interface OwnerBase {
  __typename: 'User' | 'Organization'
  login: string
}

export interface SponsorshipsAnswer {
  repositoryOwner:
    | (OwnerBase & {
        hasSponsorsListing: boolean
        monthlyEstimatedSponsorsIncomeInCents: number
        active: { totalCount: number; totalRecurringMonthlyPriceInCents: number }
        sponsorships: { totalCount: number; pageInfo: PageInfo; nodes: Array<SponsorshipNode | null> }
      })
    | null
}

export interface SponsorsActivitiesAnswer {
  repositoryOwner:
    | (OwnerBase & {
        sponsorsActivities: { totalCount: number; pageInfo: PageInfo; nodes: Array<SponsorsActivityNode | null> }
      })
    | null
}
