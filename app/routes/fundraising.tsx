import { Outlet, useLoaderData } from 'react-router'
import { TabNav } from '#app/components/ui/tabs.tsx'
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
      { to: '/fundraising/connections', label: 'Connections', end: false },
      { to: '/fundraising/donors', label: 'Donors', end: false },
      { to: '/fundraising/rates', label: 'Exchange rates', end: false },
      { to: '/fundraising/grants', label: 'Grants', end: false },
      { to: '/fundraising/sponsors', label: 'Sponsors', end: false },
      { to: '/fundraising/conference', label: 'Conference', end: false },
    )
  } else if (hasRole(user, 'council')) {
    // The council reads the grant and sponsor pipelines (organisations, not private persons).
    tabs.push({ to: '/fundraising/grants', label: 'Grants', end: false }, { to: '/fundraising/sponsors', label: 'Sponsors', end: false })
  }
  return { tabs }
}

export default function FundraisingLayout() {
  const { tabs } = useLoaderData<typeof loader>()
  return (
    <>
      {tabs.length > 1 ? <TabNav label="Fundraising" tabs={tabs} /> : null}
      <Outlet />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
