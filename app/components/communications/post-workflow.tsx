// The parts of a post's page around its form: the workflow buttons, the publish hand-off, the
// read-only texts and the "mark as published" record.
import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form } from 'react-router'
import { PostStatusSchema, PublishSchema } from '#app/domain/communications/schemas.ts'
import { POST_STATUS_ACTION_LABELS, type PostStatus } from '#app/domain/communications/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { CopyButton } from './copy-button.tsx'

interface HandoffText {
  channelId: string
  channelName: string
  text: string
  composeUrl: string | null
  /** the post's link on this channel and its figures, once published */
  url: string | null
  impressions: number | null
  engagements: number | null
}

/** One button per status the post may move to; a refusal shows above them. */
export function StatusButtons({
  transitions,
  lastResult,
}: {
  transitions: readonly PostStatus[]
  lastResult?: SubmissionResult<string[]>
}) {
  const [form] = useForm({
    id: 'status',
    lastResult,
    constraint: getZodConstraint(PostStatusSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PostStatusSchema }),
  })
  const errors = Object.values(form.allErrors).flat()
  return (
    <>
      {errors.length ? <FormErrors errors={errors} /> : null}
      <Form method="post" {...getFormProps(form)} className="flex flex-wrap gap-2">
        <input type="hidden" name="intent" value="status" />
        {transitions.map((status) => (
          <Button key={status} name="status" value={status} variant={status === 'skipped' ? 'ghost' : 'secondary'}>
            {POST_STATUS_ACTION_LABELS[status]}
          </Button>
        ))}
      </Form>
    </>
  )
}

/** The texts as written, for a post that is no longer edited here (published, skipped) or for readers. */
export function PostTexts({ post, handoff }: { post: { status: PostStatus }; handoff: readonly HandoffText[] }) {
  return (
    <Card title="Texts">
      {handoff.length === 0 ? <p className="text-sm text-slate-600">No text written.</p> : null}
      {handoff.map((t) => (
        <div key={t.channelId} className="mb-3">
          <p className="text-sm font-medium">{t.channelName}</p>
          <p className="whitespace-pre-wrap rounded-md bg-slate-50 p-3 text-sm">{t.text}</p>
          {post.status === 'published' && t.url ? (
            <p className="mt-1 text-sm">
              Published at{' '}
              <a className="underline" href={t.url} rel="noreferrer noopener" target="_blank">
                {t.url}
              </a>
              {t.impressions !== null ? ` · ${t.impressions.toLocaleString('en')} impressions` : ''}
              {t.engagements !== null ? ` · ${t.engagements.toLocaleString('en')} interactions` : ''}
            </p>
          ) : null}
        </div>
      ))}
    </Card>
  )
}

/** Steward does not post: copy each text, or open the platform's composer with it filled in. */
export function PostHandoff({ handoff }: { handoff: readonly HandoffText[] }) {
  return (
    <Card title="Publish hand-off">
      <p className="mb-3 text-sm text-slate-600">
        Steward does not post for you: copy the text or open the platform&apos;s composer with it filled in, post it, then record it below.
      </p>
      <ul className="space-y-3">
        {handoff.map((t) => (
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
  )
}

/** When the post went out and, per channel it was posted on by hand, its link and optionally how it did. */
export function PublishForm({
  defaults,
  channelNames,
  lastResult,
  published,
}: {
  defaults: { publishedAt: string; channels: Array<{ channelId: string; url: string; impressions: string; engagements: string }> }
  /** the name of each channel in defaults.channels, by id */
  channelNames: Record<string, string>
  lastResult?: SubmissionResult<string[]>
  published: boolean
}) {
  const [form, fields] = useForm({
    id: 'publish',
    lastResult,
    defaultValue: defaults,
    constraint: getZodConstraint(PublishSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PublishSchema }),
  })
  const channels = fields.channels.getFieldList()
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <input type="hidden" name="intent" value="publish" />
      <FormErrors errors={form.errors} />
      <Field
        label="Published at"
        errors={fields.publishedAt.errors}
        inputProps={getInputProps(fields.publishedAt, { type: 'datetime-local' })}
      />
      {channels.map((channel) => {
        const c = channel.getFieldset()
        const name = channelNames[String(c.channelId.initialValue ?? '')] ?? 'this channel'
        return (
          <fieldset key={channel.key} className="space-y-2 rounded-md border border-slate-200 p-3">
            <legend className="px-1 text-sm font-medium">{name}</legend>
            <input {...getInputProps(c.channelId, { type: 'hidden' })} />
            <Field
              label={`Link on ${name}`}
              errors={c.url.errors}
              inputProps={{ ...getInputProps(c.url, { type: 'url' }), placeholder: 'https://' }}
            />
            <div className="grid grid-cols-2 gap-3">
              <Field
                label={`Impressions on ${name} (optional)`}
                errors={c.impressions.errors}
                inputProps={{ ...getInputProps(c.impressions, { type: 'number' }), min: 0 }}
              />
              <Field
                label={`Interactions on ${name} (optional)`}
                errors={c.engagements.errors}
                inputProps={{ ...getInputProps(c.engagements, { type: 'number' }), min: 0 }}
              />
            </div>
          </fieldset>
        )
      })}
      <Button>{published ? 'Update the published record' : 'Mark as published'}</Button>
    </Form>
  )
}
