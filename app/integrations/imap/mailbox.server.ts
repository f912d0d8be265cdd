// The project's mailbox over IMAP, strictly read-only (imapflow; facts in CONNECTORS.md §4).
//
// - Folders are opened with EXAMINE (`readOnly: true`), and headers are fetched with BODY.PEEK,
//   which imapflow uses for every body section: nothing here sets \Seen or any other flag,
//   moves, copies, appends, expunges or deletes. The client is private to this module so no
//   caller can either.
// - Only identifiers, addresses, dates, the subject and the headers that tell people from
//   machines are fetched: never a body.
// - Incremental by UID under UIDVALIDITY: a caller stores (path, uidValidity, lastUid) per page.
// - The Sent folder is the one the server marks \Sent (RFC 6154), never one guessed by its name.
// - Every failure becomes a MailboxError with one line in plain words; the password is never in it.
import { ImapFlow, type ImapFlowOptions } from 'imapflow'
import { z } from 'zod'
import { EXTRA_HEADER_FIELDS, type MailMessage, toMailMessage } from './messages.ts'

/** What a mailbox connection stores beside its (encrypted) password. */
export const MailboxSettingsSchema = z.object({
  host: z.string().trim().min(1, 'the IMAP server is required'),
  port: z.coerce.number().int().min(1).max(65535).default(993),
  /** true: TLS from the start (993); 'starttls': plain, then STARTTLS required (143); false: no TLS, only to this machine */
  tls: z.union([z.boolean(), z.literal('starttls')]).default(true),
  user: z.string().trim().min(1, 'the user name is required'),
})
export type MailboxSettings = z.infer<typeof MailboxSettingsSchema>

export interface MailboxConfig extends Partial<Pick<MailboxSettings, 'port' | 'tls'>>, Omit<MailboxSettings, 'port' | 'tls'> {
  password: string
  /** to connect and to be greeted, each; default 15 s */
  timeoutMs?: number
}

export type MailboxErrorKind = 'configuration' | 'auth' | 'tls' | 'unreachable' | 'timeout' | 'no-sent-folder' | 'folder' | 'protocol'

export class MailboxError extends Error {
  override name = 'MailboxError'
  constructor(
    readonly kind: MailboxErrorKind,
    /** One line in plain words for the sources page and the command line. */
    message: string,
  ) {
    super(message)
  }
}

export interface MailFolder {
  path: string
  name: string
  /** set by the server (SPECIAL-USE), or \Inbox for INBOX; null otherwise — never guessed from a name */
  specialUse: string | null
  /** false for folders that only hold other folders (\Noselect) */
  selectable: boolean
}

export interface FolderCursor {
  path: string
  /** the folder's UIDVALIDITY when lastUid was stored */
  uidValidity?: number
  /** the highest UID already stored */
  lastUid?: number
}

export type FolderBatch =
  /** The folder's UIDVALIDITY changed: its UIDs mean other messages now. Forget what was stored for
   * it; the pages that follow start again from its first message. */
  | { kind: 'resync'; path: string; uidValidity: number; previousUidValidity: number }
  /** Messages in UID order; store them with (path, uidValidity, highestUid) as the new cursor. */
  | { kind: 'page'; path: string; uidValidity: number; messages: MailMessage[]; highestUid: number }

export interface Mailbox {
  listFolders(): Promise<MailFolder[]>
  /** The folder the server marks \Sent (among `folders`, else listed anew); a MailboxError ('no-sent-folder') when none is. */
  findSentFolder(folders?: MailFolder[]): Promise<MailFolder>
  /**
   * The folder's messages after the cursor, in pages of `batchSize` (default 200). The folder stays
   * locked until the generator ends: finish (or break out of) one before starting the next, and
   * store each page within two minutes (the connection's idle limit).
   */
  fetchFolderSince(cursor: FolderCursor, options?: { batchSize?: number }): AsyncGenerator<FolderBatch, void, undefined>
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

const CERTIFICATE_ERRORS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'it is signed by an untrusted, self-signed authority',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its issuer is unknown',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its issuer is unknown',
  CERT_UNTRUSTED: 'it is not trusted',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it is for another host name',
}

