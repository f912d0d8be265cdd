// What actions share: a refused change shown on the form, and the create-or-edit form action.
import type { Submission, SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect } from 'react-router'
import { z } from 'zod'
import { DomainError } from '#app/domain/errors.ts'
import { parseIdField } from './params.ts'

/**
 * Validates the form, then updates the record its `id` field names or creates one, and goes back
 * to `redirectTo`. Invalid input, or a change the domain refuses (a DomainError), comes back as the
 * form's errors with a 400, and nothing is written.
 */
export async function saveCreateOrEditForm<T extends object, Answer extends object = NoAnswer>(
  formData: FormData,
  options: {
    schema: z.ZodType<T>
    create: (value: T) => Promise<unknown>
    update: (value: T & { id: string }) => Promise<unknown>
    redirectTo: string
    /** more for the page in a refusal, as with submitForm */
    answer?: Answer
  },
) {
  const raw = formData.get('id')
  // an id that is not one is a tampered form: 400 before the database sees it
  const id = raw ? parseIdField(raw, 'record') : null
  const outcome = await submitForm(formData, options.schema, (value) => (id ? options.update({ ...value, id }) : options.create(value)), {
    answer: options.answer,
  })
  if (!outcome.ok) return outcome.refusal
  return redirect(options.redirectTo)
}

/** The schema of a form that is only its button: the intent says it all. */
export const NoFieldsSchema = z.object({})

/** The 400 answer to a refused form: `{ result: submission.reply() }` with the errors in place, plus what the page asked for. */
export type FormRefusal<Answer extends object = NoAnswer> = ReturnType<typeof data<Answer & { result: SubmissionResult<string[]> }>>
type NoAnswer = Record<never, never>

export type FormOutcome<Value, Result, Answer extends object = NoAnswer> =
  { ok: true; submission: Extract<Submission<Value>, { status: 'success' }>; result: Result } | { ok: false; refusal: FormRefusal<Answer> }

export interface SubmitFormOptions<Answer extends object> {
  /** fields never sent back to the browser, such as passwords */
  hideFields?: string[]
  /** more for the page in the refusal, e.g. which of its forms was sent: `{ form: 'publish' }` */
  answer?: Answer
}

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
export async function submitForm<Value, Result, Answer extends object = NoAnswer>(
  formData: FormData,
  schema: z.ZodType<Value>,
  change: (value: Value) => Promise<Result>,
  options: SubmitFormOptions<Answer> = {},
): Promise<FormOutcome<Value, Result, Answer>> {
  const { hideFields, answer = {} as Answer } = options
  const refuse = (result: SubmissionResult<string[]>) => ({ ok: false as const, refusal: data({ ...answer, result }, { status: 400 }) })
  const submission = parseWithZod(formData, { schema })
  if (submission.status !== 'success') return refuse(submission.reply({ hideFields }))
  try {
    return { ok: true, submission, result: await change(submission.value) }
  } catch (error) {
    return refuse(replyWithDomainError(submission, error, { hideFields }))
  }
}

/** Turns a DomainError into a form reply: next to its field when it has one, else above the form. Anything else is rethrown. */
export function replyWithDomainError<R>(
  submission: {
    reply: (options: { fieldErrors?: Record<string, string[]>; formErrors?: string[]; hideFields?: string[] }) => R
  },
  error: unknown,
  options: { hideFields?: string[] } = {},
): R {
  if (!(error instanceof DomainError)) throw error
  return error.field
    ? submission.reply({ fieldErrors: { [error.field]: [error.message] }, hideFields: options.hideFields })
    : submission.reply({ formErrors: [error.message], hideFields: options.hideFields })
}
