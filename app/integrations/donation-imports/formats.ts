import type { ImportFormat } from '#db/schema/fundraising.ts'

export const FORMAT_LABELS: Record<ImportFormat, string> = {
  opencollective: 'Open Collective transactions',
  github_sponsors_csv: 'GitHub Sponsors (CSV)',
  github_sponsors_json: 'GitHub Sponsors (JSON)',
  paypal: 'PayPal activity download',
  stripe: 'Stripe payments export',
  generic: 'Other CSV with a column mapping',
}
