// Demo data for a mailbox source (issue 13): e-mail threads to the project's help desk over the
// months before "now", as the IMAP sync would store them — questions answered from the help desk or
// a maintainer (most within a day, some after days, some still waiting), automatic
// acknowledgements and out-of-office replies, nudges, mailing-list traffic and newsletters,
// threads the project started, non-ASCII names and subjects. Generated (seeded, so the same on every
// run), then written through the same code as the sync (storeEmailMessages), so the threads are
// what the sync would make of these messages.
//
// Idempotent: messages are keyed by (source, folder, UID), and the UIDs are the same every run.
// `demo load` runs mailboxDemoSeeder (a mailbox source under .invalid, so a sync of it fails at
// once and touches nothing, and its 160 conversations); the bench calls seedMailbox with 5,000.
import { and, eq } from 'drizzle-orm'
import { type Database, db } from '#db/client.server.ts'
import { communitySources } from '#db/schema/sources.ts'
import { lockMailboxSource, storeEmailMessages, toEmailMessageRow } from '#app/domain/community/mailbox-store.server.ts'
import type { MailMessage } from '#app/integrations/imap/messages.ts'
import { mulberry32 } from './random.ts'
import type { DemoContext, DemoSeeder } from './seeder.ts'

/** The addresses the demo project answers from: give them to the demo mailbox source. */
export const DEMO_MAILBOX_ADDRESSES = ['help@pybamm.org', 'valentin@pybamm.org', 'priyanka@pybamm.org']

const HOUR = 3_600_000
const DAY = 24 * HOUR

const ASKERS: Array<[string, string]> = [
  ['Élodie Martin', 'elodie.martin@univ-lyon.example'],
  ['张伟', 'zhang.wei@tsinghua.example'],
  ['Carol Nguyen', 'carol@batterylab.example'],
  ['Jürgen Weiß', 'j.weiss@kit.example'],
  ['Aisha Bello', 'aisha.bello@ui.example'],
  ['山田太郎', 'yamada@tokyo-tech.example'],
  ['Lucas Oliveira', 'lucas@usp.example'],
  ['Søren Kjær', 'soren@dtu.example'],
  ['Priya Raman', 'priya.raman@iisc.example'],
  ['Михаил Иванов', 'm.ivanov@msu.example'],
  ['Grace Hopper-Lee', 'grace@cellco.example'],
  ['Tomás Ruiz', 'truiz@upm.example'],
  ['', 'student4711@mail.example'],
  ['Hannah Schmidt', 'hannah@ev-startup.example'],
  ['Kwame Mensah', 'kwame@knust.example'],
]

const QUESTIONS = [
  'Citing PyBaMM in a journal article',
  'Parameter set for an NMC811 cell',
  'Licence question for commercial use',
  'Invitation to speak at our battery workshop',
  'Solver diverges at low temperature',
  'Résumé of the solver options',
  'Request for a letter of support',
  'インストールの問題',
  'Grüße aus München: teaching with PyBaMM',
  'Data sharing agreement for the benchmark',
  'Security issue in a dependency',
  'Press enquiry about the 25.1 release',
  'Google Summer of Code: project idea',
  'Вопрос о параметрах модели',
  'Sponsorship of the PyBaMM conference',
  'Access to the Slack workspace',
]

const LIST_SUBJECTS = [
  '[pybamm-users] Release 25.4 is out',
  '[pybamm-dev] Weekly developer call notes',
  '[battery-modelling] Call for papers',
]

export interface DemoMailboxOptions {
  now?: Date
  /** conversations to generate (list posts and newsletters included); default 160 */
  threads?: number
  /** days before now they spread over; default 180 */
  days?: number
  seed?: number
}

type Draft = Omit<MailMessage, 'uid'>

