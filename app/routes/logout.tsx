import { redirect } from 'react-router'
import { endUserSession } from '#app/utils/session.server.ts'
import type { Route } from './+types/logout'

export async function loader() {
  return redirect('/')
}

export async function action({ request }: Route.ActionArgs) {
  return endUserSession(request)
}
