import { Form, useLoaderData } from 'react-router'
import { getFundraisingOverviewPage } from '#app/domain/fundraising/overview.server.ts'
import { markNotificationsRead } from '#app/domain/fundraising/reminders.server.ts'
import { MarkRemindersReadSchema } from '#app/domain/fundraising/schemas.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { OverviewCharts, OverviewFigures, RemindersCard, UnconvertedNotice } from '#app/components/fundraising/overview.tsx'
import { Button, ButtonLink } from '#app/components/ui/button.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { hasRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/fundraising._index'

// Aggregates only: every signed-in role may read this page; it carries no donor names.
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const year = Number(new URL(request.url).searchParams.get('year')) || null
  return getFundraisingOverviewPage({ userId: user.id, canManage: hasRole(user, 'fundraising'), year, now: new Date() })
}

/** "Mark all read" on the reminders. */
export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request)
  const outcome = await submitForm(await request.formData(), MarkRemindersReadSchema, () => markNotificationsRead({ userId: user.id }))
  if (!outcome.ok) return outcome.refusal
  return { result: outcome.submission.reply() }
}

export default function FundraisingRoute() {
  const { overview: o, year, years, canManage, reminders } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader
        title="Fundraising"
        description={`Money in for ${year}, in ${o.reportingCurrency}: converted at the exchange rate in force on each donation's date. Refunded and voided donations are left out.`}
        actions={
          <Form method="get" className="flex items-end gap-2">
            <label className="text-sm">
              <span className="block font-medium text-slate-800">Year</span>
              <select name="year" defaultValue={year} className="mt-1 rounded-md border border-slate-300 px-2 py-2 text-sm">
                {years.map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </label>
            <Button variant="secondary">Show</Button>
          </Form>
        }
      />
      {reminders.length ? <RemindersCard reminders={reminders} /> : null}
      {o.unconverted.length ? <UnconvertedNotice unconverted={o.unconverted} canManage={canManage} /> : null}
      {o.totals.donations === 0 && o.unconverted.length === 0 ? (
        <EmptyState
          title={`No donations recorded for ${year}`}
          action={canManage ? <ButtonLink to="/fundraising/donations/import">Import a donations export</ButtonLink> : undefined}
        >
          {canManage
            ? 'Import an export from Open Collective, GitHub Sponsors, PayPal or Stripe, or enter donations by hand.'
            : 'The fundraising lead imports donations; totals appear here once they do.'}
        </EmptyState>
      ) : (
        <div className="space-y-6">
          <OverviewFigures overview={o} />
          <OverviewCharts overview={o} />
        </div>
      )}
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Fundraising · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