/** The demo mailbox's messages (INBOX and Sent), oldest first, with UIDs in arrival order per folder. */
export function generateDemoMailbox(options: DemoMailboxOptions = {}): MailMessage[] {
  const now = options.now ?? new Date()
  const count = options.threads ?? 160
  const days = options.days ?? 180
  const random = mulberry32(options.seed ?? 13)
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
  const project = () => pick(DEMO_MAILBOX_ADDRESSES)
  const projectName = (address: string) =>
    ({ 'help@pybamm.org': 'PyBaMM help desk', 'valentin@pybamm.org': 'Valentin Sulzer', 'priyanka@pybamm.org': 'Priyanka Rao' })[address]!
  const drafts: Draft[] = []
  const message = (m: Partial<Draft> & Pick<Draft, 'folder' | 'messageId' | 'from' | 'subject' | 'internalDate'>) =>
    drafts.push({
      inReplyTo: [],
      references: [],
      to: [],
      cc: [],
      date: m.internalDate,
      autoSubmitted: null,
      precedence: null,
      hasListId: false,
      hasListUnsubscribe: false,
      ...m,
    })
  const start = now.getTime() - days * DAY

  for (let i = 0; i < count; i++) {
    const id = (part: string) => `demo-${i}-${part}@${part.startsWith('r') ? 'pybamm.org' : 'mail.example'}`
    // Mail arrives in working hours more often than at night.
    const openedAt = start + Math.floor(random() * days) * DAY + (7 + Math.floor(random() * 14)) * HOUR + Math.floor(random() * 60) * 60_000
    const roll = random()
    if (roll < 0.08) {
      message({
        folder: 'INBOX',
        messageId: id('list'),
        from: { name: pick(ASKERS)[0], address: 'list-bounces@lists.example' },
        subject: pick(LIST_SUBJECTS),
        internalDate: new Date(openedAt),
        precedence: 'list',
        hasListId: true,
        hasListUnsubscribe: true,
      })
      continue
    }
    if (roll < 0.12) {
      message({
        folder: 'INBOX',
        messageId: id('news'),
        from: { name: 'Cell Vendor News', address: 'news@cellvendor.example' },
        subject: 'This month at Cell Vendor',
        internalDate: new Date(openedAt),
        precedence: 'bulk',
        hasListUnsubscribe: true,
      })
      continue
    }
    const [name, address] = pick(ASKERS)
    const asker = { name, address }
    let subject = pick(QUESTIONS)
    const chain: string[] = []
    let at = openedAt
    if (roll < 0.17) {
      // The project writes first (an invitation, a follow-up); the person answers later.
      const from = project()
      message({
        folder: 'Sent',
        messageId: id('r0'),
        from: { name: projectName(from), address: from },
        subject,
        internalDate: new Date(at),
      })
      chain.push(id('r0'))
      at += Math.floor((2 + random() * 70) * HOUR)
      subject = `Re: ${subject}`
    }
    const first = id('q')
    message({
      folder: 'INBOX',
      messageId: first,
      from: asker,
      subject,
      internalDate: new Date(at),
      inReplyTo: chain.slice(-1),
      references: [...chain],
    })
    chain.push(first)
    if (random() < 0.3) {
      message({
        folder: 'Sent',
        messageId: id('rack'),
        from: { name: 'PyBaMM help desk', address: 'help@pybamm.org' },
        subject: 'We received your message',
        internalDate: new Date(at + 60_000),
        inReplyTo: [first],
        references: [...chain],
        autoSubmitted: 'auto-replied',
      })
    }
    // Hours to the first answer: mostly within a day, a long tail of several days.
    const wait = random() < 0.75 ? 0.2 + random() * 20 : 24 + random() * 24 * 9
    const answeredAt = at + Math.floor(wait * HOUR)
    if (random() < 0.12) {
      message({
        folder: 'INBOX',
        messageId: id('nudge'),
        from: asker,
        subject: `Re: ${subject.replace(/^Re: /, '')}`,
        internalDate: new Date(Math.min(at + Math.floor(wait * 0.6 * HOUR), now.getTime() - 60_000)),
        inReplyTo: [first],
        references: [...chain],
      })
      chain.push(id('nudge'))
    }
    if (answeredAt >= now.getTime() || random() < 0.06) continue // still waiting
    const responder = project()
    if (responder !== 'help@pybamm.org' && random() < 0.3) {
      // A maintainer on holiday: the out-of-office reply is automatic and answers nothing.
      message({
        folder: 'INBOX',
        messageId: id('rooo'),
        from: { name: projectName(responder), address: responder },
        subject: `Out of office: ${subject}`,
        internalDate: new Date(at + 2 * 60_000),
        inReplyTo: [first],
        autoSubmitted: 'auto-replied',
      })
    }
    // A maintainer answering with the help desk in CC shows up in INBOX; the help desk's own replies in Sent.
    message({
      folder: responder === 'help@pybamm.org' || random() < 0.5 ? 'Sent' : 'INBOX',
      messageId: id('r1'),
      from: { name: projectName(responder), address: responder },
      subject: `Re: ${subject.replace(/^Re: /, '')}`,
      internalDate: new Date(answeredAt),
      inReplyTo: chain.slice(-1),
      references: [...chain],
    })
    chain.push(id('r1'))
    const followUp = answeredAt + Math.floor((1 + random() * 48) * HOUR)
    if (random() < 0.35 && followUp < now.getTime()) {
      message({
        folder: 'INBOX',
        messageId: id('f'),
        from: asker,
        subject: `Re: ${subject.replace(/^Re: /, '')}`,
        internalDate: new Date(followUp),
        inReplyTo: [id('r1')],
        references: [...chain],
      })
    }
  }

  drafts.sort((a, b) => a.internalDate.getTime() - b.internalDate.getTime())
  const nextUid: Record<string, number> = { INBOX: 0, Sent: 0 }
  return drafts.map((d) => ({ ...d, uid: (nextUid[d.folder] = (nextUid[d.folder] ?? 0) + 1) }))
}

