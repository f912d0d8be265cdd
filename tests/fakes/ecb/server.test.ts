import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { easterSunday, ecbFixtureDays, generateEcbDays, isTargetWorkingDay } from './dataset.ts'
import { type FakeEcb, startFakeEcb } from './server.ts'

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ecb/${name}`, import.meta.url), 'utf8')

let fake: FakeEcb
beforeAll(async () => {
  fake = await startFakeEcb({ days: ecbFixtureDays(), now: () => Date.parse('2026-04-07T17:00:00Z') })
})
afterAll(() => fake.stop())

describe('the ECB stand-in', () => {
  for (const file of ['eurofxref-daily.xml', 'eurofxref-hist-90d.xml', 'eurofxref-hist.xml']) {
    it(`serves ${file} byte for byte as the fixture in the ECB's layout`, async () => {
      const response = await fetch(new URL(file, fake.baseUrl))
      expect(response.status).toBe(200)
      expect(await response.text()).toBe(fixture(file))
    })
  }

  it('publishes nothing dated after today', () => {
    const early = new (fake.constructor as typeof FakeEcb)({ days: ecbFixtureDays(), now: () => Date.parse('2026-04-02T09:00:00Z') })
    expect(early.file('eurofxref-daily.xml')).toContain("<Cube time='2026-04-02'>")
  })

  it('knows the TARGET closing days', () => {
    expect(easterSunday(2026)).toBe('2026-04-05')
    expect(easterSunday(2024)).toBe('2024-03-31')
    expect(
      ['2026-04-03', '2026-04-06', '2026-05-01', '2026-12-25', '2026-12-26', '2027-01-01', '2026-04-04'].map(isTargetWorkingDay),
    ).toEqual(Array(7).fill(false))
    expect(isTargetWorkingDay('2026-04-07')).toBe(true)
  })

  it('generates working days only, newest first', () => {
    const days = generateEcbDays({ from: '2026-03-30', to: '2026-04-10' })
    // 10 weekdays minus Good Friday and Easter Monday = 8
    expect(days.map((d) => d.date)).toEqual([
      '2026-04-10',
      '2026-04-09',
      '2026-04-08',
      '2026-04-07',
      '2026-04-02',
      '2026-04-01',
      '2026-03-31',
      '2026-03-30',
    ])
  })
})
