// Mailbox sources for the mailbox tests: the mail tables reference community_sources, so a test
// that stores mail creates the source row (kind 'imap') first. Test n's source has a fixed id.
import type { Database } from '#db/client.server.ts'
import { communitySources } from '#db/schema/sources.ts'

/** The id of the test's mailbox source number n (a valid UUID, the same every run). */
export function mailboxSourceId(n: number) {
  return `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`
}

/** Creates the community_sources rows (kind 'imap') of the numbered test sources; existing ones stay. */
export async function insertMailboxSources(handle: Database, ...numbers: number[]) {
  if (numbers.length === 0) return []
  await handle
    .insert(communitySources)
    .values(
      numbers.map((n) => ({
        id: mailboxSourceId(n),
        kind: 'imap' as const,
        name: `test mailbox ${n}`,
        host: '127.0.0.1',
        port: 143,
        tls: false,
        username: `mailbox-${n}@project.org`,
        passwordEnv: 'TEST_MAILBOX_PASSWORD',
        projectAddresses: ['help@project.org'],
      })),
    )
    .onConflictDoNothing()
  return numbers.map(mailboxSourceId)
}

/** One numbered test source: creates its row and returns its id. */
export async function insertMailboxSource(handle: Database, n: number) {
  await insertMailboxSources(handle, n)
  return mailboxSourceId(n)
}
