// What the GitHub Sponsors stand-in knows: maintainers (users or organisations), their tiers,
// sponsorships and activity feed, and which token belongs to whom. No application module is
// imported here.

export type OwnerType = 'User' | 'Organization'

export interface FakeSponsorsTier {
  id: string
  name: string
  monthlyPriceInCents: number
  isOneTime: boolean
  isCustomAmount: boolean
}

export interface FakeSponsorship {
  id: string
  sponsor: { login: string; type: OwnerType; name: string | null }
  createdAt: string
  isActive: boolean
  isOneTimePayment: boolean
  privacyLevel: 'PUBLIC' | 'PRIVATE'
  paymentSource: 'GITHUB' | 'PATREON'
  tier: FakeSponsorsTier
  tierSelectedAt: string
}

export interface FakeSponsorsActivity {
  id: string
  action: 'CANCELLED_SPONSORSHIP' | 'NEW_SPONSORSHIP' | 'PENDING_CHANGE' | 'REFUND' | 'SPONSOR_MATCH_DISABLED' | 'TIER_CHANGE'
  timestamp: string
  sponsor: { login: string; type: OwnerType; name: string | null }
  privacyLevel: 'PUBLIC' | 'PRIVATE'
  paymentSource: 'GITHUB' | 'PATREON'
  sponsorsTier: FakeSponsorsTier | null
  previousSponsorsTier: FakeSponsorsTier | null
}

export interface FakeMaintainer {
  login: string
  type: OwnerType
  name: string
  hasSponsorsListing: boolean
  /** logins that administer the organisation (and so see its private sponsors) */
  admins: string[]
  sponsorships: FakeSponsorship[]
  activities: FakeSponsorsActivity[]
}

export interface FakeSponsorsData {
  maintainers: FakeMaintainer[]
  /** token → the login it belongs to */
  tokens: Record<string, string>
}

let counter = 0
const nodeId = (prefix: string) => `${prefix}_kgDO${(++counter).toString(36).padStart(6, '0')}`

export const tier = (
  name: string,
  monthlyPriceInCents: number,
  options: { isOneTime?: boolean; isCustomAmount?: boolean } = {},
): FakeSponsorsTier => ({
  id: nodeId('ST'),
  name,
  monthlyPriceInCents,
  isOneTime: options.isOneTime ?? false,
  isCustomAmount: options.isCustomAmount ?? false,
})

/** A sponsorship and the NEW_SPONSORSHIP activity it starts with (and CANCELLED_SPONSORSHIP if it ended). */
export function sponsor(
  maintainer: FakeMaintainer,
  who: { login: string; type?: OwnerType; name?: string | null },
  options: {
    at: string
    tier: FakeSponsorsTier
    privacy?: 'PUBLIC' | 'PRIVATE'
    cancelledAt?: string
    paymentSource?: 'GITHUB' | 'PATREON'
  },
) {
  const sponsorRef = { login: who.login, type: who.type ?? 'User', name: who.name ?? null }
  const privacy = options.privacy ?? 'PUBLIC'
  const s: FakeSponsorship = {
    id: nodeId('S'),
    sponsor: sponsorRef,
    createdAt: options.at,
    // A one-time payment is never an active sponsorship afterwards.
    isActive: !options.cancelledAt && !options.tier.isOneTime,
    isOneTimePayment: options.tier.isOneTime,
    privacyLevel: privacy,
    paymentSource: options.paymentSource ?? 'GITHUB',
    tier: options.tier,
    tierSelectedAt: options.at,
  }
  maintainer.sponsorships.push(s)
  const base = { sponsor: sponsorRef, privacyLevel: privacy, paymentSource: s.paymentSource, previousSponsorsTier: null }
  maintainer.activities.push({ id: nodeId('SA'), action: 'NEW_SPONSORSHIP', timestamp: options.at, sponsorsTier: options.tier, ...base })
  if (options.cancelledAt) {
    maintainer.activities.push({
      id: nodeId('SA'),
      action: 'CANCELLED_SPONSORSHIP',
      timestamp: options.cancelledAt,
      sponsorsTier: options.tier,
      ...base,
    })
  }
  return s
}

/** The sponsor moves to another tier at `at`. */
export function changeTier(maintainer: FakeMaintainer, sponsorship: FakeSponsorship, to: FakeSponsorsTier, at: string) {
  maintainer.activities.push({
    id: nodeId('SA'),
    action: 'TIER_CHANGE',
    timestamp: at,
    sponsor: sponsorship.sponsor,
    privacyLevel: sponsorship.privacyLevel,
    paymentSource: sponsorship.paymentSource,
    sponsorsTier: to,
    previousSponsorsTier: sponsorship.tier,
  })
  sponsorship.tier = to
  sponsorship.tierSelectedAt = at
}

export function maintainer(
  login: string,
  type: OwnerType,
  options: { name?: string; admins?: string[]; hasSponsorsListing?: boolean } = {},
): FakeMaintainer {
  return {
    login,
    type,
    name: options.name ?? login,
    hasSponsorsListing: options.hasSponsorsListing ?? true,
    admins: options.admins ?? [],
    sponsorships: [],
    activities: [],
  }
}
