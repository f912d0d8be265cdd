import type { Role } from '#db/schema/accounts.ts'

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
