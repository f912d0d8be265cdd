import { index, layout, route, type RouteConfig } from '@react-router/dev/routes'

// Every URL of the application, in one place.
export default [
  index('routes/home.tsx'),
  route('healthz', 'routes/healthz.ts'),

  // accounts
  route('setup', 'routes/setup.tsx'),
  route('login', 'routes/login.tsx'),
  route('logout', 'routes/logout.tsx'),
  route('invitations/:token', 'routes/invitations.$token.tsx'),
  route('forgot-password', 'routes/forgot-password.tsx'),
  route('reset-password/:token', 'routes/reset-password.$token.tsx'),

  // communications
  layout('routes/communications.tsx', [
    route('communications', 'routes/communications._index.tsx'),
    route('communications/calendar', 'routes/communications.calendar.tsx'),
    route('communications/posts', 'routes/communications.posts._index.tsx'),
    route('communications/posts/new', 'routes/communications.posts.new.tsx'),
    route('communications/posts/:postId', 'routes/communications.posts.$postId.tsx'),
    route('communications/channels', 'routes/communications.channels.tsx'),
    route('communications/reach', 'routes/communications.reach.tsx'),
    route('communications/reach/import', 'routes/communications.reach.import.tsx'),
    route('communications/channels/:channelId', 'routes/communications.channels.$channelId.tsx'),
    route('communications/cadences', 'routes/communications.cadences.tsx'),
    route('communications/campaigns', 'routes/communications.campaigns.tsx'),
    route('communications/materials', 'routes/communications.materials.tsx'),
    route('communications/policy', 'routes/communications.policy.tsx'),
    route('communications/policy/edit', 'routes/communications.policy.edit.tsx'),
  ]),
  route('calendar.ics', 'routes/calendar[.]ics.ts'),

  // community
  route('community', 'routes/community._index.tsx'),
  route('community/contributors', 'routes/community.contributors.tsx'),
  route('community/triage', 'routes/community.triage.tsx'),
  route('community/internships', 'routes/community.internships.tsx'),
  route('community/sources', 'routes/community.sources.tsx'),
  route('community/repositories', 'routes/community.repositories.tsx'),

  // fundraising
  layout('routes/fundraising.tsx', [
    route('fundraising', 'routes/fundraising._index.tsx'),
    route('fundraising/donations', 'routes/fundraising.donations._index.tsx'),
    route('fundraising/donations/export.csv', 'routes/fundraising.donations.export.ts'),
    route('fundraising/donations/import', 'routes/fundraising.donations.import.tsx'),
    route('fundraising/donors', 'routes/fundraising.donors.tsx'),
    route('fundraising/rates', 'routes/fundraising.rates.tsx'),
    route('fundraising/connections', 'routes/fundraising.connections.tsx'),
    route('fundraising/grants', 'routes/fundraising.grants._index.tsx'),
    route('fundraising/grants/:grantId', 'routes/fundraising.grants.$grantId.tsx'),
    route('fundraising/sponsors', 'routes/fundraising.sponsors.tsx'),
    route('fundraising/conference', 'routes/fundraising.conference.tsx'),
  ]),

  // reports
  route('reports', 'routes/reports._index.tsx'),
  // a dot suffix after a dynamic segment matches literally (and outranks reports/:quarter)
  route('reports/:quarter.md', 'routes/reports.$quarter.md.ts'),
  route('reports/:quarter.json', 'routes/reports.$quarter.json.ts'),
  route('reports/:quarter.pdf', 'routes/reports.$quarter.pdf.ts'),
  route('reports/:quarter/charts/:name.svg', 'routes/reports.$quarter.charts.$name.ts'),
  route('reports/:quarter', 'routes/reports.$quarter.tsx'),

  // settings and administration
  layout('routes/settings.tsx', [
    route('settings', 'routes/settings._index.tsx'),
    route('settings/account', 'routes/settings.account.tsx'),
    route('settings/organisation', 'routes/settings.organisation.tsx'),
    route('settings/email', 'routes/settings.email.tsx'),
    route('settings/users', 'routes/settings.users._index.tsx'),
    route('settings/users/new', 'routes/settings.users.new.tsx'),
    route('settings/users/:userId', 'routes/settings.users.$userId.tsx'),
  ]),
  route('audit', 'routes/audit.tsx'),
  route('notifications', 'routes/notifications.tsx'),

  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig
