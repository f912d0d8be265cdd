// Funding connections: an Open Collective collective or a GitHub Sponsors account Steward reads
// from. Connecting stores the account (and a credential: encrypted, or the name of an environment
// variable); the first sync waits until its preview has been seen; after that a daily job keeps
// every active connection up to date. The same functions serve the page, the command line and the job.
import { randomUUID } from 'node:crypto'
import { and, asc, desc, eq, isNotNull } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { fundingConnections, importBatches, type FundingConnection } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import {
  createOpenCollectiveClient,
  OpenCollectiveError,
  type OpenCollectiveClient,
} from '#app/integrations/opencollective/client.server.ts'
import { createGithubClient, GithubError, type GithubClient } from '#app/integrations/github/client.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { enqueueJob } from '#jobs/boss.server.ts'
import { QUEUES } from '#jobs/queues.ts'
import { encryptSecret, requireCredentialEnvVarName, requireSecretKey, resolveCredential, SecretError } from '#app/utils/secrets.server.ts'
import {
  describeOpenCollectivePreview,
  previewOpenCollective,
  syncOpenCollectiveConnection,
  type OpenCollectivePreview,
  type OpenCollectiveSyncProgress,
} from './opencollective-sync.server.ts'
import {
  countSponsorships,
  summariseSponsorMonths,
  listRecentSponsorEvents,
  previewGithubSponsors,
  syncGithubSponsorsConnection,
  type SponsorsPreview,
} from './sponsors-sync.server.ts'
import { FUNDING_CONNECTION_KIND_LABELS, type FundingConnectionKind } from './vocabulary.ts'

/** How tests and benchmarks point the connectors at stand-ins. */
export interface FundingClients {
  opencollective?: (token: string | undefined) => OpenCollectiveClient
  github?: (token: string) => GithubClient
}

export interface ConnectInput {
  kind: FundingConnectionKind
  account: string
  /** typed in: stored encrypted, never shown again */
  token?: string | null
  /** or the name of an environment variable holding it */
  tokenEnvVar?: string | null
  actorId: string | null
}

const credentialContext = (id: string) => `funding:${id}:token`

function normaliseAccount(kind: FundingConnectionKind, account: string) {
  const value = account.trim().replace(/^@/, '')
  if (kind === 'opencollective') {
    const slug = value
      .replace(/^https?:\/\/(www\.)?opencollective\.com\//i, '')
      .replace(/\/.*$/, '')
      .toLowerCase()
    if (!/^[a-z0-9][a-z0-9-]{0,254}$/.test(slug))
      throw new DomainError('An Open Collective slug is the last part of the collective’s address, like "pybamm"', 'account')
    return slug
  }
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(value))
    throw new DomainError('A GitHub login is letters, digits and hyphens, like "pybamm-team"', 'account')
  return value
}

/** One line for the page and the audit log: where the credential lives, never its value. */
function describeCredential(credential: FundingConnection['credential']) {
  if (!credential) return 'no token'
  if ('envVar' in credential) return `token from ${credential.envVar}`
  return 'token stored encrypted'
}

function credentialFor(id: string, input: Pick<ConnectInput, 'token' | 'tokenEnvVar'>): FundingConnection['credential'] {
  const envVar = input.tokenEnvVar?.trim()
  const token = input.token?.trim()
  try {
    if (envVar) {
      requireCredentialEnvVarName(envVar)
      return { envVar }
    }
    if (token) {
      requireSecretKey()
      return { encrypted: encryptSecret(token, credentialContext(id)) }
    }
  } catch (error) {
    if (error instanceof SecretError) throw new DomainError(error.message, envVar ? 'tokenEnvVar' : 'token')
    throw error
  }
  return null
}

