// What actions share: a refused change shown on the form, and the create-or-edit form action.
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect } from 'react-router'
import type { z } from 'zod'
import { DomainError } from '#app/domain/errors.ts'

/**
 * Validates the form, then updates the record its `id` field names or creates one, and goes back
 * to `redirectTo`. Invalid input, or a change the domain refuses (a DomainError), comes back as the
 * form's errors with a 400, and nothing is written.
 */
export async function saveCreateOrEditForm<T extends object>(
  formData: FormData,
  options: {
    schema: z.ZodType<T>
    create: (value: T) => Promise<unknown>
    update: (value: T & { id: string }) => Promise<unknown>
    redirectTo: string
  },
) {
  const submission = parseWithZod(formData, { schema: options.schema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  try {
    const id = formData.get('id')
    if (typeof id === 'string' && id) await options.update({ ...submission.value, id })
    else await options.create(submission.value)
  } catch (error) {
    return data({ result: replyWithDomainError(submission, error) }, { status: 400 })
  }
  return redirect(options.redirectTo)
}

/** Turns a DomainError into a form reply: next to its field when it has one, else above the form. Anything else is rethrown. */
export function replyWithDomainError<R>(
  submission: { reply: (options: { fieldErrors?: Record<string, string[]>; formErrors?: string[] }) => R },
  error: unknown,
): R {
  if (!(error instanceof DomainError)) throw error
  return error.field
    ? submission.reply({ fieldErrors: { [error.field]: [error.message] } })
    : submission.reply({ formErrors: [error.message] })
}
