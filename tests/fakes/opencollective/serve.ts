// Runs the Open Collective stand-in on its own, for manual runs, browser tests and benchmarks:
//   node --import tsx tests/fakes/opencollective/serve.ts --port 3352 [--transactions 50000] [--no-rate-limit] [--token T]
// then OPENCOLLECTIVE_GRAPHQL_URL=http://127.0.0.1:3352/graphql/v2 (collectives: steward-demo, steward-eu, steward-jp)
import { parseArgs } from 'node:util'
import { generateOpenCollectiveDataset } from './dataset.ts'
import { startFakeOpenCollective } from './server.ts'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3352' },
    transactions: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '42' },
    token: { type: 'string', multiple: true, default: [] },
    'no-rate-limit': { type: 'boolean', default: false },
  },
})

const started = Date.now()
const dataset = generateOpenCollectiveDataset({ transactions: Number(values.transactions), seed: Number(values.seed) })
const fake = await startFakeOpenCollective({
  dataset,
  port: Number(values.port),
  tokens: values.token,
  rateLimit: !values['no-rate-limit'],
})
console.log(`fake Open Collective at ${fake.url}: ${dataset.transactions.length} ledger rows, built in ${Date.now() - started} ms`)
const stop = async () => {
  console.log(`requests served: ${fake.requests.length}`)
  await fake.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
