// What the /community pages load: the period and repository from the URL, the numbers, and the
// provenance (definition + filters applied) of each number, ready to serialise.
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { DateTime } from 'luxon'
import { monthsOf } from '#app/utils/time.ts'
import { getCommunityHealth, listContributors, listRepositories, readResponseTargetHours, starsAndForks } from './health.server.ts'
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

export async function loadCommunityDashboard(searchParams: URLSearchParams, now = new Date()) {
  const { settings, period, repositories, repository } = await resolveFilters(searchParams, now)
  // Charts show at least the 12 months up to the period's end, so a short period still has a trend.
  const chartStart = DateTime.min(period.start.startOf('month'), period.end.minus({ months: 12 }).startOf('month'))
  const chartRange = { start: chartStart.toJSDate(), end: period.range.end }
  const repositoryId = repository?.id ?? null
  const [health, stars, targetHours] = await Promise.all([
    getCommunityHealth({
      range: period.range,
      repositoryId,
      timeZone: settings.timeZone,
      months: monthsOf({ start: chartStart, end: period.end }),
      monthsRange: chartRange,
    }),
    starsAndForks({ range: chartRange, repositoryId, timeZone: settings.timeZone }),
    readResponseTargetHours(),
  ])
  const scope = `${describePeriod(period, settings.timeZone)} · ${repository ? `${repository.owner}/${repository.name}` : 'all tracked repositories'} · bots excluded`
  const maintainersText =
    health.maintainers.logins.length === 0
      ? 'No maintainers known yet.'
      : `Maintainers (${health.maintainers.source === 'setting' ? 'from settings' : 'authors with OWNER, MEMBER or COLLABORATOR association'}): ${health.maintainers.logins.join(', ')}.`
  return {
    timeZone: settings.timeZone,
    targetHours,
    period: {
      key: period.key,
      label: period.label,
      from: period.from ?? period.start.toISODate()!,
      to: period.to ?? period.end.minus({ days: 1 }).toISODate()!,
    },
    periodChoices: periodChoices(now, settings.timeZone),
    repositories: repositories.map((r) => ({ value: r.id, label: `${r.owner}/${r.name}` })),
    repositoryId: repository?.id ?? '',
    scope,
    maintainersText,
    ...health,
    chartFrom: chartStart.toFormat('yyyy-MM'),
    stars,
    latestStars: health.stars.at(-1) ?? null,
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
    period: {
      key: period.key,
      label: period.label,
      from: period.from ?? period.start.toISODate()!,
      to: period.to ?? period.end.minus({ days: 1 }).toISODate()!,
    },
    periodChoices: periodChoices(now, settings.timeZone),
    repositories: repositories.map((r) => ({ value: r.id, label: `${r.owner}/${r.name}` })),
    repositoryId: repository?.id ?? '',
    scope: `${describePeriod(period, settings.timeZone)} · ${repository ? `${repository.owner}/${repository.name}` : 'all tracked repositories'} · bots excluded`,
    counts,
    status: status && status in counts ? status : '',
    contributors: rows.filter((r) => !status || !(status in counts) || r.status === status).slice(0, 500),
  }
}
