// Column aliases of the analytics exports X and LinkedIn let a page admin download. Neither network
// publishes a column list for these files; the names below come from the files as third-party
// parsers and guides describe them (collected in /work/shared/CONNECTORS.md §7), plus the older
// names each column had, so an export from an earlier version still imports:
// - X account overview, `account_overview_analytics.csv` (one row per day): Date, Impressions, Likes,
//   Engagements, Bookmarks, Shares, New follows, Unfollows, Replies, Reposts, Profile visits,
//   Create Post, Video views, Media views.
// - X content, `account_analytics_content_<from>_<to>.csv` (one row per post): Post id, Date,
//   Post text, Post Link, Impressions, Likes, Engagements, Bookmarks, Shares, New follows, Replies,
//   Reposts, Profile visits, Detail Expands, URL Clicks, Hashtag Clicks, Permalink Clicks.
//   Before the rename to X (analytics.twitter.com "Tweet activity" export): Tweet id, Tweet
//   permalink, Tweet text, time, impressions, engagements, engagement rate, retweets, replies,
//   likes, user profile clicks, url clicks, hashtag clicks, detail expands, permalink clicks, follows.
//   The same API's metric names (docs.x.com/x-api/posts/get-post-analytics: impressions,
//   engagements, likes, retweets, replies) agree with these.
// - LinkedIn Page followers (XLS, sheet "New followers", one row per day): Date, Sponsored
//   followers, Organic followers, Auto-invited followers, Total followers — the day's gain, not the
//   page's total. Other sheets (Location, Job function, Seniority, Industry, Company size) are ignored.
// - LinkedIn Page content (XLS, a daily "Metrics" sheet and an "All posts" sheet, the header below
//   a one-line description): Post title, Post link, Post type, Posted by (or Published by), Created
//   date, Impressions, Views, Clicks, Click through rate (CTR), Likes, Comments, Reposts, Follows,
//   Engagement rate. Older versions: Update title, Update link, Update type, Reactions, Shares.

/** A header as compared: lower case, single spaces, no BOM, no surrounding quotes. */
export const normaliseHeader = (header: string) =>
  header
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()

export const X_OVERVIEW = {
  day: ['date', 'day'],
  impressions: ['impressions'],
  engagements: ['engagements'],
  likes: ['likes'],
  reposts: ['reposts', 'retweets'],
  replies: ['replies'],
  newFollows: ['new follows', 'follows', 'new followers'],
  unfollows: ['unfollows'],
} as const

export const X_CONTENT = {
  postId: ['post id', 'tweet id'],
  link: ['post link', 'tweet permalink', 'permalink'],
  day: ['date', 'time'],
  text: ['post text', 'tweet text'],
  impressions: ['impressions'],
  engagements: ['engagements'],
  likes: ['likes'],
  reposts: ['reposts', 'retweets'],
  replies: ['replies'],
} as const

export const LINKEDIN_FOLLOWERS = {
  day: ['date'],
  total: ['total followers', 'total new followers'],
  organic: ['organic followers'],
  sponsored: ['sponsored followers'],
  autoInvited: ['auto-invited followers', 'auto invited followers'],
} as const

export const LINKEDIN_CONTENT = {
  link: ['post link', 'update link'],
  title: ['post title', 'update title'],
  day: ['created date', 'date'],
  impressions: ['impressions'],
  clicks: ['clicks'],
  likes: ['likes', 'reactions'],
  comments: ['comments'],
  reposts: ['reposts', 'shares'],
  follows: ['follows'],
} as const

export type ColumnAliases = Record<string, readonly string[]>

/** Which alias of each column the header has: column → index, for the columns present. */
export function matchColumns<T extends ColumnAliases>(header: string[], aliases: T): Partial<Record<keyof T, number>> {
  const names = header.map(normaliseHeader)
  const found: Partial<Record<keyof T, number>> = {}
  for (const [column, options] of Object.entries(aliases)) {
    const index = names.findIndex((n) => options.includes(n))
    if (index >= 0) found[column as keyof T] = index
  }
  return found
}
