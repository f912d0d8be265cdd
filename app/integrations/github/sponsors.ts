// GitHub Sponsors answers as plain data (amounts in US cents, GitHub's only Sponsors currency), and
// where an incremental read of the activity feed stands.
import type { SponsorNode, SponsorsActivityNode, SponsorshipNode, SponsorsTierNode } from './sponsors-queries.ts'

export interface GithubSponsor {
  login: string
  name: string | null
  kind: 'person' | 'organisation'
}

export interface GithubSponsorsTier {
  id: string
  name: string
  /** US cents a month (for a one-time tier: its one payment) */
  monthlyPriceInCents: number
  isOneTime: boolean
  isCustomAmount: boolean
}

export interface GithubSponsorship {
  id: string
  createdAt: Date
  isActive: boolean
  isOneTimePayment: boolean
  recurring: boolean
  privacyLevel: 'PUBLIC' | 'PRIVATE'
  paymentSource: 'GITHUB' | 'PATREON' | null
  tierSelectedAt: Date | null
  /** null when the token may not see who it is */
  sponsor: GithubSponsor | null
  tier: GithubSponsorsTier | null
  currency: 'USD'
}

export interface GithubSponsorsActivity {
  id: string
  action: SponsorsActivityNode['action']
  timestamp: Date
  paymentSource: 'GITHUB' | 'PATREON' | null
  privacyLevel: 'PUBLIC' | 'PRIVATE' | null
  viaBulkSponsorship: boolean
  sponsor: GithubSponsor | null
  tier: GithubSponsorsTier | null
  previousTier: GithubSponsorsTier | null
  currency: 'USD'
}

const sponsorOf = (node: SponsorNode | null): GithubSponsor | null =>
  node ? { login: node.login, name: node.name || null, kind: node.__typename === 'Organization' ? 'organisation' : 'person' } : null

const tierOf = (node: SponsorsTierNode | null): GithubSponsorsTier | null =>
  node
    ? {
        id: node.id,
        name: node.name,
        monthlyPriceInCents: node.monthlyPriceInCents,
        isOneTime: node.isOneTime,
        isCustomAmount: node.isCustomAmount,
      }
    : null

export function normalizeSponsorship(node: SponsorshipNode): GithubSponsorship {
  return {
    id: node.id,
    createdAt: new Date(node.createdAt),
    isActive: node.isActive,
    isOneTimePayment: node.isOneTimePayment,
    recurring: !node.isOneTimePayment,
    privacyLevel: node.privacyLevel,
    paymentSource: node.paymentSource,
    tierSelectedAt: node.tierSelectedAt ? new Date(node.tierSelectedAt) : null,
    sponsor: sponsorOf(node.sponsorEntity),
    tier: tierOf(node.tier),
    currency: 'USD',
  }
}

export function normalizeSponsorsActivity(node: SponsorsActivityNode): GithubSponsorsActivity {
  return {
    id: node.id,
    action: node.action,
    timestamp: new Date(node.timestamp ?? 0),
    paymentSource: node.paymentSource,
    privacyLevel: node.currentPrivacyLevel,
    viaBulkSponsorship: node.viaBulkSponsorship,
    sponsor: sponsorOf(node.sponsor),
    tier: tierOf(node.sponsorsTier),
    previousTier: tierOf(node.previousSponsorsTier),
    currency: 'USD',
  }
}

/**
 * Where the activity feed stands. `since` is inclusive on GitHub, so the activities already read at
 * exactly that instant are remembered and dropped when they come again; `after` is the cursor inside
 * an unfinished read, and `newest` what that read has seen so far.
 */
export interface SponsorsActivityResumePoint {
  since: string | null
  seenAtSince: string[]
  after: string | null
  newest: string | null
  seenAtNewest: string[]
}

export const SPONSORS_ACTIVITY_START: SponsorsActivityResumePoint = {
  since: null,
  seenAtSince: [],
  after: null,
  newest: null,
  seenAtNewest: [],
}

/** The point after a page of activities (`timestamp`s as GitHub wrote them). */
export function advanceActivityPoint(
  point: SponsorsActivityResumePoint,
  page: Array<{ id: string; timestamp: string | null }>,
  next: { hasNextPage: boolean; endCursor: string | null },
): SponsorsActivityResumePoint {
  let newest = point.newest
  let seenAtNewest = point.seenAtNewest
  for (const { id, timestamp } of page) {
    if (!timestamp) continue
    if (newest === null || Date.parse(timestamp) > Date.parse(newest)) {
      newest = timestamp
      seenAtNewest = [id]
    } else if (Date.parse(timestamp) === Date.parse(newest) && !seenAtNewest.includes(id)) {
      seenAtNewest = [...seenAtNewest, id]
    }
  }
  if (next.hasNextPage) return { ...point, after: next.endCursor, newest, seenAtNewest }
  // The read is complete: the next one starts at the newest instant seen.
  if (newest === null) return { ...point, after: null, newest: null, seenAtNewest: [] }
  const sameInstant = point.since !== null && Date.parse(point.since) === Date.parse(newest)
  return {
    since: newest,
    seenAtSince: sameInstant ? [...new Set([...point.seenAtSince, ...seenAtNewest])] : seenAtNewest,
    after: null,
    newest: null,
    seenAtNewest: [],
  }
}
