// The response schemas the stand-in is held to: openapi.yml's, as extracted into
// openapi-schemas.json, plus what real Discourse sends that the file does not list. Every
// addition names its source; nothing else is loosened, so `additionalProperties: false` in the
// file still catches a field the fake invents.
import extracted from './openapi-schemas.json' with { type: 'json' }

export type Endpoint = keyof typeof extracted.schemas
type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema; type?: unknown }

const clone = <T>(value: T): T => structuredClone(value)

function at(schema: Schema, ...path: string[]): Schema {
  let node = schema
  for (const key of path) {
    const next = key === '[]' ? node.items : node.properties?.[key]
    if (!next) throw new Error(`schema has no ${path.join('.')}`)
    node = next
  }
  return node
}

function addProperties(schema: Schema, properties: Record<string, Schema>) {
  schema.properties = { ...schema.properties, ...properties }
}

const nullable = (type: string) => ({ type: [type, 'null'] })

/** Fields of the topic list items: TopicListItemSerializer, the same for /latest and /c/…. */
function topicListAdditions(list: Schema) {
  // more_topics_url: TopicListSerializer, included only when a page is full (include_more_topics_url?).
  addProperties(at(list, 'topic_list'), { more_topics_url: { type: 'string' } })
  // Solved (TopicAnswerMixin, bundled into core): has_accepted_answer, can_have_answer.
  addProperties(at(list, 'topic_list', 'topics', '[]'), { has_accepted_answer: { type: 'boolean' }, can_have_answer: { type: 'boolean' } })
}

/** Fields of every serialized post (PostSerializer) that openapi.yml leaves out. */
function postAdditions(post: Schema) {
  // openapi.yml says string|null; PostSerializer sends the integer column (real answers carry 2, not "2").
  post.properties!.reply_to_post_number = { type: ['integer', 'string', 'null'] }
  addProperties(post, {
    // Solved, plugin.rb 255-262: add_to_serializer(:post, …).
    accepted_answer: { type: 'boolean' },
    topic_accepted_answer: { type: 'boolean' },
    can_accept_answer: { type: 'boolean' },
    can_unaccept_answer: { type: 'boolean' },
    // PostSerializer#include_action_code?: small actions say what happened ("closed.enabled").
    action_code: { type: 'string' },
  })
}

/**
 * The two listings are one serializer, yet openapi.yml's two samples disagree on a few types
 * (image_url, bookmarked, liked: string in one, null in the other): take the union of both.
 */
function unionListItemTypes(latest: Schema, category: Schema) {
  const a = at(latest, 'topic_list', 'topics', '[]').properties!
  const b = at(category, 'topic_list', 'topics', '[]').properties!
  for (const key of Object.keys(a)) {
    if (!b[key] || JSON.stringify(a[key].type) === JSON.stringify(b[key].type)) continue
    const union = [...new Set([a[key].type, b[key].type].flat())] as string[]
    a[key] = { ...a[key], type: union }
    b[key] = { ...b[key], type: union }
  }
}

function build(): Record<Endpoint, Schema> {
  const schemas = Object.fromEntries(
    Object.entries(extracted.schemas).map(([path, entry]) => [path, clone(entry.schema) as Schema]),
  ) as Record<Endpoint, Schema>
  const latest = schemas['/latest.json']
  const category = schemas['/c/{slug}/{id}.json']
  unionListItemTypes(latest, category)
  topicListAdditions(latest)
  topicListAdditions(category)

  const topic = schemas['/t/{id}.json']
  postAdditions(at(topic, 'post_stream', 'posts', '[]'))
  postAdditions(at(schemas['/t/{id}/posts.json'], 'post_stream', 'posts', '[]'))
  addProperties(topic, {
    // Solved, lib/discourse_solved/topic_view_serializer_extension.rb: only when the topic is solved.
    accepted_answer: {
      type: 'object',
      additionalProperties: false,
      required: ['post_number', 'username', 'name', 'excerpt'],
      properties: {
        post_number: { type: 'integer' },
        username: { type: 'string' },
        name: nullable('string'),
        excerpt: nullable('string'),
        accepter_username: { type: 'string' },
        accepter_name: nullable('string'),
      },
    },
  })
  return schemas
}

export const responseSchemas = build()

/** Which schema a path the fake serves answers to. */
export function endpointOf(pathname: string): Endpoint | null {
  const path = pathname.replace(/\.json$/, '')
  if (path === '/latest') return '/latest.json'
  if (/^\/c\/[^/]+\/\d+(\/l\/latest)?$/.test(path)) return '/c/{slug}/{id}.json'
  if (/^\/t\/(?:[^/]+\/)?\d+\/posts$/.test(path)) return '/t/{id}/posts.json'
  if (/^\/t\/(?:[^/]+\/)?\d+$/.test(path)) return '/t/{id}.json'
  if (/^\/groups\/[^/]+\/members$/.test(path)) return '/groups/{name}/members.json'
  if (path === '/site') return '/site.json'
  if (path === '/site/basic-info') return '/site/basic-info.json'
  return null
}
