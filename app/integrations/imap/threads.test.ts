import { describe, expect, it } from 'vitest'
import type { MailMessage } from './messages.ts'
import { classifyMessage, type MailThread, threadMessages } from './threads.ts'

const PROJECT = ['help@project.org', 'ann@project.org']
let nextUid = 1

/** A message at `time` (on 2 March 2026, UTC) from `from`; the rest as given. */
function message(id: string | null, from: string, time: string, over: Partial<MailMessage> = {}): MailMessage {
  const internalDate = new Date(`2026-03-02T${time}:00Z`)
  return {
    folder: 'INBOX',
    uid: nextUid++,
    messageId: id,
    inReplyTo: [],
    references: [],
    from: { name: '', address: from },
    to: [],
    cc: [],
    subject: `about ${id}`,
    internalDate,
    date: internalDate,
    autoSubmitted: null,
    precedence: null,
    hasListId: false,
    hasListUnsubscribe: false,
    ...over,
  }
}

const reply = (id: string, from: string, time: string, chain: string[], over: Partial<MailMessage> = {}) =>
  message(id, from, time, { inReplyTo: chain.slice(-1), references: chain, ...over })

/** Each thread as id, creation, first response and the message ids in order: easy to compare by hand. */
const summary = (threads: MailThread[]) =>
  threads.map((t) => ({
    id: t.id,
    createdAt: t.createdAt?.toISOString().slice(11, 16) ?? null,
    firstResponse: t.firstResponse ? `${t.firstResponse.messageId} ${t.firstResponse.internalDate.toISOString().slice(11, 16)}` : null,
    messages: t.messages.map((m) => `${m.messageId} ${m.direction} ${m.kind}`),
  }))

describe('classifyMessage', () => {
  const none: Parameters<typeof classifyMessage>[0] = { autoSubmitted: null, precedence: null, hasListId: false, hasListUnsubscribe: false }
  const cases: Array<[string, Partial<typeof none>, ReturnType<typeof classifyMessage>]> = [
    ['no machine headers', {}, 'person'],
    ['Auto-Submitted: no', { autoSubmitted: 'no' }, 'person'],
    ['Auto-Submitted: No (a comment)', { autoSubmitted: 'No (a comment)' }, 'person'],
    ['Auto-Submitted: auto-replied', { autoSubmitted: 'auto-replied' }, 'auto-reply'],
    ['Auto-Submitted: auto-generated', { autoSubmitted: 'auto-generated' }, 'auto-reply'],
    ['Auto-Submitted: Auto-Replied; owner-email=…', { autoSubmitted: 'Auto-Replied; owner-email="a@x.org"' }, 'auto-reply'],
    ['Auto-Submitted with a value RFC 3834 does not know yet', { autoSubmitted: 'auto-notified' }, 'auto-reply'],
    ['Precedence: bulk', { precedence: 'bulk' }, 'bulk'],
    ['Precedence: Junk', { precedence: 'Junk' }, 'bulk'],
    ['Precedence: list', { precedence: 'list' }, 'list'],
    ['Precedence: first-class', { precedence: 'first-class' }, 'person'],
    ['a List-Id', { hasListId: true }, 'list'],
    ['a List-Unsubscribe without List-Id (a newsletter)', { hasListUnsubscribe: true }, 'bulk'],
    ['a mailing list with an unsubscribe link', { hasListId: true, hasListUnsubscribe: true }, 'list'],
    ['an out-of-office reply through a list', { autoSubmitted: 'auto-replied', hasListId: true, precedence: 'list' }, 'auto-reply'],
  ]
  for (const [name, headers, kind] of cases) {
    it(`${name} → ${kind}`, () => expect(classifyMessage({ ...none, ...headers })).toBe(kind))
  }
})

