/**
 * A change the domain refuses, in words for the person who asked for it: a form shows it next to
 * its field (or above the form), the command line prints it. Anything else that goes wrong is a
 * bug and reaches the error boundary.
 */
export class DomainError extends Error {
  override name = 'DomainError'
  constructor(
    message: string,
    /** the form field the problem belongs to, when there is one */
    readonly field?: string,
  ) {
    super(message)
  }
}
