// The estimate of the community manager's week (pure, so the rule is tested on its own).

export const MINUTES_PER_OVERDUE_THREAD = 10
export const MAX_TRIAGE_MINUTES = 120
export const MINUTES_PER_MILESTONE = 30

export function estimateCommunityMinutes(input: {
  overTarget: number
  milestonesThisWeek: number
  /** the person's own minutes (default: the constants above) */
  perThread?: number
  perMilestone?: number
}) {
  const perThread = input.perThread ?? MINUTES_PER_OVERDUE_THREAD
  const perMilestone = input.perMilestone ?? MINUTES_PER_MILESTONE
  const triage = Math.min(input.overTarget * perThread, MAX_TRIAGE_MINUTES)
  const milestones = input.milestonesThisWeek * perMilestone
  const parts: string[] = []
  if (input.overTarget > 0)
    parts.push(
      `${input.overTarget} thread${input.overTarget === 1 ? '' : 's'} over the response target × ${perThread} min${triage === MAX_TRIAGE_MINUTES && input.overTarget * perThread > MAX_TRIAGE_MINUTES ? ` (capped at ${MAX_TRIAGE_MINUTES} min)` : ''}`,
    )
  if (input.milestonesThisWeek > 0)
    parts.push(
      `${input.milestonesThisWeek} internship milestone${input.milestonesThisWeek === 1 ? '' : 's'} this week × ${perMilestone} min`,
    )
  return {
    minutes: triage + milestones,
    minutesExplained: parts.length ? parts.join(' + ') : 'No thread over target and no milestone this week',
  }
}

export function formatAge(hours: number) {
  if (hours < 48) return `${Math.round(hours)} h`
  const days = Math.floor(hours / 24)
  const rest = Math.floor(hours - days * 24)
  return days < 7 && rest > 0 ? `${days} days ${rest} h` : `${days} days`
}
