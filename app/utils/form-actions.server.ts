// What actions share: a refused change shown on the form, and the create-or-edit form action.
import type { Submission, SubmissionResult } from '@conform-to/react'
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
  const id = formData.get('id')
  const outcome = await submitForm(formData, options.schema, (value) =>
    typeof id === 'string' && id ? options.update({ ...value, id }) : options.create(value),
  )
  if (!outcome.ok) return outcome.refusal
  return redirect(options.redirectTo)
}

export type FormOutcome<Value, Result> =
  | { ok: true; submission: Submission<Value>; value: Value; result: Result }
  /** `refusal` is the 400 answer `{ result: submission.reply() }` with the errors in place */
  | { ok: false; refusal: ReturnType<typeof data<{ result: SubmissionResult<string[]> }>> }

/**
 * Parses the form with its schema and, when it is valid, makes the change. Invalid input, or a
 * change the domain refuses (a DomainError), comes back as a 400 refusal with the messages next to
 * their fields and nothing written; any other error is a bug and reaches the error boundary. So an
 * action needs no try/catch of its own:
 *
 *   const outcome = await submitForm(formData, GrantSchema, (value) => createGrant({ ...value, actorId: user.id }))
 *   if (!outcome.ok) return outcome.refusal
 *   return redirect(`/fundraising/grants/${outcome.result.id}`)
 */
export async function submitForm<Value, Result>(
  formData: FormData,
  schema: z.ZodType<Value>,
  change: (value: Value) => Promise<Result>,
): Promise<FormOutcome<Value, Result>> {
  const submission = parseWithZod(formData, { schema })
  if (submission.status !== 'success') return { ok: false, refusal: data({ result: submission.reply() }, { status: 400 }) }
  try {
    return { ok: true, submission, value: submission.value, result: await change(submission.value) }
  } catch (error) {
    return { ok: false, refusal: data({ result: replyWithDomainError(submission, error) }, { status: 400 }) }
  }
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
