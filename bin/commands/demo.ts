import type { Command } from 'commander'
import { demoLoadRefusal, loadDemo } from '#db/seed/index.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { ROLE_LABELS } from '#app/domain/accounts/vocabulary.ts'
import { CliError, withDatabase } from '../context.ts'

export function registerDemo(program: Command) {
  const demo = program.command('demo').description('demonstration data')
  demo
    .command('load')
    .description('create a realistic organisation with a person per role (safe to run again: nothing is added twice)')
    .option('--force', 'load even with NODE_ENV=production or beside real accounts (the demo people have published passwords)')
    .action(async (options: { force?: boolean }) => {
      const users = await withDatabase('demo load', async () => {
        const refusal = await demoLoadRefusal({ nodeEnv: getEnv().NODE_ENV, force: options.force })
        if (refusal) throw new CliError(refusal)
        return loadDemo({ log: (line) => console.log(line) })
      })
      console.log('\nDemo people (sign in with these):')
      for (const [role, user] of Object.entries(users)) {
        console.log(
          `  ${ROLE_LABELS[role as keyof typeof ROLE_LABELS].padEnd(16)} ${user.email.padEnd(40)} ${user.created ? user.password : `${user.password} (unless changed since)`}`,
        )
      }
    })
}
