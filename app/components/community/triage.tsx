// The parts of /community/triage: the repository picker, a waiting thread with its "handled
// elsewhere" and "snooze" forms, what is set aside, and the response target.
import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, useSubmit } from 'react-router'
import { HandledElsewhereSchema, ResponseTargetSchema, SnoozeSchema } from '#app/domain/community/schemas.ts'
import { formatAge } from '#app/domain/community/this-week.ts'
import { GITHUB_ITEM_KIND_NAMES, type GithubItemKind } from '#app/domain/community/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { FieldErrors } from '#app/components/ui/field.tsx'
import { formatDate } from '#app/utils/format.ts'
import { useDates } from '#app/utils/dates.tsx'

type Result = SubmissionResult<string[]> | null | undefined

/** Which repository's queue to show (a GET form; a change applies at once with JavaScript). */
export function TriageRepositoryPicker({
  repositories,
  repositoryId,
}: {
  repositories: { value: string; label: string }[]
  repositoryId: string
}) {
  const submit = useSubmit()
  return (
    <Form method="get" className="mb-4 flex max-w-full items-end gap-2" onChange={(e) => submit(e.currentTarget, { replace: true })}>
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
  )
}

/** Which source's queue to show: GitHub, one forum, or all (a GET form, as the repository picker). */
export function TriageSourcePicker({ sources, source }: { sources: { value: string; label: string }[]; source: string }) {
  const submit = useSubmit()
  return (
    <Form method="get" className="mb-4 flex max-w-full items-end gap-2" onChange={(e) => submit(e.currentTarget, { replace: true })}>
      <div className="max-w-full">
        <label htmlFor="triage-source" className="block text-sm font-medium text-slate-800">
          Source
        </label>
        <select
          id="triage-source"
          name="source"
          defaultValue={source}
          className="mt-1 block max-w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
        >
          <option value="">All sources</option>
          {sources.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <noscript>
        <Button variant="secondary">Show</Button>
      </noscript>
    </Form>
  )
}

/** A GitHub item or a forum topic waiting in the queue. */
interface WaitingPost {
  id: string
  /** a GitHub item's kind, or a forum topic */
  kind: GithubItemKind | 'forum'
  repository: string
  number: number
  title: string
  url: string
  authorLogin: string | null
  category: string | null
  createdAt: Date | string
  ageHours: number
  overTarget: boolean
}

/**
 * An e-mail thread waiting in the queue: no link (it lives in a mail client), but its subject,
 * sender and Message-ID to find it — each null for a viewer who may not see who wrote.
 */
interface WaitingEmail {
  id: string
  kind: 'email'
  mailbox: string
  subject: string | null
  messageId: string | null
  senderName: string | null
  senderAddress: string | null
  createdAt: Date | string
  ageHours: number
  overTarget: boolean
}

export type WaitingThread = WaitingPost | WaitingEmail

/** An element id for a form about `itemId` (an e-mail thread's id holds a Message-ID, which may hold anything but spaces). */
const formIdOf = (prefix: string, itemId: string) => `${prefix}-${itemId.replace(/\s/g, '_')}`

function describeSender(item: WaitingEmail) {
  if (item.senderName) return `${item.senderName} <${item.senderAddress ?? ''}>`
  return item.senderAddress ?? 'an unknown sender'
}

/** What the thread is and where to find it: a GitHub item or forum topic links there; an e-mail shows how to find it in a mail client. */
function ThreadHeading({ item, timeZone }: { item: WaitingThread; timeZone: string }) {
  const dates = useDates(timeZone)
  if (item.kind === 'email')
    return (
      <>
        <p className="text-xs text-slate-500">
          E-mail · {item.mailbox}
          {item.subject !== null ? ` · from ${describeSender(item)}` : ''} · received {dates.dateTime(item.createdAt)}
        </p>
        {item.subject !== null ? (
          <p className="font-medium break-words text-slate-900">{item.subject || '(no subject)'}</p>
        ) : (
          <p className="text-sm text-slate-700">
            An e-mail thread: its subject and sender are shown to the community and admin roles only.
          </p>
        )}
        {item.messageId ? (
          <p className="mt-1 text-xs break-all text-slate-500">
            Message-ID: <code>&lt;{item.messageId}&gt;</code>
          </p>
        ) : null}
      </>
    )
  return (
    <>
      <p className="text-xs text-slate-500">
        {item.kind === 'forum' ? (
          <>
            Forum topic{item.category ? ` · ${item.category}` : ''} · {item.repository}
          </>
        ) : (
          <>
            {GITHUB_ITEM_KIND_NAMES[item.kind]}
            {item.kind === 'discussion' && item.category ? ` · ${item.category}` : ''} · {item.repository}#{item.number}
          </>
        )}{' '}
        · by {item.authorLogin ?? 'a deleted account'} · opened {dates.dateTime(item.createdAt)}
      </p>
      <a
        href={item.url}
        target="_blank"
        rel="noreferrer"
        className="font-medium break-words text-slate-900 underline decoration-slate-300 hover:decoration-slate-700"
      >
        {item.title}
        <span className="sr-only">{item.kind === 'forum' ? ' (opens the forum)' : ' (opens GitHub)'}</span>
      </a>
    </>
  )
}

/** A thread waiting for its first response, with what the community manager can do about it. */
export function WaitingThreadItem({
  item,
  targetHours,
  timeZone,
  today,
  canEdit,
  busy,
  handledResult,
  snoozeResult,
}: {
  item: WaitingThread
  targetHours: number
  timeZone: string
  /** the earliest day to snooze until (YYYY-MM-DD) */
  today: string
  canEdit: boolean
  busy: boolean
  handledResult: Result
  snoozeResult: Result
}) {
  return (
    <li
      className={`rounded-lg border bg-white p-4 shadow-sm ${item.overTarget ? 'border-red-200' : 'border-slate-200'}`}
      data-testid="triage-item"
      data-kind={item.kind}
    >
      {/* the age stays to the right of a long heading on a wide screen, and goes below it on a phone */}
      <div className="flex flex-wrap items-start justify-between gap-3 sm:flex-nowrap">
        <div className="min-w-0">
          <ThreadHeading item={item} timeZone={timeZone} />
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
          <HandledElsewhereForm itemId={item.id} lastResult={handledResult} busy={busy} />
          <SnoozeForm itemId={item.id} today={today} lastResult={snoozeResult} busy={busy} />
        </div>
      ) : null}
    </li>
  )
}

