// `source add|list|remove` and `sync sources`: the same domain calls as /community/sources.
import type { Command } from 'commander'
import { DomainError } from '#app/domain/errors.ts'
import {
  addDiscourseSource,
  addImapSource,
  describeCredential,
  describeSource,
  listSources,
  removeSource,
} from '#app/domain/community/sources.server.ts'
import { type SourceSyncProgress } from '#app/domain/community/sources-sync.server.ts'
import { runSourcesSync } from '#app/domain/community/community-syncs.server.ts'
import { listRepositoryOverviews } from '#app/domain/community/repositories.server.ts'
import { fullName } from '#app/domain/community/repositories.ts'
import { CliError, withDatabase } from '../context.ts'
import { formatBudget, formatProgress, formatRepositoryReport, formatWait } from './github-output.ts'

const collect = (value: string, previous: string[]) => [...previous, value]
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

async function domain<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(error.message)
    throw error
  }
}

export function formatSourceProgress(p: SourceSyncProgress) {
  const what = p.kind === 'discourse' ? 'topics' : 'messages'
  return `${p.source}: ${p.done.toLocaleString('en-GB')} ${what} written${p.finished ? ' — done' : ''} (${plural(p.requests, 'request')})`
}

export function registerSources(program: Command) {
  const source = program.command('source').description('Discourse forums and project mailboxes whose conversations Steward follows')
  const add = source.command('add').description('check a forum or mailbox, then follow it (synced hourly, or now with `sync sources`)')

  add
    .command('discourse')
    .description('a Discourse forum: read without a key when public; with an API key (named as an environment variable) otherwise')
    .argument('<url>', "the forum's address, e.g. https://forum.pybamm.org")
    .option('--api-username <username>', 'the user the API key acts as')
    .option('--api-key-env <VAR>', 'the environment variable holding the API key')
    .option('--category <slug>', 'only this category (repeatable); the whole forum when none', collect, [])
    .option('--group <name>', 'a Discourse group whose members are maintainers (repeatable; default: staff)', collect, [])
    .action(async (url: string, options: { apiUsername?: string; apiKeyEnv?: string; category: string[]; group: string[] }) => {
      if (options.apiKeyEnv && !options.apiUsername) throw new CliError('--api-key-env needs --api-username (the user the key acts as)')
      const created = await withDatabase('source add discourse', () =>
        domain(() =>
          addDiscourseSource({
            url,
            apiUsername: options.apiUsername,
            apiKey: options.apiKeyEnv ? { envVar: options.apiKeyEnv } : null,
            categories: options.category,
            maintainerGroups: options.group,
            actorId: null,
          }),
        ),
      )
      console.log(
        `Following ${describeSource(created)} (id ${created.id}). Run \`npm run steward -- sync sources --id ${created.id}\` to sync it now.`,
      )
    })

  add
    .command('imap')
    .description('a project mailbox over IMAP, read-only: the login is checked and the Sent folder found before it is saved')
    .requiredOption('--host <host>', 'the IMAP server')
    .option('--port <port>', 'the port (default 993 with TLS, 143 without)')
    .option('--tls', 'TLS from the start (the default)')
    .option('--no-tls', 'no TLS: only for a server on this machine')
    .requiredOption('--user <user>', 'the login')
    .requiredOption('--password-env <VAR>', 'the environment variable holding the password')
    .requiredOption('--project-address <address>', "the project's own address (repeatable)", collect, [])
    .action(async (options: { host: string; port?: string; tls: boolean; user: string; passwordEnv: string; projectAddress: string[] }) => {
      const port = options.port === undefined ? undefined : Number(options.port)
      if (port !== undefined && !Number.isInteger(port)) throw new CliError(`--port ${options.port} is not a number`)
      const created = await withDatabase('source add imap', () =>
        domain(() =>
          addImapSource({
            host: options.host,
            port,
            tls: options.tls,
            user: options.user,
            password: { envVar: options.passwordEnv },
            projectAddresses: options.projectAddress,
            actorId: null,
          }),
        ),
      )
      console.log(`Following ${describeSource(created)} (id ${created.id}).`)
    })

  source
    .command('list')
    .description('every source with its id and last sync: GitHub repositories, then forums and mailboxes')
    .action(async () => {
      const [repositories, sources] = await withDatabase('source list', () => Promise.all([listRepositoryOverviews(), listSources()]))
      if (sources.length === 0 && repositories.length === 0) {
        console.log('No sources yet: add one with `npm run steward -- source add discourse URL` or `source add imap …`.')
        return
      }
      // A repository's id, or its OWNER/NAME, is what `sync sources --id` takes.
      for (const r of repositories) {
        const last = r.lastSuccessAt ? `last synced ${r.lastSuccessAt.toISOString()}` : 'never synced'
        console.log(
          [
            r.repository.id,
            `GitHub repository ${fullName(r.repository)}`,
            r.repository.active ? last : 'removed (data kept)',
            r.lastError ? `last error: ${r.lastError}` : null,
          ]
            .filter(Boolean)
            .join(' · '),
        )
      }
      for (const s of sources) {
        const credential = describeCredential(s.apiKeyEncrypted ?? s.passwordEncrypted, s.apiKeyEnv ?? s.passwordEnv)
        const last = s.lastSuccessAt ? `last synced ${s.lastSuccessAt.toISOString()}` : 'never synced'
        console.log(
          [
            s.id,
            describeSource(s),
            s.active ? last : 'removed (data kept)',
            credential ? `credential: ${credential}` : null,
            s.lastError ? `last error: ${s.lastError}` : null,
          ]
            .filter(Boolean)
            .join(' · '),
        )
      }
    })

  source
    .command('remove')
    .description('stop syncing a source; what it synced stays')
    .argument('<id>', 'the id `source list` shows')
    .action(async (id: string) => {
      const removed = await withDatabase('source remove', () => domain(() => removeSource({ id, actorId: null })))
      console.log(`${describeSource(removed)} is no longer synced; its data stays.`)
    })
}

