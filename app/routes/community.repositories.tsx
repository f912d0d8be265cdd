import type { SubmissionResult } from '@conform-to/react'
import { useEffect } from 'react'
import { data, Form, useActionData, useLoaderData, useNavigation, useRevalidator } from 'react-router'
import { queueGithubSync } from '#app/domain/community/github-sync.server.ts'
import { saveMaintainerSetting } from '#app/domain/community/maintainers.server.ts'
import { getRepositoriesPage } from '#app/domain/community/pages.server.ts'
import { fullName } from '#app/domain/community/repositories.ts'
import { addRepository, deactivateRepository } from '#app/domain/community/repositories.server.ts'
import { AddRepositorySchema, MaintainersSchema, RepositoryRefSchema, SyncAllSchema } from '#app/domain/community/schemas.ts'
import { AddRepositoryForm, MaintainersCard, RepositorySyncCard } from '#app/components/community/repositories.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { type FormOutcome, submitForm } from '#app/utils/form-actions.server.ts'
import { hasRole, requireRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/community.repositories'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return { canEdit: hasRole(user, 'community'), ...(await getRepositoriesPage()) }
}

type Intent = 'add' | 'maintainers' | 'sync' | 'sync-all' | 'deactivate'

/** Every answer names the intent it answers, so only that form (or notice) on the page shows it. */
function answer(intent: Intent, result: SubmissionResult<string[]>, message: string | null = null) {
  return { intent, result, message }
}

function refusal(intent: Intent, outcome: Extract<FormOutcome<unknown, unknown>, { ok: false }>) {
  return data(answer(intent, outcome.refusal.data.result), outcome.refusal.init ?? { status: 400 })
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'community')
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'add':
      return addRepositoryIntent(formData, user.id)
    case 'maintainers':
      return saveMaintainersIntent(formData, user.id)
    case 'sync':
      return syncRepositoryIntent(formData)
    case 'sync-all':
      return syncAllIntent(formData)
    case 'deactivate':
      return deactivateRepositoryIntent(formData, user.id)
    default:
      throw data('Unknown intent', { status: 400 })
  }
}

async function addRepositoryIntent(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, AddRepositorySchema, (value) => addRepository({ ...value.repository, actorId }))
  if (!outcome.ok) return refusal('add', outcome)
  return answer(
    'add',
    outcome.submission.reply({ resetForm: true }),
    `Now tracking ${fullName(outcome.result)}. Press “Sync now” to fetch its history.`,
  )
}

async function saveMaintainersIntent(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, MaintainersSchema, (value) => saveMaintainerSetting({ logins: value.maintainers, actorId }))
  if (!outcome.ok) return refusal('maintainers', outcome)
  return answer('maintainers', outcome.submission.reply(), 'Maintainers saved.')
}

async function syncRepositoryIntent(formData: FormData) {
  const outcome = await submitForm(formData, RepositoryRefSchema, (value) => queueGithubSync({ repositoryId: value.repositoryId }))
  if (!outcome.ok) return refusal('sync', outcome)
  return answer('sync', outcome.submission.reply(), 'Sync queued: progress shows below.')
}

async function syncAllIntent(formData: FormData) {
  const outcome = await submitForm(formData, SyncAllSchema, () => queueGithubSync({}))
  if (!outcome.ok) return refusal('sync-all', outcome)
  return answer('sync-all', outcome.submission.reply(), 'Sync queued: progress shows below.')
}

async function deactivateRepositoryIntent(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, RepositoryRefSchema, (value) => deactivateRepository({ id: value.repositoryId, actorId }))
  if (!outcome.ok) return refusal('deactivate', outcome)
  return answer('deactivate', outcome.submission.reply(), `${fullName(outcome.result)} is no longer synced; its data stays.`)
}

export default function CommunityRepositoriesRoute() {
  const { canEdit, timeZone, connection, maintainersText, maintainers, repositories } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const revalidator = useRevalidator()
  const anyRunning = repositories.some((r) => r.running)

  // While a sync runs, refresh the progress every few seconds.
  useEffect(() => {
    if (!anyRunning) return
    const timer = setInterval(() => {
      if (revalidator.state === 'idle' && document.visibilityState === 'visible') void revalidator.revalidate()
    }, 3_000)
    return () => clearInterval(timer)
  }, [anyRunning, revalidator])

  const resultOf = (intent: Intent) => (actionData?.intent === intent ? actionData.result : undefined)
  // The buttons' refusals (the sync could not be queued, the repository is gone) show above the cards.
  const refused = actionData && !['add', 'maintainers'].includes(actionData.intent) ? actionData.result.error?.[''] : undefined
  const busy = navigation.state !== 'idle'
  const active = repositories.filter((r) => r.active)
  const inactive = repositories.filter((r) => !r.active)

  return (
    <>
      <PageHeader
        title="Repositories"
        description="The GitHub repositories whose issues, pull requests, discussions and commits feed the community numbers. They sync every hour; each sync only asks GitHub for what changed."
        actions={
          canEdit && active.length > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="sync-all" />
              <Button variant="secondary" disabled={busy}>
                Sync all now
              </Button>
            </Form>
          ) : null
        }
      />
      <div className="space-y-6">
        {!connection.tokenSet ? (
          <Notice tone="warning">
            No GitHub token is configured: set <code>GITHUB_TOKEN</code> (a token that can read these repositories) and restart Steward, or
            syncs will fail.
          </Notice>
        ) : null}
        {actionData?.message ? <Notice tone="success">{actionData.message}</Notice> : null}
        {refused?.length ? <Notice tone="error">{refused.join(' ')}</Notice> : null}

        {active.length === 0 ? (
          <EmptyState title="No repository is tracked yet">
            {canEdit
              ? 'Add your project’s repository below (OWNER/NAME), then press “Sync now”.'
              : 'Ask your community manager to add the project’s repository.'}
          </EmptyState>
        ) : (
          active.map((repo) => <RepositorySyncCard key={repo.id} repo={repo} timeZone={timeZone} canEdit={canEdit} busy={busy} />)
        )}

        {canEdit ? <AddRepositoryForm lastResult={resultOf('add')} busy={busy} /> : null}

        <MaintainersCard
          maintainers={maintainers}
          maintainersText={maintainersText}
          canEdit={canEdit}
          lastResult={resultOf('maintainers')}
          busy={busy}
        />

        {inactive.length > 0 ? (
          <Card title="No longer synced">
            <ul className="text-sm text-slate-700">
              {inactive.map((r) => (
                <li key={r.id}>
                  {r.fullName} — its data stays in the numbers of past periods.{canEdit ? ' Add it again above to resume syncing.' : ''}
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Repositories · Community · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