function HandledElsewhereForm({ itemId, lastResult, busy }: { itemId: string; lastResult: Result; busy: boolean }) {
  const [form, fields] = useForm({
    id: formIdOf('handled', itemId),
    lastResult,
    defaultValue: { itemId },
    constraint: getZodConstraint(HandledElsewhereSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: HandledElsewhereSchema }),
  })
  const errors = fields.note.errors ?? form.errors
  return (
    <details className="group" open={Boolean(errors?.length) || undefined}>
      <summary className="cursor-pointer text-sm font-medium text-brand-700">Handled elsewhere…</summary>
      <Form method="post" {...getFormProps(form)} className="mt-2 flex flex-wrap items-end gap-2">
        <input type="hidden" name="intent" value="handled" />
        <input {...getInputProps(fields.itemId, { type: 'hidden' })} />
        <div>
          <label htmlFor={fields.note.id} className="block text-sm text-slate-700">
            Where was it handled?
          </label>
          <input
            {...getInputProps(fields.note, { type: 'text' })}
            aria-describedby={fields.note.errorId}
            placeholder="e.g. answered on the forum"
            className="mt-1 block w-72 rounded-md border border-slate-300 px-3 py-1.5 text-sm"
          />
          <FieldErrors id={fields.note.errorId} errors={errors} />
        </div>
        <Button variant="secondary" disabled={busy}>
          Mark handled
        </Button>
      </Form>
    </details>
  )
}

