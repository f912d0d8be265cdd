// A person's notifications (the bell, /notifications, mark read) and their choice of delivery per
// kind. Deriving them from the data is derive.server.ts.
import { and, count, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { notificationPreferences, notifications, sessions } from '#db/schema/index.ts'
import { hashSessionToken } from '#app/domain/accounts/session-token.ts'
import type { Role } from '#app/domain/accounts/vocabulary.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import {
  defaultDelivery,
  type Delivery,
  DIGEST_PREFERENCE,
  DISMISSIBLE_KINDS,
  kindsFor,
  NOTIFICATION_KIND_INFO,
  type NotificationKind,
  type PreferenceKind,
} from './vocabulary.ts'

/** Notifications marked done stay on /notifications this long, greyed, then only the open ones show. */
const DONE_SHOWN_DAYS = 7

/** The bell: open notifications the person has not read. */
export async function countUnreadNotifications(userId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), isNull(notifications.resolvedAt)))
  return Number(row?.n ?? 0)
}

/**
 * The bell's count for the person a session token belongs to, read beside the session lookup
 * rather than after it (one round trip less on every page). Only for a token that getSessionUser
 * accepts: this reads the session's user without checking the session is still valid.
 */
export async function countUnreadNotificationsOfSession(token: string) {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(
      and(
        sql`${notifications.userId} = (select ${sessions.userId} from ${sessions} where ${sessions.id} = ${hashSessionToken(token)})`,
        isNull(notifications.readAt),
        isNull(notifications.resolvedAt),
      ),
    )
  return Number(row?.n ?? 0)
}

/** A person's notifications: open ones first (unread before read), then those done in the last week. */
export async function listNotificationsFor(input: { userId: string; now?: Date; kinds?: NotificationKind[]; openOnly?: boolean }) {
  const now = input.now ?? new Date()
  const doneSince = new Date(now.getTime() - DONE_SHOWN_DAYS * 86_400_000)
  const rows = await db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, input.userId),
        input.kinds ? inArray(notifications.kind, input.kinds) : undefined,
        input.openOnly ? isNull(notifications.resolvedAt) : or(isNull(notifications.resolvedAt), gt(notifications.resolvedAt, doneSince)),
      ),
    )
    .orderBy(sql`${notifications.resolvedAt} is not null`, sql`${notifications.readAt} is not null`, desc(notifications.createdAt))
    .limit(200)
  return rows
}

/** Marks some (ids) or all of a person's notifications read; another person's ids are ignored. */
export async function markNotificationsRead(input: { userId: string; ids?: string[]; kinds?: NotificationKind[]; now?: Date }) {
  const rows = await db
    .update(notifications)
    .set({ readAt: input.now ?? new Date() })
    .where(
      and(
        eq(notifications.userId, input.userId),
        isNull(notifications.readAt),
        input.kinds ? inArray(notifications.kind, input.kinds) : undefined,
        input.ids ? inArray(notifications.id, input.ids.length ? input.ids : ['00000000-0000-0000-0000-000000000000']) : undefined,
      ),
    )
    .returning({ id: notifications.id })
  return rows.length
}

/**
 * Puts away one of a person's notifications of a kind that allows it (DISMISSIBLE_KINDS): done for
 * them at once, and not opened again while its producer still finds it. Another person's id, or a
 * kind that goes away only when handled, changes nothing. Returns how many were dismissed (0 or 1).
 */
export async function dismissNotification(input: { userId: string; id: string; now?: Date }) {
  const now = input.now ?? new Date()
  const rows = await db
    .update(notifications)
    .set({ dismissedAt: now, resolvedAt: now, readAt: sql`coalesce(${notifications.readAt}, ${now.toISOString()}::timestamptz)` })
    .where(
      and(
        eq(notifications.id, input.id),
        eq(notifications.userId, input.userId),
        inArray(notifications.kind, [...DISMISSIBLE_KINDS]),
        isNull(notifications.dismissedAt),
      ),
    )
    .returning({ id: notifications.id })
  return rows.length
}

/** /notifications: the person's notifications, dates in their own time zone. */
export async function getNotificationsPage(input: { user: { id: string; timeZone: string | null }; now?: Date }) {
  const [rows, settings] = await Promise.all([listNotificationsFor({ userId: input.user.id, now: input.now }), getOrganisationSettings()])
  return {
    timeZone: input.user.timeZone ?? settings.timeZone,
    unread: rows.filter((r) => !r.readAt && !r.resolvedAt).length,
    notifications: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      kindLabel: NOTIFICATION_KIND_INFO[r.kind]?.label ?? r.kind,
      text: r.text,
      link: r.link,
      createdAt: r.createdAt.toISOString(),
      read: Boolean(r.readAt),
      done: Boolean(r.resolvedAt),
      dismissible: DISMISSIBLE_KINDS.includes(r.kind) && !r.resolvedAt,
    })),
  }
}

// ---------------------------------------------------------------- preferences

/** A person's delivery for every kind their roles can receive (their choice, or the default for their roles), and whether they get the Monday digest. */
export async function getNotificationPreferences(user: { id: string; roles: readonly Role[] }) {
  const stored = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, user.id))
  const digest = stored.find((s) => s.kind === DIGEST_PREFERENCE)?.delivery === 'off' ? ('off' as const) : ('email' as const)
  const kinds = kindsFor(user.roles).map((kind) => ({
    kind,
    label: NOTIFICATION_KIND_INFO[kind].label,
    description: NOTIFICATION_KIND_INFO[kind].description,
    delivery: stored.find((s) => s.kind === kind)?.delivery ?? defaultDelivery(kind, user.roles),
    default: defaultDelivery(kind, user.roles),
  }))
  return { kinds, digest }
}

/** Saves a person's choices (one per kind given), audited. */
export async function saveNotificationPreferences(input: { userId: string; deliveries: Partial<Record<PreferenceKind, Delivery>> }) {
  return db.transaction(async (tx) => {
    const before = await tx.select().from(notificationPreferences).where(eq(notificationPreferences.userId, input.userId))
    const now = new Date()
    for (const [kind, delivery] of Object.entries(input.deliveries) as [PreferenceKind, Delivery][]) {
      await tx
        .insert(notificationPreferences)
        .values({ userId: input.userId, kind, delivery, updatedAt: now })
        .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind], set: { delivery, updatedAt: now } })
    }
    await recordAudit(tx, {
      actorId: input.userId,
      entity: 'user',
      entityId: input.userId,
      action: 'notification_preferences',
      before: Object.fromEntries(before.map((b) => [b.kind, b.delivery])),
      after: input.deliveries,
    })
  })
}
