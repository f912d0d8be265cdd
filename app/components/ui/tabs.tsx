import { NavLink } from 'react-router'

export interface Tab {
  to: string
  label: string
  /** active only on exactly this path (an area's overview), not on the pages below it */
  end?: boolean
}

/** An area's sub-navigation: a row of links, the current page underlined. */
export function TabNav({ label, tabs }: { label: string; tabs: readonly Tab[] }) {
  return (
    <nav aria-label={label} className="mb-6 flex flex-wrap gap-1 border-b border-slate-200">
      {tabs.map((tab) => (
        <NavLink
          key={tab.to}
          to={tab.to}
          end={tab.end}
          className={({ isActive }) =>
            `-mb-px border-b-2 px-3 py-2 text-sm font-medium ${isActive ? 'border-brand-600 text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`
          }
        >
          {tab.label}
        </NavLink>
      ))}
    </nav>
  )
}
