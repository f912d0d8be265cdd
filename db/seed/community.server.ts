// Demo data for the community area: pybamm-team/PyBaMM with two years of real-shaped commits
// (data/pybamm-commits-2y.tsv, a slice of PyBaMM's pseudonymised history, moved so that it
// ends just before "now"), issues, pull requests and discussions with first responses (most
// answered within a day, some waiting, a few over the target), daily star snapshots, and a
// Google Summer of Code cohort plus an Outreachy cohort with milestones around now.
// Idempotent: every row has a deterministic key and is inserted with ON CONFLICT DO NOTHING.
import { readFileSync } from 'node:fs'
import { and, eq, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { db } from '#db/client.server.ts'
import {
  commits,
  githubItemEvents,
  githubItems,
  internMentors,
  internshipMilestones,
  internshipProgrammes,
  interns,
  type NewCommit,
  type NewGithubItem,
  type NewGithubItemEvent,
  repositories,
  repositorySnapshots,
} from '#db/schema/index.ts'
import { mulberry32 } from './random.ts'
import type { DemoContext, DemoSeeder } from './seeder.ts'
import { projectPath } from '#app/utils/project-root.server.ts'

const OWNER = 'pybamm-team'
const NAME = 'PyBaMM'
const HOUR = 3_600_000
const DAY = 24 * HOUR

interface CommitRow {
  sha: string
  at: Date
  author: string
  isBot: boolean
  isMerge: boolean
  pr: number | null
}

function readDemoCommits(): CommitRow[] {
  const text = readFileSync(projectPath('db', 'seed', 'data', 'pybamm-commits-2y.tsv'), 'utf8')
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('sha\t'))
    .map((line) => {
      const [sha, at, author, isBot, isMerge, pr] = line.split('\t')
      return { sha: sha!, at: new Date(at!), author: author!, isBot: isBot === '1', isMerge: isMerge === '1', pr: pr ? Number(pr) : null }
    })
}

async function insertBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>, size = 500) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size))
}

const ISSUE_TITLES = [
  'Solver fails for DFN with thermal coupling',
  'Question about parameter sets for LFP cells',
  'Experiment with CCCV step raises an error',
  'Docs: example notebook link is broken',
  'Add support for custom OCP functions',
  'Simulation slows down with many cycles',
  'Install fails on Python 3.13',
  'Unexpected voltage jump at the end of discharge',
  'Feature request: export results to CSV',
  'Interpolant extrapolation warning is confusing',
]
const DISCUSSION_TITLES = [
  'How do I fit parameters to my own cell data?',
  'Best practice for long cycling simulations',
  'Which model for a sodium-ion cell?',
  'Using PyBaMM in a teaching course',
  'Comparing SPM and DFN results',
  'Can I run simulations on a GPU?',
]

