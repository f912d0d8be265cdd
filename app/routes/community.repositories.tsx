import { redirect } from 'react-router'
import type { Route } from './+types/community.repositories'

/** The repositories moved to /community/sources; old links and bookmarks land there. */
export function loader({ request }: Route.LoaderArgs) {
  const url = new URL(request.url)
  return redirect(`/community/sources${url.search}`, 301)
}
