import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import {
  confirmFundingConnection,
  connectFundingAccount,
  getFundingConnectionsPage,
  previewFundingConnection,
  requestFundingSync,
  setFundingConnectionPaused,
  setFundingCredential,
} from '#app/domain/fundraising/connections.server.ts'
import { ConnectFundingSchema, FundingConnectionIdSchema, FundingCredentialSchema } from '#app/domain/fundraising/schemas.ts'
import { FUNDING_CONNECTION_KIND_LABELS, SPONSORS_ACTION_LABELS, type FundingConnectionKind } from '#app/domain/fundraising/vocabulary.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { errorsOf, resultFor } from '#app/components/fundraising/action-result.ts'
import { SponsorMonths } from '#app/components/fundraising/sponsor-months.tsx'
import { Badge } from '#app/components/fundraising/ui.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { useDates } from '#app/utils/dates.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/fundraising.connections'

// Fundraising (and admin) only: the page names individual sponsors, and donors are private.
export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'fundraising')
  return getFundingConnectionsPage()
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'fundraising')
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'connect':
      return connect(formData, user.id)
    case 'preview':
      return preview(formData)
    case 'confirm':
      return confirm(formData, user.id)
    case 'sync':
      return syncNow(formData)
    case 'pause':
    case 'resume':
      return pause(formData, user.id, intent === 'pause')
    case 'credential':
      return credential(formData, user.id)
    default:
      throw data(`Unknown intent "${intent}"`, { status: 400 })
  }
}

/** Connects an account; the token typed in is stored encrypted and never sent back, not even in a refusal. */
async function connect(formData: FormData, actorId: string) {
  const kind = String(formData.get('kind'))
  const outcome = await submitForm(formData, ConnectFundingSchema, (value) => connectFundingAccount({ ...value, actorId }), {
    hideFields: ['token'],
    answer: { kind },
  })
  if (!outcome.ok) return outcome.refusal
  return { intent: 'connect', kind, result: outcome.submission.reply({ resetForm: true }), connected: outcome.result.account }
}

/** Reads the whole account and says what the first sync would bring; writes nothing. */
async function preview(formData: FormData) {
  const outcome = await submitForm(formData, FundingConnectionIdSchema, ({ connectionId }) => previewFundingConnection({ connectionId }))
  if (!outcome.ok) return outcome.refusal
  return {
    intent: 'preview',
    result: outcome.submission.reply(),
    preview: { connectionId: outcome.submission.value.connectionId, summary: outcome.result.summary },
  }
}

async function confirm(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, FundingConnectionIdSchema, ({ connectionId }) =>
    confirmFundingConnection({ connectionId, actorId }),
  )
  if (!outcome.ok) return outcome.refusal
  return { intent: 'confirm', result: outcome.submission.reply(), queued: true }
}

