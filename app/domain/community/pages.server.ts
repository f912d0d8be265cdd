// What each /community page shows: one function per page, returning what its loader returns
// (the loader checks access, reads the URL and calls it). The period and repository come from
// the URL; every number comes with its provenance (definition + filters applied), ready to serialise.
import type { CommunitySource } from '#db/schema/sources.ts'
import type { Role } from '#app/domain/accounts/vocabulary.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { chartStartOf, readCommunityFigures, readContributorsTable, type SourceSelection } from './community-figures.server.ts'
import { describeGithubConnection } from './github-sync.server.ts'
import { listProgrammes } from './internships.server.ts'
import { listMaintainerLogins, readMaintainerSetting } from './maintainers.server.ts'
import { periodChoices, type ResolvedPeriod, resolvePeriod } from './period.ts'
import { fullName } from './repositories.ts'
import { listActiveRepositories, listRepositoryOverviews } from './repositories.server.ts'
import { describeCredential, listActiveSources, listSources } from './sources.server.ts'
import { FORUM_FIRST_RESPONSE_DEFINITION, FORUM_MAINTAINER_REPLIES_DEFINITION } from './forum-metrics.server.ts'
import { countForumTriageBySource, listForumSetAside, listForumTriageQueue } from './forum-triage.server.ts'
import { countTriage, listSetAside, listTriageQueue, readResponseTargetHours } from './triage.server.ts'
import { canSeeEmailSenders, EMAIL_FIRST_RESPONSE_DEFINITION } from './mailbox-metrics.server.ts'
import { countEmailTriageBySource, listEmailSetAside, listEmailTriageQueue } from './email-triage.server.ts'
import type { SyncDisplayStatus, SyncStatus } from './vocabulary.ts'

/** The repository picker's choices, and the one the URL's `repo` names (by id, or OWNER/NAME where allowed). */
async function resolveRepository(wanted: string | null, options: { byName: boolean }) {
  const repositories = await listActiveRepositories()
  const repository = repositories.find((r) => r.id === wanted || (options.byName && fullName(r) === wanted)) ?? null
  return { repositories: repositories.map((r) => ({ value: r.id, label: fullName(r) })), repository }
}

async function resolveFilters(searchParams: URLSearchParams, now: Date) {
  const [settings, { repositories, repository }] = await Promise.all([
    getOrganisationSettings(),
    resolveRepository(searchParams.get('repo'), { byName: true }),
  ])
  const period = resolvePeriod(searchParams, now, settings.timeZone)
  return {
    settings,
    period,
    repository,
    /** what the period and repository filters show */
    filters: {
      period: {
        key: period.key,
        label: period.label,
        from: period.from ?? period.start.toISODate()!,
        to: period.to ?? period.end.minus({ days: 1 }).toISODate()!,
      },
      periodChoices: periodChoices(now, settings.timeZone),
      repositories,
      repositoryId: repository?.id ?? '',
    },
    scope: `${describePeriod(period, settings.timeZone)} · ${repository ? fullName(repository) : 'all tracked repositories'} · bots excluded`,
  }
}

function describePeriod(period: ResolvedPeriod, timeZone: string) {
  return `${period.label}: ${period.start.toISODate()} to ${period.end.minus({ days: 1 }).toISODate()} (${timeZone})`
}

/** The forum and mailbox picker's choices, and the selection the URL's `source` names (every source when none). */
async function resolveSource(wanted: string | null) {
  const active = await listActiveSources()
  const forums = active.filter((s) => s.kind === 'discourse')
  const mailboxes = active.filter((s) => s.kind === 'imap')
  const forum = forums.find((f) => f.id === wanted)
  const mailbox = mailboxes.find((m) => m.id === wanted)
  const source: SourceSelection = forum
    ? { kind: 'forum', id: forum.id }
    : mailbox
      ? { kind: 'mailbox', id: mailbox.id }
      : wanted === 'github'
        ? { kind: 'github' }
        : { kind: 'all' }
  return {
    source,
    sourceName: forum?.name ?? mailbox?.name ?? null,
    sources:
      forums.length || mailboxes.length
        ? [
            { value: 'github', label: 'GitHub only' },
            ...forums.map((f) => ({ value: f.id, label: `${f.name} (forum)` })),
            ...mailboxes.map((m) => ({ value: m.id, label: `${m.name} (e-mail)` })),
          ]
        : [],
  }
}

/**
 * /community: the CHAOSS numbers for the period, a year of trends and maintainer activity, and
 * time to first response on the forums and mailboxes (every one, or the one `source` names). The
 * figures come from their summary (community-figures.server.ts), not from scans of the data.
 */
