import { data, useActionData, useLoaderData } from 'react-router'
import { getAccountPage } from '#app/domain/accounts/pages.server.ts'
import { ChangePasswordSchema, ProfileSchema } from '#app/domain/accounts/schemas.ts'
import { changePassword, updateProfile } from '#app/domain/accounts/users.server.ts'
import { regenerateFeedToken, revokeFeedToken } from '#app/domain/calendar/feed-tokens.server.ts'
import { saveNotificationPreferences } from '#app/domain/notifications/inbox.server.ts'
import { NotificationPreferencesSchema } from '#app/domain/notifications/schemas.ts'
import { DIGEST_PREFERENCE, kindsFor } from '#app/domain/notifications/vocabulary.ts'
import { savePersonalWeek } from '#app/domain/this-week/personal.server.ts'
import { PersonalWeekSchema } from '#app/domain/this-week/task-minutes.ts'
import {
  CalendarFeedCard,
  NotificationsSection,
  PasswordCard,
  ProfileCard,
  YourWeekSection,
} from '#app/components/accounts/account-settings.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { NoFieldsSchema, submitForm } from '#app/utils/form-actions.server.ts'
import { readSessionToken, requireUser } from '#app/utils/session.server.ts'
import { publicOrigin } from '#app/utils/url.server.ts'
import type { Route } from './+types/settings.account'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return getAccountPage({ user })
}

/** The name people see. */
async function saveProfile(formData: FormData, userId: string) {
  const outcome = await submitForm(formData, ProfileSchema, (value) => updateProfile({ userId, name: value.name }), {
    answer: { intent: 'profile' as const, saved: false },
  })
  if (!outcome.ok) return outcome.refusal
  return { intent: 'profile' as const, result: outcome.submission.reply({ resetForm: false }), saved: true }
}

/** A new password, after the current one, ending the person's other sessions; no password is ever sent back to the browser. */
async function changeOwnPassword(formData: FormData, userId: string, currentSessionToken: string | null) {
  const outcome = await submitForm(formData, ChangePasswordSchema, (value) => changePassword({ userId, ...value, currentSessionToken }), {
    hideFields: ['currentPassword', 'password', 'confirmPassword'],
    answer: { intent: 'password' as const, saved: false },
  })
  if (!outcome.ok) return outcome.refusal
  return { intent: 'password' as const, result: outcome.submission.reply({ resetForm: true }), saved: true }
}

/** A new calendar feed address, shown once (only a hash is stored); the old one stops working. */
async function makeFeedAddress(formData: FormData, userId: string, origin: string) {
  const outcome = await submitForm(formData, NoFieldsSchema, () => regenerateFeedToken({ userId }), {
    answer: { intent: 'feed-regenerate' as const },
  })
  if (!outcome.ok) return outcome.refusal
  return {
    intent: 'feed-regenerate' as const,
    result: outcome.submission.reply(),
    feedUrl: `${origin}/calendar.ics?token=${outcome.result}`,
  }
}

async function revokeFeedAddress(formData: FormData, userId: string) {
  const outcome = await submitForm(formData, NoFieldsSchema, () => revokeFeedToken({ userId }), {
    answer: { intent: 'feed-revoke' as const },
  })
  if (!outcome.ok) return outcome.refusal
  return { intent: 'feed-revoke' as const, result: outcome.submission.reply(), feedUrl: null }
}

/** How each kind of notification reaches the person: only the kinds their roles receive are kept. */
async function saveNotifications(formData: FormData, user: { id: string; roles: Parameters<typeof kindsFor>[0] }) {
  const allowed = kindsFor(user.roles)
  const outcome = await submitForm(
    formData,
    NotificationPreferencesSchema,
    (value) =>
      saveNotificationPreferences({
        userId: user.id,
        deliveries: Object.fromEntries(
          Object.entries(value).filter(([kind, d]) => d && (kind === DIGEST_PREFERENCE || allowed.includes(kind as never))),
        ),
      }),
    { answer: { intent: 'notifications' as const, saved: false } },
  )
  if (!outcome.ok) return outcome.refusal
  return { intent: 'notifications' as const, result: outcome.submission.reply({ resetForm: false }), saved: true }
}

/** The person's own time zone, weekly budget and minutes per kind of task (empty: the organisation's). */
async function saveWeek(formData: FormData, userId: string) {
  const outcome = await submitForm(formData, PersonalWeekSchema, (value) => savePersonalWeek({ ...value, userId }), {
    answer: { intent: 'week' as const, saved: false },
  })
  if (!outcome.ok) return outcome.refusal
  return { intent: 'week' as const, result: outcome.submission.reply({ resetForm: false }), saved: true }
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request)
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'profile':
      return saveProfile(formData, user.id)
    case 'password':
      return changeOwnPassword(formData, user.id, await readSessionToken(request))
    case 'week':
      return saveWeek(formData, user.id)
    case 'notifications':
      return saveNotifications(formData, user)
    case 'feed-regenerate':
      return makeFeedAddress(formData, user.id, publicOrigin(request))
    case 'feed-revoke':
      return revokeFeedAddress(formData, user.id)
    default:
      throw data({ message: 'Unknown form' }, { status: 400 })
  }
}

export default function AccountSettingsRoute() {
  const account = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const answerTo = (intent: 'profile' | 'password' | 'week' | 'notifications') =>
    actionData?.intent === intent && 'saved' in actionData ? actionData : undefined
  const feedUrl = actionData && 'feedUrl' in actionData ? actionData.feedUrl : undefined
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <ProfileCard account={account} answer={answerTo('profile')} />
      <PasswordCard answer={answerTo('password')} />
      <YourWeekSection week={account.week} timeZones={account.timeZones} answer={answerTo('week')} />
      <NotificationsSection notifications={account.notifications} answer={answerTo('notifications')} />
      <CalendarFeedCard feed={account.feed} feedUrl={feedUrl} />
    </div>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Your account · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
