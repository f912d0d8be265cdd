import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { DateTime } from 'luxon'
import { describe, expect, test } from 'vitest'
import { detectFormat, ImportFileError, parseDonationFile, parseDonationText, type ParseResult } from './index.ts'

const fixture = (name: string) => readFileSync(new URL(`../../../tests/fixtures/donations/${name}`, import.meta.url))
const expected = JSON.parse(fixture('expected-totals.json').toString('utf8')) as Record<
  string,
  { gross: number; fees: number; net: number; donations: number; donors: number }
>

/** Totals per source|quarter|currency (UTC quarters), refunded donations excluded. */
function totals(result: ParseResult) {
  const out: Record<string, { gross: number; fees: number; net: number; donations: number; donors: number }> = {}
  const donors: Record<string, Set<string>> = {}
  for (const d of result.donations) {
    if (d.refunded) continue
    const at = DateTime.fromJSDate(d.receivedAt, { zone: 'UTC' })
    const key = `${d.source}|${at.year}-Q${at.quarter}|${d.currency}`
    out[key] ??= { gross: 0, fees: 0, net: 0, donations: 0, donors: 0 }
    donors[key] ??= new Set()
    out[key].gross += d.amount
    out[key].fees += d.fees
    out[key].net += d.net
    out[key].donations += 1
    donors[key].add(d.donor.key ?? d.externalId)
    out[key].donors = donors[key].size
  }
  return out
}

const only = (source: string) => Object.fromEntries(Object.entries(expected).filter(([k]) => k.startsWith(`${source}|`)))

describe('the real-format samples reproduce expected-totals.json', () => {
  test('Open Collective (2023 field ids): fees are the processor fee plus the host fee of the group', () => {
    const result = parseDonationFile(fixture('opencollective-transactions.csv'))
    expect(result.format).toBe('opencollective')
    expect(result.errors).toEqual([])
    expect(result.donations).toHaveLength(12)
    expect(result.skipped).toHaveLength(12)
    expect(result.skipped[0]).toEqual({ line: 3, reason: expect.stringMatching(/host fee/) })
    expect(totals(result)).toEqual(only('opencollective'))
  })

  test('GitHub Sponsors CSV: processed amounts, dates in the exporter offset counted in UTC', () => {
    const result = parseDonationFile(fixture('github-sponsors.csv'))
    expect(result.format).toBe('github_sponsors_csv')
    expect(result.errors).toEqual([])
    expect(totals(result)).toEqual(only('github_sponsors'))
    expect(result.donations.every((d) => d.recurring)).toBe(true)
  })

  test('PayPal: completed credits only; fees are positive', () => {
    const result = parseDonationFile(fixture('paypal-activity.csv'))
    expect(result.format).toBe('paypal')
    expect(result.errors).toEqual([])
    expect(result.skipped).toEqual([{ line: 2, reason: expect.stringMatching(/Debit/) }])
    expect(totals(result)).toEqual(only('paypal'))
    expect(result.donations[0].donor).toMatchObject({ email: 'donor002@example.org', name: 'Pia Oak' })
  })
})

