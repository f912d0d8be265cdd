// Pages with several forms get one action answer at a time: these helpers give each form the
// answer meant for it. A success answer names its intent; a refusal ({ result } with status 400)
// carries the values the form sent back, hidden intent and row ids included.
import type { SubmissionResult } from '@conform-to/react'

interface Answer {
  intent?: string
  result?: SubmissionResult<string[]>
}

/**
 * The form result of `answer` when it answers the form of `intent` (and, for a form repeated on
 * every row, the row whose hidden fields equal `row`); undefined otherwise.
 */
export function resultFor(answer: Answer | undefined, intent: string, row?: Record<string, string>) {
  const sent = answer?.result?.initialValue ?? {}
  const answered = answer?.intent ?? sent.intent
  if (answered !== intent) return undefined
  if (row && Object.entries(row).some(([name, value]) => sent[name] !== value)) return undefined
  return answer?.result
}

/** Every message of a refusal, for forms whose fields are hidden (a button with ids). */
export function errorsOf(result: SubmissionResult<string[]> | undefined): string[] {
  return Object.values(result?.error ?? {}).flatMap((messages) => messages ?? [])
}
