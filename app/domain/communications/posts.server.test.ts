import { expect, test } from 'vitest'
import { composeLink } from './posts.server.ts'

test('compose links carry the text for X and LinkedIn, and none for platforms without one', () => {
  expect(composeLink('x', 'Hi & welcome #PyBaMM')).toBe('https://twitter.com/intent/tweet?text=Hi%20%26%20welcome%20%23PyBaMM')
  expect(composeLink('linkedin', 'Hi')).toBe('https://www.linkedin.com/feed/?shareActive=true&text=Hi')
  expect(composeLink('mastodon', 'Hi')).toBeNull()
})
