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

  // communications
  layout('routes/communications.tsx', [
    route('communications', 'routes/communications._index.tsx'),
    route('communications/calendar', 'routes/communications.calendar.tsx'),
    route('communications/posts', 'routes/communications.posts._index.tsx'),
    route('communications/posts/new', 'routes/communications.posts.new.tsx'),
    route('communications/posts/:postId', 'routes/communications.posts.$postId.tsx'),
    route('communications/channels', 'routes/communications.channels.tsx'),
    route('communications/cadences', 'routes/communications.cadences.tsx'),
    route('communications/campaigns', 'routes/communications.campaigns.tsx'),
    route('communications/materials', 'routes/communications.materials.tsx'),
    route('communications/policy', 'routes/communications.policy.tsx'),
    route('communications/policy/edit', 'routes/communications.policy.edit.tsx'),
  ]),
  route('calendar.ics', 'routes/calendar[.]ics.ts'),

  // community
  route('community', 'routes/community._index.tsx'),

  // fundraising
  route('fundraising', 'routes/fundraising._index.tsx'),

  // reports
  route('reports', 'routes/reports._index.tsx'),

  // settings and administration
  layout('routes/settings.tsx', [
    route('settings', 'routes/settings._index.tsx'),
    route('settings/account', 'routes/settings.account.tsx'),
    route('settings/organisation', 'routes/settings.organisation.tsx'),
    route('settings/users', 'routes/settings.users._index.tsx'),
    route('settings/users/new', 'routes/settings.users.new.tsx'),
    route('settings/users/:userId', 'routes/settings.users.$userId.tsx'),
  ]),
  route('audit', 'routes/audit.tsx'),

  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig
