// The data the GitHub fake serves: a realistic community dataset, generated deterministically (a
// seeded PRNG): repositories with issues, pull requests, discussions and a default branch's history
// taken from the commit-activity fixture (tests/fixtures/pybamm-commit-activity.tsv, PyBaMM's real
// shape) when asked. The fake owns it and imports nothing from the application; the benchmarks
// also write it straight into the database (bench/sample-community-data.ts).
import { readFileSync } from 'node:fs'

export interface FakeComment {
  id: string
  createdAt: string
  author: string | null
}

/**
 * A pull-request review. `createdAt` is when the reviewer started it; GitHub sets `submittedAt`
 * when it is submitted (null while PENDING, and a pending review is shown to its author only).
 */
export interface FakeReview extends FakeComment {
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING'
  /** defaults to `createdAt` for a submitted review */
  submittedAt?: string | null
}

export type FakeItemKind = 'issue' | 'pull_request' | 'discussion'

export interface FakeItem {
  kind: FakeItemKind
  id: string
  number: number
  title: string
  createdAt: string
  updatedAt: string
  closedAt: string | null
  author: string | null
  authorAssociation: string
  labels: string[]
  comments: FakeComment[]
  /** pull requests */
  mergedAt?: string | null
  mergedBy?: string | null
  reviews?: FakeReview[]
  /** discussions */
  category?: { name: string; isAnswerable: boolean }
  answerId?: string | null
  answerChosenAt?: string | null
}

export interface FakeCommit {
  oid: string
  authoredDate: string
  committedDate: string
  authorName: string
  authorLogin: string | null
  parents: number
}

export interface FakeRepository {
  id: string
  owner: string
  name: string
  defaultBranch: string
  hasDiscussions: boolean
  stars: number
  forks: number
  watchers: number
  items: Record<FakeItemKind, FakeItem[]>
  /** newest first by committedDate */
  commits: FakeCommit[]
}

export interface FakeDataset {
  repositories: FakeRepository[]
  /** logins of GitHub `Bot` actors */
  bots: Set<string>
}

/** GitHub prints times without milliseconds. */
export function isoSeconds(ms: number) {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/** mulberry32, a small seeded PRNG; the application's copy is db/seed/random.ts (a fake imports nothing from the app). */
function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface TsvCommit {
  sha: string
  authoredAt: string
  author: string
  isBot: boolean
  isMerge: boolean
  prNumber: number | null
}

export const COMMIT_ACTIVITY_FIXTURE = new URL('../../fixtures/pybamm-commit-activity.tsv', import.meta.url)

/** Reads the commit-activity fixture (oldest first). */
export function readCommitActivity(path: string | URL = COMMIT_ACTIVITY_FIXTURE): TsvCommit[] {
  const rows: TsvCommit[] = []
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line || line.startsWith('#') || line.startsWith('sha\t')) continue
    const [sha, authoredAt, author, isBot, isMerge, prNumber] = line.split('\t')
    rows.push({ sha, authoredAt, author, isBot: isBot === '1', isMerge: isMerge === '1', prNumber: prNumber ? Number(prNumber) : null })
  }
  return rows
}

/** The fixture's pseudonymous author names, as GitHub would show them: bots end in `[bot]`. */
export function commitAuthorName(row: TsvCommit) {
  return row.isBot ? `${row.author}[bot]` : row.author
}

export interface GenerateOptions {
  owner?: string
  name?: string
  seed?: number
  issues?: number
  pullRequests?: number
  discussions?: number
  /** commits: a number of generated ones, or 'fixture' for the 16k-commit history */
  commits?: number | 'fixture'
  /** the commit-activity TSV to read when commits is 'fixture' */
  commitTsvPath?: string | URL
  /** shift the fixture's history so its last commit falls at `end` (demo data relative to today) */
  alignCommitsToEnd?: boolean
  /** items are created between these times (default: the last two years before `end`) */
  start?: Date
  end?: Date
}

const ASSOCIATIONS_OF_OUTSIDERS = ['NONE', 'CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR'] as const
const LABELS = ['bug', 'feature', 'docs', 'question', 'good first issue', 'priority: high']
const CATEGORIES = [
  { name: 'Q&A', isAnswerable: true },
  { name: 'Ideas', isAnswerable: false },
  { name: 'General', isAnswerable: false },
  { name: 'Show and tell', isAnswerable: false },
]

