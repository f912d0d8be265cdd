// The repositories' parts of /community/sources: a repository's sync card, the add form and the maintainers form for
// those who edit the sources, the names for everyone else.
import { getFormProps, getInputProps, getTextareaProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form } from 'react-router'
import { AddRepositorySchema, MaintainersSchema } from '#app/domain/community/schemas.ts'
import { SYNC_DISPLAY_STATUS_LABELS, type SyncDisplayStatus, type SyncKind } from '#app/domain/community/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice } from '#app/components/ui/card.tsx'
import { Field, FormErrors, TextareaField } from '#app/components/ui/field.tsx'
import { useDates } from '#app/utils/dates.tsx'
import { ScrollRegion } from '#app/components/ui/scroll-region.tsx'

export interface RepositorySync {
  id: string
  fullName: string
  defaultBranch: string | null
  running: boolean
  lastSuccessAt: string | null
  lastError: string | null
  rateLimitRemaining: number | null
  rateLimitResetAt: string | null
  snapshot: { stars: number; forks: number; watchers: number } | null
  states: Array<{
    kind: SyncKind
    label: string
    status: SyncDisplayStatus
    itemsDone: number
    itemsTotal: number | null
    requestsUsed: number
    lastSuccessAt: string | null
    lastError: string | null
  }>
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

/** "Sync now" and "Deactivate" for one repository. */
function RepositoryActions({ repo, busy }: { repo: RepositorySync; busy: boolean }) {
  return (
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
  )
}

function SyncFacts({ repo, timeZone }: { repo: RepositorySync; timeZone: string }) {
  const dates = useDates(timeZone)
  return (
    <dl className="mb-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
      <div>
        <dt className="text-slate-500">Last complete sync</dt>
        <dd className="font-medium text-slate-900">{repo.lastSuccessAt ? dates.dateTime(repo.lastSuccessAt) : 'Never'}</dd>
      </div>
      <div>
        <dt className="text-slate-500">GitHub budget left</dt>
        <dd className="font-medium text-slate-900">
          {repo.rateLimitRemaining === null ? 'Unknown until the first sync' : `${repo.rateLimitRemaining.toLocaleString('en-GB')} points`}
          {repo.rateLimitResetAt ? (
            <span className="block text-xs font-normal text-slate-500">resets {dates.dateTime(repo.rateLimitResetAt)}</span>
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
  )
}

function SyncProgressTable({ repo, timeZone }: { repo: RepositorySync; timeZone: string }) {
  const dates = useDates(timeZone)
  return (
    <ScrollRegion label={`Sync progress of ${repo.fullName}`}>
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
                {SYNC_DISPLAY_STATUS_LABELS[s.status]}
                {s.lastError ? <span className="block text-xs">{s.lastError}</span> : null}
              </td>
              <td className="py-2 pr-4 text-slate-700">
                <Progress done={s.itemsDone} total={s.itemsTotal} label={s.label} />
              </td>
              <td className="py-2 pr-4 tabular-nums text-slate-700">{s.requestsUsed}</td>
              <td className="py-2 text-slate-700">{s.lastSuccessAt ? dates.dateTime(s.lastSuccessAt) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  )
}

/** One tracked repository, for those who edit the sources: its sync, kind by kind, with "Sync now" and "Deactivate". */
export function RepositorySyncCard({ repo, timeZone, busy }: { repo: RepositorySync; timeZone: string; busy: boolean }) {
  return (
    <Card
      title={
        <a href={`https://github.com/${repo.fullName}`} className="text-brand-700 hover:underline" rel="noreferrer" target="_blank">
          {repo.fullName}
        </a>
      }
      actions={<RepositoryActions repo={repo} busy={busy} />}
    >
      <SyncFacts repo={repo} timeZone={timeZone} />
      {repo.lastError ? (
        <div className="mb-4">
          <Notice tone="error">Last error — {repo.lastError}</Notice>
        </div>
      ) : null}
      {repo.states.length === 0 ? (
        <p className="text-sm text-slate-600">Not synced yet. Press “Sync now” to fetch its history.</p>
      ) : (
        <SyncProgressTable repo={repo} timeZone={timeZone} />
      )}
    </Card>
  )
}

/** The repositories by name, for those who read the sources page without editing it. */
export function RepositoryNames({ repositories }: { repositories: Array<{ id: string; fullName: string; active: boolean }> }) {
  return (
    <Card title="GitHub repositories">
      {repositories.length === 0 ? (
        <p className="text-sm text-slate-600">None yet.</p>
      ) : (
        <ul className="text-sm text-slate-700">
          {repositories.map((r) => (
            <li key={r.id}>
              {r.fullName}
              {r.active ? null : ' (no longer synced)'}
            </li>
          ))}
        </ul>
      )}
    </Card>
  )
}

export function AddRepositoryForm({ lastResult, busy }: { lastResult?: SubmissionResult<string[]> | null; busy: boolean }) {
  const [form, fields] = useForm({
    id: 'add-repository',
    lastResult,
    constraint: getZodConstraint(AddRepositorySchema),
    // Checked on submit; the server also knows whether the repository is already tracked.
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddRepositorySchema }),
  })
  return (
    <Card title="Add a repository">
      <Form method="post" {...getFormProps(form)} className="flex max-w-xl flex-wrap items-end gap-3">
        <input type="hidden" name="intent" value="add" />
        <FormErrors errors={form.errors} />
        <Field
          className="min-w-64 flex-1"
          label="Repository (OWNER/NAME)"
          help="For example pybamm-team/PyBaMM. A github.com link works too."
          errors={fields.repository.errors}
          inputProps={{
            ...getInputProps(fields.repository, { type: 'text' }),
            placeholder: 'pybamm-team/PyBaMM',
            autoComplete: 'off',
          }}
        />
        <Button disabled={busy}>Add repository</Button>
      </Form>
    </Card>
  )
}

/** The maintainers whose activity counts, and the form that lists them (for those who edit the sources). */
export function MaintainersCard({
  maintainers,
  maintainersText,
  lastResult,
  busy,
}: {
  maintainers: { logins: string[]; source: 'setting' | 'association' }
  /** the logins listed in the setting, one per line */
  maintainersText: string
  lastResult?: SubmissionResult<string[]> | null
  busy: boolean
}) {
  return (
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
      <MaintainersForm maintainersText={maintainersText} lastResult={lastResult} busy={busy} />
    </Card>
  )
}

function MaintainersForm({
  maintainersText,
  lastResult,
  busy,
}: {
  maintainersText: string
  lastResult?: SubmissionResult<string[]> | null
  busy: boolean
}) {
  const [form, fields] = useForm({
    id: 'maintainers',
    lastResult,
    defaultValue: { maintainers: maintainersText },
    constraint: getZodConstraint(MaintainersSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MaintainersSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="max-w-md space-y-3">
      <input type="hidden" name="intent" value="maintainers" />
      <FormErrors errors={form.errors} />
      <TextareaField
        label="GitHub logins, one per line"
        help="Leave empty to use GitHub's owner, member and collaborator marks."
        errors={fields.maintainers.errors}
        textareaProps={{ ...getTextareaProps(fields.maintainers), rows: 5 }}
      />
      <Button disabled={busy}>Save maintainers</Button>
    </Form>
  )
}
