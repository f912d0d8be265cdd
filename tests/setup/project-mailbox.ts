// The project's mailbox as the IMAP tests seed it into Dovecot: help@project.org, answered from two
// project addresses. All on Monday 2 March 2026; times are INTERNALDATEs in UTC.
//
// | thread            | opened by                    | first response                          |
// |-------------------|------------------------------|-----------------------------------------|
// | q1@example.net    | Élodie 09:00 (Date says 08:58)| help@ 11:30 in Sent (+ her auto-reply)  |
// | q2@example.cn     | 张伟 10:00                    | ann@ 10:45, a CC in INBOX               |
// | q3@example.com    | Carol 12:00                  | ann@ 16:00 in Sent (help@'s 12:01 ack is automatic) |
// | l1@example.org    | a mailing-list post 13:00    | — (list traffic opens nothing)          |
// | m1@example.de     | Frank 14:00, replying to m1, never seen | help@ 15:30 in Sent          |
// | q5@example.com    | Grace 17:00                  | — (unanswered)                          |
//
// PROJECT_MAILBOX_MORE adds Tuesday 3 March (the mailbox sync's tests append both):
//
// | thread              | opened by                              | first response                         |
// |---------------------|----------------------------------------|----------------------------------------|
// | t1@example.org      | Иван 08:00, his own nudge at 09:00     | help@ Wednesday 08:00 in Sent (24 h)   |
// | n1@vendor.example   | a newsletter 08:30 (Precedence: bulk)  | — (bulk mail opens nothing)            |
// | cft@project.org     | help@ writes first 09:30; Judy 11:00   | ANN@ 12:00 in Sent (1 h after Judy)    |
// | k1@example.de       | Karl 13:00                             | — (ann@'s 13:01 out-of-office is automatic) |
// | dsn1@mx.example.net | a bounce 14:00 (Auto-Submitted: auto-generated) | —                             |
// | y1@example.jp       | 山田 15:00                              | help@ 15:20 (Auto-Submitted: no is a person) |
import type { SeedMessage } from './dovecot-server.ts'

export const PROJECT_USER = 'help@project.org'
export const PROJECT_PASSWORD = 'help-secret'
export const PROJECT_ADDRESSES = ['help@project.org', 'ann@project.org']

const at = (time: string, day = '2026-03-02') => new Date(`${day}T${time}:00Z`)
/** An RFC 2047 encoded word (UTF-8, base64), as mail clients write non-ASCII headers. */
const encoded = (text: string) => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`

function raw(headers: Record<string, string>, body = 'Hello.') {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`)
  return [...lines, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n')
}

