import { redirect, useActionData, useLoaderData } from 'react-router'
import { getNewPostPage } from '#app/domain/communications/pages.server.ts'
import { createPost } from '#app/domain/communications/posts.server.ts'
import { PostSchema } from '#app/domain/communications/schemas.ts'
import { PostForm } from '#app/components/communications/post-form.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ButtonLink } from '#app/components/ui/button.tsx'
import { Card, EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { useDates } from '#app/utils/dates.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { requireRole } from '#app/utils/session.server.ts'
import { optionalIdParam } from '#app/utils/params.ts'
import type { Route } from './+types/communications.posts.new'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'communications')
  const url = new URL(request.url)
  return getNewPostPage({ channelId: optionalIdParam(url.searchParams.get('channel')), slot: url.searchParams.get('slot') })
}

/** The button pressed says what the new post is: a scheduled post, an idea, or (by default) a draft. */
const STATUS_BY_INTENT = { schedule: 'scheduled', idea: 'idea' } as const

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'communications')
  const formData = await request.formData()
  const intent = formData.get('intent')
  const status = intent === 'schedule' || intent === 'idea' ? STATUS_BY_INTENT[intent] : 'draft'
  const outcome = await submitForm(formData, PostSchema, (value) => createPost({ ...value, status, actorId: user.id }))
  if (!outcome.ok) return outcome.refusal
  return redirect(`/communications/posts/${outcome.result.id}`)
}

export default function NewPostRoute() {
  const page = useLoaderData<typeof loader>()
  const dates = useDates(page.timeZone)
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader title="Write a post" description="One post, a text per channel. Save it as a draft, or schedule it when it is ready." />
      {page.channels.length === 0 ? (
        <EmptyState title="Add a channel first" action={<ButtonLink to="/communications/channels">Add a channel</ButtonLink>}>
          Posts are written per channel (X, LinkedIn…).
        </EmptyState>
      ) : (
        <Card>
          {page.slot ? (
            <div className="mb-4">
              <Notice>
                Filling the {page.slot.channelName} slot of {dates.dateTime(page.slot.start)}. Write the {page.slot.channelName} text and
                schedule it before the next slot.
              </Notice>
            </div>
          ) : null}
          <div className="max-w-3xl">
            <PostForm
              lastResult={actionData?.result}
              defaultValue={page.defaultValue}
              channels={page.channels}
              campaigns={page.campaigns}
              submitLabels={
                page.slot
                  ? [
                      { intent: 'schedule', label: 'Schedule' },
                      { intent: 'draft', label: 'Save draft' },
                    ]
                  : [
                      { intent: 'draft', label: 'Save draft' },
                      { intent: 'schedule', label: 'Schedule' },
                      { intent: 'idea', label: 'Keep as idea' },
                    ]
              }
            />
          </div>
        </Card>
      )}
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Write a post · Communications · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