/** One line for what went wrong, from what imapflow (or Node's socket and TLS layers) threw. */
function describeFailure(
  error: unknown,
  config: Required<Pick<MailboxConfig, 'host' | 'port' | 'tls' | 'user' | 'timeoutMs'>>,
  folder?: string,
) {
  if (error instanceof MailboxError) return error
  const e = (error ?? {}) as {
    code?: string
    message?: string
    reason?: string
    authenticationFailed?: boolean
    tlsFailed?: boolean
    responseText?: string
    mailboxMissing?: boolean
  }
  const where = `${config.host}:${config.port}`
  const code = e.code ?? ''
  if (e.authenticationFailed) {
    const said = e.responseText ? ` ("${e.responseText.trim()}")` : ''
    return new MailboxError('auth', `${where} refused the login for ${config.user}${said}: check the user name and the password.`)
  }
  if (e.tlsFailed) {
    return new MailboxError(
      'tls',
      `${where} does not offer STARTTLS, and the password must not cross the network unencrypted: use TLS (usually port 993).`,
    )
  }
  if (code in CERTIFICATE_ERRORS) {
    return new MailboxError('tls', `The TLS certificate of ${where} is not trusted: ${CERTIFICATE_ERRORS[code]}.`)
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
    return new MailboxError(
      'tls',
      `TLS failed with ${where}: the server does not speak TLS on this port (use port 993 for TLS, or STARTTLS on port 143).`,
    )
  }
  if (code.startsWith('ERR_SSL_') || code === 'EPROTO' || code.startsWith('ERR_TLS_')) {
    return new MailboxError('tls', `TLS failed with ${where} (${e.reason ?? code}).`)
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new MailboxError('unreachable', `The IMAP server ${config.host} was not found (DNS): check its name.`)
  }
  if (code === 'ECONNREFUSED') {
    return new MailboxError(
      'unreachable',
      `${where} refused the connection: check the server and the port (993 for TLS, 143 for STARTTLS).`,
    )
  }
  if (['EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'NoConnection', 'EConnectionClosed'].includes(code)) {
    return new MailboxError('unreachable', `The connection to ${where} failed or was closed (${code}).`)
  }
  if (['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'ETIMEDOUT', 'ETIMEOUT'].includes(code)) {
    const hint = code === 'GREETING_TIMEOUT' && config.tls !== true ? ': it may expect TLS (port 993)' : ''
    return new MailboxError('timeout', `${where} did not answer within ${Math.round(config.timeoutMs / 1000)} s${hint}.`)
  }
  if (e.mailboxMissing) {
    return new MailboxError('folder', `There is no folder "${folder}" in this mailbox (any more).`)
  }
  const said = (e.responseText ?? e.message ?? String(error)).split('\n')[0].trim()
  return new MailboxError('protocol', `IMAP with ${where} failed: ${said}`)
}

/** Connects and logs in; the mailbox is closed with close(). Throws a MailboxError. */
export async function openMailbox(input: MailboxConfig): Promise<Mailbox> {
  const config = { ...input, port: input.port ?? 993, tls: input.tls ?? true, timeoutMs: input.timeoutMs ?? 15_000 }
  if (config.tls === false && !LOOPBACK.has(config.host)) {
    throw new MailboxError(
      'configuration',
      `Without TLS the password for ${config.user} would cross the network in clear text: use TLS (port 993) or STARTTLS (port 143).`,
    )
  }
  const options: ImapFlowOptions = {
    host: config.host,
    port: config.port,
    secure: config.tls === true,
    // STARTTLS is required when asked for, and never attempted otherwise (no silent downgrade).
    doSTARTTLS: config.tls === true ? undefined : config.tls === 'starttls',
    auth: { user: config.user, pass: config.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: 120_000,
  }
  const client = new ImapFlow(options)
  // imapflow also emits socket errors as events; without a listener they would crash the process.
  // The same errors reject the pending command, which is where they are reported.
  client.on('error', () => {})
  try {
    await client.connect()
  } catch (error) {
    client.close()
    throw describeFailure(error, config)
  }

  const listFolders = async (): Promise<MailFolder[]> => {
    try {
      const listed = await client.list()
      return listed.map((folder) => ({
        path: folder.path,
        name: folder.name,
        specialUse:
          folder.specialUse && folder.specialUseSource === 'extension'
            ? folder.specialUse
            : folder.path.toUpperCase() === 'INBOX'
              ? '\\Inbox'
              : null,
        selectable: !folder.flags.has('\\Noselect') && !folder.flags.has('\\NonExistent'),
      }))
    } catch (error) {
      throw describeFailure(error, config)
    }
  }

  return {
    listFolders,

    async findSentFolder(folders) {
      const sent = (folders ?? (await listFolders())).find((folder) => folder.specialUse === '\\Sent' && folder.selectable)
      if (!sent) {
        throw new MailboxError(
          'no-sent-folder',
          `No folder of ${config.user} on ${config.host} is marked as the Sent folder (IMAP special-use \\Sent), so replies sent from it cannot be found: mark one on the server.`,
        )
      }
      return sent
    },

    async *fetchFolderSince(cursor, { batchSize = 200 } = {}) {
      let lock: { release(): void } | undefined
      try {
        const selected = client.mailbox
        lock = await client.getMailboxLock(cursor.path, { readOnly: true })
        // imapflow reuses a folder that is still selected, with what it knew then: examine it
        // again so new mail and a changed UIDVALIDITY are seen (EXAMINE never expunges).
        if (client.mailbox === selected) await client.mailboxOpen(cursor.path, { readOnly: true })
        const box = client.mailbox
        // RFC 3501 6.3.2: EXAMINE answers [READ-ONLY]. Without it, fetch nothing rather than risk a change.
        if (!box || !box.readOnly)
          throw new MailboxError('protocol', `The server did not confirm ${cursor.path} as read-only; nothing was fetched.`)
        const uidValidity = Number(box.uidValidity)
        let lastUid = cursor.lastUid ?? 0
        if (cursor.uidValidity !== undefined && cursor.uidValidity !== uidValidity) {
          yield { kind: 'resync', path: cursor.path, uidValidity, previousUidValidity: cursor.uidValidity }
          lastUid = 0
        }
        // Every UID in the folder is below UIDNEXT: nothing new costs no further command.
        if (box.exists === 0 || box.uidNext <= lastUid + 1) return
        // `n:*` includes the highest UID even when it is below n (RFC 3501 6.4.8): drop what was stored.
        const found = (await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || []
        const uids = found.filter((uid) => uid > lastUid).sort((a, b) => a - b)
        for (let start = 0; start < uids.length; start += batchSize) {
          const batch = uids.slice(start, start + batchSize)
          const messages: MailMessage[] = []
          const query = { uid: true, envelope: true, internalDate: true, headers: [...EXTRA_HEADER_FIELDS] }
          for await (const fetched of client.fetch(batch, query, { uid: true })) {
            if (fetched.uid > lastUid) messages.push(toMailMessage(cursor.path, fetched))
          }
          messages.sort((a, b) => a.uid - b.uid)
          // The last UID asked for, even if it vanished meanwhile: it will not come back under this UIDVALIDITY.
          yield { kind: 'page', path: cursor.path, uidValidity, messages, highestUid: batch[batch.length - 1] }
        }
      } catch (error) {
        throw describeFailure(error, config, cursor.path)
      } finally {
        lock?.release()
      }
    },

    async close() {
      try {
        await client.logout()
      } catch {
        client.close()
      }
    },
  }
}

export type MailboxProbe =
  { ok: true; folders: MailFolder[]; sentFolder: MailFolder } | { ok: false; kind: MailboxErrorKind; reason: string }

/** Logs in, lists the folders and finds the Sent folder: what a connection form checks before saving. */
export async function probeMailbox(config: MailboxConfig): Promise<MailboxProbe> {
  let mailbox: Mailbox | undefined
  try {
    mailbox = await openMailbox(config)
    const folders = await mailbox.listFolders()
    const sentFolder = await mailbox.findSentFolder(folders)
    return { ok: true, folders, sentFolder }
  } catch (error) {
    const failure =
      error instanceof MailboxError ? error : new MailboxError('protocol', `IMAP failed: ${String((error as Error)?.message ?? error)}`)
    return { ok: false, kind: failure.kind, reason: failure.message }
  } finally {
    await mailbox?.close()
  }
}
