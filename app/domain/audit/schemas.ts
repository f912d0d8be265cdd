import { z } from 'zod'

/** The audit log's filters, from the page's address: a value that does not fit is ignored, not an error. */
export const AuditFiltersSchema = z.object({
  entity: z.string().optional().catch(undefined),
  action: z.string().optional().catch(undefined),
  actor: z.uuid().optional().catch(undefined),
  page: z.coerce.number().int().min(1).optional().catch(undefined),
})
export type AuditPageFilters = z.infer<typeof AuditFiltersSchema>
