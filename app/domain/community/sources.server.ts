// Community sources beside GitHub: Discourse forums and project mailboxes (DESIGN.md, "Connectors";
// docs/decisions/015-community-sources-and-forum-sync.md). What the sources page and the `source …` commands call.
//
// - Adding a source checks it first, against the service itself: a forum must answer like Discourse
//   (and know the categories named), a mailbox must accept the login over TLS and have a Sent
//   folder. A failed check is one line and writes nothing.
// - A credential is stored encrypted (AES-256-GCM under STEWARD_SECRET_KEY, refused without it) or
//   named as an environment variable; it never leaves the server, and the audit log records only
//   that it changed ("stored" / "env:NAME"), never its value.
// - Removing a source stops its syncs; its data stays, so past periods keep their numbers.
import { randomUUID } from 'node:crypto'
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { type CommunitySource, communitySources } from '#db/schema/sources.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import {
  type Credential,
  encryptSecret,
  requireCredentialEnvVarName,
  requireSecretKey,
  resolveCredential,
  SecretError,
} from '#app/utils/secrets.server.ts'
import { createDiscourseClient, type DiscourseClientOptions, DiscourseError } from '#app/integrations/discourse/client.server.ts'
import { type MailboxConfig, type MailboxProbe, probeMailbox } from '#app/integrations/imap/mailbox.server.ts'
import { DEFAULT_MAINTAINER_GROUPS, SOURCE_KIND_LABELS, type SourceKind } from './vocabulary.ts'

/** How a source is reached, for tests and benchmarks: the Discourse client's options, the IMAP probe. */
export interface SourceConnectOptions {
  discourse?: Partial<DiscourseClientOptions>
  probeMailbox?: (config: MailboxConfig) => Promise<MailboxProbe>
}

/** A secret as a person gives it: typed in (to store encrypted) or named as an environment variable. */
export type SecretInput = { value: string } | { envVar: string } | null

function fail(error: unknown, field?: string): never {
  if (error instanceof DomainError) throw error
  if (error instanceof SecretError || error instanceof DiscourseError) throw new DomainError(error.message, field)
  throw error
}

/** The forum's address as stored: http(s), no query, no trailing slash. */
export function normalizeForumUrl(input: string): string {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    throw new DomainError(`“${input}” is not a web address: give the forum's address, e.g. https://forum.example.org.`, 'url')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DomainError(`${input} is not an http(s) address: give the forum's address, e.g. https://forum.example.org.`, 'url')
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

function checkSecretInput(secret: SecretInput, field: string) {
  if (!secret) return
  try {
    if ('envVar' in secret) requireCredentialEnvVarName(secret.envVar)
    else requireSecretKey()
  } catch (error) {
    fail(error, field)
  }
}

/** The plain value to try the connection with (never stored as such). */
function plainOf(secret: SecretInput, context: string): string | undefined {
  if (!secret) return undefined
  try {
    return 'value' in secret ? secret.value : resolveCredential({ envVar: secret.envVar }, context)
  } catch (error) {
    fail(error)
  }
}

/** What a source shows of its credential: whether one is stored, or which variable holds it. Never the value. */
export function describeCredential(encrypted: string | null, envVar: string | null): string | null {
  if (envVar) return `env:${envVar}`
  if (encrypted) return 'stored'
  return null
}

/**
 * The row as the audit log may see it: the credential described ("stored" / "env:NAME"), never included.
 * Under `credential`, not `password`: the audit log drops every key naming a password, token or
 * secret, which would leave a mailbox's credential change recorded as nothing at all.
 */
export function publicSource(source: CommunitySource) {
  const { apiKeyEncrypted: _k, apiKeyEnv: _ke, passwordEncrypted: _p, passwordEnv: _pe, syncState: _syncState, ...rest } = source
  return { ...rest, credential: credentialOf(source) }
}

/** How a source keeps the credential of its kind (a forum's API key, a mailbox's password), described. */
function credentialOf(source: CommunitySource) {
  return source.kind === 'discourse'
    ? describeCredential(source.apiKeyEncrypted, source.apiKeyEnv)
    : describeCredential(source.passwordEncrypted, source.passwordEnv)
}

export function findSource(id: string, tx: DbOrTx = db): Promise<CommunitySource | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(undefined)
  return tx
    .select()
    .from(communitySources)
    .where(eq(communitySources.id, id))
    .then((rows) => rows[0])
}

export async function requireSource(id: string, tx: DbOrTx = db): Promise<CommunitySource> {
  const source = await findSource(id, tx)
  if (!source) throw new DomainError(`No source has the id ${id}: \`source list\` shows them.`, 'id')
  return source
}

