import { useState } from 'react'
import { buttonClass } from '#app/components/ui/button.tsx'

/** Copies text to the clipboard and says so (for the publish hand-off). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  return (
    <button
      type="button"
      className={buttonClass('secondary')}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text)
          setState('copied')
        } catch {
          setState('failed')
        }
      }}
    >
      {label}
      <span aria-live="polite" className="text-xs text-slate-500">
        {state === 'copied' ? '✓ copied' : state === 'failed' ? '(select and copy by hand)' : ''}
      </span>
    </button>
  )
}
