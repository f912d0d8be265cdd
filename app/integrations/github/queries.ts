// The GraphQL documents the sync sends to GitHub, and the shapes of their answers.
//
// Budget rules (DESIGN.md "GitHub sync"): pages of 100 (GitHub's maximum), newest-updated first,
// every query reads `rateLimit`, and the first responses come inside the same query — the first
// and the latest comments (and reviews) of every item, never one request per item.
//
// Size: a page of 100 items asks for 100 × (20 labels + 2 × 10 comments + 20 reviews) nested nodes
// at most — a few thousand, far under GitHub's 500,000-node limit, for about 5 points per page.
// Every document is validated against GitHub's published schema in queries.test.ts.

export const PAGE_SIZE = 100
/** Comments read from each end of an item's thread. */
export const COMMENTS_PER_END = 10
export const REVIEWS_PER_ITEM = 20
export const LABELS_PER_ITEM = 20

const RATE_LIMIT = /* GraphQL */ `
  rateLimit {
    cost
    limit
    remaining
    resetAt
  }
`

const ACTOR = /* GraphQL */ `
  fragment ActorFields on Actor {
    __typename
    login
  }
`

const COMMENT_CONNECTIONS = /* GraphQL */ `
        comments(first: ${COMMENTS_PER_END}) {
          totalCount
          nodes {
            id
            createdAt
            author {
              ...ActorFields
            }
          }
        }
        latestComments: comments(last: ${COMMENTS_PER_END}) {
          nodes {
            id
            createdAt
            author {
              ...ActorFields
            }
          }
        }
`

export const REPOSITORY_QUERY = /* GraphQL */ `
  query StewardRepository($owner: String!, $name: String!) {
    ${RATE_LIMIT}
    repository(owner: $owner, name: $name) {
      id
      nameWithOwner
      hasDiscussionsEnabled
      defaultBranchRef {
        name
      }
      stargazerCount
      forkCount
      watchers {
        totalCount
      }
    }
  }
`

export const ISSUES_QUERY = /* GraphQL */ `
  query StewardIssues($owner: String!, $name: String!, $first: Int!, $after: String) {
    ${RATE_LIMIT}
    repository(owner: $owner, name: $name) {
      items: issues(first: $first, after: $after, orderBy: { field: UPDATED_AT, direction: DESC }) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          number
          title
          url
          state
          createdAt
          updatedAt
          closedAt
          authorAssociation
          author {
            ...ActorFields
          }
          labels(first: ${LABELS_PER_ITEM}) {
            nodes {
              name
            }
          }
          ${COMMENT_CONNECTIONS}
        }
      }
    }
  }
  ${ACTOR}
`

export const PULL_REQUESTS_QUERY = /* GraphQL */ `
  query StewardPullRequests($owner: String!, $name: String!, $first: Int!, $after: String) {
    ${RATE_LIMIT}
    repository(owner: $owner, name: $name) {
      items: pullRequests(first: $first, after: $after, orderBy: { field: UPDATED_AT, direction: DESC }) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          number
          title
          url
          state
          createdAt
          updatedAt
          closedAt
          mergedAt
          mergedBy {
            ...ActorFields
          }
          authorAssociation
          author {
            ...ActorFields
          }
          labels(first: ${LABELS_PER_ITEM}) {
            nodes {
              name
            }
          }
          ${COMMENT_CONNECTIONS}
          reviews(first: ${REVIEWS_PER_ITEM}) {
            nodes {
              id
              state
              createdAt
              submittedAt
              author {
                ...ActorFields
              }
            }
          }
        }
      }
    }
  }
  ${ACTOR}
`

