import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData } from 'react-router'
import { getAccountPage } from '#app/domain/accounts/pages.server.ts'
import { ChangePasswordSchema, ProfileSchema } from '#app/domain/accounts/schemas.ts'
import { changePassword, updateProfile } from '#app/domain/accounts/users.server.ts'
import { regenerateFeedToken, revokeFeedToken } from '#app/domain/calendar/feed-tokens.server.ts'
import { saveNotificationPreferences } from '#app/domain/notifications/inbox.server.ts'
import { NotificationPreferencesSchema } from '#app/domain/notifications/schemas.ts'
import { DELIVERIES, DELIVERY_LABELS, DIGEST_PREFERENCE, kindsFor } from '#app/domain/notifications/vocabulary.ts'
import { savePersonalWeek } from '#app/domain/this-week/personal.server.ts'
import { PersonalWeekSchema, TASK_KIND_LABELS, TASK_KINDS } from '#app/domain/this-week/task-minutes.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice } from '#app/components/ui/card.tsx'
import { Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { useDates } from '#app/utils/dates.tsx'
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
  const dates = useDates()
  const account = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const formResult =
    actionData?.intent === 'profile' ||
    actionData?.intent === 'password' ||
    actionData?.intent === 'notifications' ||
    actionData?.intent === 'week'
      ? actionData
      : undefined
  const feedUrl = actionData && 'feedUrl' in actionData ? actionData.feedUrl : undefined
  const [profileForm, profileFields] = useForm({
    id: 'profile',
    lastResult: formResult?.intent === 'profile' ? formResult.result : undefined,
    defaultValue: { name: account.name },
    constraint: getZodConstraint(ProfileSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileSchema }),
  })
  const [passwordForm, passwordFields] = useForm({
    id: 'password',
    lastResult: formResult?.intent === 'password' ? formResult.result : undefined,
    constraint: getZodConstraint(ChangePasswordSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  })
  const [notificationsForm, notificationFields] = useForm({
    id: 'notifications',
    lastResult: formResult?.intent === 'notifications' ? formResult.result : undefined,
    defaultValue: {
      ...Object.fromEntries(account.notifications.kinds.map((n) => [n.kind, n.delivery])),
      [DIGEST_PREFERENCE]: account.notifications.digest,
    },
    constraint: getZodConstraint(NotificationPreferencesSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NotificationPreferencesSchema }),
  })
  const { week } = account
  const [weekForm, weekFields] = useForm({
    id: 'week',
    lastResult: formResult?.intent === 'week' ? formResult.result : undefined,
    defaultValue: {
      timeZone: week.own.timeZone ?? '',
      weeklyBudgetMinutes: week.own.weeklyBudgetMinutes === null ? '' : String(week.own.weeklyBudgetMinutes),
      ...Object.fromEntries(TASK_KINDS.map((k) => [k, week.own.taskMinutes[k] === undefined ? '' : String(week.own.taskMinutes[k])])),
    },
    constraint: getZodConstraint(PersonalWeekSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PersonalWeekSchema }),
  })
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card title="Profile">
        <p className="mb-4 text-sm text-slate-600">
          Signed in as {account.email}. Roles: {account.roles.join(', ') || 'none'}.
        </p>
        <Form method="post" {...getFormProps(profileForm)} className="space-y-4">
          <input type="hidden" name="intent" value="profile" />
          {formResult?.intent === 'profile' && formResult.saved ? <Notice tone="success">Saved.</Notice> : null}
          <FormErrors errors={profileForm.errors} />
          <Field label="Name" errors={profileFields.name.errors} inputProps={getInputProps(profileFields.name, { type: 'text' })} />
          <Button>Save profile</Button>
        </Form>
      </Card>
      <Card title="Change password">
        <Form method="post" {...getFormProps(passwordForm)} className="space-y-4">
          <input type="hidden" name="intent" value="password" />
          {formResult?.intent === 'password' && formResult.saved ? (
            <Notice tone="success">Password changed. You were signed out everywhere else.</Notice>
          ) : null}
          <FormErrors errors={passwordForm.errors} />
          <Field
            label="Current password"
            errors={passwordFields.currentPassword.errors}
            inputProps={{ ...getInputProps(passwordFields.currentPassword, { type: 'password' }), autoComplete: 'current-password' }}
          />
          <Field
            label="New password"
            help="At least 10 characters."
            errors={passwordFields.password.errors}
            inputProps={{ ...getInputProps(passwordFields.password, { type: 'password' }), autoComplete: 'new-password' }}
          />
          <Field
            label="Repeat the new password"
            errors={passwordFields.confirmPassword.errors}
            inputProps={{ ...getInputProps(passwordFields.confirmPassword, { type: 'password' }), autoComplete: 'new-password' }}
          />
          <Button>Change password</Button>
        </Form>
      </Card>
      <section id="week" aria-labelledby="week-title" className="lg:col-span-2">
        <Card title={<span id="week-title">Your week</span>}>
          <Form method="post" {...getFormProps(weekForm)} className="space-y-4">
            <input type="hidden" name="intent" value="week" />
            <p className="text-sm text-slate-600">
              This week, your digest and the dates Steward shows you use your time zone; the estimate of your week uses your budget and your
              minutes. Leave a field empty to follow the organisation ({week.organisation.timeZone}, {week.organisation.weeklyBudgetMinutes}{' '}
              minutes a week). Quarters and cadences stay in the project&apos;s time zone.
            </p>
            {formResult?.intent === 'week' && formResult.saved ? <Notice tone="success">Saved.</Notice> : null}
            <FormErrors errors={weekForm.errors} />
            <div className="grid gap-4 md:grid-cols-2">
              <SelectField
                label="Your time zone"
                errors={weekFields.timeZone.errors}
                selectProps={getSelectProps(weekFields.timeZone)}
                options={[
                  { value: '', label: `The organisation's (${week.organisation.timeZone})` },
                  ...account.timeZones.map((zone) => ({ value: zone, label: zone })),
                ]}
              />
              <Field
                label="Your weekly budget (minutes)"
                help={`Empty: the organisation's ${week.organisation.weeklyBudgetMinutes}.`}
                errors={weekFields.weeklyBudgetMinutes.errors}
                inputProps={{
                  ...getInputProps(weekFields.weeklyBudgetMinutes, { type: 'number' }),
                  placeholder: String(week.organisation.weeklyBudgetMinutes),
                }}
              />
              {TASK_KINDS.map((k) => (
                <Field
                  key={k}
                  label={`${TASK_KIND_LABELS[k]} (minutes)`}
                  help={`Empty: the organisation's ${week.organisation.taskMinutes[k]}.`}
                  errors={weekFields[k].errors}
                  inputProps={{
                    ...getInputProps(weekFields[k], { type: 'number' }),
                    placeholder: String(week.organisation.taskMinutes[k]),
                  }}
                />
              ))}
            </div>
            <Button>Save your week</Button>
          </Form>
        </Card>
      </section>
      <section id="notifications" aria-labelledby="notifications-title" className="lg:col-span-2">
        <Card title={<span id="notifications-title">Notifications</span>}>
          {
            <Form method="post" {...getFormProps(notificationsForm)} className="space-y-4">
              <input type="hidden" name="intent" value="notifications" />
              <p className="text-sm text-slate-600">
                Everything appears under the bell at the top of the page. Choose what is also e-mailed to you at once, gathered in your
                Monday digest, or turned off.
              </p>
              {formResult?.intent === 'notifications' && formResult.saved ? <Notice tone="success">Saved.</Notice> : null}
              <FormErrors errors={notificationsForm.errors} />
              <div className="grid gap-4 md:grid-cols-2">
                <SelectField
                  label="Weekly digest"
                  help="Monday at 08:00 in your time zone: what is late, what is due, the time it takes and last week's numbers. Skipped when there is nothing to say."
                  errors={notificationFields[DIGEST_PREFERENCE].errors}
                  selectProps={getSelectProps(notificationFields[DIGEST_PREFERENCE])}
                  options={[
                    { value: 'email', label: 'E-mail me the digest' },
                    { value: 'off', label: 'Off' },
                  ]}
                />
                {account.notifications.kinds.map((n) => (
                  <SelectField
                    key={n.kind}
                    label={n.label}
                    help={`When ${n.description}. Default: ${DELIVERY_LABELS[n.default].toLowerCase()}.`}
                    errors={notificationFields[n.kind].errors}
                    selectProps={getSelectProps(notificationFields[n.kind])}
                    options={DELIVERIES.map((d) => ({ value: d, label: DELIVERY_LABELS[d] }))}
                  />
                ))}
              </div>
              <Button>Save notifications</Button>
            </Form>
          }
        </Card>
      </section>
      <Card title="Calendar feed">
        <p className="mb-3 text-sm text-slate-600">
          Subscribe in Google Calendar, Outlook or Thunderbird to see scheduled posts, cadence slots, campaigns and the conference. The
          address is personal: anyone who has it can read the feed.
        </p>
        {feedUrl ? (
          <div className="mb-3 space-y-2">
            <Notice tone="success">Your new feed address (shown once; copy it now):</Notice>
            <label htmlFor="feed-url" className="block text-sm font-medium">
              Feed address
            </label>
            <input
              id="feed-url"
              readOnly
              value={feedUrl}
              onFocus={(e) => e.currentTarget.select()}
              className="block w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs"
            />
          </div>
        ) : account.feed ? (
          <p className="mb-3 text-sm">
            A feed address is active since {dates.dateTime(account.feed.createdAt)}
            {account.feed.lastUsedAt ? `, last read ${dates.dateTime(account.feed.lastUsedAt)}` : ', not read yet'}. Make a new one if you
            lost it.
          </p>
        ) : (
          <p className="mb-3 text-sm">{feedUrl === null ? 'The feed address was revoked.' : 'You have no feed address yet.'}</p>
        )}
        <Form method="post" className="flex flex-wrap gap-2">
          <Button name="intent" value="feed-regenerate">
            {account.feed ? 'Make a new address (the old one stops working)' : 'Make my feed address'}
          </Button>
          {account.feed ? (
            <Button name="intent" value="feed-revoke" variant="secondary">
              Revoke
            </Button>
          ) : null}
        </Form>
      </Card>
    </div>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Your account · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
