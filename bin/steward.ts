#!/usr/bin/env node
// The Steward command line: the same domain functions as the web UI.
import { Command, CommanderError } from 'commander'
import { ConfigError } from '#app/utils/env.server.ts'
import { DataDirInUseError } from '#db/data-dir-lock.server.ts'
import { registerBackup } from './commands/backup.ts'
import { registerCommunications } from './commands/communications.ts'
import { registerCommunity } from './commands/community.ts'
import { registerDemo } from './commands/demo.ts'
import { registerDigest } from './commands/digest.ts'
import { registerFunding } from './commands/funding.ts'
import { registerIdentity } from './commands/identity.ts'
import { registerImport } from './commands/import.ts'
import { registerMigrate } from './commands/migrate.ts'
import { registerReport } from './commands/report.ts'
import { registerServe, registerWorker } from './commands/serve.ts'
import { registerSources } from './commands/sources.ts'
import { registerUser } from './commands/user.ts'
import { CliError } from './context.ts'

export function buildProgram() {
  const program = new Command()
    .name('steward')
    .description("Steward — the operations dashboard for an open-source project's volunteers")
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
  registerServe(program)
  registerWorker(program)
  registerMigrate(program)
  registerUser(program)
  registerDemo(program)
  registerCommunity(program)
  registerSources(program)
  registerIdentity(program)
  registerCommunications(program)
  registerImport(program)
  registerFunding(program)
  registerReport(program)
  registerBackup(program)
  registerDigest(program)
  return program
}

/** Known failures print one line; anything else is a bug and keeps its stack. */
function explain(error: unknown): string {
  if (error instanceof CliError || error instanceof ConfigError || error instanceof DataDirInUseError) return error.message
  if (error instanceof Error && 'code' in error && error.code === 'ECONNREFUSED') return `cannot reach the database: ${error.message}`
  if (error instanceof Error && /EADDRINUSE/.test(error.message))
    return `the port is already in use (${error.message}); set PORT to another one`
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}

async function main(argv: string[]) {
  try {
    await buildProgram().parseAsync(argv)
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed the message (or the help)
      process.exit(error.exitCode)
    }
    console.error(`steward: ${explain(error)}`)
    process.exit(1)
  }
}

await main(process.argv)
