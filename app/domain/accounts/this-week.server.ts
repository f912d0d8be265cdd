import { getEnv } from '#app/utils/env.server.ts'
import { ROLE_LABELS } from '#app/domain/accounts/vocabulary.ts'
import { minutesFor, type WeekContext } from '#app/domain/this-week/context.ts'
import type { WeekCard, WeekCardItem } from '#app/domain/this-week/week.ts'
import { ROLES } from '#app/domain/accounts/vocabulary.ts'
import { listPendingInvitations } from './invitations.server.ts'
import { listUsers } from './users.server.ts'

/** Setup health: roles nobody holds, invitations not yet accepted, configuration left at defaults. */
export async function adminWeekCard(context: WeekContext): Promise<WeekCard> {
  const [users, pending] = await Promise.all([listUsers(), listPendingInvitations(context.now)])
  const active = users.filter((u) => u.active)
  const items: WeekCardItem[] = []
  for (const role of ROLES) {
    if (role === 'admin') continue
    if (!active.some((u) => u.roles.includes(role))) {
      items.push({
        label: `Nobody holds the ${ROLE_LABELS[role]} role`,
        detail: 'Invite the person who does this work.',
        href: '/settings/users/new',
        tone: 'urgent',
      })
    }
  }
  for (const invitation of pending) {
    const user = users.find((u) => u.id === invitation.userId)
    if (user)
      items.push({
        label: `${user.name} has not accepted the invitation yet`,
        detail: `The link expires ${invitation.expiresAt.toISOString().slice(0, 10)}.`,
        href: `/settings/users/${user.id}`,
      })
  }
  if (context.settings.projectName === 'Our project') {
    items.push({
      label: 'Name the project and set its time zone',
      detail: 'Weeks, quarters and cadences are computed in it.',
      href: '/settings/organisation',
      tone: 'urgent',
    })
  }
  if (!getEnv().GITHUB_TOKEN) {
    items.push({ label: 'GitHub is not connected', detail: 'Set GITHUB_TOKEN so community health can be synced.', tone: 'normal' })
  }
  const steps = items.filter((i) => i.tone === 'urgent').length
  return {
    key: 'admin',
    role: 'admin',
    title: 'Administration',
    summary: steps === 0 ? 'Everyone is set up.' : `${steps} setup step${steps === 1 ? '' : 's'} left.`,
    items,
    minutes: steps * minutesFor(context).setupStep,
    minutesExplained: `${minutesFor(context).setupStep} minutes per setup step left`,
    href: '/settings/users',
    emptyText: 'Nothing needs an admin this week.',
  }
}