export const DISCUSSIONS_QUERY = /* GraphQL */ `
  query StewardDiscussions($owner: String!, $name: String!, $first: Int!, $after: String) {
    ${RATE_LIMIT}
    repository(owner: $owner, name: $name) {
      items: discussions(first: $first, after: $after, orderBy: { field: UPDATED_AT, direction: DESC }) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          number
          title
          url
          closed
          createdAt
          updatedAt
          closedAt
          authorAssociation
          author {
            ...ActorFields
          }
          category {
            name
            isAnswerable
          }
          answerChosenAt
          answer {
            id
            createdAt
            author {
              ...ActorFields
            }
          }
          labels(first: ${LABELS_PER_ITEM}) {
            nodes {
              name
            }
          }
          ${COMMENT_CONNECTIONS}
        }
      }
    }
  }
  ${ACTOR}
`

/** The default branch's history, newest first, from `since` (the last commit time already stored). */
export const COMMITS_QUERY = /* GraphQL */ `
  query StewardCommits($owner: String!, $name: String!, $first: Int!, $after: String, $since: GitTimestamp) {
    ${RATE_LIMIT}
    repository(owner: $owner, name: $name) {
      defaultBranchRef {
        name
        target {
          __typename
          ... on Commit {
            history(first: $first, after: $after, since: $since) {
              totalCount
              pageInfo {
                hasNextPage
                endCursor
              }
              nodes {
                oid
                authoredDate
                committedDate
                author {
                  name
                  user {
                    login
                  }
                }
                parents {
                  totalCount
                }
              }
            }
          }
        }
      }
    }
  }
`

export const ALL_QUERIES = {
  REPOSITORY_QUERY,
  ISSUES_QUERY,
  PULL_REQUESTS_QUERY,
  DISCUSSIONS_QUERY,
  COMMITS_QUERY,
}

// ---- answer shapes -------------------------------------------------------------------------

export interface RateLimitInfo {
  cost: number
  limit: number
  remaining: number
  resetAt: string
}

export interface ActorNode {
  __typename: string
  login: string
}

export interface CommentNode {
  id: string
  createdAt: string
  author: ActorNode | null
}

export interface ReviewNode {
  id: string
  state: string
  createdAt: string
  submittedAt: string | null
  author: ActorNode | null
}

export interface PageInfo {
  hasNextPage: boolean
  endCursor: string | null
}

interface ItemNodeBase {
  id: string
  number: number
  title: string
  url: string
  createdAt: string
  updatedAt: string
  closedAt: string | null
  authorAssociation: string
  author: ActorNode | null
  labels: { nodes: Array<{ name: string }> } | null
  comments: { totalCount: number; nodes: CommentNode[] }
  latestComments: { nodes: CommentNode[] }
}

export interface IssueNode extends ItemNodeBase {
  state: 'OPEN' | 'CLOSED'
}

export interface PullRequestNode extends ItemNodeBase {
  state: 'OPEN' | 'CLOSED' | 'MERGED'
  mergedAt: string | null
  mergedBy: ActorNode | null
  reviews: { nodes: ReviewNode[] } | null
}

export interface DiscussionNode extends ItemNodeBase {
  closed: boolean
  category: { name: string; isAnswerable: boolean }
  answerChosenAt: string | null
  answer: CommentNode | null
}

export interface ItemsAnswer<Node> {
  rateLimit: RateLimitInfo | null
  repository: {
    items: { totalCount: number; pageInfo: PageInfo; nodes: Node[] }
  } | null
}

export interface RepositoryAnswer {
  rateLimit: RateLimitInfo | null
  repository: {
    id: string
    nameWithOwner: string
    hasDiscussionsEnabled: boolean
    defaultBranchRef: { name: string } | null
    stargazerCount: number
    forkCount: number
    watchers: { totalCount: number }
  } | null
}

export interface CommitNode {
  oid: string
  authoredDate: string
  committedDate: string
  author: { name: string | null; user: { login: string } | null } | null
  parents: { totalCount: number }
}

export interface CommitsAnswer {
  rateLimit: RateLimitInfo | null
  repository: {
    defaultBranchRef: {
      name: string
      target:
        | {
            __typename: 'Commit'
            history: { totalCount: number; pageInfo: PageInfo; nodes: CommitNode[] }
          }
        | { __typename: string }
        | null
    } | null
  } | null
}
