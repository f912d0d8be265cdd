import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import { replyWithDomainError } from '#app/utils/form-actions.server.ts'
import { getPostPage } from '#app/domain/communications/post-page.server.ts'
import { publishPost, setPostStatus, updatePost } from '#app/domain/communications/posts.server.ts'
import { PostSchema, PostStatusSchema, PublishSchema } from '#app/domain/communications/schemas.ts'
import { POST_STATUS_LABELS } from '#app/domain/communications/vocabulary.ts'
import { CopyButton } from '#app/components/communications/copy-button.tsx'
import { PostForm } from '#app/components/communications/post-form.tsx'
import { StatusBadge } from '#app/components/communications/status-badge.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { formatDateTime } from '#app/utils/format.ts'
import { hasRole, requireRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/communications.posts.$postId'

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const page = await getPostPage(params.postId)
  if (!page) throw data({ message: 'No such post: it may have been removed.' }, { status: 404 })
  return { ...page, canEdit: hasRole(user, 'communications') }
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, 'communications')
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  if (intent === 'publish') {
    const submission = parseWithZod(formData, { schema: PublishSchema })
    if (submission.status !== 'success') return data({ form: 'publish', result: submission.reply() }, { status: 400 })
    try {
      await publishPost({ ...submission.value, id: params.postId, actorId: user.id })
      return { form: 'publish', result: submission.reply(), saved: 'Marked as published.' }
    } catch (error) {
      return data({ form: 'publish', result: replyWithDomainError(submission, error) }, { status: 400 })
    }
  }
  if (intent === 'status') {
    const submission = parseWithZod(formData, { schema: PostStatusSchema })
    if (submission.status !== 'success') return data({ form: 'status', result: submission.reply() }, { status: 400 })
    try {
      await setPostStatus({ id: params.postId, status: submission.value.status, actorId: user.id })
      return { form: 'status', result: submission.reply(), saved: `Now ${POST_STATUS_LABELS[submission.value.status].toLowerCase()}.` }
    } catch (error) {
      return data({ form: 'status', result: replyWithDomainError(submission, error) }, { status: 400 })
    }
  }
  const submission = parseWithZod(formData, { schema: PostSchema })
  if (submission.status !== 'success') return data({ form: 'post', result: submission.reply() }, { status: 400 })
  try {
    await updatePost({ ...submission.value, id: params.postId, status: intent === 'schedule' ? 'scheduled' : undefined, actorId: user.id })
    return { form: 'post', result: submission.reply({ resetForm: false }), saved: intent === 'schedule' ? 'Scheduled.' : 'Saved.' }
  } catch (error) {
    return data({ form: 'post', result: replyWithDomainError(submission, error) }, { status: 400 })
  }
}

const TRANSITION_LABELS: Record<string, string> = {
  idea: 'Back to idea',
  draft: 'Move to draft',
  ready: 'Ready for review',
  scheduled: 'Schedule',
  skipped: 'Skip this post',
}

