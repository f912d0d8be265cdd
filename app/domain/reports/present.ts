// How the report's numbers read, shared by the web page, the Markdown and the PDF so they agree.
// Plain text only: every character here also prints in the PDF's standard fonts (WinAnsi).
import type { Change, Headline, ReportDocument, SectionName, Unit } from './document.ts'

export const NO_DATA = '—'

/** Digits after the decimal point in a currency (JPY 0, USD 2, …). */
export function currencyDigits(currency: string) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  } catch {
    return 2
  }
}

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').replace(/\u2212/g, '-')

/** Minor units as "USD 1,234.50". */
export function formatMoney(minor: number, currency: string) {
  const digits = currencyDigits(currency)
  const major = minor / 10 ** digits
  const number = new Intl.NumberFormat('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Math.abs(major))
  return `${minor < 0 ? '-' : ''}${currency} ${number}`
}

export function formatValue(unit: Unit, value: number | null, currency?: string | null): string {
  if (value === null) return NO_DATA
  switch (unit) {
    case 'count':
      return plain(value.toLocaleString('en'))
    case 'hours':
      return `${plain(value.toLocaleString('en', { maximumFractionDigits: 1 }))} h`
    case 'ratio':
      return `${plain((value * 100).toLocaleString('en', { maximumFractionDigits: 1 }))}%`
    case 'money':
      return formatMoney(value, currency ?? 'USD')
  }
}

const signed = (n: number, text: string) => (n > 0 ? `+${text}` : n < 0 ? `-${text.replace(/^-/, '')}` : text)

/** "+3 (+12.5%)", "+4.2 pts" for ratios, "—" when it cannot be computed. */
export function formatChange(headline: Pick<Headline, 'unit' | 'currency'>, change: Change | null): string {
  if (!change) return NO_DATA
  const { absolute, relative } = change
  if (headline.unit === 'ratio')
    return `${signed(absolute, plain((Math.abs(absolute) * 100).toLocaleString('en', { maximumFractionDigits: 1 })))} pts`
  const abs = formatValue(headline.unit, Math.abs(absolute), headline.currency)
  const rel =
    relative === null
      ? ''
      : ` (${signed(relative, `${plain((Math.abs(relative) * 100).toLocaleString('en', { maximumFractionDigits: 1 }))}%`)})`
  return `${signed(absolute, abs)}${rel}`
}

/** Axis labels: short numbers (money in major units). */
export function formatAxis(unit: Unit, value: number, currency?: string | null) {
  const v = unit === 'money' ? value / 10 ** currencyDigits(currency ?? 'USD') : unit === 'ratio' ? value * 100 : value
  const text = plain(new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(v))
  return unit === 'ratio' ? `${text}%` : text
}

export interface DetailTable {
  section: SectionName
  title: string
  columns: string[]
  rows: string[][]
  /** what to say when there are no rows */
  empty: string
}

const count = (n: number | null) => formatValue('count', n)
const hours = (n: number | null) => formatValue('hours', n)

/** The tables below each section's headlines (everything but the charts). */
export function detailTables(doc: ReportDocument): DetailTable[] {
  const { communications: c, community: m, fundraising: f } = doc
  const money = (n: number, currency = f.reportingCurrency) => formatMoney(n, currency)
  const ttfr = m.timeToFirstResponseHours
  return [
    {
      section: 'communications',
      title: 'Posts published per channel',
      columns: ['Channel', 'Published'],
      rows: c.byChannel.map((ch) => [ch.name || ch.channel, count(ch.published)]),
      empty: 'No post was published this quarter.',
    },
    {
      section: 'communications',
      title: 'Campaigns',
      columns: ['Campaign', 'From', 'To', 'Posts published'],
      rows: c.campaigns.map((k) => [k.name, k.startsOn ?? NO_DATA, k.endsOn ?? NO_DATA, count(k.postsPublished)]),
      empty: 'No campaign ran this quarter.',
    },
    {
      section: 'community',
      title: 'Time to first response (hours)',
      columns: ['Kind', 'Median', '90th percentile', 'Responded', 'Still waiting'],
      rows: (
        [
          ['Issues', ttfr.issues],
          ['Pull requests', ttfr.pullRequests],
          ['Discussions', ttfr.discussions],
        ] as const
      ).map(([label, t]) => [label, hours(t.median), hours(t.p90), count(t.count), count(t.waiting)]),
      empty: '',
    },
    {
      section: 'community',
      title: 'Opened and closed',
      columns: ['', 'Opened', 'Closed'],
      rows: [
        ['Issues', count(m.openedClosed.issuesOpened), count(m.openedClosed.issuesClosed)],
        ['Pull requests', count(m.openedClosed.pullRequestsOpened), count(m.openedClosed.pullRequestsClosed)],
      ],
      empty: '',
    },
    {
      section: 'community',
      title: 'Internships',
      columns: ['Programme', 'Year', 'Intern', 'Project', 'Status'],
      rows: m.internships.map((i) => [i.programme, String(i.year), i.intern, i.project, i.status]),
      empty: 'No internship this quarter.',
    },
    {
      section: 'fundraising',
      title: 'By source and currency (original amounts)',
      columns: ['Source', 'Currency', 'Gross', 'Fees', 'Net', 'Donations', 'Donors'],
      rows: f.bySource.map((s) => [
        s.source,
        s.currency,
        money(s.gross, s.currency),
        money(s.fees, s.currency),
        money(s.net, s.currency),
        count(s.donations),
        count(s.donors),
      ]),
      empty: 'No donation was received this quarter.',
    },
    {
      section: 'fundraising',
      title: 'Grants, sponsors and the conference',
      columns: ['', 'Value'],
      rows: [
        ['Grants submitted', count(f.grants.submitted)],
        ['Grants awarded', `${count(f.grants.awarded)} (${money(f.grants.awardedAmount)})`],
        ['Grants declined', count(f.grants.declined)],
        ['Grant deadlines coming up', count(f.grants.upcomingDeadlines)],
        ['Sponsors gained / lapsed', `${count(f.sponsors.gained)} / ${count(f.sponsors.lapsed)}`],
        ...(f.conference
          ? [
              [
                `Conference: ${f.conference.name}`,
                `${money(f.conference.pledged, f.conference.currency)} pledged, ${money(f.conference.received, f.conference.currency)} received of ${money(f.conference.target, f.conference.currency)}`,
              ],
            ]
          : []),
      ],
      empty: '',
    },
  ]
}

export const STATUS_LABELS: Record<ReportDocument['status'], string> = { draft: 'Draft', in_review: 'In review', published: 'Published' }
