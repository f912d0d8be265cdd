// A real SMTP server on 127.0.0.1 for tests that send e-mail (smtp-server), keeping what arrives as
// a mail client would read it (mailparser). Its mode decides how it answers the next delivery:
// - accept: takes the message;
// - refuse: 550 at RCPT TO, permanent (the sender must give up);
// - defer: 451 at RCPT TO, temporary (greylisting; the sender should retry later);
// - drop: hangs up when the message data starts, without an answer.
// Point nodemailer at `url` (the app uses nodemailer.createTransport(SMTP_URL)).
import type { Socket } from 'node:net'
import { type HeaderValue, simpleParser } from 'mailparser'
import { SMTPServer, type SMTPServerError, type SMTPServerSession } from 'smtp-server'

export type SmtpSinkMode = 'accept' | 'refuse' | 'defer' | 'drop'

export interface SinkMessage {
  /** MAIL FROM and RCPT TO, as the client gave them */
  envelope: { from: string; to: string[] }
  /** the From header as written, e.g. `Steward <steward@localhost>` */
  from: string
  /** the addresses of the To header */
  to: string[]
  /** decoded */
  subject: string
  text: string
  html: string | null
  /** each header once, by lower-case name; addresses, dates and parameters written out as text */
  headers: Record<string, string>
}

export interface SmtpSink {
  /** smtp://127.0.0.1:PORT, or smtp://user:pass@127.0.0.1:PORT when the sink asks for a login */
  url: string
  port: number
  /** messages accepted, in order of arrival */
  messages: SinkMessage[]
  /** every delivery attempt that reached RCPT TO, with the mode that answered it */
  attempts: Array<{ mode: SmtpSinkMode; to: string }>
  setMode(mode: SmtpSinkMode): void
  close(): Promise<void>
}

function headerText(value: HeaderValue): string {
  if (typeof value === 'string') return value
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map((v) => headerText(v)).join(', ')
  if (value && typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text
    if ('value' in value && typeof value.value === 'string') {
      const params = 'params' in value && value.params ? Object.entries(value.params).map(([k, v]) => `; ${k}=${v}`) : []
      return value.value + params.join('')
    }
  }
  return String(value)
}

function smtpError(code: number, message: string): SMTPServerError {
  return Object.assign(new Error(message), { responseCode: code })
}

/** Starts a sink on a free port of 127.0.0.1. Close it in afterAll/afterEach. */
export async function startSmtpSink(options: { mode?: SmtpSinkMode; auth?: { user: string; pass: string } } = {}): Promise<SmtpSink> {
  let mode: SmtpSinkMode = options.mode ?? 'accept'
  const messages: SinkMessage[] = []
  const attempts: SmtpSink['attempts'] = []
  const sockets = new Map<number, Socket>()

  const server = new SMTPServer({
    logger: false,
    // Plain SMTP only: with STARTTLS offered, nodemailer would upgrade and reject the built-in test certificate.
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        return callback(null, { user: auth.username })
      }
      callback(smtpError(535, '5.7.8 Authentication credentials invalid'))
    },
    onRcptTo(address, _session, callback) {
      attempts.push({ mode, to: address.address })
      if (mode === 'refuse') return callback(smtpError(550, '5.1.1 Mailbox unavailable'))
      if (mode === 'defer') return callback(smtpError(451, '4.7.1 Try again later'))
      callback()
    },
    onData(stream, session: SMTPServerSession, callback) {
      if (mode === 'drop') {
        sockets.get(session.remotePort)?.destroy()
        stream.resume()
        return
      }
      simpleParser(stream)
        .then((mail) => {
          messages.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            from: mail.from?.text ?? '',
            to: (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((group) => group.value.map((a) => a.address ?? '')),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: mail.html || null,
            headers: Object.fromEntries([
              ...[...mail.headers].map(([name, value]) => [name, headerText(value)]),
              // mailparser folds List-* headers into one structured 'list' entry: keep each as written too.
              ...mail.headerLines
                .filter((h) => h.key.startsWith('list-'))
                .map((h) => [h.key, h.line.slice(h.line.indexOf(':') + 1).trim()]),
            ]),
          })
          callback()
        })
        .catch((error: Error) => callback(smtpError(554, `5.6.0 Unreadable message: ${error.message}`)))
    },
  })
  // The sockets by the client's port, so 'drop' can hang up on the one session it is in.
  server.server.on('connection', (socket: Socket) => {
    if (socket.remotePort === undefined) return
    const port = socket.remotePort
    sockets.set(port, socket)
    socket.once('close', () => sockets.delete(port))
  })
  server.on('error', () => {})

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.server.address() as { port: number }).port
  const credentials = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : ''

  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    port,
    messages,
    attempts,
    setMode(next) {
      mode = next
    },
    close() {
      // smtp-server waits for open sessions to end (up to 30 s): end them.
      for (const socket of sockets.values()) socket.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
