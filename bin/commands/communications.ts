import type { Command } from 'commander'
import { listChannels } from '#app/domain/communications/channels.server.ts'
import {
  addChannelWithAccount,
  connectChannel,
  describeConnection,
  findChannel,
  listConnections,
} from '#app/domain/communications/connections.server.ts'
import { createPost } from '#app/domain/communications/posts.server.ts'
import { listFailedDeliveries, publishDue } from '#app/domain/communications/publishing.server.ts'
import { CHANNEL_KIND_LABELS, CHANNEL_KINDS, type ChannelKind } from '#app/domain/communications/vocabulary.ts'
import { DomainError } from '#app/domain/errors.ts'
import { CliError, withDatabase } from '../context.ts'

/** Runs a domain call, printing a refusal as one line. */
async function domain<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(error.message)
    throw error
  }
}

export function registerCommunications(program: Command) {
  const channel = program.command('channel').description('the platforms you post on; Mastodon and Bluesky can be connected')
  channel
    .command('add')
    .description('add a channel (Mastodon with --instance, Bluesky with --handle; others are hand-off)')
    .requiredOption('--kind <kind>', `one of ${CHANNEL_KINDS.join(', ')}`)
    .requiredOption('--name <name>', 'as you call it, e.g. "Fosstodon"')
    .option('--instance <url>', 'Mastodon: the instance, e.g. https://fosstodon.org')
    .option('--handle <handle>', 'Bluesky: the handle, e.g. pybamm.bsky.social; others: shown beside the name')
    .option('--service <url>', 'Bluesky: the PDS (default https://bsky.social)')
    .action(async (options: { kind: string; name: string; instance?: string; handle?: string; service?: string }) => {
      if (!CHANNEL_KINDS.includes(options.kind as ChannelKind)) throw new CliError(`--kind: use one of ${CHANNEL_KINDS.join(', ')}`)
      const kind = options.kind as ChannelKind
      const created = await withDatabase('channel add', () =>
        domain(() =>
          addChannelWithAccount({
            kind,
            name: options.name,
            serviceUrl: kind === 'mastodon' ? options.instance : kind === 'bluesky' ? options.service : undefined,
            handle: options.handle,
            actorId: null,
          }),
        ),
      )
      console.log(created.id)
      if (kind === 'mastodon') console.error(`Connect it: npm run steward -- channel connect ${created.id} --token-env MASTODON_TOKEN`)
      if (kind === 'bluesky')
        console.error(`Connect it: npm run steward -- channel connect ${created.id} --app-password-env BLUESKY_APP_PASSWORD`)
    })

  channel
    .command('connect')
    .description('give Steward the credential to publish: read from an environment variable and stored encrypted (STEWARD_SECRET_KEY)')
    .argument('<channel>', 'the channel id or name')
    .option('--token-env <VAR>', 'Mastodon: the variable holding an access token with write:statuses')
    .option('--app-password-env <VAR>', 'Bluesky: the variable holding an app password')
    .option('--keep-in-env', 'store only the variable name and read it at each use, instead of the encrypted value')
    .option('--language <tag>', 'the language of the posts, e.g. en')
    .action(async (idOrName: string, options: { tokenEnv?: string; appPasswordEnv?: string; keepInEnv?: boolean; language?: string }) => {
      const variable = options.tokenEnv ?? options.appPasswordEnv
      if (!variable)
        throw new CliError('name the environment variable that holds the credential: --token-env VAR or --app-password-env VAR')
      const value = process.env[variable]
      if (!options.keepInEnv && !value) throw new CliError(`${variable} is not set`)
      const result = await withDatabase('channel connect', async () => {
        const found = await domain(() => findChannel(idOrName))
        if (found.kind === 'mastodon' && options.appPasswordEnv) throw new CliError('a Mastodon channel takes --token-env')
        if (found.kind === 'bluesky' && options.tokenEnv) throw new CliError('a Bluesky channel takes --app-password-env')
        return domain(() =>
          connectChannel({
            channelId: found.id,
            ...(options.keepInEnv ? { secretEnvVar: variable } : { secret: value }),
            language: options.language,
            actorId: null,
          }),
        )
      })
      console.log(
        `Connected as ${result.accountName}${result.characterLimit ? `; posts up to ${result.characterLimit.toLocaleString('en')} characters` : ''}.`,
      )
    })

  channel
    .command('list')
    .description('every channel with its id, kind and connection')
    .action(async () => {
      const rows = await withDatabase('channel list', async () => {
        const [channels, connections] = await Promise.all([listChannels(), listConnections()])
        return channels.map((c) => ({ channel: c, connection: describeConnection(connections.find((k) => k.channelId === c.id)) }))
      })
      if (rows.length === 0) console.log('No channels yet: add one with `channel add`.')
      for (const { channel: c, connection } of rows) {
        const state = !connection
          ? 'hand-off'
          : connection.connected
            ? `connected as ${connection.accountName}${connection.lastError ? ` — ${connection.lastError}` : ''}`
            : `not connected (${connection.serviceUrl})`
        console.log(`${c.id}  ${CHANNEL_KIND_LABELS[c.kind].padEnd(11)}  ${c.name}${c.active ? '' : ' (inactive)'}  ${state}`)
      }
    })

  const post = program.command('post').description('posts on the content calendar')
  post
    .command('add')
    .description('schedule a post on one or more channels (the same text on each); refused when over a network’s limit')
    .requiredOption('--channel <channels>', 'channel ids or names, comma-separated')
    .requiredOption('--text <text>', 'the text')
    .requiredOption('--at <time>', 'when it goes out, ISO 8601 (2026-12-01T09:00:00Z; without an offset: the project’s time zone)')
    .option('--title <title>', 'a working title (default: the text’s start)')
    .action(async (options: { channel: string; text: string; at: string; title?: string }) => {
      const names = options.channel
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)
      const created = await withDatabase('post add', async () => {
        const channels = await Promise.all(names.map((n) => domain(() => findChannel(n))))
        return domain(() =>
          createPost({
            title: options.title ?? (options.text.length > 60 ? `${options.text.slice(0, 57)}…` : options.text),
            scheduledFor: options.at,
            texts: channels.map((c) => ({ channelId: c.id, text: options.text })),
            status: 'scheduled',
            actorId: null,
          }),
        )
      })
      console.log(created.id)
    })

  const publish = program.command('publish').description('publishing to connected channels')
  publish
    .command('due')
    .description('publish every post that is due on a connected channel, once, and exit')
    .action(async () => {
      const { outcomes, failed } = await withDatabase('publish due', async () => {
        const outcomes = await publishDue()
        return { outcomes, failed: await listFailedDeliveries() }
      })
      console.log(`published ${outcomes.published}, to try again ${outcomes.retrying}, failed ${outcomes.failed}`)
      for (const f of failed) console.log(`failed: ${f.postTitle} on ${f.channelName}: ${f.reason}`)
      if (outcomes.failed > 0) throw new CliError(`${outcomes.failed} could not be published (see above)`)
    })
}
