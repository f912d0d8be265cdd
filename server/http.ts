import { createRequestHandler } from '@react-router/express'
import compression from 'compression'
import express from 'express'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import type { Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import type { ServerBuild } from 'react-router'
import { expressTrustProxy, type TrustProxy } from '#app/utils/trust-proxy.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const serverBuildPath = `${root}build/server/index.js`
const clientBuildPath = `${root}build/client`

export interface HttpOptions {
  port: number
  host: string
  /** serve through Vite with hot reload instead of the production build */
  dev?: boolean
  /** which proxies' X-Forwarded-For / -Proto to believe (TRUST_PROXY) */
  trustProxy?: TrustProxy
}

/** HSTS once a request arrived over HTTPS: a year, this host only (a proxy may serve other names over HTTP). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000'

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

/**
 * The Express app before any route: which proxies to believe, compression and the security
 * headers. `req.ip` and `req.secure` follow the proxy rules: X-Forwarded-For and
 * X-Forwarded-Proto count only when they come from a trusted proxy.
 */
export function createBaseApp(options: Pick<HttpOptions, 'dev' | 'trustProxy'>) {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', expressTrustProxy(options.trustProxy ?? { kind: 'none' }))
  app.use(compression())
  app.use((req, res, next) => {
    // Over HTTPS (directly, or as a trusted proxy says), browsers should never come back over HTTP.
    if (req.secure) res.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Referrer-Policy', 'same-origin')
    // Vite's development server injects scripts of its own: the policy applies to the build.
    if (!options.dev) {
      const nonce = randomBytes(16).toString('base64')
      res.locals.cspNonce = nonce
      res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce))
    }
    next()
  })
  return app
}

/** The HTTP server: static assets, then every request through React Router. */
export async function startHttpServer(options: HttpOptions): Promise<Server> {
  const app = createBaseApp(options)

  let build: ServerBuild | (() => Promise<ServerBuild>)
  if (options.dev) {
    const vite = await import('vite')
    const devServer = await vite.createServer({ server: { middlewareMode: true } })
    app.use(devServer.middlewares)
    build = () => devServer.ssrLoadModule('virtual:react-router/server-build') as Promise<ServerBuild>
  } else {
    if (!existsSync(serverBuildPath)) throw new Error('No production build found: run `npm run build` first (npm start does it for you).')
    app.use('/assets', express.static(`${clientBuildPath}/assets`, { immutable: true, maxAge: '1y' }))
    app.use(express.static(clientBuildPath, { maxAge: '1h', index: false }))
    build = (await import(serverBuildPath)) as ServerBuild
  }

  app.all(
    '*',
    createRequestHandler({
      build,
      getLoadContext: (req, res) => ({
        clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
        cspNonce: res.locals.cspNonce as string | undefined,
      }),
    }),
  )

  return new Promise((resolve, reject) => {
    const server = app.listen(options.port, options.host, () => resolve(server))
    server.once('error', reject)
  })
}
