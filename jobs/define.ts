import type { z } from 'zod'
import type { QueueName } from './queues.ts'

export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  /** its queue, from QUEUES */
  name: QueueName
  payload: Schema
  /** cron (5 fields) and its time zone, for recurring jobs */
  schedule?: { cron: string; timeZone?: string }
  /** `attempt` is 1, then 2, 3 when pg-boss retries it (after a failure, or a worker that died mid-job) */
  handler: (payload: z.infer<Schema>, context: { attempt: number }) => Promise<unknown>
}

export function defineJob<Schema extends z.ZodType>(job: JobDefinition<Schema>): JobDefinition<Schema> {
  return job
}