export const PROJECT_MAILBOX: SeedMessage[] = [
  {
    folder: 'INBOX',
    internalDate: at('09:00'),
    raw: raw({
      From: '=?UTF-8?B?w4lsb2RpZSBNYXJ0aW4=?= <elodie@example.net>',
      To: 'help@project.org',
      Subject: '=?UTF-8?Q?R=C3=A9sum=C3=A9_of_the_solver_options?=',
      Date: 'Mon, 02 Mar 2026 08:58:00 +0000',
      'Message-ID': '<q1@example.net>',
    }),
  },
  {
    folder: 'Sent',
    flags: ['\\Seen'],
    internalDate: at('11:30'),
    raw: raw({
      From: 'Help desk <help@project.org>',
      To: 'elodie@example.net',
      Subject: 'Re: =?UTF-8?Q?R=C3=A9sum=C3=A9_of_the_solver_options?=',
      Date: 'Mon, 02 Mar 2026 11:30:00 +0000',
      'Message-ID': '<r1@project.org>',
      'In-Reply-To': '<q1@example.net>',
      References: '<q1@example.net>',
    }),
  },
  {
    folder: 'INBOX',
    internalDate: at('11:31'),
    raw: raw({
      From: 'elodie@example.net',
      To: 'help@project.org',
      Subject: 'Automatic reply: Re: =?UTF-8?Q?R=C3=A9sum=C3=A9_of_the_solver_options?=',
      Date: 'Mon, 02 Mar 2026 11:31:00 +0000',
      'Message-ID': '<ooo1@example.net>',
      'In-Reply-To': '<r1@project.org>',
      References: '<q1@example.net>\r\n <r1@project.org>',
      'Auto-Submitted': 'auto-replied',
    }),
  },
  {
    folder: 'INBOX',
    flags: ['\\Flagged'],
    internalDate: at('10:00'),
    raw: raw({
      From: '=?UTF-8?B?5byg5Lyf?= <zhang@example.cn>',
      To: 'help@project.org',
      Subject: '=?UTF-8?B?5a6J6KOF6Zeu6aKY?=',
      Date: 'Mon, 02 Mar 2026 18:00:00 +0800',
      'Message-ID': '<q2@example.cn>',
    }),
  },
  {
    folder: 'INBOX',
    flags: ['\\Seen'],
    internalDate: at('10:45'),
    raw: raw({
      From: 'Ann Lee <Ann@Project.org>',
      To: 'zhang@example.cn',
      Cc: 'help@project.org',
      Subject: 'Re: =?UTF-8?B?5a6J6KOF6Zeu6aKY?=',
      Date: 'Mon, 02 Mar 2026 10:44:00 +0000',
      'Message-ID': '<r2@project.org>',
      'In-Reply-To': '<q2@example.cn>',
      References: '<q2@example.cn>',
    }),
  },
  {
    folder: 'INBOX',
    internalDate: at('12:00'),
    raw: raw({
      From: 'Carol <carol@example.com>',
      To: 'help@project.org',
      Subject: 'Citing the project',
      Date: 'Mon, 02 Mar 2026 12:00:00 +0000',
      'Message-ID': '<q3@example.com>',
    }),
  },
  {
    folder: 'Sent',
    flags: ['\\Seen'],
    internalDate: at('12:01'),
    raw: raw({
      From: 'help@project.org',
      To: 'carol@example.com',
      Subject: 'We received your message',
      Date: 'Mon, 02 Mar 2026 12:01:00 +0000',
      'Message-ID': '<ack3@project.org>',
      'In-Reply-To': '<q3@example.com>',
      References: '<q3@example.com>',
      'Auto-Submitted': 'auto-replied',
    }),
  },
  {
    folder: 'Sent',
    flags: ['\\Seen', '\\Answered'],
    internalDate: at('16:00'),
    raw: raw({
      From: 'Ann Lee <ann@project.org>',
      To: 'carol@example.com',
      Subject: 'Re: Citing the project',
      Date: 'Mon, 02 Mar 2026 16:00:00 +0000',
      'Message-ID': '<r3@project.org>',
      'In-Reply-To': '<q3@example.com>',
      References: '<q3@example.com>',
    }),
  },
  {
    folder: 'INBOX',
    internalDate: at('13:00'),
    raw: raw({
      From: 'Dave <dave@example.org>',
      To: 'users@lists.example.org',
      Subject: '[users] Release 26.3 is out',
      Date: 'Mon, 02 Mar 2026 13:00:00 +0000',
      'Message-ID': '<l1@example.org>',
      Precedence: 'list',
      'List-Id': 'Project users <users.lists.example.org>',
      'List-Unsubscribe': '<mailto:users-leave@lists.example.org>',
    }),
  },
  {
    folder: 'INBOX',
    internalDate: at('14:00'),
    raw: raw({
      From: 'Frank <frank@example.de>',
      To: 'help@project.org',
      Subject: '=?ISO-8859-1?Q?Re:_Gr=FC=DFe_aus_M=FCnchen?=',
      Date: 'Mon, 02 Mar 2026 15:00:00 +0100',
      'Message-ID': '<m2@example.de>',
      'In-Reply-To': '<m1@example.de>',
      References: '<m1@example.de>',
    }),
  },
  {
    folder: 'Sent',
    flags: ['\\Seen'],
    internalDate: at('15:30'),
    raw: raw({
      From: 'help@project.org',
      To: 'frank@example.de',
      Subject: '=?ISO-8859-1?Q?Re:_Gr=FC=DFe_aus_M=FCnchen?=',
      Date: 'Mon, 02 Mar 2026 15:30:00 +0000',
      'Message-ID': '<r4@project.org>',
      'In-Reply-To': '<m2@example.de>',
      References: '<m1@example.de> <m2@example.de>',
    }),
  },
  {
    folder: 'INBOX',
    internalDate: at('17:00'),
    raw: raw({
      From: 'grace@example.com',
      To: 'help@project.org',
      Subject: 'Segfault on import',
      Date: 'Mon, 02 Mar 2026 17:00:00 +0000',
      'Message-ID': '<q5@example.com>',
    }),
  },
]

/** A message that arrives after the first sync. */
export const LATE_QUESTION: SeedMessage = {
  folder: 'INBOX',
  internalDate: at('18:00'),
  raw: raw({
    From: 'heidi@example.com',
    To: 'help@project.org',
    Subject: 'Another question',
    Date: 'Mon, 02 Mar 2026 18:00:00 +0000',
    'Message-ID': '<q6@example.com>',
  }),
}

const TUESDAY = '2026-03-03'

