// Stand-in data built from the real-format sample exports, so a test can import the same money as a
// file and through the API and compare the two.
import { parseDonationFile } from '#app/integrations/donation-imports/index.ts'
import { FakeOpenCollectiveDataset } from '#tests/fakes/opencollective/dataset.ts'
import { maintainer, sponsor, tier, type FakeSponsorsData } from '#tests/fakes/github-sponsors/dataset.ts'
import { donationFixture } from './fundraising.ts'

/**
 * The collective of opencollective-transactions.csv as Open Collective's API serves it: each
 * contribution's uuid begins with the export's shortId (the exporter writes the first 8 characters
 * of the API's `id`), its fees are the export's processor and host fees together.
 */
export function openCollectiveFromFixture(slug = 'steward-demo') {
  const parsed = parseDonationFile(donationFixture('opencollective-transactions.csv'))
  const data = new FakeOpenCollectiveDataset(3)
  data.collective(slug, { name: 'Steward Demo', currency: 'USD' })
  const rows = [...parsed.donations].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())
  for (const d of rows) {
    const key = d.donor.key!
    const donor = data.accounts.get(key) ?? data.person(key, d.donor.name ?? key)
    const main = data.contribute(slug, { at: d.receivedAt.toISOString(), donor, amount: d.amount, processorFee: d.fees })
    main.id = `${d.externalId}${main.id.slice(8)}`
  }
  return data
}

/** The maintainer of github-sponsors.csv: one sponsorship per sponsor, on the tier of their first payment. */
export function githubSponsorsFromFixture(login = 'steward-demo', token = 'sponsors-token'): FakeSponsorsData {
  const parsed = parseDonationFile(donationFixture('github-sponsors.csv'))
  const owner = maintainer(login, 'Organization', { admins: ['lead'] })
  const seen = new Set<string>()
  for (const d of [...parsed.donations].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())) {
    const key = d.donor.key!
    if (seen.has(key)) continue
    seen.add(key)
    const price = Number((d.description ?? '').replace(/[^0-9]/g, '')) * 100 || d.amount
    sponsor(owner, { login: key, name: d.donor.name }, { at: d.receivedAt.toISOString(), tier: tier(d.description ?? 'custom', price) })
  }
  return { maintainers: [owner], tokens: { [token]: 'lead' } }
}
