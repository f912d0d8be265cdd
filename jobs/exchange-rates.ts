import { z } from 'zod'
import { fetchEcbExchangeRates } from '#app/domain/fundraising/exchange-rates.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/** Daily, after the ECB publishes (about 16:00 CET): reference rates for the currencies in the ledger. */
export const exchangeRatesJob = defineJob({
  name: QUEUES.exchangeRates,
  payload: z.object({}).loose(),
  schedule: { cron: '30 16 * * *', timeZone: 'UTC' },
  async handler() {
    return fetchEcbExchangeRates({ now: new Date() })
  },
})
