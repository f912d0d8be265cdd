// What each communications page shows, one function per page (get<Name>Page): the route checks
// access, reads its parameters and returns what the function gives. Times that go into forms are
// datetime-local strings in the project's time zone.
import { listImportedPostMetrics } from './analytics-imports.server.ts'
import { DateTime } from 'luxon'
import { hasRole } from '#app/domain/accounts/permissions.ts'
import type { Role } from '#app/domain/accounts/vocabulary.ts'
import { listUsers } from '#app/domain/accounts/users.server.ts'
import { getCampaignFunding } from '#app/domain/fundraising/conference.server.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { getBestTimesPanel } from './best-times.server.ts'
import { getCalendarView } from './calendar-view.server.ts'
import { listCadences } from './cadences.server.ts'
import { listCampaigns } from './campaigns.server.ts'
import { listChannels } from './channels.server.ts'
import { listMaterials } from './materials.server.ts'
import { getPolicy, listPolicyVersions } from './policy.server.ts'
import { describeConnection, getConnection, listConnections } from './connections.server.ts'
import { composeLink, getPost, listPostChannelRecords, listPosts, POST_TRANSITIONS } from './posts.server.ts'
import { listDeliveries } from './publishing.server.ts'
import { followerSeries, listPublishedWithEngagement } from './reach.server.ts'
import { getCommunicationsOverview } from './slots.server.ts'
import { CHANNEL_KIND_LABELS, isConnectableKind, POST_STATUSES, type PostStatus } from './vocabulary.ts'

/** Who is looking: everyone signed in reads communications, the lead and admins change it. */
type Viewer = { roles: readonly Role[] }

const canEdit = (user: Viewer) => hasRole(user, 'communications')

