// The cards of /settings/account: each owns its form and reads the action's answer for its intent.
import { getFormProps, getInputProps, getSelectProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form } from 'react-router'
import type { AccountPage } from '#app/domain/accounts/pages.server.ts'
import { ChangePasswordSchema, ProfileSchema } from '#app/domain/accounts/schemas.ts'
import { NotificationPreferencesSchema } from '#app/domain/notifications/schemas.ts'
import { DELIVERIES, DELIVERY_LABELS, DIGEST_PREFERENCE } from '#app/domain/notifications/vocabulary.ts'
import { PersonalWeekSchema } from '#app/domain/this-week/task-minutes.ts'
import { TASK_KIND_LABELS, TASK_KINDS } from '#app/domain/this-week/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice } from '#app/components/ui/card.tsx'
import { Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { useDates } from '#app/utils/dates.tsx'

/** The action's answer to one card's form: its result, and whether it was saved. */
type FormAnswer = { result: SubmissionResult<string[]>; saved: boolean } | undefined

export function ProfileCard({ account, answer }: { account: Pick<AccountPage, 'name' | 'email' | 'roles'>; answer: FormAnswer }) {
  const [form, fields] = useForm({
    id: 'profile',
    lastResult: answer?.result,
    defaultValue: { name: account.name },
    constraint: getZodConstraint(ProfileSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileSchema }),
  })
  return (
    <Card title="Profile">
      <p className="mb-4 text-sm text-slate-600">
        Signed in as {account.email}. Roles: {account.roles.join(', ') || 'none'}.
      </p>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="intent" value="profile" />
        {answer?.saved ? <Notice tone="success">Saved.</Notice> : null}
        <FormErrors errors={form.errors} />
        <Field label="Name" errors={fields.name.errors} inputProps={getInputProps(fields.name, { type: 'text' })} />
        <Button>Save profile</Button>
      </Form>
    </Card>
  )
}

