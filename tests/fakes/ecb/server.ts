// A local stand-in for the ECB's reference-rate files: it serves eurofxref-daily.xml,
// eurofxref-hist-90d.xml and eurofxref-hist.xml under /stats/eurofxref/, written from its days as
// they stood on `now()` (nothing published after today; the 90-day file keeps the last 90 days),
// with faults (5xx, dropped and hanging connections, a body cut short) and a request log. No
// application module is imported here.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type EcbDay, formatDailyXml, formatHistXml } from './dataset.ts'

export type EcbFault = 'http-500' | 'http-503' | 'drop' | 'hang' | 'truncated'

export interface EcbRequestLog {
  file: string
  status: number
  fault?: EcbFault
}

export interface FakeEcbOptions {
  /** newest first */
  days: EcbDay[]
  now?: () => number
  hangMs?: number
}

export class FakeEcb {
  days: EcbDay[]
  readonly requests: EcbRequestLog[] = []
  readonly faults: EcbFault[] = []
  now: () => number
  hangMs: number
  private server?: Server

  constructor(options: FakeEcbOptions) {
    this.days = options.days
    this.now = options.now ?? (() => Date.now())
    this.hangMs = options.hangMs ?? 2_000
  }

  /** The folder of the files, as ECB_RATES_URL names it. */
  get baseUrl() {
    const address = this.server?.address() as AddressInfo | null
    if (!address) throw new Error('the fake ECB is not listening')
    return `http://127.0.0.1:${address.port}/stats/eurofxref/`
  }

  /** The days published by now, newest first. */
  published() {
    const today = new Date(this.now()).toISOString().slice(0, 10)
    return this.days.filter((d) => d.date <= today)
  }

  file(name: string): string | null {
    const days = this.published()
    if (name === 'eurofxref-daily.xml') return days[0] ? formatDailyXml(days[0]) : null
    if (name === 'eurofxref-hist.xml') return formatHistXml(days)
    if (name === 'eurofxref-hist-90d.xml') {
      const since = new Date(this.now() - 90 * 86_400_000).toISOString().slice(0, 10)
      return formatHistXml(days.filter((d) => d.date >= since))
    }
    return null
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0]
    const name = path.startsWith('/stats/eurofxref/') ? path.slice('/stats/eurofxref/'.length) : ''
    const log: EcbRequestLog = { file: name || path, status: 200 }
    this.requests.push(log)
    const fault = this.faults.shift()
    log.fault = fault
    if (fault === 'drop') {
      log.status = 0
      req.socket.destroy()
      return
    }
    if (fault === 'hang') {
      log.status = 0
      setTimeout(() => req.socket.destroy(), this.hangMs).unref()
      return
    }
    if (fault === 'http-500' || fault === 'http-503') {
      log.status = fault === 'http-500' ? 500 : 503
      res.writeHead(log.status, { 'content-type': 'text/html' })
      res.end('<html><body>Service unavailable</body></html>')
      return
    }
    const body = this.file(name)
    if (body === null) {
      log.status = 404
      res.writeHead(404, { 'content-type': 'text/html' })
      res.end('<html><body>Not found</body></html>')
      return
    }
    if (fault === 'truncated') {
      // The connection closes cleanly half-way through: a well-formed-looking but cut body.
      const half = body.slice(0, Math.floor(body.length / 2))
      res.writeHead(200, { 'content-type': 'text/xml' })
      res.end(half)
      return
    }
    res.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(Buffer.byteLength(body)) })
    res.end(body)
  }

  async start(port = 0) {
    this.server = createServer((req, res) => this.handle(req, res))
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve))
    return this
  }

  async stop() {
    if (!this.server) return
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server!.close(() => resolve()))
    this.server = undefined
  }
}

export async function startFakeEcb(options: FakeEcbOptions & { port?: number }) {
  return new FakeEcb(options).start(options.port)
}
