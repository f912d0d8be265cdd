import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import { DomainError } from '#app/domain/errors.ts'
import { parseWithZod } from '@conform-to/zod/v4'
import { listDonorMergeSuggestions, listDonors, mergeDonors, updateDonor } from '#app/domain/fundraising/donors.server.ts'
import { DonorSchema } from '#app/domain/fundraising/schemas.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { DataTable, td, tdNum } from '#app/components/fundraising/ui.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { formatDate } from '#app/utils/format.ts'
import { requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/fundraising.donors'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'fundraising')
  const q = new URL(request.url).searchParams.get('q')
  const [donors, suggestions, settings] = await Promise.all([listDonors(q), listDonorMergeSuggestions(), getOrganisationSettings()])
  const names = new Map(donors.map((d) => [d.id, d]))
  return {
    q,
    donors,
    suggestions: suggestions
      .map((s) => ({ name: s.name, donors: s.ids.map((id) => names.get(id)).filter((d) => d !== undefined) }))
      .filter((s) => s.donors.length > 1),
    timeZone: settings.timeZone,
  }
}

const MergeSchema = z.object({ fromId: z.uuid('Choose the donor to merge'), intoId: z.uuid('Choose the donor to keep') })

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'fundraising')
  const formData = await request.formData()
  if (formData.get('intent') === 'update') {
    const submission = parseWithZod(formData, { schema: DonorSchema })
    if (submission.status !== 'success')
      return data(
        {
          error:
            Object.values(submission.error ?? {})
              .flat()
              .join('; ') || 'Check the fields',
          merged: null,
          updated: false,
        },
        { status: 400 },
      )
    await updateDonor({ ...submission.value, donorId: String(formData.get('donorId')), actorId: user.id })
    return { error: null, merged: null, updated: true }
  }
  const parsed = MergeSchema.safeParse(Object.fromEntries(formData))
  if (!parsed.success) return data({ error: parsed.error.issues[0].message, merged: null, updated: false }, { status: 400 })
  try {
    const { moved } = await mergeDonors({ ...parsed.data, actorId: user.id })
    return { error: null, merged: moved, updated: false }
  } catch (error) {
    if (error instanceof DomainError) return data({ error: error.message, merged: null, updated: false }, { status: 409 })
    throw error
  }
}

export default function DonorsRoute() {
  const { q, donors, suggestions, timeZone } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const select = 'mt-1 block w-full rounded-md border border-slate-300 px-2 py-2 text-sm'
  return (
    <>
      <PageHeader
        title="Donors"
        description="People and organisations who gave, across platforms. When the same donor arrives from two platforms, merge them: donations and platform handles move to the donor you keep."
      />
      <div className="space-y-6">
        {actionData?.error ? <Notice tone="error">{actionData.error}</Notice> : null}
        {actionData?.updated ? <Notice tone="success">Donor saved.</Notice> : null}
        {actionData?.merged !== null && actionData?.merged !== undefined ? (
          <Notice tone="success">Merged: {actionData.merged} donations moved.</Notice>
        ) : null}
        {suggestions.length ? (
          <Card title="Probably the same donor">
            <ul className="space-y-3">
              {suggestions.map((s) => (
                <li key={s.name} className="flex flex-wrap items-center justify-between gap-3 text-sm">
                  <span>
                    <strong>{s.name}</strong> on {s.donors.map((d) => d.sources ?? 'manual entry').join(' and ')}
                  </span>
                  <Form method="post">
                    <input type="hidden" name="intoId" value={s.donors[0].id} />
                    <input type="hidden" name="fromId" value={s.donors[1].id} />
                    <Button variant="secondary" className="px-2 py-1">
                      Merge {s.donors[1].sources ?? 'manual'} into {s.donors[0].sources ?? 'manual'}
                    </Button>
                  </Form>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
        <Card title="Merge two donors">
          <Form method="post" className="grid items-end gap-3 sm:grid-cols-3">
            <label className="text-sm">
              <span className="font-medium text-slate-800">Merge this donor…</span>
              <select name="fromId" className={select} required defaultValue="">
                <option value="" disabled>
                  Choose
                </option>
                {donors.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name} ({d.sources ?? 'manual'})
                  </option>
                ))}
              </select>
            </label>
            <label className="text-sm">
              <span className="font-medium text-slate-800">…into this one (kept)</span>
              <select name="intoId" className={select} required defaultValue="">
                <option value="" disabled>
                  Choose
                </option>
                {donors.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name} ({d.sources ?? 'manual'})
                  </option>
                ))}
              </select>
            </label>
            <Button>Merge</Button>
          </Form>
        </Card>
        <Form method="get" className="flex items-end gap-2">
          <label className="text-sm">
            <span className="block font-medium text-slate-800">Find a donor</span>
            <input name="q" defaultValue={q ?? ''} className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
          </label>
          <Button variant="secondary">Search</Button>
        </Form>
        {donors.length === 0 ? (
          <EmptyState title="No donors yet">Donors are created when donations are imported or entered.</EmptyState>
        ) : (
          <DataTable caption="Donors" head={['Name', 'Email', 'Platforms', 'Gifts', 'Last gift', 'Public thanks', '']}>
            {donors.map((d) => (
              <tr key={d.id}>
                <td className={td}>
                  <Link to={`/fundraising/donations?donorId=${d.id}`} className="text-brand-700 hover:underline">
                    {d.name}
                  </Link>
                  {d.kind === 'organisation' ? <span className="ml-1 text-xs text-slate-500">(organisation)</span> : null}
                </td>
                <td className={td}>{d.email ?? '—'}</td>
                <td className={td}>{d.sources ?? 'manual entry'}</td>
                <td className={tdNum}>{d.gifts}</td>
                <td className={td}>{d.lastAt ? formatDate(d.lastAt, timeZone) : '—'}</td>
                <td className={td}>{d.consentToPublicThanks ? 'yes' : 'no'}</td>
                <td className={td}>
                  <details>
                    <summary className="cursor-pointer text-sm text-slate-600 underline">Edit</summary>
                    <Form method="post" className="mt-2 grid w-72 gap-2 text-sm">
                      <input type="hidden" name="intent" value="update" />
                      <input type="hidden" name="donorId" value={d.id} />
                      <label>
                        Kind{' '}
                        <select name="kind" defaultValue={d.kind} className="rounded-md border border-slate-300 px-2 py-1">
                          <option value="person">person</option>
                          <option value="organisation">organisation</option>
                        </select>
                      </label>
                      <label>
                        Name{' '}
                        <input name="name" defaultValue={d.name} required className="w-full rounded-md border border-slate-300 px-2 py-1" />
                      </label>
                      <label>
                        Email{' '}
                        <input
                          name="email"
                          type="email"
                          defaultValue={d.email ?? ''}
                          className="w-full rounded-md border border-slate-300 px-2 py-1"
                        />
                      </label>
                      <label>
                        Other contact{' '}
                        <input
                          name="otherContact"
                          defaultValue={d.otherContact ?? ''}
                          className="w-full rounded-md border border-slate-300 px-2 py-1"
                        />
                      </label>
                      <label className="flex items-center gap-2">
                        <input type="checkbox" name="consentToPublicThanks" defaultChecked={d.consentToPublicThanks} className="h-4 w-4" />{' '}
                        Agrees to be thanked publicly
                      </label>
                      <Button variant="secondary" className="px-2 py-1">
                        Save
                      </Button>
                    </Form>
                  </details>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Donors · Fundraising · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