function toLocalInput(date: Date | null, timeZone: string) {
  return date ? DateTime.fromJSDate(date, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm") : ''
}

/** /communications: this quarter's adherence, the open slots ahead, the weekly chart. */
export async function getCommunicationsOverviewPage(input: { user: Viewer; now?: Date }) {
  return { overview: await getCommunicationsOverview({ now: input.now }), canEdit: canEdit(input.user) }
}

/** /communications/calendar: a month, a week or six weeks of posts, slots and campaigns. */
export async function getCalendarPage(input: {
  user: Viewer
  view: string | null
  date: string | null
  channelId: string | null
  status: string | null
  now?: Date
}) {
  const { user, ...query } = input
  return { calendar: await getCalendarView(query), canEdit: canEdit(user) }
}

/** /communications/posts: every post in date order, filtered by status and channel. */
export async function getPostsPage(input: { user: Viewer; status: string | null; channelId: string | null }) {
  const status = POST_STATUSES.includes(input.status as PostStatus) ? (input.status as PostStatus) : undefined
  const channelId = input.channelId || undefined
  const [posts, channels, { timeZone }] = await Promise.all([
    listPosts({ status: status ? [status] : undefined, channelId, limit: 300 }),
    listChannels(),
    getOrganisationSettings(),
  ])
  return {
    posts: posts.map((p) => ({
      id: p.id,
      title: p.title,
      status: p.status,
      at: (p.publishedAt ?? p.scheduledFor)?.toISOString() ?? null,
      channels: p.texts.map((t) => t.channelName),
      campaignName: p.campaignName,
      authorName: p.authorName,
    })),
    channels: channels.map((c) => ({ id: c.id, name: c.name })),
    filters: { status: input.status ?? '', channelId: channelId ?? '' },
    timeZone,
    canEdit: canEdit(input.user),
  }
}

async function formChannels(includeIds: string[] = []) {
  const channels = await listChannels()
  return channels
    .filter((c) => c.active || includeIds.includes(c.id))
    .map((c) => ({ id: c.id, name: c.name, kind: c.kind, kindLabel: CHANNEL_KIND_LABELS[c.kind], characterLimit: c.characterLimit }))
}

/** /communications/posts/new: defaults for a new post, prefilled from an open slot (`?channel=…&slot=…`). */
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

/** /communications/posts/:postId: the post, its form, the hand-off and the publish record; undefined when there is no such post. */
export async function getPostPage(input: { user: Viewer; postId: string; now?: Date }) {
  const now = input.now ?? new Date()
  const post = await getPost(input.postId)
  if (!post) return undefined
  const { timeZone } = await getOrganisationSettings()
  const [channels, campaigns, deliveries, connections, allChannels, records] = await Promise.all([
    formChannels(post.texts.map((t) => t.channelId)),
    listCampaigns(),
    listDeliveries(post.id),
    listConnections(),
    listChannels(),
    listPostChannelRecords(post.id),
  ])
  const connectionOf = (channelId: string) => connections.find((c) => c.channelId === channelId)
  const recordOf = (channelId: string) => records.find((r) => r.channelId === channelId)
  // connected Mastodon and Bluesky channels are published by Steward; the others are handed off
  const handoffTexts = post.texts.filter(
    (t) => !connectionOf(t.channelId)?.credential && !deliveries.some((d) => d.channelId === t.channelId && d.state === 'published'),
  )
  const count = (n: number | null | undefined) => (n == null ? '' : String(n))
  return {
    timeZone,
    post: {
      id: post.id,
      title: post.title,
      status: post.status,
      scheduledFor: post.scheduledFor?.toISOString() ?? null,
      publishedAt: post.publishedAt?.toISOString() ?? null,
      campaignName: post.campaignName,
      authorName: post.authorName,
    },
    transitions: POST_TRANSITIONS[post.status],
    channels,
    campaigns: campaigns.map((c) => ({ id: c.id, name: c.name })),
    handoff: handoffTexts.map((t) => ({
      channelId: t.channelId,
      channelName: t.channelName,
      text: t.text,
      url: recordOf(t.channelId)?.url ?? null,
      impressions: recordOf(t.channelId)?.impressions ?? null,
      engagements: recordOf(t.channelId)?.engagements ?? null,
      composeUrl: composeLink(t.channelKind, t.text, {
        handle: allChannels.find((c) => c.id === t.channelId)?.handle,
        serviceUrl: connectionOf(t.channelId)?.serviceUrl,
      }),
    })),
    deliveries: deliveries.map((d) => ({
      ...d,
      nextAttemptAt: d.nextAttemptAt.toISOString(),
      publishedAt: d.publishedAt?.toISOString() ?? null,
    })),
    defaultValue: {
      title: post.title,
      scheduledFor: toLocalInput(post.scheduledFor, timeZone),
      campaignId: post.campaignId ?? '',
      texts: channels.map((c) => ({ channelId: c.id, text: post.texts.find((t) => t.channelId === c.id)?.text ?? '' })),
    },
    publishDefaults: {
      publishedAt: toLocalInput(post.publishedAt ?? (post.scheduledFor && post.scheduledFor < now ? post.scheduledFor : now), timeZone),
      channels: handoffTexts.map((t) => ({
        channelId: t.channelId,
        url: recordOf(t.channelId)?.url ?? '',
        impressions: count(recordOf(t.channelId)?.impressions),
        engagements: count(recordOf(t.channelId)?.engagements),
      })),
    },
    canEdit: canEdit(input.user),
  }
}

/** /communications/channels: each channel, and whether Steward publishes to it itself. */
export async function getChannelsPage(input: { user: Viewer }) {
  const [channels, connections] = await Promise.all([listChannels(), listConnections()])
  return {
    channels: channels.map((c) => ({
      ...c,
      connectable: isConnectableKind(c.kind),
      connection: describeConnection(connections.find((k) => k.channelId === c.id)),
    })),
    canEdit: canEdit(input.user),
  }
}

/** /communications/channels/:channelId: the channel and its connection (never its credential); undefined when there is none. */
export async function getChannelPage(input: { user: Viewer; channelId: string }) {
  const channel = (await listChannels()).find((c) => c.id === input.channelId)
  if (!channel) return undefined
  const connection = describeConnection(await getConnection(channel.id))
  return {
    channel: {
      id: channel.id,
      name: channel.name,
      kind: channel.kind,
      kindLabel: CHANNEL_KIND_LABELS[channel.kind],
      handle: channel.handle,
      characterLimit: channel.characterLimit,
      active: channel.active,
    },
    connectable: isConnectableKind(channel.kind),
    connection: connection && { ...connection, lastCheckedAt: connection.lastCheckedAt?.toISOString() ?? null },
    canEdit: canEdit(input.user),
  }
}

/** /communications/cadences: the cadences, and the channels a cadence can be for. */
export async function getCadencesPage(input: { user: Viewer }) {
  const [cadences, channels] = await Promise.all([listCadences(), listChannels()])
  return {
    cadences,
    channels: channels.map((c) => ({ id: c.id, name: c.name, active: c.active })),
    canEdit: canEdit(input.user),
  }
}

/**
 * /communications/campaigns: the campaigns, and the funding progress of their conference budgets
 * (totals only) for those who read fundraising figures.
 */
export async function getCampaignsPage(input: { user: Viewer }) {
  const campaigns = await listCampaigns()
  const funding = hasRole(input.user, 'fundraising', 'council') ? await getCampaignFunding(campaigns.map((c) => c.id)) : []
  return { campaigns, funding, canEdit: canEdit(input.user) }
}

/** /communications/materials: the materials, and the people who can own one. */
export async function getMaterialsPage(input: { user: Viewer; now?: Date }) {
  const [materials, people] = await Promise.all([listMaterials(), listUsers()])
  return {
    materials,
    people: people.filter((p) => p.active).map((p) => ({ id: p.id, name: p.name })),
    today: (input.now ?? new Date()).toISOString().slice(0, 10),
    canEdit: canEdit(input.user),
  }
}

/** /communications/policy: the current version (or `version`) and the history; undefined when that version does not exist. */
export async function getPolicyPage(input: { user: Viewer; version?: number }) {
  const [policy, versions, { timeZone }] = await Promise.all([getPolicy(input.version), listPolicyVersions(), getOrganisationSettings()])
  if (input.version !== undefined && !policy) return undefined
  return {
    policy: policy
      ? {
          version: policy.version,
          html: policy.html,
          authorName: policy.authorName,
          createdAt: policy.createdAt.toISOString(),
          latestVersion: policy.latestVersion,
        }
      : null,
    history: versions.map((v) => ({ version: v.version, note: v.note, authorName: v.authorName, createdAt: v.createdAt.toISOString() })),
    timeZone,
    canEdit: canEdit(input.user),
  }
}

/** /communications/policy/edit: the current text to start from. */
export async function getPolicyEditPage() {
  const policy = await getPolicy()
  return { markdown: policy?.markdown ?? '', version: policy?.version ?? 0 }
}

/**
 * /communications/reach: followers per connected channel over a year, the published posts'
 * engagement, and the best times and formats for one channel (`channelId`) or all.
 */
export async function getReachPage(input: { user: Viewer; channelId?: string | null; now?: Date }) {
  const [followers, posts, imported, connections, { timeZone }, bestTimes] = await Promise.all([
    followerSeries({ now: input.now, days: 365 }),
    listPublishedWithEngagement({ limit: 50 }),
    listImportedPostMetrics(50),
    listConnections(),
    getOrganisationSettings(),
    getBestTimesPanel({ channelId: input.channelId, now: input.now }),
  ])
  return {
    timeZone,
    bestTimes,
    canImport: canEdit(input.user),
    connectedChannels: connections.filter((c) => c.credential !== null).length,
    followers,
    posts: posts.map((p) => ({
      ...p,
      publishedAt: p.publishedAt?.toISOString() ?? null,
      metricsAt: p.metricsAt?.toISOString() ?? null,
    })),
    imported: imported.map((p) => ({ ...p, publishedAt: p.publishedAt?.toISOString() ?? null })),
  }
}

export type ReachPage = Awaited<ReturnType<typeof getReachPage>>