describe('other formats', () => {
  test('GitHub Sponsors CSV with the newer "Payment Source" column is read by name', () => {
    const lines = fixture('github-sponsors.csv').toString('utf8').trim().split('\n')
    const moved = lines.map((line, i) => {
      const cells = line.split(',')
      cells.splice(7, 0, i === 0 ? 'Payment Source' : 'GitHub')
      return cells.join(',')
    })
    const result = parseDonationText(moved.join('\n'))
    expect(totals(result)).toEqual(only('github_sponsors'))
  })

  test('GitHub Sponsors JSON export', () => {
    const json = JSON.stringify([
      {
        sponsor_handle: 'donor001',
        sponsor_profile_name: 'Ivo Dune',
        tier_name: '$5 a month',
        transactions: [
          { transaction_id: 'ch_1', processed_amount: '$5.00', status: 'settled', transaction_date: '2025-03-31 23:30:00 -0100' },
          { transaction_id: 'ch_2', processed_amount: '$5.00', status: 'failed', transaction_date: '2025-04-30 10:00:00 +0000' },
          { transaction_id: 'ch_3', processed_amount: 'five', status: 'settled', transaction_date: '2025-05-30 10:00:00 +0000' },
        ],
      },
    ])
    const result = parseDonationText(json)
    expect(result.format).toBe('github_sponsors_json')
    expect(result.donations).toHaveLength(1)
    expect(result.donations[0]).toMatchObject({ amount: 500, externalId: 'ch_1', recurring: true })
    expect(result.donations[0].receivedAt.toISOString()).toBe('2025-04-01T00:30:00.000Z')
    expect(result.skipped).toEqual([{ line: 2, reason: 'not settled (failed)' }])
    expect(result.errors).toEqual([{ line: 3, reason: expect.stringMatching(/not an amount/) }])
  })

  // The labelled (2024+) layout, per Open Collective's exporter (opencollective-rest,
  // account-transactions.ts): "Gross Amount" = amountInHostCurrency, "Amount Single Column" =
  // netAmountInHostCurrency, fees negative; "Transaction ID" = legacyId, "Refund Transaction ID" =
  // the refund's legacyId. Which columns appear depends on the export's options.
  describe('Open Collective 2024+ labelled headers', () => {
    const head =
      '"Effective Date & Time","Transaction ID","Description","Credit/Debit","Kind","Group ID","Currency","Is Refund","Is Refunded","Refund Transaction ID","Opposite Account Handle","Opposite Account Name","Contribution Frequency"'
    const row = (
      id: string,
      kind: string,
      type: string,
      group: string,
      extra: { refund?: string; refunded?: string; original?: string; freq?: string },
    ) =>
      `"2025-02-0${id.slice(-1)}T10:00:00Z","${id}","${kind}","${type}","${kind}","${group}","EUR","${extra.refund ?? ''}","${extra.refunded ?? ''}","${extra.original ?? ''}","a","Ann","${extra.freq ?? ''}"`
    const file = (amountHeads: string[], lines: [string, string[]][]) =>
      [
        `${head},${amountHeads.map((h) => `"${h}"`).join(',')}`,
        ...lines.map(([base, amounts]) => `${base},${amounts.map((a) => `"${a}"`).join(',')}`),
      ].join('\r\n')

    test('gross, fees and net columns: gross is "Gross Amount", the host fee counted once', () => {
      const csv = file(
        ['Gross Amount', 'Payment Processor Fee', 'Host Fee', 'Platform Fee', 'Amount Single Column'],
        [
          [row('1001', 'CONTRIBUTION', 'CREDIT', 'g1', { freq: 'MONTHLY' }), ['100.00', '-3.20', '-10.00', '0', '86.80']],
          // the host fee is also its own DEBIT transaction of the group: not a second fee
          [row('1002', 'HOST_FEE', 'DEBIT', 'g1', {}), ['-10.00', '0', '0', '0', '-10.00']],
          [row('1003', 'CONTRIBUTION', 'CREDIT', 'g2', { refunded: 'REFUNDED' }), ['30.00', '-1.00', '-3.00', '0', '26.00']],
          [row('1005', 'CONTRIBUTION', 'DEBIT', 'g3', { refund: 'REFUND', original: '1003' }), ['-30.00', '0', '0', '0', '-30.00']],
        ],
      )
      const result = parseDonationText(csv)
      expect(result.errors).toEqual([])
      // 1001: fees 3.20 + 10.00 = 13.20, net 100.00 − 13.20 = 86.80 (the file's own net); 1003: 1.00 + 3.00 = 4.00
      expect(result.donations.map((d) => [d.externalId, d.amount, d.fees, d.net, d.refunded, d.recurring])).toEqual([
        ['1001', 10000, 1320, 8680, false, true],
        ['1003', 3000, 400, 2600, true, false],
      ])
      expect(result.refundedExternalIds).toEqual(['1003'])
      expect(result.notices).toEqual([])
    })

    test('a host covering the processor fee of a refund, and a lost dispute fee: neither is a donation nor a fee', () => {
      const amounts = ['Gross Amount', 'Payment Processor Fee', 'Host Fee', 'Amount Single Column']
      const csv = file(amounts, [
        // Alice 100.00, fees 3.20 + 10.00, refunded by 2004 (group g2)
        [row('2001', 'CONTRIBUTION', 'CREDIT', 'g1', { refunded: 'true', original: '2004' }), ['100.00', '-3.20', '-10.00', '86.80']],
        [row('2004', 'CONTRIBUTION', 'DEBIT', 'g2', { refund: 'true', original: '2001' }), ['-100.00', '0', '0', '-100.00']],
        [row('2005', 'HOST_FEE', 'CREDIT', 'g2', { refund: 'true' }), ['10.00', '0', '0', '10.00']],
        // the processor keeps its 3.20; the host gives it to the collective (isRefund, the refund's group)
        [row('2006', 'PAYMENT_PROCESSOR_COVER', 'CREDIT', 'g2', { refund: 'true' }), ['3.20', '0', '0', '3.20']],
        // Bob 50.00, fees 1.75 + 5.00
        [row('2007', 'CONTRIBUTION', 'CREDIT', 'g3', {}), ['50.00', '-1.75', '-5.00', '43.25']],
        // Carol 20.00, fees 0.88 + 2.00, disputed and lost: reversed (2003), the dispute fee 15.00 charged
        [row('2002', 'CONTRIBUTION', 'CREDIT', 'g4', { refunded: 'true', original: '2003' }), ['20.00', '-0.88', '-2.00', '17.12']],
        [row('2003', 'CONTRIBUTION', 'DEBIT', 'g5', { refund: 'true', original: '2002' }), ['-20.00', '0', '0', '-20.00']],
        [row('2008', 'PAYMENT_PROCESSOR_DISPUTE_FEE', 'DEBIT', 'g4', {}), ['-15.00', '0', '0', '-15.00']],
        // a host's compensation of a payout fee (not a refund): no donor's money either
        [row('2009', 'PAYMENT_PROCESSOR_COVER', 'CREDIT', 'g6', {}), ['2.50', '0', '0', '2.50']],
      ])
      const result = parseDonationText(csv)
      expect(result.errors).toEqual([])
      // Alice: fees 3.20 + 10.00 = 13.20, net 86.80; Bob: 1.75 + 5.00 = 6.75, net 43.25; Carol: 0.88 +
      // 2.00 = 2.88, net 17.12 — the cover (3.20, 2.50) and the dispute fee (15.00) in none of them
      expect(result.donations.map((d) => [d.externalId, d.amount, d.fees, d.net, d.refunded])).toEqual([
        ['2001', 10000, 1320, 8680, true],
        ['2007', 5000, 675, 4325, false],
        ['2002', 2000, 288, 1712, true],
      ])
      // what counts: Bob's alone — gross 50.00, fees 6.75, net 43.25
      const live = result.donations.filter((d) => !d.refunded)
      expect([live.reduce((s, d) => s + d.amount, 0), live.reduce((s, d) => s + d.fees, 0), live.reduce((s, d) => s + d.net, 0)]).toEqual([
        5000, 675, 4325,
      ])
      expect(result.refundedExternalIds).toEqual(['2001', '2002'])
      // 9 rows = 3 donations + 6 skipped, each with what it is (line 1 is the header)
      expect(result.skipped.map((s) => [s.line, s.reason])).toEqual([
        [3, 'refund of transaction 2001'],
        [4, 'host fee refund'],
        [5, 'payment processor fee covered by the host, not a donation'],
        [8, 'refund of transaction 2002'],
        [9, 'dispute fee paid by the host, not a fee of a donation counted'],
        [10, 'payment processor fee covered by the host, not a donation'],
      ])
    })

    test('net and processor fee only: gross is the net plus the fee; the host fee from its own row', () => {
      const csv = file(
        ['Payment Processor Fee', 'Amount Single Column'],
        [
          [row('1001', 'CONTRIBUTION', 'CREDIT', 'g1', {}), ['-3.20', '96.80']],
          [row('1002', 'HOST_FEE', 'DEBIT', 'g1', {}), ['0', '-10.00']],
        ],
      )
      const result = parseDonationText(csv)
      // gross 96.80 + 3.20 = 100.00; fees 3.20 + 10.00 = 13.20; net 86.80
      expect(result.donations.map((d) => [d.amount, d.fees, d.net])).toEqual([[10000, 1320, 8680]])
      expect(result.notices).toEqual([])
    })

    test('net only: gross is never invented, and the preview says so', () => {
      const csv = file(
        ['Amount Single Column'],
        [
          [row('1001', 'CONTRIBUTION', 'CREDIT', 'g1', {}), ['96.80']],
          [row('1002', 'HOST_FEE', 'DEBIT', 'g1', {}), ['-10.00']],
        ],
      )
      const result = parseDonationText(csv)
      // recorded at the file's 96.80, less the host fee row's 10.00: net 86.80
      expect(result.donations.map((d) => [d.amount, d.fees, d.net])).toEqual([[9680, 1000, 8680]])
      expect(result.notices).toEqual([expect.stringMatching(/1 of 1 donation has .*gross is unknown/)])
      // the ledger keeps no empty gross: the donation itself says its amount is a net
      expect(result.donations[0].grossKnown).toBe(false)
      expect(result.donations[0].description).toBe(
        "CONTRIBUTION — gross unknown: the amount is Open Collective's net of any payment processor fee",
      )
    })

    // The "Platform Default" preset exactly as opencollective-frontend defines it (PLATFORM_PRESETS.DEFAULT:
    // these fields in this order, labels from opencollective-rest's columnNames, processor fees and
    // taxes not flattened): no "Gross Amount", no fee column, no "Is Refund". Since 2024 the payment
    // processor fee and the tax are DEBIT rows of the contribution's group, and the contribution row
    // keeps no fee, so its "Amount Single Column" is its gross. Amounts are json2csv numbers.
    test('Platform Default preset: separate processor fee and tax rows are fees; a pre-2024 row keeps gross unknown', () => {
      const header = [
        'Effective Date & Time',
        'Transaction ID',
        'Description',
        'Credit/Debit',
        'Kind',
        'Group ID',
        'Amount Single Column',
        'Currency',
        'Is Reverse',
        'Is Reversed',
        'Reverse Transaction ID',
        'Account Handle',
        'Account Name',
        'Opposite Account Handle',
        'Opposite Account Name',
        'Payment Processor',
        'Payment Method',
        'Contribution Memo',
        'Expense Type',
        'Expense Tags',
        'Expense Payout Method Type',
        'Accounting Category Code',
        'Accounting Category Name',
        'Merchant ID',
        'Reverse Kind',
      ]
      const line = (
        at: string,
        id: number,
        description: string,
        type: string,
        kind: string,
        group: string,
        amount: number,
        donor: [string, string],
        reverse: { is?: boolean; was?: boolean; of?: number } = {},
      ) =>
        [
          `"${at}"`,
          id,
          `"${description}"`,
          `"${type}"`,
          `"${kind}"`,
          `"${group}"`,
          amount,
          '"USD"',
          reverse.is ? '"REVERSE"' : '""',
          reverse.was ? '"REVERSED"' : '""',
          reverse.of ?? '""',
          '"steward"',
          '"Steward"',
          `"${donor[0]}"`,
          `"${donor[1]}"`,
          '"STRIPE"',
          '"CREDITCARD"',
          ',,,,,,,',
        ].join(',')
      const stripe: [string, string] = ['stripe', 'Stripe']
      const host: [string, string] = ['opensource', 'Open Source Collective']
      const csv = [
        header.map((h) => `"${h}"`).join(','),
        // 2024: 100.00 from Alice; processor fee 3.20 and host fee 10.00 as rows of g1
        line('2024-03-05T10:00:00', 501, 'Contribution from Alice', 'CREDIT', 'CONTRIBUTION', 'g1', 100, ['alice', 'Alice']),
        line('2024-03-05T10:00:00', 502, 'Stripe payment processor fee', 'DEBIT', 'PAYMENT_PROCESSOR_FEE', 'g1', -3.2, stripe),
        line('2024-03-05T10:00:00', 503, 'Host Fee to Open Source Collective', 'DEBIT', 'HOST_FEE', 'g1', -10, host),
        // 2024: 60.00 from Bob, with 10.00 VAT, processor fee 2.04, host fee 5.00
        line('2024-04-01T09:00:00', 505, 'Contribution from Bob', 'CREDIT', 'CONTRIBUTION', 'g2', 60, ['bob', 'Bob']),
        line('2024-04-01T09:00:00', 506, 'VAT', 'DEBIT', 'TAX', 'g2', -10, ['tax', 'Tax']),
        line('2024-04-01T09:00:00', 507, 'Stripe payment processor fee', 'DEBIT', 'PAYMENT_PROCESSOR_FEE', 'g2', -2.04, stripe),
        line('2024-04-01T09:00:00', 508, 'Host Fee to Open Source Collective', 'DEBIT', 'HOST_FEE', 'g2', -5, host),
        // 2024: 20.00 from Carol, reversed later (group g4): the reversal's fee rows count for nothing
        line('2024-05-02T08:00:00', 509, 'Contribution from Carol', 'CREDIT', 'CONTRIBUTION', 'g3', 20, ['carol', 'Carol'], {
          was: true,
          of: 512,
        }),
        line('2024-05-02T08:00:00', 510, 'Stripe payment processor fee', 'DEBIT', 'PAYMENT_PROCESSOR_FEE', 'g3', -0.88, stripe, {
          was: true,
        }),
        line('2024-05-02T08:00:00', 511, 'Host Fee to Open Source Collective', 'DEBIT', 'HOST_FEE', 'g3', -2, host, { was: true }),
        line('2024-05-09T08:00:00', 512, 'Refund of Contribution', 'DEBIT', 'CONTRIBUTION', 'g4', -20, ['carol', 'Carol'], {
          is: true,
          of: 509,
        }),
        line('2024-05-09T08:00:00', 513, 'Refund of processor fee', 'CREDIT', 'PAYMENT_PROCESSOR_FEE', 'g4', 0.88, stripe, {
          is: true,
          of: 510,
        }),
        line('2024-05-09T08:00:00', 514, 'Refund of Host Fee', 'CREDIT', 'HOST_FEE', 'g4', 2, host, { is: true, of: 511 }),
        // 2023: 50.00 from Dan, the processor fee 1.75 still kept on the contribution row (net 48.25), no fee row
        line('2023-12-31T17:40:15', 515, 'Contribution from Dan', 'CREDIT', 'CONTRIBUTION', 'g5', 48.25, ['dan', 'Dan']),
        line('2023-12-31T17:40:15', 516, 'Host Fee to Open Source Collective', 'DEBIT', 'HOST_FEE', 'g5', -5, host),
      ].join('\n')
      const result = parseDonationText(csv)
      expect(result.format).toBe('opencollective')
      expect(result.errors).toEqual([])
      expect(result.donations.map((d) => [d.externalId, d.amount, d.fees, d.net, d.refunded])).toEqual([
        // gross 100.00 (the row's own net, nothing taken from it); fees 3.20 + 10.00 = 13.20; net 86.80
        ['501', 10000, 1320, 8680, false],
        // gross 60.00; fees 10.00 tax + 2.04 + 5.00 = 17.04; net 60.00 − 17.04 = 42.96
        ['505', 6000, 1704, 4296, false],
        // gross 20.00; fees 0.88 + 2.00 = 2.88; net 17.12 (refunded: counts for nothing)
        ['509', 2000, 288, 1712, true],
        // gross unknown: recorded at the file's 48.25; fees the host fee row's 5.00; net 43.25
        ['515', 4825, 500, 4325, false],
      ])
      expect(result.refundedExternalIds).toEqual(['509'])
      // 15 data rows = 4 donations + 11 skipped: 8 fee rows and the 3 rows of the reversal
      expect(result.skipped.map((s) => [s.line, s.reason])).toEqual([
        [3, 'payment processor fee (counted in the fees of its contribution)'],
        [4, 'host fee (counted in the fees of its contribution)'],
        [6, 'tax (counted in the fees of its contribution)'],
        [7, 'payment processor fee (counted in the fees of its contribution)'],
        [8, 'host fee (counted in the fees of its contribution)'],
        [10, 'payment processor fee (counted in the fees of its contribution)'],
        [11, 'host fee (counted in the fees of its contribution)'],
        [12, 'refund of transaction 509'],
        [13, 'payment processor fee refund'],
        [14, 'host fee refund'],
        [16, 'host fee (counted in the fees of its contribution)'],
      ])
      // only Dan's pre-2024 contribution has no processor fee row
      expect(result.notices).toEqual([
        expect.stringMatching(/^This export has no "Gross Amount".* 1 of 4 donations has .*gross is unknown for it/),
      ])
      expect(result.donations.map((d) => d.grossKnown !== false)).toEqual([true, true, true, false])
      expect(result.donations.map((d) => d.description)).toEqual([
        'Contribution from Alice',
        'Contribution from Bob',
        'Contribution from Carol',
        "Contribution from Dan — gross unknown: the amount is Open Collective's net of any payment processor fee",
      ])
    })

    test('a zero processor fee column and a separate fee row (fields chosen without flattening): the row counts, once', () => {
      const csv = [
        '"datetime","shortId","shortGroup","type","kind","isRefund","amount","paymentProcessorFee","netAmount","currency"',
        // 2024 contribution: the column holds the row's own fee (none); the fee is its own row
        '"2024-02-01T10:00:00","aaaa0001","g1","CREDIT","CONTRIBUTION","",100,0,100,"USD"',
        '"2024-02-01T10:00:00","aaaa0002","g1","DEBIT","PAYMENT_PROCESSOR_FEE","",-3.2,0,-3.2,"USD"',
        // 2023 contribution: the fee is in the column, and there is no fee row
        '"2023-02-01T10:00:00","bbbb0001","g2","CREDIT","CONTRIBUTION","",50,-1.75,48.25,"USD"',
      ].join('\n')
      const result = parseDonationText(csv)
      // 100.00 − 3.20 = 96.80; 50.00 − 1.75 = 48.25
      expect(result.donations.map((d) => [d.externalId, d.amount, d.fees, d.net])).toEqual([
        ['aaaa0001', 10000, 320, 9680],
        ['bbbb0001', 5000, 175, 4825],
      ])
      expect(result.notices).toEqual([])
    })
  })

  test('Stripe payments export, both date styles; refunds and failures', () => {
    const modern = [
      'id,Created date (UTC),Amount,Amount Refunded,Currency,Captured,Converted Amount,Fee,Status,Customer Email,Customer ID,Description',
      'ch_a,2025-03-01 12:34:56,50.00,0.00,usd,true,50.00,1.75,Paid,a@example.org,cus_a,Donation',
      'ch_b,2025-03-02 12:00:00,20.00,20.00,usd,true,20.00,0.88,Refunded,b@example.org,cus_b,Donation',
      'ch_c,2025-03-03 12:00:00,20.00,0.00,usd,false,0,0,Failed,c@example.org,cus_c,Donation',
      'ch_d,2025-03-04 12:00:00,40.00,10.00,usd,true,40.00,1.46,Paid,a@example.org,cus_a,Subscription update',
    ].join('\n')
    const result = parseDonationText(modern)
    expect(result.format).toBe('stripe')
    expect(result.donations.map((d) => [d.externalId, d.amount, d.fees, d.net, d.refunded, d.recurring])).toEqual([
      ['ch_a', 5000, 175, 4825, false, false],
      ['ch_b', 2000, 88, 1912, true, false],
      ['ch_d', 3000, 146, 2854, false, true],
    ])
    expect(result.skipped).toEqual([{ line: 4, reason: 'not paid (Failed)' }])
    const older = 'id,Created (UTC),Amount,Amount Refunded,Currency,Fee,Status\nch_x,03/01/2025 12:34,12.50,0,eur,0.50,Paid\n'
    const r2 = parseDonationText(older)
    expect(r2.donations[0]).toMatchObject({ amount: 1250, currency: 'EUR', fees: 50 })
    expect(r2.donations[0].receivedAt.toISOString()).toBe('2025-03-01T12:34:00.000Z')
  })

  // Stripe takes its fee in the balance currency: "Fee" and "Converted Amount" are USD here,
  // "Amount" and "Amount Refunded" EUR (the charge's currency).
  test('Stripe: a EUR charge on a USD account is recorded in USD, with its fee in USD; a partial refund', () => {
    const csv = [
      'id,Created date (UTC),Amount,Amount Refunded,Currency,Converted Amount,Converted Amount Refunded,Fee,Converted Currency,Status,Customer ID',
      'ch_eur,2025-03-01 12:00:00,50.00,0.00,eur,54.20,0.00,1.87,usd,Paid,cus_a',
      'ch_part,2025-03-02 12:00:00,40.00,10.00,eur,43.36,10.84,1.56,usd,Paid,cus_b',
      'ch_usd,2025-03-03 12:00:00,20.00,0.00,usd,20.00,0.00,0.88,usd,Paid,cus_c',
    ].join('\n')
    const result = parseDonationText(csv)
    expect(result.errors).toEqual([])
    expect(result.donations.map((d) => [d.externalId, d.currency, d.amount, d.fees, d.net])).toEqual([
      ['ch_eur', 'USD', 5420, 187, 5233], // 54.20 − 1.87 = 52.33
      ['ch_part', 'USD', 3252, 156, 3096], // 43.36 − 10.84 refunded = 32.52; − 1.56 fee = 30.96
      ['ch_usd', 'USD', 2000, 88, 1912],
    ])
    expect(result.donations[0].description).toBe('charged 50.00 EUR')
    // Without "Converted Amount Refunded", the refund is taken in proportion: 43.36 × 10/40 = 10.84
    const older = csv.replace(',Converted Amount Refunded', '').replace(/,(0\.00|10\.84),(1\.87|1\.56|0\.88)/g, ',$2')
    expect(parseDonationText(older).donations[1]).toMatchObject({ amount: 3252, fees: 156, currency: 'USD' })
  })

  test('a generic CSV with a column mapping (NumFOCUS statement); ids from content are stable', () => {
    const csv = 'Date,Donor,Gross,Fee,Memo\n15/01/2025,Acme Corp,"1,000.00",30.00,grant\n20/01/2025,,abc,0,\n,,,,\n'
    const mapping = {
      source: 'numfocus' as const,
      date: 'Date',
      dateFormat: 'dd/MM/yyyy',
      amount: 'Gross',
      currency: 'USD',
      fees: 'Fee',
      donorName: 'Donor',
      description: 'Memo',
    }
    const a = parseDonationText(csv, { format: 'generic', mapping })
    const b = parseDonationText(csv, { format: 'generic', mapping })
    expect(a.donations).toHaveLength(1)
    expect(a.donations[0]).toMatchObject({ source: 'numfocus', amount: 100000, fees: 3000, net: 97000, currency: 'USD' })
    expect(a.donations[0].externalId).toBe(b.donations[0].externalId)
    expect(a.errors).toEqual([{ line: 3, reason: expect.stringMatching(/Gross/) }])
    expect(a.skipped).toEqual([{ line: 4, reason: 'empty row' }])
  })
})