function PublishForm({
  defaults,
  lastResult,
  published,
}: {
  defaults: Record<string, string>
  lastResult?: SubmissionResult<string[]>
  published: boolean
}) {
  const [form, fields] = useForm({
    id: 'publish',
    lastResult,
    defaultValue: defaults,
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PublishSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <input type="hidden" name="intent" value="publish" />
      <FormErrors errors={form.errors} />
      <Field
        label="Published at"
        errors={fields.publishedAt.errors}
        inputProps={getInputProps(fields.publishedAt, { type: 'datetime-local' })}
      />
      <Field
        label="Link to the published post"
        errors={fields.publishedUrl.errors}
        inputProps={{ ...getInputProps(fields.publishedUrl, { type: 'url' }), placeholder: 'https://' }}
      />
      <div className="grid grid-cols-2 gap-3">
        <Field
          label="Impressions (optional)"
          errors={fields.impressions.errors}
          inputProps={{ ...getInputProps(fields.impressions, { type: 'number' }), min: 0 }}
        />
        <Field
          label="Engagements (optional)"
          errors={fields.engagements.errors}
          inputProps={{ ...getInputProps(fields.engagements, { type: 'number' }), min: 0 }}
        />
      </div>
      <Button>{published ? 'Update the published record' : 'Mark as published'}</Button>
    </Form>
  )
}

export default function PostRoute() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { post, timeZone } = page
  const published = post.status === 'published'
  const statusErrors =
    actionData?.form === 'status' && actionData.result.error
      ? Object.values(actionData.result.error)
          .flat()
          .filter((e): e is string => typeof e === 'string')
      : null
  return (
    <>
      <PageHeader
        title={post.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge status={post.status} />
            {post.scheduledFor ? <span>Scheduled for {formatDateTime(post.scheduledFor, timeZone)}</span> : <span>No date yet</span>}
            {post.publishedAt ? <span>· published {formatDateTime(post.publishedAt, timeZone)}</span> : null}
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
                lastResult={actionData?.form === 'post' ? actionData.result : undefined}
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
            <Card title="Texts">
              {page.handoff.length === 0 ? <p className="text-sm text-slate-600">No text written.</p> : null}
              {page.handoff.map((t) => (
                <div key={t.channelId} className="mb-3">
                  <p className="text-sm font-medium">{t.channelName}</p>
                  <p className="whitespace-pre-wrap rounded-md bg-slate-50 p-3 text-sm">{t.text}</p>
                </div>
              ))}
              {published && post.publishedUrl ? (
                <p className="text-sm">
                  Published at{' '}
                  <a className="underline" href={post.publishedUrl} rel="noreferrer noopener" target="_blank">
                    {post.publishedUrl}
                  </a>
                  {post.impressions !== null ? ` · ${post.impressions.toLocaleString('en')} impressions` : ''}
                  {post.engagements !== null ? ` · ${post.engagements.toLocaleString('en')} engagements` : ''}
                </p>
              ) : null}
            </Card>
          )}
        </div>
        <div className="space-y-6 lg:col-span-2">
          {page.canEdit && page.transitions.length > 0 ? (
            <Card title="Workflow">
              <p className="mb-3 text-sm text-slate-600">Idea → draft → ready for review → scheduled → published (or skipped).</p>
              {statusErrors ? <FormErrors errors={statusErrors} /> : null}
              <Form method="post" className="flex flex-wrap gap-2">
                <input type="hidden" name="intent" value="status" />
                {page.transitions.map((status) => (
                  <Button key={status} name="status" value={status} variant={status === 'skipped' ? 'ghost' : 'secondary'}>
                    {TRANSITION_LABELS[status] ?? status}
                  </Button>
                ))}
              </Form>
            </Card>
          ) : null}
          {page.handoff.length > 0 ? (
            <Card title="Publish hand-off">
              <p className="mb-3 text-sm text-slate-600">
                Steward does not post for you: copy the text or open the platform&apos;s composer with it filled in, post it, then record it
                below.
              </p>
              <ul className="space-y-3">
                {page.handoff.map((t) => (
                  <li key={t.channelId} className="flex flex-wrap items-center gap-2">
                    <span className="w-24 text-sm font-medium">{t.channelName}</span>
                    <CopyButton text={t.text} label={`Copy ${t.channelName} text`} />
                    {t.composeUrl ? (
                      <a className="text-sm text-brand-700 underline" href={t.composeUrl} target="_blank" rel="noreferrer noopener">
                        Open {t.channelName} composer
                      </a>
                    ) : null}
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
          {page.canEdit && post.status !== 'idea' && post.status !== 'skipped' && page.handoff.length > 0 ? (
            <Card title={published ? 'Published' : 'Mark as published'}>
              <PublishForm
                defaults={page.publishDefaults}
                lastResult={actionData?.form === 'publish' ? actionData.result : undefined}
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
