import { randomUUID } from 'node:crypto'
import { db } from '#db/client.server.ts'
import {
  commits,
  communitySources,
  forumPosts,
  githubItemEvents,
  githubItems,
  type NewGithubItem,
  repositories,
  repositorySnapshots,
} from '#db/schema/index.ts'

let sequence = 0

export async function insertRepository(owner = 'pybamm-team', name = `repo-${++sequence}`) {
  const [repo] = await db.insert(repositories).values({ owner, name, defaultBranch: 'main' }).returning()
  return repo!
}

export function buildItem(repositoryId: string, overrides: Partial<NewGithubItem> & Pick<NewGithubItem, 'createdAt'>): NewGithubItem {
  sequence += 1
  const kind = overrides.kind ?? 'issue'
  return {
    repositoryId,
    kind,
    nodeId: `node-${randomUUID()}`,
    number: sequence,
    title: `Item ${sequence}`,
    url: `https://github.com/pybamm-team/PyBaMM/${kind === 'discussion' ? 'discussions' : kind === 'pull_request' ? 'pull' : 'issues'}/${sequence}`,
    authorLogin: `user${sequence}`,
    authorAssociation: 'NONE',
    state: overrides.closedAt ? 'closed' : 'open',
    updatedAt: overrides.createdAt,
    ...overrides,
  }
}

export async function insertItem(repositoryId: string, overrides: Partial<NewGithubItem> & Pick<NewGithubItem, 'createdAt'>) {
  const [item] = await db.insert(githubItems).values(buildItem(repositoryId, overrides)).returning()
  return item!
}

/** A commit by `author`: a GitHub login, or with `linked: false` an author's name GitHub links to no account. */
export async function insertCommit(
  repositoryId: string,
  input: { author: string; at: Date; isBot?: boolean; isMerge?: boolean; linked?: boolean },
) {
  await db.insert(commits).values({
    repositoryId,
    sha: randomUUID().replace(/-/g, ''),
    authoredAt: input.at,
    committedAt: input.at,
    authorLogin: input.linked === false ? null : input.author,
    authorName: input.author,
    authorKey: input.author,
    isBot: input.isBot ?? false,
    isMerge: input.isMerge ?? false,
  })
}

export async function insertEvent(
  item: { id: string; repositoryId: string },
  input: { actor: string; at: Date; kind?: 'comment' | 'review' | 'answer'; isBot?: boolean },
) {
  await db.insert(githubItemEvents).values({
    itemId: item.id,
    repositoryId: item.repositoryId,
    kind: input.kind ?? 'comment',
    nodeId: `ev-${randomUUID()}`,
    actorLogin: input.actor,
    actorIsBot: input.isBot ?? false,
    occurredAt: input.at,
  })
}

export async function insertSnapshot(repositoryId: string, day: string, stars: number, forks = Math.round(stars / 5)) {
  await db.insert(repositorySnapshots).values({ repositoryId, day, stars, forks, watchers: 10 })
}

export async function insertForumSource(name = `Forum ${++sequence}`) {
  const [source] = await db
    .insert(communitySources)
    .values({ kind: 'discourse', name, url: `https://forum-${sequence}.example.org` })
    .returning()
  return source!
}

let postSequence = 0

/** A post on a synced forum; `postType` 1 (regular) unless given. */
export async function insertForumPost(sourceId: string, input: { username: string; at: Date; postType?: number; topicId?: number }) {
  postSequence += 1
  await db.insert(forumPosts).values({
    sourceId,
    postId: postSequence,
    topicId: input.topicId ?? postSequence,
    postNumber: 1,
    username: input.username,
    createdAt: input.at,
    postType: input.postType ?? 1,
  })
}
