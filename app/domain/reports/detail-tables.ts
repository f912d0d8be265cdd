// The tables below each section's headlines (everything but the charts), as text: the web page,
// the Markdown and the PDF draw the same rows.
import type { ReportDocument } from './document.ts'
import { formatMoney, formatValue, NO_DATA } from './number-format.ts'
import type { AreaSection } from './vocabulary.ts'

export interface DetailTable {
  section: AreaSection
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
    ...audienceTables(c),
    {
      section: 'community',
      title: 'Time to first response (hours)',
      columns: ['Kind', 'Median', '90th percentile', 'Responded', 'Still waiting'],
      rows: (
        [
          ['Issues', ttfr.issues],
          ['Pull requests', ttfr.pullRequests],
          ['Discussions', ttfr.discussions],
          ...(ttfr.forum ? ([['Forum topics', ttfr.forum]] as const) : []),
          ...(ttfr.email ? ([['E-mail threads', ttfr.email]] as const) : []),
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

const signed = (n: number | null) => (n === null ? NO_DATA : n > 0 ? `+${count(n)}` : count(n))

/** Followers and engagement per channel; reports made before Reach have neither, and get no table. */
function audienceTables(c: ReportDocument['communications']): DetailTable[] {
  const out: DetailTable[] = []
  if (c.audience) {
    out.push({
      section: 'communications',
      title: 'Audience per channel',
      columns: ['Channel', 'Followers at quarter end', 'Gained in the quarter'],
      rows: c.audience.map((a) => [a.channel, count(a.followersEnd), signed(a.change)]),
      empty: 'No follower count was read this quarter: connect a Mastodon or Bluesky channel and Steward reads it daily.',
    })
  }
  if (c.engagement?.byChannel) {
    out.push({
      section: 'communications',
      title: 'Engagement per channel',
      columns: ['Channel', 'Posts', 'With numbers', 'Impressions', 'Interactions'],
      rows: c.engagement.byChannel.map((e) => [
        e.name || e.channel,
        count(e.posts),
        count(e.postsMeasured),
        count(e.impressions),
        count(e.interactions),
      ]),
      empty: 'No post was published this quarter.',
    })
  }
  return out
}
