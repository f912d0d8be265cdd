import { data, Form, Link, useLoaderData } from 'react-router'
import { dismissNotification, getNotificationsPage, markNotificationsRead } from '#app/domain/notifications/inbox.server.ts'
import { MarkNotificationReadSchema } from '#app/domain/notifications/schemas.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { useDates } from '#app/utils/dates.tsx'
import { NoFieldsSchema, submitForm } from '#app/utils/form-actions.server.ts'
import { requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/notifications'

// Everyone signed in has a notification centre; each person sees only their own.
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return getNotificationsPage({ user })
}

async function markOneRead(formData: FormData, userId: string) {
  const outcome = await submitForm(formData, MarkNotificationReadSchema, (value) => markNotificationsRead({ userId, ids: [value.id] }))
  if (!outcome.ok) return outcome.refusal
  return { result: outcome.submission.reply() }
}

async function dismissOne(formData: FormData, userId: string) {
  const outcome = await submitForm(formData, MarkNotificationReadSchema, (value) => dismissNotification({ userId, id: value.id }))
  if (!outcome.ok) return outcome.refusal
  return { result: outcome.submission.reply() }
}

async function markAllRead(formData: FormData, userId: string) {
  const outcome = await submitForm(formData, NoFieldsSchema, () => markNotificationsRead({ userId }))
  if (!outcome.ok) return outcome.refusal
  return { result: outcome.submission.reply() }
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request)
  const formData = await request.formData()
  switch (formData.get('intent')) {
    case 'read':
      return markOneRead(formData, user.id)
    case 'read-all':
      return markAllRead(formData, user.id)
    case 'dismiss':
      return dismissOne(formData, user.id)
    default:
      throw data({ message: 'Unknown form' }, { status: 400 })
  }
}

export default function NotificationsRoute() {
  const page = useLoaderData<typeof loader>()
  const dates = useDates(page.timeZone)
  const open = page.notifications.filter((n) => !n.done)
  const done = page.notifications.filter((n) => n.done)
  return (
    <div>
      <PageHeader
        title="Notifications"
        description={
          <>
            Deadlines, open slots, unanswered threads, failed syncs and report sections that need you. Each one goes away by itself once the
            thing is handled. Choose what is e-mailed to you in{' '}
            <Link className="underline" to="/settings/account#notifications">
              your settings
            </Link>
            .
          </>
        }
        actions={
          page.unread > 0 ? (
            <Form method="post">
              <Button name="intent" value="read-all" variant="secondary">
                Mark all read
              </Button>
            </Form>
          ) : null
        }
      />
      {open.length === 0 ? (
        <EmptyState title="Nothing needs you right now.">
          Steward checks every 15 minutes and tells you here when a deadline nears, a slot is empty or a thread waits.
        </EmptyState>
      ) : (
        <Card title={`Open (${open.length}, ${page.unread} unread)`}>
          <ul className="divide-y divide-slate-100">
            {open.map((n) => (
              <li key={n.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                <div className="min-w-0 flex-1">
                  <p className={`text-sm ${n.read ? 'text-slate-600' : 'font-semibold text-slate-900'}`}>
                    {n.read ? null : <span className="sr-only">Unread: </span>}
                    {n.link ? (
                      <Link to={n.link} className="hover:underline">
                        {n.text}
                      </Link>
                    ) : (
                      n.text
                    )}
                  </p>
                  <p className="mt-0.5 text-xs text-slate-600">
                    {n.kindLabel} · {dates.dateTime(n.createdAt)}
                  </p>
                </div>
                {n.read ? null : (
                  <Form method="post">
                    <input type="hidden" name="id" value={n.id} />
                    <Button name="intent" value="read" variant="ghost" className="px-2 py-1" aria-label={`Mark read: ${n.text}`}>
                      Mark read
                    </Button>
                  </Form>
                )}
                {n.dismissible ? (
                  <Form method="post">
                    <input type="hidden" name="id" value={n.id} />
                    <Button name="intent" value="dismiss" variant="ghost" className="px-2 py-1" aria-label={`Dismiss: ${n.text}`}>
                      Dismiss
                    </Button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      )}
      {done.length ? (
        <div className="mt-6">
          <Card title="Done this week">
            <ul className="space-y-1 text-sm text-slate-600">
              {done.map((n) => (
                <li key={n.id}>
                  <span className="line-through">{n.text}</span> <span className="text-xs">({n.kindLabel})</span>
                </li>
              ))}
            </ul>
          </Card>
        </div>
      ) : null}
    </div>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Notifications · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
