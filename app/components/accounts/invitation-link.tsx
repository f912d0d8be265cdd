import { Card } from '#app/components/ui/card.tsx'

/**
 * A one-time link to choose a password, shown once in the answer to the form that made it: it
 * never travels in an address (history, logs, Referer), and only its hash is stored.
 */
export function InvitationLinkCard({ name, link, emailed }: { name: string; link: string; emailed: boolean }) {
  return (
    <Card title="Invitation link">
      <p className="text-sm text-slate-600">
        {emailed ? `We e-mailed this link to ${name}; you can also pass it on yourself.` : `Send this link to ${name}.`} It works once and
        expires in 7 days; it is not shown again.
      </p>
      <label htmlFor="invitation-link" className="mt-3 block text-sm font-medium">
        Link
      </label>
      <input
        id="invitation-link"
        readOnly
        value={link}
        className="mt-1 w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs"
        onFocus={(e) => e.currentTarget.select()}
      />
    </Card>
  )
}
