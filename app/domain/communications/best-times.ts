// Best times and formats (Reach): the median interactions of Steward's publications by weekday, by
// hour of day (project time zone) and by format, each with the number of posts it rests on. A
// figure resting on fewer than MIN_POSTS_FOR_BEST posts is shown but never called the best.
import { DateTime } from 'luxon'
import { POST_FORMAT_LABELS, POST_FORMATS, type PostFormat, WEEKDAY_LABELS, WEEKDAYS } from './vocabulary.ts'

/** The fewest posts a weekday, hour or format needs before it may be called the best. */
export const MIN_POSTS_FOR_BEST = 5

/** A link anywhere makes it a link post; else a question mark makes it a question; else plain text. */
export function postFormat(text: string): PostFormat {
  if (/https?:\/\/\S/i.test(text)) return 'link'
  if (/[?？]/.test(text)) return 'question'
  return 'text'
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export interface EngagementSample {
  publishedAt: Date
  text: string
  /** likes + reposts + replies + quotes as last read */
  interactions: number
}

export interface Bucket {
  key: string
  label: string
  posts: number
  median: number | null
  /** rests on at least MIN_POSTS_FOR_BEST posts */
  enough: boolean
}

export interface BestTimes {
  posts: number
  byWeekday: Bucket[]
  byHour: Bucket[]
  byFormat: Bucket[]
  best: { weekday: Bucket | null; hour: Bucket | null; format: Bucket | null }
}

function bucket(key: string, label: string, values: number[]): Bucket {
  return { key, label, posts: values.length, median: median(values), enough: values.length >= MIN_POSTS_FOR_BEST }
}

/** The bucket with the highest median among those with enough posts (the first on a tie), or null. */
function bestOf(buckets: Bucket[]): Bucket | null {
  let best: Bucket | null = null
  for (const b of buckets) if (b.enough && b.median !== null && (best === null || b.median > best.median!)) best = b
  return best
}

export function bestTimes(samples: EngagementSample[], timeZone: string): BestTimes {
  const weekdays = new Map<number, number[]>()
  const hours = new Map<number, number[]>()
  const formats = new Map<PostFormat, number[]>()
  for (const s of samples) {
    const local = DateTime.fromJSDate(s.publishedAt, { zone: timeZone })
    const push = <K>(map: Map<K, number[]>, key: K) => map.set(key, [...(map.get(key) ?? []), s.interactions])
    push(weekdays, local.weekday)
    push(hours, local.hour)
    push(formats, postFormat(s.text))
  }
  const pad = (h: number) => String(h).padStart(2, '0')
  const byWeekday = WEEKDAYS.map((code, i) => bucket(code, WEEKDAY_LABELS[code], weekdays.get(i + 1) ?? [])).filter((b) => b.posts > 0)
  const byHour = [...hours.keys()].sort((a, b) => a - b).map((h) => bucket(String(h), `${pad(h)}:00–${pad(h)}:59`, hours.get(h)!))
  const byFormat = POST_FORMATS.map((f) => bucket(f, POST_FORMAT_LABELS[f], formats.get(f) ?? [])).filter((b) => b.posts > 0)
  return {
    posts: samples.length,
    byWeekday,
    byHour,
    byFormat,
    best: { weekday: bestOf(byWeekday), hour: bestOf(byHour), format: bestOf(byFormat) },
  }
}
