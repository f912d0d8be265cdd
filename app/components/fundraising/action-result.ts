// Pages with several forms get one action answer at a time: these helpers give each form the
// answer meant for it. A success answer names its intent (and the row, when its reply resets the
// form and so sends no values back); a refusal ({ result } with status 400) carries the values the
// form sent, hidden intent and row ids included.
import type { SubmissionResult } from '@conform-to/react'

interface Answer {
  intent?: string
  result?: SubmissionResult<string[]>
}

const valueOf = (answer: Answer, sent: Record<string, unknown>, name: string) =>
  sent[name] ?? (answer as unknown as Record<string, unknown>)[name]

/**
 * The form result of `answer` when it answers the form of `intent` (and, for a form repeated on
 * every row, the row whose hidden fields equal `row`); undefined otherwise.
 */
export function resultFor(answer: Answer | undefined, intent: string, row?: Record<string, string>) {
  if (!answer) return undefined
  const sent = answer.result?.initialValue ?? {}
  if (valueOf(answer, sent, 'intent') !== intent) return undefined
  if (row && Object.entries(row).some(([name, value]) => valueOf(answer, sent, name) !== value)) return undefined
  return answer.result
}

/** Every message of a refusal, for forms whose fields are hidden (a button with ids). */
export function errorsOf(result: SubmissionResult<string[]> | undefined): string[] {
  return Object.values(result?.error ?? {}).flatMap((messages) => messages ?? [])
}
