import { existsSync, readFileSync } from 'node:fs'
import { buildSchema } from 'graphql'
import { describe, expect, it } from 'vitest'
import {
  compareWithPublished,
  EXTRACT_FILE,
  type ExtractManifest,
  extractPublished,
  gitBlobSha1,
  MANIFEST_FILE,
  SCHEMA_FILE,
  sha256,
} from './published-schema.ts'

const ours = readFileSync(SCHEMA_FILE, 'utf8')
const extract = readFileSync(EXTRACT_FILE, 'utf8')
const manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as ExtractManifest

describe("the Open Collective stand-in's schema", () => {
  it('builds', () => {
    expect(() => buildSchema(ours)).not.toThrow()
  })

  it('reads the published extract that its manifest names (not edited by hand)', () => {
    expect(manifest.repository).toBe('opencollective/opencollective-api')
    expect(manifest.path).toBe('server/graphql/schemaV2.graphql')
    expect(sha256(extract)).toBe(manifest.extractSha256)
  })

  it('keeps every type, field, argument, default and enum value exactly as published', () => {
    expect(compareWithPublished(ours, extract)).toEqual([])
  })

  it('notices an invented field, a changed default and a wrong argument type', () => {
    const altered = ours
      .replace('limit: Int! = 100', 'limit: Int! = 1000')
      .replace('dateFrom: DateTime', 'dateFrom: String')
      .replace('  isIncognito: Boolean!\n  email: String', '  isIncognito: Boolean!\n  email: String\n  phone: String')
    expect(compareWithPublished(altered, extract)).toEqual([
      'Individual.phone is not published',
      'Query.transactions(limit) defaults to 1000, published 100',
      'Query.transactions(dateFrom) is String, published DateTime',
    ])
  })

  // With a copy of the published file at hand (OPENCOLLECTIVE_PUBLISHED_SCHEMA=path), the extract is
  // re-derived from it: the copy must be the blob the manifest names, and the extract must match.
  const publishedFile = process.env.OPENCOLLECTIVE_PUBLISHED_SCHEMA
  it.runIf(publishedFile && existsSync(publishedFile))('matches a fresh extract of the published file', () => {
    const published = readFileSync(publishedFile!, 'utf8')
    expect(gitBlobSha1(published)).toBe(manifest.gitBlobSha1)
    expect(extract.slice(extract.indexOf('\n\n') + 2)).toBe(extractPublished(published, ours))
  })
})
