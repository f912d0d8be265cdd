import { redirect } from 'react-router'
import { hasRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/settings._index'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return redirect(hasRole(user, 'admin') ? '/settings/users' : '/settings/account')
}
