// Keeps the stand-in's schema honest: every type, field, argument and enum value in schema.graphql
// must be exactly as Open Collective publishes it (opencollective/opencollective-api,
// server/graphql/schemaV2.graphql).
//
// The published file is 680 kB, so the repository keeps only an extract of it
// (published-extract.graphql: the published definitions of the types and fields schema.graphql
// names, with every published argument) and a manifest (published-extract.json) with the source
// commit, the git blob id of the published file (anyone can compare it with GitHub's tree) and the
// SHA-256 of the extract. schema.test.ts checks the extract against that hash and schema.graphql
// against the extract, offline. To refresh both from a copy of the published file:
//   node --import tsx tests/fakes/opencollective/published-schema.ts path/to/schemaV2.graphql <commit>
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  type ConstDirectiveNode,
  type DefinitionNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  Kind,
  parse,
  print,
  type TypeDefinitionNode,
} from 'graphql'

const here = path.dirname(fileURLToPath(import.meta.url))
export const SCHEMA_FILE = path.join(here, 'schema.graphql')
export const EXTRACT_FILE = path.join(here, 'published-extract.graphql')
export const MANIFEST_FILE = path.join(here, 'published-extract.json')

export interface ExtractManifest {
  repository: string
  commit: string
  path: string
  /** `git hash-object` of the whole published file, as GitHub's tree lists it */
  gitBlobSha1: string
  /** SHA-256 of published-extract.graphql */
  extractSha256: string
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** The id git gives a file's content (`git hash-object`). */
export function gitBlobSha1(text: string) {
  const body = Buffer.from(text, 'utf8')
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${body.length}\0`), body]))
    .digest('hex')
}

const TYPE_KINDS = new Set<string>([
  Kind.SCALAR_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
])

function typeDefinitions(sdl: string) {
  const map = new Map<string, TypeDefinitionNode>()
  for (const def of parse(sdl).definitions as DefinitionNode[]) {
    if (TYPE_KINDS.has(def.kind)) map.set((def as TypeDefinitionNode).name.value, def as TypeDefinitionNode)
  }
  return map
}

const fieldsOf = (def: TypeDefinitionNode): readonly (FieldDefinitionNode | InputValueDefinitionNode)[] =>
  'fields' in def && def.fields ? def.fields : []

/** The published definitions of the types schema.graphql names, cut to the fields it names. */
export function extractPublished(publishedSdl: string, ourSdl: string) {
  const published = typeDefinitions(publishedSdl)
  const parts: string[] = []
  for (const [name, ours] of typeDefinitions(ourSdl)) {
    const theirs = published.get(name)
    if (!theirs) throw new Error(`${name} is not in the published schema`)
    if (theirs.kind === Kind.OBJECT_TYPE_DEFINITION || theirs.kind === Kind.INTERFACE_TYPE_DEFINITION) {
      const wanted = new Set(fieldsOf(ours).map((f) => f.name.value))
      parts.push(print({ ...theirs, fields: theirs.fields?.filter((f) => wanted.has(f.name.value)) }))
    } else {
      parts.push(print(theirs))
    }
  }
  return parts.join('\n\n') + '\n'
}

const printed = (node: { loc?: unknown } | undefined | null) => (node ? print(node as never) : '')
const deprecation = (directives: readonly ConstDirectiveNode[] | undefined) =>
  printed(directives?.find((d) => d.name.value === 'deprecated'))

function compareInputValues(
  where: string,
  ours: readonly InputValueDefinitionNode[],
  theirs: readonly InputValueDefinitionNode[],
  problems: string[],
) {
  for (const value of ours) {
    const match = theirs.find((t) => t.name.value === value.name.value)
    const at = `${where}(${value.name.value})`
    if (!match) {
      problems.push(`${at} is not published`)
      continue
    }
    if (print(value.type) !== print(match.type)) problems.push(`${at} is ${print(value.type)}, published ${print(match.type)}`)
    if (printed(value.defaultValue) !== printed(match.defaultValue)) {
      problems.push(`${at} defaults to ${printed(value.defaultValue) || 'nothing'}, published ${printed(match.defaultValue) || 'nothing'}`)
    }
    if (deprecation(value.directives) !== deprecation(match.directives)) problems.push(`${at} deprecation differs from the published one`)
  }
  for (const value of theirs) {
    if (value.type.kind === Kind.NON_NULL_TYPE && !value.defaultValue && !ours.some((o) => o.name.value === value.name.value)) {
      problems.push(`${where}(${value.name.value}) is required in the published schema but missing here`)
    }
  }
}

/** Every way schema.graphql differs from the published definitions (empty when it is faithful). */
export function compareWithPublished(ourSdl: string, publishedSdl: string): string[] {
  const published = typeDefinitions(publishedSdl)
  const problems: string[] = []
  for (const [name, ours] of typeDefinitions(ourSdl)) {
    const theirs = published.get(name)
    if (!theirs) {
      problems.push(`${name} is not published`)
      continue
    }
    if (ours.kind !== theirs.kind) {
      problems.push(`${name} is a ${ours.kind}, published as a ${theirs.kind}`)
      continue
    }
    if (ours.kind === Kind.OBJECT_TYPE_DEFINITION || ours.kind === Kind.INTERFACE_TYPE_DEFINITION) {
      const t = theirs as typeof ours
      for (const iface of ours.interfaces ?? []) {
        if (!t.interfaces?.some((i) => i.name.value === iface.name.value)) problems.push(`${name} does not implement ${iface.name.value}`)
      }
      for (const field of ours.fields ?? []) {
        const match = t.fields?.find((f) => f.name.value === field.name.value)
        const at = `${name}.${field.name.value}`
        if (!match) {
          problems.push(`${at} is not published`)
          continue
        }
        if (print(field.type) !== print(match.type)) problems.push(`${at} is ${print(field.type)}, published ${print(match.type)}`)
        if (deprecation(field.directives) !== deprecation(match.directives))
          problems.push(`${at} deprecation differs from the published one`)
        compareInputValues(at, field.arguments ?? [], match.arguments ?? [], problems)
      }
    } else if (ours.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
      compareInputValues(name, ours.fields ?? [], (theirs as typeof ours).fields ?? [], problems)
    } else if (ours.kind === Kind.ENUM_TYPE_DEFINITION) {
      const values = (ours.values ?? []).map((v) => v.name.value + deprecation(v.directives))
      const publishedValues = ((theirs as typeof ours).values ?? []).map((v) => v.name.value + deprecation(v.directives))
      if (values.join(' ') !== publishedValues.join(' ')) problems.push(`${name}'s values differ from the published ones`)
    } else if (ours.kind === Kind.UNION_TYPE_DEFINITION) {
      for (const member of ours.types ?? []) {
        if (!(theirs as typeof ours).types?.some((t) => t.name.value === member.name.value)) {
          problems.push(`${name} does not include ${member.name.value}`)
        }
      }
    }
  }
  return problems
}

// Refresh the extract and its manifest from a copy of the published file.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, commit] = process.argv.slice(2)
  if (!file || !commit) {
    console.error('usage: published-schema.ts path/to/schemaV2.graphql <commit>')
    process.exit(1)
  }
  const published = readFileSync(file, 'utf8')
  const extract =
    `# Extract of opencollective/opencollective-api server/graphql/schemaV2.graphql @${commit}:\n` +
    '# the published definitions of the types and fields that schema.graphql uses. Generated by\n' +
    '# published-schema.ts; do not edit by hand (its SHA-256 is in published-extract.json).\n\n' +
    extractPublished(published, readFileSync(SCHEMA_FILE, 'utf8'))
  writeFileSync(EXTRACT_FILE, extract)
  const manifest: ExtractManifest = {
    repository: 'opencollective/opencollective-api',
    commit,
    path: 'server/graphql/schemaV2.graphql',
    gitBlobSha1: gitBlobSha1(published),
    extractSha256: sha256(extract),
  }
  writeFileSync(MANIFEST_FILE, JSON.stringify(manifest, null, 2) + '\n')
  console.log(`wrote ${path.relative(process.cwd(), EXTRACT_FILE)} (${extract.length} characters) and its manifest`)
}
