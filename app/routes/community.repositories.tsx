import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { useEffect } from 'react'
import { data, Form, useActionData, useLoaderData, useNavigation, useRevalidator } from 'react-router'
import { z } from 'zod'
import { DomainError } from '#app/domain/errors.ts'
import { listMaintainerLogins, readMaintainerSetting, saveMaintainerSetting } from '#app/domain/community/maintainers.server.ts'
import { AddRepositorySchema, MaintainersSchema } from '#app/domain/community/repositories.ts'
import { addRepository, deactivateRepository, listRepositoryOverviews } from '#app/domain/community/repositories.server.ts'
import { describeGithubConnection, queueGithubSync } from '#app/domain/community/sync.server.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors, TextareaField } from '#app/components/ui/field.tsx'
import { formatDateTime } from '#app/utils/format.ts'
import { hasRole, requireRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/community.repositories'

const RepositoryIntentSchema = z.object({ intent: z.enum(['deactivate', 'sync']), repositoryId: z.uuid() })
const SyncAllSchema = z.object({ intent: z.literal('sync-all') })

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const [overviews, settings, listed, maintainers] = await Promise.all([
    listRepositoryOverviews(),
    getOrganisationSettings(),
    readMaintainerSetting(),
    listMaintainerLogins(),
  ])
  return {
    canEdit: hasRole(user, 'community'),
    timeZone: settings.timeZone,
    connection: describeGithubConnection(),
    maintainersText: listed.join('\n'),
    maintainers,
    repositories: overviews.map((o) => ({
      id: o.repository.id,
      fullName: `${o.repository.owner}/${o.repository.name}`,
      active: o.repository.active,
      defaultBranch: o.repository.defaultBranch,
      running: o.running,
      lastSuccessAt: o.lastSuccessAt?.toISOString() ?? null,
      lastError: o.lastError,
      rateLimitRemaining: o.rateLimitRemaining,
      rateLimitResetAt: o.rateLimitResetAt?.toISOString() ?? null,
      snapshot: o.snapshot,
      states: o.states.map((s) => ({
        kind: s.kind,
        label: s.label,
        status: s.stale ? (s.status === 'queued' ? 'not-started' : 'interrupted') : s.status,
        itemsDone: s.itemsDone,
        itemsTotal: s.itemsTotal,
        requestsUsed: s.requestsUsed,
        lastSuccessAt: s.lastSuccessAt?.toISOString() ?? null,
        lastError: s.status === 'failed' ? s.lastError : null,
      })),
    })),
  }
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'community')
  const formData = await request.formData()
  const intent = formData.get('intent')
  if (intent === 'add') {
    const submission = parseWithZod(formData, { schema: AddRepositorySchema })
    if (submission.status !== 'success') return data({ intent, result: submission.reply(), message: null }, { status: 400 })
    try {
      const repo = await addRepository({ ...submission.value.repository, actorId: user.id })
      return {
        intent,
        result: submission.reply({ resetForm: true }),
        message: `Now tracking ${repo.owner}/${repo.name}. Press “Sync now” to fetch its history.`,
      }
    } catch (error) {
      if (error instanceof DomainError)
        return data({ intent, result: submission.reply({ fieldErrors: { repository: [error.message] } }), message: null }, { status: 400 })
      throw error
    }
  }
  if (intent === 'maintainers') {
    const submission = parseWithZod(formData, { schema: MaintainersSchema })
    if (submission.status !== 'success') return data({ intent, result: submission.reply(), message: null }, { status: 400 })
    await saveMaintainerSetting({ logins: submission.value.maintainers, actorId: user.id })
    return { intent, result: submission.reply({ resetForm: false }), message: 'Maintainers saved.' }
  }
  if (intent === 'sync-all' && SyncAllSchema.safeParse(Object.fromEntries(formData)).success) {
    return queueSync({})
  }
  const parsed = RepositoryIntentSchema.safeParse(Object.fromEntries(formData))
  if (!parsed.success) throw data({ message: 'Unknown request' }, { status: 400 })
  if (parsed.data.intent === 'deactivate') {
    const repo = await deactivateRepository({ id: parsed.data.repositoryId, actorId: user.id })
    return { intent: 'deactivate', result: null, message: `${repo.owner}/${repo.name} is no longer synced; its data stays.` }
  }
  return queueSync({ repositoryId: parsed.data.repositoryId })
}

