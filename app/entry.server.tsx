// React Router's default Node entry, plus the Content-Security-Policy nonce: the inline scripts
// React renders (and the hydration data) carry the nonce the server put in the header. Every
// document is answered whole (as React Router's default does for crawlers), see handleRequest.
import { Writable } from 'node:stream'
import { renderToPipeableStream } from 'react-dom/server'
import {
  type AppLoadContext,
  type EntryContext,
  type HandleErrorFunction,
  isRouteErrorResponse,
  ServerRouter,
  UNSAFE_ErrorResponseImpl as ErrorResponseImpl,
} from 'react-router'
import { currentOutage, isDatabaseUnavailableError, noteDatabaseError, UNAVAILABLE_MESSAGE } from '#db/availability.server.ts'
import { NonceProvider } from './utils/nonce.tsx'

export const streamTimeout = 5_000

/** Every error a loader or action ends in: an unreachable database starts an outage (503s, one log line). */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (noteDatabaseError(error)) return
  if (!request.signal.aborted) console.error(error)
}

/**
 * A page whose data failed because the database is unreachable answers 503 with the error page's
 * "Steward is unavailable" and a reason, not a 500 that reads like a bug. In production React
 * Router has already replaced the errors with a bare "Unexpected Server Error" here, so the
 * outage handleError noted for them is what tells.
 */
function answerUnavailable(context: EntryContext, status: number) {
  const errors = context.staticHandlerContext.errors
  if (!errors || status < 500) return status
  const outage = Boolean(currentOutage())
  let unavailable = false
  for (const [routeId, error] of Object.entries(errors)) {
    if (isRouteErrorResponse(error) || !(outage || isDatabaseUnavailableError(error))) continue
    errors[routeId] = new ErrorResponseImpl(503, 'Service Unavailable', { message: UNAVAILABLE_MESSAGE })
    unavailable = true
  }
  if (!unavailable) return status
  context.staticHandlerContext.statusCode = 503
  return 503
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: AppLoadContext,
) {
  responseStatusCode = answerUnavailable(routerContext, responseStatusCode)
  if (responseStatusCode === 503) responseHeaders.set('Retry-After', '5')
  if (request.method.toUpperCase() === 'HEAD') return new Response(null, { status: responseStatusCode, headers: responseHeaders })
  const nonce = loadContext.cspNonce ?? ''
  return new Promise((resolve, reject) => {
    let allReady = false
    // The whole document, then one response: no page streams deferred data (no loader returns a
    // promise), so waiting for everything costs nothing in time to first byte, and one body of
    // known length is compressed in one pass and written to the socket at once instead of as
    // ~25 chunks of 2 kB, each its own compression call and stream hop (a third of the HTTP
    // path's CPU on /community; bench/README.md, "/community over HTTP").
    let timeoutId: ReturnType<typeof setTimeout> | undefined = setTimeout(() => abort(), streamTimeout + 1000)
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          allReady = true
          const chunks: Buffer[] = []
          const body = new Writable({
            write(chunk: Buffer, _encoding, callback) {
              chunks.push(chunk)
              callback()
            },
            final(callback) {
              clearTimeout(timeoutId)
              timeoutId = undefined
              const html = Buffer.concat(chunks)
              responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
              responseHeaders.set('Content-Length', String(html.byteLength))
              resolve(new Response(html, { headers: responseHeaders, status: responseStatusCode }))
              callback()
            },
          })
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          // Errors in the shell are logged by React Router; later ones only here.
          if (allReady) console.error(error)
        },
      },
    )
  })
}
