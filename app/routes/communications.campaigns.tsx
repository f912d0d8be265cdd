import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from 'react-router'
import { createCampaign, updateCampaign } from '#app/domain/communications/campaigns.server.ts'
import { getCampaignsPage } from '#app/domain/communications/pages.server.ts'
import { CampaignSchema } from '#app/domain/communications/schemas.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button, ButtonLink } from '#app/components/ui/button.tsx'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors, TextareaField } from '#app/components/ui/field.tsx'
import { formatDate } from '#app/utils/format.ts'
import { formatMoney } from '#app/utils/money.ts'
import { saveCreateOrEditForm } from '#app/utils/form-actions.server.ts'
import { requireRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/communications.campaigns'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return getCampaignsPage({ user })
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'communications')
  const formData = await request.formData()
  return saveCreateOrEditForm(formData, {
    schema: CampaignSchema,
    create: (value) => createCampaign({ ...value, actorId: user.id }),
    update: (value) => updateCampaign({ ...value, actorId: user.id }),
    redirectTo: '/communications/campaigns',
  })
}

type Campaign = Awaited<ReturnType<typeof loader>>['campaigns'][number]

function CampaignForm({ editing }: { editing?: Campaign }) {
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: editing ? `campaign-${editing.id}` : 'campaign-new',
    lastResult: actionData?.result,
    defaultValue: {
      name: editing?.name ?? '',
      startsOn: editing?.startsOn ?? '',
      endsOn: editing?.endsOn ?? '',
      goal: editing?.goal ?? '',
      isConference: editing?.isConference ? 'on' : '',
    },
    constraint: getZodConstraint(CampaignSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CampaignSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
      <FormErrors errors={form.errors} />
      <Field
        label="Name"
        errors={fields.name.errors}
        inputProps={{ ...getInputProps(fields.name, { type: 'text' }), placeholder: 'Annual conference 2026' }}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Starts on" errors={fields.startsOn.errors} inputProps={getInputProps(fields.startsOn, { type: 'date' })} />
        <Field label="Ends on" errors={fields.endsOn.errors} inputProps={getInputProps(fields.endsOn, { type: 'date' })} />
      </div>
      <TextareaField
        label="Goal (optional)"
        errors={fields.goal.errors}
        textareaProps={{ name: fields.goal.name, id: fields.goal.id, defaultValue: String(fields.goal.initialValue ?? ''), rows: 3 }}
      />
      <div className="flex items-center gap-2">
        <input {...getInputProps(fields.isConference, { type: 'checkbox' })} required={false} className="h-4 w-4" />
        <label htmlFor={fields.isConference.id} className="text-sm font-medium">
          This is the conference (its dates show as the conference on the calendar and in the feed)
        </label>
      </div>
      <div className="flex gap-2">
        <Button>{editing ? 'Save campaign' : 'Add campaign'}</Button>
        {editing ? (
          <ButtonLink variant="ghost" to="/communications/campaigns">
            Cancel
          </ButtonLink>
        ) : null}
      </div>
    </Form>
  )
}

export default function CampaignsRoute() {
  const { campaigns, canEdit, funding } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const editing = campaigns.find((c) => c.id === params.get('edit'))
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="A run of posts towards one goal, like promoting the annual conference. Link posts to a campaign from the post form."
      />
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="space-y-4 lg:col-span-3">
          {campaigns.length === 0 ? (
            <EmptyState title="No campaigns yet">Add the next conference or release as a campaign.</EmptyState>
          ) : null}
          {campaigns.map((c) => (
            <Card
              key={c.id}
              title={
                <>
                  {c.name}{' '}
                  {c.isConference ? (
                    <span className="ml-1 rounded-full bg-fuchsia-100 px-2 py-0.5 text-xs text-fuchsia-900">conference</span>
                  ) : null}
                </>
              }
              actions={
                canEdit ? (
                  <Link className="text-sm text-brand-700 underline" to={`?edit=${c.id}`} aria-label={`Edit ${c.name}`}>
                    Edit
                  </Link>
                ) : null
              }
            >
              <p className="text-sm text-slate-600">
                {c.startsOn ? formatDate(c.startsOn) : 'no start'} – {c.endsOn ? formatDate(c.endsOn) : 'no end'} · {c.posts}{' '}
                {c.posts === 1 ? 'post' : 'posts'}, {c.published} published
              </p>
              {c.goal ? <p className="mt-2 text-sm">{c.goal}</p> : null}
              {funding
                .filter((f) => f.campaignId === c.id)
                .map((f) => (
                  <p key={f.name} className="mt-2 text-sm">
                    Funding ({f.name}): {formatMoney(f.pledged, f.currency)} pledged, {formatMoney(f.received, f.currency)} received of{' '}
                    {formatMoney(f.target, f.currency)} ({f.target ? Math.round((f.pledged / f.target) * 100) : 0}% pledged)
                    {f.unconverted
                      ? `; ${f.unconverted} pledge${f.unconverted > 1 ? 's' : ''} without an exchange rate left out`
                      : ''}.{' '}
                    <Link to="/fundraising/conference" className="text-brand-700 underline">
                      Conference funding
                    </Link>
                  </p>
                ))}
            </Card>
          ))}
        </div>
        {canEdit ? (
          <div className="lg:col-span-2">
            <Card title={editing ? `Edit ${editing.name}` : 'Add a campaign'}>
              <CampaignForm key={editing?.id ?? 'new'} editing={editing} />
            </Card>
          </div>
        ) : null}
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Campaigns · Communications · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