export async function getCommunityPage(searchParams: URLSearchParams, now = new Date()) {
  const [{ settings, period, repository, filters, scope }, { source, sourceName, sources }, targetHours] = await Promise.all([
    resolveFilters(searchParams, now),
    resolveSource(searchParams.get('source')),
    readResponseTargetHours(),
  ])
  const { health, stars, forum, forumRepliers, email } = await readCommunityFigures({
    period,
    repositoryId: repository?.id ?? null,
    source,
    timeZone: settings.timeZone,
  })
  const maintainersText =
    health.maintainers.logins.length === 0
      ? 'No maintainers known yet.'
      : `Maintainers (${health.maintainers.source === 'setting' ? 'from settings' : 'authors with OWNER, MEMBER or COLLABORATOR association'}): ${health.maintainers.logins.join(', ')}.`
  const periodText = describePeriod(period, settings.timeZone)
  return {
    timeZone: settings.timeZone,
    targetHours,
    ...filters,
    scope,
    maintainersText,
    ...health,
    chartFrom: chartStartOf(period).toFormat('yyyy-MM'),
    stars,
    latestStars: health.stars.at(-1) ?? null,
    /** the forum and mailbox picker: '' every source, 'github', or a forum's or mailbox's id; no choices without such sources */
    sources,
    source: source.kind === 'all' ? '' : source.kind === 'github' ? 'github' : source.id,
    /** null until a forum has been synced, or when a mailbox or GitHub only is picked */
    forum: forum
      ? {
          responses: forum,
          definition: FORUM_FIRST_RESPONSE_DEFINITION,
          scope: `${periodText} · ${source.kind === 'forum' ? `forum ${sourceName}` : 'every synced forum'}`,
          /** per forum: first replies by maintainers vs by the community (ADR 031) */
          repliers: { forums: forumRepliers ?? [], definition: FORUM_MAINTAINER_REPLIES_DEFINITION, scope: periodText },
        }
      : null,
    /** null until a mailbox holds a thread a person opened, or when a forum or GitHub only is picked */
    email: email
      ? {
          responses: email,
          definition: EMAIL_FIRST_RESPONSE_DEFINITION,
          scope: `${periodText} · ${source.kind === 'mailbox' ? `mailbox ${sourceName}` : 'every synced mailbox'}`,
        }
      : null,
  }
}

const LISTED_STATUSES = ['new', 'returning', 'inactive'] as const
type ListedStatus = (typeof LISTED_STATUSES)[number]
const isListedStatus = (status: string | null): status is ListedStatus => LISTED_STATUSES.includes(status as ListedStatus)

/** /community/contributors: everyone active in the period or the one before, with counts per status. */
export async function getContributorsPage(searchParams: URLSearchParams, now = new Date()) {
  const { settings, period, repository, filters, scope } = await resolveFilters(searchParams, now)
  const status = searchParams.get('status')
  // Counts per status over everyone; the rows shown only (at most CONTRIBUTORS_SHOWN), from their summary.
  const { counts, rows } = await readContributorsTable({
    period,
    repositoryId: repository?.id ?? null,
    status: isListedStatus(status) ? status : null,
    timeZone: settings.timeZone,
  })
  return {
    timeZone: settings.timeZone,
    ...filters,
    scope,
    counts,
    status: isListedStatus(status) ? status : '',
    contributors: rows,
  }
}

/** Threads per page of the triage queue. */
const TRIAGE_PAGE_SIZE = 50
/** The deepest page served: the queue reads the first page × size rows of each source. */
const TRIAGE_LAST_PAGE = 200

const byUpdatedAt = (a: { updatedAt: Date }, b: { updatedAt: Date }) => b.updatedAt.getTime() - a.updatedAt.getTime()

/**
 * /community/triage: one queue, oldest first — GitHub items, forum topics and e-mail threads
 * nobody from the project has answered (an e-mail's subject, sender and Message-ID for community
 * and admin only; its mailbox and age for everyone) — what is set aside, and the response target.
 * `source` narrows it: 'github', a forum's or a mailbox's id, or every source. `page` pages
 * through it, TRIAGE_PAGE_SIZE at a time; the totals count every waiting thread, not just the page.
 */