export async function connectFundingAccount(input: ConnectInput): Promise<FundingConnection> {
  const account = normaliseAccount(input.kind, input.account)
  const id = randomUUID()
  const credential = credentialFor(id, input)
  if (input.kind === 'github_sponsors' && !credential)
    throw new DomainError('GitHub Sponsors needs a token (with read:user, and read:org for an organisation)', 'token')
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: fundingConnections.id })
      .from(fundingConnections)
      .where(and(eq(fundingConnections.kind, input.kind), eq(fundingConnections.account, account)))
    if (existing) throw new DomainError(`${FUNDING_CONNECTION_KIND_LABELS[input.kind]} "${account}" is already connected`, 'account')
    const [row] = await tx
      .insert(fundingConnections)
      .values({ id, kind: input.kind, account, credential, createdById: input.actorId })
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'funding_connection',
      entityId: row.id,
      action: 'connect',
      after: { kind: row.kind, account: row.account, credential: describeCredential(credential) },
    })
    return row
  })
}

/** Replaces (or removes) the credential of a connection; audited without the value. */
export async function setFundingCredential(input: {
  connectionId: string
  token?: string | null
  tokenEnvVar?: string | null
  actorId: string | null
}) {
  const connection = await requireConnection(input.connectionId)
  const credential = credentialFor(connection.id, input)
  if (connection.kind === 'github_sponsors' && !credential) throw new DomainError('GitHub Sponsors needs a token', 'token')
  await db.transaction(async (tx) => {
    await tx.update(fundingConnections).set({ credential, updatedAt: new Date() }).where(eq(fundingConnections.id, connection.id))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'funding_connection',
      entityId: connection.id,
      action: 'credential',
      before: { credential: describeCredential(connection.credential) },
      after: { credential: describeCredential(credential) },
    })
  })
}

export async function setFundingConnectionPaused(input: { connectionId: string; paused: boolean; actorId: string | null }) {
  const connection = await requireConnection(input.connectionId)
  if (connection.status === 'pending') throw new DomainError('Confirm the first sync before pausing this connection')
  const status = input.paused ? 'paused' : 'active'
  await db.transaction(async (tx) => {
    await tx.update(fundingConnections).set({ status, updatedAt: new Date() }).where(eq(fundingConnections.id, connection.id))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'funding_connection',
      entityId: connection.id,
      action: input.paused ? 'pause' : 'resume',
      before: { status: connection.status },
      after: { status },
    })
  })
}

async function requireConnection(id: string) {
  const [row] = await db.select().from(fundingConnections).where(eq(fundingConnections.id, id))
  if (!row) throw new DomainError('No such connection')
  return row
}

/** Connections without their credentials (safe for the page and the command line). */
export async function listFundingConnections() {
  const rows = await db.select().from(fundingConnections).orderBy(asc(fundingConnections.kind), asc(fundingConnections.account))
  return rows.map(({ credential, cursor: _cursor, ...rest }) => ({ ...rest, credential: describeCredential(credential) }))
}

function tokenOf(connection: FundingConnection): string | undefined {
  if (!connection.credential) return undefined
  try {
    return resolveCredential(connection.credential, credentialContext(connection.id))
  } catch (error) {
    if (error instanceof SecretError) throw new DomainError(error.message)
    throw error
  }
}

function clientsFor(connection: FundingConnection, clients: FundingClients = {}, onWait?: (words: string) => void) {
  const token = tokenOf(connection)
  if (connection.kind === 'opencollective') {
    return {
      opencollective:
        clients.opencollective?.(token) ??
        createOpenCollectiveClient({ token, onWait: (w) => onWait?.(`waiting ${Math.ceil(w.ms / 1000)} s (${w.cause ?? w.reason})`) }),
    }
  }
  if (!token) throw new DomainError('This GitHub Sponsors connection has no token: set one')
  return {
    github:
      clients.github?.(token) ??
      createGithubClient({ token, onWait: (w) => onWait?.(`waiting ${Math.ceil(w.ms / 1000)} s (${w.cause ?? w.reason})`) }),
  }
}

/** An outside failure in words for the page; anything else is a bug and is thrown. */
function plainWords(error: unknown): string | null {
  if (error instanceof OpenCollectiveError || error instanceof GithubError || error instanceof DomainError) return error.message
  return null
}

export type FundingPreview =
  ({ kind: 'opencollective'; summary: string } & OpenCollectivePreview) | ({ kind: 'github_sponsors'; summary: string } & SponsorsPreview)