describe('threadMessages', () => {
  it('times a first response from the question to the earliest reply from a project address', () => {
    const threads = threadMessages(
      [
        message('q1@x.net', 'eve@x.net', '10:00'),
        reply('r1@project.org', 'ann@project.org', '12:30', ['q1@x.net'], { folder: 'Sent' }),
        reply('r2@project.org', 'help@project.org', '14:00', ['q1@x.net', 'r1@project.org'], { folder: 'Sent' }),
      ],
      PROJECT,
    )
    // created 10:00, answered 12:30 (2 h 30 min); the later 14:00 reply does not move it
    expect(summary(threads)).toEqual([
      {
        id: 'q1@x.net',
        createdAt: '10:00',
        firstResponse: 'r1@project.org 12:30',
        messages: ['q1@x.net inbound person', 'r1@project.org outbound person', 'r2@project.org outbound person'],
      },
    ])
  })

  it('gives the same threads whatever order the messages come in', () => {
    const messages = [
      message('q1@x.net', 'eve@x.net', '10:00'),
      reply('f1@x.net', 'eve@x.net', '11:00', ['q1@x.net']),
      reply('r1@project.org', 'help@project.org', '12:00', ['q1@x.net', 'f1@x.net']),
      message('q2@y.net', 'bob@y.net', '09:00'),
    ]
    const forwards = summary(threadMessages(messages, PROJECT))
    expect(summary(threadMessages([...messages].reverse(), PROJECT))).toEqual(forwards)
    expect(summary(threadMessages([messages[2], messages[0], messages[3], messages[1]], PROJECT))).toEqual(forwards)
    // oldest thread first: q2 (09:00) before q1 (10:00)
    expect(forwards.map((t) => t.id)).toEqual(['q2@y.net', 'q1@x.net'])
  })

  it('joins the replies to a parent that was never seen, under that parent id', () => {
    const threads = threadMessages(
      [
        reply('b@x.net', 'bob@x.net', '10:00', ['gone@x.net']),
        reply('c@project.org', 'help@project.org', '10:45', ['gone@x.net', 'b@x.net']),
      ],
      PROJECT,
    )
    // created 10:00 by the first reply we hold, answered 10:45
    expect(summary(threads)).toEqual([
      {
        id: 'gone@x.net',
        createdAt: '10:00',
        firstResponse: 'c@project.org 10:45',
        messages: ['b@x.net inbound person', 'c@project.org outbound person'],
      },
    ])
  })

  it('joins a reply that carries only In-Reply-To to its thread, and one that carries only References', () => {
    const threads = threadMessages(
      [
        message('q@x.net', 'eve@x.net', '10:00'),
        message('a@x.net', 'eve@x.net', '10:10', { references: ['q@x.net'] }),
        message('r@project.org', 'help@project.org', '11:00', { inReplyTo: ['a@x.net'] }),
      ],
      PROJECT,
    )
    expect(threads).toHaveLength(1)
    expect(threads[0].firstResponse?.messageId).toBe('r@project.org')
  })

  it('compares project addresses without regard to case', () => {
    const threads = threadMessages(
      [message('q@x.net', 'eve@x.net', '10:00'), reply('r@project.org', 'Ann@Project.ORG', '10:20', ['q@x.net'])],
      [' HELP@project.org', 'ann@PROJECT.org'],
    )
    expect(threads[0].firstResponse?.messageId).toBe('r@project.org')
    expect(threads[0].messages.map((m) => m.direction)).toEqual(['inbound', 'outbound'])
  })

  it("does not count the project's auto-reply as a response", () => {
    const threads = threadMessages(
      [
        message('q@x.net', 'eve@x.net', '10:00'),
        reply('ooo@project.org', 'help@project.org', '10:01', ['q@x.net'], { autoSubmitted: 'auto-replied' }),
        reply('r@project.org', 'help@project.org', '15:00', ['q@x.net']),
      ],
      PROJECT,
    )
    // 10:01 is an auto-reply; the first response is the person at 15:00 (5 h after 10:00)
    expect(summary(threads)[0]).toMatchObject({ createdAt: '10:00', firstResponse: 'r@project.org 15:00' })
  })

  it("does not let someone's auto-reply open a thread the project started", () => {
    const threads = threadMessages(
      [
        message('ann1@project.org', 'ann@project.org', '09:00'),
        reply('ooo@x.net', 'eve@x.net', '09:01', ['ann1@project.org'], { autoSubmitted: 'auto-replied' }),
      ],
      PROJECT,
    )
    expect(summary(threads)).toEqual([
      {
        id: 'ann1@project.org',
        createdAt: null,
        firstResponse: null,
        messages: ['ann1@project.org outbound person', 'ooo@x.net inbound auto-reply'],
      },
    ])
  })

  it('leaves mailing-list traffic and bulk mail without a creation, even when the project replies', () => {
    const threads = threadMessages(
      [
        message('l1@x.net', 'eve@x.net', '10:00', { hasListId: true, precedence: 'list' }),
        reply('l2@project.org', 'help@project.org', '10:30', ['l1@x.net'], { hasListId: true }),
        message('news@shop.example', 'news@shop.example', '11:00', { precedence: 'bulk', hasListUnsubscribe: true }),
      ],
      PROJECT,
    )
    expect(summary(threads).map((t) => [t.id, t.createdAt, t.firstResponse])).toEqual([
      ['l1@x.net', null, null],
      ['news@shop.example', null, null],
    ])
  })

  it('opens a thread the project started at the first inbound reply, and answers it with the next outbound one', () => {
    const threads = threadMessages(
      [
        message('call@project.org', 'help@project.org', '08:00'),
        reply('q@x.net', 'eve@x.net', '09:00', ['call@project.org']),
        reply('r@project.org', 'ann@project.org', '09:40', ['call@project.org', 'q@x.net']),
      ],
      PROJECT,
    )
    // created 09:00 (Eve's reply, not the 08:00 call), answered 09:40 — not by the 08:00 call itself
    expect(summary(threads)[0]).toMatchObject({ createdAt: '09:00', firstResponse: 'r@project.org 09:40' })
  })

  it('keeps one copy of a message found in two folders, the earliest', () => {
    const threads = threadMessages(
      [
        message('q@x.net', 'eve@x.net', '10:00'),
        reply('r@project.org', 'ann@project.org', '10:30', ['q@x.net'], { folder: 'Sent' }),
        reply('r@project.org', 'ann@project.org', '10:31', ['q@x.net'], { folder: 'INBOX' }),
      ],
      PROJECT,
    )
    expect(threads[0].messages).toHaveLength(2)
    expect(threads[0].firstResponse).toMatchObject({ folder: 'Sent', internalDate: new Date('2026-03-02T10:30:00Z') })
  })

  it('keeps messages without a Message-ID apart, each its own unanswered thread', () => {
    const threads = threadMessages(
      [message(null, 'eve@x.net', '10:00', { uid: 5 }), message(null, 'bob@x.net', '10:05', { uid: 6 })],
      PROJECT,
    )
    expect(summary(threads).map((t) => [t.id, t.createdAt, t.firstResponse])).toEqual([
      ['imap:INBOX:5', '10:00', null],
      ['imap:INBOX:6', '10:05', null],
    ])
  })

  it('leaves a question nobody answered without a first response', () => {
    const threads = threadMessages([message('q@x.net', 'eve@x.net', '10:00'), reply('f@x.net', 'eve@x.net', '18:00', ['q@x.net'])], PROJECT)
    expect(summary(threads)[0]).toMatchObject({ createdAt: '10:00', firstResponse: null })
  })

  it('gives nothing for no messages', () => {
    expect(threadMessages([], PROJECT)).toEqual([])
  })
})