export async function getTriagePage(searchParams: URLSearchParams, viewer: { roles: readonly Role[] }, now = new Date()) {
  const withSenders = canSeeEmailSenders(viewer)
  // The set-aside lists depend on nothing the URL picks: they start with the first round of reads.
  const setAsideLists = Promise.all([listSetAside(now), listForumSetAside(now), listEmailSetAside({ now, withSenders })])
  // (handled here too, so a failure of the first round does not leave it an unhandled rejection)
  setAsideLists.catch(() => undefined)
  const [settings, targetHours, { repositories, repository }, active] = await Promise.all([
    getOrganisationSettings(),
    readResponseTargetHours(),
    resolveRepository(searchParams.get('repo'), { byName: false }),
    listActiveSources(),
  ])
  const forums = active.filter((s) => s.kind === 'discourse')
  const mailboxes = active.filter((s) => s.kind === 'imap')
  const wanted = searchParams.get('source') ?? ''
  const forum = forums.find((f) => f.id === wanted) ?? null
  const mailbox = mailboxes.find((m) => m.id === wanted) ?? null
  const source = wanted === 'github' ? 'github' : (forum?.id ?? mailbox?.id ?? '')
  const requested = Math.min(TRIAGE_LAST_PAGE, Math.max(1, Math.trunc(Number(searchParams.get('page'))) || 1))
  const showGithub = source === '' || source === 'github'
  const showForum = source !== 'github' && !mailbox && !repository
  // e-mail threads: every mailbox, or the one picked (none when GitHub, a forum or a repository is)
  const showEmail = (source === '' || mailbox) && !repository && mailboxes.length > 0
  const repositoryId = repository?.id ?? null
  const [githubCount, forumCounts, emailCounts] = await Promise.all([
    showGithub ? countTriage({ now, targetHours, repositoryId }) : null,
    showForum ? countForumTriageBySource({ now, targetHours }) : [],
    showEmail ? countEmailTriageBySource({ now, targetHours, sourceId: mailbox?.id ?? null }) : [],
  ])
  const sum = (counts: { total: number; overTarget: number }[]) =>
    counts.reduce((n, c) => ({ total: n.total + c.total, overTarget: n.overTarget + c.overTarget }), { total: 0, overTarget: 0 })
  const forumCount = sum(forumCounts.filter((c) => !forum || c.sourceId === forum.id))
  const emailCount = sum(emailCounts)
  const total = (githubCount?.total ?? 0) + forumCount.total + emailCount.total
  const overTarget = (githubCount?.overTarget ?? 0) + forumCount.overTarget + emailCount.overTarget
  // The queue's page: the oldest page × size of each source, merged, then the page's slice of them.
  const page = Math.min(requested, Math.max(1, Math.ceil(total / TRIAGE_PAGE_SIZE)))
  const upTo = page * TRIAGE_PAGE_SIZE
  const [github, forumQueue, emailQueue, [setAside, forumSetAside, emailSetAside]] = await Promise.all([
    githubCount?.total ? listTriageQueue({ now, targetHours, repositoryId, limit: upTo }) : [],
    forumCount.total ? listForumTriageQueue({ now, targetHours, sourceId: forum?.id ?? null, limit: upTo }) : [],
    emailCount.total ? listEmailTriageQueue({ now, targetHours, withSenders, sourceId: mailbox?.id ?? null, limit: upTo }) : [],
    setAsideLists,
  ])
  const queue = [...github, ...forumQueue, ...emailQueue]
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .slice(upTo - TRIAGE_PAGE_SIZE, upTo)
  const pageCount = Math.min(TRIAGE_LAST_PAGE, Math.max(1, Math.ceil(total / TRIAGE_PAGE_SIZE)))
  return {
    queue,
    /** every waiting GitHub item, forum topic and e-mail thread the filters keep, and how many are over the target */
    total,
    overTarget,
    /** the first queue position on this page (1-based) */
    firstShown: (page - 1) * TRIAGE_PAGE_SIZE + 1,
    page,
    pageCount,
    pageSize: TRIAGE_PAGE_SIZE,
    /** whether the viewer sees an e-mail's subject, sender and Message-ID (community and admin) */
    withSenders,
    /** most recently set aside first (each kind keeps its 50 latest) */
    setAside: [
      ...setAside.map((s) => ({
        id: s.id,
        kind: s.kind,
        label: `#${s.number} ${s.title}`,
        url: s.url as string | null,
        handledAt: s.handledAt,
        handledNote: s.handledNote,
        snoozedUntil: s.snoozedUntil,
        updatedAt: s.updatedAt,
      })),
      ...forumSetAside.map((s) => ({
        id: s.id,
        kind: 'forum' as const,
        label: `#${s.number} ${s.title}`,
        url: s.url as string | null,
        handledAt: s.handledAt,
        handledNote: s.handledNote,
        snoozedUntil: s.snoozedUntil,
        updatedAt: s.updatedAt,
      })),
      ...emailSetAside.map((s) => ({
        id: s.id,
        kind: 'email' as const,
        label: `${s.mailbox}: ${s.subject === null ? 'an e-mail thread' : s.subject || '(no subject)'}`,
        url: null,
        handledAt: s.handledAt,
        handledNote: s.handledNote,
        snoozedUntil: s.snoozedUntil,
        updatedAt: s.updatedAt,
      })),
    ].sort(byUpdatedAt),
    targetHours,
    timeZone: settings.timeZone,
    today: now.toISOString().slice(0, 10),
    repositories,
    repositoryId: repository?.id ?? '',
    sources:
      forums.length || mailboxes.length
        ? [
            { value: 'github', label: 'GitHub' },
            ...forums.map((f) => ({ value: f.id, label: f.name })),
            ...mailboxes.map((m) => ({ value: m.id, label: `${m.name} (e-mail)` })),
          ]
        : [],
    source,
  }
}

