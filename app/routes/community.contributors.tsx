import { data, Form, redirect, useActionData, useLoaderData, useNavigation } from 'react-router'
import { listIdentityMerges, mergeIdentities, undoMerge } from '#app/domain/community/identity-map.server.ts'
import { describeIdentity, MergeIdentitiesSchema, parseIdentityRef, UndoMergeSchema } from '#app/domain/community/identity-refs.ts'
import { getContributorsPage } from '#app/domain/community/pages.server.ts'
import { CONTRIBUTION_KIND_LABELS, CONTRIBUTOR_STATUS_LABELS, type ContributorStatus } from '#app/domain/community/vocabulary.ts'
import { CommunityNav, PeriodFilters } from '#app/components/community/community-ui.tsx'
import { MergeConfirm, MergeHistory } from '#app/components/community/contributors.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { hasRole, requireRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/community.contributors'

/** URL parameters of the merge flow, dropped from the links and forms that go on from here. */
const FLOW_PARAMS = ['pick', 'merged', 'undone']

function pageUrl(url: URL, add: Record<string, string> = {}) {
  const params = new URLSearchParams(url.search)
  for (const p of FLOW_PARAMS) params.delete(p)
  for (const [k, v] of Object.entries(add)) params.set(k, v)
  const search = params.toString()
  return `${url.pathname}${search ? `?${search}` : ''}`
}

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const url = new URL(request.url)
  const canEdit = hasRole(user, 'community')
  const [page, merges] = await Promise.all([getContributorsPage(url.searchParams), listIdentityMerges()])
  const picks = canEdit ? url.searchParams.getAll('pick') : []
  const label = (ref: string) => {
    const row = page.contributors.find((c) => c.ref === ref)
    const parsed = parseIdentityRef(ref)
    return row ? row.identity : parsed ? describeIdentity(parsed) : ref
  }
  const done = merges.find((m) => m.id === (url.searchParams.get('merged') ?? url.searchParams.get('undone')))
  return {
    ...page,
    canEdit,
    merges,
    picked: picks.length === 2 ? picks.map((ref) => ({ ref, label: label(ref) })) : null,
    pickProblem: picks.length === 0 || picks.length === 2 ? null : `Tick exactly two contributors to merge (you ticked ${picks.length}).`,
    picks,
    notice: done ? `${url.searchParams.has('merged') ? 'Merged' : 'Undid the merge of'} ${done.a} and ${done.b}.` : null,
    /** the filters, kept when the table's form asks for a merge */
    keep: [...new URLSearchParams(pageUrl(url).split('?')[1] ?? '')],
    cancelTo: pageUrl(url),
  }
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'community')
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'merge':
      return mergeIntent(request, formData, user.id)
    case 'undo':
      return undoIntent(request, formData, user.id)
    default:
      throw data('Unknown intent', { status: 400 })
  }
}

async function mergeIntent(request: Request, formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, MergeIdentitiesSchema, (value) => mergeIdentities({ ...value, actorId }), {
    answer: { intent: 'merge', mergeId: null as string | null },
  })
  if (!outcome.ok) return outcome.refusal
  return redirect(pageUrl(new URL(request.url), { merged: outcome.result.id }))
}

async function undoIntent(request: Request, formData: FormData, actorId: string) {
  const mergeId = String(formData.get('mergeId') ?? '')
  const outcome = await submitForm(formData, UndoMergeSchema, (value) => undoMerge({ ...value, actorId }), {
    answer: { intent: 'undo', mergeId: mergeId as string | null },
  })
  if (!outcome.ok) return outcome.refusal
  return redirect(pageUrl(new URL(request.url), { undone: outcome.result.id }))
}

const STATUS_TONES: Record<ContributorStatus, string> = {
  new: 'bg-green-100 text-green-800',
  returning: 'bg-slate-100 text-slate-700',
  inactive: 'bg-amber-100 text-amber-900',
  earlier: '',
}

