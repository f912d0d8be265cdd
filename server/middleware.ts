// Express middleware that guards every request before React Router sees it: the security headers
// and the request-body limits. Kept apart from http.ts so tests can mount them on a small app.
import type { NextFunction, Request, Response } from 'express'
import { randomBytes } from 'node:crypto'
import { MAX_IMPORT_BYTES } from '#app/integrations/donation-imports/formats.ts'

/**
 * Scripts only from this origin or inline with this response's nonce (React Router's hydration
 * data); styles may be inline (the charts set style attributes); no framing, plugins, or forms
 * posting elsewhere. User text is escaped or sanitised anyway: this is the second line.
 */
export function contentSecurityPolicy(nonce: string) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Steward uses none of the browser's powerful features; no page (nor anything injected) may ask. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
].join(', ')

/** HSTS once a request arrived over HTTPS: a year, this host only (a proxy may serve other names over HTTP). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000'

/** Headers on every response, static files and errors included. */
export function securityHeaders(options: { dev?: boolean } = {}) {
  return (req: Request, res: Response, next: NextFunction) => {
    // Over HTTPS (directly, or as a trusted proxy says), browsers should never come back over HTTP.
    if (req.secure) res.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Referrer-Policy', 'same-origin')
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY)
    // A window Steward opens, or that opens Steward, gets no handle on the other.
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    // Vite's development server injects scripts of its own: the policy applies to the build.
    if (!options.dev) {
      const nonce = randomBytes(16).toString('base64')
      res.locals.cspNonce = nonce
      res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce))
    }
    next()
  }
}

const MB = 1024 * 1024

/** Any request body: forms (signed in or not), JSON, anything but an upload to an import page. */
export const FORM_BODY_LIMIT = 1 * MB

/** A file upload to an import page: the importer's own limit, plus room for the form's other fields. */
export const UPLOAD_BODY_LIMIT = MAX_IMPORT_BYTES + 1 * MB

/** The pages that take a file (multipart/form-data); React Router's fetches add `.data`. */
export const UPLOAD_PATHS = ['/fundraising/donations/import']

export interface BodyLimits {
  form: number
  upload: number
  uploadPaths: readonly string[]
}

function limitFor(req: Request, limits: BodyLimits) {
  const path = req.path.replace(/\.data$/, '').replace(/\/+$/, '') || '/'
  const multipart = /^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')
  return multipart && limits.uploadPaths.includes(path) ? limits.upload : limits.form
}

const tooLargeMessage = (limit: number) =>
  `The request is too large: this address takes at most ${Math.round(limit / MB)} MB. Nothing was saved.\n`

class RequestTooLarge extends Error {
  status = 413
  constructor(limit: number) {
    super(`request body over ${limit} bytes: refused with 413`)
  }
}

function refuse(res: Response, limit: number) {
  if (res.headersSent) return
  // The rest of the body is not read: close the connection rather than drain it.
  res.status(413).set({ 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close', 'Cache-Control': 'no-store' })
  res.end(tooLargeMessage(limit))
}

/**
 * Refuses request bodies over the limit with 413 before the app reads them: a declared
 * Content-Length is checked up front, and a chunked body is counted while it streams in and
 * cut off at the first chunk past the limit (the app never holds more than the limit plus one
 * chunk, and its read of the body fails: it never acts on a truncated body).
 */
export function limitRequestBodies(limits: BodyLimits = { form: FORM_BODY_LIMIT, upload: UPLOAD_BODY_LIMIT, uploadPaths: UPLOAD_PATHS }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const limit = limitFor(req, limits)
    const declared = req.headers['content-length']
    if (declared !== undefined) {
      const length = Number(declared)
      if (!Number.isSafeInteger(length) || length < 0) {
        res.status(400).set('Content-Type', 'text/plain; charset=utf-8').end('Bad Content-Length.\n')
        return
      }
      if (length > limit) {
        refuse(res, limit)
        req.resume()
        return
      }
      // Node itself refuses a body longer than its Content-Length.
      next()
      return
    }
    if (req.headers['transfer-encoding'] === undefined) {
      next()
      return
    }
    // Chunked: counted as it arrives. Paused first, so that listening does not start the flow
    // before React Router's reader is attached (it resumes the stream when it wants data).
    let received = 0
    req.pause()
    const count = (chunk: Buffer) => {
      received += chunk.length
      if (received <= limit) return
      req.off('data', count)
      refuse(res, limit)
      // An error, not a plain close: the reader must fail rather than see a truncated body end.
      req.destroy(new RequestTooLarge(limit))
    }
    req.prependListener('data', count)
    next()
  }
}
