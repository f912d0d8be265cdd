// The values GitHub's answers are normalised to (normalize.ts): plain lists, so the integration
// needs nothing from the domain. The community vocabulary (app/domain/community/vocabulary.ts)
// builds on them and gives them their labels.

export const GITHUB_ITEM_KINDS = ['issue', 'pull_request', 'discussion'] as const
export type GithubItemKind = (typeof GITHUB_ITEM_KINDS)[number]

/** Item states, lower case: issues open|closed, pull requests open|closed|merged, discussions open|closed. */
export const GITHUB_ITEM_STATES = ['open', 'closed', 'merged'] as const
export type GithubItemState = (typeof GITHUB_ITEM_STATES)[number]

/** What a response on an item is: a comment, a pull-request review, or a discussion's chosen answer. */
export const GITHUB_EVENT_KINDS = ['comment', 'review', 'answer'] as const
export type GithubEventKind = (typeof GITHUB_EVENT_KINDS)[number]
