import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from 'react-router'
import type { Route } from './+types/root'
import './app.css'
import { AppShell } from './components/app-shell.tsx'
import { GeneralErrorBoundary } from './components/error-boundary.tsx'
import { getOrganisationSettings } from './domain/settings/settings.server.ts'
import { useNonce } from './utils/nonce.tsx'
import { getUser } from './utils/session.server.ts'

export async function loader({ request }: Route.LoaderArgs) {
  const [user, organisation] = await Promise.all([getUser(request), getOrganisationSettings()])
  return {
    user: user ? { id: user.id, name: user.name, roles: user.roles } : null,
    projectName: organisation.projectName,
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
        <Meta />
        <Links />
        {/* zod probes `new Function` when its schemas are built unless told not to, and the probe
            alone counts as a violation of our Content-Security-Policy (no 'unsafe-eval'). This runs
            before the module scripts load zod. */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: 'globalThis.__zod_globalConfig = { jitless: true }' }} />
      </head>
      <body>
        {withShell ? (
          <AppShell user={data.user!} projectName={data.projectName}>
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
