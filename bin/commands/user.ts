import type { Command } from 'commander'
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { z } from 'zod'
import { EmailSchema, NameSchema, PasswordSchema, RoleSchema } from '#app/domain/accounts/schemas.ts'
import { createUser } from '#app/domain/accounts/users.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { ROLES } from '#app/domain/accounts/vocabulary.ts'
import { CliError, withDatabase } from '../context.ts'

const UserAddSchema = z.object({
  email: EmailSchema,
  name: NameSchema,
  roles: z.array(RoleSchema, { message: `roles must be among ${ROLES.join(', ')}` }).min(1, 'give at least one role'),
  password: PasswordSchema,
})

/** Asks for a password without echoing it. */
async function promptPassword(question: string): Promise<string> {
  let muted = false
  const output = new Writable({
    write(chunk, _encoding, callback) {
      if (!muted) process.stdout.write(chunk)
      callback()
    },
  })
  const rl = createInterface({ input: process.stdin, output, terminal: true })
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close()
      process.stdout.write('\n')
      resolve(answer)
    })
    muted = true
  })
}

async function readPassword(): Promise<string> {
  if (process.env.STEWARD_PASSWORD) return process.env.STEWARD_PASSWORD
  if (!process.stdin.isTTY) throw new CliError('no password: set STEWARD_PASSWORD or run the command in a terminal to be asked for it')
  const first = await promptPassword('Password: ')
  const second = await promptPassword('Repeat the password: ')
  if (first !== second) throw new CliError('the passwords do not match')
  return first
}

export function registerUser(program: Command) {
  const user = program.command('user').description('manage people who can sign in')
  user
    .command('add')
    .description('create a user; the password comes from STEWARD_PASSWORD or is asked for')
    .requiredOption('--email <email>', 'their email address (their sign-in name)')
    .requiredOption('--name <name>', 'their name as shown in Steward')
    .requiredOption('--role <roles>', `comma-separated roles: ${ROLES.join(', ')}`)
    .addHelpText(
      'after',
      '\nExample:\n  STEWARD_PASSWORD=… npm run steward -- user add --email ada@example.org --name "Ada" --role fundraising,council',
    )
    .action(async (options: { email: string; name: string; role: string }) => {
      const password = await readPassword()
      const parsed = UserAddSchema.safeParse({
        email: options.email,
        name: options.name,
        roles: options.role
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean),
        password,
      })
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        throw new CliError(
          `${issue.path[0] === 'roles' ? '--role' : issue.path[0] === 'password' ? 'password' : `--${String(issue.path[0])}`}: ${issue.message}`,
        )
      }
      const created = await withDatabase('user add', async () => {
        try {
          return await createUser({ ...parsed.data, actorId: null })
        } catch (error) {
          if (error instanceof DomainError) throw new CliError(error.message)
          throw error
        }
      })
      console.log(created.id)
    })
}
