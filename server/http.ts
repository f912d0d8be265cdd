import { createRequestHandler } from '@react-router/express'
import compression from 'compression'
import express from 'express'
import { existsSync } from 'node:fs'
import type { Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import type { ServerBuild } from 'react-router'
import { expressTrustProxy, type TrustProxy } from '#app/utils/trust-proxy.ts'
import { limitRequestBodies, securityHeaders, STRICT_TRANSPORT_SECURITY } from './middleware.ts'

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

export { STRICT_TRANSPORT_SECURITY }

/**
 * The Express app before any route: which proxies to believe, compression, the security
 * headers and the request-body limits. `req.ip` and `req.secure` follow the proxy rules: X-Forwarded-For and
 * X-Forwarded-Proto count only when they come from a trusted proxy.
 */
export function createBaseApp(options: Pick<HttpOptions, 'dev' | 'trustProxy'>) {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', expressTrustProxy(options.trustProxy ?? { kind: 'none' }))
  app.use(compression())
  app.use(securityHeaders({ dev: options.dev }))
  // before anything reads a body: oversized requests end here with 413
  app.use(limitRequestBodies())
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
