import nodemailer from 'nodemailer'
import { afterEach, describe, expect, it } from 'vitest'
import { type SmtpSink, startSmtpSink } from '#tests/setup/smtp-sink.ts'

// What the app does: nodemailer.createTransport(SMTP_URL), then sendMail.
let sink: SmtpSink | undefined
afterEach(async () => {
  await sink?.close()
  sink = undefined
})

const reminder = {
  from: 'Steward <steward@localhost>',
  to: 'lead@project.org, council@project.org',
  subject: 'Proposal for Förderverein is due in 7 days',
  text: 'Open it in Steward: https://steward.example.org/fundraising/grants/42\n',
  html: '<p>Open it in <a href="https://steward.example.org/fundraising/grants/42">Steward</a></p>',
  headers: { 'X-Steward-Outbox-Id': 'outbox-42' },
}

async function sendThrough(url: string) {
  return nodemailer
    .createTransport(url)
    .sendMail(reminder)
    .then(
      () => undefined,
      (error: Error & { code?: string; responseCode?: number; command?: string }) => error,
    )
}

describe('the SMTP sink, through nodemailer', () => {
  it('accepts a message and keeps it as a mail client reads it', async () => {
    sink = await startSmtpSink({ mode: 'accept' })
    expect(await sendThrough(sink.url)).toBeUndefined()
    expect(sink.messages).toHaveLength(1)
    const [message] = sink.messages
    expect(message).toMatchObject({
      envelope: { from: 'steward@localhost', to: ['lead@project.org', 'council@project.org'] },
      from: '"Steward" <steward@localhost>',
      to: ['lead@project.org', 'council@project.org'],
      // non-ASCII subject: nodemailer encodes it (RFC 2047), the sink decodes it
      subject: 'Proposal for Förderverein is due in 7 days',
      text: 'Open it in Steward: https://steward.example.org/fundraising/grants/42\n',
      html: '<p>Open it in <a href="https://steward.example.org/fundraising/grants/42">Steward</a></p>',
    })
    expect(message.headers['x-steward-outbox-id']).toBe('outbox-42')
    expect(message.headers['content-type']).toMatch(/^multipart\/alternative; boundary=/)
    expect(sink.attempts.map((a) => a.mode)).toEqual(['accept', 'accept'])
  })

  it('refuses permanently: the send fails with 550 and nothing arrives', async () => {
    sink = await startSmtpSink({ mode: 'refuse' })
    const error = await sendThrough(sink.url)
    expect(error).toMatchObject({ code: 'EENVELOPE', responseCode: 550 })
    expect(sink.messages).toEqual([])
  })

  it('defers: the send fails with 451, and the retry goes through once the sink accepts', async () => {
    sink = await startSmtpSink({ mode: 'defer' })
    expect(await sendThrough(sink.url)).toMatchObject({ code: 'EENVELOPE', responseCode: 451 })
    expect(sink.messages).toEqual([])
    sink.setMode('accept')
    expect(await sendThrough(sink.url)).toBeUndefined()
    expect(sink.messages.map((m) => m.subject)).toEqual([reminder.subject])
    // two recipients per attempt: deferred twice, then accepted twice
    expect(sink.attempts.map((a) => a.mode)).toEqual(['defer', 'defer', 'accept', 'accept'])
  })

  it('drops: the connection is cut while the message is sent, with no SMTP reply', async () => {
    sink = await startSmtpSink({ mode: 'drop' })
    const error = await sendThrough(sink.url)
    expect(error).toMatchObject({ code: 'ECONNECTION', message: 'Connection closed unexpectedly' })
    expect(error?.responseCode).toBeUndefined()
    expect(sink.messages).toEqual([])
  })

  it('asks for a login when given one: the credentials in SMTP_URL pass, wrong ones fail with 535', async () => {
    sink = await startSmtpSink({ auth: { user: 'steward', pass: 's3cret' } })
    expect(sink.url).toBe(`smtp://steward:s3cret@127.0.0.1:${sink.port}`)
    expect(await sendThrough(sink.url)).toBeUndefined()
    expect(await sendThrough(sink.url.replace('s3cret', 'wrong'))).toMatchObject({ code: 'EAUTH', responseCode: 535 })
    expect(sink.messages).toHaveLength(1)
  })
})
