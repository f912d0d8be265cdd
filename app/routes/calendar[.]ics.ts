import { data } from 'react-router'
import { findUserByFeedToken } from '#app/domain/calendar/feed-tokens.server.ts'
import { buildCalendarFeed } from '#app/domain/calendar/feed.server.ts'
import { publicOrigin } from '#app/utils/url.server.ts'
import type { Route } from './+types/calendar[.]ics'

// A resource route: calendar apps call it without a session, so the token is the access check.
export async function loader({ request }: Route.LoaderArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const user = await findUserByFeedToken(token)
  if (!user)
    throw data(
      { message: 'This calendar feed address is not valid (it may have been revoked). Get a new one under Settings → Your account.' },
      { status: 404 },
    )
  const body = await buildCalendarFeed({ user, origin: publicOrigin(request) })
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="steward.ics"',
      'Cache-Control': 'private, no-store',
    },
  })
}