/**
 * Writes the demo mailbox into a mailbox source, in one transaction. Returns what it wrote
 * (0 messages on a second run).
 */
export async function seedMailbox(handle: Database, sourceId: string, options: DemoMailboxOptions = {}) {
  const rows = generateDemoMailbox(options).map((m) => toEmailMessageRow(sourceId, m, DEMO_MAILBOX_ADDRESSES))
  const stored = await handle.transaction(async (tx) => {
    await lockMailboxSource(tx, sourceId)
    return storeEmailMessages(tx, sourceId, rows, DEMO_MAILBOX_ADDRESSES)
  })
  return { messages: stored }
}

export interface MailboxSourceRow {
  /** a fixed id (the bench); a new one otherwise */
  id?: string
  name: string
  host: string
  username: string
  projectAddresses?: string[]
  addedById?: string | null
}

/**
 * The mailbox source (kind 'imap') for `username` on `host`, created when there is none; returns
 * its id. Its password is named as an environment variable that is never set: a sync of it fails
 * with one line and writes nothing.
 */
export async function ensureMailboxSource(handle: Database, input: MailboxSourceRow): Promise<string> {
  const [found] = await handle
    .select({ id: communitySources.id })
    .from(communitySources)
    .where(and(eq(communitySources.kind, 'imap'), eq(communitySources.host, input.host), eq(communitySources.username, input.username)))
  if (found) return found.id
  const [created] = await handle
    .insert(communitySources)
    .values({
      ...(input.id ? { id: input.id } : {}),
      kind: 'imap',
      name: input.name,
      host: input.host,
      port: 993,
      tls: true,
      username: input.username,
      passwordEnv: 'DEMO_MAILBOX_PASSWORD',
      projectAddresses: input.projectAddresses ?? DEMO_MAILBOX_ADDRESSES,
      addedById: input.addedById ?? null,
    })
    .returning({ id: communitySources.id })
  return created!.id
}

export const DEMO_MAILBOX_HOST = 'imap.demo.steward.invalid'

async function seedDemoMailbox(context: DemoContext) {
  const sourceId = await ensureMailboxSource(db, {
    name: `help@pybamm.org on ${DEMO_MAILBOX_HOST}`,
    host: DEMO_MAILBOX_HOST,
    username: 'help@pybamm.org',
    addedById: context.users.community.id,
  })
  await db
    .update(communitySources)
    .set({ status: 'succeeded', lastSuccessAt: context.now })
    .where(and(eq(communitySources.id, sourceId), eq(communitySources.status, 'idle')))
  const { messages } = await seedMailbox(db, sourceId, { now: context.now })
  context.log(`demo: mailbox with ${messages} new messages`)
}

export const mailboxDemoSeeder: DemoSeeder = { name: 'mailbox', seed: seedDemoMailbox }
