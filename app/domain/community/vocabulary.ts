// The community area's words: every value list with the labels people see. Browser-safe (no
// database or server code), so the schema (db/schema/community.ts, internships.ts), the domain,
// the routes and the components all read them from here.
import { GITHUB_EVENT_KINDS, GITHUB_ITEM_KINDS, GITHUB_ITEM_STATES, type GithubItemKind } from '#app/integrations/github/vocabulary.ts'

// ---------------------------------------------------------------------------------------------
// What the GitHub sync stores (the lists come from the integration, which normalises to them)

export { GITHUB_EVENT_KINDS, GITHUB_ITEM_KINDS, GITHUB_ITEM_STATES }
export type { GithubItemKind }

/** As headings: "Issues: median". */
export const GITHUB_ITEM_KIND_LABELS: Record<GithubItemKind, string> = {
  issue: 'Issues',
  pull_request: 'Pull requests',
  discussion: 'Discussions',
}

/** One of them: "Issue #12". */
export const GITHUB_ITEM_KIND_NAMES: Record<GithubItemKind, string> = {
  issue: 'Issue',
  pull_request: 'Pull request',
  discussion: 'Discussion',
}

// ---------------------------------------------------------------------------------------------
// The sync

/** The units a sync works through, in this order, each with its own watermark and cursor. */
export const SYNC_KINDS = ['repository', 'issue', 'pull_request', 'discussion', 'commit'] as const
export type SyncKind = (typeof SYNC_KINDS)[number]

export const SYNC_KIND_LABELS: Record<SyncKind, string> = {
  repository: 'Stars, forks and watchers',
  issue: 'Issues',
  pull_request: 'Pull requests',
  discussion: 'Discussions',
  commit: 'Commits',
}

export const SYNC_STATUSES = ['idle', 'queued', 'running', 'succeeded', 'failed'] as const
export type SyncStatus = (typeof SYNC_STATUSES)[number]

/**
 * What the repositories page says of a kind's sync: its stored status, or, for a run or a queued
 * sync that has said nothing for too long, what that means.
 */
export const SYNC_DISPLAY_STATUSES = [...SYNC_STATUSES, 'interrupted', 'not-started'] as const
export type SyncDisplayStatus = (typeof SYNC_DISPLAY_STATUSES)[number]

export const SYNC_DISPLAY_STATUS_LABELS: Record<SyncDisplayStatus, string> = {
  idle: 'Not synced yet',
  queued: 'Queued',
  running: 'Syncing…',
  succeeded: 'Up to date',
  failed: 'Failed',
  interrupted: 'Interrupted (resumes next sync)',
  'not-started': 'Queued, not started: is the worker running?',
}

// ---------------------------------------------------------------------------------------------
// Contributors (DESIGN.md, "New contributors")

/** The kinds of contribution, as the contributors tables list them. */
export const CONTRIBUTION_KINDS = ['commit', 'issue', 'pull_request', 'discussion', 'comment', 'review', 'forum'] as const
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number]

/** In a list: "commits, issues". */
export const CONTRIBUTION_KIND_LABELS: Record<ContributionKind, string> = {
  commit: 'commits',
  issue: 'issues',
  pull_request: 'pull requests',
  discussion: 'discussions',
  comment: 'comments',
  review: 'reviews',
  forum: 'forum posts',
}

/**
 * new: first contribution in the period; returning: active in the period, first contribution
 * earlier; inactive: active in the previous period, not in this one; earlier: none of these.
 */
export const CONTRIBUTOR_STATUSES = ['new', 'returning', 'inactive', 'earlier'] as const
export type ContributorStatus = (typeof CONTRIBUTOR_STATUSES)[number]

export const CONTRIBUTOR_STATUS_LABELS: Record<ContributorStatus, string> = {
  new: 'New',
  returning: 'Returning',
  inactive: 'Inactive',
  earlier: 'Earlier',
}

// ---------------------------------------------------------------------------------------------
// Internships

export const PROGRAMME_KINDS = ['gsoc', 'outreachy', 'other'] as const
export type ProgrammeKind = (typeof PROGRAMME_KINDS)[number]

export const PROGRAMME_KIND_LABELS: Record<ProgrammeKind, string> = {
  gsoc: 'Google Summer of Code',
  outreachy: 'Outreachy',
  other: 'Other',
}

/** proposal → accepted → coding → evaluation → completed | not_completed */
export const INTERN_STATUSES = ['proposal', 'accepted', 'coding', 'evaluation', 'completed', 'not_completed'] as const
export type InternStatus = (typeof INTERN_STATUSES)[number]

export const INTERN_STATUS_LABELS: Record<InternStatus, string> = {
  proposal: 'Proposal',
  accepted: 'Accepted',
  coding: 'Coding',
  evaluation: 'Evaluation',
  completed: 'Completed',
  not_completed: 'Not completed',
}

// ---------------------------------------------------------------------------------------------
// Sources other than GitHub: Discourse forums and mailboxes (/community/sources)

export const SOURCE_KINDS = ['discourse', 'imap'] as const
export type SourceKind = (typeof SOURCE_KINDS)[number]

export const SOURCE_KIND_LABELS: Record<SourceKind, string> = {
  discourse: 'Discourse forum',
  imap: 'Mailbox (IMAP)',
}

/** Where a source's sync stands (the same words as a repository's). */
export const SOURCE_SYNC_STATUSES = ['idle', 'queued', 'running', 'succeeded', 'failed'] as const

/** The Discourse groups whose members are the forum's maintainers when the source names none. */
export const DEFAULT_MAINTAINER_GROUPS = ['staff'] as const

/**
 * The identity map's kinds (app/domain/community/identity-map.server.ts): a GitHub login, a commit
 * author's name (when GitHub links the commit to no account), a Discourse username, an e-mail
 * address. Written on the command line and in forms as `kind:value`, e.g. `github:octocat`.
 */
export const IDENTITY_KINDS = ['github', 'commit', 'forum', 'email'] as const
export type IdentityKind = (typeof IDENTITY_KINDS)[number]

export const IDENTITY_KIND_LABELS: Record<IdentityKind, string> = {
  github: 'GitHub login',
  commit: 'commit author',
  forum: 'forum username',
  email: 'e-mail address',
}
