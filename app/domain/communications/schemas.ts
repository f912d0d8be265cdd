// Form schemas of the communications area, shared by the route modules (client and server
// validation) and the domain functions.
import { z } from 'zod'
import { optionalHttpUrl } from '#app/utils/http-url.ts'
import { checkRrule } from './cadence.ts'
import { CHANNEL_KINDS, MATERIAL_KINDS, MATERIAL_STATUSES, POST_STATUSES, WEEKDAYS } from './vocabulary.ts'

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-10-06')
const optionalIsoDate = z.preprocess((v) => (v === '' ? undefined : v), isoDate.optional())
const optionalText = (max: number, message: string) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max, message).optional())
const optionalCount = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.coerce.number({ message: 'Enter a whole number' }).int('Enter a whole number').min(0, 'Cannot be negative').optional(),
)
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'Choose a date and time')

export const ChannelSchema = z.object({
  kind: z.enum(CHANNEL_KINDS, { message: 'Choose the kind of channel' }),
  name: z.string({ message: 'Enter a name' }).trim().min(1, 'Enter a name').max(80, 'Use at most 80 characters'),
  handle: optionalText(200, 'Use at most 200 characters'),
  active: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
  characterLimit: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number({ message: 'Enter a number of characters' })
      .int('Use a whole number')
      .min(1, 'At least 1 character')
      .max(100_000, 'At most 100,000')
      .optional(),
  ),
})
export type ChannelInput = z.infer<typeof ChannelSchema>

export const CadenceSchema = z
  .object({
    channelId: z.preprocess((v) => (v === '' || v === 'all' ? undefined : v), z.string().uuid('Choose a channel').optional()),
    mode: z.enum(['simple', 'advanced']).default('simple'),
    intervalWeeks: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.coerce
        .number({ message: 'Enter a number of weeks' })
        .int('Use a whole number')
        .min(1, 'At least every week')
        .max(52, 'At most every 52 weeks')
        .optional(),
    ),
    weekdays: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(WEEKDAYS))),
    rrule: optionalText(500, 'Use at most 500 characters'),
    validFrom: isoDate,
    validUntil: optionalIsoDate,
    timeOfDay: z.string({ message: 'Choose a time' }).regex(/^\d{2}:\d{2}$/, 'Choose a time like 09:00'),
    label: z.string({ message: 'Give the cadence a name' }).trim().min(1, 'Give the cadence a name').max(80, 'Use at most 80 characters'),
  })
  .superRefine((value, ctx) => {
    if (value.mode === 'simple') {
      if (!value.intervalWeeks) ctx.addIssue({ code: 'custom', path: ['intervalWeeks'], message: 'Enter how many weeks apart' })
      if (value.weekdays.length === 0) ctx.addIssue({ code: 'custom', path: ['weekdays'], message: 'Choose at least one weekday' })
    } else {
      const check = checkRrule(value.rrule ?? '')
      if (!check.ok) ctx.addIssue({ code: 'custom', path: ['rrule'], message: check.message })
    }
    if (value.validUntil && value.validUntil < value.validFrom)
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'The end must be on or after the start' })
  })
export type CadenceFormInput = z.infer<typeof CadenceSchema>

export const DeleteCadenceSchema = z.object({ id: z.uuid({ message: 'Choose the cadence to delete' }) })

export const PostSchema = z.object({
  title: z.string({ message: 'Enter a working title' }).trim().min(1, 'Enter a working title').max(200, 'Use at most 200 characters'),
  scheduledFor: z.preprocess((v) => (v === '' ? undefined : v), localDateTime.optional()),
  campaignId: z.preprocess((v) => (v === '' ? undefined : v), z.string().uuid().optional()),
  texts: z.array(z.object({ channelId: z.string().uuid(), text: z.string().max(100_000).optional() })).default([]),
})
export type PostInput = z.infer<typeof PostSchema>

export const PostStatusSchema = z.object({ status: z.enum(POST_STATUSES) })

/** When a post went out and, per channel it was posted on by hand, its link and figures. */
export const PublishSchema = z.object({
  publishedAt: localDateTime,
  channels: z
    .array(
      z.object({
        channelId: z.uuid(),
        url: optionalHttpUrl('Enter the link to the post on this channel, starting with https://'),
        impressions: optionalCount,
        engagements: optionalCount,
      }),
    )
    .default([]),
})
export type PublishInput = z.infer<typeof PublishSchema>

export const CampaignSchema = z
  .object({
    name: z.string({ message: 'Enter a name' }).trim().min(1, 'Enter a name').max(120, 'Use at most 120 characters'),
    startsOn: optionalIsoDate,
    endsOn: optionalIsoDate,
    goal: optionalText(2000, 'Use at most 2,000 characters'),
    isConference: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
  })
  .superRefine((value, ctx) => {
    if (value.startsOn && value.endsOn && value.endsOn < value.startsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'The end must be on or after the start' })
  })
export type CampaignInput = z.infer<typeof CampaignSchema>

export const MaterialSchema = z.object({
  kind: z.enum(MATERIAL_KINDS, { message: 'Choose a kind' }),
  title: z.string({ message: 'Enter a title' }).trim().min(1, 'Enter a title').max(200, 'Use at most 200 characters'),
  status: z.enum(MATERIAL_STATUSES, { message: 'Choose a status' }),
  ownerId: z.preprocess((v) => (v === '' ? undefined : v), z.string().uuid().optional()),
  dueOn: optionalIsoDate,
  link: optionalHttpUrl('Enter a link starting with https://'),
})
export type MaterialInput = z.infer<typeof MaterialSchema>

export const PolicySchema = z.object({
  markdown: z.string({ message: 'Write the policy' }).trim().min(1, 'Write the policy').max(200_000, 'The policy is too long'),
  note: optionalText(300, 'Use at most 300 characters'),
})
export type PolicyInput = z.infer<typeof PolicySchema>

export const RetryDeliverySchema = z.object({ deliveryId: z.string().uuid('Choose the publication to try again') })

/** Connecting a Mastodon or Bluesky channel: where, who, and the credential (never sent back to the browser). */
export const ConnectChannelSchema = z.object({
  serviceUrl: optionalText(300, 'Use at most 300 characters'),
  identifier: optionalText(300, 'Use at most 300 characters'),
  secret: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(2000, 'That is too long for a token').optional()),
  secretEnvVar: optionalText(64, 'Use at most 64 characters'),
  language: optionalText(20, 'Use a language tag like en'),
})

// ---------------------------------------------------------------- analytics exports (Reach)

const EXPORT_FILE_MISSING = 'Choose the export file: it is empty or missing.'

export const AnalyticsUploadSchema = z.object({
  channelId: z.uuid({ message: 'Choose the channel the export is from' }),
  file: z
    .file({ message: EXPORT_FILE_MISSING })
    .min(1, EXPORT_FILE_MISSING)
    .max(50 * 1024 * 1024, 'The file is over the 50 MB limit. Export a shorter date range.'),
  followersAtEnd: optionalCount,
})

/** Confirming or cancelling an uploaded export. */
export const AnalyticsUploadIdSchema = z.object({ uploadId: z.uuid() })

export const RevertAnalyticsImportSchema = z.object({ importId: z.uuid() })
