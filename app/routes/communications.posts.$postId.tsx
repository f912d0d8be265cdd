import { data, Link, useActionData, useLoaderData } from 'react-router'
import { getPostPage } from '#app/domain/communications/pages.server.ts'
import { publishPost, setPostStatus, updatePost } from '#app/domain/communications/posts.server.ts'
import { retryDelivery } from '#app/domain/communications/publishing.server.ts'
import { PostSchema, PostStatusSchema, PublishSchema, RetryDeliverySchema } from '#app/domain/communications/schemas.ts'
import { POST_STATUS_LABELS } from '#app/domain/communications/vocabulary.ts'
import { PostDeliveries } from '#app/components/communications/deliveries.tsx'
import { PostForm } from '#app/components/communications/post-form.tsx'
import { PostHandoff, PostTexts, PublishForm, StatusButtons } from '#app/components/communications/post-workflow.tsx'
import { StatusBadge } from '#app/components/communications/status-badge.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Card, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { useDates } from '#app/utils/dates.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { requireRole, requireUser } from '#app/utils/session.server.ts'
import { parseIdParam } from '#app/utils/params.ts'
import type { Route } from './+types/communications.posts.$postId'

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const page = await getPostPage({ user, postId: parseIdParam(params.postId, 'post') })
  if (!page) throw data({ message: 'No such post: it may have been removed.' }, { status: 404 })
  return page
}

type Change = { postId: string; actorId: string }

/** The texts and the schedule ("Save", or "Save and schedule"). */
async function savePost(formData: FormData, change: Change & { schedule: boolean }) {
  const outcome = await submitForm(
    formData,
    PostSchema,
    (value) => updatePost({ ...value, id: change.postId, status: change.schedule ? 'scheduled' : undefined, actorId: change.actorId }),
    { answer: { form: 'post' as const } },
  )
  if (!outcome.ok) return outcome.refusal
  return { form: 'post' as const, result: outcome.submission.reply({ resetForm: false }), saved: change.schedule ? 'Scheduled.' : 'Saved.' }
}

/** A step along the workflow (idea → draft → ready → scheduled, or skipped). */
async function moveAlongWorkflow(formData: FormData, change: Change) {
  const outcome = await submitForm(
    formData,
    PostStatusSchema,
    (value) => setPostStatus({ id: change.postId, status: value.status, actorId: change.actorId }),
    { answer: { form: 'status' as const } },
  )
  if (!outcome.ok) return outcome.refusal
  const { status } = outcome.submission.value
  return { form: 'status' as const, result: outcome.submission.reply(), saved: `Now ${POST_STATUS_LABELS[status].toLowerCase()}.` }
}

/** The record that the post went out: when, the link, and how it did. */
async function recordPublication(formData: FormData, change: Change) {
  const outcome = await submitForm(
    formData,
    PublishSchema,
    (value) => publishPost({ ...value, id: change.postId, actorId: change.actorId }),
    { answer: { form: 'publish' as const } },
  )
  if (!outcome.ok) return outcome.refusal
  return { form: 'publish' as const, result: outcome.submission.reply(), saved: 'Marked as published.' }
}

/** "Try again" on a channel that failed (after reconnecting it, say). */
async function retryPublication(formData: FormData, change: Change) {
  const outcome = await submitForm(
    formData,
    RetryDeliverySchema,
    (value) => retryDelivery({ id: value.deliveryId, postId: change.postId, actorId: change.actorId }),
    { answer: { form: 'retry' as const } },
  )
  if (!outcome.ok) return outcome.refusal
  return { form: 'retry' as const, result: outcome.submission.reply(), saved: 'It will be published again in a moment.' }
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, 'communications')
  const formData = await request.formData()
  const intent = formData.get('intent')
  const change = { postId: parseIdParam(params.postId, 'post'), actorId: user.id }
  switch (intent) {
    case 'save':
    case 'schedule':
      return savePost(formData, { ...change, schedule: intent === 'schedule' })
    case 'status':
      return moveAlongWorkflow(formData, change)
    case 'publish':
      return recordPublication(formData, change)
    case 'retry':
      return retryPublication(formData, change)
    default:
      throw data({ message: 'Unknown action' }, { status: 400 })
  }
}

export default function PostRoute() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { post, timeZone } = page
  const dates = useDates(timeZone)
  const published = post.status === 'published'
  const resultOf = (form: 'post' | 'status' | 'publish') => (actionData?.form === form ? actionData.result : undefined)
  return (
    <>
      <PageHeader
        title={post.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge status={post.status} />
            {post.scheduledFor ? <span>Scheduled for {dates.dateTime(post.scheduledFor)}</span> : <span>No date yet</span>}
            {post.publishedAt ? <span>· published {dates.dateTime(post.publishedAt)}</span> : null}
            {post.campaignName ? <span>· {post.campaignName}</span> : null}
            {post.authorName ? <span>· by {post.authorName}</span> : null}
          </span>
        }
        actions={
          <Link to="/communications/calendar" className="text-sm underline">
            Back to the calendar
          </Link>
        }
      />
      {actionData && 'saved' in actionData && actionData.saved ? (
        <div className="mb-4">
          <Notice tone="success">{actionData.saved}</Notice>
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="space-y-6 lg:col-span-3">
          {page.canEdit && !published && post.status !== 'skipped' ? (
            <Card title="Texts and schedule">
              <PostForm
                key={post.status}
                lastResult={resultOf('post')}
                defaultValue={page.defaultValue}
                channels={page.channels}
                campaigns={page.campaigns}
                submitLabels={
                  post.status === 'scheduled'
                    ? [{ intent: 'save', label: 'Save changes' }]
                    : [
                        { intent: 'save', label: 'Save' },
                        ...(page.transitions.includes('scheduled') ? [{ intent: 'schedule', label: 'Save and schedule' }] : []),
                      ]
                }
              />
            </Card>
          ) : (
            <PostTexts post={post} handoff={page.handoff} />
          )}
        </div>
        <div className="space-y-6 lg:col-span-2">
          {page.canEdit && page.transitions.length > 0 ? (
            <Card title="Workflow">
              <p className="mb-3 text-sm text-slate-600">Idea → draft → ready for review → scheduled → published (or skipped).</p>
              <StatusButtons transitions={page.transitions} lastResult={resultOf('status')} />
            </Card>
          ) : null}
          {page.deliveries.length > 0 ? <PostDeliveries deliveries={page.deliveries} timeZone={timeZone} canEdit={page.canEdit} /> : null}
          {page.handoff.length > 0 ? <PostHandoff handoff={page.handoff} /> : null}
          {page.canEdit && post.status !== 'idea' && post.status !== 'skipped' && page.handoff.length > 0 ? (
            <Card title={published ? 'Published' : 'Mark as published'}>
              <PublishForm
                defaults={page.publishDefaults}
                channelNames={Object.fromEntries(page.handoff.map((t) => [t.channelId, t.channelName]))}
                lastResult={resultOf('publish')}
                published={published}
              />
            </Card>
          ) : null}
        </div>
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.post.title ?? 'Post'} · Communications · Steward` }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
