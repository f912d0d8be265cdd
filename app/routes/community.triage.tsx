import type { SubmissionResult } from '@conform-to/react'
import { data, useActionData, useLoaderData, useNavigation } from 'react-router'
import { getTriagePage } from '#app/domain/community/pages.server.ts'
import { HandledElsewhereSchema, ResponseTargetSchema, SnoozeSchema, TriageItemRefSchema } from '#app/domain/community/schemas.ts'
import { markHandledElsewhere, returnToQueue, saveResponseTargetHours, snoozeItemUntilDay } from '#app/domain/community/triage.server.ts'
import { CommunityNav } from '#app/components/community/community-ui.tsx'
import {
  ResponseTargetForm,
  SetAsideCard,
  TriageRepositoryPicker,
  TriageSourcePicker,
  WaitingThreadItem,
} from '#app/components/community/triage.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { Pagination } from '#app/components/ui/pagination.tsx'
import { type FormOutcome, submitForm } from '#app/utils/form-actions.server.ts'
import { hasRole, requireRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/community.triage'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return { canEdit: hasRole(user, 'community'), ...(await getTriagePage(new URL(request.url).searchParams, user)) }
}

type Intent = 'handled' | 'snooze' | 'return' | 'target'

/** Every answer names its intent and item, so only the form it answers shows it. */
function answer(intent: Intent, itemId: string, result: SubmissionResult<string[]>, message: string | null = null) {
  return { intent, itemId, result, message }
}

function refusal(intent: Intent, itemId: string, outcome: Extract<FormOutcome<unknown, unknown>, { ok: false }>) {
  return data(answer(intent, itemId, outcome.refusal.data.result), outcome.refusal.init ?? { status: 400 })
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'community')
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'handled':
      return markHandledIntent(formData, user.id)
    case 'snooze':
      return snoozeIntent(formData, user.id)
    case 'return':
      return returnToQueueIntent(formData, user.id)
    case 'target':
      return saveTargetIntent(formData, user.id)
    default:
      throw data('Unknown intent', { status: 400 })
  }
}

const itemIdOf = (formData: FormData) => String(formData.get('itemId') ?? '')

async function markHandledIntent(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, HandledElsewhereSchema, (value) => markHandledElsewhere({ ...value, actorId }))
  if (!outcome.ok) return refusal('handled', itemIdOf(formData), outcome)
  return answer('handled', itemIdOf(formData), outcome.submission.reply({ resetForm: true }), 'Marked as handled elsewhere.')
}

async function snoozeIntent(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, SnoozeSchema, async (value) => {
    await snoozeItemUntilDay({ ...value, actorId })
    return value.until
  })
  if (!outcome.ok) return refusal('snooze', itemIdOf(formData), outcome)
  return answer('snooze', itemIdOf(formData), outcome.submission.reply({ resetForm: true }), `Snoozed until ${outcome.result}.`)
}

async function returnToQueueIntent(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, TriageItemRefSchema, (value) => returnToQueue({ ...value, actorId }))
  if (!outcome.ok) return refusal('return', itemIdOf(formData), outcome)
  return answer('return', itemIdOf(formData), outcome.submission.reply(), 'Back in the queue.')
}

async function saveTargetIntent(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, ResponseTargetSchema, async (value) => {
    await saveResponseTargetHours({ ...value, actorId })
    return value.targetHours
  })
  if (!outcome.ok) return refusal('target', '', outcome)
  return answer('target', '', outcome.submission.reply(), `Response target set to ${outcome.result} h.`)
}

export default function TriageRoute() {
  const {
    queue,
    total,
    overTarget,
    firstShown,
    page,
    pageCount,
    pageSize,
    setAside,
    targetHours,
    timeZone,
    canEdit,
    today,
    repositories,
    repositoryId,
    sources,
    source,
  } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const resultFor = (intent: Intent, itemId: string) =>
    actionData?.intent === intent && actionData.itemId === itemId ? actionData.result : undefined
  // "Put back" has no form of its own to show a refusal (the item is gone): it shows above the queue.
  const refused = actionData?.intent === 'return' ? actionData.result.error?.[''] : undefined
  return (
    <>
      <PageHeader
        title="Triage"
        description={`Open issues, pull requests awaiting a first review or comment, discussions, forum topics and e-mail to the project's mailboxes that nobody but their author has answered yet, oldest first. The response target is ${targetHours} hours; ${overTarget} of ${total} are over it.`}
      />
      <CommunityNav />
      <div className="flex flex-wrap gap-4">
        {sources.length > 0 ? <TriageSourcePicker sources={sources} source={source} /> : null}
        {repositories.length > 1 ? <TriageRepositoryPicker repositories={repositories} repositoryId={repositoryId} /> : null}
      </div>
      {actionData?.message ? (
        <div className="mb-4">
          <Notice tone="success">{actionData.message}</Notice>
        </div>
      ) : null}
      {refused?.length ? (
        <div className="mb-4">
          <Notice tone="error">{refused.join(' ')}</Notice>
        </div>
      ) : null}
      {queue.length === 0 ? (
        <EmptyState title="Nothing waits for a first response">
          Every open issue, pull request, discussion, forum topic and e-mail thread has an answer or a review, or has been set aside. New
          threads appear here after the next sync.
        </EmptyState>
      ) : (
        <ol className="space-y-3" aria-label="Threads waiting for a first response" start={firstShown}>
          {queue.map((item) => (
            <WaitingThreadItem
              key={item.id}
              item={item}
              targetHours={targetHours}
              timeZone={timeZone}
              today={today}
              canEdit={canEdit}
              busy={busy}
              handledResult={resultFor('handled', item.id)}
              snoozeResult={resultFor('snooze', item.id)}
            />
          ))}
        </ol>
      )}
      <Pagination
        page={page}
        pages={pageCount}
        summary={pageCount > 1 ? `Page ${page} of ${pageCount}, ${pageSize} threads a page, oldest first` : undefined}
        previousLabel="Older threads"
        nextLabel="Newer threads"
      />

      <div className="mt-8 grid gap-4 lg:grid-cols-2">
        <SetAsideCard setAside={setAside} timeZone={timeZone} canEdit={canEdit} busy={busy} />
        {canEdit ? <ResponseTargetForm targetHours={targetHours} lastResult={resultFor('target', '')} busy={busy} /> : null}
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Triage · Community · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
