import { Link, useLoaderData } from 'react-router'
import { getReachPage } from '#app/domain/communications/pages.server.ts'
import { BestTimesCard } from '#app/components/communications/best-times.tsx'
import { FollowersCard, ImportedFiguresCard, PublishedPostsCard } from '#app/components/communications/reach.tsx'
import { ButtonLink } from '#app/components/ui/button.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/communications.reach'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return getReachPage({ user, channelId: new URL(request.url).searchParams.get('channel') })
}

export default function ReachRoute() {
  const { followers, posts, imported, connectedChannels, timeZone, canImport, bestTimes } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader
        title="Reach"
        description="Followers of each connected Mastodon and Bluesky channel, read every day, and how the posts Steward published did. X and LinkedIn numbers are recorded by hand on each post, or imported from their analytics exports."
        actions={
          canImport ? (
            <ButtonLink to="/communications/reach/import" variant="secondary">
              Import analytics export
            </ButtonLink>
          ) : null
        }
      />
      {connectedChannels === 0 ? (
        <EmptyState
          title="No connected channels yet"
          action={
            <Link className="text-brand-700 underline" to="/communications/channels">
              Connect a Mastodon or Bluesky channel
            </Link>
          }
        >
          Reach is read from the channels Steward publishes to.
        </EmptyState>
      ) : null}
      <div className="space-y-6">
        {followers.channels.length > 0 ? (
          <FollowersCard followers={followers} timeZone={timeZone} />
        ) : connectedChannels > 0 ? (
          <EmptyState title="No follower counts yet">They are read once a day; the first ones appear tomorrow morning.</EmptyState>
        ) : null}
        <BestTimesCard panel={bestTimes} />
        <PublishedPostsCard posts={posts} timeZone={timeZone} />
        <ImportedFiguresCard imported={imported} timeZone={timeZone} canImport={canImport} />
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Reach · Communications · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
