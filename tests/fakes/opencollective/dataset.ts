// The ledger the Open Collective stand-in serves, built the way opencollective-api writes it
// (@e3f35f58): every amount in "cents" (hundredths, even for JPY), fees negative and in the host's
// currency, one group per contribution with its HOST_FEE (and, when the host separates them, its
// PAYMENT_PROCESSOR_FEE) transaction beside it, and a refund as a new group whose main transaction is
// a DEBIT with the negated amount, linked both ways to the original.
//
// Only the collective's side of each double entry is kept (rows whose CollectiveId is a collective
// we serve): the stand-in answers `transactions(account: …)`, which reads exactly that side.
//
// Small hand-made sets come from the builder; generateOpenCollectiveDataset() makes a large seeded
// one for benchmarks. No application module is imported here.

export type FakeAccountType = 'INDIVIDUAL' | 'ORGANIZATION' | 'COLLECTIVE'
export type FakeKind =
  | 'CONTRIBUTION'
  | 'ADDED_FUNDS'
  | 'HOST_FEE'
  | 'PAYMENT_PROCESSOR_FEE'
  | 'PAYMENT_PROCESSOR_COVER'
  | 'PAYMENT_PROCESSOR_DISPUTE_FEE'
  | 'PLATFORM_TIP'
  | 'TAX'
  | 'EXPENSE'
export type FakeFrequency = 'ONETIME' | 'MONTHLY' | 'YEARLY'

export interface FakeAccount {
  /** the public account id */
  id: string
  slug: string
  name: string
  type: FakeAccountType
  isIncognito: boolean
  email: string | null
  currency: string
  /** a project or event belongs to its parent collective */
  parentSlug?: string
}

export interface FakeTransaction {
  /** the API's `id`: the row's uuid */
  id: string
  /** the API's `legacyId`: the row's database id */
  legacyId: number
  publicId: string
  group: string
  type: 'CREDIT' | 'DEBIT'
  kind: FakeKind
  /** the ledger this row belongs to (CollectiveId) */
  accountSlug: string
  /** the other side (FromCollectiveId on a CREDIT) */
  oppositeSlug: string
  description: string
  createdAt: string
  clearedAt: string | null
  currency: string
  amount: number
  hostCurrency: string
  hostCurrencyFxRate: number
  amountInHostCurrency: number
  paymentProcessorFeeInHostCurrency: number
  hostFeeInHostCurrency: number
  platformFeeInHostCurrency: number
  taxAmount: number | null
  netAmountInCollectiveCurrency: number
  isRefund: boolean
  refundKind: string | null
  /** legacyId of the linked refund / original */
  refundTransactionId: number | null
  orderId: string | null
}

export interface FakeOrder {
  id: string
  frequency: FakeFrequency
}

export interface FakeOpenCollectiveData {
  accounts: Map<string, FakeAccount>
  transactions: FakeTransaction[]
  orders: Map<string, FakeOrder>
}