/**
 * A repository shaped like PyBaMM's: a few maintainers answer most threads within hours or days,
 * some threads wait, bots comment and open pull requests.
 */
export function generateRepository(options: GenerateOptions = {}): { repository: FakeRepository; bots: string[]; maintainers: string[] } {
  const random = mulberry32(options.seed ?? 42)
  const owner = options.owner ?? 'pybamm-team'
  const name = options.name ?? 'PyBaMM'
  const end = (options.end ?? new Date('2026-08-20T16:00:00Z')).getTime()
  const start = (options.start ?? new Date(end - 2 * 365 * 86_400_000)).getTime()
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]
  const maintainers = ['maintainer-a', 'maintainer-b', 'maintainer-c', 'maintainer-d']
  const bots = ['dependabot', 'pre-commit-ci', 'github-actions']
  const regulars = Array.from({ length: 60 }, (_, i) => `contributor-${String(i + 1).padStart(3, '0')}`)
  let newcomer = 0
  const someone = () => (random() < 0.35 ? `newcomer-${++newcomer}` : pick(regulars))
  let nodeSeq = 0
  const nodeId = (prefix: string) => `${prefix}_${owner}_${name}_${(++nodeSeq).toString(36)}`

  const repository: FakeRepository = {
    id: `R_${owner}_${name}`,
    owner,
    name,
    defaultBranch: 'develop',
    hasDiscussions: true,
    stars: 1100 + Math.floor(random() * 200),
    forks: 500 + Math.floor(random() * 100),
    watchers: 30 + Math.floor(random() * 10),
    items: { issue: [], pull_request: [], discussion: [] },
    commits: [],
  }

  const counts: Record<FakeItemKind, number> = {
    issue: options.issues ?? 300,
    pull_request: options.pullRequests ?? 300,
    discussion: options.discussions ?? 100,
  }
  const all: Array<{ kind: FakeItemKind; createdAt: number }> = []
  for (const kind of ['issue', 'pull_request', 'discussion'] as const) {
    for (let i = 0; i < counts[kind]; i++) all.push({ kind, createdAt: start + random() * (end - start) })
  }
  all.sort((a, b) => a.createdAt - b.createdAt)

  let number = 0
  for (const { kind, createdAt } of all) {
    number += 1
    const isBotPr = kind === 'pull_request' && random() < 0.15
    const byMaintainer = !isBotPr && random() < 0.2
    const author = isBotPr ? pick(bots) : byMaintainer ? pick(maintainers) : random() < 0.02 ? null : someone()
    const authorAssociation = isBotPr
      ? 'NONE'
      : byMaintainer
        ? pick(['OWNER', 'MEMBER', 'COLLABORATOR'] as const)
        : pick(ASSOCIATIONS_OF_OUTSIDERS)
    const comments: FakeComment[] = []
    let t = createdAt
    const cap = Math.min(end, createdAt + 90 * 86_400_000)
    // Sometimes a bot or the author speaks first.
    if (random() < 0.2) comments.push({ id: nodeId('IC'), createdAt: isoSeconds((t += 60_000 + random() * 600_000)), author: pick(bots) })
    if (random() < 0.15) comments.push({ id: nodeId('IC'), createdAt: isoSeconds((t += random() * 86_400_000)), author })
    // Most threads get an answer, after hours to weeks; some are still waiting.
    const waiting = random() < 0.12
    if (!waiting) {
      const delay = random() < 0.6 ? random() * 48 * 3_600_000 : random() * 30 * 86_400_000
      const at = t + delay
      if (at < cap) {
        t = at
        comments.push({ id: nodeId('IC'), createdAt: isoSeconds(t), author: random() < 0.7 ? pick(maintainers) : someone() })
        const more = Math.floor(random() * (random() < 0.05 ? 30 : 5))
        for (let j = 0; j < more; j++) {
          const next = t + random() * 5 * 86_400_000
          if (next >= cap) break
          t = next
          comments.push({
            id: nodeId('IC'),
            createdAt: isoSeconds(t),
            author: random() < 0.5 ? author : random() < 0.5 ? pick(maintainers) : someone(),
          })
        }
      }
    }
    const item: FakeItem = {
      kind,
      id: nodeId(kind === 'issue' ? 'I' : kind === 'pull_request' ? 'PR' : 'D'),
      number,
      title: `${kind === 'issue' ? 'Issue' : kind === 'pull_request' ? 'Pull request' : 'Discussion'} ${number}`,
      createdAt: isoSeconds(createdAt),
      updatedAt: isoSeconds(t),
      closedAt: null,
      author,
      authorAssociation,
      labels: kind === 'discussion' ? [] : LABELS.filter(() => random() < 0.15),
      comments,
    }
    const closes = !waiting && random() < 0.75
    // Times never pile up at `end` (ties there would be unrealistic): what would happen later has not happened.
    const closing = closes ? t + random() * 10 * 86_400_000 : null
    const closedAt = closing !== null && closing < end ? closing : null
    if (kind === 'pull_request') {
      item.reviews = []
      if (!waiting && random() < 0.7) {
        const reviewAt = createdAt + random() * 72 * 3_600_000
        if (reviewAt < end) {
          item.reviews.push({
            id: nodeId('PRR'),
            createdAt: isoSeconds(reviewAt),
            author: pick(maintainers),
            state: pick(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED'] as const),
          })
          t = Math.max(t, reviewAt)
        }
      }
      const merged = closedAt !== null && random() < 0.8
      item.mergedAt = merged ? isoSeconds(closedAt) : null
      item.mergedBy = merged ? pick(maintainers) : null
    }
    if (kind === 'discussion') {
      item.category = pick(CATEGORIES)
      item.labels = []
      const answer = item.category.isAnswerable
        ? comments.find((c) => c.author !== author && c.author && !bots.includes(c.author))
        : undefined
      const chosen = answer && random() < 0.6 ? Date.parse(answer.createdAt) + random() * 3 * 86_400_000 : null
      if (answer && chosen !== null && chosen < end) {
        item.answerId = answer.id
        item.answerChosenAt = isoSeconds(chosen)
        t = Math.max(t, chosen)
      }
    }
    if (closedAt !== null) {
      item.closedAt = isoSeconds(closedAt)
      t = Math.max(t, closedAt)
    }
    item.updatedAt = isoSeconds(Math.min(end, Math.max(t, Date.parse(item.updatedAt))))
    repository.items[kind].push(item)
  }

  if (options.commits === 'fixture') {
    let rows = readCommitActivity(options.commitTsvPath)
    if (options.alignCommitsToEnd && rows.length > 0) {
      const shift = end - Math.max(...rows.map((r) => Date.parse(r.authoredAt)))
      rows = rows.map((r) => ({ ...r, authoredAt: isoSeconds(Date.parse(r.authoredAt) + shift) }))
    }
    repository.commits = commitsFromFixture(rows, random)
  } else {
    const n = options.commits ?? 300
    const rows: TsvCommit[] = []
    for (let i = 0; i < n; i++) {
      const at = start + ((end - start) * (i + random())) / n
      const bot = random() < 0.1
      rows.push({
        sha: hexSha(random),
        authoredAt: isoSeconds(at),
        author: bot ? pick(['bot-030', 'bot-064']) : random() < 0.5 ? pick(maintainers) : pick(regulars),
        isBot: bot,
        isMerge: random() < 0.1,
        prNumber: null,
      })
    }
    repository.commits = commitsFromFixture(rows, random)
  }
  return { repository, bots, maintainers }
}

