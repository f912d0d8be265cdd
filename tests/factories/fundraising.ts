import { readFileSync } from 'node:fs'
import { confirmImport } from '#app/domain/fundraising/imports.server.ts'

/** A real-format sample export from tests/fixtures/donations. */
export function donationFixture(name: string): Uint8Array {
  return readFileSync(new URL(`../fixtures/donations/${name}`, import.meta.url))
}

export const DONATION_FIXTURES = ['opencollective-transactions.csv', 'github-sponsors.csv', 'paypal-activity.csv'] as const

/** Imports every sample export through the real importer. */
export async function importDonationFixtures(actorId: string | null) {
  const out = []
  for (const name of DONATION_FIXTURES) out.push(await confirmImport({ bytes: donationFixture(name), fileName: name, actorId }))
  return out
}
