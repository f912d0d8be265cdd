// The words of the outbox, for the schema, the domain and the admin's e-mail page.

/**
 * queued → sending → sent; a temporary failure goes to retrying (tried again later, with backoff)
 * and back through sending; a permanent one, or the last attempt, to failed.
 */
export const EMAIL_STATES = ['queued', 'sending', 'retrying', 'sent', 'failed'] as const
export type EmailState = (typeof EMAIL_STATES)[number]

export const EMAIL_STATE_LABELS: Record<EmailState, string> = {
  queued: 'Queued',
  sending: 'Sending',
  retrying: 'Will retry',
  sent: 'Sent',
  failed: 'Failed',
}

export const EMAIL_KINDS = ['test', 'password-reset', 'invitation', 'notification', 'digest'] as const
export type EmailKind = (typeof EMAIL_KINDS)[number]

export const EMAIL_KIND_LABELS: Record<EmailKind, string> = {
  test: 'Test',
  'password-reset': 'Password reset',
  invitation: 'Invitation',
  notification: 'Notification',
  digest: 'Weekly digest',
}
