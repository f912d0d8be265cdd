import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import { connectChannel, disconnectChannel, testChannelConnection } from '#app/domain/communications/connections.server.ts'
import { getChannelPage } from '#app/domain/communications/pages.server.ts'
import { ConnectChannelSchema } from '#app/domain/communications/schemas.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { useDates } from '#app/utils/dates.tsx'
import { NoFieldsSchema, submitForm } from '#app/utils/form-actions.server.ts'
import { requireRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/communications.channels.$channelId'

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const page = await getChannelPage({ user, channelId: params.channelId })
  if (!page) throw data({ message: 'No such channel.' }, { status: 404 })
  return page
}

type Change = { channelId: string; actorId: string }

/** Saves the credential after the network accepted it; the secret is never sent back. */
async function connect(formData: FormData, change: Change) {
  const outcome = await submitForm(formData, ConnectChannelSchema, (value) => connectChannel({ ...value, ...change }), {
    hideFields: ['secret'],
    answer: { form: 'connect' as const },
  })
  if (!outcome.ok) return outcome.refusal
  return {
    form: 'connect' as const,
    result: outcome.submission.reply({ hideFields: ['secret'] }),
    saved: `Connected as ${outcome.result.accountName}.`,
  }
}

async function test(formData: FormData, change: Change) {
  const outcome = await submitForm(formData, NoFieldsSchema, () => testChannelConnection(change.channelId), {
    answer: { form: 'test' as const },
  })
  if (!outcome.ok) return outcome.refusal
  return { form: 'test' as const, result: outcome.submission.reply(), check: outcome.result }
}

async function disconnect(formData: FormData, change: Change) {
  const outcome = await submitForm(formData, NoFieldsSchema, () => disconnectChannel(change), { answer: { form: 'disconnect' as const } })
  if (!outcome.ok) return outcome.refusal
  return { form: 'disconnect' as const, result: outcome.submission.reply(), saved: 'Disconnected: the credential is forgotten.' }
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, 'communications')
  const formData = await request.formData()
  const change = { channelId: params.channelId, actorId: user.id }
  switch (formData.get('intent')) {
    case 'connect':
      return connect(formData, change)
    case 'test':
      return test(formData, change)
    case 'disconnect':
      return disconnect(formData, change)
    default:
      throw data({ message: 'Unknown action' }, { status: 400 })
  }
}

