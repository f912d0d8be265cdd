import { NavLink, Outlet, useLoaderData } from 'react-router'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { hasRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/fundraising'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const tabs = [{ to: '/fundraising', label: 'Overview', end: true }]
  // Donor names and individual donations are for fundraising and admin only.
  if (hasRole(user, 'fundraising')) {
    tabs.push(
      { to: '/fundraising/donations', label: 'Donations', end: true },
      { to: '/fundraising/donations/import', label: 'Import', end: false },
      { to: '/fundraising/donors', label: 'Donors', end: false },
      { to: '/fundraising/rates', label: 'Exchange rates', end: false },
      { to: '/fundraising/grants', label: 'Grants', end: false },
      { to: '/fundraising/sponsors', label: 'Sponsors', end: false },
      { to: '/fundraising/conference', label: 'Conference', end: false },
    )
  }
  return { tabs }
}

export default function FundraisingLayout() {
  const { tabs } = useLoaderData<typeof loader>()
  return (
    <>
      {tabs.length > 1 ? (
        <nav aria-label="Fundraising" className="mb-6 flex flex-wrap gap-1 border-b border-slate-200">
          {tabs.map((tab) => (
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
      ) : null}
      <Outlet />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
