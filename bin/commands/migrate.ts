import type { Command } from 'commander'
import { withDatabase } from '../context.ts'

export function registerMigrate(program: Command) {
  program
    .command('migrate')
    .description('apply pending database migrations and exit (serve and worker also migrate at start)')
    .action(async () => {
      const kind = await withDatabase('migrate', async (handle) => handle.kind)
      console.log(`Migrations applied (${kind === 'postgres' ? 'PostgreSQL' : 'embedded database'}).`)
    })
}
