import { type ReactNode, useState } from 'react'
import { Form, NavLink } from 'react-router'
import { hasRole } from '#app/domain/accounts/permissions.ts'
import type { Role } from '#app/domain/accounts/vocabulary.ts'

export interface NavItem {
  to: string
  label: string
  /** omitted: every signed-in user */
  roles?: Role[]
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'This week' },
  { to: '/communications', label: 'Communications' },
  { to: '/community', label: 'Community' },
  { to: '/fundraising', label: 'Fundraising' },
  { to: '/reports', label: 'Reports' },
  { to: '/settings', label: 'Settings' },
  { to: '/audit', label: 'Audit log', roles: ['admin'] },
]

export function visibleNavItems(roles: readonly Role[]) {
  return NAV_ITEMS.filter((item) => !item.roles || hasRole({ roles }, ...item.roles))
}

export function AppShell({
  user,
  projectName,
  unreadNotifications = 0,
  children,
}: {
  user: { name: string; roles: Role[] }
  projectName: string
  /** the bell's count: open notifications not read yet */
  unreadNotifications?: number
  children: ReactNode
}) {
  const [open, setOpen] = useState(false)
  const items = visibleNavItems(user.roles)
  const linkClass = ({ isActive }: { isActive: boolean }) =>
    `block rounded-md px-3 py-2 text-sm font-medium ${isActive ? 'bg-brand-50 text-brand-700' : 'text-slate-700 hover:bg-slate-100'}`
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center justify-between gap-4 px-4 py-3">
          <div className="flex items-center gap-3">
            <button
              type="button"
              className="rounded-md p-2 text-slate-700 hover:bg-slate-100 md:hidden"
              aria-expanded={open}
              aria-controls="main-nav"
              onClick={() => setOpen((v) => !v)}
            >
              <span className="sr-only">Menu</span>
              <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="currentColor">
                <path d="M3 5h14v2H3zM3 9h14v2H3zM3 13h14v2H3z" />
              </svg>
            </button>
            <span className="font-semibold text-slate-900">
              Steward <span className="font-normal text-slate-500">· {projectName}</span>
            </span>
          </div>
          <div className="flex items-center gap-3 text-sm">
            <NotificationBell unread={unreadNotifications} />
            <span className="hidden text-slate-600 sm:inline">{user.name}</span>
            <Form method="post" action="/logout">
              <button type="submit" className="rounded-md px-2 py-1 text-slate-700 underline hover:bg-slate-100">
                Sign out
              </button>
            </Form>
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-7xl gap-6 px-4 py-6">
        <nav id="main-nav" aria-label="Main" className={`${open ? 'block' : 'hidden'} w-48 shrink-0 md:block`}>
          <ul className="space-y-1">
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === '/'} className={linkClass} onClick={() => setOpen(false)}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" className="min-w-0 flex-1">
          {children}
        </main>
      </div>
    </div>
  )
}

/** The bell in the header: a link to /notifications with the number of unread ones. */
export function NotificationBell({ unread }: { unread: number }) {
  const label = unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`
  return (
    <NavLink
      to="/notifications"
      aria-label={label}
      title={label}
      className={({ isActive }) =>
        `relative inline-flex items-center rounded-md p-2 text-slate-700 hover:bg-slate-100 ${isActive ? 'bg-brand-50 text-brand-700' : ''}`
      }
    >
      <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="currentColor">
        <path d="M10 2a5 5 0 0 0-5 5v2.6L3.3 13a1 1 0 0 0 .9 1.5h11.6a1 1 0 0 0 .9-1.5L15 9.6V7a5 5 0 0 0-5-5Zm0 16a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 10 18Z" />
      </svg>
      {unread > 0 ? (
        <span
          aria-hidden="true"
          data-testid="unread-count"
          className="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-700 px-1.5 text-center text-xs font-semibold leading-5 text-white"
        >
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </NavLink>
  )
}
