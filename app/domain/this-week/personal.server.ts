// A week measured per person: their time zone (for This week, the digest and the dates shown to
// them), their weekly budget and the minutes each kind of task takes them — each their own or, left
// empty, the organisation's. Quarters and cadences stay in the project's time zone.
import { eq } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { users } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import type { OrganisationSettings } from '#app/domain/settings/organisation.ts'
import { readSetting, writeSetting } from '#app/domain/settings/keyed-settings.server.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { DEFAULT_TASK_MINUTES, mergeTaskMinutes, type PersonalWeekInput, type TaskMinutes, TaskMinutesSchema } from './task-minutes.ts'
import { TASK_KINDS } from './vocabulary.ts'

const TASK_MINUTES_KEY = 'thisWeek.taskMinutes'

/** The organisation's minutes per kind of task (Settings → Organisation). */
export function getOrganisationTaskMinutes(): Promise<TaskMinutes> {
  return readSetting(TASK_MINUTES_KEY, TaskMinutesSchema, DEFAULT_TASK_MINUTES)
}

export function saveOrganisationTaskMinutes(input: { values: TaskMinutes; actorId: string }) {
  return writeSetting({ key: TASK_MINUTES_KEY, value: input.values, actorId: input.actorId })
}

export interface PersonalWeek {
  timeZone: string
  budgetMinutes: number
  taskMinutes: TaskMinutes
  /** what the person set themselves (null/absent: the organisation's) */
  own: { timeZone: string | null; weeklyBudgetMinutes: number | null; taskMinutes: Partial<TaskMinutes> }
  organisation: { timeZone: string; weeklyBudgetMinutes: number; taskMinutes: TaskMinutes }
}

export async function getPersonalWeek(userId: string, settings?: OrganisationSettings): Promise<PersonalWeek> {
  const [organisation, taskMinutes, [row]] = await Promise.all([
    settings ?? getOrganisationSettings(),
    getOrganisationTaskMinutes(),
    db
      .select({ timeZone: users.timeZone, weeklyBudgetMinutes: users.weeklyBudgetMinutes, taskMinutes: users.taskMinutes })
      .from(users)
      .where(eq(users.id, userId)),
  ])
  const own = {
    timeZone: row?.timeZone ?? null,
    weeklyBudgetMinutes: row?.weeklyBudgetMinutes ?? null,
    taskMinutes: (row?.taskMinutes ?? {}) as Partial<TaskMinutes>,
  }
  return {
    timeZone: own.timeZone ?? organisation.timeZone,
    budgetMinutes: own.weeklyBudgetMinutes ?? organisation.weeklyBudgetMinutes,
    taskMinutes: mergeTaskMinutes(taskMinutes, own.taskMinutes),
    own,
    organisation: { timeZone: organisation.timeZone, weeklyBudgetMinutes: organisation.weeklyBudgetMinutes, taskMinutes },
  }
}

/** Saves a person's own week settings; empty fields go back to the organisation's. Audited. */
export async function savePersonalWeek(input: PersonalWeekInput & { userId: string }) {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ timeZone: users.timeZone, weeklyBudgetMinutes: users.weeklyBudgetMinutes, taskMinutes: users.taskMinutes })
      .from(users)
      .where(eq(users.id, input.userId))
      .for('update')
    if (!before) throw new DomainError('No such user')
    const taskMinutes = Object.fromEntries(TASK_KINDS.filter((k) => typeof input[k] === 'number').map((k) => [k, input[k]!]))
    const after = {
      timeZone: input.timeZone || null,
      weeklyBudgetMinutes: input.weeklyBudgetMinutes ?? null,
      taskMinutes: Object.keys(taskMinutes).length ? taskMinutes : null,
    }
    await tx
      .update(users)
      .set({ ...after, updatedAt: new Date() })
      .where(eq(users.id, input.userId))
    await recordAudit(tx, { actorId: input.userId, entity: 'user', entityId: input.userId, action: 'update_week', before, after })
  })
}
