import { cleanupExpiredJob } from './cleanup-expired.ts'
import type { JobDefinition } from './define.ts'

/** Every background job Steward runs. */
export const JOBS: JobDefinition[] = [cleanupExpiredJob]
