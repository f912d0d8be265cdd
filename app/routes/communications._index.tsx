import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/communications._index'

export async function loader({ request }: Route.LoaderArgs) {
  await requireUser(request)
  return null
}

export default function CommunicationsRoute() {
  return (
    <>
      <PageHeader title="Communications" description="Plan, write, schedule and log posts across X, LinkedIn and the platforms the policy adds, on a cadence." />
      <EmptyState title="Nothing here yet">This area is being built; its work will show on This week as soon as it exists.</EmptyState>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Communications · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
