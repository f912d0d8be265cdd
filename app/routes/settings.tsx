import { Outlet, useLoaderData } from 'react-router'
import { TabNav } from '#app/components/ui/tabs.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { PageHeader } from '#app/components/ui/card.tsx'
import { hasRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/settings'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const tabs = [{ to: '/settings/account', label: 'Your account' }]
  if (hasRole(user, 'admin'))
    tabs.push(
      { to: '/settings/organisation', label: 'Organisation' },
      { to: '/settings/users', label: 'People and roles' },
      { to: '/settings/email', label: 'E-mail' },
    )
  return { tabs }
}

export default function SettingsLayout() {
  const { tabs } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title="Settings" />
      <TabNav label="Settings" tabs={tabs} />
      <Outlet />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
