// Demo data for the forum: a Discourse source shaped like PyBaMM's forum, with six months of
// topics in Q&A, General and Show and tell — most answered within a day by a handful of staff,
// some by other members, a few long threads, whispers and small actions here and there, some
// solved, and a dozen recent ones still waiting (a few over the response target) for triage.
// The address is under .invalid, so a sync of the demo forum fails at once and touches nothing.
// Idempotent: deterministic ids, inserted with ON CONFLICT DO NOTHING.
import { eq } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { communitySources, forumPosts, forumTopics } from '#db/schema/index.ts'
import { mulberry32 } from './random.ts'
import type { DemoContext, DemoSeeder } from './seeder.ts'

export const DEMO_FORUM_URL = 'https://forum.demo.steward.invalid'
const HOUR = 3_600_000
const DAY = 24 * HOUR
const TOPICS = 160
const STAFF = ['valentin', 'priya', 'tom', 'agnieszka']
const CATEGORIES = [
  { id: 5, name: 'Q&A' },
  { id: 6, name: 'General' },
  { id: 7, name: 'Show and tell' },
]
const WORDS = ['SPMe', 'DFN', 'solver', 'parameter set', 'drive cycle', 'thermal model', 'IDAKLU', 'CasADi', 'experiment', 'degradation']

async function seedForum(context: DemoContext) {
  const random = mulberry32(20260821)
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]
  const members = Array.from({ length: 60 }, (_, i) => `member${i + 1}`)
  let [source] = await db.select().from(communitySources).where(eq(communitySources.url, DEMO_FORUM_URL))
  if (!source) {
    ;[source] = await db
      .insert(communitySources)
      .values({
        kind: 'discourse',
        name: 'PyBaMM Discourse (demo)',
        url: DEMO_FORUM_URL,
        categories: [],
        maintainerGroups: ['staff'],
        maintainerUsernames: STAFF,
        status: 'succeeded',
        lastSuccessAt: context.now,
        itemsDone: TOPICS,
        addedById: context.users.community.id,
      })
      .returning()
  }
  const topics: (typeof forumTopics.$inferInsert)[] = []
  const posts: (typeof forumPosts.$inferInsert)[] = []
  let postId = 1000
  const start = context.now.getTime() - 182 * DAY
  for (let i = 0; i < TOPICS; i++) {
    const topicId = 100 + i
    // Spread over six months; the last dozen in the past four days.
    const createdAt = new Date(i < TOPICS - 12 ? start + (i / (TOPICS - 12)) * 178 * DAY : context.now.getTime() - (TOPICS - i) * 7 * HOUR)
    const author = pick(members)
    const category = random() < 0.65 ? CATEGORIES[0] : random() < 0.7 ? CATEGORIES[1] : CATEGORIES[2]
    const title = `${pick(WORDS)}: ${pick(['how do I', 'error with', 'question about', 'results of', 'comparing'])} ${pick(WORDS)} (${i + 1})`
    const slug = title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
    const thread: { username: string; at: Date; type: number }[] = [{ username: author, at: createdAt, type: 1 }]
    const recent = i >= TOPICS - 12
    const replies = recent ? (random() < 0.25 ? 1 : 0) : random() < 0.12 ? 0 : random() < 0.95 ? 1 + Math.floor(random() * 4) : 22
    let at = createdAt.getTime()
    for (let r = 0; r < replies; r++) {
      at += (r === 0 ? 1 + Math.floor(random() * 30) : 1 + Math.floor(random() * 48)) * HOUR * (random() < 0.1 ? 3 : 1)
      if (at > context.now.getTime()) break
      const who = random()
      thread.push({ username: who < 0.55 ? pick(STAFF) : who < 0.75 ? author : pick(members), at: new Date(at), type: 1 })
      if (random() < 0.03) thread.push({ username: pick(STAFF), at: new Date(at + 60_000), type: 4 })
    }
    const closed = !recent && random() < 0.07
    if (closed) thread.push({ username: pick(STAFF), at: new Date(at + DAY), type: 3 })
    const first = thread.find((p, n) => n > 0 && p.type === 1 && p.username !== author)
    const answer = thread.findIndex((p, n) => n > 0 && p.type === 1 && p.username !== author)
    topics.push({
      sourceId: source!.id,
      topicId,
      title,
      slug,
      url: `${DEMO_FORUM_URL}/t/${slug}/${topicId}`,
      categoryId: category.id,
      categoryName: category.name,
      authorUsername: author,
      createdAt,
      bumpedAt: thread.filter((p) => p.type === 1).at(-1)!.at,
      closed,
      acceptedAnswerPostNumber: category.id === 5 && answer > 0 && random() < 0.4 ? answer + 1 : null,
      regularPostsCount: thread.filter((p) => p.type === 1).length,
      firstResponseAt: first?.at ?? null,
      firstResponderUsername: first?.username ?? null,
      syncedAt: context.now,
    })
    thread.forEach((p, n) =>
      posts.push({
        sourceId: source!.id,
        postId: postId++,
        topicId,
        postNumber: n + 1,
        username: p.username,
        createdAt: p.at,
        postType: p.type,
        replyToPostNumber: n > 1 && random() < 0.3 ? 2 : null,
        authorIsStaff: STAFF.includes(p.username),
      }),
    )
  }
  for (let i = 0; i < topics.length; i += 200)
    await db
      .insert(forumTopics)
      .values(topics.slice(i, i + 200))
      .onConflictDoNothing()
  for (let i = 0; i < posts.length; i += 500)
    await db
      .insert(forumPosts)
      .values(posts.slice(i, i + 500))
      .onConflictDoNothing()
  context.log(`demo: forum with ${topics.length} topics and ${posts.length} posts`)
}

export const forumDemoSeeder: DemoSeeder = { name: 'forum', seed: seedForum }
