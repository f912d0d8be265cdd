import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from 'react-router'
import type { Route } from './+types/root'
import './app.css'
import { AppShell } from './components/app-shell.tsx'
import { GeneralErrorBoundary } from './components/error-boundary.tsx'
import { countUnreadNotificationsOfSession } from './domain/notifications/inbox.server.ts'
import { getOrganisationSettings } from './domain/settings/settings.server.ts'
import { viewerTimeZone } from './utils/format.ts'
import { useNonce } from './utils/nonce.tsx'
import { getUser, readSessionToken } from './utils/session.server.ts'

export async function loader({ request }: Route.LoaderArgs) {
  // the bell's count beside the session lookup, not after it: one round trip for the three
  const [user, organisation, unread] = await Promise.all([
    getUser(request),
    getOrganisationSettings(),
    readSessionToken(request).then((token) => (token ? countUnreadNotificationsOfSession(token) : 0)),
  ])
  return {
    user: user ? { id: user.id, name: user.name, roles: user.roles } : null,
    projectName: organisation.projectName,
    /** the zone this person reads dates in (useDates) */
    timeZone: viewerTimeZone(user, organisation.timeZone),
    unreadNotifications: user ? unread : 0,
  }
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const error = useRouteError()
  const nonce = useNonce()
  // A 401/403/404 inside the app keeps the navigation; the sign-in and setup pages stand alone.
  const withShell = data?.user && (!error || isRouteErrorResponse(error))
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Here rather than in `meta`: a route's own meta replaces its parents'. */}
        <meta name="theme-color" content="#1f5bbf" />
        <Meta />
        <Links />
        {/* zod probes `new Function` when its schemas are built unless told not to, and the probe
            alone counts as a violation of our Content-Security-Policy (no 'unsafe-eval'). This runs
            before the module scripts load zod. */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: 'globalThis.__zod_globalConfig = { jitless: true }' }} />
      </head>
      <body>
        {withShell ? (
          <AppShell user={data.user!} projectName={data.projectName} unreadNotifications={data.unreadNotifications}>
            {children}
          </AppShell>
        ) : (
          <main id="main">{children}</main>
        )}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export const meta: Route.MetaFunction = () => [{ title: 'Steward' }]

// The files in public/ (drawn by bin/make-icons.ts), served without sign-in.
export const links: Route.LinksFunction = () => [
  { rel: 'icon', href: '/favicon.ico', sizes: '32x32' },
  { rel: 'icon', href: '/icon.svg', type: 'image/svg+xml' },
  { rel: 'apple-touch-icon', href: '/apple-touch-icon.png' },
  { rel: 'manifest', href: '/manifest.webmanifest' },
]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
