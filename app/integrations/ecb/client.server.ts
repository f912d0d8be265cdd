// Fetches the ECB's reference rates: the smallest file that covers what is missing, retried when
// the server fails (5xx), the connection drops or hangs, or the body arrives cut short.
import { getEnv } from '#app/utils/env.server.ts'
import { chooseEcbFile, ECB_LOOKBACK_DAYS, type EcbFile, EcbFormatError, type EcbRate, parseEcbXml, shiftDate } from './rates.ts'

export class EcbError extends Error {
  override name = 'EcbError'
}

export interface EcbWait {
  ms: number
  attempt: number
  cause: string
}

export interface EcbClientOptions {
  /** the folder holding the three files (ECB_RATES_URL) */
  baseUrl: string
  /** per request, default 60 s (the full history is a few megabytes) */
  timeoutMs?: number
  /** default 5 */
  maxAttempts?: number
  /** first backoff, doubled each attempt, default 2 s */
  backoffMs?: number
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  fetch?: typeof fetch
  onWait?: (notice: EcbWait) => void
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function describeFault(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'the request timed out'
    const cause = (error as { cause?: { code?: string } }).cause
    if (cause?.code) return `the connection failed (${cause.code})`
    return error.message
  }
  return String(error)
}

export class EcbClient {
  /** HTTP requests sent, retries included */
  requests = 0
  private readonly options: Required<Omit<EcbClientOptions, 'onWait'>> & Pick<EcbClientOptions, 'onWait'>

  constructor(options: EcbClientOptions) {
    this.options = {
      timeoutMs: 60_000,
      maxAttempts: 5,
      backoffMs: 2_000,
      now: () => Date.now(),
      sleep: realSleep,
      fetch: (...args) => fetch(...args),
      ...options,
      baseUrl: options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`,
    }
  }

  /** Every rate in one of the three files. */
  async fetchFile(file: EcbFile): Promise<EcbRate[]> {
    const url = new URL(file, this.options.baseUrl).toString()
    for (let attempt = 1; ; attempt += 1) {
      this.requests += 1
      let cause: string
      try {
        const response = await this.options.fetch(url, {
          headers: { accept: 'application/xml, text/xml', 'user-agent': 'steward' },
          signal: AbortSignal.timeout(this.options.timeoutMs),
        })
        const text = await response.text()
        if (response.ok) return parseEcbXml(text)
        if (response.status < 500) throw new EcbError(`The ECB answered HTTP ${response.status} for ${file}: check ECB_RATES_URL.`)
        cause = `the ECB answered HTTP ${response.status}`
      } catch (error) {
        if (error instanceof EcbError) throw error
        // A body cut short fails the XML check: fetch it again.
        cause = error instanceof EcbFormatError ? error.message : describeFault(error)
      }
      if (attempt >= this.options.maxAttempts) throw new EcbError(`Could not read the ECB's ${file} after ${attempt} attempts: ${cause}.`)
      const ms = Math.min(60_000, this.options.backoffMs * 2 ** (attempt - 1))
      this.options.onWait?.({ ms, attempt, cause })
      await this.options.sleep(ms)
    }
  }

  /**
   * The rates needed for days from `from` to `to` (default today): those days plus the
   * ECB_LOOKBACK_DAYS before `from`, whose rates cover `from` when it is a weekend or holiday.
   */
  async fetchRates(options: { from: string; to?: string }): Promise<EcbRate[]> {
    const today = new Date(this.options.now()).toISOString().slice(0, 10)
    const to = options.to ?? today
    const earliest = shiftDate(options.from, ECB_LOOKBACK_DAYS)
    const rates = await this.fetchFile(chooseEcbFile(options.from, today))
    return rates.filter((r) => r.date >= earliest && r.date <= to)
  }
}

/** A client for ECB_RATES_URL (or the given folder). */
export function createEcbClient(options: Partial<EcbClientOptions> = {}) {
  return new EcbClient({ baseUrl: options.baseUrl ?? getEnv().ECB_RATES_URL, ...options })
}
