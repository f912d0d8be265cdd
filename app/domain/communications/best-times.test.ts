import { expect, test } from 'vitest'
import { bestTimes, median, postFormat } from './best-times.ts'

test('a post’s format is read from its text: a link first, then a question, else plain text', () => {
  expect(postFormat('Out now: https://docs.pybamm.org/en/latest?x=1#y')).toBe('link')
  expect(postFormat('Which solver do you use? See http://example.org')).toBe('link')
  expect(postFormat('Which solver do you use?')).toBe('question')
  expect(postFormat('どのソルバーを使っていますか？')).toBe('question')
  expect(postFormat('Thank you to everyone who joined.')).toBe('text')
  expect(postFormat('docs.pybamm.org has the notes')).toBe('text') // no scheme: not counted as a link
})

test('median of an odd and an even number of values, and of none', () => {
  expect(median([5, 1, 3])).toBe(3)
  expect(median([4, 1, 3, 10])).toBe(3.5) // (3 + 4) / 2
  expect(median([])).toBeNull()
})

test('best weekday, hour and format: medians with their post counts; a figure on fewer than 5 posts is shown but never the best', () => {
  const at = (iso: string, interactions: number, text = 'Plain words') => ({ publishedAt: new Date(iso), text, interactions })
  const samples = [
    // five Tuesdays at 10:00 London (BST, UTC+1): 10, 12, 14, 20, 30 → median 14
    at('2026-06-02T09:00:00Z', 10),
    at('2026-06-09T09:00:00Z', 12),
    at('2026-06-16T09:00:00Z', 14, 'See https://pybamm.org'),
    at('2026-06-23T09:00:00Z', 20),
    at('2026-06-30T09:00:00Z', 30, 'What next?'),
    // two Saturdays at 20:00 London: 50, 70 → median 60, higher, but two posts only
    at('2026-06-06T19:00:00Z', 50, 'What next?'),
    at('2026-06-13T19:00:00Z', 70, 'What next?'),
  ]
  const result = bestTimes(samples, 'Europe/London')
  expect(result.posts).toBe(7)
  expect(result.byWeekday).toEqual([
    { key: 'TU', label: 'Tuesday', posts: 5, median: 14, enough: true },
    { key: 'SA', label: 'Saturday', posts: 2, median: 60, enough: false },
  ])
  expect(result.byHour).toEqual([
    { key: '10', label: '10:00–10:59', posts: 5, median: 14, enough: true },
    { key: '20', label: '20:00–20:59', posts: 2, median: 60, enough: false },
  ])
  // link: 14 (1 post); question: 30, 50, 70 → 50 (3 posts); text: 10, 12, 20 → 12 (3 posts)
  expect(result.byFormat.map((b) => [b.key, b.posts, b.median, b.enough])).toEqual([
    ['link', 1, 14, false],
    ['question', 3, 50, false],
    ['text', 3, 12, false],
  ])
  // Saturday's 60 rests on two posts: Tuesday is the best day; no format has five posts
  expect(result.best.weekday?.label).toBe('Tuesday')
  expect(result.best.hour?.label).toBe('10:00–10:59')
  expect(result.best.format).toBeNull()
  expect(bestTimes([], 'UTC')).toMatchObject({ posts: 0, byWeekday: [], best: { weekday: null, hour: null, format: null } })
})
