// The rule that makes one donation of an Open Collective transaction read twice, once from a CSV
// export and once from the API, in either order (issue 15). A shared id is enough, except the
// 8-character short id (32 bits of a uuid), which must also agree on amount and currency. Without a
// shared id, the same day, amount, currency and donor match, one ledger donation for one
// transaction. The sync (opencollective-sync.server.ts) and the file import (imports.server.ts)
// both pair with these functions; each reads its candidates from the ledger itself.

/** a CSV's short transaction id: the first 8 characters of the API's uuid */
export const isShortId = (id: string) => /^[0-9a-f]{8}$/.test(id)

interface Money {
  amount: number
  currency: string
}

/** A short id names the same transaction only when the money agrees (any of the amounts the transaction is known by). */
export function sameMoney(stored: Money, incoming: Money[]) {
  return incoming.some((m) => m.amount === stored.amount && m.currency === stored.currency)
}

interface Details {
  /** YYYY-MM-DD, UTC */
  day: string
  amount: number
  currency: string
  /** the donor's Open Collective slug */
  donor: string
}

const keyOf = (d: Details) => `${d.day}|${d.amount}|${d.currency}|${d.donor}`

/**
 * Pairs incoming transactions with ledger donations on day, amount, currency and donor: each
 * candidate once, in the order given (two gifts of the same day and amount from one donor meet two
 * donations, not one twice). `used` holds the donations already claimed (by an id); those paired
 * here are added to it. Returns incoming key → donation id.
 */
export function pairOnDetails<T>(
  incoming: { key: T; details: Details }[],
  candidates: ({ id: string } & Details)[],
  used: Set<string>,
): Map<T, string> {
  const pool = new Map<string, string[]>()
  for (const c of candidates) {
    const list = pool.get(keyOf(c)) ?? []
    if (!list.includes(c.id)) list.push(c.id)
    pool.set(keyOf(c), list)
  }
  const paired = new Map<T, string>()
  for (const d of incoming) {
    const id = (pool.get(keyOf(d.details)) ?? []).find((x) => !used.has(x))
    if (id) {
      used.add(id)
      paired.set(d.key, id)
    }
  }
  return paired
}
