// The community syncs as the job and the command line run them (one way for both): the sync itself,
// then the /community page's usual summaries (ADR 022), so the first visit after a sync — from the
// hourly job, "Sync now" or `npm run steward -- sync github|sources` — reads them instead of
// computing them.
import { warmCommunitySummaries } from './community-figures.server.ts'
import { syncGithub, type SyncGithubOptions, type SyncGithubResult } from './github-sync.server.ts'
import { syncSources, type SyncSourcesOptions, type SyncSourcesResult } from './sources-sync.server.ts'

/** Syncs the tracked repositories (or one) from GitHub, then warms the /community summaries. */
export async function runGithubSync(options: SyncGithubOptions = {}): Promise<SyncGithubResult> {
  const result = await syncGithub(options)
  await warmCommunitySummaries()
  return result
}

/** Syncs every active source of every kind — repositories, forums, mailboxes — (or one), then warms the /community summaries. */
export async function runSourcesSync(options: SyncSourcesOptions = {}): Promise<SyncSourcesResult> {
  const result = await syncSources(options)
  await warmCommunitySummaries()
  return result
}