function hexSha(random: () => number) {
  let s = ''
  for (let i = 0; i < 40; i++) s += Math.floor(random() * 16).toString(16)
  return s
}

/** Commit rows as GitHub shows them: most people's commits linked to a login, bots and some people not. */
export function commitsFromFixture(rows: TsvCommit[], random: () => number = mulberry32(7)): FakeCommit[] {
  const linked = new Map<string, boolean>()
  const commits = rows.map((row) => {
    if (!linked.has(row.author)) linked.set(row.author, !row.isBot && random() < 0.8)
    const date = isoSeconds(Date.parse(row.authoredAt))
    return {
      oid: row.sha,
      authoredDate: date,
      committedDate: date,
      authorName: commitAuthorName(row),
      authorLogin: linked.get(row.author) ? row.author : null,
      parents: row.isMerge ? 2 : 1,
    }
  })
  return commits.sort((a, b) =>
    a.committedDate === b.committedDate ? (a.oid < b.oid ? 1 : -1) : a.committedDate < b.committedDate ? 1 : -1,
  )
}

/** One repository generated with `generateRepository`, wrapped as a dataset. */
export function generateDataset(options: GenerateOptions = {}): FakeDataset & { maintainers: string[] } {
  const { repository, bots, maintainers } = generateRepository(options)
  return { repositories: [repository], bots: new Set(bots), maintainers }
}
