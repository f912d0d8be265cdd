// Donor names, emails and individual donations are for fundraising and admin only: the council
// and other roles get aggregates on /fundraising and a 403 everywhere else (pages and export).
import { describe, expect, test } from 'vitest'
import type { Role } from '#app/domain/accounts/vocabulary.ts'
import { startUserSession } from '#app/utils/session.server.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { importDonationFixtures } from '#tests/factories/fundraising.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { loader as overviewLoader } from '#app/routes/fundraising._index.tsx'
import { loader as layoutLoader } from '#app/routes/fundraising.tsx'
import { loader as donationsLoader } from '#app/routes/fundraising.donations._index.tsx'
import { loader as exportLoader } from '#app/routes/fundraising.donations.export.ts'
import { loader as importLoader } from '#app/routes/fundraising.donations.import.tsx'
import { loader as donorsLoader } from '#app/routes/fundraising.donors.tsx'
import { loader as ratesLoader } from '#app/routes/fundraising.rates.tsx'
import { action as grantsAction, loader as grantsLoader } from '#app/routes/fundraising.grants._index.tsx'
import { action as sponsorsAction, loader as sponsorsLoader } from '#app/routes/fundraising.sponsors.tsx'
import { addDeadline, createGrant } from '#app/domain/fundraising/grants.server.ts'
import { changeSponsorStage, createSponsor, logInteraction } from '#app/domain/fundraising/sponsors.server.ts'

setupTestDatabase()

const NAMES = ['Tam Arden', 'Pia Marsh', 'Eli Calder', 'donor00', 'example.org']

async function requestAs(role: Role, path: string) {
  const user = await insertUser({ roles: [role] })
  const response = await startUserSession({ request: new Request('http://localhost/login'), userId: user.id, clientAddress: '127.0.0.1' })
  const cookie = response.headers.get('Set-Cookie')!.split(';')[0]
  return new Request(`http://localhost${path}`, { headers: { Cookie: cookie } })
}

type AnyLoader = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<unknown>
const call = (loader: unknown, request: Request) => (loader as AnyLoader)({ request, params: {}, context: {} })

async function statusOf(promise: Promise<unknown>) {
  try {
    const value = await promise
    return value instanceof Response ? value.status : 200
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status
    if (thrown && typeof thrown === 'object' && 'init' in thrown) return (thrown as { init: { status: number } }).init.status
    throw thrown
  }
}

const PRIVATE: [string, unknown][] = [
  ['/fundraising/donations', donationsLoader],
  ['/fundraising/donations/export.csv', exportLoader],
  ['/fundraising/donations/import', importLoader],
  ['/fundraising/donors', donorsLoader],
  ['/fundraising/rates', ratesLoader],
]

describe.each(['council', 'communications', 'community'] as Role[])('%s', (role) => {
  test('sees aggregates on /fundraising without a donor name, and no tabs to private pages', async () => {
    await importDonationFixtures(null)
    const overview = await call(overviewLoader, await requestAs(role, '/fundraising?year=2025'))
    const text = JSON.stringify(overview)
    expect(text).toContain('"gross"')
    for (const name of NAMES) expect(text).not.toContain(name)
    const layout = (await call(layoutLoader, await requestAs(role, '/fundraising'))) as { tabs: { to: string }[] }
    // the council also reads the grant and sponsor pipelines
    expect(layout.tabs.map((t) => t.to)).toEqual(
      role === 'council' ? ['/fundraising', '/fundraising/grants', '/fundraising/sponsors'] : ['/fundraising'],
    )
  })

  test('is refused every page and export with individual donations', async () => {
    await importDonationFixtures(null)
    for (const [path, loader] of PRIVATE) expect(await statusOf(call(loader, await requestAs(role, path))), path).toBe(403)
  })
})

