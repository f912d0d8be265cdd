// The GraphQL document Steward sends to Open Collective's API v2, and the shape of its answer.
//
// Facts from opencollective/opencollective-api @e3f35f58 (see tests/fakes/opencollective/schema.graphql):
// - `transactions` pages by offset/limit only (no cursor). Its description says "max 1000"; the
//   resolver refuses more than 10,000 (TransactionsCollectionQuery.ts 265). We ask for 1,000, the
//   documented maximum: anonymous callers get 10 requests a minute (server/routes.ts 113–117), so
//   each request should carry as much as the documented contract allows — 50,000 transactions are
//   50 requests, where the default 100 would take 500.
// - `dateFrom` keeps transactions created at or after it (`createdAt >= dateFrom`, 591–593), and
//   with the default ledger setting the order is `createdAt` then the internal id (766–776), so
//   ties on `createdAt` come back in a stable order: what the resume point relies on.
// - Host fees (and, where the host separates them, payment processor fees) are separate HOST_FEE /
//   PAYMENT_PROCESSOR_FEE transactions in the contribution's group; `fetchHostFee` and
//   `fetchPaymentProcessorFee` fold them back into the contribution (interface/Transaction.js 400–425,
//   loaders/transactions.ts 8–92), so asking only for CONTRIBUTION and ADDED_FUNDS loses no fee.
// - Fees come in the host's currency, `amount` and `netAmount` in the transaction's (the collective's).
export const OPENCOLLECTIVE_PAGE_SIZE = 1000
/** The documented maximum of `limit`. */
export const OPENCOLLECTIVE_MAX_PAGE_SIZE = 1000

const AMOUNT = /* GraphQL */ `
  {
    valueInCents
    currency
  }
`

export const TRANSACTIONS_QUERY = /* GraphQL */ `
  query StewardTransactions(
    $account: [AccountReferenceInput!]
    $dateFrom: DateTime
    $limit: Int!
    $offset: Int!
    $includeChildrenTransactions: Boolean!
  ) {
    transactions(
      account: $account
      kind: [CONTRIBUTION, ADDED_FUNDS]
      dateFrom: $dateFrom
      orderBy: { field: CREATED_AT, direction: ASC }
      limit: $limit
      offset: $offset
      includeChildrenTransactions: $includeChildrenTransactions
    ) {
      offset
      limit
      totalCount
      nodes {
        id
        legacyId
        publicId
        group
        type
        kind
        refundKind
        description
        createdAt
        clearedAt
        amount ${AMOUNT}
        amountInHostCurrency ${AMOUNT}
        hostCurrencyFxRate
        netAmount(fetchHostFee: true, fetchPaymentProcessorFee: true, fetchTax: true) ${AMOUNT}
        paymentProcessorFee(fetchPaymentProcessorFee: true) ${AMOUNT}
        hostFee(fetchHostFee: true) ${AMOUNT}
        platformFee ${AMOUNT}
        taxAmount(fetchTax: true) ${AMOUNT}
        oppositeAccount {
          slug
          name
          type
          isIncognito
        }
        order {
          id
          frequency
        }
        isRefund
        isRefunded
        refundTransaction {
          id
          legacyId
        }
      }
    }
  }
`

// The answer's shape is checked by TransactionsAnswerSchema in normalize.ts.
