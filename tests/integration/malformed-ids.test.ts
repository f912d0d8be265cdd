// A malformed id in a URL or a form is the visitor's mistake, not the server's: 404 for an
// address that cannot name anything, 400 for a form that names nothing, never a 500 from the
// database refusing to compare "abc" with a uuid.
import { describe, expect, test } from 'vitest'
import { startUserSession } from '#app/utils/session.server.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import * as grant from '#app/routes/fundraising.grants.$grantId.tsx'
import * as post from '#app/routes/communications.posts.$postId.tsx'
import * as person from '#app/routes/settings.users.$userId.tsx'
import * as report from '#app/routes/reports.$quarter.tsx'
import * as reportJson from '#app/routes/reports.$quarter.json.ts'
import * as reportMd from '#app/routes/reports.$quarter.md.ts'
import * as reportPdf from '#app/routes/reports.$quarter.pdf.ts'
import * as chart from '#app/routes/reports.$quarter.charts.$name.ts'
import * as channels from '#app/routes/communications.channels.tsx'
import * as cadences from '#app/routes/communications.cadences.tsx'
import * as materials from '#app/routes/communications.materials.tsx'
import * as donationImport from '#app/routes/fundraising.donations.import.tsx'
import * as postsList from '#app/routes/communications.posts._index.tsx'
import * as newPost from '#app/routes/communications.posts.new.tsx'
import * as calendar from '#app/routes/communications.calendar.tsx'
import * as policy from '#app/routes/communications.policy.tsx'
import * as audit from '#app/routes/audit.tsx'
import * as invitation from '#app/routes/invitations.$token.tsx'

setupTestDatabase()

const MALFORMED = ['not-a-uuid', '1', "1' or '1'='1", '00000000-0000-0000-0000-00000000000g', '%00', 'x'.repeat(300)]

async function signedIn(path: string, init: { method?: string; form?: Record<string, string> } = {}) {
  const user = await insertUser({ roles: ['admin'] })
  const response = await startUserSession({ request: new Request('http://localhost/login'), userId: user.id, clientAddress: '127.0.0.1' })
  const cookie = response.headers.get('Set-Cookie')!.split(';')[0]
  const body = init.form ? new URLSearchParams(init.form) : undefined
  return new Request(`http://localhost${path}`, {
    method: init.method ?? (body ? 'POST' : 'GET'),
    headers: { Cookie: cookie, ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
    body,
  })
}

type Handler = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<unknown>

/** The status a loader or action answers with: thrown or returned Response/data(), else 200. */
async function statusOf(handler: unknown, request: Request, params: Record<string, string> = {}) {
  try {
    const value = await (handler as Handler)({ request, params, context: {} })
    if (value instanceof Response) return value.status
    if (value && typeof value === 'object' && 'init' in value) return (value as { init: { status?: number } | null }).init?.status ?? 200
    return 200
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status
    if (thrown && typeof thrown === 'object' && 'init' in thrown) return (thrown as { init: { status: number } }).init.status
    throw thrown
  }
}

describe.each(MALFORMED)('the id %j', (id) => {
  test('in a path: grants, posts and people pages are 404, their forms too', async () => {
    const path = (base: string) => `${base}/${encodeURIComponent(id)}`
    expect(await statusOf(grant.loader, await signedIn(path('/fundraising/grants')), { grantId: id })).toBe(404)
    expect(
      await statusOf(
        grant.action,
        await signedIn(path('/fundraising/grants'), { form: { intent: 'deadline', kind: 'proposal', dueOn: '2026-05-01' } }),
        {
          grantId: id,
        },
      ),
    ).toBe(404)
    expect(await statusOf(post.loader, await signedIn(path('/communications/posts')), { postId: id })).toBe(404)
    expect(
      await statusOf(post.action, await signedIn(path('/communications/posts'), { form: { intent: 'status', status: 'idea' } }), {
        postId: id,
      }),
    ).toBe(404)
    expect(await statusOf(person.loader, await signedIn(path('/settings/users')), { userId: id })).toBe(404)
    expect(await statusOf(person.action, await signedIn(path('/settings/users'), { form: { intent: 'deactivate' } }), { userId: id })).toBe(
      404,
    )
  })

  test('in a form: the record to edit or complete is a 400', async () => {
    const channel = { id, kind: 'mastodon', name: 'Fosstodon', active: 'on' }
    expect(await statusOf(channels.action, await signedIn('/communications/channels', { form: channel }))).toBe(400)
    const material = { id, kind: 'slides', title: 'Deck', status: 'planned' }
    expect(await statusOf(materials.action, await signedIn('/communications/materials', { form: material }))).toBe(400)
    expect(await statusOf(cadences.action, await signedIn('/communications/cadences', { form: { intent: 'delete', id } }))).toBe(400)
    const upload = { intent: 'confirm', uploadId: id }
    expect(await statusOf(donationImport.action, await signedIn('/fundraising/donations/import', { form: upload }))).toBe(400)
  })

  test('in a query string: a filter or preview that names nothing is ignored or a 404, never a 500', async () => {
    const q = encodeURIComponent(id)
    expect([200, 302]).toContain(await statusOf(donationImport.loader, await signedIn(`/fundraising/donations/import?upload=${q}`)))
    expect([200, 302]).toContain(await statusOf(donationImport.loader, await signedIn(`/fundraising/donations/import?imported=${q}`)))
    expect(await statusOf(postsList.loader, await signedIn(`/communications/posts?channel=${q}`))).toBe(200)
    expect(await statusOf(newPost.loader, await signedIn(`/communications/posts/new?channel=${q}`))).toBe(200)
    expect(await statusOf(calendar.loader, await signedIn(`/communications/calendar?channel=${q}`))).toBe(200)
    expect([200, 404]).toContain(await statusOf(policy.loader, await signedIn(`/communications/policy?version=${q}`)))
    expect(await statusOf(audit.loader, await signedIn(`/audit?actor=${q}`))).toBe(200)
    expect(await statusOf(invitation.loader, new Request(`http://localhost/invitations/${q}`), { token: id })).toBe(404)
  })
})

describe('report quarters and chart names', () => {
  test.each(['2026-Q5', '2026', 'Q1-2026', "2026-Q1'", '../../etc/passwd', 'x'.repeat(300)])(
    'the quarter %j is a 404 in every format',
    async (quarter) => {
      const at = (suffix: string) => signedIn(`/reports/${encodeURIComponent(quarter)}${suffix}`)
      expect(await statusOf(report.loader, await at(''), { quarter })).toBe(404)
      expect(await statusOf(reportJson.loader, await at('.json'), { quarter })).toBe(404)
      expect(await statusOf(reportMd.loader, await at('.md'), { quarter })).toBe(404)
      expect(await statusOf(reportPdf.loader, await at('.pdf'), { quarter })).toBe(404)
      expect(await statusOf(chart.loader, await at('/charts/donations.svg'), { quarter, name: 'donations' })).toBe(404)
      expect(
        await statusOf(report.action, await signedIn(`/reports/${encodeURIComponent(quarter)}`, { form: { intent: 'generate' } }), {
          quarter,
        }),
      ).toBe(404)
    },
  )

  test.each(['../../etc/passwd', 'constructor', '__proto__', 'toString', 'x'.repeat(300), 'no-such-chart'])(
    'the chart name %j is a 404',
    async (name) => {
      expect(
        await statusOf(chart.loader, await signedIn(`/reports/2026-Q1/charts/${encodeURIComponent(name)}.svg`), {
          quarter: '2026-Q1',
          name,
        }),
      ).toBe(404)
    },
  )
})
