import { isIP } from 'node:net'

/**
 * Which reverse proxies' X-Forwarded-For and X-Forwarded-Proto Steward believes (TRUST_PROXY):
 * none, the nearest `hops` proxies, or the proxies at these addresses. "Trust everything" does not
 * exist: it made the client's address the left-most X-Forwarded-For entry, which the client writes.
 */
export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; addresses: string[] }

/** The names Express (proxy-addr) understands for the private ranges. */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal']

export const TRUST_PROXY_TRUE_MESSAGE =
  'must no longer be true (that trusted an X-Forwarded-For any client can write): set the number of proxies in front of Steward, usually 1, or their addresses, e.g. 10.0.0.0/8,fd00::/8'

/** One address or CIDR range (`10.0.0.0/8`, `::1`, `fd00::/8`), or a named range; null when it is neither. */
export function normaliseProxyAddress(entry: string): string | null {
  const value = entry.trim().toLowerCase()
  if (NAMED_RANGES.includes(value)) return value
  const slash = value.indexOf('/')
  const address = slash === -1 ? value : value.slice(0, slash)
  const version = isIP(address)
  if (version === 0) return null
  if (slash === -1) return address
  const prefix = value.slice(slash + 1)
  if (!/^\d{1,3}$/.test(prefix)) return null
  if (Number(prefix) > (version === 4 ? 32 : 128)) return null
  return `${address}/${Number(prefix)}`
}

/**
 * Reads TRUST_PROXY: empty, `false` or `0` (no proxy), a number of hops (`1` … `20`), or a
 * comma-separated list of addresses and CIDR ranges. Throws an Error whose message completes
 * "TRUST_PROXY …" for anything else, `true` included.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim()
  if (value === '' || value.toLowerCase() === 'false' || value === '0') return { kind: 'none' }
  if (value.toLowerCase() === 'true') throw new Error(TRUST_PROXY_TRUE_MESSAGE)
  if (/^\d+$/.test(value)) {
    const hops = Number(value)
    if (hops > 20) throw new Error('must be a number of proxies from 1 to 20, or their addresses')
    return { kind: 'hops', hops }
  }
  const entries = value.split(',').map((e) => e.trim())
  const addresses: string[] = []
  for (const entry of entries) {
    const normalised = normaliseProxyAddress(entry)
    if (normalised === null)
      throw new Error(
        `has "${entry}", which is not an IP address or CIDR range (a number of proxies, or addresses like 10.0.0.1,192.168.0.0/16)`,
      )
    addresses.push(normalised)
  }
  return { kind: 'addresses', addresses }
}

/** The value for Express's `trust proxy` setting. */
export function expressTrustProxy(setting: TrustProxy): false | number | string[] {
  if (setting.kind === 'none') return false
  if (setting.kind === 'hops') return setting.hops
  return setting.addresses
}

/** True for the machine itself: 127.0.0.0/8, ::1, and IPv4 loopback written as IPv6. */
export function isLoopbackAddress(address: string) {
  const value = address.trim().toLowerCase()
  const v4 = value.startsWith('::ffff:') ? value.slice(7) : value
  if (isIP(v4) === 4) return v4.startsWith('127.')
  return value === '::1'
}