/** /community/internships: every programme with its interns, mentors and milestones. */
export async function getInternshipsPage(now = new Date()) {
  return {
    programmes: await listProgrammes(),
    thisYear: now.getUTCFullYear(),
    today: now.toISOString().slice(0, 10),
  }
}

/** A run or a queued sync that has said nothing for too long did not finish, or never started. */
function displayStatus(state: { status: SyncStatus; stale: boolean }): SyncDisplayStatus {
  if (!state.stale) return state.status
  return state.status === 'queued' ? 'not-started' : 'interrupted'
}

/** /community/repositories: each repository's sync, kind by kind, the GitHub connection and the maintainers. */
export async function getRepositoriesPage(now = new Date()) {
  const [overviews, settings, listed, maintainers] = await Promise.all([
    listRepositoryOverviews(now),
    getOrganisationSettings(),
    readMaintainerSetting(),
    listMaintainerLogins(),
  ])
  return {
    timeZone: settings.timeZone,
    connection: describeGithubConnection(),
    maintainersText: listed.join('\n'),
    maintainers,
    repositories: overviews.map((o) => ({
      id: o.repository.id,
      fullName: fullName(o.repository),
      active: o.repository.active,
      defaultBranch: o.repository.defaultBranch,
      running: o.running,
      lastSuccessAt: o.lastSuccessAt?.toISOString() ?? null,
      lastError: o.lastError,
      rateLimitRemaining: o.rateLimitRemaining,
      rateLimitResetAt: o.rateLimitResetAt?.toISOString() ?? null,
      snapshot: o.snapshot,
      states: o.states.map((s) => ({
        kind: s.kind,
        label: s.label,
        status: displayStatus(s),
        itemsDone: s.itemsDone,
        itemsTotal: s.itemsTotal,
        requestsUsed: s.requestsUsed,
        lastSuccessAt: s.lastSuccessAt?.toISOString() ?? null,
        lastError: s.status === 'failed' ? s.lastError : null,
      })),
    })),
  }
}

/**
 * /community/sources: the repositories (as the repositories page had them), then every forum and
 * mailbox with its sync. Those who may not edit get the sources' names only: no sync state, errors,
 * rate limits, maintainers or GitHub connection leave the server for them.
 */
export async function getSourcesPage(input: { canEdit: boolean }, now = new Date()) {
  if (!input.canEdit) {
    const [overviews, sources] = await Promise.all([listRepositoryOverviews(now), listSources()])
    return {
      canEdit: false as const,
      repositories: overviews.map((o) => ({ id: o.repository.id, fullName: fullName(o.repository), active: o.repository.active })),
      sources: sources.map((s) => ({ id: s.id, kind: s.kind, name: s.name, active: s.active })),
    }
  }
  const [repositoriesPage, sources] = await Promise.all([getRepositoriesPage(now), listSources()])
  return { canEdit: true as const, ...repositoriesPage, sources: sources.map((s) => sourceForEditors(s, now)) }
}

function sourceForEditors(s: CommunitySource, now: Date) {
  const stale = (s.status === 'running' || s.status === 'queued') && now.getTime() - s.updatedAt.getTime() > 15 * 60_000
  return {
    id: s.id,
    kind: s.kind,
    name: s.name,
    active: s.active,
    where: s.kind === 'discourse' ? (s.url ?? '') : `${s.username}@${s.host}:${s.port}${s.tls ? ' (TLS)' : ' (no TLS)'}`,
    categories: s.categories,
    maintainerGroups: s.maintainerGroups,
    projectAddresses: s.projectAddresses,
    apiUsername: s.apiUsername,
    credential:
      s.kind === 'discourse' ? describeCredential(s.apiKeyEncrypted, s.apiKeyEnv) : describeCredential(s.passwordEncrypted, s.passwordEnv),
    status: displayStatus({ status: s.status, stale }),
    running: (s.status === 'running' && !stale) || s.status === 'queued',
    itemsDone: s.itemsDone,
    requestsUsed: s.requestsUsed,
    lastSuccessAt: s.lastSuccessAt?.toISOString() ?? null,
    lastError: s.lastError,
    budgetRemaining: s.budgetRemaining,
  }
}
