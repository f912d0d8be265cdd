/** The pg-boss queue of the GitHub sync (hourly, and "Sync now"). Kept apart to avoid an import cycle with jobs/. */
export const GITHUB_SYNC_JOB = 'community.github-sync'
