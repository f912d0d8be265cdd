import { expect, test } from 'vitest'
import { nextStatuses, parseMentors } from './internships.ts'
import { InternSchema, MilestoneSchema, ProgrammeSchema } from './schemas.ts'

test('mentors are parsed from names with optional logins', () => {
  expect(parseMentors('Ada Lovelace (ada), Grace Hopper\n@linus')).toEqual([
    { name: 'Ada Lovelace', githubLogin: 'ada' },
    { name: 'Grace Hopper', githubLogin: null },
    { name: 'linus', githubLogin: 'linus' },
  ])
  expect(parseMentors(undefined)).toEqual([])
})

test('statuses move forward one step, back one step, or end as not completed', () => {
  expect(nextStatuses('proposal')).toEqual(['accepted'])
  expect(nextStatuses('coding')).toEqual(['accepted', 'evaluation', 'not_completed'])
  expect(nextStatuses('evaluation')).toEqual(['coding', 'completed', 'not_completed'])
})

test('forms reject what cannot be right', () => {
  expect(ProgrammeSchema.safeParse({ kind: 'gsoc', year: '1999', name: 'GSoC' }).success).toBe(false)
  expect(ProgrammeSchema.safeParse({ kind: 'gsoc', year: '2026', name: 'GSoC 2026' }).success).toBe(true)
  expect(InternSchema.safeParse({ name: 'A', project: 'Faster solvers', githubLogin: 'not a login' }).success).toBe(false)
  expect(MilestoneSchema.safeParse({ title: 'Midterm', dueOn: '2026-07-14' }).success).toBe(true)
  expect(MilestoneSchema.safeParse({ title: 'Midterm', dueOn: '14/07/2026' }).success).toBe(false)
})
