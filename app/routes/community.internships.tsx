import type { SubmissionResult } from '@conform-to/react'
import { data, useActionData, useLoaderData, useNavigation } from 'react-router'
import { addIntern, addMilestone, completeMilestone, createProgramme, setInternStatus } from '#app/domain/community/internships.server.ts'
import { getInternshipsPage } from '#app/domain/community/pages.server.ts'
import {
  AddInternSchema,
  AddMilestoneSchema,
  InternStatusSchema,
  MilestoneRefSchema,
  ProgrammeSchema,
} from '#app/domain/community/schemas.ts'
import { INTERN_STATUS_LABELS } from '#app/domain/community/vocabulary.ts'
import { CommunityNav } from '#app/components/community/community-ui.tsx'
import { AddProgrammeForm, ProgrammeCard } from '#app/components/community/internships.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { type FormOutcome, submitForm } from '#app/utils/form-actions.server.ts'
import { hasRole, requireRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/community.internships'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return { canEdit: hasRole(user, 'community'), ...(await getInternshipsPage()) }
}

type Intent = 'programme' | 'intern' | 'milestone' | 'status' | 'complete' | 'reopen'

/**
 * Every answer names its intent and what it was about (the programme, intern or milestone), so
 * only the form it answers shows it.
 */
function answer(intent: Intent, target: string, result: SubmissionResult<string[]>, message: string | null = null) {
  return { intent, target, result, message }
}

function refusal(intent: Intent, target: string, outcome: Extract<FormOutcome<unknown, unknown>, { ok: false }>) {
  return data(answer(intent, target, outcome.refusal.data.result), outcome.refusal.init ?? { status: 400 })
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'community')
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'programme':
      return createProgrammeIntent(formData, user.id)
    case 'intern':
      return addInternIntent(formData, user.id)
    case 'milestone':
      return addMilestoneIntent(formData, user.id)
    case 'status':
      return setInternStatusIntent(formData, user.id)
    case 'complete':
    case 'reopen':
      return completeMilestoneIntent(formData, intent, user.id)
    default:
      throw data('Unknown intent', { status: 400 })
  }
}

const field = (formData: FormData, name: string) => String(formData.get(name) ?? '')

async function createProgrammeIntent(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, ProgrammeSchema, (value) => createProgramme({ ...value, actorId }))
  if (!outcome.ok) return refusal('programme', '', outcome)
  return answer('programme', '', outcome.submission.reply({ resetForm: true }), `Added ${outcome.result.name}.`)
}

async function addInternIntent(formData: FormData, actorId: string) {
  const programmeId = field(formData, 'programmeId')
  const outcome = await submitForm(formData, AddInternSchema, (value) => addIntern({ ...value, actorId }))
  if (!outcome.ok) return refusal('intern', programmeId, outcome)
  return answer('intern', programmeId, outcome.submission.reply({ resetForm: true }), `Added ${outcome.result.name}.`)
}

async function addMilestoneIntent(formData: FormData, actorId: string) {
  const programmeId = field(formData, 'programmeId')
  const outcome = await submitForm(formData, AddMilestoneSchema, (value) => addMilestone({ ...value, actorId }))
  if (!outcome.ok) return refusal('milestone', programmeId, outcome)
  return answer('milestone', programmeId, outcome.submission.reply({ resetForm: true }), `Added the milestone “${outcome.result.title}”.`)
}

async function setInternStatusIntent(formData: FormData, actorId: string) {
  const internId = field(formData, 'internId')
  const outcome = await submitForm(formData, InternStatusSchema, (value) => setInternStatus({ ...value, actorId }))
  if (!outcome.ok) return refusal('status', internId, outcome)
  return answer('status', internId, outcome.submission.reply(), `Status: ${INTERN_STATUS_LABELS[outcome.result.status]}.`)
}

async function completeMilestoneIntent(formData: FormData, intent: 'complete' | 'reopen', actorId: string) {
  const milestoneId = field(formData, 'milestoneId')
  const outcome = await submitForm(formData, MilestoneRefSchema, (value) =>
    completeMilestone({ ...value, done: intent === 'complete', actorId }),
  )
  if (!outcome.ok) return refusal(intent, milestoneId, outcome)
  return answer(intent, milestoneId, outcome.submission.reply(), intent === 'complete' ? 'Milestone done.' : 'Milestone reopened.')
}

export default function InternshipsRoute() {
  const { programmes, canEdit, thisYear, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const resultFor = (intent: Intent, target: string) =>
    actionData?.intent === intent && actionData.target === target ? actionData.result : undefined
  // The status and milestone buttons have no field to show a refusal next to: it shows above.
  const refused = actionData && ['status', 'complete', 'reopen'].includes(actionData.intent) ? actionData.result.error?.[''] : undefined
  return (
    <>
      <PageHeader
        title="Internships"
        description="Google Summer of Code, Outreachy and other programmes: interns, projects, mentors, status and milestone dates. The next milestone shows on This week and in the calendar feed."
      />
      <CommunityNav />
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
      {programmes.length === 0 ? (
        <EmptyState title="No programme yet">
          {canEdit
            ? 'Add this year’s programme below, then its interns and milestone dates.'
            : 'The community manager adds programmes here.'}
        </EmptyState>
      ) : null}
      <div className="space-y-6">
        {programmes.map((p) => (
          <ProgrammeCard
            key={p.id}
            programme={p}
            today={today}
            canEdit={canEdit}
            busy={busy}
            internResult={resultFor('intern', p.id)}
            milestoneResult={resultFor('milestone', p.id)}
          />
        ))}
        {canEdit ? <AddProgrammeForm thisYear={thisYear} lastResult={resultFor('programme', '')} busy={busy} /> : null}
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Internships · Community · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
