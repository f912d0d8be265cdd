// Connecting a Mastodon or Bluesky channel so Steward publishes to it itself: where the account
// lives, the credential (encrypted under STEWARD_SECRET_KEY, or an environment variable's name —
// docs/decisions/011), a check that says in plain words what is wrong, and the clients the
// publishing job uses. Credentials never leave this module except to the network they belong to.
import { eq } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { commsChannelConnections, commsChannels, type CommsChannel, type CommsChannelConnection } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { type BlueskySession, createBlueskyClient } from '#app/integrations/bluesky/client.server.ts'
import { createMastodonClient } from '#app/integrations/mastodon/client.server.ts'
import { RemoteError } from '#app/utils/remote-error.ts'
import {
  type Credential,
  decryptSecret,
  encryptSecret,
  requireCredentialEnvVarName,
  resolveCredential,
  SecretError,
} from '#app/utils/secrets.server.ts'
import {
  CHANNEL_KIND_LABELS,
  type ChannelKind,
  type ConnectableKind,
  DEFAULT_CHARACTER_LIMITS,
  DEMO_CHANNEL_REASON,
  isConnectableKind,
} from './vocabulary.ts'

export const DEFAULT_BLUESKY_SERVICE = 'https://bsky.social'

/** A network address Steward may send a credential to: https, or http only to this machine (tests, a local instance). */
export function normaliseServiceUrl(value: string, field = 'serviceUrl'): string {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    throw new DomainError('Enter the address starting with https://, like https://fosstodon.org', field)
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new DomainError('Use an https:// address: the credential must not travel unencrypted', field)
  }
  if (url.username || url.password) throw new DomainError('Leave the user name and password out of the address', field)
  return url.origin
}

const credentialContext = (channelId: string) => `comms_channel:${channelId}:credential`
const sessionContext = (channelId: string) => `comms_channel:${channelId}:session`

export async function getConnection(channelId: string, tx: DbOrTx = db) {
  const [row] = await tx.select().from(commsChannelConnections).where(eq(commsChannelConnections.channelId, channelId))
  return row
}

export async function listConnections(tx: DbOrTx = db) {
  return tx.select().from(commsChannelConnections)
}

/** What a page may show about a connection: never the credential, only whether there is one and where it lives. */
export function describeConnection(connection: CommsChannelConnection | undefined) {
  if (!connection) return null
  return {
    serviceUrl: connection.serviceUrl,
    identifier: connection.identifier,
    accountName: connection.accountName,
    language: connection.language,
    connected: connection.credential !== null,
    credentialIn:
      connection.credential === null
        ? null
        : 'envVar' in connection.credential
          ? `environment variable ${connection.credential.envVar}`
          : 'encrypted',
    lastCheckedAt: connection.lastCheckedAt,
    lastError: connection.lastError,
    /** why it never publishes, for a demo channel; null otherwise */
    demoReason: connection.demo ? DEMO_CHANNEL_REASON : null,
  }
}

function requireConnectable(channel: CommsChannel | undefined): asserts channel is CommsChannel & { kind: ConnectableKind } {
  if (!channel) throw new DomainError('No such channel')
  if (!isConnectableKind(channel.kind)) {
    throw new DomainError(
      `Steward publishes to Mastodon and Bluesky itself; ${CHANNEL_KIND_LABELS[channel.kind]} posts go out by hand (the post page has a compose link).`,
    )
  }
}

/** Plain words for anything a check or publication can run into. */
export function explainFailure(error: unknown): string {
  if (error instanceof RemoteError || error instanceof SecretError) return error.message
  throw error
}

export interface ConnectInput {
  channelId: string
  /** Mastodon: the instance; Bluesky: the PDS (default https://bsky.social) */
  serviceUrl?: string
  /** Bluesky: the handle (or e-mail) to sign in with */
  identifier?: string
  /** the token or app password itself, to store encrypted */
  secret?: string
  /** or the name of an environment variable that holds it (stored as the name) */
  secretEnvVar?: string
  language?: string
  actorId: string | null
}

interface Checked {
  accountName: string
  accountId: string
  characterLimit?: number
  charactersReservedPerUrl?: number
  session?: BlueskySession
}

/** Signs in with the credential and reads what publishing needs; a RemoteError says what is wrong. */
async function check(kind: ConnectableKind, serviceUrl: string, identifier: string | null, secret: string, session?: BlueskySession) {
  if (kind === 'mastodon') {
    const client = createMastodonClient({ instanceUrl: serviceUrl, accessToken: secret })
    const account = await client.verifyCredentials()
    const limits = await client.getInstanceLimits()
    return {
      accountName: `@${account.acct.includes('@') ? account.acct : `${account.acct}@${limits.domain}`}`,
      accountId: account.id,
      characterLimit: limits.maxCharacters,
      charactersReservedPerUrl: limits.charactersReservedPerUrl,
    } satisfies Checked
  }
  let latest = session
  const client = createBlueskyClient({
    serviceUrl,
    identifier: identifier ?? '',
    appPassword: secret,
    session,
    onSession: (s) => (latest = s),
  })
  const who = await client.verifyCredentials()
  return { accountName: who.handle, accountId: who.did, session: latest } satisfies Checked
}

