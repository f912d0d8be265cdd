// From GitHub's answers to rows: pure functions, no database.
import type { GithubEventKind, GithubItemKind, GithubItemState } from './vocabulary.ts'
import type { ActorNode, CommentNode, CommitNode, DiscussionNode, IssueNode, PullRequestNode } from './queries.ts'

/** GitHub `Bot` actors, and logins or commit author names ending in `[bot]`. */
export function isBotActor(actor: { __typename?: string; login?: string | null } | null | undefined): boolean {
  if (!actor) return false
  return actor.__typename === 'Bot' || isBotName(actor.login)
}

export function isBotName(name: string | null | undefined) {
  return Boolean(name && /\[bot\]$/i.test(name.trim()))
}

export interface ItemRow {
  kind: GithubItemKind
  nodeId: string
  number: number
  title: string
  url: string
  authorLogin: string | null
  authorAssociation: string | null
  authorIsBot: boolean
  state: GithubItemState
  category: string | null
  categoryIsAnswerable: boolean | null
  labels: string[]
  createdAt: Date
  updatedAt: Date
  closedAt: Date | null
  mergedAt: Date | null
  mergedByLogin: string | null
  answerChosenAt: Date | null
  answerAuthorLogin: string | null
  firstResponseAt: Date | null
  firstResponderLogin: string | null
  commentCount: number
}

export interface EventRow {
  kind: GithubEventKind
  nodeId: string
  actorLogin: string | null
  actorIsBot: boolean
  reviewState: string | null
  occurredAt: Date
}

export type AnyItemNode = IssueNode | PullRequestNode | DiscussionNode

const toDate = (value: string | null | undefined) => (value ? new Date(value) : null)

/** The comments, reviews and answer GitHub sent for an item, once each. */
export function eventsOf(kind: GithubItemKind, node: AnyItemNode): EventRow[] {
  const events = new Map<string, EventRow>()
  const comment = (c: CommentNode) => {
    events.set(c.id, {
      kind: 'comment',
      nodeId: c.id,
      actorLogin: c.author?.login ?? null,
      actorIsBot: isBotActor(c.author),
      reviewState: null,
      occurredAt: new Date(c.createdAt),
    })
  }
  node.comments?.nodes.forEach(comment)
  node.latestComments?.nodes.forEach(comment)
  if (kind === 'pull_request') {
    for (const r of (node as PullRequestNode).reviews?.nodes ?? []) {
      // A pending review is not a response yet.
      if (r.state === 'PENDING') continue
      events.set(r.id, {
        kind: 'review',
        nodeId: r.id,
        actorLogin: r.author?.login ?? null,
        actorIsBot: isBotActor(r.author),
        reviewState: r.state,
        occurredAt: new Date(r.submittedAt ?? r.createdAt),
      })
    }
  }
  if (kind === 'discussion') {
    const d = node as DiscussionNode
    if (d.answer && d.answerChosenAt) {
      const id = `answer:${d.answer.id}`
      events.set(id, {
        kind: 'answer',
        nodeId: id,
        actorLogin: d.answer.author?.login ?? null,
        actorIsBot: isBotActor(d.answer.author),
        reviewState: null,
        occurredAt: new Date(d.answerChosenAt),
      })
    }
  }
  return [...events.values()]
}

/**
 * CHAOSS time to first response: the first comment, review or answer by someone other than the
 * author, bots excluded. A chosen answer counts from when its comment was written (the comment
 * event), so only comments and reviews need looking at.
 */
export function firstResponse(authorLogin: string | null, events: EventRow[]): { at: Date; login: string | null } | null {
  let best: EventRow | null = null
  for (const e of events) {
    if (e.kind === 'answer' || e.actorIsBot) continue
    if (authorLogin !== null && e.actorLogin !== null && e.actorLogin.toLowerCase() === authorLogin.toLowerCase()) continue
    if (!best || e.occurredAt < best.occurredAt) best = e
  }
  return best ? { at: best.occurredAt, login: best.actorLogin } : null
}

function stateOf(kind: GithubItemKind, node: AnyItemNode): GithubItemState {
  if (kind === 'discussion') return (node as DiscussionNode).closed ? 'closed' : 'open'
  const state = (node as IssueNode | PullRequestNode).state
  return state === 'MERGED' ? 'merged' : state === 'CLOSED' ? 'closed' : 'open'
}

export function itemRowOf(kind: GithubItemKind, node: AnyItemNode): { item: ItemRow; events: EventRow[] } {
  const events = eventsOf(kind, node)
  const authorLogin = node.author?.login ?? null
  const first = firstResponse(authorLogin, events)
  const pr = kind === 'pull_request' ? (node as PullRequestNode) : null
  const discussion = kind === 'discussion' ? (node as DiscussionNode) : null
  return {
    item: {
      kind,
      nodeId: node.id,
      number: node.number,
      title: node.title,
      url: node.url,
      authorLogin,
      authorAssociation: node.authorAssociation ?? null,
      authorIsBot: isBotActor(node.author as ActorNode | null),
      state: stateOf(kind, node),
      category: discussion?.category?.name ?? null,
      categoryIsAnswerable: discussion ? (discussion.category?.isAnswerable ?? false) : null,
      labels: node.labels?.nodes.map((l) => l.name) ?? [],
      createdAt: new Date(node.createdAt),
      updatedAt: new Date(node.updatedAt),
      closedAt: toDate(node.closedAt),
      mergedAt: toDate(pr?.mergedAt),
      mergedByLogin: pr?.mergedBy?.login ?? null,
      answerChosenAt: discussion?.answer ? toDate(discussion.answerChosenAt) : null,
      answerAuthorLogin: discussion?.answer?.author?.login ?? null,
      firstResponseAt: first?.at ?? null,
      firstResponderLogin: first?.login ?? null,
      commentCount: node.comments?.totalCount ?? 0,
    },
    events,
  }
}

export interface CommitRow {
  sha: string
  authoredAt: Date
  committedAt: Date
  authorLogin: string | null
  authorName: string
  authorKey: string
  isBot: boolean
  isMerge: boolean
}

export function commitRowOf(node: CommitNode): CommitRow {
  const login = node.author?.user?.login ?? null
  const name = node.author?.name?.trim() || login || 'unknown'
  return {
    sha: node.oid,
    authoredAt: new Date(node.authoredDate),
    committedAt: new Date(node.committedDate),
    authorLogin: login,
    authorName: name,
    authorKey: login ?? name,
    isBot: isBotName(name) || isBotName(login),
    isMerge: node.parents.totalCount > 1,
  }
}
