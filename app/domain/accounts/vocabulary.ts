// The words of accounts: the roles a person may hold, with what they are called and what they
// allow. Browser-safe: the schema, the domain, routes and components all read them from here.

export const ROLES = ['admin', 'communications', 'community', 'fundraising', 'council'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  communications: 'Communications',
  community: 'Community',
  fundraising: 'Fundraising',
  council: 'Steering Council',
}

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'Invites people, assigns roles, connects GitHub, sets the time zone and currency',
  communications: 'Plans and schedules posts, keeps the communication policy',
  community: 'Watches community health, triages discussions, runs internships',
  fundraising: 'Logs donations, runs grants and sponsors; sees donor personal data',
  council: 'Reads and publishes the quarterly reports',
}

/** The roles that lead an area: each writes that area's section of the quarterly report. */
export const LEAD_ROLES = ['communications', 'community', 'fundraising'] as const satisfies readonly Role[]
export type LeadRole = (typeof LEAD_ROLES)[number]
