import { minutesFor, type WeekContext } from '#app/domain/this-week/context.ts'
import type { WeekCard, WeekCardItem } from '#app/domain/this-week/week.ts'
import { listInternshipMilestones } from './internships.server.ts'
import { estimateCommunityMinutes, formatAge } from './this-week.ts'
import { countEmailTriageBySource } from './email-triage.server.ts'
import { countForumTriageBySource } from './forum-triage.server.ts'
import { countTriage, listTriageQueue, readResponseTargetHours, TRIAGE_KINDS } from './triage.server.ts'
import { GITHUB_ITEM_KIND_NAMES, type GithubItemKind } from './vocabulary.ts'

/** GitHub's threads over the target, kind by kind: "2 issues, 1 pull request over the target in all". */
function describeGithubOverTarget(byKind: Record<(typeof TRIAGE_KINDS)[number], { overTarget: number }>) {
  const plural: Record<GithubItemKind, string> = { issue: 'issues', pull_request: 'pull requests', discussion: 'discussions' }
  const parts = TRIAGE_KINDS.filter((k) => byKind[k].overTarget > 0).map(
    (k) => `${byKind[k].overTarget} ${byKind[k].overTarget === 1 ? GITHUB_ITEM_KIND_NAMES[k].toLowerCase() : plural[k]}`,
  )
  return `${parts.join(', ')} over the target in all`
}

/**
 * The Community card on This week: threads over the response target (GitHub, then each forum and
 * each mailbox: the triage queue's counts, so what is set aside is not counted), and the next
 * internship milestone.
 */
export async function communityWeekCard(context: WeekContext): Promise<WeekCard> {
  const targetHours = await readResponseTargetHours()
  const github = await countTriage({ now: context.now, targetHours })
  // Forum topics and e-mail threads over target, per source (each list holds the sources with waiting threads).
  const forums = await countForumTriageBySource({ now: context.now, targetHours })
  const mailboxes = await countEmailTriageBySource({ now: context.now, targetHours })
  const sources = [...forums, ...mailboxes]
  const overTarget = github.overTarget + sources.reduce((n, f) => n + f.overTarget, 0)
  const total = github.total + sources.reduce((n, f) => n + f.total, 0)
  const oldest = (await listTriageQueue({ now: context.now, targetHours, limit: 3 })).filter((i) => i.overTarget)
  const weekFrom = context.week.start.toISODate()!
  const weekTo = context.week.end.toISODate()!
  const upcoming = await listInternshipMilestones({ from: weekFrom, to: context.week.start.plus({ days: 90 }).toISODate()! })
  const thisWeek = upcoming.filter((m) => m.dueOn >= weekFrom && m.dueOn < weekTo)
  const next = upcoming[0]

  const items: WeekCardItem[] = oldest.map((i) => ({
    label: `${GITHUB_ITEM_KIND_NAMES[i.kind]} #${i.number}: ${i.title}`,
    detail: `waiting ${formatAge(i.ageHours)} (target ${targetHours} h)`,
    href: '/community/triage',
    tone: 'urgent',
  }))
  if (github.overTarget > oldest.length)
    items.push({
      label: `${github.overTarget - oldest.length} more on GitHub over the target`,
      detail: describeGithubOverTarget(github.byKind),
      href: '/community/triage?source=github',
      tone: 'urgent',
    })
  for (const forum of forums.filter((f) => f.overTarget > 0))
    items.push({
      label: `${forum.name}: ${forum.overTarget} topic${forum.overTarget === 1 ? '' : 's'} over the target`,
      detail: `${forum.total} waiting`,
      href: `/community/triage?source=${forum.sourceId}`,
      tone: 'urgent',
    })
  for (const mailbox of mailboxes.filter((m) => m.overTarget > 0))
    items.push({
      label: `${mailbox.name}: ${mailbox.overTarget} thread${mailbox.overTarget === 1 ? '' : 's'} over the target`,
      detail: `${mailbox.total} waiting`,
      href: `/community/triage?source=${mailbox.sourceId}`,
      tone: 'urgent',
    })
  if (next)
    items.push({
      label: `${next.title} — ${next.programme}${next.intern ? ` (${next.intern})` : ''}`,
      detail: `due ${next.dueOn}`,
      href: '/community/internships',
      tone: thisWeek.length ? 'urgent' : 'normal',
    })

  const summary =
    overTarget > 0
      ? `${overTarget} thread${overTarget === 1 ? '' : 's'} waited longer than ${targetHours} h for a first response.`
      : total > 0
        ? `${total === 1 ? '1 thread waits' : `${total} threads wait`} for a first response, all within ${targetHours} h.`
        : 'Every open issue, pull request, discussion, forum topic and e-mail thread has had a first response.'
  return {
    key: 'community',
    role: 'community',
    title: 'Community',
    summary,
    items,
    ...estimateCommunityMinutes({
      overTarget,
      milestonesThisWeek: thisWeek.length,
      perThread: minutesFor(context).overdueThread,
      perMilestone: minutesFor(context).internshipMilestone,
    }),
    href: '/community',
    emptyText: 'Nothing waits: no unanswered thread and no internship milestone coming up.',
  }
}
