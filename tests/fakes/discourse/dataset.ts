// The forum the Discourse stand-in serves: users, categories, groups, topics and their posts,
// kept the way Discourse keeps them, so the answers follow from the data rather than from a script.
//
// Rules taken from Discourse core (checked in the sources named beside each):
// - A post's number is the topic's next number, whispers included, so readers who cannot see
//   whispers see gaps (Topic.next_post_number).
// - A regular post bumps the topic (bumped_at) and sets last_posted_at; a small action or a
//   moderator post sets last_posted_at without bumping ("We don't bump moderator posts");
//   a whisper does neither (PostCreator#update_topic_stats: only non-whisper posts update them).
// - posts_count and highest_post_number leave whispers out (Topic.reset_highest: post_type <> 4).
// - Accepting an answer (Solved) records the answer and the accepter and bumps nothing
//   (discourse-solved plugin.rb accept_answer!): no post, no timestamp that the API shows.
// - `staff`, `admins` and `moderators` are automatic groups whose members follow the users'
//   admin and moderator flags (Group.refresh_automatic_group!); Discourse makes them visible
//   to signed-in users only.
//
// Two ways to build one: by hand for a test (createForum + addUser/addTopic/addPost…), or
// generateForum({ seed, topics }) for demos and benchmarks; both are deterministic.

export const PostType = { regular: 1, moderatorAction: 2, smallAction: 3, whisper: 4 } as const
export type PostTypeNumber = (typeof PostType)[keyof typeof PostType]

export interface FakeUser {
  id: number
  username: string
  name: string
  admin: boolean
  moderator: boolean
  trustLevel: number
  createdAt: string
}

export interface FakeCategory {
  id: number
  name: string
  slug: string
  color: string
  description: string | null
  parentCategoryId: number | null
  position: number
}

export interface FakeGroup {
  name: string
  automatic: boolean
  /** Discourse's visibility_level: who may see the group and its members */
  visibility: 'public' | 'logged_on_users'
  /** user ids; ignored for automatic groups, whose members follow the users' flags */
  memberIds: number[]
  ownerIds: number[]
  addedAt: Record<number, string>
}

export interface FakePost {
  id: number
  topicId: number
  postNumber: number
  userId: number
  postType: PostTypeNumber
  replyToPostNumber: number | null
  createdAt: string
  cooked: string
  actionCode: string | null
}

export interface FakeTopic {
  id: number
  title: string
  slug: string
  categoryId: number
  userId: number
  createdAt: string
  bumpedAt: string
  lastPostedAt: string
  closed: boolean
  archived: boolean
  visible: boolean
  pinnedGlobally: boolean
  pinnedAt: string | null
  views: number
  posts: FakePost[]
  /** Solved: the accepted post's id and who accepted it */
  acceptedAnswerPostId: number | null
  accepterUserId: number | null
}

export interface FakeForum {
  title: string
  description: string
  users: FakeUser[]
  categories: FakeCategory[]
  groups: FakeGroup[]
  topics: FakeTopic[]
  /** bumped on every change, so the server knows to re-sort */
  version: number
  nextIds: { user: number; category: number; topic: number; post: number }
}

const STAFF_GROUPS = ['admins', 'moderators', 'staff'] as const

export function createForum(options: { title?: string; description?: string } = {}): FakeForum {
  const forum: FakeForum = {
    title: options.title ?? 'PyBaMM Forum',
    description: options.description ?? 'Questions and answers about PyBaMM, the Python Battery Mathematical Modelling package',
    users: [],
    categories: [],
    groups: STAFF_GROUPS.map((name) => ({
      name,
      automatic: true,
      visibility: 'logged_on_users',
      memberIds: [],
      ownerIds: [],
      addedAt: {},
    })),
    topics: [],
    version: 0,
    nextIds: { user: 1, category: 1, topic: 1, post: 1 },
  }
  // Discourse's own system user (id -1) is an admin; the API acts as it by default.
  forum.users.push({
    id: -1,
    username: 'system',
    name: 'system',
    admin: true,
    moderator: true,
    trustLevel: 4,
    createdAt: '2020-01-01T00:00:00.000Z',
  })
  addCategory(forum, { name: 'Uncategorized', slug: 'uncategorized' })
  return forum
}

