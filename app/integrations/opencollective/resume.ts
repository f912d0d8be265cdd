// Where an incremental read of a collective's transactions stands, so a kill at any moment resumes
// without a gap or a duplicate.
//
// Open Collective pages by offset over `createdAt >= dateFrom`, ordered by createdAt then id
// (TransactionsCollectionQuery.ts 591–593, 766–776). Offsets alone would shift as new transactions
// arrive, and several transactions can share one createdAt (a contribution and its fees are written
// together), so the point is a watermark — the last createdAt read — and how many transactions at
// exactly that instant were already read. The next request asks for `dateFrom: watermark` and skips
// that many; an unchanged collective answers it with nothing, in one request.

export interface OpenCollectiveResumePoint {
  /** `createdAt` of the last transaction read, as the API wrote it; null before the first */
  watermark: string | null
  /** how many transactions created exactly at `watermark` were read */
  offset: number
}

export const OPENCOLLECTIVE_START: OpenCollectiveResumePoint = { watermark: null, offset: 0 }

export class ResumeOrderError extends Error {
  override name = 'ResumeOrderError'
}

/** The point after reading a page whose transactions were created at `createdAts`, in the order received. */
export function advanceResumePoint(point: OpenCollectiveResumePoint, createdAts: string[]): OpenCollectiveResumePoint {
  if (point.watermark === null && point.offset !== 0) throw new ResumeOrderError('A resume point without a watermark must start at 0.')
  if (createdAts.length === 0) return point
  let previous = point.watermark === null ? -Infinity : Date.parse(point.watermark)
  for (const createdAt of createdAts) {
    const time = Date.parse(createdAt)
    if (Number.isNaN(time)) throw new ResumeOrderError(`"${createdAt}" is not a date.`)
    // The resume point is only sound for the documented order; anything else must stop the read.
    if (time < previous) throw new ResumeOrderError('Open Collective returned transactions out of creation order.')
    previous = time
  }
  const last = createdAts[createdAts.length - 1]
  const lastTime = Date.parse(last)
  const atLast = createdAts.filter((createdAt) => Date.parse(createdAt) === lastTime).length
  if (point.watermark !== null && Date.parse(point.watermark) === lastTime) {
    return { watermark: point.watermark, offset: point.offset + atLast }
  }
  return { watermark: last, offset: atLast }
}
