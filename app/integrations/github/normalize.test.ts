import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { commitRowOf, type EventRow, firstResponse, isBotActor, itemRowOf } from './normalize.ts'
import type { DiscussionNode, PullRequestNode } from './queries.ts'

const user = (login: string) => ({ __typename: 'User', login })
const bot = (login: string) => ({ __typename: 'Bot', login })

describe('bots', () => {
  it('are GitHub Bot actors and logins or names ending in [bot]', () => {
    expect(isBotActor(bot('dependabot'))).toBe(true)
    expect(isBotActor(user('renovate[bot]'))).toBe(true)
    expect(isBotActor(user('robotics-fan'))).toBe(false)
    expect(isBotActor(null)).toBe(false)
  })
})

describe('first response', () => {
  const event = (login: string | null, at: string, extra: Partial<EventRow> = {}): EventRow => ({
    kind: 'comment',
    nodeId: `${login}-${at}`,
    actorLogin: login,
    actorIsBot: false,
    reviewState: null,
    occurredAt: new Date(at),
    ...extra,
  })

  it('is the earliest comment or review by someone else, bots excluded', () => {
    const events = [
      event('author', '2026-01-01T01:00:00Z'),
      event('ci', '2026-01-01T02:00:00Z', { actorIsBot: true }),
      event('Reviewer', '2026-01-01T05:00:00Z', { kind: 'review' }),
      event('helper', '2026-01-01T04:00:00Z'),
    ]
    expect(firstResponse('AUTHOR', events)).toEqual({ at: new Date('2026-01-01T04:00:00Z'), login: 'helper' })
    expect(firstResponse('author', events.slice(0, 2))).toBeNull()
  })

  it('is never before any response by someone else, and always one of them (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ login: fc.constantFrom('a', 'b', 'c', null), bot: fc.boolean(), t: fc.integer({ min: 0, max: 1e6 }) })),
        fc.constantFrom('a', 'b', null),
        (raw, author) => {
          const events = raw.map((r, i) => event(r.login, new Date(r.t * 1000).toISOString(), { actorIsBot: r.bot, nodeId: String(i) }))
          const eligible = events.filter((e) => !e.actorIsBot && !(author && e.actorLogin === author))
          const result = firstResponse(author, events)
          if (eligible.length === 0) return result === null
          const min = Math.min(...eligible.map((e) => e.occurredAt.getTime()))
          return result !== null && result.at.getTime() === min
        },
      ),
    )
  })
})

describe('rows from GitHub nodes', () => {
  it('reads a merged pull request with reviews; a pending review is no response', () => {
    const node: PullRequestNode = {
      id: 'PR_1',
      number: 7,
      title: 'Fix',
      url: 'https://github.com/o/r/pull/7',
      state: 'MERGED',
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-03T00:00:00Z',
      closedAt: '2026-01-03T00:00:00Z',
      mergedAt: '2026-01-03T00:00:00Z',
      mergedBy: user('maint'),
      authorAssociation: 'CONTRIBUTOR',
      author: user('alice'),
      labels: { nodes: [{ name: 'bug' }] },
      comments: { totalCount: 1, nodes: [{ id: 'C1', createdAt: '2026-01-01T01:00:00Z', author: bot('github-actions') }] },
      latestComments: { nodes: [{ id: 'C1', createdAt: '2026-01-01T01:00:00Z', author: bot('github-actions') }] },
      reviews: {
        nodes: [
          { id: 'R0', state: 'PENDING', createdAt: '2026-01-01T01:30:00Z', submittedAt: null, author: user('bob') },
          { id: 'R1', state: 'APPROVED', createdAt: '2026-01-02T00:00:00Z', submittedAt: '2026-01-02T00:00:00Z', author: user('maint') },
        ],
      },
    }
    const { item, events } = itemRowOf('pull_request', node)
    expect(item).toMatchObject({ state: 'merged', mergedByLogin: 'maint', labels: ['bug'], firstResponderLogin: 'maint', commentCount: 1 })
    expect(item.firstResponseAt?.toISOString()).toBe('2026-01-02T00:00:00.000Z')
    expect(events.map((e) => [e.kind, e.nodeId, e.actorIsBot])).toEqual([
      ['comment', 'C1', true],
      ['review', 'R1', false],
    ])
  })

  it('reads a discussion with its category and chosen answer', () => {
    const node: DiscussionNode = {
      id: 'D_1',
      number: 9,
      title: 'How?',
      url: 'https://github.com/o/r/discussions/9',
      closed: false,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-02T00:00:00Z',
      closedAt: null,
      authorAssociation: 'NONE',
      author: user('q'),
      category: { name: 'Q&A', isAnswerable: true },
      answerChosenAt: '2026-01-02T00:00:00Z',
      answer: { id: 'DC1', createdAt: '2026-01-01T10:00:00Z', author: user('maint') },
      labels: { nodes: [] },
      comments: { totalCount: 1, nodes: [{ id: 'DC1', createdAt: '2026-01-01T10:00:00Z', author: user('maint') }] },
      latestComments: { nodes: [] },
    }
    const { item, events } = itemRowOf('discussion', node)
    expect(item).toMatchObject({ state: 'open', category: 'Q&A', categoryIsAnswerable: true, answerAuthorLogin: 'maint' })
    expect(item.answerChosenAt?.toISOString()).toBe('2026-01-02T00:00:00.000Z')
    expect(item.firstResponseAt?.toISOString()).toBe('2026-01-01T10:00:00.000Z')
    expect(events.map((e) => e.kind)).toEqual(['comment', 'answer'])
  })

  it('keys commits by login when GitHub knows it, else by name', () => {
    const base = { oid: 'a', authoredDate: '2026-01-01T00:00:00Z', committedDate: '2026-01-01T00:00:00Z' }
    expect(commitRowOf({ ...base, author: { name: 'Ada L', user: { login: 'ada' } }, parents: { totalCount: 2 } })).toMatchObject({
      authorKey: 'ada',
      isMerge: true,
      isBot: false,
    })
    expect(commitRowOf({ ...base, author: { name: 'pre-commit-ci[bot]', user: null }, parents: { totalCount: 1 } })).toMatchObject({
      authorKey: 'pre-commit-ci[bot]',
      isBot: true,
      isMerge: false,
    })
  })
})
