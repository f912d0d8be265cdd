// One key for one Open Collective transaction, whether it came from the API or from a CSV export,
// so the domain can tell that an uploaded file and the API describe the same money.
//
// What the exporter writes (opencollective/opencollective-rest @35c69f62,
// src/server/controllers/account-transactions.ts; it reads the same GraphQL API, 24–257):
//   column (field id)    label (useFieldNames=1)        value                                  line
//   id                   "Transaction GraphQL ID"       the API's `id` (a UUID)                511, 464
//   shortId              "Short Transaction ID"         first 8 characters of `id`             514, 465
//   legacyId             "Transaction ID"               the API's `legacyId` (an integer)      512, 416
//   publicId             "Transaction Public ID"        the API's `publicId` (tx_…)            513, 417
//   group                "Group ID"                     the API's `group` (a UUID)             516, 418
//   shortGroup           "Short Group ID"               first 8 characters of `group`          515, 466
//   refundId             "Refund ID"                    refundTransaction.id (a UUID)          522, 494
//   shortRefundId        "Short Refund Transaction ID"  first 8 characters of that             523, 491
//   refundLegacyId       "Refund Transaction ID"        refundTransaction.legacyId             524, 492
//   reverseLegacyId      "Reverse Transaction ID"       refundTransaction.legacyId             530, 474
// The API's `id` is the transaction's uuid and `legacyId` its database id, in 2023 as now
// (opencollective-api server/graphql/v2/interface/Transaction.js 327–343 @e3f35f58; 245–249 @ca898f7b).
//
// The 2023 layout (field ids as headers: "datetime","shortId","shortGroup",…) is the exporter's
// default field set (opencollective-rest @749b9439 account-transactions.js 302–334, same mapping
// 230–282): it carries only the 8-character prefixes. The labelled layout exists since
// 2025-05-28 (d29cb379, `useFieldNames=1`, 731–732 and 980–982 today) and its "Transaction ID" is
// the integer `legacyId` — not the UUID. So a CSV row and an API transaction share either the
// legacyId (labelled exports), the full id or public id (when those columns were chosen), or only
// the short prefixes (2023 exports). The short id is 32 bits of a random UUID: within one
// collective's tens of thousands of transactions a collision is likely enough (birthday bound
// ≈ n²/2³³, about 25% at 50,000) that the short key also takes the group's prefix when it can.
export interface OpenCollectiveTransactionIds {
  /** the API's `id`; CSV "id" / "Transaction GraphQL ID" */
  id?: string | null
  /** CSV "shortId" / "Short Transaction ID" */
  shortId?: string | null
  /** the API's `legacyId`; CSV "legacyId" / "Transaction ID" (labelled layout) */
  legacyId?: number | string | null
  /** the API's `publicId`; CSV "publicId" / "Transaction Public ID" */
  publicId?: string | null
  /** the API's `group`; CSV "group" / "Group ID" */
  group?: string | null
  /** CSV "shortGroup" / "Short Group ID" */
  shortGroup?: string | null
}

/** Which shared id a key is built on, strongest first. */
export const OPENCOLLECTIVE_MATCH_BASES = ['legacyId', 'id', 'publicId', 'shortIdAndGroup', 'shortId'] as const
export type OpenCollectiveMatchBasis = (typeof OPENCOLLECTIVE_MATCH_BASES)[number]

const clean = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value).trim())

function legacyIdOf(ids: OpenCollectiveTransactionIds) {
  const text = clean(ids.legacyId)
  return /^\d+$/.test(text) ? String(Number(text)) : ''
}
const prefix = (full: string | null | undefined, short: string | null | undefined) =>
  (clean(short) || clean(full).slice(0, 8)).toLowerCase().slice(0, 8)

function keyFor(ids: OpenCollectiveTransactionIds, basis: OpenCollectiveMatchBasis): string | null {
  switch (basis) {
    case 'legacyId': {
      const legacyId = legacyIdOf(ids)
      return legacyId ? `opencollective:legacy:${legacyId}` : null
    }
    case 'id': {
      const id = clean(ids.id).toLowerCase()
      return id ? `opencollective:id:${id}` : null
    }
    case 'publicId': {
      const publicId = clean(ids.publicId)
      return publicId ? `opencollective:public:${publicId}` : null
    }
    case 'shortIdAndGroup': {
      const short = prefix(ids.id, ids.shortId)
      const group = prefix(ids.group, ids.shortGroup)
      return short.length === 8 && group.length === 8 ? `opencollective:short:${short}:${group}` : null
    }
    case 'shortId': {
      const short = prefix(ids.id, ids.shortId)
      return short.length === 8 ? `opencollective:short:${short}` : null
    }
  }
}

/** The strongest basis a record supports (a CSV row: the strongest its columns allow). */
export function openCollectiveMatchBasis(ids: OpenCollectiveTransactionIds): OpenCollectiveMatchBasis | null {
  return OPENCOLLECTIVE_MATCH_BASES.find((basis) => keyFor(ids, basis) !== null) ?? null
}

/**
 * The match key of a transaction on a basis both sides carry. Give a CSV row its own strongest
 * basis (the default), and compute the API transaction's key on that same basis: the same
 * transaction then yields the same key.
 */
export function openCollectiveMatchKey(
  ids: OpenCollectiveTransactionIds,
  basis: OpenCollectiveMatchBasis | null = openCollectiveMatchBasis(ids),
): string | null {
  return basis ? keyFor(ids, basis) : null
}

/** Every key a record supports, strongest first: store these for API transactions and look a CSV row's key up among them. */
export function openCollectiveMatchKeys(ids: OpenCollectiveTransactionIds): string[] {
  return OPENCOLLECTIVE_MATCH_BASES.map((basis) => keyFor(ids, basis)).filter((key): key is string => key !== null)
}
