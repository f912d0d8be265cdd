import type { FetchMessageObject } from 'imapflow'
import { describe, expect, it } from 'vitest'
import { parseHeaderFields, parseMessageIds, toMailMessage } from './messages.ts'

describe('parseHeaderFields', () => {
  it('unfolds continued lines and lower-cases the names', () => {
    const fields = parseHeaderFields('References: <a@x.org>\r\n <b@x.org>\r\n\t<c@x.org>\r\nAuto-Submitted: auto-replied\r\n\r\n')
    expect(fields.get('references')).toEqual(['<a@x.org> <b@x.org>\t<c@x.org>'])
    expect(fields.get('auto-submitted')).toEqual(['auto-replied'])
  })

  it('gives nothing for the bare line break IMAP returns when no asked-for field is present', () => {
    expect(parseHeaderFields(Buffer.from('\r\n')).size).toBe(0)
  })

  it('keeps every value of a repeated field, in order, and ignores lines that are not fields', () => {
    const fields = parseHeaderFields('List-Id: <a.lists.x.org>\nnot a field\nLIST-ID: <b.lists.x.org>\n')
    expect(fields.get('list-id')).toEqual(['<a.lists.x.org>', '<b.lists.x.org>'])
    expect(fields.size).toBe(1)
  })
})

describe('parseMessageIds', () => {
  it('reads ids in order without brackets, each once', () => {
    expect(parseMessageIds('<a@x.org> <b@x.org>\t<a@x.org>')).toEqual(['a@x.org', 'b@x.org'])
  })

  it('skips comments and phrases around ids', () => {
    expect(parseMessageIds('<a@x.org> (sent from a phone) <b@x.org>')).toEqual(['a@x.org', 'b@x.org'])
    expect(parseMessageIds('Your message of Mon, 2 Mar 2026 <q1@mail.example.net>')).toEqual(['q1@mail.example.net'])
  })

  it('accepts a bare id that lost its brackets', () => {
    expect(parseMessageIds('q1@mail.example.net')).toEqual(['q1@mail.example.net'])
  })

  it('gives nothing for empty or missing values', () => {
    expect(parseMessageIds(undefined)).toEqual([])
    expect(parseMessageIds('')).toEqual([])
    expect(parseMessageIds('  \r\n')).toEqual([])
    expect(parseMessageIds('no ids here')).toEqual([])
  })
})

describe('toMailMessage', () => {
  const fetched = (over: Partial<FetchMessageObject> = {}): FetchMessageObject => ({
    seq: 3,
    uid: 7,
    internalDate: new Date('2026-03-02T10:05:00Z'),
    envelope: {
      date: new Date('2026-03-02T10:00:00Z'),
      subject: 'Résumé question',
      messageId: '<q1@mail.example.net>',
      inReplyTo: '<root@mail.example.net>',
      from: [{ name: 'Élodie Martin', address: 'Elodie@Example.NET' }],
      to: [{ name: '', address: 'help@project.org' }, { name: 'Undisclosed recipients' }],
      cc: [{ name: 'Ann', address: 'ann@project.org' }],
    },
    headers: Buffer.from(
      'References: <root@mail.example.net>\r\n <p1@mail.example.net>\r\nPrecedence: list\r\nList-Id: <users.lists.x.org>\r\n\r\n',
    ),
    ...over,
  })

  it('keeps identifiers, addresses, both dates and the machine headers', () => {
    expect(toMailMessage('INBOX', fetched())).toEqual({
      folder: 'INBOX',
      uid: 7,
      messageId: 'q1@mail.example.net',
      inReplyTo: ['root@mail.example.net'],
      references: ['root@mail.example.net', 'p1@mail.example.net'],
      from: { name: 'Élodie Martin', address: 'Elodie@Example.NET' },
      to: ['help@project.org'],
      cc: ['ann@project.org'],
      subject: 'Résumé question',
      internalDate: new Date('2026-03-02T10:05:00Z'),
      date: new Date('2026-03-02T10:00:00Z'),
      autoSubmitted: null,
      precedence: 'list',
      hasListId: true,
      hasListUnsubscribe: false,
    })
  })

  it('tolerates a message with no envelope fields, no asked-for headers and an unreadable Date', () => {
    const message = toMailMessage(
      'Sent',
      fetched({ envelope: { date: 'not a date' }, headers: Buffer.from('\r\n'), internalDate: '2026-03-02T11:00:00.000Z' }),
    )
    expect(message).toMatchObject({
      messageId: null,
      inReplyTo: [],
      references: [],
      from: null,
      to: [],
      cc: [],
      subject: '',
      date: null,
      internalDate: new Date('2026-03-02T11:00:00Z'),
      hasListId: false,
    })
  })
})
