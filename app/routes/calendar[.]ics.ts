import { calendarFeedResponse } from '#app/domain/calendar/feed-response.server.ts'
import { publicOrigin } from '#app/utils/url.server.ts'
import type { Route } from './+types/calendar[.]ics'

// A resource route: calendar apps call it without a session, so the token is the access check.
export async function loader({ request }: Route.LoaderArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  return calendarFeedResponse({ token, origin: publicOrigin(request) })
}
