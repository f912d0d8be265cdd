// What the /community pages load: the period and repository from the URL, the numbers, and the
// provenance (definition + filters applied) of each number, ready to serialise.
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { getCommunityHealth, listContributors, listRepositories, readResponseTargetHours } from './health.server.ts'
import { periodChoices, type ResolvedPeriod, resolvePeriod } from './period.ts'

async function resolveFilters(searchParams: URLSearchParams, now: Date) {
  const settings = await getOrganisationSettings()
  const period = resolvePeriod(searchParams, now, settings.timeZone)
  const repositories = await listRepositories()
  const wanted = searchParams.get('repo')
  const repository = repositories.find((r) => r.id === wanted || `${r.owner}/${r.name}` === wanted) ?? null
  return { settings, period, repositories, repository }
}

function describePeriod(period: ResolvedPeriod, timeZone: string) {
  return `${period.label}: ${period.start.toISODate()} to ${period.end.minus({ days: 1 }).toISODate()} (${timeZone})`
}

export const DEFINITIONS = {
  firstResponse:
    'Time to first response (CHAOSS): from creation to the first comment, review or answer by someone other than the author, bots excluded. Median and 90th percentile (linear interpolation) over items created in the period; items opened by bots are left out; "waiting" counts items created in the period with no response yet.',
  timeToAnswer: 'Discussions in answerable categories (Q&A) created in the period: creation to the answer being chosen. Median.',
  closure: 'Change request closure ratio: pull requests closed or merged in the period / pull requests opened in the period.',
  openedClosed: 'Issues and pull requests opened in the period, and closed or merged in the period (whenever they were opened).',
  newContributors: 'People whose first contribution of any kind (commit, issue, pull request, discussion, comment or review) falls in the period. Identity: GitHub login, else the commit author name. Bots excluded.',
  activeContributors: 'People with at least one contribution of any kind in the period. Bots excluded.',
  inactiveContributors: 'People active in the previous period of the same length, but not in this one. Bots excluded.',
  absenceFactor: 'Contributor absence factor (formerly bus factor): the smallest number of people who together made at least 50% of the non-merge commits in the period. Bots excluded. Low numbers mean the project depends on few people.',
  maintainerActivity: 'Per maintainer in the period: responses (comments and chosen answers), pull-request reviews, and pull requests merged.',
  stars: 'The last daily snapshot of stars and forks in each month, summed over the repositories shown.',
} as const

export async function loadCommunityDashboard(searchParams: URLSearchParams, now = new Date()) {
  const { settings, period, repositories, repository } = await resolveFilters(searchParams, now)
  const health = await getCommunityHealth({ range: period.range, repositoryId: repository?.id ?? null, timeZone: settings.timeZone, months: period.months })
  const targetHours = await readResponseTargetHours()
  const scope = `${describePeriod(period, settings.timeZone)} · ${repository ? `${repository.owner}/${repository.name}` : 'all tracked repositories'} · bots excluded`
  const maintainersText =
    health.maintainers.logins.length === 0
      ? 'No maintainers known yet.'
      : `Maintainers (${health.maintainers.source === 'setting' ? 'from settings' : 'authors with OWNER, MEMBER or COLLABORATOR association'}): ${health.maintainers.logins.join(', ')}.`
  return {
    timeZone: settings.timeZone,
    targetHours,
    period: { key: period.key, label: period.label, from: period.from ?? period.start.toISODate()!, to: period.to ?? period.end.minus({ days: 1 }).toISODate()! },
    periodChoices: periodChoices(now, settings.timeZone),
    repositories: repositories.map((r) => ({ value: r.id, label: `${r.owner}/${r.name}` })),
    repositoryId: repository?.id ?? '',
    scope,
    maintainersText,
    ...health,
  }
}

export async function loadContributors(searchParams: URLSearchParams, now = new Date()) {
  const { settings, period, repositories, repository } = await resolveFilters(searchParams, now)
  const rows = await listContributors({ range: period.range, repositoryId: repository?.id ?? null, timeZone: settings.timeZone })
  const status = searchParams.get('status')
  const counts = { new: 0, returning: 0, inactive: 0 }
  for (const r of rows) if (r.status in counts) counts[r.status as keyof typeof counts] += 1
  return {
    timeZone: settings.timeZone,
    period: { key: period.key, label: period.label, from: period.from ?? period.start.toISODate()!, to: period.to ?? period.end.minus({ days: 1 }).toISODate()! },
    periodChoices: periodChoices(now, settings.timeZone),
    repositories: repositories.map((r) => ({ value: r.id, label: `${r.owner}/${r.name}` })),
    repositoryId: repository?.id ?? '',
    scope: `${describePeriod(period, settings.timeZone)} · ${repository ? `${repository.owner}/${repository.name}` : 'all tracked repositories'} · bots excluded`,
    counts,
    status: status && status in counts ? status : '',
    contributors: rows.filter((r) => !status || !(status in counts) || r.status === status).slice(0, 500),
  }
}
