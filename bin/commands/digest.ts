import type { Command } from 'commander'
import { buildDigest, findDigestPerson, queueDigest } from '#app/domain/notifications/digest.server.ts'
import { emailConfigured } from '#app/domain/email/outbox.server.ts'
import { CliError, withDatabase } from '../context.ts'

async function person(email: string) {
  const found = await findDigestPerson(email)
  if (!found) throw new CliError(`--user: nobody signs in as ${email}`)
  return found
}

export function registerDigest(program: Command) {
  const digest = program.command('digest').description("the weekly digest e-mail (Monday 08:00 in each person's time zone)")
  digest
    .command('preview')
    .description("print a person's digest as it would be sent now (the text part), or say it would be skipped")
    .requiredOption('--user <email>', 'the person, by the e-mail address they sign in with')
    .addHelpText('after', '\nExample:\n  npm run steward -- digest preview --user fundraising@demo.steward.invalid')
    .action(async (options: { user: string }) => {
      const out = await withDatabase('digest preview', async () => buildDigest(await person(options.user)))
      process.stdout.write(`Subject: ${out.subject}\n\n${out.text}`)
      if (out.empty) process.stderr.write('digest: nothing to say this week: it would be skipped\n')
    })
  digest
    .command('send')
    .description("queue a person's digest now, through the outbox (sent by the worker's email.sweep)")
    .requiredOption('--user <email>', 'the person, by the e-mail address they sign in with')
    .action(async (options: { user: string }) => {
      await withDatabase('digest send', async () => {
        if (!emailConfigured()) throw new CliError('e-mail is not configured: set SMTP_URL and STEWARD_PUBLIC_URL')
        const { digest: out, outboxId } = await queueDigest(await person(options.user))
        if (!outboxId) throw new CliError('nothing to say this week: no digest queued')
        process.stderr.write(
          `digest: queued “${out.subject}” for ${options.user} (outbox ${outboxId}); the worker sends it within a minute\n`,
        )
      })
    })
}