/** `sync sources`, beside `sync github`: every source of every kind, GitHub repositories first. */
export function registerSourcesSync(sync: Command) {
  sync
    .command('sources')
    .description(
      'sync every source of every kind — GitHub repositories, forums, mailboxes — (or one), printing progress and the requests used',
    )
    .option(
      '--id <id>',
      "only this source: a forum's or mailbox's id, or a repository's id or OWNER/NAME (`source list` shows them; OWNER/NAME is never ambiguous)",
    )
    .action(async (options: { id?: string }) => {
      const result = await withDatabase('sync sources', () =>
        domain(() =>
          runSourcesSync({
            id: options.id,
            github: { onWait: (w) => console.log(formatWait(w)) },
            onGithubProgress: (p) => console.log(formatProgress(p)),
            onProgress: (p) => console.log(formatSourceProgress(p)),
          }),
        ),
      )
      if (result.sources.length === 0 && result.repositories.length === 0)
        throw new CliError(
          'no sources to sync: add one with `npm run steward -- repo add OWNER/NAME`, `source add discourse URL` or `source add imap …`',
        )
      for (const r of result.repositories) for (const line of formatRepositoryReport(r)) console.log(line)
      if (result.repositories.length > 0) {
        const github = result.repositories.reduce((sum, r) => sum + r.requests, 0)
        console.log(`GitHub requests used: ${github}${formatBudget(result.rateLimit)}`)
      }
      for (const r of result.sources) {
        console.log(`${r.source}: ${r.ok ? 'done' : 'failed'}, ${plural(r.items, 'item')} written, ${plural(r.requests, 'request')}`)
        for (const w of r.warnings) console.log(`  note: ${w}`)
        if (r.error) console.log(`  ${r.error}`)
      }
      if (!result.ok) throw new CliError('some sources failed (see above); the next sync resumes where they stopped')
    })
}
