import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { data, Form, useActionData, useLoaderData, useNavigation, useSubmit } from 'react-router'
import { DomainError } from '#app/domain/errors.ts'
import { listRepositories, readResponseTargetHours, RESPONSE_TARGET_KEY } from '#app/domain/community/health.server.ts'
import { formatAge } from '#app/domain/community/this-week.ts'
import {
  HandledElsewhereSchema,
  listSetAside,
  listTriageQueue,
  markHandledElsewhere,
  returnToQueue,
  snoozeItem,
  SnoozeSchema,
} from '#app/domain/community/triage.server.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { writeSetting } from '#app/domain/settings/keyed-settings.server.ts'
import { CommunityNav } from '#app/components/community/community-ui.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { FieldErrors } from '#app/components/ui/field.tsx'
import { formatDate, formatDateTime } from '#app/utils/format.ts'
import { hasRole, requireRole, requireUser } from '#app/utils/session.server.ts'
import { startOfLocalDay } from '#app/utils/time.ts'
import type { Route } from './+types/community.triage'

const TargetSchema = z.object({
  targetHours: z.coerce
    .number({ error: 'Enter a number of hours' })
    .int('Whole hours')
    .min(1, 'At least 1 hour')
    .max(2160, 'At most 90 days'),
})
const ReturnSchema = z.object({ itemId: z.string().uuid() })

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const now = new Date()
  const [settings, targetHours] = await Promise.all([getOrganisationSettings(), readResponseTargetHours()])
  const repositories = await listRepositories()
  const wanted = new URL(request.url).searchParams.get('repo')
  const repositoryId = repositories.find((r) => r.id === wanted)?.id ?? null
  const [queue, setAside] = await Promise.all([listTriageQueue({ now, targetHours, repositoryId }), listSetAside(now)])
  return {
    queue,
    setAside,
    targetHours,
    timeZone: settings.timeZone,
    canEdit: hasRole(user, 'community'),
    today: now.toISOString().slice(0, 10),
    repositories: repositories.map((r) => ({ value: r.id, label: `${r.owner}/${r.name}` })),
    repositoryId: repositoryId ?? '',
  }
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'community')
  const formData = await request.formData()
  const intent = formData.get('intent')
  const itemId = String(formData.get('itemId') ?? '')
  try {
    if (intent === 'handled') {
      const submission = parseWithZod(formData, { schema: HandledElsewhereSchema })
      if (submission.status !== 'success') return data({ intent, itemId, errors: submission.error ?? {} }, { status: 400 })
      await markHandledElsewhere({ ...submission.value, actorId: user.id })
      return { intent, itemId, done: 'Marked as handled elsewhere.' }
    }
    if (intent === 'snooze') {
      const submission = parseWithZod(formData, { schema: SnoozeSchema })
      if (submission.status !== 'success') return data({ intent, itemId, errors: submission.error ?? {} }, { status: 400 })
      const { timeZone } = await getOrganisationSettings()
      const until = startOfLocalDay(submission.value.until, timeZone).toJSDate()
      await snoozeItem({ itemId: submission.value.itemId, until, actorId: user.id })
      return { intent, itemId, done: `Snoozed until ${submission.value.until}.` }
    }
    if (intent === 'return') {
      const submission = parseWithZod(formData, { schema: ReturnSchema })
      if (submission.status !== 'success') throw data({ message: 'Unknown item' }, { status: 400 })
      await returnToQueue({ itemId: submission.value.itemId, actorId: user.id })
      return { intent, itemId, done: 'Back in the queue.' }
    }
    if (intent === 'target') {
      const submission = parseWithZod(formData, { schema: TargetSchema })
      if (submission.status !== 'success') return data({ intent, itemId: '', errors: submission.error ?? {} }, { status: 400 })
      await writeSetting({ key: RESPONSE_TARGET_KEY, value: submission.value.targetHours, actorId: user.id })
      return { intent, itemId: '', done: `Response target set to ${submission.value.targetHours} h.` }
    }
  } catch (error) {
    if (error instanceof DomainError)
      return data(
        { intent, itemId, errors: { [error.field ?? 'until']: [error.message] } as Record<string, string[] | null> },
        { status: 400 },
      )
    throw error
  }
  throw data({ message: 'Unknown action' }, { status: 400 })
}

