// The parts of /community/sources beside the repositories: a forum's or mailbox's sync card, the
// forms to add one, and the form to replace its credential (never shown back).
import { getFormProps, getInputProps, getSelectProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form } from 'react-router'
import { AddForumSchema, AddMailboxSchema, SourceCredentialSchema } from '#app/domain/community/schemas.ts'
import {
  SOURCE_KIND_LABELS,
  SYNC_DISPLAY_STATUS_LABELS,
  type SourceKind,
  type SyncDisplayStatus,
} from '#app/domain/community/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice } from '#app/components/ui/card.tsx'
import { Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { useDates } from '#app/utils/dates.tsx'

type Result = SubmissionResult<string[]> | null | undefined

export interface SourceSync {
  id: string
  kind: SourceKind
  name: string
  active: boolean
  where: string
  categories: string[]
  maintainerGroups: string[]
  projectAddresses: string[]
  apiUsername: string | null
  credential: string | null
  status: SyncDisplayStatus
  running: boolean
  itemsDone: number
  requestsUsed: number
  lastSuccessAt: string | null
  lastError: string | null
  budgetRemaining: number | null
}

function describeCredential(source: SourceSync) {
  const what = source.kind === 'discourse' ? 'API key' : 'Password'
  if (!source.credential) return source.kind === 'discourse' ? 'None: read as an anonymous visitor' : 'None'
  if (source.credential === 'stored') return `${what} stored encrypted`
  return `${what} read from ${source.credential.replace(/^env:/, '')}`
}

function SourceActions({ source, busy }: { source: SourceSync; busy: boolean }) {
  return (
    <div className="flex gap-2">
      <Form method="post">
        <input type="hidden" name="intent" value="sync-source" />
        <input type="hidden" name="sourceId" value={source.id} />
        <Button disabled={busy || source.running}>{source.running ? 'Syncing…' : 'Sync now'}</Button>
      </Form>
      <Form
        method="post"
        onSubmit={(event) => {
          if (!confirm(`Stop syncing ${source.name}? Its data stays.`)) event.preventDefault()
        }}
      >
        <input type="hidden" name="intent" value="remove-source" />
        <input type="hidden" name="sourceId" value={source.id} />
        <Button variant="ghost" disabled={busy}>
          Remove
        </Button>
      </Form>
    </div>
  )
}

/** One forum or mailbox: where it is, its last sync, progress, last error and credential. */
export function SourceSyncCard({
  source,
  timeZone,
  busy,
  credentialResult,
}: {
  source: SourceSync
  timeZone: string
  busy: boolean
  credentialResult: Result
}) {
  const dates = useDates(timeZone)
  const what = source.kind === 'discourse' ? 'topics' : 'messages'
  return (
    <Card title={`${SOURCE_KIND_LABELS[source.kind]}: ${source.name}`} actions={<SourceActions source={source} busy={busy} />}>
      <dl className="mb-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-slate-500">Address</dt>
          <dd className="break-all font-medium text-slate-900">{source.where}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Last complete sync</dt>
          <dd className="font-medium text-slate-900">{source.lastSuccessAt ? dates.dateTime(source.lastSuccessAt) : 'Never'}</dd>
        </div>
        <div>
          <dt className="text-slate-500">State</dt>
          <dd className={`font-medium ${source.status === 'failed' ? 'text-red-700' : 'text-slate-900'}`}>
            {SYNC_DISPLAY_STATUS_LABELS[source.status]}
            <span className="block text-xs font-normal text-slate-600">
              {source.itemsDone.toLocaleString('en-GB')} {what} written, {source.requestsUsed} requests (last run)
            </span>
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Budget left</dt>
          <dd className="font-medium text-slate-900">
            {source.budgetRemaining === null ? 'Not reported by the service' : source.budgetRemaining.toLocaleString('en-GB')}
          </dd>
        </div>
        {source.kind === 'discourse' ? (
          <>
            <div>
              <dt className="text-slate-500">Categories</dt>
              <dd className="font-medium text-slate-900">{source.categories.join(', ') || 'The whole forum'}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Maintainers (groups)</dt>
              <dd className="font-medium text-slate-900">{source.maintainerGroups.join(', ')}</dd>
            </div>
          </>
        ) : (
          <div>
            <dt className="text-slate-500">Project addresses</dt>
            <dd className="break-all font-medium text-slate-900">{source.projectAddresses.join(', ')}</dd>
          </div>
        )}
        <div>
          <dt className="text-slate-500">Credential</dt>
          <dd className="font-medium text-slate-900">
            {describeCredential(source)}
            {source.apiUsername ? <span className="block text-xs font-normal text-slate-600">acting as {source.apiUsername}</span> : null}
          </dd>
        </div>
      </dl>
      {source.lastError ? (
        <div className="mb-4">
          <Notice tone="error">Last error — {source.lastError}</Notice>
        </div>
      ) : null}
      {source.kind === 'imap' || source.apiUsername ? <CredentialForm source={source} lastResult={credentialResult} busy={busy} /> : null}
    </Card>
  )
}

function CredentialForm({ source, lastResult, busy }: { source: SourceSync; lastResult: Result; busy: boolean }) {
  const [form, fields] = useForm({
    id: `credential-${source.id}`,
    lastResult,
    constraint: getZodConstraint(SourceCredentialSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SourceCredentialSchema }),
  })
  const what = source.kind === 'discourse' ? 'API key' : 'password'
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-brand-700">Replace the {what}</summary>
      <Form method="post" {...getFormProps(form)} className="mt-3 flex max-w-2xl flex-wrap items-end gap-3">
        <input type="hidden" name="intent" value="credential" />
        <input type="hidden" name="sourceId" value={source.id} />
        <FormErrors errors={form.errors} />
        <Field
          className="min-w-48 flex-1"
          label={`New ${what}`}
          help="Stored encrypted; never shown again."
          errors={fields.secret.errors}
          inputProps={{ ...getInputProps(fields.secret, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <Field
          className="min-w-48 flex-1"
          label="Or the environment variable that holds it"
          errors={fields.secretEnv.errors}
          inputProps={{ ...getInputProps(fields.secretEnv, { type: 'text' }), autoComplete: 'off' }}
        />
        <Button disabled={busy}>Save {what}</Button>
      </Form>
    </details>
  )
}

/** The forums and mailboxes by name, for those who read the sources page without editing it. */
export function SourceNames({ sources }: { sources: Array<{ id: string; kind: SourceKind; name: string; active: boolean }> }) {
  return (
    <Card title="Forums and mailboxes">
      {sources.length === 0 ? (
        <p className="text-sm text-slate-600">None yet.</p>
      ) : (
        <ul className="text-sm text-slate-700">
          {sources.map((s) => (
            <li key={s.id}>
              {SOURCE_KIND_LABELS[s.kind]}: {s.name}
              {s.active ? null : ' (no longer synced)'}
            </li>
          ))}
        </ul>
      )}
    </Card>
  )
}

export function AddForumForm({ lastResult, busy }: { lastResult: Result; busy: boolean }) {
  const [form, fields] = useForm({
    id: 'add-forum',
    lastResult,
    constraint: getZodConstraint(AddForumSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddForumSchema }),
  })
  return (
    <Card title="Add a Discourse forum">
      <p className="mb-3 text-sm text-slate-600">
        Steward checks that the address answers like Discourse before saving it. A public forum needs no key.
      </p>
      <Form method="post" {...getFormProps(form)} className="grid max-w-3xl gap-3 sm:grid-cols-2">
        <input type="hidden" name="intent" value="add-forum" />
        <div className="sm:col-span-2">
          <FormErrors errors={form.errors} />
        </div>
        <Field
          className="sm:col-span-2"
          label="Forum address"
          errors={fields.url.errors}
          inputProps={{ ...getInputProps(fields.url, { type: 'url' }), placeholder: 'https://forum.example.org', autoComplete: 'off' }}
        />
        <Field
          label="Categories (optional)"
          help="Slugs, separated by commas; the whole forum when empty."
          errors={fields.categories.errors}
          inputProps={{ ...getInputProps(fields.categories, { type: 'text' }), autoComplete: 'off' }}
        />
        <Field
          label="Maintainer groups (optional)"
          help="Discourse groups whose members are maintainers; staff when empty."
          errors={fields.groups.errors}
          inputProps={{ ...getInputProps(fields.groups, { type: 'text' }), autoComplete: 'off' }}
        />
        <Field
          label="API username (optional)"
          help="The user the API key acts as."
          errors={fields.apiUsername.errors}
          inputProps={{ ...getInputProps(fields.apiUsername, { type: 'text' }), autoComplete: 'off' }}
        />
        <Field
          label="API key (optional)"
          help="Stored encrypted; never shown again."
          errors={fields.apiKey.errors}
          inputProps={{ ...getInputProps(fields.apiKey, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <Field
          label="Or the environment variable holding the key"
          errors={fields.apiKeyEnv.errors}
          inputProps={{ ...getInputProps(fields.apiKeyEnv, { type: 'text' }), placeholder: 'DISCOURSE_API_KEY', autoComplete: 'off' }}
        />
        <div className="flex items-end">
          <Button disabled={busy}>{busy ? 'Checking…' : 'Check and add forum'}</Button>
        </div>
      </Form>
    </Card>
  )
}

export function AddMailboxForm({ lastResult, busy }: { lastResult: Result; busy: boolean }) {
  const [form, fields] = useForm({
    id: 'add-mailbox',
    lastResult,
    constraint: getZodConstraint(AddMailboxSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddMailboxSchema }),
  })
  return (
    <Card title="Add a mailbox (IMAP)">
      <p className="mb-3 text-sm text-slate-600">
        Read-only: Steward logs in, finds the Sent folder and reads headers only. It checks the login before saving.
      </p>
      <Form method="post" {...getFormProps(form)} className="grid max-w-3xl gap-3 sm:grid-cols-2">
        <input type="hidden" name="intent" value="add-mailbox" />
        <div className="sm:col-span-2">
          <FormErrors errors={form.errors} />
        </div>
        <Field
          label="IMAP server"
          errors={fields.host.errors}
          inputProps={{ ...getInputProps(fields.host, { type: 'text' }), placeholder: 'imap.example.org', autoComplete: 'off' }}
        />
        <Field
          label="Port (optional)"
          help="993 with TLS, 143 without."
          errors={fields.port.errors}
          inputProps={{ ...getInputProps(fields.port, { type: 'number' }), autoComplete: 'off' }}
        />
        <SelectField
          label="Encryption"
          errors={fields.tls.errors}
          selectProps={getSelectProps(fields.tls)}
          options={[
            { value: 'tls', label: 'TLS (recommended)' },
            { value: 'none', label: 'None (only a server on this machine)' },
          ]}
        />
        <Field
          label="User name"
          errors={fields.user.errors}
          inputProps={{ ...getInputProps(fields.user, { type: 'text' }), autoComplete: 'off' }}
        />
        <Field
          label="Password"
          help="Stored encrypted; never shown again."
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <Field
          label="Or the environment variable holding it"
          errors={fields.passwordEnv.errors}
          inputProps={{ ...getInputProps(fields.passwordEnv, { type: 'text' }), placeholder: 'MAILBOX_PASSWORD', autoComplete: 'off' }}
        />
        <Field
          className="sm:col-span-2"
          label="Project addresses"
          help="The project's own addresses, separated by commas: mail from them is the project answering."
          errors={fields.projectAddresses.errors}
          inputProps={{
            ...getInputProps(fields.projectAddresses, { type: 'text' }),
            placeholder: 'hello@example.org',
            autoComplete: 'off',
          }}
        />
        <div>
          <Button disabled={busy}>{busy ? 'Checking…' : 'Check and add mailbox'}</Button>
        </div>
      </Form>
    </Card>
  )
}
