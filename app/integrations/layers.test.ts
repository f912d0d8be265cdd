import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// The connectors talk to the outside and return plain data; the stand-ins answer like the real
// services, built from their published schemas, not from our code.
const root = path.resolve(import.meta.dirname, '../..')
const filesIn = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesIn(path.join(dir, e.name)) : /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [path.join(dir, e.name)] : [],
  )
const importsOf = (file: string) => [...readFileSync(path.join(root, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1])

describe('layers of the fundraising connectors', () => {
  const integrations = [
    ...filesIn('app/integrations/opencollective'),
    ...filesIn('app/integrations/ecb'),
    ...filesIn('app/integrations/github').filter((f) => path.basename(f).startsWith('sponsors')),
  ]
  it.each(integrations)('%s imports neither the database nor the domain', (file) => {
    expect(importsOf(file).filter((i) => i.startsWith('#db/') || i.startsWith('#app/domain/'))).toEqual([])
  })

  const fakes = [...filesIn('tests/fakes/opencollective'), ...filesIn('tests/fakes/ecb'), ...filesIn('tests/fakes/github-sponsors')]
  it.each(fakes)('%s imports no application module', (file) => {
    expect(importsOf(file).filter((i) => i.startsWith('#app/') || i.startsWith('#db/'))).toEqual([])
  })
})
