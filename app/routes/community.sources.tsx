import type { SubmissionResult } from '@conform-to/react'
import { useEffect } from 'react'
import { data, Form, useActionData, useLoaderData, useNavigation, useRevalidator } from 'react-router'
import { queueGithubSync } from '#app/domain/community/github-sync.server.ts'
import { saveMaintainerSetting } from '#app/domain/community/maintainers.server.ts'
import { getSourcesPage } from '#app/domain/community/pages.server.ts'
import { fullName } from '#app/domain/community/repositories.ts'
import { addRepository, deactivateRepository } from '#app/domain/community/repositories.server.ts'
import {
  AddForumSchema,
  AddMailboxSchema,
  AddRepositorySchema,
  MaintainersSchema,
  RepositoryRefSchema,
  SourceCredentialSchema,
  SourceRefSchema,
  SyncAllSchema,
} from '#app/domain/community/schemas.ts'
import { addDiscourseSource, addImapSource, removeSource, setSourceCredential } from '#app/domain/community/sources.server.ts'
import { queueSourcesSync } from '#app/domain/community/sources-sync.server.ts'
import { CommunityNav } from '#app/components/community/community-ui.tsx'
import { AddRepositoryForm, MaintainersCard, RepositoryNames, RepositorySyncCard } from '#app/components/community/repositories.tsx'
import { AddForumForm, AddMailboxForm, SourceNames, SourceSyncCard } from '#app/components/community/sources.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { type FormOutcome, submitForm } from '#app/utils/form-actions.server.ts'
import { hasRole, requireRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/community.sources'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return getSourcesPage({ canEdit: hasRole(user, 'community') })
}

type Intent =
  'add' | 'maintainers' | 'sync' | 'sync-all' | 'deactivate' | 'add-forum' | 'add-mailbox' | 'sync-source' | 'remove-source' | 'credential'

/** Credentials are never sent back to the browser, not even in a refused form. */
const SECRET_FIELDS = ['apiKey', 'password', 'secret']

/** Every answer names the intent it answers, so only that form (or notice) on the page shows it. */
function answer(intent: Intent, result: SubmissionResult<string[]>, message: string | null = null) {
  return { intent, result, message }
}

function refusal(intent: Intent, outcome: Extract<FormOutcome<unknown, unknown>, { ok: false }>, sourceId = '') {
  return data({ ...answer(intent, outcome.refusal.data.result), sourceId }, outcome.refusal.init ?? { status: 400 })
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
    case 'add-forum':
      return addForumIntent(formData, user.id)
    case 'add-mailbox':
      return addMailboxIntent(formData, user.id)
    case 'sync-source':
      return syncSourceIntent(formData)
    case 'remove-source':
      return removeSourceIntent(formData, user.id)
    case 'credential':
      return credentialIntent(formData, user.id)
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

async function addForumIntent(formData: FormData, actorId: string) {
  const outcome = await submitForm(
    formData,
    AddForumSchema,
    (value) =>
      addDiscourseSource({
        url: value.url,
        apiUsername: value.apiUsername,
        apiKey: value.apiKey ? { value: value.apiKey } : value.apiKeyEnv ? { envVar: value.apiKeyEnv } : null,
        categories: value.categories,
        maintainerGroups: value.groups,
        actorId,
      }),
    { hideFields: SECRET_FIELDS },
  )
  if (!outcome.ok) return refusal('add-forum', outcome)
  return answer(
    'add-forum',
    outcome.submission.reply({ resetForm: true }),
    `Now following ${outcome.result.name}. Press “Sync now” to read its topics.`,
  )
}

async function addMailboxIntent(formData: FormData, actorId: string) {
  const outcome = await submitForm(
    formData,
    AddMailboxSchema,
    (value) =>
      addImapSource({
        host: value.host,
        port: value.port,
        tls: value.tls === 'tls',
        user: value.user,
        password: value.password ? { value: value.password } : { envVar: value.passwordEnv! },
        projectAddresses: value.projectAddresses,
        actorId,
      }),
    { hideFields: SECRET_FIELDS },
  )
  if (!outcome.ok) return refusal('add-mailbox', outcome)
  return answer('add-mailbox', outcome.submission.reply({ resetForm: true }), `Now following ${outcome.result.name}.`)
}

async function syncSourceIntent(formData: FormData) {
  const outcome = await submitForm(formData, SourceRefSchema, (value) => queueSourcesSync({ id: value.sourceId }))
  if (!outcome.ok) return refusal('sync-source', outcome)
  return answer('sync-source', outcome.submission.reply(), 'Sync queued: progress shows below.')
}

async function removeSourceIntent(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, SourceRefSchema, (value) => removeSource({ id: value.sourceId, actorId }))
  if (!outcome.ok) return refusal('remove-source', outcome)
  return answer('remove-source', outcome.submission.reply(), `${outcome.result.name} is no longer synced; its data stays.`)
}

