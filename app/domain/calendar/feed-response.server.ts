// The HTTP answer behind /calendar.ics?token=…: calendar apps call it without a session, so the
// token is the access check.
import { data } from 'react-router'
import { buildCalendarFeed } from './feed.server.ts'
import { findUserByFeedToken } from './feed-tokens.server.ts'

/** The person's feed; an unknown or revoked token is a 404 that says where to get a new address. */
export async function calendarFeedResponse(input: { token: string; origin: string }) {
  const user = await findUserByFeedToken(input.token)
  if (!user)
    throw data(
      { message: 'This calendar feed address is not valid (it may have been revoked). Get a new one under Settings → Your account.' },
      { status: 404 },
    )
  const body = await buildCalendarFeed({ user, origin: input.origin })
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="steward.ics"',
      'Cache-Control': 'private, no-store',
    },
  })
}