async function queueSync(input: { repositoryId?: string }) {
  try {
    await queueGithubSync(input)
    return { intent: 'sync', result: null, message: 'Sync queued: progress shows below.' }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return data(
      {
        intent: 'sync',
        result: null,
        message: null,
        error: `Could not queue the sync: ${reason}. Start Steward with its worker (npm start), or run npm run steward -- sync github.`,
      },
      { status: 503 },
    )
  }
}

function Progress({ done, total, label }: { done: number; total: number | null; label: string }) {
  if (total === null || total === 0) return <span className="tabular-nums">{done.toLocaleString('en-GB')}</span>
  return (
    <span className="flex items-center gap-2">
      <progress
        className="h-2 w-24 accent-brand-600"
        value={Math.min(done, total)}
        max={total}
        aria-label={`${label}: ${done} of ${total}`}
      />
      <span className="tabular-nums">
        {done.toLocaleString('en-GB')} of {total.toLocaleString('en-GB')}
      </span>
    </span>
  )
}

const STATUS_WORDS: Record<string, string> = {
  idle: 'Not synced yet',
  queued: 'Queued',
  running: 'Syncing…',
  succeeded: 'Up to date',
  failed: 'Failed',
  interrupted: 'Interrupted (resumes next sync)',
  'not-started': 'Queued, not started: is the worker running?',
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

  const [addForm, addFields] = useForm({
    id: 'add-repository',
    lastResult: actionData?.intent === 'add' ? actionData.result : undefined,
    // Checked on the server only: it also knows whether the repository is already tracked.
    shouldValidate: 'onSubmit',
  })
  const [maintainersForm, maintainersFields] = useForm({
    id: 'maintainers',
    lastResult: actionData?.intent === 'maintainers' ? actionData.result : undefined,
    defaultValue: { maintainers: maintainersText },
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MaintainersSchema }),
  })
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
        {actionData && 'error' in actionData && actionData.error ? <Notice tone="error">{actionData.error}</Notice> : null}

        {active.length === 0 ? (
          <EmptyState title="No repository is tracked yet">
            {canEdit
              ? 'Add your project’s repository below (OWNER/NAME), then press “Sync now”.'
              : 'Ask your community manager to add the project’s repository.'}
          </EmptyState>
        ) : (
          active.map((repo) => (
            <Card
              key={repo.id}
              title={
                <a href={`https://github.com/${repo.fullName}`} className="text-brand-700 hover:underline" rel="noreferrer" target="_blank">
                  {repo.fullName}
                </a>
              }
              actions={
                canEdit ? (
                  <div className="flex gap-2">
                    <Form method="post">
                      <input type="hidden" name="intent" value="sync" />
                      <input type="hidden" name="repositoryId" value={repo.id} />
                      <Button disabled={busy || repo.running}>{repo.running ? 'Syncing…' : 'Sync now'}</Button>
                    </Form>
                    <Form
                      method="post"
                      onSubmit={(event) => {
                        if (!confirm(`Stop syncing ${repo.fullName}? Its data stays.`)) event.preventDefault()
                      }}
                    >
                      <input type="hidden" name="intent" value="deactivate" />
                      <input type="hidden" name="repositoryId" value={repo.id} />
                      <Button variant="ghost" disabled={busy}>
                        Deactivate
                      </Button>
                    </Form>
                  </div>
                ) : null
              }
            >
              <dl className="mb-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
                <div>
                  <dt className="text-slate-500">Last complete sync</dt>
                  <dd className="font-medium text-slate-900">
                    {repo.lastSuccessAt ? formatDateTime(repo.lastSuccessAt, timeZone) : 'Never'}
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-500">GitHub budget left</dt>
                  <dd className="font-medium text-slate-900">
                    {repo.rateLimitRemaining === null
                      ? 'Unknown until the first sync'
                      : `${repo.rateLimitRemaining.toLocaleString('en-GB')} points`}
                    {repo.rateLimitResetAt ? (
                      <span className="block text-xs font-normal text-slate-500">
                        resets {formatDateTime(repo.rateLimitResetAt, timeZone)}
                      </span>
                    ) : null}
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-500">Stars · forks · watchers</dt>
                  <dd className="font-medium text-slate-900">
                    {repo.snapshot
                      ? `${repo.snapshot.stars.toLocaleString('en-GB')} · ${repo.snapshot.forks.toLocaleString('en-GB')} · ${repo.snapshot.watchers.toLocaleString('en-GB')}`
                      : '—'}
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-500">Default branch</dt>
                  <dd className="font-medium text-slate-900">{repo.defaultBranch ?? '—'}</dd>
                </div>
              </dl>
              {repo.lastError ? (
                <div className="mb-4">
                  <Notice tone="error">Last error — {repo.lastError}</Notice>
                </div>
              ) : null}
              {repo.states.length === 0 ? (
                <p className="text-sm text-slate-600">Not synced yet.{canEdit ? ' Press “Sync now” to fetch its history.' : ''}</p>
              ) : (
                <div className="overflow-x-auto">
                  <table className="min-w-full divide-y divide-slate-200 text-sm">
                    <caption className="sr-only">Sync progress of {repo.fullName}</caption>
                    <thead className="text-left text-slate-600">
                      <tr>
                        <th scope="col" className="py-2 pr-4 font-medium">
                          What
                        </th>
                        <th scope="col" className="py-2 pr-4 font-medium">
                          State
                        </th>
                        <th scope="col" className="py-2 pr-4 font-medium">
                          Items (this run, of GitHub’s total)
                        </th>
                        <th scope="col" className="py-2 pr-4 font-medium">
                          Requests
                        </th>
                        <th scope="col" className="py-2 font-medium">
                          Last success
                        </th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {repo.states.map((s) => (
                        <tr key={s.kind}>
                          <th scope="row" className="py-2 pr-4 text-left font-medium text-slate-900">
                            {s.label}
                          </th>
                          <td
                            className={`py-2 pr-4 ${s.status === 'failed' ? 'text-red-700' : s.status === 'running' ? 'text-brand-700' : 'text-slate-700'}`}
                          >
                            {STATUS_WORDS[s.status] ?? s.status}
                            {s.lastError ? <span className="block text-xs">{s.lastError}</span> : null}
                          </td>
                          <td className="py-2 pr-4 text-slate-700">
                            <Progress done={s.itemsDone} total={s.itemsTotal} label={s.label} />
                          </td>
                          <td className="py-2 pr-4 tabular-nums text-slate-700">{s.requestsUsed}</td>
                          <td className="py-2 text-slate-700">{s.lastSuccessAt ? formatDateTime(s.lastSuccessAt, timeZone) : '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Card>
          ))
        )}

        {canEdit ? (
          <Card title="Add a repository">
            <Form method="post" {...getFormProps(addForm)} className="flex max-w-xl flex-wrap items-end gap-3">
              <input type="hidden" name="intent" value="add" />
              <FormErrors errors={addForm.errors} />
              <Field
                className="min-w-64 flex-1"
                label="Repository (OWNER/NAME)"
                help="For example pybamm-team/PyBaMM. A github.com link works too."
                errors={addFields.repository.errors}
                inputProps={{
                  ...getInputProps(addFields.repository, { type: 'text' }),
                  placeholder: 'pybamm-team/PyBaMM',
                  autoComplete: 'off',
                }}
              />
              <Button disabled={busy}>Add repository</Button>
            </Form>
          </Card>
        ) : null}

        <Card title="Maintainers">
          <p className="mb-3 text-sm text-slate-600">
            Maintainer activity (responses, reviews, merges) counts these people.{' '}
            {maintainers.source === 'setting'
              ? 'They are the logins listed below.'
              : 'No one is listed, so they are the authors GitHub marks as owner, member or collaborator'}
            {maintainers.source === 'association'
              ? maintainers.logins.length
                ? `: ${maintainers.logins.join(', ')}.`
                : ' (none synced yet).'
              : null}
          </p>
          {canEdit ? (
            <Form method="post" {...getFormProps(maintainersForm)} className="max-w-md space-y-3">
              <input type="hidden" name="intent" value="maintainers" />
              <FormErrors errors={maintainersForm.errors} />
              <TextareaField
                label="GitHub logins, one per line"
                help="Leave empty to use GitHub's owner, member and collaborator marks."
                errors={maintainersFields.maintainers.errors}
                textareaProps={{ ...getTextareaProps(maintainersFields.maintainers), rows: 5 }}
              />
              <Button disabled={busy}>Save maintainers</Button>
            </Form>
          ) : (
            <p className="text-sm text-slate-700">{maintainers.logins.join(', ') || 'None yet.'}</p>
          )}
        </Card>

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
