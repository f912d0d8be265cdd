import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import { getEmailPage, retryEmail, sendTestEmail } from '#app/domain/email/outbox.server.ts'
import { RetryEmailSchema, TestEmailSchema } from '#app/domain/email/schemas.ts'
import { EMAIL_KIND_LABELS, EMAIL_STATE_LABELS, EMAIL_STATES, type EmailState } from '#app/domain/email/vocabulary.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, Notice } from '#app/components/ui/card.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { Stat } from '#app/components/ui/stat.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { useDates } from '#app/utils/dates.tsx'
import { requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/settings.email'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, 'admin')
  const state = new URL(request.url).searchParams.get('state')
  const filter = EMAIL_STATES.find((s) => s === state)
  return { page: await getEmailPage({ state: filter }), filter: filter ?? null, adminEmail: user.email }
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'admin')
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'test':
      return queueTestEmail(formData, user.id)
    case 'retry':
      return retryFailedEmail(formData, user.id)
    default:
      throw data('Unknown intent', { status: 400 })
  }
}

async function queueTestEmail(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, TestEmailSchema, (value) => sendTestEmail({ to: value.to, actorId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'test' as const, result: outcome.submission.reply({ resetForm: true }), queuedTo: outcome.submission.value.to }
}

async function retryFailedEmail(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, RetryEmailSchema, (value) => retryEmail({ id: value.id, actorId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'retry' as const, result: outcome.submission.reply() }
}

const STATE_TONES: Record<EmailState, string> = {
  queued: 'bg-slate-100 text-slate-700',
  sending: 'bg-brand-50 text-brand-700',
  retrying: 'bg-amber-50 text-amber-800',
  sent: 'bg-emerald-50 text-emerald-800',
  failed: 'bg-red-50 text-red-800',
}

export default function EmailSettingsRoute() {
  const dates = useDates()
  const { page, filter, adminEmail } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'test-email',
    lastResult: actionData && 'intent' in actionData && actionData.intent === 'retry' ? undefined : actionData?.result,
    defaultValue: { to: adminEmail },
    constraint: getZodConstraint(TestEmailSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TestEmailSchema }),
  })
  return (
    <div className="space-y-6">
      <Card title="E-mail">
        {page.configured ? (
          <p className="text-sm text-slate-700">
            Steward sends from <strong>{page.from}</strong>, with links to <strong>{page.publicUrl}</strong>. Every message waits in the
            outbox below until the mail server takes it; temporary failures are tried again after 1, 2, 4, … minutes.
          </p>
        ) : (
          <Notice tone="warning">
            E-mail is not configured: password resets, invitations and notifications stay in Steward. Set <code>SMTP_URL</code> and{' '}
            <code>STEWARD_PUBLIC_URL</code> (see <code>.env.example</code>) and restart.
          </Notice>
        )}
        <Form method="post" {...getFormProps(form)} className="mt-4 flex max-w-xl flex-wrap items-end gap-3">
          <input type="hidden" name="intent" value="test" />
          <FormErrors errors={form.errors} />
          <Field
            className="min-w-64 flex-1"
            label="Send a test e-mail to"
            errors={fields.to.errors}
            inputProps={getInputProps(fields.to, { type: 'email' })}
          />
          <Button disabled={!page.configured || navigation.state === 'submitting'}>Send a test e-mail</Button>
        </Form>
        {actionData && 'queuedTo' in actionData ? (
          <div className="mt-3" role="status">
            <Notice tone="success">Queued for {actionData.queuedTo}. It appears below as Sent once the mail server has taken it.</Notice>
          </div>
        ) : null}
      </Card>

      <div className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        {EMAIL_STATES.map((state) => (
          <Stat key={state} label={EMAIL_STATE_LABELS[state]} value={page.counts[state]} />
        ))}
      </div>

      <Card
        title={filter ? `${EMAIL_STATE_LABELS[filter]} messages` : 'Latest messages'}
        actions={
          <Form method="get" className="flex items-center gap-2 text-sm">
            <label htmlFor="state-filter" className="text-slate-600">
              Show
            </label>
            <select id="state-filter" name="state" defaultValue={filter ?? ''} className="rounded-md border border-slate-300 px-2 py-1">
              <option value="">all</option>
              {EMAIL_STATES.map((state) => (
                <option key={state} value={state}>
                  {EMAIL_STATE_LABELS[state].toLowerCase()}
                </option>
              ))}
            </select>
            <Button variant="secondary">Filter</Button>
          </Form>
        }
      >
        {page.recent.length === 0 ? (
          <EmptyState title={filter ? 'No messages in this state.' : 'Nothing sent yet.'}>
            Password resets, invitations, notifications and weekly digests appear here as they go out.
          </EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm">
              <caption className="sr-only">Outbox messages, newest first</caption>
              <thead className="text-left text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Queued
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    To
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Subject
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    State
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.recent.map((message) => (
                  <tr key={message.id} className="align-top">
                    <td className="whitespace-nowrap py-2 pr-3 text-slate-600">{dates.dateTime(message.createdAt)}</td>
                    <td className="py-2 pr-3">{message.toAddress}</td>
                    <td className="py-2 pr-3">
                      <span className="text-slate-500">{EMAIL_KIND_LABELS[message.kind]} · </span>
                      {message.subject}
                    </td>
                    <td className="py-2 pr-3">
                      <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATE_TONES[message.state]}`}>
                        {EMAIL_STATE_LABELS[message.state]}
                      </span>
                      <p className="mt-1 text-xs text-slate-500">
                        {message.state === 'sent' && message.sentAt ? `at ${dates.dateTime(message.sentAt)}` : null}
                        {message.state === 'retrying'
                          ? `attempt ${message.attempts}; next at ${dates.dateTime(message.nextAttemptAt)}`
                          : null}
                        {message.state === 'failed' ? `after ${message.attempts} attempt${message.attempts === 1 ? '' : 's'}` : null}
                      </p>
                      {message.lastError && message.state !== 'sent' ? (
                        <p className="mt-1 text-xs text-red-700">{message.lastError}</p>
                      ) : null}
                    </td>
                    <td className="py-2">
                      {message.state === 'failed' || message.state === 'retrying' ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="retry" />
                          <input type="hidden" name="id" value={message.id} />
                          <Button variant="secondary" aria-label={`Try again: ${message.subject} to ${message.toAddress}`}>
                            Try again
                          </Button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'E-mail · Settings · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
