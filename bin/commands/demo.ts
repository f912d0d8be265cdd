import type { Command } from 'commander'
import { loadDemo } from '#db/seed/index.server.ts'
import { ROLE_LABELS } from '#app/domain/accounts/vocabulary.ts'
import { withDatabase } from '../context.ts'

export function registerDemo(program: Command) {
  const demo = program.command('demo').description('demonstration data')
  demo
    .command('load')
    .description('create a realistic organisation with a person per role (safe to run again: nothing is added twice)')
    .action(async () => {
      const users = await withDatabase('demo load', () => loadDemo({ log: (line) => console.log(line) }))
      console.log('\nDemo people (sign in with these):')
      for (const [role, user] of Object.entries(users)) {
        console.log(
          `  ${ROLE_LABELS[role as keyof typeof ROLE_LABELS].padEnd(16)} ${user.email.padEnd(40)} ${user.created ? user.password : `${user.password} (unless changed since)`}`,
        )
      }
    })
}