/** What a first sync would bring, read from the service; writes nothing. */
export async function previewFundingConnection(input: { connectionId: string; clients?: FundingClients }): Promise<FundingPreview> {
  const connection = await requireConnection(input.connectionId)
  const clients = clientsFor(connection, input.clients)
  try {
    if (connection.kind === 'opencollective') {
      const preview = await previewOpenCollective(clients.opencollective!, connection.account)
      return { kind: 'opencollective', summary: describeOpenCollectivePreview(preview), ...preview }
    }
    const preview = await previewGithubSponsors(clients.github!, connection.account)
    return { kind: 'github_sponsors', ...preview }
  } catch (error) {
    const words = plainWords(error)
    if (words) throw new DomainError(words)
    throw error
  }
}

export interface FundingSyncReport {
  connectionId: string
  kind: FundingConnectionKind
  account: string
  ok: boolean
  error: string | null
  summary: Record<string, unknown>
  requests: number
}

/**
 * Syncs one connection. A pending connection (its preview not yet confirmed) is synced only with
 * `confirm`, which makes it active. Failures are kept on the connection in plain words.
 */
export async function syncFundingConnection(input: {
  connectionId: string
  actorId: string | null
  confirm?: boolean
  clients?: FundingClients
  onProgress?: (line: string) => void
  /** tests: stop after this many pages, as if killed */
  stopAfterPages?: number
  pageSize?: number
}): Promise<FundingSyncReport> {
  const connection = await requireConnection(input.connectionId)
  if (connection.status === 'pending' && !input.confirm)
    throw new DomainError(`Look at the preview of ${connection.account} and confirm its first sync before it is synced`)
  const started = new Date()
  await db
    .update(fundingConnections)
    .set({ lastResult: 'running', status: connection.status === 'pending' ? 'active' : connection.status, updatedAt: started })
    .where(eq(fundingConnections.id, connection.id))
  if (connection.status === 'pending') {
    await db.transaction((tx) =>
      recordAudit(tx, {
        actorId: input.actorId,
        entity: 'funding_connection',
        entityId: connection.id,
        action: 'confirm',
        before: { status: 'pending' },
        after: { status: 'active' },
      }),
    )
  }
  let summary: Record<string, unknown> = {}
  let error: string | null = null
  let requests = 0
  try {
    const clients = clientsFor(connection, input.clients, input.onProgress)
    if (connection.kind === 'opencollective') {
      const outcome = await syncOpenCollectiveConnection({
        connectionId: connection.id,
        slug: connection.account,
        client: clients.opencollective!,
        actorId: input.actorId,
        stopAfterPages: input.stopAfterPages,
        pageSize: input.pageSize,
        onProgress: (p: OpenCollectiveSyncProgress) =>
          input.onProgress?.(
            `${connection.account}: ${p.read} read, ${p.remaining} to go (${p.inserted} new, ${p.reconciled} already in the ledger)`,
          ),
      })
      requests = outcome.requests
      summary = { ...outcome }
    } else {
      const outcome = await syncGithubSponsorsConnection({
        connectionId: connection.id,
        login: connection.account,
        client: clients.github!,
        actorId: input.actorId,
        onProgress: input.onProgress,
      })
      requests = outcome.requests
      summary = { ...outcome }
    }
  } catch (caught) {
    const words = plainWords(caught)
    if (!words) {
      await db
        .update(fundingConnections)
        .set({ lastResult: 'failed', lastError: 'Steward failed unexpectedly: see the server log', lastSyncAt: started })
        .where(eq(fundingConnections.id, connection.id))
      throw caught
    }
    error = words
  }
  await db
    .update(fundingConnections)
    .set({
      lastSyncAt: started,
      lastResult: error ? 'failed' : 'ok',
      lastError: error,
      lastSummary: summary,
      requestsLastSync: requests,
      ...(typeof summary.monthlyIncomeCents === 'number' ? { monthlyIncomeCents: summary.monthlyIncomeCents } : {}),
      updatedAt: new Date(),
    })
    .where(eq(fundingConnections.id, connection.id))
  return { connectionId: connection.id, kind: connection.kind, account: connection.account, ok: !error, error, summary, requests }
}

