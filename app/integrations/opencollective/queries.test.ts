import { readFileSync } from 'node:fs'
import { buildSchema, Kind, parse, print, validate, visit } from 'graphql'
import { describe, expect, it } from 'vitest'
import { OPENCOLLECTIVE_MAX_PAGE_SIZE, OPENCOLLECTIVE_PAGE_SIZE, TRANSACTIONS_QUERY } from './queries.ts'

// The stand-in's schema, itself checked field by field against the published one
// (tests/fakes/opencollective/schema.test.ts).
const schema = buildSchema(readFileSync(new URL('../../../tests/fakes/opencollective/schema.graphql', import.meta.url), 'utf8'))

describe('the query the connector sends to Open Collective', () => {
  it("is valid against Open Collective's published schema", () => {
    expect(validate(schema, parse(TRANSACTIONS_QUERY)).map((e) => e.message)).toEqual([])
  })

  it('asks for contributions and added funds, oldest first', () => {
    expect(print(parse(TRANSACTIONS_QUERY))).toContain('kind: [CONTRIBUTION, ADDED_FUNDS]')
    expect(print(parse(TRANSACTIONS_QUERY))).toContain('orderBy: {field: CREATED_AT, direction: ASC}')
  })

  it('pages within the documented limit of 1,000', () => {
    expect(OPENCOLLECTIVE_PAGE_SIZE).toBeLessThanOrEqual(OPENCOLLECTIVE_MAX_PAGE_SIZE)
    expect(OPENCOLLECTIVE_MAX_PAGE_SIZE).toBe(1000)
  })

  it("stays inside the server's protection limits (depth 20, 1,500 tokens: server/routes.ts 224–242)", () => {
    let depth = 0
    let deepest = 0
    visit(parse(TRANSACTIONS_QUERY), {
      SelectionSet: {
        enter() {
          depth += 1
          deepest = Math.max(deepest, depth)
        },
        leave() {
          depth -= 1
        },
      },
    })
    expect(deepest).toBeLessThan(20)
    let tokens = 0
    visit(parse(TRANSACTIONS_QUERY), {
      enter(node) {
        if (node.kind === Kind.NAME) tokens += 1
      },
    })
    expect(tokens).toBeLessThan(1500)
  })
})
