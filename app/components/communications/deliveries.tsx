import { Form } from 'react-router'
import { CHANNEL_KIND_LABELS, type ChannelKind, DELIVERY_STATE_LABELS, type DeliveryState } from '#app/domain/communications/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { useDates } from '#app/utils/dates.tsx'

export interface DeliveryView {
  id: string
  channelName: string
  channelKind: ChannelKind
  state: DeliveryState
  attempts: number
  nextAttemptAt: string
  url: string | null
  publishedAt: string | null
  lastError: string | null
}

const TONES: Record<DeliveryState, string> = {
  scheduled: 'text-slate-700',
  publishing: 'text-brand-700',
  retrying: 'text-amber-800',
  published: 'text-green-700',
  failed: 'text-red-700',
  cancelled: 'text-slate-500',
}

/** Where Steward publishes the post itself: one line per connected channel, with its link or what went wrong. */
export function PostDeliveries({
  deliveries,
  timeZone,
  canEdit,
}: {
  deliveries: readonly DeliveryView[]
  timeZone: string
  canEdit: boolean
}) {
  const dates = useDates(timeZone)
  return (
    <Card title="Published by Steward">
      <p className="mb-3 text-sm text-slate-600">
        Connected Mastodon and Bluesky channels get the post at its time, once. A published post is never changed or deleted there.
      </p>
      <ul className="divide-y divide-slate-100">
        {deliveries.map((d) => (
          <li key={d.id} className="py-2 text-sm">
            <p className="flex flex-wrap items-baseline gap-2">
              <span className="font-medium">{d.channelName}</span>
              <span className="text-xs text-slate-500">{CHANNEL_KIND_LABELS[d.channelKind]}</span>
              <span className={`font-medium ${TONES[d.state]}`}>{DELIVERY_STATE_LABELS[d.state]}</span>
            </p>
            {d.state === 'published' && d.url ? (
              <p>
                <a className="text-brand-700 underline" href={d.url} target="_blank" rel="noreferrer noopener">
                  View on {CHANNEL_KIND_LABELS[d.channelKind]}
                </a>
                {d.publishedAt ? <span className="text-slate-500"> · {dates.dateTime(d.publishedAt)}</span> : null}
              </p>
            ) : null}
            {d.state === 'scheduled' ? <p className="text-slate-600">Goes out {dates.dateTime(d.nextAttemptAt)}</p> : null}
            {d.state === 'retrying' ? (
              <p className="text-slate-600">
                Tried {d.attempts} {d.attempts === 1 ? 'time' : 'times'}; next try {dates.dateTime(d.nextAttemptAt)}
              </p>
            ) : null}
            {d.lastError && d.state !== 'published' ? <p className="text-slate-700">{d.lastError}</p> : null}
            {d.state === 'failed' && canEdit ? (
              <Form method="post" className="mt-1">
                <input type="hidden" name="deliveryId" value={d.id} />
                <Button name="intent" value="retry" variant="secondary" aria-label={`Try publishing on ${d.channelName} again`}>
                  Try again
                </Button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  )
}