/** Every source, active first, by kind and name. */
export function listSources(tx: DbOrTx = db): Promise<CommunitySource[]> {
  return tx
    .select()
    .from(communitySources)
    .orderBy(desc(communitySources.active), asc(communitySources.kind), asc(communitySources.name), asc(communitySources.createdAt))
}

export function listActiveSources(options: { kind?: SourceKind } = {}, tx: DbOrTx = db): Promise<CommunitySource[]> {
  return tx
    .select()
    .from(communitySources)
    .where(and(eq(communitySources.active, true), options.kind ? eq(communitySources.kind, options.kind) : undefined))
    .orderBy(asc(communitySources.kind), asc(communitySources.name), asc(communitySources.createdAt))
}

/** The credential a source stores or names, as secrets.server.ts reads it. */
export function sourceCredential(encrypted: string | null, envVar: string | null): Credential | null {
  if (envVar) return { envVar }
  if (encrypted) return { encrypted }
  return null
}

/** The value of a source's credential; a DomainError in one line when it cannot be read. */
export function readSourceSecret(source: CommunitySource, field: 'apiKey' | 'password'): string | undefined {
  const credential =
    field === 'apiKey'
      ? sourceCredential(source.apiKeyEncrypted, source.apiKeyEnv)
      : sourceCredential(source.passwordEncrypted, source.passwordEnv)
  if (!credential) return undefined
  try {
    return resolveCredential(credential, `source:${source.id}:${field}`)
  } catch (error) {
    fail(error)
  }
}

function storedSecret(secret: SecretInput, id: string, field: 'apiKey' | 'password') {
  if (!secret) return { encrypted: null, envVar: null }
  if ('envVar' in secret) return { encrypted: null, envVar: secret.envVar }
  return { encrypted: encryptSecret(secret.value, `source:${id}:${field}`), envVar: null }
}

// ---------------------------------------------------------------------------------------------
// Discourse

export interface AddDiscourseInput {
  url: string
  apiUsername?: string | null
  apiKey?: SecretInput
  categories?: string[]
  maintainerGroups?: string[]
  actorId: string | null
  connect?: SourceConnectOptions
}

/** Checks the forum answers like Discourse (and has the categories named), then starts following it. */
export async function addDiscourseSource(input: AddDiscourseInput): Promise<CommunitySource> {
  const url = normalizeForumUrl(input.url)
  const apiKey = input.apiKey ?? null
  checkSecretInput(apiKey, 'apiKey')
  const apiUsername = input.apiUsername?.trim() || null
  if (apiKey && !apiUsername) throw new DomainError('An API key needs the username it acts as (--api-username).', 'apiUsername')
  const categories = [...new Set((input.categories ?? []).map((c) => c.trim()).filter(Boolean))]
  const maintainerGroups = [...new Set((input.maintainerGroups ?? []).map((g) => g.trim()).filter(Boolean))]
  const existing = (await listActiveSources({ kind: 'discourse' })).find((s) => s.url?.toLowerCase() === url.toLowerCase())
  if (existing) throw new DomainError(`${url} is already a source (${existing.name}).`, 'url')

  const id = randomUUID()
  let title: string
  try {
    const client = createDiscourseClient({
      baseUrl: url,
      apiKey: plainOf(apiKey, `source:${id}:apiKey`),
      apiUsername: apiUsername ?? undefined,
      maxAttempts: 2,
      ...input.connect?.discourse,
    })
    const site = await client.probe()
    for (const slug of categories) await client.resolveCategory(slug)
    title = site.title || new URL(url).host
  } catch (error) {
    fail(error, 'url')
  }

  return db.transaction(async (tx) => {
    const key = storedSecret(apiKey, id, 'apiKey')
    const [created] = await tx
      .insert(communitySources)
      .values({
        id,
        kind: 'discourse',
        name: title,
        url,
        apiUsername,
        apiKeyEncrypted: key.encrypted,
        apiKeyEnv: key.envVar,
        categories,
        maintainerGroups: maintainerGroups.length ? maintainerGroups : [...DEFAULT_MAINTAINER_GROUPS],
        addedById: input.actorId,
      })
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'community_source',
      entityId: id,
      action: 'create',
      after: publicSource(created),
    })
    return created
  })
}

// ---------------------------------------------------------------------------------------------
// IMAP

