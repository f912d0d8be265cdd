// React Router's default Node entry, plus the Content-Security-Policy nonce: the inline scripts
// React renders (and the hydration data) carry the nonce the server put in the header.
import { PassThrough } from 'node:stream'
import { createReadableStreamFromReadable } from '@react-router/node'
import { isbot } from 'isbot'
import type { RenderToPipeableStreamOptions } from 'react-dom/server'
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
    let shellRendered = false
    const userAgent = request.headers.get('user-agent')
    // Crawlers get the whole document at once; people get the shell first.
    const readyOption: keyof RenderToPipeableStreamOptions =
      (userAgent && isbot(userAgent)) || routerContext.isSpaMode ? 'onAllReady' : 'onShellReady'
    let timeoutId: ReturnType<typeof setTimeout> | undefined = setTimeout(() => abort(), streamTimeout + 1000)
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyOption]() {
          shellRendered = true
          const body = new PassThrough({
            final(callback) {
              clearTimeout(timeoutId)
              timeoutId = undefined
              callback()
            },
          })
          responseHeaders.set('Content-Type', 'text/html')
          pipe(body)
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          // Errors in the shell are logged by React Router; later ones only here.
          if (shellRendered) console.error(error)
        },
      },
    )
  })
}
