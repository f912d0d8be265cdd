// Funding connections (issue 15): the first Open Collective sync of a collective with 50,000
// contribution transactions, through the real sync (paging, matching against the ledger, one
// transaction per page), from the stand-in in this process. The stand-in's serving time (graphql-js
// resolving 1,000 transactions with their fees per page) is measured at the client's fetch and taken
// out: the target is on Steward's own work. Then an unchanged collective must cost one request.
import { connectFundingAccount, syncFundingConnection } from '#app/domain/fundraising/connections.server.ts'
import { OpenCollectiveClient } from '#app/integrations/opencollective/client.server.ts'
import { getDatabase } from '#db/client.server.ts'
import { generateOpenCollectiveDataset } from '#tests/fakes/opencollective/dataset.ts'
import { startFakeOpenCollective } from '#tests/fakes/opencollective/server.ts'
import { figure, type BenchResult } from '../measure.ts'
import type { BenchSuite } from '../suite.ts'

export const OPENCOLLECTIVE_TRANSACTIONS = 50_000

/** A client whose fetch notes how long the stand-in took to answer, body included. */
function timedClient(url: string) {
  const served = { ms: 0 }
  const client = new OpenCollectiveClient({
    url,
    fetch: async (input, init) => {
      const started = performance.now()
      const response = await fetch(input, init)
      const body = await response.text()
      served.ms += performance.now() - started
      return new Response(body, { status: response.status, headers: response.headers })
    },
  })
  return { client, served }
}

export const fundingSuite: BenchSuite = {
  name: 'funding',
  async seed({ log }) {
    log(`funding: nothing to seed (the Open Collective stand-in serves ${OPENCOLLECTIVE_TRANSACTIONS.toLocaleString('en')} transactions)`)
  },
  async run({ users, log }) {
    const results: BenchResult[] = []
    const dataset = generateOpenCollectiveDataset({ transactions: OPENCOLLECTIVE_TRANSACTIONS })
    const fake = await startFakeOpenCollective({ dataset, rateLimit: false })
    try {
      const connection = await connectFundingAccount({ kind: 'opencollective', account: 'steward-demo', actorId: users.fundraising.id })
      const first = timedClient(fake.url)
      const started = performance.now()
      const report = await syncFundingConnection({
        connectionId: connection.id,
        actorId: users.fundraising.id,
        confirm: true,
        clients: { opencollective: () => first.client },
      })
      const totalMs = performance.now() - started
      if (!report.ok) throw new Error(`the Open Collective sync failed: ${report.error}`)
      const ownSeconds = (totalMs - first.served.ms) / 1000
      log(
        `funding: first sync ${(totalMs / 1000).toFixed(1)} s, of which the stand-in served ${(first.served.ms / 1000).toFixed(1)} s; ${String(report.summary.inserted)} donations, ${report.requests} requests`,
      )
      const onPostgres = getDatabase().kind !== 'pglite'
      results.push(
        figure(
          `first Open Collective sync of ${OPENCOLLECTIVE_TRANSACTIONS.toLocaleString('en')} transactions, without the stand-in's serving time${onPostgres ? '' : ' (target on PostgreSQL)'}`,
          ownSeconds,
          's',
          onPostgres ? { target: 30, direction: '<=' } : {},
        ),
      )
      results.push(figure('  the same, the stand-in serving included', totalMs / 1000, 's'))
      // 50 full pages of 1,000 and the empty answer that ends the read
      results.push(
        figure('  requests ÷ the ceil(N/1000) + 1 minimum', report.requests / (Math.ceil(OPENCOLLECTIVE_TRANSACTIONS / 1000) + 1), '×', {
          target: 1.05,
          direction: '<=',
        }),
      )
      const again = timedClient(fake.url)
      const unchanged = await syncFundingConnection({
        connectionId: connection.id,
        actorId: users.fundraising.id,
        clients: { opencollective: () => again.client },
      })
      results.push(
        figure('requests of a sync of the unchanged collective', unchanged.requests, 'requests', { target: 1, direction: '<=', digits: 0 }),
      )
    } finally {
      await fake.stop()
    }
    return results
  },
}