export default function ContributorsRoute() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  return (
    <>
      <PageHeader
        title="Contributors"
        description="Everyone active in the period or the one before: new (first contribution in the period), returning (active again), inactive (active before, not now). Forum posters count; bots and e-mail senders do not. A person whose identities have been merged counts once."
      />
      <CommunityNav />
      <PeriodFilters
        period={d.period}
        periodChoices={d.periodChoices}
        repositories={d.repositories}
        repositoryId={d.repositoryId}
        extra={
          <div>
            <label htmlFor="status-filter" className="block text-sm font-medium text-slate-800">
              Show
            </label>
            <select
              id="status-filter"
              name="status"
              defaultValue={d.status}
              className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
            >
              <option value="">Everyone ({d.counts.new + d.counts.returning + d.counts.inactive})</option>
              <option value="new">New ({d.counts.new})</option>
              <option value="returning">Returning ({d.counts.returning})</option>
              <option value="inactive">Inactive ({d.counts.inactive})</option>
            </select>
          </div>
        }
      />
      <p className="-mt-4 mb-4 text-xs text-slate-500">{d.scope}</p>
      {d.notice ? (
        <div className="mb-4">
          <Notice tone="success">{d.notice}</Notice>
        </div>
      ) : null}
      {d.picked ? (
        <MergeConfirm
          a={d.picked[0]!}
          b={d.picked[1]!}
          cancelTo={d.cancelTo}
          lastResult={actionData?.intent === 'merge' ? actionData.result : undefined}
          busy={busy}
        />
      ) : null}
      {d.contributors.length === 0 ? (
        <EmptyState title="Nobody contributed in this period">
          Pick a longer period, or check that the repositories and forums have been synced.
        </EmptyState>
      ) : (
        <Form method="get" aria-label="Contributors">
          {d.keep.map(([name, value]) => (
            <input key={`${name}=${value}`} type="hidden" name={name} value={value} />
          ))}
          <Card>
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead className="border-b border-slate-200 text-slate-600">
                  <tr>
                    {d.canEdit ? (
                      <th scope="col" className="py-2 pr-2 font-medium">
                        <span className="sr-only">Pick to merge</span>
                      </th>
                    ) : null}
                    <th scope="col" className="py-2 pr-4 font-medium">
                      Contributor
                    </th>
                    <th scope="col" className="py-2 pr-4 font-medium">
                      Status
                    </th>
                    <th scope="col" className="py-2 pr-4 font-medium">
                      First contribution
                    </th>
                    <th scope="col" className="py-2 pr-4 font-medium">
                      Last contribution
                    </th>
                    <th scope="col" className="py-2 pr-4 text-right font-medium">
                      In period
                    </th>
                    <th scope="col" className="py-2 pr-4 font-medium">
                      Kinds
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.contributors.map((c) => (
                    <tr key={c.key} className="border-b border-slate-100">
                      {d.canEdit ? (
                        <td className="py-1.5 pr-2">
                          <input
                            type="checkbox"
                            name="pick"
                            value={c.ref}
                            defaultChecked={d.picks.includes(c.ref)}
                            aria-label={`Pick ${c.identity} to merge`}
                            className="h-4 w-4"
                          />
                        </td>
                      ) : null}
                      <th scope="row" className="py-1.5 pr-4 font-normal">
                        {c.identity}
                        {c.aliases.length ? <span className="block text-xs text-slate-600">also {c.aliases.join(', ')}</span> : null}
                      </th>
                      <td className="py-1.5 pr-4">
                        <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_TONES[c.status]}`}>
                          {CONTRIBUTOR_STATUS_LABELS[c.status]}
                        </span>
                      </td>
                      <td className="py-1.5 pr-4">{formatDate(c.firstAt, d.timeZone)}</td>
                      <td className="py-1.5 pr-4">{formatDate(c.lastAt, d.timeZone)}</td>
                      <td className="py-1.5 pr-4 text-right tabular-nums">{c.inPeriod}</td>
                      <td className="py-1.5 text-slate-600">{c.kinds.map((k) => CONTRIBUTION_KIND_LABELS[k]).join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
          {d.canEdit ? (
            <div className="mt-3 flex flex-wrap items-center gap-3">
              <Button variant="secondary">Merge selected…</Button>
              <p className="text-sm text-slate-600">Tick the two rows that are the same person.</p>
              {d.pickProblem ? (
                <p role="alert" className="text-sm text-red-700">
                  {d.pickProblem}
                </p>
              ) : null}
            </div>
          ) : null}
        </Form>
      )}
      <MergeHistory
        merges={d.merges}
        canEdit={d.canEdit}
        timeZone={d.timeZone}
        undoResult={actionData?.intent === 'undo' ? actionData.result : undefined}
        undoMergeId={actionData?.intent === 'undo' ? actionData.mergeId : null}
        busy={busy}
      />
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Contributors · Community · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