export function slugify(text: string) {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'topic'
  )
}

export function addUser(
  forum: FakeForum,
  user: { username: string; name?: string; admin?: boolean; moderator?: boolean; trustLevel?: number; createdAt?: string },
): FakeUser {
  if (findUser(forum, user.username)) throw new Error(`user ${user.username} exists`)
  const created: FakeUser = {
    id: forum.nextIds.user++,
    username: user.username,
    name: user.name ?? '',
    admin: user.admin ?? false,
    moderator: user.moderator ?? false,
    trustLevel: user.trustLevel ?? (user.admin || user.moderator ? 4 : 1),
    createdAt: user.createdAt ?? '2022-01-01T00:00:00.000Z',
  }
  forum.users.push(created)
  forum.version++
  return created
}

// Usernames → users, rebuilt when the list grows (a generated forum looks users up 100,000 times).
const usersByName = new WeakMap<FakeForum, { count: number; map: Map<string, FakeUser> }>()

export function findUser(forum: FakeForum, username: string) {
  let index = usersByName.get(forum)
  if (!index || index.count !== forum.users.length) {
    index = { count: forum.users.length, map: new Map(forum.users.map((u) => [u.username.toLowerCase(), u])) }
    usersByName.set(forum, index)
  }
  return index.map.get(username.toLowerCase())
}

function requireUser(forum: FakeForum, username: string) {
  const user = findUser(forum, username)
  if (!user) throw new Error(`no user ${username}`)
  return user
}

export function isStaff(user: FakeUser) {
  return user.admin || user.moderator
}

export function addCategory(
  forum: FakeForum,
  category: { name: string; slug?: string; color?: string; description?: string | null; parentCategoryId?: number | null },
): FakeCategory {
  const created: FakeCategory = {
    id: forum.nextIds.category++,
    name: category.name,
    slug: category.slug ?? slugify(category.name),
    color: category.color ?? '0088CC',
    description: category.description ?? null,
    parentCategoryId: category.parentCategoryId ?? null,
    position: forum.categories.length,
  }
  forum.categories.push(created)
  forum.version++
  return created
}

export function addGroup(
  forum: FakeForum,
  group: { name: string; usernames: string[]; owners?: string[]; visibility?: FakeGroup['visibility']; addedAt?: string },
): FakeGroup {
  const ids = (names: string[]) => names.map((n) => requireUser(forum, n).id)
  const memberIds = ids([...new Set([...group.usernames, ...(group.owners ?? [])])])
  const created: FakeGroup = {
    name: group.name,
    automatic: false,
    visibility: group.visibility ?? 'public',
    memberIds,
    ownerIds: ids(group.owners ?? []),
    addedAt: Object.fromEntries(memberIds.map((id) => [id, group.addedAt ?? '2023-01-01T00:00:00.000Z'])),
  }
  forum.groups.push(created)
  forum.version++
  return created
}

/** Members of a group; automatic groups follow the users' flags, as Discourse refreshes them. */
export function groupMemberIds(forum: FakeForum, group: FakeGroup): number[] {
  if (!group.automatic) return group.memberIds
  // Discourse's human_users: the system user (id <= 0) is never listed.
  const humans = forum.users.filter((u) => u.id > 0)
  if (group.name === 'admins') return humans.filter((u) => u.admin).map((u) => u.id)
  if (group.name === 'moderators') return humans.filter((u) => u.moderator).map((u) => u.id)
  return humans.filter(isStaff).map((u) => u.id)
}

export function findTopic(forum: FakeForum, id: number) {
  return forum.topics.find((t) => t.id === id)
}

function requireTopic(forum: FakeForum, id: number) {
  const topic = findTopic(forum, id)
  if (!topic) throw new Error(`no topic ${id}`)
  return topic
}

const iso = (at: string | Date) => new Date(at).toISOString()