type ActionResult = { intent: unknown; itemId: string; errors?: Record<string, string[] | null>; done?: string }

export default function TriageRoute() {
  const { queue, setAside, targetHours, timeZone, canEdit, today, repositories, repositoryId } = useLoaderData<typeof loader>()
  const submit = useSubmit()
  const actionData = useActionData<typeof action>() as ActionResult | undefined
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  const over = queue.filter((i) => i.overTarget).length
  const errorsFor = (itemId: string, intent: string, field: string) =>
    actionData?.itemId === itemId && actionData.intent === intent ? actionData.errors?.[field] : undefined
  return (
    <>
      <PageHeader
        title="Triage"
        description={`Open issues and discussions nobody has answered yet, oldest first. The response target is ${targetHours} hours; ${over} of ${queue.length} are over it.`}
      />
      <CommunityNav />
      {repositories.length > 1 ? (
        <Form method="get" className="mb-4 flex items-end gap-2" onChange={(e) => submit(e.currentTarget, { replace: true })}>
          <div>
            <label htmlFor="triage-repo" className="block text-sm font-medium text-slate-800">
              Repository
            </label>
            <select
              id="triage-repo"
              name="repo"
              defaultValue={repositoryId}
              className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
            >
              <option value="">All repositories</option>
              {repositories.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
          <noscript>
            <Button variant="secondary">Show</Button>
          </noscript>
        </Form>
      ) : null}
      {actionData?.done ? (
        <div className="mb-4">
          <Notice tone="success">{actionData.done}</Notice>
        </div>
      ) : null}
      {queue.length === 0 ? (
        <EmptyState title="Nothing waits for a first response">
          Every open issue and discussion has an answer, or has been set aside. New threads appear here after the next GitHub sync.
        </EmptyState>
      ) : (
        <ol className="space-y-3" aria-label="Threads waiting for a first response">
          {queue.map((item) => (
            <li
              key={item.id}
              className={`rounded-lg border bg-white p-4 shadow-sm ${item.overTarget ? 'border-red-200' : 'border-slate-200'}`}
              data-testid="triage-item"
            >
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="text-xs text-slate-500">
                    {item.kind === 'discussion' ? `Discussion${item.category ? ` · ${item.category}` : ''}` : 'Issue'} · {item.repository}#
                    {item.number} · by {item.authorLogin ?? 'a deleted account'} · opened {formatDateTime(item.createdAt, timeZone)}
                  </p>
                  <a
                    href={item.url}
                    target="_blank"
                    rel="noreferrer"
                    className="font-medium text-slate-900 underline decoration-slate-300 hover:decoration-slate-700"
                  >
                    {item.title}
                    <span className="sr-only"> (opens GitHub)</span>
                  </a>
                </div>
                <span
                  className={`shrink-0 rounded-full px-2.5 py-1 text-xs font-semibold ${item.overTarget ? 'bg-red-100 text-red-800' : 'bg-slate-100 text-slate-700'}`}
                >
                  waiting {formatAge(item.ageHours)}
                  {item.overTarget ? ` · ${formatAge(item.ageHours - targetHours)} over target` : ''}
                </span>
              </div>
              {canEdit ? (
                <div className="mt-3 flex flex-wrap gap-4">
                  <details className="group" open={Boolean(errorsFor(item.id, 'handled', 'note'))}>
                    <summary className="cursor-pointer text-sm font-medium text-brand-700">Handled elsewhere…</summary>
                    <Form method="post" className="mt-2 flex flex-wrap items-end gap-2">
                      <input type="hidden" name="intent" value="handled" />
                      <input type="hidden" name="itemId" value={item.id} />
                      <div>
                        <label htmlFor={`note-${item.id}`} className="block text-sm text-slate-700">
                          Where was it handled?
                        </label>
                        <input
                          id={`note-${item.id}`}
                          name="note"
                          placeholder="e.g. answered on the forum"
                          className="mt-1 block w-72 rounded-md border border-slate-300 px-3 py-1.5 text-sm"
                          aria-invalid={errorsFor(item.id, 'handled', 'note') ? true : undefined}
                          aria-describedby={`note-${item.id}-error`}
                        />
                        <FieldErrors id={`note-${item.id}-error`} errors={errorsFor(item.id, 'handled', 'note')} />
                      </div>
                      <Button variant="secondary" disabled={busy}>
                        Mark handled
                      </Button>
                    </Form>
                  </details>
                  <details open={Boolean(errorsFor(item.id, 'snooze', 'until'))}>
                    <summary className="cursor-pointer text-sm font-medium text-brand-700">Snooze…</summary>
                    <Form method="post" className="mt-2 flex flex-wrap items-end gap-2">
                      <input type="hidden" name="intent" value="snooze" />
                      <input type="hidden" name="itemId" value={item.id} />
                      <div>
                        <label htmlFor={`until-${item.id}`} className="block text-sm text-slate-700">
                          Until
                        </label>
                        <input
                          id={`until-${item.id}`}
                          type="date"
                          name="until"
                          min={today}
                          className="mt-1 block rounded-md border border-slate-300 px-3 py-1.5 text-sm"
                          aria-invalid={errorsFor(item.id, 'snooze', 'until') ? true : undefined}
                          aria-describedby={`until-${item.id}-error`}
                        />
                        <FieldErrors id={`until-${item.id}-error`} errors={errorsFor(item.id, 'snooze', 'until')} />
                      </div>
                      <Button variant="secondary" disabled={busy}>
                        Snooze
                      </Button>
                    </Form>
                  </details>
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}

      <div className="mt-8 grid gap-4 lg:grid-cols-2">
        <Card title="Set aside">
          {setAside.length === 0 ? (
            <p className="text-sm text-slate-600">Nothing is marked as handled elsewhere or snoozed.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {setAside.map((s) => (
                <li key={s.id} className="flex items-center justify-between gap-3 py-2">
                  <div className="min-w-0">
                    <a href={s.url} className="underline decoration-slate-300">
                      #{s.number} {s.title}
                    </a>
                    <p className="text-xs text-slate-500">
                      {s.handledAt ? `Handled elsewhere: ${s.handledNote}` : `Snoozed until ${formatDate(s.snoozedUntil!, timeZone)}`}
                    </p>
                  </div>
                  {canEdit ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="return" />
                      <input type="hidden" name="itemId" value={s.id} />
                      <Button variant="ghost" disabled={busy}>
                        Put back
                      </Button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
        {canEdit ? (
          <Card title="Response target">
            <Form method="post" className="flex flex-wrap items-end gap-2">
              <input type="hidden" name="intent" value="target" />
              <div>
                <label htmlFor="target-hours" className="block text-sm font-medium text-slate-800">
                  Hours until a thread counts as over target
                </label>
                <input
                  id="target-hours"
                  name="targetHours"
                  type="number"
                  min={1}
                  max={2160}
                  defaultValue={targetHours}
                  className="mt-1 block w-32 rounded-md border border-slate-300 px-3 py-2 text-sm"
                  aria-describedby="target-hours-error"
                />
                <FieldErrors
                  id="target-hours-error"
                  errors={actionData?.intent === 'target' ? actionData.errors?.targetHours : undefined}
                />
              </div>
              <Button variant="secondary" disabled={busy}>
                Save
              </Button>
            </Form>
          </Card>
        ) : null}
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Triage · Community · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
