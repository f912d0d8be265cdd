import { describe, expect, it } from 'vitest'
import { minorUnits, normalizeTransaction, type TransactionNode } from './normalize.ts'

const usd = (valueInCents: number | null) => ({ valueInCents, currency: 'USD' })

function node(overrides: Partial<TransactionNode> = {}): TransactionNode {
  return {
    id: '587fd280-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    legacyId: 400_001,
    publicId: 'tx_abcdefgh12345678',
    group: '3bab6c39-aaaa-4bbb-8ccc-dddddddddddd',
    type: 'CREDIT',
    kind: 'CONTRIBUTION',
    refundKind: null,
    description: 'Contribution from Tam Arden',
    createdAt: '2025-12-31T17:40:15.123Z',
    clearedAt: '2025-12-31T17:40:15.123Z',
    amount: usd(5000),
    amountInHostCurrency: usd(5000),
    hostCurrencyFxRate: 1,
    // 5000 − 175 processor − 500 host
    netAmount: usd(4325),
    paymentProcessorFee: usd(-175),
    hostFee: usd(-500),
    platformFee: usd(0),
    taxAmount: usd(null),
    oppositeAccount: { slug: 'tam-arden', name: 'Tam Arden', type: 'INDIVIDUAL', isIncognito: false },
    order: { id: 'or_1', frequency: 'ONETIME' },
    isRefund: false,
    isRefunded: false,
    refundTransaction: null,
    ...overrides,
  }
}

describe('normalizeTransaction', () => {
  it('turns a card contribution into gross, fees and net in cents', () => {
    const d = normalizeTransaction(node())
    // gross 50.00; fees 1.75 processor + 5.00 host = 6.75; net 50.00 − 6.75 = 43.25
    expect(d).toMatchObject({ amount: 5000, fees: 675, net: 4325, currency: 'USD', type: 'CREDIT', kind: 'CONTRIBUTION' })
    expect(d.feeBreakdown).toEqual({ paymentProcessor: 175, host: 500, platform: 0, tax: 0 })
    expect(d.donor).toEqual({
      key: 'tam-arden',
      name: 'Tam Arden',
      email: null,
      kind: 'person',
      accountType: 'INDIVIDUAL',
      anonymous: false,
    })
    expect(d.createdAt.toISOString()).toBe('2025-12-31T17:40:15.123Z')
    expect(d.recurring).toBe(false)
  })

  it('keeps a refund as a negative DEBIT that gives the host fee back and names its original', () => {
    const d = normalizeTransaction(
      node({
        id: 'b0b0b0b0-0000-4000-8000-000000000000',
        legacyId: 400_010,
        group: 'c1c1c1c1-0000-4000-8000-000000000000',
        type: 'DEBIT',
        refundKind: 'REFUND',
        amount: usd(-5000),
        amountInHostCurrency: usd(-5000),
        // −5000 + 500 host fee returned; the processor keeps its 175
        netAmount: usd(-4500),
        paymentProcessorFee: usd(0),
        hostFee: usd(500),
        isRefund: true,
        refundTransaction: { id: '587fd280-1c2d-4e5f-8a9b-0c1d2e3f4a5b', legacyId: 400_001 },
      }),
    )
    // fees −5000 − (−4500) = −500: money coming back
    expect(d).toMatchObject({ amount: -5000, net: -4500, fees: -500, isRefund: true, isRefunded: false, refundKind: 'REFUND' })
    expect(d.feeBreakdown).toEqual({ paymentProcessor: 0, host: -500, platform: 0, tax: 0 })
    expect(d.refundTransaction).toEqual({ id: '587fd280-1c2d-4e5f-8a9b-0c1d2e3f4a5b', legacyId: 400_001 })
  })

  it('makes an incognito donor anonymous and never invents an e-mail', () => {
    const d = normalizeTransaction(
      node({ oppositeAccount: { slug: 'incognito-8c2b1f3a', name: 'Incognito', type: 'INDIVIDUAL', isIncognito: true } }),
    )
    expect(d.donor).toEqual({
      key: 'incognito-8c2b1f3a',
      name: null,
      email: null,
      kind: 'person',
      accountType: 'INDIVIDUAL',
      anonymous: true,
    })
  })

  it('counts monthly and yearly orders as recurring, one-time and order-less ones not', () => {
    expect(normalizeTransaction(node({ order: { id: 'or_2', frequency: 'MONTHLY' } })).recurring).toBe(true)
    expect(normalizeTransaction(node({ order: { id: 'or_3', frequency: 'YEARLY' } })).recurring).toBe(true)
    expect(normalizeTransaction(node({ order: null, kind: 'ADDED_FUNDS' })).recurring).toBe(false)
  })

  it('converts fees kept in the host currency to the collective currency', () => {
    const eur = (valueInCents: number) => ({ valueInCents, currency: 'EUR' })
    const d = normalizeTransaction(
      node({
        amount: eur(5000),
        amountInHostCurrency: usd(5425),
        hostCurrencyFxRate: 1.085,
        // (5425 − 190 − 543) / 1.085 = 4692 / 1.085 = 4324.4 → 4324
        netAmount: eur(4324),
        paymentProcessorFee: usd(-190),
        hostFee: usd(-543),
      }),
    )
    // 190 / 1.085 = 175.1 → 175; 543 / 1.085 = 500.5 → 500 (Math.round on 500.46)
    expect(d.feeBreakdown).toEqual({ paymentProcessor: 175, host: 500, platform: 0, tax: 0 })
    expect(d).toMatchObject({ currency: 'EUR', amount: 5000, net: 4324, fees: 676, hostAmount: { amount: 5425, currency: 'USD' } })
  })

  it("reads Open Collective's hundredths as ISO minor units", () => {
    expect(minorUnits(150_000, 'JPY')).toBe(1500)
    expect(minorUnits(1234, 'USD')).toBe(1234)
    expect(minorUnits(1234.0000001, 'EUR')).toBe(1234)
  })

  it('refuses a transaction that is not a contribution', () => {
    expect(() => normalizeTransaction(node({ kind: 'HOST_FEE' }))).toThrow(/HOST_FEE transaction, not a contribution/)
  })
})
