import { data } from 'react-router'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/not-found'

export async function loader({ request }: Route.LoaderArgs) {
  // Anonymous visitors sign in first: unknown addresses reveal nothing about what exists.
  await requireUser(request)
  throw data({ message: 'There is nothing at this address. Check the link, or start from This week.' }, { status: 404 })
}

export default function NotFoundRoute() {
  return null
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
