import { minutesFor, type WeekContext } from '#app/domain/this-week/context.ts'
import type { WeekCard, WeekCardItem } from '#app/domain/this-week/week.ts'
import { listInternshipMilestones } from './internships.server.ts'
import { estimateCommunityMinutes, formatAge } from './this-week.ts'
import { countEmailTriageBySource, listEmailTriageQueue } from './email-triage.server.ts'
import { countForumTriageBySource, listForumTriageQueue } from './forum-triage.server.ts'
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

/** How many threads the card names: the oldest over the target, wherever they were asked. */
const OLDEST_SHOWN = 3

/**
 * The Community card on This week: the oldest threads over the response target across GitHub,
 * forums and mailboxes, how many more each source holds (the triage queue's counts, so what is set
 * aside is not counted), and the next internship milestone. The card goes to the community role,
 * who sees an e-mail's subject on /community/triage too.
 */
export async function communityWeekCard(context: WeekContext): Promise<WeekCard> {
  const now = context.now
  const targetHours = await readResponseTargetHours()
  const github = await countTriage({ now, targetHours })
  // Forum topics and e-mail threads over target, per source (each list holds the sources with waiting threads).
  const forums = await countForumTriageBySource({ now, targetHours })
  const mailboxes = await countEmailTriageBySource({ now, targetHours })
  const sources = [...forums, ...mailboxes]
  const overTarget = github.overTarget + sources.reduce((n, f) => n + f.overTarget, 0)
  const total = github.total + sources.reduce((n, f) => n + f.total, 0)
  const anyOver = (counts: { overTarget: number }[]) => counts.some((c) => c.overTarget > 0)
  const limit = OLDEST_SHOWN
  const [githubOldest, forumOldest, emailOldest] = await Promise.all([
    github.overTarget > 0 ? listTriageQueue({ now, targetHours, limit }) : [],
    anyOver(forums) ? listForumTriageQueue({ now, targetHours, limit }) : [],
    anyOver(mailboxes) ? listEmailTriageQueue({ now, targetHours, withSenders: true, limit }) : [],
  ])
  const oldest = [...githubOldest, ...forumOldest, ...emailOldest]
    .filter((i) => i.overTarget)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .slice(0, OLDEST_SHOWN)
  const shownOf = (sourceId: string | null) =>
    oldest.filter((i) => (i.kind === 'forum' || i.kind === 'email' ? i.sourceId === sourceId : sourceId === null)).length
  const weekFrom = context.week.start.toISODate()!
  const weekTo = context.week.end.toISODate()!
  const upcoming = await listInternshipMilestones({ from: weekFrom, to: context.week.start.plus({ days: 90 }).toISODate()! })
  const thisWeek = upcoming.filter((m) => m.dueOn >= weekFrom && m.dueOn < weekTo)
  const next = upcoming[0]

  const waiting = (ageHours: number) => `waiting ${formatAge(ageHours)} (target ${targetHours} h)`
  const items: WeekCardItem[] = oldest.map((i) => {
    if (i.kind === 'forum')
      return {
        label: `Forum topic #${i.number}: ${i.title}`,
        detail: `${waiting(i.ageHours)}, ${i.repository}`,
        href: `/community/triage?source=${i.sourceId}`,
        tone: 'urgent',
      }
    if (i.kind === 'email')
      return {
        label: `E-mail: ${i.subject || '(no subject)'}`,
        detail: `${waiting(i.ageHours)}, ${i.mailbox}`,
        href: `/community/triage?source=${i.sourceId}`,
        tone: 'urgent',
      }
    return {
      label: `${GITHUB_ITEM_KIND_NAMES[i.kind]} #${i.number}: ${i.title}`,
      detail: waiting(i.ageHours),
      href: '/community/triage',
      tone: 'urgent',
    }
  })
  const githubMore = github.overTarget - shownOf(null)
  if (githubMore > 0)
    items.push({
      label: `${githubMore} more on GitHub over the target`,
      detail: describeGithubOverTarget(github.byKind),
      href: '/community/triage?source=github',
      tone: 'urgent',
    })
  // each forum's and mailbox's rest: "N more" when one of its threads is named above
  const rests = [...forums.map((f) => ({ ...f, noun: 'topic' })), ...mailboxes.map((m) => ({ ...m, noun: 'thread' }))]
  for (const source of rests) {
    const shown = shownOf(source.sourceId)
    const more = source.overTarget - shown
    if (more > 0)
      items.push({
        label: `${source.name}: ${more}${shown > 0 ? ' more' : ''} ${source.noun}${more === 1 ? '' : 's'} over the target`,
        detail: `${source.total} waiting`,
        href: `/community/triage?source=${source.sourceId}`,
        tone: 'urgent',
      })
  }
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
