// Reads a collective's contributions incrementally, a page at a time, as plain donations. The caller
// stores each page together with its resume point (one database transaction) and passes the stored
// point back next time.
import { OpenCollectiveError, type OpenCollectiveClient } from './client.server.ts'
import { normalizeTransaction, OpenCollectiveDataError, type OpenCollectiveDonation, TransactionsAnswerSchema } from './normalize.ts'
import { OPENCOLLECTIVE_MAX_PAGE_SIZE, OPENCOLLECTIVE_PAGE_SIZE, TRANSACTIONS_QUERY } from './queries.ts'
import { advanceResumePoint, OPENCOLLECTIVE_START, type OpenCollectiveResumePoint, ResumeOrderError } from './resume.ts'

export interface ReadOpenCollectiveOptions {
  /** the collective's slug (opencollective.com/<slug>) */
  slug: string
  /** where the last read stopped; default the beginning */
  resume?: OpenCollectiveResumePoint
  /** default and at most 1,000 (the documented maximum) */
  pageSize?: number
  /** also the transactions of its projects and events */
  includeChildrenTransactions?: boolean
}

export interface OpenCollectivePage {
  donations: OpenCollectiveDonation[]
  /** store this with the page: the next read starts here */
  resume: OpenCollectiveResumePoint
  /** transactions still to read after this page */
  remaining: number
  /** no further page in this read */
  done: boolean
  /**
   * Transactions of other kinds the answer carried although the query asks for CONTRIBUTION and
   * ADDED_FUNDS only (a mirror that ignores the filter): a host's PAYMENT_PROCESSOR_COVER of a
   * refund's processor fee, a PAYMENT_PROCESSOR_DISPUTE_FEE, fee rows… None is a donation, and the
   * fees of a contribution come folded into it (fetchPaymentProcessorFee and the like): left out.
   */
  ignored: number
}

const DONATION_KINDS = new Set(['CONTRIBUTION', 'ADDED_FUNDS'])

/** Contributions and added funds (and their refunds) created since `resume`, oldest first. */
export async function* readOpenCollectiveDonations(
  client: OpenCollectiveClient,
  options: ReadOpenCollectiveOptions,
): AsyncGenerator<OpenCollectivePage> {
  const slug = options.slug.trim().toLowerCase()
  const limit = Math.min(OPENCOLLECTIVE_MAX_PAGE_SIZE, Math.max(1, options.pageSize ?? OPENCOLLECTIVE_PAGE_SIZE))
  let point = options.resume ?? OPENCOLLECTIVE_START
  for (;;) {
    let answer: unknown
    try {
      answer = await client.query(TRANSACTIONS_QUERY, {
        account: [{ slug }],
        dateFrom: point.watermark,
        limit,
        offset: point.offset,
        includeChildrenTransactions: options.includeChildrenTransactions ?? false,
      })
    } catch (error) {
      if (error instanceof OpenCollectiveError && error.kind === 'not-found') {
        throw new OpenCollectiveError('not-found', `There is no collective named "${slug}" on Open Collective.`, error.details)
      }
      throw error
    }
    const parsed = TransactionsAnswerSchema.safeParse(answer)
    if (!parsed.success) {
      throw new OpenCollectiveError(
        'data',
        `Open Collective answered in an unexpected shape: ${parsed.error.issues[0]?.message ?? 'unknown'}.`,
      )
    }
    const { nodes, totalCount } = parsed.data.transactions
    let donations: OpenCollectiveDonation[]
    let next: OpenCollectiveResumePoint
    try {
      donations = nodes.filter((n) => n.kind && DONATION_KINDS.has(n.kind)).map(normalizeTransaction)
      next = advanceResumePoint(
        point,
        nodes.map((n) => n.createdAt),
      )
    } catch (error) {
      if (error instanceof OpenCollectiveDataError || error instanceof ResumeOrderError)
        throw new OpenCollectiveError('data', error.message)
      throw error
    }
    const done = nodes.length < limit
    yield {
      donations,
      resume: next,
      remaining: Math.max(0, (totalCount ?? 0) - point.offset - nodes.length),
      done,
      ignored: nodes.length - donations.length,
    }
    if (done) return
    point = next
  }
}
