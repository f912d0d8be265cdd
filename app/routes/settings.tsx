import { NavLink, Outlet, useLoaderData } from 'react-router'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { PageHeader } from '#app/components/ui/card.tsx'
import { hasRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/settings'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const tabs = [{ to: '/settings/account', label: 'Your account' }]
  if (hasRole(user, 'admin')) tabs.push({ to: '/settings/organisation', label: 'Organisation' }, { to: '/settings/users', label: 'People and roles' })
  return { tabs }
}

export default function SettingsLayout() {
  const { tabs } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title="Settings" />
      <nav aria-label="Settings" className="mb-6 flex gap-1 border-b border-slate-200">
        {tabs.map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            className={({ isActive }) =>
              `-mb-px border-b-2 px-3 py-2 text-sm font-medium ${isActive ? 'border-brand-600 text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`
            }
          >
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