/** Tuesday's threads (see the table at the top). */
export const PROJECT_MAILBOX_MORE: SeedMessage[] = [
  {
    folder: 'INBOX',
    internalDate: at('08:00', TUESDAY),
    raw: raw({
      From: `${encoded('Иван Петров')} <ivan@example.org>`,
      To: 'help@project.org',
      Subject: encoded('Ünïcödé in filenames'),
      Date: 'Tue, 03 Mar 2026 11:00:00 +0300',
      'Message-ID': '<t1@example.org>',
    }),
  },
  {
    folder: 'INBOX',
    internalDate: at('08:30', TUESDAY),
    raw: raw({
      From: 'Vendor News <news@vendor.example>',
      To: 'help@project.org',
      Subject: 'Our March newsletter',
      Date: 'Tue, 03 Mar 2026 08:30:00 +0000',
      'Message-ID': '<n1@vendor.example>',
      Precedence: 'bulk',
      'List-Unsubscribe': '<https://vendor.example/unsubscribe>',
    }),
  },
  {
    folder: 'INBOX',
    internalDate: at('09:00', TUESDAY),
    raw: raw({
      From: `${encoded('Иван Петров')} <ivan@example.org>`,
      To: 'help@project.org',
      Subject: `Re: ${encoded('Ünïcödé in filenames')}`,
      Date: 'Tue, 03 Mar 2026 12:00:00 +0300',
      'Message-ID': '<t1b@example.org>',
      'In-Reply-To': '<t1@example.org>',
      References: '<t1@example.org>',
    }),
  },
  {
    folder: 'Sent',
    flags: ['\\Seen'],
    internalDate: at('09:30', TUESDAY),
    raw: raw({
      From: 'Help desk <help@project.org>',
      To: 'judy@example.com',
      Subject: 'Call for talks',
      Date: 'Tue, 03 Mar 2026 09:30:00 +0000',
      'Message-ID': '<cft@project.org>',
    }),
  },
  {
    folder: 'INBOX',
    internalDate: at('11:00', TUESDAY),
    raw: raw({
      From: 'Judy <judy@example.com>',
      To: 'help@project.org',
      Subject: 'Re: Call for talks',
      Date: 'Tue, 03 Mar 2026 11:00:00 +0000',
      'Message-ID': '<j1@example.com>',
      'In-Reply-To': '<cft@project.org>',
      References: '<cft@project.org>',
    }),
  },
  {
    folder: 'Sent',
    flags: ['\\Seen'],
    internalDate: at('12:00', TUESDAY),
    raw: raw({
      From: 'Ann Lee <ANN@project.org>',
      To: 'judy@example.com',
      Subject: 'Re: Call for talks',
      Date: 'Tue, 03 Mar 2026 12:00:00 +0000',
      'Message-ID': '<r6@project.org>',
      'In-Reply-To': '<j1@example.com>',
      References: '<cft@project.org> <j1@example.com>',
    }),
  },
  {
    folder: 'INBOX',
    internalDate: at('13:00', TUESDAY),
    raw: raw({
      From: 'Karl <karl@example.de>',
      To: 'help@project.org',
      Subject: 'Frage zur Lizenz',
      Date: 'Tue, 03 Mar 2026 14:00:00 +0100',
      'Message-ID': '<k1@example.de>',
    }),
  },
  {
    folder: 'INBOX',
    internalDate: at('13:01', TUESDAY),
    raw: raw({
      From: 'Ann Lee <ann@project.org>',
      To: 'karl@example.de',
      Cc: 'help@project.org',
      Subject: 'Out of office: Frage zur Lizenz',
      Date: 'Tue, 03 Mar 2026 13:01:00 +0000',
      'Message-ID': '<ooo2@project.org>',
      'In-Reply-To': '<k1@example.de>',
      'Auto-Submitted': 'auto-replied',
    }),
  },
  {
    folder: 'INBOX',
    internalDate: at('14:00', TUESDAY),
    raw: raw({
      From: 'Mail Delivery System <MAILER-DAEMON@mx.example.net>',
      To: 'help@project.org',
      Subject: 'Undelivered Mail Returned to Sender',
      Date: 'Tue, 03 Mar 2026 14:00:00 +0000',
      'Message-ID': '<dsn1@mx.example.net>',
      'Auto-Submitted': 'auto-generated',
    }),
  },
  {
    folder: 'INBOX',
    internalDate: at('15:00', TUESDAY),
    raw: raw({
      From: `${encoded('山田太郎')} <yamada@example.jp>`,
      To: 'help@project.org',
      Subject: encoded('日本語のドキュメント'),
      Date: 'Wed, 04 Mar 2026 00:00:00 +0900',
      'Message-ID': '<y1@example.jp>',
    }),
  },
  {
    folder: 'Sent',
    flags: ['\\Seen'],
    internalDate: at('15:20', TUESDAY),
    raw: raw({
      From: 'help@project.org',
      To: 'yamada@example.jp',
      Subject: `Re: ${encoded('日本語のドキュメント')}`,
      Date: 'Tue, 03 Mar 2026 15:20:00 +0000',
      'Message-ID': '<r7@project.org>',
      'In-Reply-To': '<y1@example.jp>',
      References: '<y1@example.jp>',
      'Auto-Submitted': 'no',
    }),
  },
  {
    folder: 'Sent',
    flags: ['\\Seen'],
    internalDate: at('08:00', '2026-03-04'),
    raw: raw({
      From: 'help@project.org',
      To: 'ivan@example.org',
      Subject: `Re: ${encoded('Ünïcödé in filenames')}`,
      Date: 'Wed, 04 Mar 2026 08:00:00 +0000',
      'Message-ID': '<r5@project.org>',
      'In-Reply-To': '<t1b@example.org>',
      References: '<t1@example.org> <t1b@example.org>',
    }),
  },
]
