// GitHub Sponsors: the CSV export (17 columns, newer ones add "Payment Source" — read by name)
// and the JSON export (sponsorships with nested transactions). A donation is a settled charge;
// its amount is the processed amount (prorated charges are less than the tier).
import { collectRows, currencyOf, dateTime, money, readCsv, requireColumns, RowError } from './csv.ts'
import { ImportFileError, type ParsedDonation, type ParseResult, type RowNote } from './types.ts'

const DATE_FORMATS = ['yyyy-MM-dd HH:mm:ss ZZZ', 'yyyy-MM-dd HH:mm:ss ZZ', 'iso', 'yyyy-MM-dd HH:mm:ss']

export function isGitHubSponsorsHeader(header: string[]) {
  return header.includes('Sponsor Handle') && header.includes('Processed Amount')
}

const isRecurring = (tierName: string) => !/one[- ]?time/i.test(tierName)

export function parseGitHubSponsorsCsv(text: string): ParseResult {
  const { header, rows } = readCsv(text)
  requireColumns(header, ['Sponsor Handle', 'Transaction ID', 'Processed Amount', 'Status', 'Transaction Date'], 'GitHub Sponsors')
  const { out, skipped, errors } = collectRows<ParsedDonation>(rows, (row) => {
    const status = row.get('Status').toLowerCase()
    if (status !== 'settled') return `not settled (${row.get('Status') || 'no status'})`
    const externalId = row.get('Transaction ID')
    if (!externalId) throw new RowError('the transaction id is empty')
    const currency = row.has('Currency') && row.get('Currency') ? currencyOf(row.get('Currency')) : 'USD'
    const amount = money(row.get('Processed Amount'), currency, 'Processed Amount')
    if (amount <= 0) throw new RowError('the processed amount must be positive')
    return {
      line: row.line,
      source: 'github_sponsors',
      externalId,
      amount,
      currency,
      fees: 0,
      net: amount,
      receivedAt: dateTime(row.get('Transaction Date'), DATE_FORMATS, 'UTC', 'Transaction Date'),
      recurring: isRecurring(row.get('Tier Name')),
      refunded: false,
      donor: {
        key: row.get('Sponsor Handle') || null,
        name: row.get('Sponsor Profile Name') || null,
        email: row.get('Sponsor Public Email') || null,
      },
      description: row.get('Tier Name') || null,
    }
  })
  return {
    format: 'github_sponsors_csv',
    source: 'github_sponsors',
    rows: rows.length,
    donations: out,
    skipped,
    errors,
    refundedExternalIds: [],
  }
}

interface JsonTransaction {
  transaction_id?: unknown
  processed_amount?: unknown
  status?: unknown
  transaction_date?: unknown
  tier_name?: unknown
  currency?: unknown
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '')

export function parseGitHubSponsorsJson(text: string): ParseResult {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new ImportFileError(`The file is not valid JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
  const sponsorships = Array.isArray(data)
    ? data
    : data && typeof data === 'object' && Array.isArray((data as { sponsorships?: unknown }).sponsorships)
      ? (data as { sponsorships: unknown[] }).sponsorships
      : null
  if (
    !sponsorships ||
    !sponsorships.every((s) => s && typeof s === 'object' && Array.isArray((s as { transactions?: unknown }).transactions))
  ) {
    throw new ImportFileError('This JSON is not a GitHub Sponsors export: expected a list of sponsorships, each with "transactions".')
  }
  const donations: ParsedDonation[] = []
  const skipped: RowNote[] = []
  const errors: RowNote[] = []
  let position = 0
  for (const raw of sponsorships as Record<string, unknown>[]) {
    for (const tx of raw.transactions as JsonTransaction[]) {
      position += 1
      try {
        const status = str(tx.status).toLowerCase()
        if (status !== 'settled') {
          skipped.push({ line: position, reason: `not settled (${str(tx.status) || 'no status'})` })
          continue
        }
        const externalId = str(tx.transaction_id)
        if (!externalId) throw new RowError('the transaction id is empty')
        const currency = str(tx.currency) ? currencyOf(str(tx.currency)) : 'USD'
        const amount = money(str(tx.processed_amount), currency, 'processed_amount')
        if (amount <= 0) throw new RowError('the processed amount must be positive')
        const tier = str(tx.tier_name) || str(raw.tier_name)
        donations.push({
          line: position,
          source: 'github_sponsors',
          externalId,
          amount,
          currency,
          fees: 0,
          net: amount,
          receivedAt: dateTime(str(tx.transaction_date), DATE_FORMATS, 'UTC', 'transaction_date'),
          recurring: isRecurring(tier),
          refunded: false,
          donor: {
            key: str(raw.sponsor_handle) || null,
            name: str(raw.sponsor_profile_name) || str(raw.sponsor_name) || null,
            email: str(raw.sponsor_public_email) || null,
          },
          description: tier || null,
        })
      } catch (error) {
        if (error instanceof RowError) errors.push({ line: position, reason: error.message })
        else throw error
      }
    }
  }
  return { format: 'github_sponsors_json', source: 'github_sponsors', rows: position, donations, skipped, errors, refundedExternalIds: [] }
}