test('the council reads grants and sponsors by organisation and stage, without notes, the log or a way to edit', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })
  const grant = await createGrant({
    funder: 'NumFOCUS',
    title: 'SDG',
    currency: 'USD',
    status: 'submitted',
    notes: 'call Ann Lee',
    actorId: lead.id,
  })
  await addDeadline({ grantId: grant.id, kind: 'report', dueOn: '2099-01-15', note: 'ask Ann Lee', actorId: lead.id })
  const sponsor = await createSponsor({
    organisation: 'Acme Batteries',
    kind: 'company',
    stage: 'active',
    notes: 'Bo Chen prefers e-mail',
    actorId: lead.id,
  })
  await logInteraction({ sponsorId: sponsor.id, kind: 'email', on: '2026-01-10', text: 'Bo Chen said yes', actorId: lead.id })
  await changeSponsorStage({ sponsorId: sponsor.id, stage: 'renewal_due', note: 'Bo Chen asked for the invoice', actorId: lead.id })

  const grantsPage = (await call(grantsLoader, await requestAs('council', '/fundraising/grants'))) as {
    grants: object[]
    readOnly: boolean
  }
  expect(grantsPage.readOnly).toBe(true)
  expect(grantsPage.grants).toEqual([expect.objectContaining({ funder: 'NumFOCUS', title: 'SDG', status: 'submitted' })])
  const sponsorsPage = (await call(sponsorsLoader, await requestAs('council', '/fundraising/sponsors'))) as { sponsors: object[] }
  expect(sponsorsPage.sponsors).toEqual([expect.objectContaining({ organisation: 'Acme Batteries', stage: 'renewal_due' })])
  // the stage history names people (who moved it, the notes): the lead's, not the council's
  expect(sponsorsPage).toMatchObject({ history: [], readOnly: true })
  for (const page of [grantsPage, sponsorsPage]) for (const name of ['Ann Lee', 'Bo Chen']) expect(JSON.stringify(page)).not.toContain(name)

  const post = async (path: string, body: Record<string, string> = { intent: 'create', organisation: 'X' }) => {
    const request = await requestAs('council', path)
    return new Request(request.url, { method: 'POST', headers: request.headers, body: new URLSearchParams(body) })
  }
  expect(await statusOf(call(grantsAction, await post('/fundraising/grants')))).toBe(403)
  expect(await statusOf(call(sponsorsAction, await post('/fundraising/sponsors')))).toBe(403)
  const move = { intent: 'stage', sponsorId: sponsor.id, stage: 'lapsed' }
  expect(await statusOf(call(sponsorsAction, await post('/fundraising/sponsors', move)))).toBe(403)
  expect(await statusOf(call(sponsorsAction, await post('/fundraising/sponsors', { intent: 'labels', prospect: 'Lead' })))).toBe(403)
  for (const role of ['communications', 'community'] as Role[]) {
    expect(await statusOf(call(grantsLoader, await requestAs(role, '/fundraising/grants')))).toBe(403)
    expect(await statusOf(call(sponsorsLoader, await requestAs(role, '/fundraising/sponsors')))).toBe(403)
  }
  // the lead still sees everything
  const full = (await call(sponsorsLoader, await requestAs('fundraising', '/fundraising/sponsors'))) as { interactions: object[] }
  expect(JSON.stringify(full)).toContain('Bo Chen said yes')
  expect(JSON.stringify(full)).toContain('Bo Chen asked for the invoice')
})

test('the fundraising lead reads donor names and exports them', async () => {
  await importDonationFixtures(null)
  const list = (await call(donationsLoader, await requestAs('fundraising', '/fundraising/donations?source=opencollective'))) as {
    rows: { donorName: string | null }[]
  }
  expect(list.rows.map((r) => r.donorName)).toContain('Tam Arden')
  const csv = (await call(exportLoader, await requestAs('fundraising', '/fundraising/donations/export.csv'))) as Response
  expect(csv.headers.get('Content-Type')).toMatch(/text\/csv/)
  expect(await csv.text()).toContain('Tam Arden')
  expect(await statusOf(call(exportLoader, await requestAs('admin', '/fundraising/donations/export.csv')))).toBe(200)
})
