// The words of communications: every kind and status with what people call it. Browser-safe:
// the schema, the domain, routes and components all read them from here.

export const CHANNEL_KINDS = ['x', 'linkedin', 'mastodon', 'bluesky', 'youtube', 'blog', 'newsletter', 'other'] as const
export type ChannelKind = (typeof CHANNEL_KINDS)[number]

export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = {
  x: 'X (Twitter)',
  linkedin: 'LinkedIn',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  youtube: 'YouTube',
  blog: 'Blog',
  newsletter: 'Newsletter',
  other: 'Other',
}

/** Default character limits per kind (null: no limit). */
export const DEFAULT_CHARACTER_LIMITS: Record<ChannelKind, number | null> = {
  x: 280,
  linkedin: 3000,
  mastodon: 500,
  bluesky: 300,
  youtube: 5000,
  blog: null,
  newsletter: null,
  other: null,
}

export const POST_STATUSES = ['idea', 'draft', 'ready', 'scheduled', 'published', 'skipped'] as const
export type PostStatus = (typeof POST_STATUSES)[number]

export const POST_STATUS_LABELS: Record<PostStatus, string> = {
  idea: 'Idea',
  draft: 'Draft',
  ready: 'Ready for review',
  scheduled: 'Scheduled',
  published: 'Published',
  skipped: 'Skipped',
}

/** What the button that moves a post to a status says. */
export const POST_STATUS_ACTION_LABELS: Record<PostStatus, string> = {
  idea: 'Back to idea',
  draft: 'Move to draft',
  ready: 'Ready for review',
  scheduled: 'Schedule',
  published: 'Mark as published',
  skipped: 'Skip this post',
}

export const MATERIAL_KINDS = ['video_tutorial', 'notebook', 'slides', 'other'] as const
export type MaterialKind = (typeof MATERIAL_KINDS)[number]

export const MATERIAL_KIND_LABELS: Record<MaterialKind, string> = {
  video_tutorial: 'Video tutorial',
  notebook: 'Notebook',
  slides: 'Slides',
  other: 'Other',
}

export const MATERIAL_STATUSES = ['planned', 'in_progress', 'review', 'delivered', 'dropped'] as const
export type MaterialStatus = (typeof MATERIAL_STATUSES)[number]

export const MATERIAL_STATUS_LABELS: Record<MaterialStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  review: 'In review',
  delivered: 'Delivered',
  dropped: 'Dropped',
}

/** A cadence slot is filled by a post in its window, missed once the window is over, else open. */
export const SLOT_STATES = ['open', 'filled', 'missed'] as const
export type SlotState = (typeof SLOT_STATES)[number]

export const SLOT_STATE_LABELS: Record<SlotState, string> = { open: 'open slot', filled: 'slot filled', missed: 'slot missed' }

/** RFC 5545 weekday codes, in the order of an ISO week. */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const
export type WeekdayCode = (typeof WEEKDAYS)[number]

export const WEEKDAY_LABELS: Record<WeekdayCode, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
}

export const CALENDAR_VIEWS = ['month', 'week', 'agenda'] as const
export type CalendarView = (typeof CALENDAR_VIEWS)[number]

export const CALENDAR_VIEW_LABELS: Record<CalendarView, string> = { month: 'Month', week: 'Week', agenda: 'Agenda' }

/** Channels Steward publishes to itself once connected; the others stay hand-off (compose links). */
export const CONNECTABLE_KINDS = ['mastodon', 'bluesky'] as const
export type ConnectableKind = (typeof CONNECTABLE_KINDS)[number]

export function isConnectableKind(kind: string): kind is ConnectableKind {
  return (CONNECTABLE_KINDS as readonly string[]).includes(kind)
}

/**
 * A post's way to one connected channel: scheduled (a job waits for its time) → publishing (a
 * worker has it) → published (URL and network id) | retrying (a temporary failure, tried again
 * later) | failed (reason in plain words; fixed by editing, reconnecting or "Try again") |
 * cancelled (unscheduled or edited away before its time).
 */
export const DELIVERY_STATES = ['scheduled', 'publishing', 'retrying', 'published', 'failed', 'cancelled'] as const
export type DeliveryState = (typeof DELIVERY_STATES)[number]

export const DELIVERY_STATE_LABELS: Record<DeliveryState, string> = {
  scheduled: 'Scheduled',
  publishing: 'Publishing',
  retrying: 'Waiting to try again',
  published: 'Published',
  failed: 'Failed',
  cancelled: 'Cancelled',
}

/** The analytics exports Reach imports (X and LinkedIn), by the kind the reader recognises. */
export const ANALYTICS_EXPORT_LABELS: Record<'x_overview' | 'x_content' | 'linkedin_followers' | 'linkedin_content', string> = {
  x_overview: 'account overview export',
  x_content: 'content (posts) export',
  linkedin_followers: 'followers export',
  linkedin_content: 'content export',
}

/** Why a demo channel (`demo load`) never publishes: shown on its page and recorded on anything that tried. */
export const DEMO_CHANNEL_REASON =
  'This is a demo channel: its address leads nowhere, so Steward never publishes to it, checks it or reads its followers. Its followers and engagement were made up by `demo load`.'

/** A post's format, read from its text on a channel: a link, a question, or plain text (see postFormat). */
export const POST_FORMATS = ['link', 'question', 'text'] as const
export type PostFormat = (typeof POST_FORMATS)[number]

export const POST_FORMAT_LABELS: Record<PostFormat, string> = {
  link: 'With a link',
  question: 'Asks a question',
  text: 'Plain text',
}
