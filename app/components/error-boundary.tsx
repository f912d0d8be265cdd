import { isRouteErrorResponse, Link, useRouteError } from 'react-router'

function messageFrom(data: unknown): string | undefined {
  if (typeof data === 'string') return data
  if (data && typeof data === 'object' && 'message' in data && typeof data.message === 'string') return data.message
  return undefined
}

const TITLES: Record<number, string> = {
  400: 'That request could not be understood',
  403: 'You do not have access to this page',
  404: 'Page not found',
  409: 'That conflicts with the current state',
  503: 'Steward is unavailable',
}

/** The one error view every route shares: a clear title, the reason, a way back. */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  let status = 500
  let title = 'Something went wrong'
  let detail = 'The error was logged. Try again, and tell your admin if it keeps happening.'
  if (isRouteErrorResponse(error)) {
    status = error.status
    title = TITLES[status] ?? `Error ${status}`
    detail =
      messageFrom(error.data) ??
      (status === 404 ? 'There is nothing at this address. Check the link, or start from This week.' : error.statusText || detail)
  } else if (import.meta.env.DEV && error instanceof Error) {
    detail = error.message
  }
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-brand-600">{status}</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">{title}</h1>
      <p className="mt-3 text-slate-600">{detail}</p>
      <Link to="/" className="mt-6 inline-block text-sm font-medium text-brand-600 underline">
        Back to This week
      </Link>
    </div>
  )
}
