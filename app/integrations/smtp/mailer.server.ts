// Hands a message to the configured SMTP server (nodemailer) and says, in plain words, whether a
// failure is worth retrying: a 4xx answer, a refused or dropped connection or a timeout is
// temporary; a 5xx answer or a refused login is not (retrying cannot fix it).
import nodemailer from 'nodemailer'

export interface OutgoingEmail {
  from: string
  to: string
  subject: string
  text: string
  html?: string | null
  messageId: string
  headers?: Record<string, string>
}

export interface SmtpFailure {
  permanent: boolean
  /** for the admin's e-mail page: what went wrong, without credentials */
  reason: string
}

export class SmtpDeliveryError extends Error {
  override name = 'SmtpDeliveryError'
  constructor(readonly failure: SmtpFailure) {
    super(failure.reason)
  }
}

interface NodemailerError {
  code?: string
  responseCode?: number
  response?: string
  command?: string
  message?: string
}

/** Classifies a nodemailer error; the server's own words are kept, the URL (with its password) never. */
export function classifySmtpFailure(error: unknown): SmtpFailure {
  const e = (error ?? {}) as NodemailerError
  const answer = e.response ? ` (“${e.response.trim().slice(0, 200)}”)` : ''
  if (typeof e.responseCode === 'number') {
    if (e.code === 'EAUTH') return { permanent: true, reason: `the mail server refused Steward's login${answer}: check SMTP_URL` }
    if (e.responseCode >= 500) return { permanent: true, reason: `the mail server refused the message${answer}` }
    if (e.responseCode >= 400) return { permanent: false, reason: `the mail server asked to try again later${answer}` }
  }
  switch (e.code) {
    case 'EAUTH':
      return { permanent: true, reason: `the mail server refused Steward's login: check SMTP_URL` }
    case 'ECONNECTION':
    case 'ESOCKET':
      return { permanent: false, reason: `the connection to the mail server failed or was dropped (${e.message ?? e.code})` }
    case 'ETIMEDOUT':
      return { permanent: false, reason: 'the mail server did not answer in time' }
    case 'EDNS':
      return { permanent: false, reason: 'the mail server’s name could not be resolved' }
    case 'ETLS':
      return { permanent: true, reason: `the TLS connection to the mail server failed (${e.message ?? 'ETLS'})` }
    default:
      return { permanent: false, reason: e.message ? `sending failed: ${e.message}` : 'sending failed' }
  }
}

export interface Mailer {
  send(message: OutgoingEmail): Promise<void>
  close(): void
}

/** A mailer for SMTP_URL (smtp:// or smtps://, with the login in the URL). */
export function createMailer(smtpUrl: string, options: { timeoutMs?: number } = {}): Mailer {
  const timeout = options.timeoutMs ?? 30_000
  const transport = nodemailer.createTransport(smtpUrl, {
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  } as never)
  return {
    async send(message) {
      try {
        await transport.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html ?? undefined,
          messageId: message.messageId,
          headers: message.headers,
        })
      } catch (error) {
        throw new SmtpDeliveryError(classifySmtpFailure(error))
      }
    },
    close: () => transport.close(),
  }
}