describe('bad files are refused with a clear message', () => {
  const refuse = (bytes: Uint8Array, message: RegExp, options = {}) => {
    expect(() => parseDonationFile(bytes, options)).toThrow(ImportFileError)
    expect(() => parseDonationFile(bytes, options)).toThrow(message)
  }
  const enc = (s: string) => new TextEncoder().encode(s)

  test('empty, blank, non-UTF-8, oversized, unknown', () => {
    refuse(new Uint8Array(), /empty/)
    refuse(enc('\n\n  \n'), /empty/)
    refuse(Uint8Array.from([0x22, 0x4e, 0x61, 0x6d, 0xe9, 0x22, 0x0a]), /not UTF-8/)
    refuse(new Uint8Array(50 * 1024 * 1024 + 1), /50 MB/)
    refuse(enc('foo,bar\n1,2\n'), /Unknown format/)
  })

  test('missing columns for the chosen format', () => {
    refuse(enc('Date,Time,Name\n01/01/2025,10:00:00,X\n'), /"Gross".*missing/, { format: 'paypal' })
    refuse(enc('"datetime","shortId","shortGroup","type","kind"\n'), /"amount", "currency" are missing/, { format: 'opencollective' })
  })

  test('bad dates and amounts are row errors with their line numbers', () => {
    const text = fixture('paypal-activity.csv').toString('utf8').replace('"04/10/2025"', '"31/31/2025"').replace('"100.00"', '"1OO.00"')
    const result = parseDonationText(text)
    expect(result.errors).toEqual([
      { line: 3, reason: expect.stringMatching(/not a valid date/) },
      { line: 4, reason: expect.stringMatching(/Gross: "1OO.00" is not an amount/) },
    ])
    expect(result.donations).toHaveLength(3)
  })

  test('detection reads the header only', () => {
    expect(detectFormat(fixture('opencollective-transactions.csv').toString('utf8'))).toBe('opencollective')
    expect(detectFormat(fixture('github-sponsors.csv').toString('utf8'))).toBe('github_sponsors_csv')
    expect(detectFormat('\uFEFF' + fixture('paypal-activity.csv').toString('utf8'))).toBe('paypal')
  })
})

