import { NavLink, Outlet, useLoaderData } from 'react-router'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { hasRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/communications'

const TABS = [
  { to: '/communications', label: 'Overview', end: true },
  { to: '/communications/calendar', label: 'Calendar' },
  { to: '/communications/posts', label: 'Posts' },
  { to: '/communications/cadences', label: 'Cadences' },
  { to: '/communications/channels', label: 'Channels' },
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
      <nav aria-label="Communications" className="mb-6 flex flex-wrap gap-1 border-b border-slate-200">
        {TABS.map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            end={tab.end}
            className={({ isActive }) =>
              `-mb-px border-b-2 px-3 py-2 text-sm font-medium ${isActive ? 'border-brand-600 text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`
            }
          >
            {tab.label}
          </NavLink>
        ))}
      </nav>
      {canEdit ? null : <p className="mb-4 text-sm text-slate-500">You can read everything here; the communications lead and admins make changes.</p>}
      <Outlet />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