function SnoozeForm({ itemId, today, lastResult, busy }: { itemId: string; today: string; lastResult: Result; busy: boolean }) {
  const [form, fields] = useForm({
    id: formIdOf('snooze', itemId),
    lastResult,
    defaultValue: { itemId },
    constraint: getZodConstraint(SnoozeSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SnoozeSchema }),
  })
  const errors = fields.until.errors ?? form.errors
  return (
    <details open={Boolean(errors?.length) || undefined}>
      <summary className="cursor-pointer text-sm font-medium text-brand-700">Snooze…</summary>
      <Form method="post" {...getFormProps(form)} className="mt-2 flex flex-wrap items-end gap-2">
        <input type="hidden" name="intent" value="snooze" />
        <input {...getInputProps(fields.itemId, { type: 'hidden' })} />
        <div>
          <label htmlFor={fields.until.id} className="block text-sm text-slate-700">
            Until
          </label>
          <input
            {...getInputProps(fields.until, { type: 'date' })}
            aria-describedby={fields.until.errorId}
            min={today}
            className="mt-1 block rounded-md border border-slate-300 px-3 py-1.5 text-sm"
          />
          <FieldErrors id={fields.until.errorId} errors={errors} />
        </div>
        <Button variant="secondary" disabled={busy}>
          Snooze
        </Button>
      </Form>
    </details>
  )
}

/** Threads marked as handled elsewhere or snoozed, which can be put back in the queue. */
export function SetAsideCard({
  setAside,
  timeZone,
  canEdit,
  busy,
}: {
  setAside: Array<{
    id: string
    kind: GithubItemKind | 'forum' | 'email'
    /** "#12 Title", or "mailbox: subject" for an e-mail thread */
    label: string
    /** null for an e-mail thread: it lives in a mail client */
    url: string | null
    handledAt: Date | string | null
    handledNote: string | null
    snoozedUntil: Date | string | null
  }>
  timeZone: string
  canEdit: boolean
  busy: boolean
}) {
  return (
    <Card title="Set aside">
      {setAside.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing is marked as handled elsewhere or snoozed.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {setAside.map((s) => (
            <li key={s.id} className="flex items-center justify-between gap-3 py-2">
              <div className="min-w-0">
                {s.url ? (
                  <a href={s.url} className="break-words underline decoration-slate-300">
                    {s.label}
                  </a>
                ) : (
                  <p className="break-words">
                    <span className="text-slate-500">E-mail · </span>
                    {s.label}
                  </p>
                )}
                <p className="text-xs text-slate-500">
                  {s.handledAt ? `Handled elsewhere: ${s.handledNote}` : `Snoozed until ${formatDate(s.snoozedUntil!, timeZone)}`}
                </p>
              </div>
              {canEdit ? (
                <Form method="post" className="shrink-0">
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
  )
}

export function ResponseTargetForm({ targetHours, lastResult, busy }: { targetHours: number; lastResult: Result; busy: boolean }) {
  const [form, fields] = useForm({
    id: 'response-target',
    lastResult,
    defaultValue: { targetHours: String(targetHours) },
    constraint: getZodConstraint(ResponseTargetSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResponseTargetSchema }),
  })
  return (
    <Card title="Response target">
      <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="intent" value="target" />
        <div>
          <label htmlFor={fields.targetHours.id} className="block text-sm font-medium text-slate-800">
            Hours until a thread counts as over target
          </label>
          <input
            {...getInputProps(fields.targetHours, { type: 'number' })}
            aria-describedby={fields.targetHours.errorId}
            className="mt-1 block w-32 rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
          <FieldErrors id={fields.targetHours.errorId} errors={fields.targetHours.errors ?? form.errors} />
        </div>
        <Button variant="secondary" disabled={busy}>
          Save
        </Button>
      </Form>
    </Card>
  )
}
