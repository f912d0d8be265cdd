// Runs the fake GitHub on its own, for manual runs, browser tests and benchmarks:
//   node --import tsx tests/fakes/github/serve.ts --port 3351 [--issues 2000 --pull-requests 2500 --discussions 500] [--commits fixture|300] [--repo OWNER/NAME]
// then GITHUB_GRAPHQL_URL=http://127.0.0.1:3351/graphql GITHUB_TOKEN=fake npm run steward -- sync github
import { parseArgs } from 'node:util'
import { generateDataset } from './dataset.ts'
import { startFakeGithub } from './server.ts'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3351' },
    issues: { type: 'string', default: '2000' },
    'pull-requests': { type: 'string', default: '2500' },
    discussions: { type: 'string', default: '500' },
    commits: { type: 'string', default: 'fixture' },
    repo: { type: 'string', default: 'pybamm-team/PyBaMM' },
    'latency-ms': { type: 'string', default: '0' },
  },
})

const dataset = generateDataset({
  issues: Number(values.issues),
  pullRequests: Number(values['pull-requests']),
  discussions: Number(values.discussions),
  commits: values.commits === 'fixture' ? 'fixture' : Number(values.commits),
  owner: values.repo.split('/')[0],
  name: values.repo.split('/')[1],
})
const fake = await startFakeGithub({ dataset, port: Number(values.port), latencyMs: Number(values['latency-ms']) })
const repo = dataset.repositories[0]
console.log(
  `fake GitHub at ${fake.url}: ${repo.owner}/${repo.name} with ${repo.items.issue.length} issues, ${repo.items.pull_request.length} pull requests, ${repo.items.discussion.length} discussions, ${repo.commits.length} commits`,
)
const stop = async () => {
  console.log(`requests served: ${JSON.stringify(fake.countsByOperation())}`)
  await fake.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
