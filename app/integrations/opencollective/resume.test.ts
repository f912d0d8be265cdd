import { describe, expect, it } from 'vitest'
import { advanceResumePoint, OPENCOLLECTIVE_START, ResumeOrderError } from './resume.ts'

const T1 = '2025-01-05T10:00:00.000Z'
const T2 = '2025-02-01T09:00:00.000Z'

describe('advanceResumePoint', () => {
  it('moves the watermark to the last instant read and counts the transactions read at it', () => {
    expect(advanceResumePoint(OPENCOLLECTIVE_START, [T1, T1])).toEqual({ watermark: T1, offset: 2 })
    expect(advanceResumePoint({ watermark: T1, offset: 2 }, [T1, T2])).toEqual({ watermark: T2, offset: 1 })
  })

  it('keeps counting while a page stays on the watermark instant', () => {
    // 2 read before + 3 more at the same millisecond
    expect(advanceResumePoint({ watermark: T1, offset: 2 }, [T1, T1, T1])).toEqual({ watermark: T1, offset: 5 })
  })

  it('compares instants, not spellings', () => {
    expect(advanceResumePoint({ watermark: '2025-01-05T10:00:00Z', offset: 1 }, [T1])).toEqual({
      watermark: '2025-01-05T10:00:00Z',
      offset: 2,
    })
  })

  it('stays put on an empty page', () => {
    expect(advanceResumePoint({ watermark: T2, offset: 4 }, [])).toEqual({ watermark: T2, offset: 4 })
  })

  it('refuses a page out of creation order rather than skip transactions', () => {
    expect(() => advanceResumePoint(OPENCOLLECTIVE_START, [T2, T1])).toThrow(ResumeOrderError)
    expect(() => advanceResumePoint({ watermark: T2, offset: 0 }, [T1])).toThrow(ResumeOrderError)
  })
})
