import { schema } from '@octokit/graphql-schema'
import { buildClientSchema, type GraphQLSchema, Kind, parse, print, validate, visit } from 'graphql'
import { beforeAll, describe, expect, it } from 'vitest'
import { ALL_SPONSORS_QUERIES, SPONSORS_PAGE_SIZE } from './sponsors-queries.ts'

let github: GraphQLSchema
beforeAll(() => {
  github = buildClientSchema(schema.json as never)
})

describe('the GitHub Sponsors queries', () => {
  for (const [name, query] of Object.entries(ALL_SPONSORS_QUERIES)) {
    it(`${name} is valid against GitHub's published schema`, () => {
      expect(validate(github, parse(query)).map((e) => e.message)).toEqual([])
    })

    it(`${name} reads the rate-limit budget and asks for at most 100 nodes`, () => {
      expect(query).toMatch(/rateLimit\s*{\s*cost\s+limit\s+remaining\s+resetAt/)
      visit(parse(query), {
        Argument(node) {
          if ((node.name.value === 'first' || node.name.value === 'last') && node.value.kind === Kind.INT) {
            expect(Number(node.value.value)).toBeLessThanOrEqual(100)
          }
        },
      })
    })

    it(`${name} includes private sponsorships and orders oldest first`, () => {
      expect(print(parse(query))).toContain('includePrivate: true')
      expect(print(parse(query))).toMatch(/orderBy: {field: (CREATED_AT|TIMESTAMP), direction: ASC}/)
    })
  }

  it('reads the whole history of sponsorships, not only the active ones', () => {
    expect(print(parse(ALL_SPONSORS_QUERIES.SPONSORSHIPS_QUERY))).toMatch(/sponsorships: sponsorshipsAsMaintainer\(\s*activeOnly: false/)
  })

  it('pages at GitHub’s maximum', () => {
    expect(SPONSORS_PAGE_SIZE).toBe(100)
  })
})