describe('dates', () => {
  test('the fast date parser agrees with luxon on every format exports use', async () => {
    const { dateTime } = await import('./csv.ts')
    const formats = ['yyyy-MM-dd HH:mm:ss ZZZ', 'yyyy-MM-dd HH:mm:ss', 'MM/dd/yyyy HH:mm:ss', 'M/d/yyyy H:mm', 'dd/MM/yyyy', 'iso']
    const zones = ['UTC', 'UTC-7', 'UTC+5:30', 'Europe/Berlin', 'America/New_York']
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }),
        fc.constantFrom(...formats),
        fc.constantFrom(...zones),
        (date, format, zone) => {
          const local = DateTime.fromJSDate(date, { zone }).startOf('second')
          const text = format === 'iso' ? local.toISO({ suppressMilliseconds: true })! : local.toFormat(format)
          const expectedDate =
            format === 'iso' ? DateTime.fromISO(text, { setZone: true }) : DateTime.fromFormat(text, format, { zone, setZone: true })
          expect(dateTime(text, [format], zone).toISOString()).toBe(expectedDate.toJSDate().toISOString())
        },
      ),
    )
    expect(() => dateTime('2025-02-30 10:00:00', ['yyyy-MM-dd HH:mm:ss'], 'UTC')).toThrow(/not a valid date/)
    expect(() => dateTime('13/01/2025', ['MM/dd/yyyy'], 'UTC')).toThrow(/not a valid date/)
  })
})
