import { schema } from '@octokit/graphql-schema'
import { buildClientSchema, type GraphQLSchema, Kind, parse, validate, visit } from 'graphql'
import { beforeAll, describe, expect, it } from 'vitest'
import { ALL_QUERIES, PAGE_SIZE } from './queries.ts'

let github: GraphQLSchema
beforeAll(() => {
  github = buildClientSchema(schema.json as never)
})

describe('the queries the sync sends', () => {
  for (const [name, query] of Object.entries(ALL_QUERIES)) {
    it(`${name} is valid against GitHub's published schema`, () => {
      const errors = validate(github, parse(query))
      expect(errors.map((e) => e.message)).toEqual([])
    })

    it(`${name} reads the rate-limit budget`, () => {
      expect(query).toMatch(/rateLimit\s*{\s*cost\s+limit\s+remaining\s+resetAt/)
    })

    it(`${name} never asks for more than 100 nodes of a connection`, () => {
      visit(parse(query), {
        Argument(node) {
          if ((node.name.value === 'first' || node.name.value === 'last') && node.value.kind === Kind.INT) {
            expect(Number(node.value.value)).toBeLessThanOrEqual(100)
          }
        },
      })
    })
  }

  it('pages at GitHub’s maximum', () => {
    expect(PAGE_SIZE).toBe(100)
  })

  it('orders every item connection by UPDATED_AT, newest first', () => {
    for (const query of [ALL_QUERIES.ISSUES_QUERY, ALL_QUERIES.PULL_REQUESTS_QUERY, ALL_QUERIES.DISCUSSIONS_QUERY]) {
      expect(query).toContain('orderBy: { field: UPDATED_AT, direction: DESC }')
    }
  })
})
