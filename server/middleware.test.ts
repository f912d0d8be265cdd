// The guards in front of React Router, over real HTTP: an express app with the same middleware
// as server/http.ts, and a handler that reads the body the way @react-router/express does.
import { createReadableStreamFromReadable } from '@react-router/node'
import express from 'express'
import { once } from 'node:events'
import { type ClientRequest, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { FORM_BODY_LIMIT, limitRequestBodies, securityHeaders, UPLOAD_BODY_LIMIT } from './middleware.ts'

const MB = 1024 * 1024
let server: Server
let port: number
/** bodies the app finished reading, by path */
const read: { path: string; bytes: number }[] = []

beforeAll(async () => {
  const app = express()
  app.use(securityHeaders())
  app.use(limitRequestBodies())
  app.all('*', async (req, res, next) => {
    try {
      const init: RequestInit & { duplex?: 'half' } = { method: req.method }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        init.body = createReadableStreamFromReadable(req)
        init.duplex = 'half'
      }
      const body = await new Request(`http://localhost${req.originalUrl}`, init).arrayBuffer()
      read.push({ path: req.path, bytes: body.byteLength })
      res.status(req.path === '/missing' ? 404 : 200).end(`read ${body.byteLength}`)
    } catch (error) {
      next(error)
    }
  })
  // the aborted body of a refused chunked request lands here after the 413 went out
  app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    if (!res.headersSent) res.status(500).end('failed')
  })
  server = app.listen(0, '127.0.0.1')
  await once(server, 'listening')
  port = (server.address() as AddressInfo).port
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

interface Sent {
  path: string
  contentType?: string
  /** the body in pieces; without contentLength they go chunked */
  pieces: Buffer[]
  contentLength?: number
}

function drainedOrClosed(req: ClientRequest) {
  return new Promise<void>((resolve) => {
    const done = () => {
      req.off('drain', done)
      req.off('close', done)
      resolve()
    }
    req.on('drain', done)
    req.on('close', done)
  })
}

/** Sends a request piece by piece and resolves with the status and body, even if the server closes early. */
function send({ path, contentType = 'application/x-www-form-urlencoded', pieces, contentLength }: Sent) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const headers: Record<string, string | number> = { 'Content-Type': contentType }
    if (contentLength !== undefined) headers['Content-Length'] = contentLength
    else headers['Transfer-Encoding'] = 'chunked'
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }))
      res.on('error', reject)
    })
    // the server may close the connection while the body is still going out
    req.on('error', () => {})
    ;(async () => {
      for (const piece of pieces) {
        if (req.destroyed) return
        if (!req.write(piece)) await drainedOrClosed(req)
      }
      req.end()
    })().catch(() => {})
  })
}

const filled = (bytes: number) => Buffer.alloc(bytes, 'a')
const split = (bytes: number, piece = 64 * 1024) => {
  const pieces: Buffer[] = []
  for (let sent = 0; sent < bytes; sent += piece) pieces.push(filled(Math.min(piece, bytes - sent)))
  return pieces
}

describe('request body limits', () => {
  test('a form of exactly 1 MB is read; 1 MB and one byte is refused with 413 before the app reads it', async () => {
    read.length = 0
    const ok = await send({ path: '/login', pieces: split(FORM_BODY_LIMIT), contentLength: FORM_BODY_LIMIT })
    expect(ok).toMatchObject({ status: 200, body: `read ${FORM_BODY_LIMIT}` })
    // The declared length alone is enough: only 10 bytes of the 1 MB + 1 are ever sent.
    const refused = await send({ path: '/login', pieces: [filled(10)], contentLength: FORM_BODY_LIMIT + 1 })
    expect(refused.status).toBe(413)
    expect(refused.body).toContain('at most 1 MB')
    expect(read).toEqual([{ path: '/login', bytes: FORM_BODY_LIMIT }])
  })

  test('a chunked body is counted while it streams and cut off past 1 MB', async () => {
    read.length = 0
    const ok = await send({ path: '/settings/organisation', pieces: split(512 * 1024) })
    expect(ok).toMatchObject({ status: 200, body: `read ${512 * 1024}` })
    // 3 MB in 64 KB chunks, no Content-Length: refused once the count passes 1 MB
    const refused = await send({ path: '/settings/organisation', pieces: split(3 * MB) })
    expect(refused.status).toBe(413)
    expect(read).toEqual([{ path: '/settings/organisation', bytes: 512 * 1024 }])
  })

  test('multipart uploads to the import page may reach the import limit; elsewhere multipart is a form', async () => {
    read.length = 0
    const multipart = 'multipart/form-data; boundary=x'
    // 5 MB is over the form limit but well under the 50 MB import limit
    const upload = await send({
      path: '/fundraising/donations/import',
      contentType: multipart,
      pieces: split(5 * MB),
      contentLength: 5 * MB,
    })
    expect(upload).toMatchObject({ status: 200, body: `read ${5 * MB}` })
    // React Router's client-side submission goes to the same path with .data, chunked here
    const viaFetch = await send({ path: '/fundraising/donations/import.data', contentType: multipart, pieces: split(2 * MB) })
    expect(viaFetch.status).toBe(200)
    // declared over 50 MB + 1 MB of other fields: refused up front, nothing sent
    const huge = await send({
      path: '/fundraising/donations/import',
      contentType: multipart,
      pieces: [],
      contentLength: UPLOAD_BODY_LIMIT + 1,
    })
    expect(huge.status).toBe(413)
    expect(huge.body).toContain('at most 51 MB')
    // the same 2 MB multipart body to another page, or urlencoded to the import page: 413
    const elsewhere = await send({
      path: '/communications/posts/new',
      contentType: multipart,
      pieces: split(2 * MB),
      contentLength: 2 * MB,
    })
    expect(elsewhere.status).toBe(413)
    const notMultipart = await send({ path: '/fundraising/donations/import', pieces: split(2 * MB), contentLength: 2 * MB })
    expect(notMultipart.status).toBe(413)
    expect(read.map((r) => r.bytes)).toEqual([5 * MB, 2 * MB])
  })

  test('a chunked upload over the import limit is cut off too', async () => {
    read.length = 0
    const refused = await send({
      path: '/fundraising/donations/import',
      contentType: 'multipart/form-data; boundary=x',
      pieces: split(UPLOAD_BODY_LIMIT + 256 * 1024, MB),
    })
    expect(refused.status).toBe(413)
    expect(read).toEqual([])
  })
})

describe('security headers', () => {
  test('every response carries Permissions-Policy, Cross-Origin-Opener-Policy and the others, refusals and 404s included', async () => {
    const answers = [
      await send({ path: '/login', pieces: [filled(10)], contentLength: 10 }),
      await send({ path: '/missing', pieces: [], contentLength: 0 }),
      await send({ path: '/login', pieces: [], contentLength: FORM_BODY_LIMIT + 1 }),
    ]
    expect(answers.map((a) => a.status)).toEqual([200, 404, 413])
    for (const { headers } of answers) {
      expect(headers['permissions-policy']).toMatch(/(^|, )camera=\(\)/)
      expect(headers['permissions-policy']).toMatch(/(^|, )geolocation=\(\)/)
      expect(headers['cross-origin-opener-policy']).toBe('same-origin')
      expect(headers['x-frame-options']).toBe('DENY')
      expect(headers['x-content-type-options']).toBe('nosniff')
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'")
    }
  })
})
