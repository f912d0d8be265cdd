// A repository's name, both ways: OWNER/NAME read from what a person types, and written from a
// repository. Browser-safe. Form schemas in schemas.ts; database access in repositories.server.ts.

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

/** The repository as people and GitHub write it: OWNER/NAME. */
export function fullName(repository: { owner: string; name: string }) {
  return `${repository.owner}/${repository.name}`
}

/** GitHub logins: one per line (or separated by commas or spaces), an optional leading @. */
export function parseLogins(text: string): string[] {
  const logins = text
    .split(/[\s,]+/)
    .map((l) => l.trim().replace(/^@/, ''))
    .filter(Boolean)
  return [...new Map(logins.map((l) => [l.toLowerCase(), l])).values()]
}
