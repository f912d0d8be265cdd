import { Link, useLoaderData } from 'react-router'
import { listPendingInvitations } from '#app/domain/accounts/invitations.server.ts'
import { listUsers } from '#app/domain/accounts/users.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ButtonLink } from '#app/components/ui/button.tsx'
import { ROLE_LABELS } from '#app/domain/accounts/vocabulary.ts'
import { requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/settings.users._index'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'admin')
  const [users, pending] = await Promise.all([listUsers(), listPendingInvitations()])
  const invited = new Set(pending.map((p) => p.userId))
  return {
    users: users.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      roles: u.roles.map((r) => ROLE_LABELS[r]),
      state: !u.active ? 'Deactivated' : u.hasPassword ? 'Active' : invited.has(u.id) ? 'Invited' : 'Invitation expired',
    })),
  }
}

export default function UsersRoute() {
  const { users } = useLoaderData<typeof loader>()
  return (
    <div>
      <div className="mb-4 flex items-center justify-between">
        <p className="text-sm text-slate-600">
          Everyone who can sign in, and what they may do. People are deactivated, never deleted: their history stays attributed.
        </p>
        <ButtonLink to="/settings/users/new">Invite a person</ButtonLink>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                Name
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Email
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Roles
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                State
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((user) => (
              <tr key={user.id}>
                <td className="px-4 py-2">
                  <Link to={`/settings/users/${user.id}`} className="font-medium text-brand-700 hover:underline">
                    {user.name}
                  </Link>
                </td>
                <td className="px-4 py-2 text-slate-700">{user.email}</td>
                <td className="px-4 py-2 text-slate-700">{user.roles.join(', ') || '—'}</td>
                <td className="px-4 py-2 text-slate-700">{user.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'People and roles · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
