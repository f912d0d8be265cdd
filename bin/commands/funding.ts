import type { Command } from 'commander'
import { DomainError } from '#app/domain/errors.ts'
import {
  connectFundingAccount,
  listFundingConnections,
  previewFundingConnection,
  syncFunding,
} from '#app/domain/fundraising/connections.server.ts'
import { fetchEcbExchangeRates } from '#app/domain/fundraising/exchange-rates.server.ts'
import { FUNDING_CONNECTION_KIND_LABELS, type FundingConnectionKind } from '#app/domain/fundraising/vocabulary.ts'
import { CliError, withDatabase } from '../context.ts'

const KINDS: Record<string, FundingConnectionKind> = { opencollective: 'opencollective', 'github-sponsors': 'github_sponsors' }

async function domain<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(error.message)
    throw error
  }
}

export function registerFunding(program: Command) {
  const funding = program.command('funding').description('Open Collective and GitHub Sponsors accounts donations are read from')
  funding
    .command('connect')
    .description('connect an Open Collective collective or a GitHub Sponsors account and show what its first sync would bring')
    .argument('<kind>', 'opencollective or github-sponsors')
    .argument('<account>', 'the collective’s slug or the GitHub login')
    .option('--token-env <VAR>', 'the environment variable holding the token (Open Collective: optional personal token; GitHub: required)')
    .addHelpText(
      'after',
      '\nExamples:\n  npm run steward -- funding connect opencollective pybamm\n  npm run steward -- funding connect github-sponsors pybamm-team --token-env SPONSORS_TOKEN\n\nThe first sync runs with `sync funding --id ID` once the preview looks right; after that the worker syncs daily.',
    )
    .action(async (kindArg: string, account: string, options: { tokenEnv?: string }) => {
      const kind = KINDS[kindArg]
      if (!kind) throw new CliError('the kind is opencollective or github-sponsors')
      if (kind === 'github_sponsors' && !options.tokenEnv)
        throw new CliError('GitHub Sponsors needs --token-env VAR (a token with read:user)')
      await withDatabase('funding connect', async () => {
        const connection = await domain(() => connectFundingAccount({ kind, account, tokenEnvVar: options.tokenEnv, actorId: null }))
        console.log(`Connected ${FUNDING_CONNECTION_KIND_LABELS[kind]} ${connection.account} (id ${connection.id}).`)
        try {
          const preview = await domain(() => previewFundingConnection({ connectionId: connection.id }))
          console.log(`Preview: ${preview.summary}`)
        } catch (error) {
          if (!(error instanceof CliError)) throw error
          console.log(`The preview failed: ${error.message}`)
        }
        console.log(`Nothing is written yet. Run \`npm run steward -- sync funding --id ${connection.id}\` to import.`)
      })
    })
  funding
    .command('list')
    .description('the connected accounts, their last sync and its result')
    .action(async () => {
      const rows = await withDatabase('funding list', () => listFundingConnections())
      if (rows.length === 0) {
        console.log('No accounts connected: add one with `npm run steward -- funding connect opencollective SLUG`.')
        return
      }
      for (const r of rows) {
        const last = r.lastSyncAt ? `last sync ${r.lastSyncAt.toISOString()} ${r.lastResult}` : 'never synced'
        const income = r.monthlyIncomeCents !== null ? `, $${(r.monthlyIncomeCents / 100).toFixed(2)} a month expected` : ''
        console.log(`${r.id}  ${FUNDING_CONNECTION_KIND_LABELS[r.kind]} ${r.account}  ${r.status}, ${r.credential}, ${last}${income}`)
        if (r.lastError) console.log(`  ${r.lastError}`)
      }
    })

  const sync = program.commands.find((c) => c.name() === 'sync') ?? program.command('sync').description('bring outside data up to date')
  sync
    .command('funding')
    .description('sync every active funding connection (or the one given, which confirms its first sync)')
    .option('--id <id>', 'only this connection (from `funding list`)')
    .action(async (options: { id?: string }) => {
      const reports = await withDatabase('sync funding', () =>
        domain(() => syncFunding({ connectionId: options.id, actorId: null, onProgress: (line) => console.log(line) })),
      )
      if (reports.length === 0) {
        console.log('No active connections. Connect one with `funding connect`, then confirm it with `sync funding --id ID`.')
        return
      }
      for (const r of reports) {
        console.log(
          `${FUNDING_CONNECTION_KIND_LABELS[r.kind]} ${r.account}: ${r.ok ? 'ok' : `failed: ${r.error}`} (${r.requests} request${r.requests === 1 ? '' : 's'})`,
        )
        console.log(
          `  ${Object.entries(r.summary)
            .map(([k, v]) => `${k} ${String(v)}`)
            .join(', ')}`,
        )
      }
      if (reports.some((r) => !r.ok)) throw new CliError('some connections failed (see above); the next sync resumes where they stopped')
    })

  sync
    .command('rates')
    .description('fetch the ECB reference rates for the currencies in the ledger (ECB_RATES_URL; off with STEWARD_FETCH_RATES=false)')
    .action(async () => {
      const outcome = await withDatabase('sync rates', () => domain(() => fetchEcbExchangeRates({})))
      if (outcome.skipped) console.log(`Nothing fetched: ${outcome.skipped}.`)
      else
        console.log(
          `${outcome.stored} rates stored for ${outcome.currencies.join(', ')} (${outcome.requests} request${outcome.requests === 1 ? '' : 's'})`,
        )
      for (const line of outcome.missing) console.log(`  ${line}`)
    })
}
