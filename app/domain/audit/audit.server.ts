import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { auditEvents, users } from '#db/schema/index.ts'

export interface AuditEntry {
  /** null when the system acted (a job, the first-run setup) */
  actorId: string | null
  entity: string
  entityId?: string | null
  action: string
  before?: unknown
  after?: unknown
}

/** Strips secrets so they never reach the audit log. */
function redact(value: unknown): unknown {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(redact)
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(value)) {
      if (/password|token|secret/i.test(key)) continue
      out[key] = redact(inner)
    }
    return out
  }
  return value
}

/** Writes one audit event; call it with the transaction that makes the change. */
export async function recordAudit(tx: DbOrTx, entry: AuditEntry) {
  await tx.insert(auditEvents).values({
    actorId: entry.actorId,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    action: entry.action,
    before: redact(entry.before),
    after: redact(entry.after),
  })
}

export interface AuditFilters {
  entity?: string
  actorId?: string
  action?: string
  from?: Date
  to?: Date
  page?: number
  pageSize?: number
}

export async function listAuditEvents(filters: AuditFilters = {}) {
  const pageSize = filters.pageSize ?? 50
  const page = Math.max(1, filters.page ?? 1)
  const conditions: SQL[] = []
  if (filters.entity) conditions.push(eq(auditEvents.entity, filters.entity))
  if (filters.actorId) conditions.push(eq(auditEvents.actorId, filters.actorId))
  if (filters.action) conditions.push(eq(auditEvents.action, filters.action))
  if (filters.from) conditions.push(gte(auditEvents.at, filters.from))
  if (filters.to) conditions.push(lt(auditEvents.at, filters.to))
  const where = conditions.length ? and(...conditions) : undefined

  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: auditEvents.id,
        at: auditEvents.at,
        entity: auditEvents.entity,
        entityId: auditEvents.entityId,
        action: auditEvents.action,
        before: auditEvents.before,
        after: auditEvents.after,
        actorId: auditEvents.actorId,
        actorName: users.name,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(where)
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(auditEvents).where(where),
  ])
  return { events: rows, total, page, pageSize }
}

/** The values the filter drop-downs offer. */
export async function listAuditFacets() {
  const [entities, actions] = await Promise.all([
    db.selectDistinct({ entity: auditEvents.entity }).from(auditEvents).orderBy(auditEvents.entity),
    db.selectDistinct({ action: auditEvents.action }).from(auditEvents).orderBy(auditEvents.action),
  ])
  return { entities: entities.map((r) => r.entity), actions: actions.map((r) => r.action) }
}
