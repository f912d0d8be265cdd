// Regenerates openapi-schemas.json from Discourse's published OpenAPI file:
//   node --import tsx tests/fakes/discourse/extract-schemas.ts /path/to/discourse_api_docs/openapi.yml <commit>
// It copies the 200 response schemas of the endpoints the fake serves, unchanged. What real
// Discourse sends beyond them (Solved, more_topics_url) is added in schemas.ts, each with its source.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const ENDPOINTS = [
  '/latest.json',
  '/c/{slug}/{id}.json',
  '/t/{id}.json',
  '/t/{id}/posts.json',
  '/groups/{name}/members.json',
  '/site.json',
  '/site/basic-info.json',
] as const

const [file, commit] = process.argv.slice(2)
if (!file || !commit) {
  console.error('usage: extract-schemas.ts OPENAPI_YML COMMIT')
  process.exit(1)
}
const text = readFileSync(file, 'utf8')
const document = parse(text) as {
  paths: Record<string, { get?: { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> } }>
}
const lines = text.split('\n')
const schemas: Record<string, { line: number; schema: unknown }> = {}
for (const path of ENDPOINTS) {
  const schema = document.paths[path]?.get?.responses?.['200']?.content?.['application/json']?.schema
  if (!schema) throw new Error(`openapi.yml has no 200 application/json schema for GET ${path}`)
  schemas[path] = { line: lines.findIndex((l) => l === `  "${path}":`) + 1, schema }
}
const out = {
  source: { repository: 'discourse/discourse_api_docs', path: 'openapi.yml', commit },
  schemas,
}
writeFileSync(fileURLToPath(new URL('./openapi-schemas.json', import.meta.url)), `${JSON.stringify(out, null, 2)}\n`)
console.log(`wrote ${ENDPOINTS.length} schemas`)
