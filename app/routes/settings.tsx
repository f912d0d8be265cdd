import { Outlet, useLoaderData } from 'react-router'
import { TabNav } from '#app/components/ui/tabs.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { PageHeader } from '#app/components/ui/card.tsx'
import { hasRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/settings'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return { isAdmin: hasRole(user, 'admin') }
}

const ACCOUNT_TAB = { to: '/settings/account', label: 'Your account' }
const ADMIN_TABS = [
  { to: '/settings/organisation', label: 'Organisation' },
  { to: '/settings/users', label: 'People and roles' },
  { to: '/settings/email', label: 'E-mail' },
]

export default function SettingsLayout() {
  const { isAdmin } = useLoaderData<typeof loader>()
  const tabs = isAdmin ? [ACCOUNT_TAB, ...ADMIN_TABS] : [ACCOUNT_TAB]
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