/** mulberry32: small, fast, and the same numbers on every machine. */
export function seededRandom(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const HEX = '0123456789abcdef'
const ALNUM = '0123456789abcdefghijklmnopqrstuvwxyz'

export interface ContributionInput {
  /** ISO time; several contributions may share one instant */
  at: string
  donor: FakeAccount
  /** gross in cents of the collective's currency */
  amount: number
  kind?: 'CONTRIBUTION' | 'ADDED_FUNDS'
  frequency?: FakeFrequency
  /** cents, in the host's currency, as a positive cost */
  processorFee?: number
  hostFee?: number
  platformFee?: number
  /** record the processor fee as its own PAYMENT_PROCESSOR_FEE transaction (2024+ ledgers) */
  separateProcessorFee?: boolean
  /** to a project or event of the collective instead */
  toSlug?: string
}

export class FakeOpenCollectiveDataset implements FakeOpenCollectiveData {
  readonly accounts = new Map<string, FakeAccount>()
  readonly transactions: FakeTransaction[] = []
  readonly orders = new Map<string, FakeOrder>()
  private readonly hosting = new Map<string, { currency: string; fxRate: number }>()
  private readonly groups = new Map<string, FakeTransaction[]>()
  private readonly random: () => number
  private nextLegacyId = 400_001
  private nextOrder = 90_001

  constructor(seed = 1) {
    this.random = seededRandom(seed)
  }

  private chars(alphabet: string, n: number) {
    let s = ''
    for (let i = 0; i < n; i += 1) s += alphabet[Math.floor(this.random() * alphabet.length)]
    return s
  }

  uuid() {
    const h = (n: number) => this.chars(HEX, n)
    return `${h(8)}-${h(4)}-4${h(3)}-${'89ab'[Math.floor(this.random() * 4)]}${h(3)}-${h(12)}`
  }

  private account(slug: string, name: string, type: FakeAccountType, extra: Partial<FakeAccount> = {}) {
    const account: FakeAccount = {
      id: `${this.chars(ALNUM, 8)}-${this.chars(ALNUM, 8)}-${this.chars(ALNUM, 8)}-${this.chars(ALNUM, 8)}`,
      slug,
      name,
      type,
      isIncognito: false,
      email: null,
      currency: 'USD',
      ...extra,
    }
    this.accounts.set(slug, account)
    return account
  }

  /** A collective (`hostCurrency` differs from `currency` when the host keeps its books in another one). */
  collective(
    slug: string,
    options: { name?: string; currency?: string; hostCurrency?: string; hostCurrencyFxRate?: number; parentSlug?: string } = {},
  ) {
    const account = this.account(slug, options.name ?? slug, 'COLLECTIVE', {
      currency: options.currency ?? 'USD',
      parentSlug: options.parentSlug,
    })
    this.hosting.set(slug, { currency: options.hostCurrency ?? account.currency, fxRate: options.hostCurrencyFxRate ?? 1 })
    return account
  }

  person(slug: string, name: string, email: string | null = null) {
    return this.account(slug, name, 'INDIVIDUAL', { email })
  }

  organisation(slug: string, name: string) {
    return this.account(slug, name, 'ORGANIZATION')
  }

  /** An incognito profile: name "Incognito", slug incognito-<8 hex> (models/Collective.ts 429–441, 927–938). */
  incognito() {
    return this.account(`incognito-${this.chars(HEX, 8)}`, 'Incognito', 'INDIVIDUAL', { isIncognito: true })
  }

  private row(values: Omit<FakeTransaction, 'id' | 'legacyId' | 'publicId'>): FakeTransaction {
    // One fixed shape for every row (spreading ~25 properties made slow dictionary-mode objects).
    const row: FakeTransaction = {
      id: this.uuid(),
      legacyId: this.nextLegacyId++,
      publicId: `tx_${this.chars(ALNUM, 16)}`,
      group: values.group,
      type: values.type,
      kind: values.kind,
      accountSlug: values.accountSlug,
      oppositeSlug: values.oppositeSlug,
      description: values.description,
      createdAt: values.createdAt,
      clearedAt: values.clearedAt,
      currency: values.currency,
      amount: values.amount,
      hostCurrency: values.hostCurrency,
      hostCurrencyFxRate: values.hostCurrencyFxRate,
      amountInHostCurrency: values.amountInHostCurrency,
      paymentProcessorFeeInHostCurrency: values.paymentProcessorFeeInHostCurrency,
      hostFeeInHostCurrency: values.hostFeeInHostCurrency,
      platformFeeInHostCurrency: values.platformFeeInHostCurrency,
      taxAmount: values.taxAmount,
      netAmountInCollectiveCurrency: values.netAmountInCollectiveCurrency,
      isRefund: values.isRefund,
      refundKind: values.refundKind,
      refundTransactionId: values.refundTransactionId,
      orderId: values.orderId,
    }
    this.transactions.push(row)
    const group = this.groups.get(row.group)
    if (group) group.push(row)
    else this.groups.set(row.group, [row])
    return row
  }

  /** A contribution: the CREDIT on the collective and its fee transactions in the same group. */
  contribute(collectiveSlug: string, input: ContributionInput): FakeTransaction {
    const slug = input.toSlug ?? collectiveSlug
    const collective = this.accounts.get(slug)
    const host = this.hosting.get(slug) ?? this.hosting.get(collectiveSlug)
    if (!collective || !host) throw new Error(`no collective ${slug}`)
    const group = this.uuid()
    const fx = host.fxRate
    const inHost = (cents: number) => Math.round(cents * fx)
    const toCollective = (hostCents: number) => Math.round(hostCents / fx)
    const processorFee = input.processorFee ?? 0
    const hostFee = input.hostFee ?? 0
    const platformFee = input.platformFee ?? 0
    let orderId: string | null = null
    if (input.frequency || (input.kind ?? 'CONTRIBUTION') === 'CONTRIBUTION') {
      orderId = `or_${this.nextOrder++}`
      this.orders.set(orderId, { id: orderId, frequency: input.frequency ?? 'ONETIME' })
    }
    const common = {
      group,
      accountSlug: slug,
      createdAt: input.at,
      clearedAt: input.at,
      currency: collective.currency,
      hostCurrency: host.currency,
      hostCurrencyFxRate: fx,
      taxAmount: null,
      isRefund: false,
      refundKind: null,
      refundTransactionId: null,
      orderId,
    }
    // The fee moved to its own transaction is zero on the contribution (Transaction.ts 1003–1005, 1080–1082).
    const ownProcessorFee = input.separateProcessorFee ? 0 : -processorFee
    const main = this.row({
      ...common,
      type: 'CREDIT',
      kind: input.kind ?? 'CONTRIBUTION',
      oppositeSlug: input.donor.slug,
      description: `${input.frequency && input.frequency !== 'ONETIME' ? 'Recurring contribution' : 'Contribution'} from ${input.donor.name}`,
      amount: input.amount,
      amountInHostCurrency: inHost(input.amount),
      paymentProcessorFeeInHostCurrency: ownProcessorFee,
      hostFeeInHostCurrency: 0,
      platformFeeInHostCurrency: -platformFee,
      netAmountInCollectiveCurrency: toCollective(inHost(input.amount) + ownProcessorFee - platformFee),
    })
    if (hostFee) {
      this.row({
        ...common,
        type: 'DEBIT',
        kind: 'HOST_FEE',
        oppositeSlug: 'host',
        description: 'Host Fee',
        amount: -toCollective(hostFee),
        amountInHostCurrency: -hostFee,
        paymentProcessorFeeInHostCurrency: 0,
        hostFeeInHostCurrency: 0,
        platformFeeInHostCurrency: 0,
        netAmountInCollectiveCurrency: -toCollective(hostFee),
      })
    }
    if (processorFee && input.separateProcessorFee) {
      this.row({
        ...common,
        type: 'DEBIT',
        kind: 'PAYMENT_PROCESSOR_FEE',
        oppositeSlug: 'stripe',
        description: 'Stripe payment processor fee',
        amount: -toCollective(processorFee),
        amountInHostCurrency: -processorFee,
        paymentProcessorFeeInHostCurrency: 0,
        hostFeeInHostCurrency: 0,
        platformFeeInHostCurrency: 0,
        netAmountInCollectiveCurrency: -toCollective(processorFee),
      })
    }
    return main
  }

  /**
   * Refunds a contribution at `at`: a new group with the DEBIT (negated amount, no processor fee
   * returned) and the host fee given back, linked to the originals (payments.ts 309–398, 895–959).
   * With `coverProcessorFee`, the host gives the collective the processor fee the processor kept:
   * a PAYMENT_PROCESSOR_COVER CREDIT, isRefund, in the refund's group
   * (payments.ts refundPaymentProcessorFeeToCollective).
   */
  refund(original: FakeTransaction, at: string, refundKind = 'REFUND', options: { coverProcessorFee?: boolean } = {}): FakeTransaction {
    if (original.refundTransactionId !== null) throw new Error(`transaction ${original.legacyId} was already refunded`)
    const group = this.uuid()
    const base = {
      group,
      accountSlug: original.accountSlug,
      createdAt: at,
      clearedAt: at,
      currency: original.currency,
      hostCurrency: original.hostCurrency,
      hostCurrencyFxRate: original.hostCurrencyFxRate,
      taxAmount: null,
      isRefund: true,
      refundKind,
      orderId: original.orderId,
    }
    const hostFeeRow = (this.groups.get(original.group) ?? []).find(
      (t) => t.group === original.group && t.kind === 'HOST_FEE' && t.accountSlug === original.accountSlug && !t.isRefund,
    )
    if (hostFeeRow) {
      const back = this.row({
        ...base,
        type: 'CREDIT',
        kind: 'HOST_FEE',
        oppositeSlug: hostFeeRow.oppositeSlug,
        description: `Refund of "${hostFeeRow.description}"`,
        amount: -hostFeeRow.amount,
        amountInHostCurrency: -hostFeeRow.amountInHostCurrency,
        paymentProcessorFeeInHostCurrency: 0,
        hostFeeInHostCurrency: 0,
        platformFeeInHostCurrency: 0,
        netAmountInCollectiveCurrency: -hostFeeRow.netAmountInCollectiveCurrency,
        refundTransactionId: hostFeeRow.legacyId,
      })
      hostFeeRow.refundTransactionId = back.legacyId
      hostFeeRow.refundKind = refundKind
    }
    const platformFee = -original.platformFeeInHostCurrency
    const refund = this.row({
      ...base,
      type: 'DEBIT',
      kind: original.kind,
      oppositeSlug: original.oppositeSlug,
      description: `Refund of "${original.description}"`,
      amount: -original.amount,
      amountInHostCurrency: -original.amountInHostCurrency,
      paymentProcessorFeeInHostCurrency: 0,
      hostFeeInHostCurrency: 0,
      platformFeeInHostCurrency: platformFee,
      netAmountInCollectiveCurrency: Math.round((-original.amountInHostCurrency + platformFee) / original.hostCurrencyFxRate),
      refundTransactionId: original.legacyId,
    })
    original.refundTransactionId = refund.legacyId
    original.refundKind = refundKind
    const processorFee =
      -original.paymentProcessorFeeInHostCurrency ||
      -((this.groups.get(original.group) ?? []).find((t) => t.kind === 'PAYMENT_PROCESSOR_FEE')?.amountInHostCurrency ?? 0)
    if (options.coverProcessorFee && processorFee) {
      this.row({
        ...base,
        refundTransactionId: null,
        type: 'CREDIT',
        kind: 'PAYMENT_PROCESSOR_COVER',
        oppositeSlug: 'host',
        description: 'Cover of payment processor fee for refund',
        amount: Math.round(processorFee / original.hostCurrencyFxRate),
        amountInHostCurrency: processorFee,
        paymentProcessorFeeInHostCurrency: 0,
        hostFeeInHostCurrency: 0,
        platformFeeInHostCurrency: 0,
        netAmountInCollectiveCurrency: Math.round(processorFee / original.hostCurrencyFxRate),
      })
    }
    return refund
  }

  /**
   * The processor's fee for a dispute lost on `original`: a DEBIT PAYMENT_PROCESSOR_DISPUTE_FEE on the
   * host's own ledger (stripe webhook chargeDisputeClosed), here a collective that is its own host.
   */
  disputeFee(original: FakeTransaction, at: string, cents: number): FakeTransaction {
    return this.row({
      group: original.group,
      accountSlug: original.accountSlug,
      createdAt: at,
      clearedAt: at,
      currency: original.currency,
      hostCurrency: original.hostCurrency,
      hostCurrencyFxRate: original.hostCurrencyFxRate,
      taxAmount: null,
      isRefund: false,
      refundKind: null,
      refundTransactionId: null,
      orderId: original.orderId,
      type: 'DEBIT',
      kind: 'PAYMENT_PROCESSOR_DISPUTE_FEE',
      oppositeSlug: original.accountSlug,
      description: 'Stripe Transaction Dispute Fee',
      amount: -Math.round(cents / original.hostCurrencyFxRate),
      amountInHostCurrency: -cents,
      paymentProcessorFeeInHostCurrency: 0,
      hostFeeInHostCurrency: 0,
      platformFeeInHostCurrency: 0,
      netAmountInCollectiveCurrency: -Math.round(cents / original.hostCurrencyFxRate),
    })
  }
}

export interface GenerateOptions {
  seed?: number
  /** CONTRIBUTION and ADDED_FUNDS rows of the main collective, refunds included */
  transactions?: number
  slug?: string
  /** first contribution */
  start?: string
}

/**
 * A large deterministic ledger for benchmarks: the main collective (USD) with `transactions`
 * contribution rows over several years — monthly and yearly orders, about 2% refunded, 5%
 * incognito donors, some added funds, a few contributions sharing one instant — and two small ones
 * in EUR (hosted in USD) and JPY.
 */
export function generateOpenCollectiveDataset(options: GenerateOptions = {}) {
  const data = new FakeOpenCollectiveDataset(options.seed ?? 42)
  const random = seededRandom((options.seed ?? 42) + 1)
  const slug = options.slug ?? 'steward-demo'
  const total = options.transactions ?? 50_000
  data.collective(slug, { name: 'Steward Demo', currency: 'USD' })
  data.collective('steward-eu', { name: 'Steward Europe', currency: 'EUR', hostCurrency: 'USD', hostCurrencyFxRate: 1.085 })
  data.collective('steward-jp', { name: 'Steward Japan', currency: 'JPY' })

  const donors: FakeAccount[] = []
  for (let i = 0; i < Math.max(20, Math.round(total / 8)); i += 1) {
    const r = random()
    donors.push(
      r < 0.05
        ? data.incognito()
        : r < 0.15
          ? data.organisation(`org-${i}`, `Organisation ${i}`)
          : data.person(`donor-${i}`, `Donor ${i}`, `donor-${i}@example.org`),
    )
  }
  let time = Date.parse(options.start ?? '2019-01-01T00:00:00.000Z')
  const span = Date.parse('2026-10-01T00:00:00.000Z') - time
  const step = span / total
  const refundable: FakeTransaction[] = []
  let rows = 0
  while (rows < total) {
    // One in twenty shares the previous contribution's instant, to the millisecond.
    if (random() >= 0.05) time += Math.max(1, Math.round(step * (0.5 + random())))
    const at = new Date(time).toISOString()
    if (refundable.length > 0 && random() < 0.02) {
      const index = Math.floor(random() * refundable.length)
      const [original] = refundable.splice(index, 1)
      data.refund(original, at)
      rows += 1
      continue
    }
    const amount = [500, 1000, 2500, 5000, 10000, 25000][Math.floor(random() * 6)]
    const added = random() < 0.03
    const r = random()
    const frequency: FakeFrequency = r < 0.3 ? 'MONTHLY' : r < 0.35 ? 'YEARLY' : 'ONETIME'
    const main = data.contribute(slug, {
      at,
      donor: donors[Math.floor(random() * donors.length)],
      amount,
      kind: added ? 'ADDED_FUNDS' : 'CONTRIBUTION',
      frequency: added ? undefined : frequency,
      processorFee: added ? 0 : Math.round(amount * 0.029) + 30,
      hostFee: Math.round(amount * 0.1),
      separateProcessorFee: time >= Date.parse('2024-01-01T00:00:00.000Z'),
    })
    if (!added) refundable.push(main)
    rows += 1
  }
  const eu = data.person('eu-donor', 'Eva Europa')
  data.contribute('steward-eu', { at: '2025-03-03T10:00:00.000Z', donor: eu, amount: 5000, processorFee: 175, hostFee: 543 })
  const jp = data.person('jp-donor', 'Jun Tanaka')
  data.contribute('steward-jp', { at: '2025-03-04T01:00:00.000Z', donor: jp, amount: 150000, processorFee: 5400, hostFee: 15000 })
  return data
}