function ConnectForm() {
  const { channel, connection } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const mastodon = channel.kind === 'mastodon'
  const [form, fields] = useForm({
    id: 'connect',
    lastResult: actionData?.form === 'connect' ? actionData.result : undefined,
    defaultValue: {
      serviceUrl: connection?.serviceUrl ?? (mastodon ? '' : 'https://bsky.social'),
      identifier: connection?.identifier ?? channel.handle?.replace(/^@/, '') ?? '',
      language: connection?.language ?? '',
    },
    constraint: getZodConstraint(ConnectChannelSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ConnectChannelSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4" autoComplete="off">
      <FormErrors errors={form.errors} />
      <Field
        label={mastodon ? 'Instance' : 'Service (PDS)'}
        help={
          mastodon
            ? 'The server the account is on, like https://fosstodon.org.'
            : 'Leave https://bsky.social unless the account lives on its own PDS.'
        }
        errors={fields.serviceUrl.errors}
        inputProps={{
          ...getInputProps(fields.serviceUrl, { type: 'url' }),
          placeholder: mastodon ? 'https://fosstodon.org' : 'https://bsky.social',
        }}
      />
      {mastodon ? null : (
        <Field
          label="Handle"
          help="The account's handle, like pybamm.bsky.social."
          errors={fields.identifier.errors}
          inputProps={getInputProps(fields.identifier, { type: 'text' })}
        />
      )}
      <Field
        label={mastodon ? 'Access token' : 'App password'}
        help={
          mastodon
            ? 'Preferences → Development → New application, with the scopes read:accounts and write:statuses; paste "Your access token". Stored encrypted, never shown again.'
            : 'Settings → Privacy and security → App passwords (not the account password). Stored encrypted, never shown again.'
        }
        errors={fields.secret.errors}
        inputProps={{ ...getInputProps(fields.secret, { type: 'password' }), autoComplete: 'new-password' }}
      />
      <Field
        label="Or: environment variable holding it (optional)"
        help="Steward then stores only the name and reads the value at each use."
        errors={fields.secretEnvVar.errors}
        inputProps={{
          ...getInputProps(fields.secretEnvVar, { type: 'text' }),
          placeholder: mastodon ? 'MASTODON_TOKEN' : 'BLUESKY_APP_PASSWORD',
        }}
      />
      <Field
        label="Language of the posts (optional)"
        help="A tag like en; sent with every post so readers' filters and translations work."
        errors={fields.language.errors}
        inputProps={{ ...getInputProps(fields.language, { type: 'text' }), placeholder: 'en' }}
      />
      <Button name="intent" value="connect">
        {connection?.connected ? 'Save and reconnect' : 'Connect'}
      </Button>
    </Form>
  )
}

export default function ChannelRoute() {
  const dates = useDates()
  const { channel, connectable, connection, canEdit } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const check = actionData && 'check' in actionData ? actionData.check : undefined
  const saved = actionData && 'saved' in actionData ? actionData.saved : undefined
  return (
    <>
      <PageHeader
        title={channel.name}
        description={`${channel.kindLabel}${channel.handle ? ` · ${channel.handle}` : ''} · ${channel.characterLimit ? `${channel.characterLimit.toLocaleString('en')} characters` : 'no length limit'}`}
        actions={
          <Link to="/communications/channels" className="text-sm underline">
            All channels
          </Link>
        }
      />
      <div className="space-y-4">
        {saved ? <Notice tone="success">{saved}</Notice> : null}
        {check ? <Notice tone={check.ok ? 'success' : 'error'}>{check.message}</Notice> : null}
        {actionData && actionData.form !== 'connect' && actionData.result.error?.[''] ? (
          <FormErrors errors={actionData.result.error['']} />
        ) : null}
      </div>
      {connection?.demoReason ? (
        <Card title="Publishing">
          <p className="text-sm text-slate-700">
            <strong className="font-semibold">Steward will not publish to this channel.</strong> {connection.demoReason}
          </p>
          <p className="mt-2 text-sm text-slate-700">
            Posts scheduled on it stay in the calendar and go nowhere. To publish for real,{' '}
            <Link className="text-brand-700 underline" to="/communications/channels">
              add a channel of your own
            </Link>{' '}
            and connect it.
          </p>
        </Card>
      ) : !connectable ? (
        <Card title="Publishing">
          <p className="text-sm text-slate-700">
            Steward publishes to Mastodon and Bluesky itself. {channel.kindLabel} posts go out by hand: the post page has the text to copy
            and a link that opens the composer with it.
          </p>
        </Card>
      ) : (
        <div className="mt-4 grid gap-6 lg:grid-cols-5">
          <div className="lg:col-span-2">
            <Card title="Connection">
              {connection?.connected ? (
                <dl className="space-y-2 text-sm">
                  <div>
                    <dt className="font-medium">Account</dt>
                    <dd>{connection.accountName}</dd>
                  </div>
                  <div>
                    <dt className="font-medium">Server</dt>
                    <dd>{connection.serviceUrl}</dd>
                  </div>
                  <div>
                    <dt className="font-medium">Credential</dt>
                    <dd>{connection.credentialIn === 'encrypted' ? 'Stored encrypted' : `Read from the ${connection.credentialIn}`}</dd>
                  </div>
                  {connection.language ? (
                    <div>
                      <dt className="font-medium">Language</dt>
                      <dd>{connection.language}</dd>
                    </div>
                  ) : null}
                  <div>
                    <dt className="font-medium">Last check</dt>
                    <dd>
                      {connection.lastCheckedAt ? dates.dateTime(connection.lastCheckedAt) : 'never'}
                      {connection.lastError ? <span className="block text-red-700">{connection.lastError}</span> : ' — working'}
                    </dd>
                  </div>
                </dl>
              ) : (
                <p className="text-sm text-slate-700">
                  Not connected: posts on this channel are handed off to you. Connect it to have Steward publish them at their time.
                </p>
              )}
              {canEdit && connection?.connected ? (
                <div className="mt-4 flex flex-wrap gap-2">
                  <Form method="post">
                    <Button name="intent" value="test" variant="secondary">
                      Test connection
                    </Button>
                  </Form>
                  <Form method="post">
                    <Button name="intent" value="disconnect" variant="ghost">
                      Disconnect
                    </Button>
                  </Form>
                </div>
              ) : null}
            </Card>
          </div>
          {canEdit ? (
            <div className="lg:col-span-3">
              <Card title={connection?.connected ? 'Reconnect with a new credential' : 'Connect'}>
                <ConnectForm />
              </Card>
            </div>
          ) : null}
        </div>
      )}
    </>
  )
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.channel.name ?? 'Channel'} · Communications · Steward` }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
