import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/reports._index'

export async function loader({ request }: Route.LoaderArgs) {
  await requireUser(request)
  return null
}

export default function ReportsRoute() {
  return (
    <>
      <PageHeader title="Reports" description="Quarterly reports to the Steering Council, combining communications, community and fundraising." />
      <EmptyState title="Nothing here yet">This area is being built; its work will show on This week as soon as it exists.</EmptyState>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Reports · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
