// A VTIMEZONE for an IANA zone, computed with luxon: one STANDARD or DAYLIGHT component per
// offset change in the years covered, so events with TZID times (and their RRULEs) expand to
// the same instants in every calendar app, across daylight-saving changes.
import { DateTime } from 'luxon'

function offsetText(minutes: number) {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`
}

const HOUR = 3_600_000

/** The instants (ms) in [from, to) at which the zone's UTC offset changes. */
function transitions(timeZone: string, from: number, to: number) {
  const offset = (ms: number) => DateTime.fromMillis(ms, { zone: timeZone }).offset
  const out: number[] = []
  for (let t = from; t < to; t += 24 * HOUR) {
    if (offset(t) === offset(t + 24 * HOUR)) continue
    let lo = t
    let hi = t + 24 * HOUR
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 2 / 60_000) * 60_000
      if (offset(mid) === offset(lo)) lo = mid
      else hi = mid
    }
    out.push(hi)
  }
  return out
}

export function vtimezone(timeZone: string, fromYear: number, toYear: number): string {
  const from = DateTime.fromObject({ year: fromYear, month: 1, day: 1 }, { zone: 'UTC' }).toMillis()
  const to = DateTime.fromObject({ year: toYear + 1, month: 1, day: 1 }, { zone: 'UTC' }).toMillis()
  const component = (at: number, offsetFrom: number, offsetTo: number) => {
    const dt = DateTime.fromMillis(at, { zone: timeZone })
    const kind = dt.isInDST ? 'DAYLIGHT' : 'STANDARD'
    // DTSTART is the local time just before the change, in the offset before it
    const local = DateTime.fromMillis(at + offsetFrom * 60_000, { zone: 'UTC' }).toFormat("yyyyMMdd'T'HHmmss")
    return [
      `BEGIN:${kind}`,
      `DTSTART:${local}`,
      `TZOFFSETFROM:${offsetText(offsetFrom)}`,
      `TZOFFSETTO:${offsetText(offsetTo)}`,
      `TZNAME:${dt.offsetNameShort ?? offsetText(offsetTo)}`,
      `END:${kind}`,
    ]
  }
  const initial = DateTime.fromMillis(from, { zone: timeZone }).offset
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`, ...component(from, initial, initial)]
  for (const at of transitions(timeZone, from, to)) {
    lines.push(...component(at, DateTime.fromMillis(at - 1, { zone: timeZone }).offset, DateTime.fromMillis(at, { zone: timeZone }).offset))
  }
  lines.push('END:VTIMEZONE')
  return lines.join('\r\n')
}