/** The daily job and `sync funding`: every active connection (or the one asked for). */
export async function syncFunding(input: {
  connectionId?: string
  actorId: string | null
  clients?: FundingClients
  onProgress?: (line: string) => void
}): Promise<FundingSyncReport[]> {
  if (input.connectionId) {
    return [await syncFundingConnection({ ...input, connectionId: input.connectionId, confirm: true })]
  }
  const active = await db
    .select({ id: fundingConnections.id })
    .from(fundingConnections)
    .where(eq(fundingConnections.status, 'active'))
    .orderBy(asc(fundingConnections.createdAt))
  const reports: FundingSyncReport[] = []
  for (const { id } of active) reports.push(await syncFundingConnection({ ...input, connectionId: id }))
  return reports
}

/** The last sync batches of the connections (newest first), for the page. */
async function listConnectionBatches(limit = 30) {
  return db
    .select({
      id: importBatches.id,
      connectionId: importBatches.connectionId,
      importedAt: importBatches.importedAt,
      rows: importBatches.rows,
      inserted: importBatches.inserted,
      duplicates: importBatches.duplicates,
      revertedAt: importBatches.revertedAt,
    })
    .from(importBatches)
    .where(isNotNull(importBatches.connectionId))
    .orderBy(desc(importBatches.importedAt))
    .limit(limit)
}

async function queueSync(connectionId: string, tx?: DbOrTx) {
  try {
    await enqueueJob(QUEUES.fundingSync, { connectionId }, { tx, singletonKey: `funding:${connectionId}` })
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new DomainError(
      `Could not queue the sync: ${reason}. Start Steward with its worker (npm start), or run npm run steward -- sync funding --id ${connectionId}.`,
    )
  }
}

/** "Confirm and import" after the preview: the connection becomes active and its first sync is queued, together. */
export async function confirmFundingConnection(input: { connectionId: string; actorId: string | null }) {
  const connection = await requireConnection(input.connectionId)
  if (connection.status !== 'pending') throw new DomainError('This connection is already confirmed')
  await db.transaction(async (tx) => {
    await tx
      .update(fundingConnections)
      .set({ status: 'active', lastResult: 'running', updatedAt: new Date() })
      .where(eq(fundingConnections.id, connection.id))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'funding_connection',
      entityId: connection.id,
      action: 'confirm',
      before: { status: 'pending' },
      after: { status: 'active' },
    })
    await queueSync(connection.id, tx)
  })
}

/** "Sync now": queues a sync of an active connection for the worker. */
export async function requestFundingSync(input: { connectionId: string }) {
  const connection = await requireConnection(input.connectionId)
  if (connection.status === 'pending') throw new DomainError('Look at the preview and confirm the first sync first')
  await queueSync(connection.id)
  await db.update(fundingConnections).set({ lastResult: 'running' }).where(eq(fundingConnections.id, connection.id))
}

/**
 * Everything /fundraising/connections shows; credentials never leave the server. It names
 * individual sponsors (the sponsorship months): for the fundraising and admin roles only.
 */
export async function getFundingConnectionsPage() {
  const [connections, batches] = await Promise.all([listFundingConnections(), listConnectionBatches()])
  const sponsors = await Promise.all(
    connections
      .filter((c) => c.kind === 'github_sponsors' && c.status !== 'pending')
      .map(async (c) => ({
        connectionId: c.id,
        counts: await countSponsorships(c.id),
        recent: await listRecentSponsorEvents(c.id),
        months: await summariseSponsorMonths(c.id),
      })),
  )
  return {
    connections: connections.map((c) => ({
      ...c,
      batches: batches.filter((b) => b.connectionId === c.id).slice(0, 5),
      sponsors: sponsors.find((s) => s.connectionId === c.id) ?? null,
    })),
    canStoreTokens: Boolean(getEnv().STEWARD_SECRET_KEY),
  }
}
