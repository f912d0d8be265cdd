import { DomainError } from '#app/domain/accounts/users.server.ts'

/** Turns a DomainError into a form reply: next to its field when it has one, else above the form. */
export function replyWithDomainError<R>(
  submission: { reply: (options: { fieldErrors?: Record<string, string[]>; formErrors?: string[] }) => R },
  error: unknown,
): R {
  if (!(error instanceof DomainError)) throw error
  return error.field
    ? submission.reply({ fieldErrors: { [error.field]: [error.message] } })
    : submission.reply({ formErrors: [error.message] })
}
