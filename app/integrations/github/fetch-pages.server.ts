// Reads a repository from GitHub one page at a time and gives back plain rows: its basics, a page
// of issues, pull requests or discussions (newest-updated first, each with its comments, reviews
// and chosen answer), or a page of the default branch's commits. Nothing here stores anything:
// app/domain/community/github-ingestion.server.ts decides what to write.
import type { GithubClient } from './client.server.ts'
import { commitRowOf, type CommitRow, type EventRow, itemRowOf, type AnyItemNode, type ItemRow } from './normalize.ts'
import {
  COMMITS_QUERY,
  type CommitsAnswer,
  DISCUSSIONS_QUERY,
  ISSUES_QUERY,
  type ItemsAnswer,
  PAGE_SIZE,
  PULL_REQUESTS_QUERY,
  REPOSITORY_QUERY,
  type RepositoryAnswer,
} from './queries.ts'
import type { GithubItemKind } from './vocabulary.ts'

/** A repository as GitHub names it. */
export interface RepositoryRef {
  owner: string
  name: string
}

export interface RepositoryInfo {
  nodeId: string
  defaultBranch: string | null
  hasDiscussions: boolean
  stars: number
  forks: number
  watchers: number
}

/** The repository's basics and today's counts; null when GitHub does not know it (or the token cannot read it). */
export async function fetchRepositoryInfo(client: GithubClient, repository: RepositoryRef): Promise<RepositoryInfo | null> {
  const answer = await client.query<RepositoryAnswer>(REPOSITORY_QUERY, { owner: repository.owner, name: repository.name })
  const info = answer.repository
  if (!info) return null
  return {
    nodeId: info.id,
    defaultBranch: info.defaultBranchRef?.name ?? null,
    hasDiscussions: info.hasDiscussionsEnabled,
    stars: info.stargazerCount,
    forks: info.forkCount,
    watchers: info.watchers.totalCount,
  }
}

export interface Page<Row> {
  rows: Row[]
  /** as GitHub reports it (the connection's totalCount) */
  totalCount: number
  endCursor: string | null
  hasNextPage: boolean
}

export type ItemPage = Page<{ item: ItemRow; events: EventRow[] }>

const ITEM_QUERIES: Record<GithubItemKind, string> = {
  issue: ISSUES_QUERY,
  pull_request: PULL_REQUESTS_QUERY,
  discussion: DISCUSSIONS_QUERY,
}

/**
 * One page of a repository's items of a kind, newest-updated first, after the cursor `after`;
 * null when GitHub does not know the repository (or the token cannot read it).
 */
export async function fetchItemPage(
  client: GithubClient,
  repository: RepositoryRef,
  kind: GithubItemKind,
  after: string | null,
): Promise<ItemPage | null> {
  const answer = await client.query<ItemsAnswer<AnyItemNode>>(ITEM_QUERIES[kind], {
    owner: repository.owner,
    name: repository.name,
    first: PAGE_SIZE,
    after,
  })
  const connection = answer.repository?.items
  if (!connection) return null
  return {
    rows: connection.nodes.filter(Boolean).map((node) => itemRowOf(kind, node)),
    totalCount: connection.totalCount,
    endCursor: connection.pageInfo.endCursor,
    hasNextPage: connection.pageInfo.hasNextPage,
  }
}

/**
 * One page of the default branch's commits committed at or after `since` (GitHub's `since` is
 * inclusive), newest first; null when there is no history to read (an empty repository has no
 * default branch). The query finds the default branch itself.
 */
export async function fetchCommitPage(
  client: GithubClient,
  repository: RepositoryRef,
  page: { after: string | null; since: string | null },
): Promise<Page<CommitRow> | null> {
  const answer = await client.query<CommitsAnswer>(COMMITS_QUERY, {
    owner: repository.owner,
    name: repository.name,
    first: PAGE_SIZE,
    after: page.after,
    since: page.since,
  })
  const target = answer.repository?.defaultBranchRef?.target
  const history = target && 'history' in target ? target.history : null
  if (!history) return null
  return {
    rows: history.nodes.map(commitRowOf),
    totalCount: history.totalCount,
    endCursor: history.pageInfo.endCursor,
    hasNextPage: history.pageInfo.hasNextPage,
  }
}
