// Communications' notification producers: cadence slots in the next 48 hours without a post, and
// scheduled posts a connected network refused.
import { defineProducer } from '#app/domain/notifications/producer.ts'
import { listChannels } from './channels.server.ts'
import { listFailedDeliveries } from './publishing.server.ts'
import { loadFilledSlots } from './slots.server.ts'

export const OPEN_SLOT_HORIZON_HOURS = 48

/** A slot starting in the next 48 hours with no post scheduled or published for it; done once a post fills it. */
export const openSlotProducer = defineProducer({
  kind: 'cadence-slot-open',
  async produce({ now, settings }) {
    const end = new Date(now.getTime() + OPEN_SLOT_HORIZON_HOURS * 3_600_000)
    const slots = (await loadFilledSlots({ range: { start: now, end }, now, timeZone: settings.timeZone })).filter(
      (s) => s.state !== 'filled' && s.start > now,
    )
    if (!slots.length) return []
    const names = new Map((await listChannels()).map((c) => [c.id, c.name]))
    const when = new Intl.DateTimeFormat('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: settings.timeZone,
      timeZoneName: 'short',
    })
    return slots.map((s) => ({
      subject: `${s.channelId}:${s.start.toISOString()}`,
      occurrence: 'open',
      text: `The ${names.get(s.channelId) ?? 'channel'} slot on ${when.format(s.start)} has no post yet.`,
      link: `/communications/posts/new?channel=${s.channelId}&slot=${encodeURIComponent(s.start.toISOString())}`,
      to: { roles: ['communications'] as const },
    }))
  },
})

/** A post that failed to publish on a connected channel; done once it is published (Try again) or edited. */
export const postFailedProducer = defineProducer({
  kind: 'post-failed',
  async produce() {
    return (await listFailedDeliveries()).map((d) => ({
      subject: `delivery:${d.id}`,
      occurrence: d.failedAt.toISOString(),
      text: `“${d.postTitle}” was not published on ${d.channelName}: ${d.reason ?? 'the network refused it'}`,
      link: `/communications/posts/${d.postId}`,
      to: { roles: ['communications'] as const },
    }))
  },
})