async function syncNow(formData: FormData) {
  const outcome = await submitForm(formData, FundingConnectionIdSchema, ({ connectionId }) => requestFundingSync({ connectionId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'sync', result: outcome.submission.reply(), queued: true }
}

async function pause(formData: FormData, actorId: string, paused: boolean) {
  const outcome = await submitForm(formData, FundingConnectionIdSchema, ({ connectionId }) =>
    setFundingConnectionPaused({ connectionId, paused, actorId }),
  )
  if (!outcome.ok) return outcome.refusal
  return { intent: paused ? 'pause' : 'resume', result: outcome.submission.reply() }
}

async function credential(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, FundingCredentialSchema, (value) => setFundingCredential({ ...value, actorId }), {
    hideFields: ['token'],
  })
  if (!outcome.ok) return outcome.refusal
  return { intent: 'credential', result: outcome.submission.reply({ resetForm: true }), saved: true }
}

type PageData = Awaited<ReturnType<typeof getFundingConnectionsPage>>
type Connection = PageData['connections'][number]
type ActionData = ReturnType<typeof useActionData<typeof action>>

const dollars = (cents: number) => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`

function ConnectForm({
  kind,
  canStoreTokens,
  actionData,
}: {
  kind: FundingConnectionKind
  canStoreTokens: boolean
  actionData: ActionData
}) {
  const mine = actionData && 'kind' in actionData && actionData.kind === kind ? actionData : undefined
  const [form, fields] = useForm({
    id: `connect-${kind}`,
    lastResult: resultFor(mine, 'connect'),
    constraint: getZodConstraint(ConnectFundingSchema),
    shouldRevalidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ConnectFundingSchema }),
  })
  const oc = kind === 'opencollective'
  return (
    <Card title={`Connect ${FUNDING_CONNECTION_KIND_LABELS[kind]}`}>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="intent" value="connect" />
        <input type="hidden" name="kind" value={kind} />
        <FormErrors errors={form.errors} />
        <Field
          label={oc ? 'Collective slug' : 'GitHub login (user or organisation)'}
          help={
            oc
              ? 'The last part of its address: opencollective.com/pybamm → pybamm'
              : 'The account that receives the sponsorships, e.g. pybamm-team'
          }
          errors={fields.account.errors}
          inputProps={{ ...getInputProps(fields.account, { type: 'text' }), autoComplete: 'off' }}
        />
        <Field
          label={oc ? 'Personal token (optional)' : 'Token'}
          help={
            canStoreTokens
              ? `${oc ? 'Transactions are public; a token raises the limit from 10 to 100 requests a minute.' : 'Needs read:user (and read:org for an organisation).'} Stored encrypted, never shown again.`
              : 'Set STEWARD_SECRET_KEY to store tokens, or name an environment variable below.'
          }
          errors={fields.token.errors}
          inputProps={{ ...getInputProps(fields.token, { type: 'password' }), autoComplete: 'off', disabled: !canStoreTokens }}
        />
        <Field
          label="…or the environment variable holding it"
          help="e.g. SPONSORS_TOKEN, set where Steward runs"
          errors={fields.tokenEnvVar.errors}
          inputProps={{ ...getInputProps(fields.tokenEnvVar, { type: 'text' }), autoComplete: 'off', className: 'uppercase' }}
        />
        <Button>Connect</Button>
      </Form>
    </Card>
  )
}

function IdButton({
  intent,
  connectionId,
  label,
  variant,
}: {
  intent: string
  connectionId: string
  label: string
  variant?: 'primary' | 'ghost' | 'secondary'
}) {
  const navigation = useNavigation()
  const busy =
    navigation.state === 'submitting' &&
    navigation.formData?.get('intent') === intent &&
    navigation.formData?.get('connectionId') === connectionId
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="connectionId" value={connectionId} />
      <Button variant={variant} disabled={busy}>
        {busy && intent === 'preview' ? 'Reading the account…' : label}
      </Button>
    </Form>
  )
}

function ConnectionCard({ c, actionData }: { c: Connection; actionData: ActionData }) {
  const dates = useDates()
  const sent = actionData && 'preview' in actionData ? (actionData.preview as { connectionId: string; summary: string }) : null
  const preview = sent?.connectionId === c.id ? sent : null
  const refused = actionData && !('intent' in actionData) ? errorsOf(actionData.result) : []
  const mineRefused = (actionData?.result?.initialValue as Record<string, unknown> | undefined)?.connectionId === c.id ? refused : []
  const label = `${FUNDING_CONNECTION_KIND_LABELS[c.kind]}: ${c.account}`
  return (
    <Card
      title={label}
      actions={
        <Badge tone={c.status === 'active' ? (c.lastResult === 'failed' ? 'red' : 'green') : c.status === 'paused' ? 'slate' : 'amber'}>
          {c.status === 'pending'
            ? 'waiting for its preview'
            : c.status === 'paused'
              ? 'paused'
              : c.lastResult === 'failed'
                ? 'last sync failed'
                : 'active'}
        </Badge>
      }
    >
      <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
        <dt className="text-slate-600">Last sync</dt>
        <dd>
          {c.lastResult === 'running'
            ? 'Syncing now… (reload to see progress)'
            : c.lastSyncAt
              ? `${dates.dateTime(c.lastSyncAt)}: ${c.lastResult === 'ok' ? 'all well' : 'failed'}${c.requestsLastSync !== null ? ` (${c.requestsLastSync} request${c.requestsLastSync === 1 ? '' : 's'})` : ''}`
              : 'never'}
        </dd>
        <dt className="text-slate-600">Credential</dt>
        <dd>{c.credential}</dd>
        {c.kind === 'github_sponsors' ? (
          <>
            <dt className="text-slate-600">Expected monthly income</dt>
            <dd>
              {c.monthlyIncomeCents !== null ? `${dollars(c.monthlyIncomeCents)} a month` : 'after the first sync'}
              {c.sponsors ? ` from ${c.sponsors.counts.active} active sponsorship${c.sponsors.counts.active === 1 ? '' : 's'}` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      {c.lastError ? (
        <div className="mt-3">
          <Notice tone="error">{c.lastError}</Notice>
        </div>
      ) : null}
      {mineRefused.length ? (
        <div className="mt-3">
          <Notice tone="error">{mineRefused.join(' ')}</Notice>
        </div>
      ) : null}
      {preview ? (
        <div className="mt-3">
          <Notice tone="info">Preview: {preview.summary}. Nothing has been written yet.</Notice>
        </div>
      ) : null}
      <div className="mt-4 flex flex-wrap gap-2">
        {c.status === 'pending' ? (
          <>
            <IdButton intent="preview" connectionId={c.id} label="Preview the first sync" variant={preview ? 'secondary' : 'primary'} />
            {preview ? <IdButton intent="confirm" connectionId={c.id} label="Confirm and import" /> : null}
          </>
        ) : (
          <>
            {c.status === 'active' ? <IdButton intent="sync" connectionId={c.id} label="Sync now" /> : null}
            <IdButton
              intent={c.status === 'paused' ? 'resume' : 'pause'}
              connectionId={c.id}
              label={c.status === 'paused' ? 'Resume daily sync' : 'Pause'}
              variant="secondary"
            />
          </>
        )}
      </div>
      {c.batches.length ? (
        <p className="mt-3 text-sm text-slate-600">
          Recent syncs:{' '}
          {c.batches
            .map(
              (b) =>
                `${dates.dateTime(b.importedAt)} ${b.inserted} new, ${b.duplicates} already in the ledger${b.revertedAt ? ' (reverted)' : ''}`,
            )
            .join('; ')}
          . Each is an import batch: revert one under{' '}
          <Link to="/fundraising/donations/import" className="underline">
            Import donations
          </Link>
          .
        </p>
      ) : null}
      {c.sponsors?.recent.length ? (
        <div className="mt-3 text-sm">
          <h3 className="font-medium">Latest sponsor activity</h3>
          <ul className="mt-1 space-y-0.5 text-slate-700">
            {c.sponsors.recent.map((e) => (
              <li key={e.id}>
                {dates.dateTime(e.at)}: {e.sponsorLogin ?? 'a private sponsor'} {SPONSORS_ACTION_LABELS[e.action]}
                {e.action === 'TIER_CHANGE'
                  ? ` from ${e.previousTierName ?? '?'} to ${e.tierName ?? '?'}`
                  : e.tierName
                    ? ` (${e.tierName})`
                    : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {c.kind === 'github_sponsors' ? (
        <section className="mt-4 text-sm" aria-labelledby={`months-${c.id}`}>
          <h3 id={`months-${c.id}`} className="mb-2 font-medium">
            Sponsorship months
          </h3>
          <SponsorMonths data={c.sponsors?.months ?? null} synced={c.status !== 'pending' && c.lastSyncAt !== null} />
        </section>
      ) : null}
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-slate-700">Replace the token</summary>
        <CredentialForm connectionId={c.id} actionData={actionData} />
      </details>
    </Card>
  )
}

function CredentialForm({ connectionId, actionData }: { connectionId: string; actionData: ActionData }) {
  const [form, fields] = useForm({
    id: `credential-${connectionId}`,
    lastResult: resultFor(actionData, 'credential', { connectionId }),
    constraint: getZodConstraint(FundingCredentialSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: FundingCredentialSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="mt-2 grid items-start gap-3 sm:grid-cols-3">
      <input type="hidden" name="intent" value="credential" />
      <input type="hidden" name="connectionId" value={connectionId} />
      <FormErrors errors={form.errors} />
      <Field
        label="New token"
        errors={fields.token.errors}
        inputProps={{ ...getInputProps(fields.token, { type: 'password' }), autoComplete: 'off' }}
      />
      <Field
        label="…or its environment variable"
        errors={fields.tokenEnvVar.errors}
        inputProps={getInputProps(fields.tokenEnvVar, { type: 'text' })}
      />
      <div className="pt-6">
        <Button variant="secondary">Save token</Button>
      </div>
    </Form>
  )
}

export default function FundingConnectionsRoute() {
  const { connections, canStoreTokens } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader
        title="Connections"
        description="Open Collective and GitHub Sponsors accounts Steward reads donations and sponsorships from. The first sync waits until you have seen its preview; after that every connection is synced daily. GitHub Sponsors payments still come from the monthly export file (Import donations)."
      />
      <div className="space-y-6">
        {actionData && 'connected' in actionData ? (
          <Notice tone="success">Connected {String(actionData.connected)}. Preview its first sync below.</Notice>
        ) : null}
        {actionData && 'queued' in actionData ? (
          <Notice tone="success">Sync queued: the worker runs it now. Reload to see the result.</Notice>
        ) : null}
        {actionData && 'saved' in actionData ? <Notice tone="success">Token saved (encrypted).</Notice> : null}
        {connections.length ? (
          connections.map((c) => <ConnectionCard key={c.id} c={c} actionData={actionData} />)
        ) : (
          <EmptyState title="No accounts connected yet">
            Connect your Open Collective collective or GitHub Sponsors account below: Steward shows what it would import before writing
            anything.
          </EmptyState>
        )}
        <div className="grid gap-6 lg:grid-cols-2">
          <ConnectForm kind="opencollective" canStoreTokens={canStoreTokens} actionData={actionData} />
          <ConnectForm kind="github_sponsors" canStoreTokens={canStoreTokens} actionData={actionData} />
        </div>
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Connections · Fundraising · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
