import {
  type FieldMetadata,
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  type SubmissionResult,
  useForm,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { useState } from 'react'
import { Form } from 'react-router'
import { PostSchema } from '#app/domain/communications/schemas.ts'
import { measurePostText } from '#app/domain/communications/text-length.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Field, FieldErrors, FormErrors, SelectField } from '#app/components/ui/field.tsx'

export interface PostFormChannel {
  id: string
  name: string
  kind: string
  kindLabel: string
  characterLimit: number | null
}

/** A channel's text with a live character counter; over the limit it turns red (the server refuses it too). */
type AnyForm = Record<string, unknown>
function ChannelText({
  channel,
  channelIdName,
  textMeta,
}: {
  channel: PostFormChannel
  channelIdName: string
  textMeta: FieldMetadata<unknown, AnyForm, string[]>
}) {
  // counted the way the channel's network counts (X weights, Bluesky graphemes, links as 23, …)
  const measureText = (text: string) => measurePostText(text, channel.kind, { limit: channel.characterLimit })
  const [measured, setMeasured] = useState(() => measureText(String(textMeta.initialValue ?? '')))
  const { length, limit, over } = measured
  const id = textMeta.id
  const counterId = `${id}-counter`
  const { key, ...textareaProps } = getTextareaProps(textMeta)
  return (
    <div>
      <input type="hidden" name={channelIdName} value={channel.id} />
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
          {channel.name} text
        </label>
        <span
          id={counterId}
          aria-live="polite"
          className={`text-xs tabular-nums ${over ? 'font-semibold text-red-700' : 'text-slate-500'}`}
        >
          {limit === null
            ? `${length} characters`
            : `${length} / ${limit}${length > limit ? ` — ${length - limit} over` : over ? ' — too many bytes' : ''}`}
        </span>
      </div>
      <textarea
        key={key}
        {...textareaProps}
        rows={channel.characterLimit !== null && channel.characterLimit <= 500 ? 4 : 8}
        onInput={(event) => setMeasured(measureText(event.currentTarget.value))}
        aria-invalid={over || textMeta.errors?.length ? true : undefined}
        aria-describedby={[counterId, textMeta.errors?.length ? textMeta.errorId : null].filter(Boolean).join(' ')}
        className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 aria-[invalid=true]:border-red-500"
      />
      <p className="text-xs text-slate-500">{channel.kindLabel}. Leave empty to skip this channel.</p>
      <FieldErrors id={textMeta.errorId} errors={textMeta.errors} />
    </div>
  )
}

export function PostForm({
  lastResult,
  defaultValue,
  channels,
  campaigns,
  submitLabels,
}: {
  lastResult?: SubmissionResult<string[]> | null
  defaultValue: { title: string; scheduledFor: string; campaignId: string; texts: { channelId: string; text: string }[] }
  channels: PostFormChannel[]
  campaigns: { id: string; name: string }[]
  /** intent → button label; the first is the main action */
  submitLabels: { intent: string; label: string }[]
}) {
  const [form, fields] = useForm({
    id: 'post',
    lastResult,
    defaultValue,
    constraint: getZodConstraint(PostSchema),
    shouldValidate: 'onBlur',
    // errors clear while typing: clearing them on blur moves the buttons under the pointer
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PostSchema }),
  })
  const texts = fields.texts.getFieldList()
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <FormErrors errors={form.errors} />
      <Field
        label="Working title"
        help="For you and the calendar; not posted."
        errors={fields.title.errors}
        inputProps={getInputProps(fields.title, { type: 'text' })}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Goes out at"
          help="In the project's time zone."
          errors={fields.scheduledFor.errors}
          inputProps={getInputProps(fields.scheduledFor, { type: 'datetime-local' })}
        />
        <SelectField
          label="Campaign"
          errors={fields.campaignId.errors}
          selectProps={getSelectProps(fields.campaignId)}
          options={[{ value: '', label: 'No campaign' }, ...campaigns.map((c) => ({ value: c.id, label: c.name }))]}
        />
      </div>
      <FieldErrors id={fields.texts.errorId} errors={fields.texts.errors} />
      {texts.map((meta, index) => {
        const channel = channels[index]
        if (!channel) return null
        const fieldset = meta.getFieldset()
        return (
          <ChannelText
            key={meta.key}
            channel={channel}
            channelIdName={fieldset.channelId.name}
            textMeta={fieldset.text as FieldMetadata<unknown, AnyForm, string[]>}
          />
        )
      })}
      <div className="flex flex-wrap gap-2">
        {submitLabels.map((s, i) => (
          <Button key={s.intent} name="intent" value={s.intent} variant={i === 0 ? 'primary' : 'secondary'}>
            {s.label}
          </Button>
        ))}
      </div>
    </Form>
  )
}