export function PasswordCard({ answer }: { answer: FormAnswer }) {
  const [form, fields] = useForm({
    id: 'password',
    lastResult: answer?.result,
    constraint: getZodConstraint(ChangePasswordSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  })
  return (
    <Card title="Change password">
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="intent" value="password" />
        {answer?.saved ? <Notice tone="success">Password changed. You were signed out everywhere else.</Notice> : null}
        <FormErrors errors={form.errors} />
        <Field
          label="Current password"
          errors={fields.currentPassword.errors}
          inputProps={{ ...getInputProps(fields.currentPassword, { type: 'password' }), autoComplete: 'current-password' }}
        />
        <Field
          label="New password"
          help="At least 10 characters."
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <Field
          label="Repeat the new password"
          errors={fields.confirmPassword.errors}
          inputProps={{ ...getInputProps(fields.confirmPassword, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <Button>Change password</Button>
      </Form>
    </Card>
  )
}

/** The person's own time zone, weekly budget and minutes per kind of task; empty fields follow the organisation. */
export function YourWeekSection({ week, timeZones, answer }: Pick<AccountPage, 'week' | 'timeZones'> & { answer: FormAnswer }) {
  const [form, fields] = useForm({
    // not 'week': that is the section's id (the page's #week anchor), and a field's form="…" must name the form
    id: 'week-form',
    lastResult: answer?.result,
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
    <section id="week" aria-labelledby="week-title" className="lg:col-span-2">
      <Card title={<span id="week-title">Your week</span>}>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <input type="hidden" name="intent" value="week" />
          <p className="text-sm text-slate-600">
            This week, your digest and the dates Steward shows you use your time zone; the estimate of your week uses your budget and your
            minutes. Leave a field empty to follow the organisation ({week.organisation.timeZone}, {week.organisation.weeklyBudgetMinutes}{' '}
            minutes a week). Quarters and cadences stay in the project&apos;s time zone.
          </p>
          {answer?.saved ? <Notice tone="success">Saved.</Notice> : null}
          <FormErrors errors={form.errors} />
          <div className="grid gap-4 md:grid-cols-2">
            <SelectField
              label="Your time zone"
              errors={fields.timeZone.errors}
              selectProps={getSelectProps(fields.timeZone)}
              options={[
                { value: '', label: `The organisation's (${week.organisation.timeZone})` },
                ...timeZones.map((zone) => ({ value: zone, label: zone })),
              ]}
            />
            <Field
              label="Your weekly budget (minutes)"
              help={`Empty: the organisation's ${week.organisation.weeklyBudgetMinutes}.`}
              errors={fields.weeklyBudgetMinutes.errors}
              inputProps={{
                ...getInputProps(fields.weeklyBudgetMinutes, { type: 'number' }),
                placeholder: String(week.organisation.weeklyBudgetMinutes),
              }}
            />
            {TASK_KINDS.map((k) => (
              <Field
                key={k}
                label={`${TASK_KIND_LABELS[k]} (minutes)`}
                help={`Empty: the organisation's ${week.organisation.taskMinutes[k]}.`}
                errors={fields[k].errors}
                inputProps={{
                  ...getInputProps(fields[k], { type: 'number' }),
                  placeholder: String(week.organisation.taskMinutes[k]),
                }}
              />
            ))}
          </div>
          <Button>Save your week</Button>
        </Form>
      </Card>
    </section>
  )
}

/** How each kind of notification the person's roles receive reaches them, and the weekly digest. */
export function NotificationsSection({ notifications, answer }: Pick<AccountPage, 'notifications'> & { answer: FormAnswer }) {
  const [form, fields] = useForm({
    // not 'notifications': that is the section's id (#notifications, linked from every e-mail)
    id: 'notifications-form',
    lastResult: answer?.result,
    defaultValue: {
      ...Object.fromEntries(notifications.kinds.map((n) => [n.kind, n.delivery])),
      [DIGEST_PREFERENCE]: notifications.digest,
    },
    constraint: getZodConstraint(NotificationPreferencesSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NotificationPreferencesSchema }),
  })
  return (
    <section id="notifications" aria-labelledby="notifications-title" className="lg:col-span-2">
      <Card title={<span id="notifications-title">Notifications</span>}>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <input type="hidden" name="intent" value="notifications" />
          <p className="text-sm text-slate-600">
            Everything appears under the bell at the top of the page. Choose what is also e-mailed to you at once, gathered in your Monday
            digest, or turned off.
          </p>
          {answer?.saved ? <Notice tone="success">Saved.</Notice> : null}
          <FormErrors errors={form.errors} />
          <div className="grid gap-4 md:grid-cols-2">
            <SelectField
              label="Weekly digest"
              help="Monday at 08:00 in your time zone: what is late, what is due, the time it takes and last week's numbers. Skipped when there is nothing to say."
              errors={fields[DIGEST_PREFERENCE].errors}
              selectProps={getSelectProps(fields[DIGEST_PREFERENCE])}
              options={[
                { value: 'email', label: 'E-mail me the digest' },
                { value: 'off', label: 'Off' },
              ]}
            />
            {notifications.kinds.map((n) => (
              <SelectField
                key={n.kind}
                label={n.label}
                help={`When ${n.description}. Default: ${DELIVERY_LABELS[n.default].toLowerCase()}.`}
                errors={fields[n.kind].errors}
                selectProps={getSelectProps(fields[n.kind])}
                options={DELIVERIES.map((d) => ({ value: d, label: DELIVERY_LABELS[d] }))}
              />
            ))}
          </div>
          <Button>Save notifications</Button>
        </Form>
      </Card>
    </section>
  )
}

/**
 * The personal calendar feed: a new address is shown once (`feedUrl`), null right after a revoke;
 * otherwise only whether one is active.
 */
export function CalendarFeedCard({ feed, feedUrl }: Pick<AccountPage, 'feed'> & { feedUrl: string | null | undefined }) {
  const dates = useDates()
  return (
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
      ) : feed ? (
        <p className="mb-3 text-sm">
          A feed address is active since {dates.dateTime(feed.createdAt)}
          {feed.lastUsedAt ? `, last read ${dates.dateTime(feed.lastUsedAt)}` : ', not read yet'}. Make a new one if you lost it.
        </p>
      ) : (
        <p className="mb-3 text-sm">{feedUrl === null ? 'The feed address was revoked.' : 'You have no feed address yet.'}</p>
      )}
      <Form method="post" className="flex flex-wrap gap-2">
        <Button name="intent" value="feed-regenerate">
          {feed ? 'Make a new address (the old one stops working)' : 'Make my feed address'}
        </Button>
        {feed ? (
          <Button name="intent" value="feed-revoke" variant="secondary">
            Revoke
          </Button>
        ) : null}
      </Form>
    </Card>
  )
}
