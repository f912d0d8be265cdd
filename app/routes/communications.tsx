import { Outlet, useLoaderData } from 'react-router'
import { TabNav } from '#app/components/ui/tabs.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { hasRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/communications'

const TABS = [
  { to: '/communications', label: 'Overview', end: true },
  { to: '/communications/calendar', label: 'Calendar' },
  { to: '/communications/posts', label: 'Posts' },
  { to: '/communications/cadences', label: 'Cadences' },
  { to: '/communications/channels', label: 'Channels' },
  { to: '/communications/reach', label: 'Reach' },
  { to: '/communications/campaigns', label: 'Campaigns' },
  { to: '/communications/materials', label: 'Materials' },
  { to: '/communications/policy', label: 'Policy' },
]

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return { canEdit: hasRole(user, 'communications') }
}

export default function CommunicationsLayout() {
  const { canEdit } = useLoaderData<typeof loader>()
  return (
    <>
      <TabNav label="Communications" tabs={TABS} />
      {canEdit ? null : (
        <p className="mb-4 text-sm text-slate-500">You can read everything here; the communications lead and admins make changes.</p>
      )}
      <Outlet />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
