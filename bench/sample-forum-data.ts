// A generated Discourse forum written straight into the database with bulk inserts, for the
// benchmarks: `topics` topics over `days` days ending at `end`, each with its regular replies (most
// answered by a few staff within a day or two, some by their author or other members, about one in
// eight never), whispers and small actions now and then. Deterministic for a seed.
import { db } from '#db/client.server.ts'
import { communitySources, forumPosts, forumTopics } from '#db/schema/index.ts'
import { mulberry32 } from '#db/seed/random.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR

export interface SampleForumOptions {
  topics: number
  days: number
  end: Date
  /** a fixed source id (the bench), else a new one */
  sourceId?: string
  name?: string
  seed?: number
}

export async function insertSampleForumData(options: SampleForumOptions) {
  const random = mulberry32(options.seed ?? 20261129)
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
  const staff = ['valentin', 'priya', 'tom', 'agnieszka', 'ferran']
  const members = Array.from({ length: Math.max(50, Math.round(options.topics / 8)) }, (_, i) => `member${i + 1}`)
  const [source] = await db
    .insert(communitySources)
    .values({
      ...(options.sourceId ? { id: options.sourceId } : {}),
      kind: 'discourse',
      name: options.name ?? 'Forum (bench)',
      url: `https://forum-${options.seed ?? 1}.bench.invalid`,
      categories: [],
      maintainerGroups: ['staff'],
      maintainerUsernames: staff,
      status: 'succeeded',
      lastSuccessAt: options.end,
      itemsDone: options.topics,
    })
    .returning({ id: communitySources.id })
  const sourceId = source!.id
  const start = options.end.getTime() - options.days * DAY
  let topics: (typeof forumTopics.$inferInsert)[] = []
  let posts: (typeof forumPosts.$inferInsert)[] = []
  let postId = 1
  let written = { topics: 0, posts: 0 }
  const flush = async () => {
    if (topics.length) await db.insert(forumTopics).values(topics)
    for (let i = 0; i < posts.length; i += 2000) await db.insert(forumPosts).values(posts.slice(i, i + 2000))
    written = { topics: written.topics + topics.length, posts: written.posts + posts.length }
    topics = []
    posts = []
  }
  for (let i = 0; i < options.topics; i++) {
    const topicId = i + 1
    const createdAt = new Date(start + random() * (options.end.getTime() - start))
    const author = pick(members)
    const thread: { username: string; at: number; type: number }[] = [{ username: author, at: createdAt.getTime(), type: 1 }]
    const replies = random() < 0.12 ? 0 : 1 + Math.floor(random() * 5)
    let at = createdAt.getTime()
    for (let r = 0; r < replies; r++) {
      at += Math.floor((r === 0 ? 0.2 + random() * 40 : 1 + random() * 72) * HOUR * (random() < 0.1 ? 4 : 1))
      if (at > options.end.getTime()) break
      const who = random()
      thread.push({ username: who < 0.55 ? pick(staff) : who < 0.75 ? author : pick(members), at, type: 1 })
      if (random() < 0.03) thread.push({ username: pick(staff), at: at + 60_000, type: 4 })
    }
    const first = thread.find((p, n) => n > 0 && p.type === 1 && p.username !== author)
    topics.push({
      sourceId,
      topicId,
      title: `Topic ${topicId}`,
      slug: `topic-${topicId}`,
      url: `https://forum.bench.invalid/t/topic-${topicId}/${topicId}`,
      categoryId: 5,
      categoryName: 'Q&A',
      authorUsername: author,
      createdAt,
      bumpedAt: new Date(thread.filter((p) => p.type === 1).at(-1)!.at),
      regularPostsCount: thread.filter((p) => p.type === 1).length,
      firstResponseAt: first ? new Date(first.at) : null,
      firstResponderUsername: first?.username ?? null,
      syncedAt: options.end,
    })
    thread.forEach((p, n) =>
      posts.push({
        sourceId,
        postId: postId++,
        topicId,
        postNumber: n + 1,
        username: p.username,
        createdAt: new Date(p.at),
        postType: p.type,
        authorIsStaff: staff.includes(p.username),
      }),
    )
    if (topics.length === 1000) await flush()
  }
  await flush()
  return { sourceId, ...written }
}
