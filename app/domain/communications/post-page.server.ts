// What the post pages need, shaped for the form: channels in a fixed order, times as local
// datetime-local strings in the project's time zone, compose links for the hand-off.
import { DateTime } from 'luxon'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { listCampaigns } from './campaigns.server.ts'
import { listChannels } from './channels.server.ts'
import { composeLink, getPost, POST_TRANSITIONS } from './posts.server.ts'
import { CHANNEL_KIND_LABELS } from './vocabulary.ts'

export function toLocalInput(date: Date | null, timeZone: string) {
  return date ? DateTime.fromJSDate(date, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm") : ''
}

async function formChannels(includeIds: string[] = []) {
  const channels = await listChannels()
  return channels
    .filter((c) => c.active || includeIds.includes(c.id))
    .map((c) => ({ id: c.id, name: c.name, kind: c.kind, kindLabel: CHANNEL_KIND_LABELS[c.kind], characterLimit: c.characterLimit }))
}

/** Defaults for a new post, prefilled from an open slot (`?channel=…&slot=…`). */
export async function getNewPostPage(input: { channelId?: string | null; slot?: string | null }) {
  const { timeZone } = await getOrganisationSettings()
  const [allChannels, campaigns] = await Promise.all([formChannels(), listCampaigns()])
  // the slot's channel first: that is the text to write
  const channels = [...allChannels].sort((a, b) => Number(b.id === input.channelId) - Number(a.id === input.channelId))
  const slot = input.slot ? new Date(input.slot) : null
  const validSlot = slot && !Number.isNaN(slot.getTime()) ? slot : null
  const slotChannel = channels.find((c) => c.id === input.channelId)
  return {
    timeZone,
    channels,
    campaigns: campaigns.map((c) => ({ id: c.id, name: c.name })),
    slot: validSlot && slotChannel ? { channelName: slotChannel.name, start: validSlot.toISOString() } : null,
    defaultValue: {
      title: '',
      scheduledFor: toLocalInput(validSlot, timeZone),
      campaignId: '',
      texts: channels.map((c) => ({ channelId: c.id, text: '' })),
    },
  }
}

export async function getPostPage(id: string, now = new Date()) {
  const post = await getPost(id)
  if (!post) return undefined
  const { timeZone } = await getOrganisationSettings()
  const [channels, campaigns] = await Promise.all([formChannels(post.texts.map((t) => t.channelId)), listCampaigns()])
  return {
    timeZone,
    post: {
      id: post.id,
      title: post.title,
      status: post.status,
      scheduledFor: post.scheduledFor?.toISOString() ?? null,
      publishedAt: post.publishedAt?.toISOString() ?? null,
      publishedUrl: post.publishedUrl,
      impressions: post.impressions,
      engagements: post.engagements,
      campaignName: post.campaignName,
      authorName: post.authorName,
    },
    transitions: POST_TRANSITIONS[post.status],
    channels,
    campaigns: campaigns.map((c) => ({ id: c.id, name: c.name })),
    handoff: post.texts.map((t) => ({
      channelId: t.channelId,
      channelName: t.channelName,
      text: t.text,
      composeUrl: composeLink(t.channelKind, t.text),
    })),
    defaultValue: {
      title: post.title,
      scheduledFor: toLocalInput(post.scheduledFor, timeZone),
      campaignId: post.campaignId ?? '',
      texts: channels.map((c) => ({ channelId: c.id, text: post.texts.find((t) => t.channelId === c.id)?.text ?? '' })),
    },
    publishDefaults: {
      publishedAt: toLocalInput(post.publishedAt ?? (post.scheduledFor && post.scheduledFor < now ? post.scheduledFor : now), timeZone),
      publishedUrl: post.publishedUrl ?? '',
      impressions: post.impressions === null ? '' : String(post.impressions),
      engagements: post.engagements === null ? '' : String(post.engagements),
    },
  }
}