/**
 * Connects (or reconnects) a Mastodon or Bluesky channel: checks the credential against the
 * network first — nothing is stored when it is refused — then stores it encrypted (or the
 * environment variable's name), the account it opened, and for Mastodon the instance's own
 * character limit. Audited without the value.
 */
export async function connectChannel(input: ConnectInput) {
  const [channel] = await db.select().from(commsChannels).where(eq(commsChannels.id, input.channelId))
  requireConnectable(channel)
  const previous = await getConnection(channel.id)
  if (previous?.demo) throw new DomainError(`${DEMO_CHANNEL_REASON} Add a channel of your own to connect it.`, 'secret')
  const kind = channel.kind
  const rawUrl = input.serviceUrl?.trim() || previous?.serviceUrl || (kind === 'bluesky' ? DEFAULT_BLUESKY_SERVICE : '')
  if (!rawUrl) throw new DomainError("Enter the instance's address, like https://fosstodon.org", 'serviceUrl')
  const serviceUrl = normaliseServiceUrl(rawUrl)
  const identifier =
    kind === 'bluesky'
      ? input.identifier?.trim().replace(/^@/, '') || previous?.identifier || channel.handle?.replace(/^@/, '') || ''
      : null
  if (kind === 'bluesky' && !identifier) throw new DomainError('Enter the Bluesky handle, like pybamm.bsky.social', 'identifier')
  const what = kind === 'mastodon' ? 'access token' : 'app password'

  let credential: Credential
  let secret: string
  try {
    if (input.secretEnvVar) {
      requireCredentialEnvVarName(input.secretEnvVar)
      credential = { envVar: input.secretEnvVar }
      secret = resolveCredential(credential, credentialContext(channel.id))
    } else if (input.secret?.trim()) {
      secret = input.secret.trim()
      credential = { encrypted: encryptSecret(secret, credentialContext(channel.id)) }
    } else {
      throw new DomainError(`Enter the ${what}`, 'secret')
    }
  } catch (error) {
    if (error instanceof SecretError) throw new DomainError(error.message, 'secret')
    throw error
  }

  let checked: Checked
  try {
    checked = await check(kind, serviceUrl, identifier, secret)
  } catch (error) {
    if (error instanceof RemoteError) throw new DomainError(`Not connected: ${error.message}`, 'secret')
    throw error
  }

  const language = input.language?.trim() || previous?.language || null
  if (language && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) {
    throw new DomainError('Use a language tag like en or pt-BR', 'language')
  }
  const values = {
    serviceUrl,
    identifier,
    credential,
    session: checked.session ? encryptSecret(JSON.stringify(checked.session), sessionContext(channel.id)) : null,
    accountName: checked.accountName,
    accountId: checked.accountId,
    language,
    charactersReservedPerUrl: checked.charactersReservedPerUrl ?? null,
    lastCheckedAt: new Date(),
    lastError: null,
    updatedAt: new Date(),
  }
  return db.transaction(async (tx) => {
    await tx
      .insert(commsChannelConnections)
      .values({ channelId: channel.id, ...values })
      .onConflictDoUpdate({ target: commsChannelConnections.channelId, set: values })
    if (checked.characterLimit && checked.characterLimit !== channel.characterLimit) {
      await tx
        .update(commsChannels)
        .set({ characterLimit: checked.characterLimit, updatedAt: new Date() })
        .where(eq(commsChannels.id, channel.id))
    }
    const audited = (c: typeof previous) =>
      c && { serviceUrl: c.serviceUrl, identifier: c.identifier, accountName: c.accountName, language: c.language, credentialChanged: true }
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'comms_channel',
      entityId: channel.id,
      action: previous?.credential ? 'reconnect' : 'connect',
      before: audited(previous) ?? null,
      // the credential's place, never its value
      after: {
        ...audited({ ...values, channelId: channel.id, demo: false, createdAt: new Date() }),
        credentialIn: 'envVar' in credential ? credential.envVar : 'encrypted',
      },
    })
    return { accountName: checked.accountName, characterLimit: checked.characterLimit ?? channel.characterLimit }
  })
}

/** Forgets the credential (the account stays named for the record); scheduled posts then fail until it is connected again. */
export async function disconnectChannel(input: { channelId: string; actorId: string | null }) {
  return db.transaction(async (tx) => {
    const previous = await getConnection(input.channelId, tx)
    if (!previous?.credential) throw new DomainError('The channel is not connected')
    await tx
      .update(commsChannelConnections)
      .set({ credential: null, session: null, updatedAt: new Date() })
      .where(eq(commsChannelConnections.channelId, input.channelId))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'comms_channel',
      entityId: input.channelId,
      action: 'disconnect',
      before: { accountName: previous.accountName },
    })
  })
}

