// `identity merge|list|undo`: the identity map, with the same domain calls as /community/contributors.
import type { Command } from 'commander'
import { DomainError } from '#app/domain/errors.ts'
import { listIdentityMerges, listPeople, mergeIdentities, undoMerge } from '#app/domain/community/identity-map.server.ts'
import { formatIdentityRef, IDENTITY_REF_HELP } from '#app/domain/community/identity-refs.ts'
import { CliError, withDatabase } from '../context.ts'

async function domain<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(error.message)
    throw error
  }
}

export function registerIdentity(program: Command) {
  const identity = program
    .command('identity')
    .description(`one person under several names, counted once as a contributor. ${IDENTITY_REF_HELP}`)

  identity
    .command('merge')
    .description('make two contributors one person (with everyone already grouped with either); audited, and undone with `identity undo`')
    .argument('<a>', 'e.g. github:octocat')
    .argument('<b>', 'e.g. "commit:Mona Lisa Octocat", forum:mona or email:mona@example.org')
    .action(async (a: string, b: string) => {
      const merge = await withDatabase('identity merge', () => domain(() => mergeIdentities({ a, b, actorId: null })))
      console.log(`Merged ${merge.a} and ${merge.b}: one person now (${merge.identities.join(', ')}). Merge id ${merge.id}.`)
    })

  identity
    .command('list')
    .description('the people the map groups, with their identities, then the merges (newest first) with their ids')
    .action(async () => {
      const { persons, merges } = await withDatabase('identity list', async () => ({
        persons: await listPeople(),
        merges: await listIdentityMerges({ limit: 1000 }),
      }))
      if (persons.length === 0 && merges.length === 0) {
        console.log('No identities merged yet. Merge two with `npm run steward -- identity merge github:LOGIN forum:USERNAME`.')
        return
      }
      console.log(persons.length === 0 ? 'Nobody is grouped now.' : 'People:')
      for (const p of persons) console.log(`  ${p.identities.map(formatIdentityRef).join('  ')}`)
      console.log('Merges:')
      for (const m of merges) {
        const state = m.undoneAt ? `undone ${m.undoneAt.toISOString()}` : m.canUndo ? 'can be undone' : 'undo later merges first'
        console.log(`  ${m.id}  ${m.a} + ${m.b}  merged ${m.mergedAt.toISOString()} by ${m.mergedBy}; ${state}`)
      }
    })

  identity
    .command('undo')
    .description('undo a merge (`identity list` shows the ids): its identities go back to how they were grouped before')
    .argument('<merge-id>', 'the merge to undo')
    .action(async (mergeId: string) => {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(mergeId))
        throw new CliError(`"${mergeId}" is not a merge id (\`identity list\` shows them)`)
      const undone = await withDatabase('identity undo', () => domain(() => undoMerge({ mergeId, actorId: null })))
      console.log(`Undid the merge of ${undone.a} and ${undone.b}: ${undone.restored.map((g) => g.join(' + ')).join('; ')}.`)
    })
}
