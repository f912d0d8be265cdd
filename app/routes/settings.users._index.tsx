import { Link, useLoaderData } from 'react-router'
import { getUsersPage } from '#app/domain/accounts/pages.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ButtonLink } from '#app/components/ui/button.tsx'
import { requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/settings.users._index'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'admin')
  return getUsersPage()
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