export function addTopic(
  forum: FakeForum,
  topic: { title: string; author: string; at: string | Date; category?: string | number; pinnedGlobally?: boolean; views?: number },
): FakeTopic {
  const user = requireUser(forum, topic.author)
  const category =
    topic.category === undefined
      ? forum.categories[0]
      : forum.categories.find((c) => c.id === topic.category || c.slug === topic.category || c.name === topic.category)
  if (!category) throw new Error(`no category ${topic.category}`)
  const at = iso(topic.at)
  const created: FakeTopic = {
    id: forum.nextIds.topic++,
    title: topic.title,
    slug: slugify(topic.title),
    categoryId: category.id,
    userId: user.id,
    createdAt: at,
    bumpedAt: at,
    lastPostedAt: at,
    closed: false,
    archived: false,
    visible: true,
    pinnedGlobally: topic.pinnedGlobally ?? false,
    pinnedAt: topic.pinnedGlobally ? at : null,
    views: topic.views ?? 0,
    posts: [],
    acceptedAnswerPostId: null,
    accepterUserId: null,
  }
  forum.topics.push(created)
  addPost(forum, created.id, { author: topic.author, at, cooked: `<p>${escapeHtml(topic.title)}</p>` })
  return created
}

export function addPost(
  forum: FakeForum,
  topicId: number,
  post: { author: string; at: string | Date; type?: PostTypeNumber; replyTo?: number | null; cooked?: string; actionCode?: string | null },
): FakePost {
  const topic = requireTopic(forum, topicId)
  const user = requireUser(forum, post.author)
  const type = post.type ?? PostType.regular
  const at = iso(post.at)
  const created: FakePost = {
    id: forum.nextIds.post++,
    topicId,
    postNumber: (topic.posts.at(-1)?.postNumber ?? 0) + 1,
    userId: user.id,
    postType: type,
    replyToPostNumber: post.replyTo ?? null,
    createdAt: at,
    cooked: post.cooked ?? (post.actionCode ? '' : `<p>Post ${topic.posts.length + 1} in “${escapeHtml(topic.title)}”.</p>`),
    actionCode: post.actionCode ?? null,
  }
  topic.posts.push(created)
  if (type !== PostType.whisper) {
    topic.lastPostedAt = at
    if (type === PostType.regular) topic.bumpedAt = at
  }
  forum.version++
  return created
}

/** Solved: the topic's author or staff accepts a reply. Nothing is bumped and no time is kept. */
export function acceptAnswer(forum: FakeForum, topicId: number, postNumber: number, accepter: string) {
  const topic = requireTopic(forum, topicId)
  const post = topic.posts.find((p) => p.postNumber === postNumber)
  if (!post) throw new Error(`topic ${topicId} has no post ${postNumber}`)
  topic.acceptedAnswerPostId = post.id
  topic.accepterUserId = requireUser(forum, accepter).id
  forum.version++
}

/** A moderator closes the topic: a small action post "closed.enabled", not bumped. */
export function closeTopic(forum: FakeForum, topicId: number, by: string, at: string | Date) {
  const topic = requireTopic(forum, topicId)
  topic.closed = true
  return addPost(forum, topicId, { author: by, at, type: PostType.smallAction, actionCode: 'closed.enabled' })
}

