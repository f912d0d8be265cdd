import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import {
  addIntern,
  addMilestone,
  completeMilestone,
  createProgramme,
  listInternshipMilestones,
  listInternsForYears,
  listProgrammes,
  setInternStatus,
} from './internships.server.ts'

setupTestDatabase()

test('a GSoC programme with an intern, mentors and milestones; upcoming milestones for the calendar', async () => {
  const user = await insertUser({ roles: ['community'] })
  const gsoc = await createProgramme({ kind: 'gsoc', year: 2026, name: 'Google Summer of Code 2026', actorId: user.id })
  const intern = await addIntern({
    programmeId: gsoc.id,
    name: 'Priya',
    githubLogin: 'priya-dev',
    project: 'Faster DAE solvers',
    status: 'accepted',
    mentors: 'Ada (ada-l), Grace',
    actorId: user.id,
  })
  const midterm = await addMilestone({
    programmeId: gsoc.id,
    title: 'Midterm evaluation',
    dueOn: '2026-07-14',
    internId: intern.id,
    actorId: user.id,
  })
  await addMilestone({ programmeId: gsoc.id, title: 'Coding starts', dueOn: '2026-06-02', actorId: user.id })
  await addMilestone({ programmeId: gsoc.id, title: 'Final evaluation', dueOn: '2026-09-01', actorId: user.id })
  await setInternStatus({ internId: intern.id, status: 'coding', actorId: user.id })

  const [programme] = await listProgrammes()
  expect(programme!.interns[0]).toMatchObject({
    name: 'Priya',
    status: 'coding',
    mentors: [
      { name: 'Ada', githubLogin: 'ada-l' },
      { name: 'Grace', githubLogin: null },
    ],
  })
  expect(programme!.milestones.map((m) => m.title)).toEqual(['Coding starts', 'Midterm evaluation', 'Final evaluation'])

  const upcoming = await listInternshipMilestones({ from: '2026-06-03', to: '2026-09-01' })
  expect(upcoming.map((m) => [m.title, m.dueOn, m.intern])).toEqual([['Midterm evaluation', '2026-07-14', 'Priya']])
  await completeMilestone({ milestoneId: midterm.id, actorId: user.id })
  expect(await listInternshipMilestones({ from: '2026-06-03', to: '2026-09-01' })).toEqual([])
  expect(await listInternshipMilestones({ from: '2026-06-03', to: '2026-09-01', includeCompleted: true })).toHaveLength(1)

  expect(await listInternsForYears([2026])).toEqual([
    { programme: 'Google Summer of Code 2026', year: 2026, intern: 'Priya', project: 'Faster DAE solvers', status: 'coding' },
  ])
  const audit = await db.select().from(auditEvents).where(eq(auditEvents.actorId, user.id))
  expect(audit.map((e) => `${e.entity}:${e.action}`).sort()).toEqual([
    'intern:create',
    'intern:status',
    'internship_milestone:complete',
    'internship_milestone:create',
    'internship_milestone:create',
    'internship_milestone:create',
    'internship_programme:create',
  ])
})

test('a milestone for an intern of another programme is refused', async () => {
  const user = await insertUser({ roles: ['community'] })
  const a = await createProgramme({ kind: 'gsoc', year: 2026, name: 'GSoC 2026', actorId: user.id })
  const b = await createProgramme({ kind: 'outreachy', year: 2026, name: 'Outreachy 2026', actorId: user.id })
  const intern = await addIntern({ programmeId: a.id, name: 'Sam', project: 'Docs', status: 'proposal', actorId: user.id })
  await expect(
    addMilestone({ programmeId: b.id, title: 'Start', dueOn: '2026-05-01', internId: intern.id, actorId: user.id }),
  ).rejects.toThrow('Choose an intern of this programme')
})
