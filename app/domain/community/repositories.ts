import { z } from 'zod'

// GitHub's rules: owners are letters, digits and single hyphens (≤ 39); names letters, digits, . _ - (≤ 100).
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/
const NAME = /^[A-Za-z0-9._-]{1,100}$/

/** "OWNER/NAME", also accepted as a github.com URL. */
export function parseRepositoryName(input: string): { owner: string; name: string } | null {
  const trimmed = input
    .trim()
    .replace(/^https?:\/\/(www\.)?github\.com\//i, '')
    .replace(/\.git$/i, '')
    .replace(/\/+$/, '')
  const [owner, name, ...rest] = trimmed.split('/')
  if (rest.length > 0 || !owner || !name || !OWNER.test(owner) || !NAME.test(name) || name === '.' || name === '..') return null
  return { owner, name }
}

export const RepositoryNameSchema = z
  .string({ message: 'Give the repository as OWNER/NAME' })
  .trim()
  .min(1, 'Give the repository as OWNER/NAME')
  .transform((value, ctx) => {
    const parsed = parseRepositoryName(value)
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: 'Give the repository as OWNER/NAME, for example pybamm-team/PyBaMM' })
      return z.NEVER
    }
    return parsed
  })

export const AddRepositorySchema = z.object({ intent: z.literal('add'), repository: RepositoryNameSchema })

/** GitHub logins: one per line (or separated by commas or spaces), an optional leading @. */
export function parseLogins(text: string): string[] {
  const logins = text
    .split(/[\s,]+/)
    .map((l) => l.trim().replace(/^@/, ''))
    .filter(Boolean)
  return [...new Map(logins.map((l) => [l.toLowerCase(), l])).values()]
}

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(\[bot\])?$/

export const MaintainersSchema = z.object({
  intent: z.literal('maintainers'),
  maintainers: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const logins = parseLogins(value ?? '')
      const bad = logins.filter((l) => !LOGIN.test(l))
      if (bad.length) {
        ctx.addIssue({ code: 'custom', message: `Not a GitHub login: ${bad.join(', ')}` })
        return z.NEVER
      }
      return logins
    }),
})
