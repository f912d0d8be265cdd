import type { Command } from 'commander'
import { DomainError } from '#app/domain/errors.ts'
import { runGithubSync } from '#app/domain/community/community-syncs.server.ts'
import { fullName, parseRepositoryName } from '#app/domain/community/repositories.ts'
import { addRepository } from '#app/domain/community/repositories.server.ts'
import { CliError, withDatabase } from '../context.ts'
import { formatBudget, formatProgress, formatRepositoryReport, formatWait } from './github-output.ts'
import { registerSourcesSync } from './sources.ts'

export function registerCommunity(program: Command) {
  const repo = program.command('repo').description('GitHub repositories whose community Steward follows')
  repo
    .command('add')
    .description('start tracking a repository (synced hourly, or now with `sync github`)')
    .argument('<owner/name>', 'the repository, e.g. pybamm-team/PyBaMM')
    .action(async (name: string) => {
      const parsed = parseRepositoryName(name)
      if (!parsed) throw new CliError(`"${name}" is not OWNER/NAME (for example pybamm-team/PyBaMM)`)
      const created = await withDatabase('repo add', async () => {
        try {
          return await addRepository({ ...parsed, actorId: null })
        } catch (error) {
          if (error instanceof DomainError) throw new CliError(error.message)
          throw error
        }
      })
      console.log(`Tracking ${fullName(created)}. Run \`npm run steward -- sync github --repo ${fullName(created)}\` to sync it now.`)
    })

  const sync = program.command('sync').description('bring outside data up to date')
  sync
    .command('github')
    .description(
      'sync issues, pull requests, discussions, commits and stars of the tracked repositories from GitHub (GITHUB_TOKEN, GITHUB_GRAPHQL_URL)',
    )
    .option('--repo <owner/name>', 'only this repository')
    .action(async (options: { repo?: string }) => {
      const result = await withDatabase('sync github', async () => {
        try {
          return await runGithubSync({
            repository: options.repo,
            onProgress: (p) => console.log(formatProgress(p)),
            onWait: (w) => console.log(formatWait(w)),
          })
        } catch (error) {
          if (error instanceof DomainError) throw new CliError(error.message)
          throw error
        }
      })
      if (result.repositories.length === 0)
        throw new CliError('no repositories are tracked: add one with `npm run steward -- repo add OWNER/NAME`')
      for (const r of result.repositories) for (const line of formatRepositoryReport(r)) console.log(line)
      console.log(`GitHub requests used: ${result.requests}${formatBudget(result.rateLimit)}`)
      if (!result.ok) throw new CliError('some parts of the sync failed (see above); the next sync resumes where they stopped')
    })
  registerSourcesSync(sync)
}