function buildDataset(repositoryId: string, now: Date) {
  // A seeded PRNG, so `demo load` always builds the same data.
  const rand = mulberry32(20_231_107)
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!
  // hours until a first response: mostly within a day, a long tail (log-normal-ish)
  const responseDelay = () => Math.min(24 * 20, Math.exp(Math.log(6) + 1.3 * (rand() + rand() + rand() - 1.5) * 1.4))

  const raw = readDemoCommits()
  const last = Math.max(...raw.map((c) => c.at.getTime()))
  const shift = now.getTime() - 2 * DAY - last
  const rows = raw.map((c) => ({ ...c, at: new Date(c.at.getTime() + shift) }))

  const humanCounts = new Map<string, number>()
  for (const c of rows) if (!c.isBot) humanCounts.set(c.author, (humanCounts.get(c.author) ?? 0) + 1)
  const ranked = [...humanCounts.entries()].sort((a, b) => b[1] - a[1]).map(([a]) => a)
  const maintainers = ranked.slice(0, 5)
  const contributors = ranked
  const association = (login: string) => (maintainers.includes(login) ? 'MEMBER' : 'CONTRIBUTOR')

  const commitRows: NewCommit[] = rows.map((c) => ({
    repositoryId,
    sha: c.sha,
    authoredAt: c.at,
    committedAt: c.at,
    authorLogin: c.author,
    authorName: c.author,
    authorKey: c.author,
    isBot: c.isBot,
    isMerge: c.isMerge,
  }))

  const items: NewGithubItem[] = []
  const events: (Omit<NewGithubItemEvent, 'itemId'> & { itemNodeId: string })[] = []
  const url = (kind: string, n: number) =>
    `https://github.com/${OWNER}/${NAME}/${kind === 'discussion' ? 'discussions' : kind === 'pull_request' ? 'pull' : 'issues'}/${n}`
  const respond = (item: NewGithubItem, hours: number, kind: 'comment' | 'review' = 'comment') => {
    const at = new Date(item.createdAt.getTime() + hours * HOUR)
    if (at > now) return
    const responder = pick(maintainers.filter((m) => m !== item.authorLogin))
    item.firstResponseAt = at
    item.firstResponderLogin = responder
    events.push({
      itemNodeId: item.nodeId,
      repositoryId,
      kind,
      nodeId: `demo-ev-${item.nodeId}-1`,
      actorLogin: responder,
      actorIsBot: false,
      occurredAt: at,
      reviewState: kind === 'review' ? 'COMMENTED' : null,
    })
  }

  // Pull requests: one per merged PR number in the history, opened a few days before its commit.
  const seenPr = new Set<number>()
  for (const c of rows) {
    if (!c.pr || seenPr.has(c.pr)) continue
    seenPr.add(c.pr)
    const createdAt = new Date(c.at.getTime() - (2 + rand() * 96) * HOUR)
    const login = c.isBot ? `${c.author}[bot]` : c.author
    const item: NewGithubItem = {
      repositoryId,
      kind: 'pull_request',
      nodeId: `demo-pr-${c.pr}`,
      number: c.pr,
      title: c.isBot
        ? 'chore: update pre-commit hooks'
        : `${pick(['Fix', 'Improve', 'Add', 'Refactor'])} ${pick(['solver options', 'thermal model', 'experiment parser', 'docs', 'parameter sets', 'CI'])}`,
      url: url('pull_request', c.pr),
      authorLogin: login,
      authorAssociation: c.isBot ? 'NONE' : association(c.author),
      authorIsBot: c.isBot,
      state: 'merged',
      createdAt,
      updatedAt: c.at,
      closedAt: c.at,
      mergedAt: c.at,
      mergedByLogin: pick(maintainers),
    }
    if (!c.isBot) respond(item, Math.min(responseDelay(), (c.at.getTime() - createdAt.getTime()) / HOUR), 'review')
    items.push(item)
  }

  // Issues and discussions: spread over the two years, numbered after the pull requests.
  let number = Math.max(6000, ...seenPr) + 1
  const start = now.getTime() - 730 * DAY
  const newcomers = Array.from({ length: 140 }, (_, i) => `user-${String(i + 1).padStart(3, '0')}`)
  const author = () => (rand() < 0.55 ? pick(newcomers) : pick(contributors))
  for (let t = start; t < now.getTime() - 6 * DAY; t += (0.6 + rand() * 1.2) * DAY) {
    const kind = rand() < 0.72 ? 'issue' : 'discussion'
    const login = author()
    const createdAt = new Date(t + rand() * 12 * HOUR)
    const answerable = kind === 'discussion' && rand() < 0.7
    const item: NewGithubItem = {
      repositoryId,
      kind,
      nodeId: `demo-${kind}-${number}`,
      number,
      title: pick(kind === 'issue' ? ISSUE_TITLES : DISCUSSION_TITLES),
      url: url(kind, number),
      authorLogin: login,
      authorAssociation: association(login),
      state: 'open',
      category: kind === 'discussion' ? (answerable ? 'Q&A' : pick(['General', 'Ideas', 'Show and tell'])) : null,
      categoryIsAnswerable: kind === 'discussion' ? answerable : null,
      labels: kind === 'issue' ? [pick(['bug', 'feature', 'docs', 'question'])] : [],
      createdAt,
      updatedAt: createdAt,
    }
    respond(item, responseDelay())
    if (item.firstResponseAt) {
      if (kind === 'issue' && rand() < 0.75) item.closedAt = new Date(item.firstResponseAt.getTime() + rand() * 20 * DAY)
      if (answerable && rand() < 0.65) {
        item.answerChosenAt = new Date(item.firstResponseAt.getTime() + rand() * 72 * HOUR)
        item.answerAuthorLogin = item.firstResponderLogin
        events.push({
          itemNodeId: item.nodeId,
          repositoryId,
          kind: 'answer',
          nodeId: `answer:demo-${number}`,
          actorLogin: item.firstResponderLogin,
          actorIsBot: false,
          occurredAt: item.answerChosenAt,
        })
      }
      if (kind === 'discussion' && rand() < 0.3) item.closedAt = new Date(item.firstResponseAt.getTime() + rand() * 30 * DAY)
    }
    if (item.closedAt && item.closedAt > now) item.closedAt = null
    if (item.closedAt) {
      item.state = 'closed'
      item.updatedAt = item.closedAt
    }
    items.push(item)
    number += 1
  }
  // The triage queue: a handful still waiting — some well over the 48 h target, some fresh.
  const waiting: [string, 'issue' | 'discussion', number, string][] = [
    ['Parameter values for a silicon anode?', 'discussion', 9 * 24, 'Q&A'],
    ['Simulation diverges with a 5C charge step', 'issue', 6 * 24 + 3, ''],
    ['How to model calendar ageing?', 'discussion', 4 * 24, 'Q&A'],
    ['pybamm.Experiment ignores temperature in step', 'issue', 3 * 24 + 5, ''],
    ['Documentation for the new solver API', 'issue', 52, ''],
    ['Plotting half-cell potentials', 'discussion', 30, 'General'],
    ['Segfault with IDAKLU on Apple silicon', 'issue', 20, ''],
    ['Is there a thermal parameter set for NMC811?', 'discussion', 6, 'Q&A'],
  ]
  for (const [title, kind, ageHours, category] of waiting) {
    const createdAt = new Date(now.getTime() - ageHours * HOUR)
    items.push({
      repositoryId,
      kind,
      nodeId: `demo-waiting-${number}`,
      number,
      title,
      url: url(kind, number),
      authorLogin: pick(newcomers),
      authorAssociation: 'NONE',
      state: 'open',
      category: kind === 'discussion' ? category : null,
      categoryIsAnswerable: kind === 'discussion' ? category === 'Q&A' : null,
      createdAt,
      updatedAt: createdAt,
    })
    number += 1
  }
  // Pull requests nobody has reviewed or commented on yet: a newcomer's, over the target, and a fresh one.
  // (Fixed authors, no draw: the random sequence of everything after stays as it was.)
  const waitingPulls: [string, number, string][] = [
    ['Add the OKane2022 parameter set for LFP cells', 5 * 24 + 2, 'user-007'],
    ['Fix a typo in the Experiment docstring', 10, 'user-012'],
  ]
  for (const [title, ageHours, login] of waitingPulls) {
    const createdAt = new Date(now.getTime() - ageHours * HOUR)
    items.push({
      repositoryId,
      kind: 'pull_request',
      nodeId: `demo-waiting-pr-${number}`,
      number,
      title,
      url: url('pull_request', number),
      authorLogin: login,
      authorAssociation: 'FIRST_TIME_CONTRIBUTOR',
      state: 'open',
      createdAt,
      updatedAt: createdAt,
    })
    number += 1
  }

  // Stars and forks: a daily snapshot for two years, growing with some noise.
  const snapshots: (typeof repositorySnapshots.$inferInsert)[] = []
  let stars = 980
  let forks = 480
  for (
    let d = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('day').minus({ days: 729 });
    d <= DateTime.fromJSDate(now, { zone: 'utc' });
    d = d.plus({ days: 1 })
  ) {
    stars += Math.round(rand() * 2.2)
    if (rand() < 0.45) forks += 1
    snapshots.push({ repositoryId, day: d.toISODate()!, stars, forks, watchers: 30 + Math.floor(stars / 60), takenAt: d.toJSDate() })
  }
  return { commitRows, items, events, snapshots, maintainers }
}

