// Runs the Discourse stand-in on its own, for manual runs, browser tests and benchmarks:
//   node --import tsx tests/fakes/discourse/serve.ts [--port 4000] [--topics 20000] [--seed 42] [--login-required --api-key KEY] [--rate-limits]
// It prints its address; a key is sent as `Api-Key` with `Api-Username: system` (or any user).
import { parseArgs } from 'node:util'
import { generateForum } from './dataset.ts'
import { createFakeDiscourse } from './server.ts'

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    topics: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '42' },
    'login-required': { type: 'boolean', default: false },
    'api-key': { type: 'string' },
    'rate-limits': { type: 'boolean', default: false },
    'latency-ms': { type: 'string', default: '0' },
  },
})

const dataset = generateForum({ seed: Number(values.seed), topics: Number(values.topics) })
const fake = await createFakeDiscourse({
  dataset,
  loginRequired: values['login-required'],
  apiKey: values['api-key'],
  rateLimits: values['rate-limits'],
  latencyMs: Number(values['latency-ms']),
  port: values.port ? Number(values.port) : undefined,
})
const posts = dataset.topics.reduce((n, t) => n + t.posts.length, 0)
console.log(`fake Discourse at ${fake.url}: ${dataset.topics.length} topics, ${posts} posts, ${dataset.users.length} users`)
const stop = async () => {
  console.log(`requests served: ${fake.requests.length}`)
  await fake.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