export interface AddImapInput {
  host: string
  port?: number
  tls?: boolean
  user: string
  password: SecretInput
  projectAddresses: string[]
  actorId: string | null
  connect?: SourceConnectOptions
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Logs in to the mailbox (TLS unless told otherwise) and finds its Sent folder, then starts following it. */
export async function addImapSource(input: AddImapInput): Promise<CommunitySource> {
  const host = input.host.trim()
  if (!host) throw new DomainError('The IMAP server is required (--host).', 'host')
  const user = input.user.trim()
  if (!user) throw new DomainError('The user name is required (--user).', 'user')
  const tls = input.tls ?? true
  const port = input.port ?? (tls ? 993 : 143)
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DomainError(`${port} is not a port (1–65535).`, 'port')
  if (!input.password) throw new DomainError('The mailbox password is required (--password-env VAR, or typed in).', 'password')
  checkSecretInput(input.password, 'password')
  const projectAddresses = [...new Set(input.projectAddresses.map((a) => a.trim().toLowerCase()).filter(Boolean))]
  if (projectAddresses.length === 0) throw new DomainError('Name at least one project address (--project-address).', 'projectAddresses')
  const bad = projectAddresses.filter((a) => !EMAIL.test(a))
  if (bad.length) throw new DomainError(`Not an e-mail address: ${bad.join(', ')}.`, 'projectAddresses')
  const existing = (await listActiveSources({ kind: 'imap' })).find(
    (s) => s.host?.toLowerCase() === host.toLowerCase() && s.username?.toLowerCase() === user.toLowerCase(),
  )
  if (existing) throw new DomainError(`${user} on ${host} is already a source.`, 'host')

  const id = randomUUID()
  const password = plainOf(input.password, `source:${id}:password`)!
  const probe = input.connect?.probeMailbox ?? probeMailbox
  // Plain IMAP is for a server on this machine only (the client refuses it elsewhere); otherwise TLS.
  const answer = await probe({ host, port, tls, user, password })
  if (!answer.ok) throw new DomainError(answer.reason, answer.kind === 'auth' ? 'password' : 'host')

  return db.transaction(async (tx) => {
    const secret = storedSecret(input.password, id, 'password')
    const [created] = await tx
      .insert(communitySources)
      .values({
        id,
        kind: 'imap',
        name: `${user} on ${host}`,
        host,
        port,
        tls,
        username: user,
        passwordEncrypted: secret.encrypted,
        passwordEnv: secret.envVar,
        projectAddresses,
        addedById: input.actorId,
      })
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'community_source',
      entityId: id,
      action: 'create',
      after: publicSource(created),
    })
    return created
  })
}

// ---------------------------------------------------------------------------------------------
// Changing and removing

/** Replaces a source's credential (an API key or a password), or clears it; audited without the value. */
export async function setSourceCredential(input: { id: string; secret: SecretInput; actorId: string | null }): Promise<CommunitySource> {
  const source = await requireSource(input.id)
  const field = source.kind === 'discourse' ? 'apiKey' : 'password'
  checkSecretInput(input.secret, field)
  if (!input.secret && source.kind === 'imap') throw new DomainError('A mailbox needs its password.', field)
  if (input.secret && source.kind === 'discourse' && !source.apiUsername) {
    throw new DomainError('Set the username the key acts as first (remove and add the forum again with it).', field)
  }
  return db.transaction(async (tx) => {
    const stored = storedSecret(input.secret, source.id, field)
    const values =
      field === 'apiKey'
        ? { apiKeyEncrypted: stored.encrypted, apiKeyEnv: stored.envVar }
        : { passwordEncrypted: stored.encrypted, passwordEnv: stored.envVar }
    const [after] = await tx
      .update(communitySources)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(communitySources.id, source.id))
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'community_source',
      entityId: source.id,
      action: 'credential',
      // `field` names which credential ('apiKey' or 'password'); the values only say how it is kept.
      before: { field, credential: credentialOf(source) },
      after: { field, credential: describeCredential(stored.encrypted, stored.envVar) },
    })
    return after
  })
}

/** Stops syncing a source; what it synced stays (past periods keep their numbers). */
export async function removeSource(input: { id: string; actorId: string | null }): Promise<CommunitySource> {
  return db.transaction(async (tx) => {
    const before = await requireSource(input.id, tx)
    if (!before.active) return before
    const [after] = await tx
      .update(communitySources)
      .set({ active: false, deactivatedAt: new Date(), status: 'idle', updatedAt: new Date() })
      .where(eq(communitySources.id, input.id))
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'community_source',
      entityId: input.id,
      action: 'deactivate',
      before: publicSource(before),
      after: publicSource(after),
    })
    return after
  })
}

/** One line naming a source, for the command line. */
export function describeSource(source: CommunitySource) {
  const where = source.kind === 'discourse' ? source.url : `${source.username}@${source.host}:${source.port}${source.tls ? ' (TLS)' : ''}`
  return `${SOURCE_KIND_LABELS[source.kind]} “${source.name}” ${where}`
}

/** Marks sources as queued for the worker (shown until it picks them up). */
export async function markSourcesQueued(ids: string[], tx: DbOrTx = db) {
  if (ids.length === 0) return
  await tx
    .update(communitySources)
    .set({ status: 'queued', updatedAt: new Date() })
    .where(
      sql`${communitySources.id} in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    )
}