async function credentialIntent(formData: FormData, actorId: string) {
  const sourceId = String(formData.get('sourceId') ?? '')
  const outcome = await submitForm(
    formData,
    SourceCredentialSchema,
    (value) =>
      setSourceCredential({
        id: value.sourceId,
        secret: value.secret ? { value: value.secret } : { envVar: value.secretEnv! },
        actorId,
      }),
    { hideFields: SECRET_FIELDS },
  )
  if (!outcome.ok) return refusal('credential', outcome, sourceId)
  return { ...answer('credential', outcome.submission.reply({ resetForm: true }), `Credential of ${outcome.result.name} saved.`), sourceId }
}

const DESCRIPTION =
  "Where the community numbers come from: GitHub repositories, Discourse forums and the project's mailboxes. They sync every hour; each sync only asks for what changed."

type SourcesPage = ReturnType<typeof useLoaderData<typeof loader>>

export default function CommunitySourcesRoute() {
  const page = useLoaderData<typeof loader>()
  return page.canEdit ? <SourcesForEditors page={page} /> : <SourcesForReaders page={page} />
}

/** Those who may not edit read the sources' names: the loader sends them nothing else. */
function SourcesForReaders({ page }: { page: Extract<SourcesPage, { canEdit: false }> }) {
  const { repositories, sources } = page
  return (
    <>
      <PageHeader title="Sources" description={DESCRIPTION} />
      <CommunityNav />
      {repositories.length === 0 && sources.length === 0 ? (
        <EmptyState title="No source yet">
          The community manager or an admin adds the project’s repositories, forums and mailboxes: ask them if one is missing.
        </EmptyState>
      ) : (
        <div className="space-y-4">
          <p className="text-sm text-slate-600">The community manager and admins add these sources and watch their syncs.</p>
          <div className="grid gap-4 lg:grid-cols-2">
            <RepositoryNames repositories={repositories} />
            <SourceNames sources={sources} />
          </div>
        </div>
      )}
    </>
  )
}

function SourcesForEditors({ page }: { page: Extract<SourcesPage, { canEdit: true }> }) {
  const { timeZone, connection, maintainersText, maintainers, repositories, sources } = page
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const revalidator = useRevalidator()
  const anyRunning = repositories.some((r) => r.running) || sources.some((s) => s.running)

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
  const refused =
    actionData && !['add', 'maintainers', 'add-forum', 'add-mailbox', 'credential'].includes(actionData.intent)
      ? actionData.result.error?.['']
      : undefined
  const credentialResult = (sourceId: string) =>
    actionData?.intent === 'credential' && 'sourceId' in actionData && actionData.sourceId === sourceId ? actionData.result : undefined
  const busy = navigation.state !== 'idle'
  const active = repositories.filter((r) => r.active)
  const inactive = repositories.filter((r) => !r.active)

  return (
    <>
      <PageHeader
        title="Sources"
        description={DESCRIPTION}
        actions={
          active.length > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="sync-all" />
              <Button variant="secondary" disabled={busy}>
                Sync all now
              </Button>
            </Form>
          ) : null
        }
      />
      <CommunityNav />
      <div className="space-y-6">
        <h2 className="text-lg font-semibold text-slate-900">GitHub repositories</h2>
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
            Add your project’s repository below (OWNER/NAME), then press “Sync now”.
          </EmptyState>
        ) : (
          active.map((repo) => <RepositorySyncCard key={repo.id} repo={repo} timeZone={timeZone} busy={busy} />)
        )}

        <AddRepositoryForm lastResult={resultOf('add')} busy={busy} />

        <MaintainersCard maintainers={maintainers} maintainersText={maintainersText} lastResult={resultOf('maintainers')} busy={busy} />

        {inactive.length > 0 ? (
          <Card title="No longer synced">
            <ul className="text-sm text-slate-700">
              {inactive.map((r) => (
                <li key={r.id}>{r.fullName} — its data stays in the numbers of past periods. Add it again above to resume syncing.</li>
              ))}
            </ul>
          </Card>
        ) : null}

        <h2 className="text-lg font-semibold text-slate-900">Forums and mailboxes</h2>
        {sources.filter((s) => s.active).length === 0 ? (
          <EmptyState title="No forum or mailbox yet">
            Add the project’s Discourse forum or its mailbox below; Steward checks each before saving it.
          </EmptyState>
        ) : (
          sources
            .filter((s) => s.active)
            .map((s) => <SourceSyncCard key={s.id} source={s} timeZone={timeZone} busy={busy} credentialResult={credentialResult(s.id)} />)
        )}
        <div className="grid gap-4 lg:grid-cols-2">
          <AddForumForm lastResult={resultOf('add-forum')} busy={busy} />
          <AddMailboxForm lastResult={resultOf('add-mailbox')} busy={busy} />
        </div>
        {sources.some((s) => !s.active) ? (
          <Card title="Forums and mailboxes no longer synced">
            <ul className="text-sm text-slate-700">
              {sources
                .filter((s) => !s.active)
                .map((s) => (
                  <li key={s.id}>{s.name} — its data stays in the numbers of past periods.</li>
                ))}
            </ul>
          </Card>
        ) : null}
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Sources · Community · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
