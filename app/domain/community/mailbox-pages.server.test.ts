// The mailbox on the community pages: e-mail threads waiting in /community/triage (senders for
// community and admin only) and e-mail time to first response on /community and in the quarter's
// report section, over a small mailbox whose numbers are worked out by hand.
import { beforeEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { insertMailboxSource } from '#tests/setup/mailbox-source.ts'
import type { MailMessage } from '#app/integrations/imap/messages.ts'
import { lockMailboxSource, storeEmailMessages, toEmailMessageRow } from './mailbox-store.server.ts'
import { getCommunityPage, getTriagePage } from './pages.server.ts'

const PROJECT = ['help@project.org']
const HOUR = 3_600_000
const T0 = Date.parse('2026-03-02T09:00:00Z')
const NOW = new Date(T0 + 50 * HOUR)

function message(
  folder: 'INBOX' | 'Sent',
  uid: number,
  id: string,
  from: string,
  hoursAfterT0: number,
  subject: string,
  inReplyTo?: string,
): MailMessage {
  return {
    folder,
    uid,
    messageId: id,
    inReplyTo: inReplyTo ? [inReplyTo] : [],
    references: inReplyTo ? [inReplyTo] : [],
    from: { name: from === 'ada@example.com' ? 'Ada' : '', address: from },
    to: [],
    cc: [],
    subject,
    internalDate: new Date(T0 + hoursAfterT0 * HOUR),
    date: null,
    autoSubmitted: null,
    precedence: null,
    hasListId: false,
    hasListUnsubscribe: false,
  }
}

describe('e-mail threads on the community pages', () => {
  setupTestDatabase()
  let source: string

  beforeEach(async () => {
    source = await insertMailboxSource(db, 1)
    const messages = [
      // answered 3 h after it came in
      message('INBOX', 1, 'a1@example.com', 'ada@example.com', 0, 'Install fails'),
      message('Sent', 1, 'a2@project.org', 'help@project.org', 3, 'Re: Install fails', 'a1@example.com'),
      // never answered: 49 h old at NOW, over a 48 h target
      message('INBOX', 2, 'b1@example.com', 'bob@example.com', 1, 'Licence question'),
    ]
    await db.transaction(async (tx) => {
      await lockMailboxSource(tx, source)
      await storeEmailMessages(
        tx,
        source,
        messages.map((m) => toEmailMessageRow(source, m, PROJECT)),
        PROJECT,
      )
    })
  })

  it('the triage queue holds the waiting thread with its sender for community, its mailbox and age only for council', async () => {
    const page = await getTriagePage(new URLSearchParams(), { roles: ['community'] }, NOW)
    // one waiting (b1, 49 h, over 48 h); a1 was answered after 3 h
    expect(page).toMatchObject({ total: 1, overTarget: 1, withSenders: true })
    expect(page.queue).toEqual([
      {
        id: `email:${source}:b1@example.com`,
        kind: 'email',
        sourceId: source,
        mailbox: 'test mailbox 1',
        threadId: 'b1@example.com',
        subject: 'Licence question',
        messageId: 'b1@example.com',
        senderName: '',
        senderAddress: 'bob@example.com',
        createdAt: new Date(T0 + HOUR),
        ageHours: 49,
        overTarget: true,
      },
    ])
    expect(page.sources.map((s) => s.label)).toContain('test mailbox 1 (e-mail)')
    const council = await getTriagePage(new URLSearchParams(), { roles: ['council'] }, NOW)
    expect(council).toMatchObject({ total: 1, overTarget: 1, withSenders: false })
    expect(council.queue).toMatchObject([
      { kind: 'email', mailbox: 'test mailbox 1', threadId: null, subject: null, messageId: null, senderName: null, senderAddress: null },
    ])
    // nothing the council's page carries names the sender or the message
    expect(JSON.stringify(council)).not.toMatch(/bob@example\.com|b1@example\.com|Licence question/)
    // GitHub picked: no e-mail; the mailbox picked: its threads
    expect((await getTriagePage(new URLSearchParams({ source: 'github' }), { roles: ['community'] }, NOW)).queue).toEqual([])
    const picked = await getTriagePage(new URLSearchParams({ source }), { roles: ['admin'] }, NOW)
    expect([picked.source, picked.total, picked.queue.map((i) => i.id)]).toEqual([source, 1, [`email:${source}:b1@example.com`]])
  })

  it('/community shows e-mail time to first response: one answered in 3 h, one waiting', async () => {
    const page = await getCommunityPage(new URLSearchParams({ period: '90d' }), NOW)
    expect(page.email?.responses).toEqual({ median: 3, p90: 3, count: 1, waiting: 1 })
    expect(page.email?.scope).toContain('every synced mailbox')
  })
})