/**
 * Adds a channel with where its account lives (the command line's `channel add`): a Mastodon
 * channel with its instance, a Bluesky one with its handle and PDS. It publishes once connected.
 */
export async function addChannelWithAccount(input: {
  kind: ChannelKind
  name: string
  /** Mastodon: the instance; Bluesky: the PDS (default https://bsky.social) */
  serviceUrl?: string
  handle?: string
  actorId: string | null
}) {
  if (input.kind === 'mastodon' && !input.serviceUrl)
    throw new DomainError("Give the instance's address, like https://fosstodon.org", 'serviceUrl')
  if (input.kind === 'bluesky' && !input.handle) throw new DomainError('Give the Bluesky handle, like pybamm.bsky.social', 'handle')
  const serviceUrl = isConnectableKind(input.kind) ? normaliseServiceUrl(input.serviceUrl ?? DEFAULT_BLUESKY_SERVICE) : undefined
  const handle = input.handle?.trim() || (input.kind === 'mastodon' && serviceUrl ? new URL(serviceUrl).host : undefined)
  const name = input.name.trim()
  if (!name) throw new DomainError('Give the channel a name', 'name')
  return db.transaction(async (tx) => {
    const [channel] = await tx
      .insert(commsChannels)
      .values({ kind: input.kind, name, handle: handle ?? null, active: true, characterLimit: DEFAULT_CHARACTER_LIMITS[input.kind] })
      .returning()
    if (serviceUrl) {
      await tx.insert(commsChannelConnections).values({
        channelId: channel.id,
        serviceUrl,
        identifier: input.kind === 'bluesky' ? input.handle!.trim().replace(/^@/, '') : null,
      })
    }
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'comms_channel',
      entityId: channel.id,
      action: 'create',
      after: { ...channel, serviceUrl },
    })
    return channel
  })
}

/** A channel by its id or its name (case-insensitive), for the command line. */
export async function findChannel(idOrName: string) {
  const all = await db.select().from(commsChannels)
  const wanted = idOrName.trim().toLowerCase()
  const found = all.filter((c) => c.id === wanted || c.name.toLowerCase() === wanted)
  if (found.length === 0) throw new DomainError(`No channel is called ${idOrName}: see \`channel list\``)
  if (found.length > 1) throw new DomainError(`Several channels are called ${idOrName}: use the id from \`channel list\``)
  return found[0]
}

/** "Test connection": signs in again with the stored credential and answers in plain words. */
export async function testChannelConnection(channelId: string): Promise<{ ok: boolean; message: string }> {
  const [channel] = await db.select().from(commsChannels).where(eq(commsChannels.id, channelId))
  requireConnectable(channel)
  const connection = await getConnection(channelId)
  if (connection?.demo) return { ok: false, message: DEMO_CHANNEL_REASON }
  if (!connection?.credential) return { ok: false, message: 'Not connected: enter an access token or app password first.' }
  let result: { ok: boolean; message: string }
  try {
    const secret = resolveCredential(connection.credential, credentialContext(channelId))
    const checked = await check(channel.kind, connection.serviceUrl, connection.identifier, secret, readSession(connection))
    result = {
      ok: true,
      message: `Connected as ${checked.accountName}${checked.characterLimit ? `; the instance allows ${checked.characterLimit.toLocaleString('en')} characters` : ''}.`,
    }
  } catch (error) {
    result = { ok: false, message: explainFailure(error) }
  }
  await db
    .update(commsChannelConnections)
    .set({ lastCheckedAt: new Date(), lastError: result.ok ? null : result.message })
    .where(eq(commsChannelConnections.channelId, channelId))
  return result
}

function readSession(connection: CommsChannelConnection): BlueskySession | undefined {
  if (!connection.session) return undefined
  try {
    return JSON.parse(decryptSecret(connection.session, sessionContext(connection.channelId))) as BlueskySession
  } catch {
    return undefined // a session that does not decrypt is only a sign-in more
  }
}

/** Keeps a new or refreshed Bluesky session for the next run. */
export async function saveSession(channelId: string, session: BlueskySession) {
  await db
    .update(commsChannelConnections)
    .set({ session: encryptSecret(JSON.stringify(session), sessionContext(channelId)) })
    .where(eq(commsChannelConnections.channelId, channelId))
}

/** The credential in clear, for the one call that sends it to its network; SecretError in plain words otherwise. */
export function connectionSecret(connection: CommsChannelConnection) {
  if (!connection.credential) {
    throw new SecretError('empty', 'The channel is not connected: connect it again on its page, then press "Try again".')
  }
  return { secret: resolveCredential(connection.credential, credentialContext(connection.channelId)), session: readSession(connection) }
}

/** Notes what went wrong with the connection (a refused token), for the channel's page. */
export async function recordConnectionError(channelId: string, message: string | null) {
  await db
    .update(commsChannelConnections)
    .set({ lastError: message, lastCheckedAt: new Date() })
    .where(eq(commsChannelConnections.channelId, channelId))
}
