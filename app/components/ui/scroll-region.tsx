import type { ReactNode } from 'react'

/**
 * A box that scrolls sideways when its content (usually a table) is wider than the screen. It is
 * focusable and named, so someone without a mouse can reach it and scroll it with the arrow keys.
 */
export function ScrollRegion({ label, className = '', children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className={`overflow-x-auto focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${className}`}
    >
      {children}
    </div>
  )
}
