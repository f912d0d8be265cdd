import { createRequestHandler } from '@react-router/express'
import compression from 'compression'
import express from 'express'
import { existsSync, readdirSync } from 'node:fs'
import { constants as zlibConstants } from 'node:zlib'
import type { Server } from 'node:http'
import type { ServerBuild } from 'react-router'
import { expressTrustProxy, type TrustProxy } from '#app/utils/trust-proxy.ts'
import { limitRequestBodies, securityHeaders, STRICT_TRANSPORT_SECURITY } from './middleware.ts'
import { currentOutage, UNAVAILABLE_MESSAGE } from '#db/availability.server.ts'
import { projectPath } from '#app/utils/project-root.server.ts'
import { withRequestMemo } from '#app/utils/request-memo.server.ts'

const serverBuildPath = projectPath('build', 'server', 'index.js')
const clientBuildPath = projectPath('build', 'client')

export interface HttpOptions {
  port: number
  host: string
  /** serve through Vite with hot reload instead of the production build */
  dev?: boolean
  /** which proxies' X-Forwarded-For / -Proto to believe (TRUST_PROXY) */
  trustProxy?: TrustProxy
}

export { STRICT_TRANSPORT_SECURITY }

/**
 * Brotli at quality 3 with a 256 kB window instead of the package's quality 4 and 4 MB window: a
 * page is compressed by a new encoder per response, and for /community's 48 kB that costs 0.35 ms
 * of CPU instead of 0.70 ms for a body 5 % larger (9.1 against 8.6 kB; gzip at its level 6, for
 * clients without brotli, costs 0.62 ms). bench/README.md, "/community over HTTP".
 */
const COMPRESSION = {
  brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 3, [zlibConstants.BROTLI_PARAM_LGWIN]: 18 } },
}

/**
 * The Express app before any route: which proxies to believe, compression, the security
 * headers and the request-body limits. `req.ip` and `req.secure` follow the proxy rules: X-Forwarded-For and
 * X-Forwarded-Proto count only when they come from a trusted proxy.
 */
export function createBaseApp(options: Pick<HttpOptions, 'dev' | 'trustProxy'>) {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', expressTrustProxy(options.trustProxy ?? { kind: 'none' }))
  app.use(compression(COMPRESSION))
  app.use(securityHeaders({ dev: options.dev }))
  // before anything reads a body: oversized requests end here with 413
  app.use(limitRequestBodies())
  return app
}

const OUTAGE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Steward is unavailable</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #0f172a">
<p style="font-weight: 600">503</p><h1>Steward is unavailable</h1><p>${UNAVAILABLE_MESSAGE}</p>
<p><a href="">Try again</a></p></body></html>`

/**
 * While the database is unreachable (db/availability.server.ts), every request that would need it
 * gets a 503 at once — a page for people, JSON for /healthz and .json addresses — instead of
 * waiting on a connection that fails. Static files are still served.
 */
function answerDuringOutage(req: express.Request, res: express.Response, next: express.NextFunction) {
  const outage = currentOutage()
  if (!outage) return next()
  res.status(503).setHeader('Retry-After', '5')
  res.setHeader('Cache-Control', 'no-store')
  const wantsJson = req.path === '/healthz' || req.path.endsWith('.json') || req.accepts(['html', 'json']) === 'json'
  if (wantsJson) res.json({ status: 'error', database: 'error', reason: `the database is unavailable: ${outage.reason}` })
  else res.type('html').send(OUTAGE_PAGE)
}

/**
 * The files at the top of build/client (the icons, the web manifest, robots.txt; from public/),
 * looked for only at their own addresses: every other request is a page, which used to wait for
 * a file-system look-up of its path first (~0.3 ms of each /community request).
 */
function serveRootFiles(): express.RequestHandler {
  const files = new Set(
    readdirSync(clientBuildPath, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `/${entry.name}`),
  )
  const serve = express.static(clientBuildPath, { maxAge: '1h', index: false })
  return (req, res, next) => (files.has(req.path) ? serve(req, res, next) : next())
}

let serverBuild: Promise<ServerBuild> | undefined

/**
 * Imports the production build (a second of module loading); `serve` starts it before opening the
 * database so the two overlap, and startHttpServer awaits the same import.
 */
export function loadServerBuild(): Promise<ServerBuild> {
  serverBuild ??= existsSync(serverBuildPath)
    ? (import(serverBuildPath) as Promise<ServerBuild>)
    : Promise.reject(new Error('No production build found: run `npm run build` first (npm start does it for you).'))
  return serverBuild
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
    app.use('/assets', express.static(`${clientBuildPath}/assets`, { immutable: true, maxAge: '1y' }))
    app.use(serveRootFiles())
    build = await loadServerBuild()
  }

  app.use(answerDuringOutage)
  const handleRequest = createRequestHandler({
    build,
    getLoadContext: (req, res) => ({
      clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      cspNonce: res.locals.cspNonce as string | undefined,
    }),
  })
  // A page request's loaders share what they read (the signed-in user, the settings); an action's do not.
  app.all('*', (req, res, next) =>
    req.method === 'GET' || req.method === 'HEAD' ? withRequestMemo(() => handleRequest(req, res, next)) : handleRequest(req, res, next),
  )

  return new Promise((resolve, reject) => {
    const server = app.listen(options.port, options.host, () => resolve(server))
    server.once('error', reject)
  })
}