function escapeHtml(text: string) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** Mulberry32: a small seeded generator, so the same seed always gives the same forum. */
function seededRandom(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface GenerateOptions {
  seed?: number
  topics: number
  /** the newest activity; topics are created over the two years before it */
  until?: string
  members?: number
  admins?: number
  moderators?: number
}

const WORDS = [
  'battery',
  'model',
  'solver',
  'SPMe',
  'DFN',
  'parameter',
  'experiment',
  'thermal',
  'degradation',
  'electrolyte',
  'diffusivity',
  'simulation',
  'CasADi',
  'IDAKLU',
  'drive cycle',
  'voltage',
  'capacity',
  'install',
  'plot',
  'OCP',
]

/**
 * A forum shaped like a scientific project's: about a quarter of topics never answered, most
 * answers from a handful of staff, a few long threads (more than one 20-post chunk), whispers
 * and closing small actions on some, accepted answers on part of the Q&A category.
 */
export function generateForum(options: GenerateOptions): FakeForum {
  const random = seededRandom(options.seed ?? 42)
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]
  const until = Date.parse(options.until ?? '2026-08-20T12:00:00Z')
  const span = 2 * 365 * 86_400_000
  const forum = createForum()
  const qa = addCategory(forum, { name: 'Q&A', slug: 'q-a', description: 'Ask and answer questions about PyBaMM' })
  const general = addCategory(forum, { name: 'General', slug: 'general' })
  const show = addCategory(forum, { name: 'Show and tell', slug: 'show-and-tell' })
  const announcements = addCategory(forum, { name: 'Announcements', slug: 'announcements' })
  const admins = Array.from({ length: options.admins ?? 2 }, (_, i) =>
    addUser(forum, { username: `admin${i + 1}`, name: `Admin ${i + 1}`, admin: true }),
  )
  const moderators = Array.from({ length: options.moderators ?? 6 }, (_, i) =>
    addUser(forum, { username: `maintainer${i + 1}`, name: `Maintainer ${i + 1}`, moderator: true }),
  )
  const staff = [...admins, ...moderators]
  const members = Array.from({ length: options.members ?? Math.max(20, Math.ceil(options.topics / 8)) }, (_, i) =>
    addUser(forum, { username: `user${i + 1}`, name: i % 3 === 0 ? '' : `User ${i + 1}`, trustLevel: 1 + (i % 3) }),
  )
  addGroup(forum, { name: 'pybamm-maintainers', usernames: moderators.map((m) => m.username), owners: [admins[0].username] })

  const created = Array.from({ length: options.topics }, () => until - span + Math.floor(random() * span)).sort((a, b) => a - b)
  for (const [index, start] of created.entries()) {
    const roll = random()
    const category = roll < 0.6 ? qa : roll < 0.85 ? general : roll < 0.97 ? show : announcements
    const author = category === announcements ? pick(staff) : pick(members)
    const title = `${pick(WORDS)} ${pick(WORDS)} question ${index + 1}`
    const topic = addTopic(forum, {
      title,
      author: author.username,
      at: new Date(start),
      category: category.id,
      views: Math.floor(random() * 500),
    })
    if (index === 0) {
      topic.pinnedGlobally = true
      topic.pinnedAt = topic.createdAt
    }
    // How many replies: a quarter none, most a few, some long threads.
    const shape = random()
    const replies = shape < 0.25 ? 0 : shape < 0.97 ? 1 + Math.floor(-Math.log(1 - random()) * 3) : 20 + Math.floor(random() * 100)
    let at = start
    for (let r = 0; r < replies; r++) {
      // The first answer comes after hours to days; later ones after minutes to days.
      at += Math.floor((r === 0 ? 3_600_000 : 600_000) * Math.exp(random() * 4))
      if (at > until) break
      const who = random()
      const replier = who < 0.45 ? pick(staff) : who < 0.65 ? author : pick(members)
      const replyTo =
        topic.posts.length > 1 && random() < 0.3 ? pick(topic.posts.filter((p) => p.postType === PostType.regular)).postNumber : null
      addPost(forum, topic.id, { author: replier.username, at: new Date(at), replyTo })
      if (random() < 0.03) addPost(forum, topic.id, { author: pick(staff).username, at: new Date(at + 60_000), type: PostType.whisper })
    }
    const answers = topic.posts.filter((p) => p.postNumber > 1 && p.postType === PostType.regular && p.userId !== author.id)
    if (category === qa && answers.length > 0 && random() < 0.45) {
      acceptAnswer(forum, topic.id, pick(answers).postNumber, random() < 0.7 ? author.username : pick(staff).username)
    }
    if (random() < 0.08 && at + 86_400_000 < until) closeTopic(forum, topic.id, pick(moderators).username, new Date(at + 86_400_000))
  }
  return forum
}
