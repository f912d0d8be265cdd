import { data, useActionData, useLoaderData } from 'react-router'
import {
  changeSponsorStage,
  createSponsor,
  getSponsorsPage,
  logInteraction,
  saveSponsorStageLabels,
  updateSponsor,
} from '#app/domain/fundraising/sponsors.server.ts'
import {
  InteractionSchema,
  SponsorSchema,
  SponsorStageLabelsSchema,
  SponsorStageSchema,
  UpdateSponsorSchema,
} from '#app/domain/fundraising/schemas.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { resultFor } from '#app/components/fundraising/action-result.ts'
import {
  NewSponsorForm,
  PipelineSummary,
  SponsorCard,
  SponsorsTable,
  stageAnchor,
  StageLabelsForm,
} from '#app/components/fundraising/sponsors.tsx'
import { EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { hasRole, requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/fundraising.sponsors'

export async function loader({ request }: Route.LoaderArgs) {
  // The council reads where each organisation stands; only fundraising edits and sees the log.
  const user = await requireRole(request, 'fundraising', 'council')
  return getSponsorsPage({ now: new Date(), readOnly: !hasRole(user, 'fundraising') })
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'fundraising')
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'create':
      return addSponsor(formData, user.id)
    case 'stage':
      return moveSponsor(formData, user.id)
    case 'update':
      return saveSponsor(formData, user.id)
    case 'labels':
      return renameStages(formData, user.id)
    case 'interaction':
      return logSponsorInteraction(formData, user.id)
    default:
      throw data(`Unknown intent "${intent}"`, { status: 400 })
  }
}

async function addSponsor(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, SponsorSchema, (value) => createSponsor({ ...value, actorId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'create', result: outcome.submission.reply({ resetForm: true }), message: 'Sponsor added.' }
}

async function moveSponsor(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, SponsorStageSchema, (value) => changeSponsorStage({ ...value, actorId }))
  if (!outcome.ok) return outcome.refusal
  const { sponsorId } = outcome.result
  return { intent: 'stage', sponsorId, result: outcome.submission.reply({ resetForm: true }), message: 'Stage changed.' }
}

async function renameStages(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, SponsorStageLabelsSchema, (labels) => saveSponsorStageLabels({ labels, actorId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'labels', result: outcome.submission.reply(), message: 'Stage names saved.' }
}

async function saveSponsor(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, UpdateSponsorSchema, (value) => updateSponsor({ ...value, actorId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'update', result: outcome.submission.reply(), message: 'Sponsor updated.' }
}

async function logSponsorInteraction(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, InteractionSchema, (value) => logInteraction({ ...value, actorId }))
  if (!outcome.ok) return outcome.refusal
  const { sponsorId } = outcome.result
  return { intent: 'interaction', sponsorId, result: outcome.submission.reply({ resetForm: true }), message: 'Logged.' }
}

export default function SponsorsRoute() {
  const { sponsors, people, interactions, history, labels, counts, today, readOnly } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader
        title="Sponsors and funders"
        description="Organisations that support the project: where each stands in the pipeline, when it renews, who keeps it, and what was said."
      />
      <div className="space-y-6">
        {actionData && 'message' in actionData ? <Notice tone="success">{actionData.message}</Notice> : null}
        {sponsors.length === 0 ? (
          <EmptyState title="No sponsors yet">
            {readOnly
              ? 'The fundraising lead has not added any organisation yet.'
              : 'Add the first organisation below, even as a prospect.'}
          </EmptyState>
        ) : (
          <PipelineSummary counts={counts} linked={!readOnly} />
        )}
        {readOnly ? (
          sponsors.length ? (
            <SponsorsTable sponsors={sponsors} labels={labels} />
          ) : null
        ) : (
          <>
            {sponsors.length
              ? counts.map((c) => (
                  <section key={c.stage} id={stageAnchor(c.stage)} aria-labelledby={`${stageAnchor(c.stage)}-heading`}>
                    <h2 id={`${stageAnchor(c.stage)}-heading`} className="mb-2 text-lg font-semibold text-slate-900">
                      {c.label} <span className="text-sm font-normal text-slate-600">({c.count})</span>
                    </h2>
                    {c.count === 0 ? (
                      <p className="text-sm text-slate-600">Nobody in this stage.</p>
                    ) : (
                      <div className="grid gap-4 lg:grid-cols-2">
                        {sponsors
                          .filter((s) => s.stage === c.stage)
                          .map((s) => (
                            <SponsorCard
                              key={s.id}
                              sponsor={s}
                              interactions={interactions}
                              history={history}
                              labels={labels}
                              people={people}
                              today={today}
                              stageResult={resultFor(actionData, 'stage', { sponsorId: s.id })}
                              updateResult={resultFor(actionData, 'update', { sponsorId: s.id })}
                              interactionResult={resultFor(actionData, 'interaction', { sponsorId: s.id })}
                            />
                          ))}
                      </div>
                    )}
                  </section>
                ))
              : null}
            <NewSponsorForm people={people} labels={labels} lastResult={resultFor(actionData, 'create')} />
            <StageLabelsForm labels={labels} lastResult={resultFor(actionData, 'labels')} />
          </>
        )}
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Sponsors · Fundraising · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