async function seedRepository(context: DemoContext) {
  const [existing] = await db
    .select()
    .from(repositories)
    .where(and(sql`lower(${repositories.owner}) = ${OWNER.toLowerCase()}`, sql`lower(${repositories.name}) = ${NAME.toLowerCase()}`))
  const repo =
    existing ??
    (
      await db
        .insert(repositories)
        .values({ owner: OWNER, name: NAME, defaultBranch: 'develop', hasDiscussions: true, addedById: context.users.community.id })
        .returning()
    )[0]!
  const [{ n } = { n: 0 }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(githubItems)
    .where(eq(githubItems.repositoryId, repo.id))
  if (Number(n) > 0) {
    context.log(`community: ${OWNER}/${NAME} already has ${n} items; left as it is`)
    return
  }
  const data = buildDataset(repo.id, context.now)
  await db.transaction(async (tx) => {
    await insertBatches(data.commitRows, (b) => tx.insert(commits).values(b).onConflictDoNothing())
    const ids = new Map<string, string>()
    await insertBatches(data.items, async (b) => {
      const rows = await tx
        .insert(githubItems)
        .values(b)
        .onConflictDoNothing()
        .returning({ id: githubItems.id, nodeId: githubItems.nodeId })
      for (const r of rows) ids.set(r.nodeId, r.id)
    })
    const events = data.events.flatMap(({ itemNodeId, ...e }) => {
      const itemId = ids.get(itemNodeId)
      return itemId ? [{ ...e, itemId }] : []
    })
    await insertBatches(events, (b) => tx.insert(githubItemEvents).values(b).onConflictDoNothing())
    await insertBatches(data.snapshots, (b) => tx.insert(repositorySnapshots).values(b).onConflictDoNothing())
  })
  context.log(
    `community: ${OWNER}/${NAME} with ${data.commitRows.length} commits, ${data.items.length} issues, pull requests and discussions, ${data.snapshots.length} daily snapshots`,
  )
}

async function seedInternships(context: DemoContext) {
  const now = DateTime.fromJSDate(context.now, { zone: 'utc' })
  const year = now.year
  const day = (d: DateTime) => d.toISODate()!
  const cohorts = [
    {
      kind: 'gsoc' as const,
      name: `Google Summer of Code ${year}`,
      notes: 'Under the NumFOCUS umbrella.',
      interns: [
        {
          name: 'Priya Raman',
          githubLogin: 'priya-r',
          project: 'Faster DAE solvers with IDAKLU',
          status: 'completed' as const,
          mentors: [
            { name: 'contributor-004', githubLogin: 'contributor-004' },
            { name: 'Dana Ortiz', githubLogin: null },
          ],
        },
        {
          name: 'Tomás Silva',
          githubLogin: 'tsilva',
          project: 'Parameter estimation workflow',
          status: 'evaluation' as const,
          mentors: [{ name: 'contributor-021', githubLogin: 'contributor-021' }],
        },
        {
          name: 'Wen Li',
          githubLogin: 'wenli-dev',
          project: 'Battery degradation submodels',
          status: 'not_completed' as const,
          mentors: [{ name: 'contributor-004', githubLogin: 'contributor-004' }],
        },
      ],
      milestones: [
        { title: 'Contributor proposals due', dueOn: `${year}-04-08`, done: true },
        { title: 'Accepted contributors announced', dueOn: `${year}-05-08`, done: true },
        { title: 'Coding starts', dueOn: `${year}-06-02`, done: true },
        { title: 'Midterm evaluations', dueOn: `${year}-07-14`, done: true },
        { title: 'Final evaluations (extended timeline)', dueOn: day(now.plus({ days: 9 })), done: false },
      ],
    },
    {
      kind: 'outreachy' as const,
      name: `Outreachy December ${year} cohort`,
      notes: 'Mentored by the documentation team.',
      interns: [
        {
          name: 'Amara Okafor',
          githubLogin: 'amara-o',
          project: 'Tutorials for new users',
          status: 'accepted' as const,
          mentors: [{ name: 'contributor-112', githubLogin: 'contributor-112' }],
        },
      ],
      milestones: [
        { title: 'Interns announced', dueOn: day(now.minus({ days: 12 })), done: true },
        { title: 'Internship starts: welcome call', dueOn: day(now.plus({ days: 2 })), done: false },
        { title: 'Mid-point feedback', dueOn: day(now.plus({ days: 45 })), done: false },
      ],
    },
  ]
  for (const cohort of cohorts) {
    const [existing] = await db.select().from(internshipProgrammes).where(eq(internshipProgrammes.name, cohort.name))
    if (existing) continue
    await db.transaction(async (tx) => {
      const [programme] = await tx
        .insert(internshipProgrammes)
        .values({ kind: cohort.kind, year, name: cohort.name, notes: cohort.notes, createdById: context.users.community.id })
        .returning()
      for (const i of cohort.interns) {
        const [intern] = await tx
          .insert(interns)
          .values({ programmeId: programme!.id, name: i.name, githubLogin: i.githubLogin, project: i.project, status: i.status })
          .returning()
        await tx.insert(internMentors).values(i.mentors.map((m) => ({ ...m, internId: intern!.id })))
      }
      await tx.insert(internshipMilestones).values(
        cohort.milestones.map((m) => ({
          programmeId: programme!.id,
          title: m.title,
          dueOn: m.dueOn,
          completedAt: m.done ? context.now : null,
        })),
      )
    })
    context.log(`community: ${cohort.name} with ${cohort.interns.length} interns`)
  }
}

export const communityDemoSeeder: DemoSeeder = {
  name: 'community',
  async seed(context) {
    await seedRepository(context)
    await seedInternships(context)
  },
}
