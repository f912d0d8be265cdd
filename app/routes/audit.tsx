import { Form, useLoaderData, useSearchParams } from 'react-router'
import { getAuditPage } from '#app/domain/audit/pages.server.ts'
import { AuditFiltersSchema } from '#app/domain/audit/schemas.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { SelectField } from '#app/components/ui/field.tsx'
import { useDates } from '#app/utils/dates.tsx'
import { requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/audit'
import { Pagination } from '#app/components/ui/pagination.tsx'
import { ScrollRegion } from '#app/components/ui/scroll-region.tsx'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'admin')
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ''))
  return getAuditPage(AuditFiltersSchema.parse(params))
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-slate-500">—</span>
  return (
    <pre className="max-w-md overflow-x-auto whitespace-pre-wrap break-words text-xs text-slate-700">{JSON.stringify(value, null, 1)}</pre>
  )
}

export default function AuditRoute() {
  const { events, total, page, pageSize, facets, actors, timeZone } = useLoaderData<typeof loader>()
  const dates = useDates(timeZone)
  const [searchParams] = useSearchParams()
  const pages = Math.max(1, Math.ceil(total / pageSize))
  return (
    <>
      <PageHeader title="Audit log" description="Every change in Steward: who made it, when, and what it was before and after." />
      <Form method="get" className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-4 sm:items-end">
        <SelectField
          label="Entity"
          selectProps={{ name: 'entity', defaultValue: searchParams.get('entity') ?? '' }}
          options={[{ value: '', label: 'All' }, ...facets.entities.map((e) => ({ value: e, label: e }))]}
        />
        <SelectField
          label="Action"
          selectProps={{ name: 'action', defaultValue: searchParams.get('action') ?? '' }}
          options={[{ value: '', label: 'All' }, ...facets.actions.map((a) => ({ value: a, label: a }))]}
        />
        <SelectField
          label="Who"
          selectProps={{ name: 'actor', defaultValue: searchParams.get('actor') ?? '' }}
          options={[{ value: '', label: 'Anyone' }, ...actors.map((a) => ({ value: a.id, label: a.name }))]}
        />
        <Button variant="secondary">Filter</Button>
      </Form>
      {events.length === 0 ? (
        <EmptyState title="No changes match these filters">Clear the filters to see every change.</EmptyState>
      ) : (
        <ScrollRegion label="Audit events" className="rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  When
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Who
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  What
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Before
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  After
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top">
              {events.map((event) => (
                <tr key={event.id}>
                  <td className="whitespace-nowrap px-3 py-2">{dates.dateTime(event.at)}</td>
                  <td className="px-3 py-2">{event.actorName ?? <span className="text-slate-500">System</span>}</td>
                  <td className="px-3 py-2">
                    <span className="font-medium">{event.action}</span> {event.entity}
                    {event.entityId ? <span className="block font-mono text-xs text-slate-500">{event.entityId}</span> : null}
                  </td>
                  <td className="px-3 py-2">
                    <Json value={event.before} />
                  </td>
                  <td className="px-3 py-2">
                    <Json value={event.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <Pagination
        page={page}
        pages={pages}
        summary={`${total} change${total === 1 ? '' : 's'} · page ${page} of ${pages}`}
        previousLabel="Newer"
        nextLabel="Older"
      />
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Audit log · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
