import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/fundraising._index'

export async function loader({ request }: Route.LoaderArgs) {
  await requireUser(request)
  return null
}

export default function FundraisingRoute() {
  return (
    <>
      <PageHeader title="Fundraising" description="Donations, the grant pipeline and its deadlines, sponsors and the conference budget." />
      <EmptyState title="Nothing here yet">This area is being built; its work will show on This week as soon as it exists.</EmptyState>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Fundraising · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
