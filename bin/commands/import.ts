import type { Command } from 'commander'
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { findUserByEmail } from '#app/domain/accounts/users.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { confirmImport, getImportMapping, previewImport } from '#app/domain/fundraising/imports.server.ts'
import { IMPORT_FORMAT_LABELS, IMPORT_FORMATS, type ImportFormat } from '#app/domain/fundraising/vocabulary.ts'
import { ImportFileError, MAX_IMPORT_BYTES } from '#app/integrations/donation-imports/index.ts'
import { minorToDecimal } from '#app/utils/money.ts'
import { CliError, withDatabase } from '../context.ts'

const MAX_LISTED = 20

export function registerImport(program: Command) {
  const command = program.command('import').description('import data from files')
  command
    .command('donations')
    .description(
      'import a donations export (Open Collective, GitHub Sponsors, PayPal, Stripe, or a CSV with a saved mapping); writes unless --dry-run',
    )
    .argument('<file>', 'the exported file')
    .option('--format <format>', `one of ${IMPORT_FORMATS.join(', ')} (default: detected from the header)`)
    .option('--mapping <name>', 'for --format generic: the name of a column mapping saved in the web import page')
    .option('--dry-run', 'show what would be imported and write nothing')
    .option('--as <email>', 'record the import as done by this user (default: the system)')
    .addHelpText(
      'after',
      '\nExamples:\n  npm run steward -- import donations transactions.csv --dry-run\n  npm run steward -- import donations statement.csv --format generic --mapping "NumFOCUS statement"',
    )
    .action(async (file: string, options: { format?: string; mapping?: string; dryRun?: boolean; as?: string }) => {
      if (options.format && !IMPORT_FORMATS.includes(options.format as ImportFormat))
        throw new CliError(`--format must be one of ${IMPORT_FORMATS.join(', ')}`)
      let bytes: Uint8Array
      try {
        if (statSync(file).size > MAX_IMPORT_BYTES) throw new CliError(`${file}: the file is over the 50 MB limit; split it by date range`)
        bytes = readFileSync(file)
      } catch (error) {
        if (error instanceof CliError) throw error
        throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`)
      }
      const fileName = path.basename(file)
      await withDatabase('import donations', async () => {
        const mapping = options.mapping ? await getImportMapping(options.mapping) : null
        if (options.mapping && !mapping) throw new CliError(`no saved mapping called "${options.mapping}"`)
        const format = (options.format as ImportFormat | undefined) ?? (mapping ? 'generic' : null)
        const actor = options.as ? await findUserByEmail(options.as) : null
        if (options.as && !actor) throw new CliError(`no user with the email ${options.as}`)
        try {
          const preview = await previewImport({ bytes, fileName, format, mapping: mapping?.mapping })
          console.log(`${fileName}: ${IMPORT_FORMAT_LABELS[preview.format]}, ${preview.rows} rows`)
          console.log(`  to add:      ${preview.toAdd.length}`)
          console.log(`  duplicates:  ${preview.duplicates.length} (already in the ledger or twice in the file)`)
          console.log(`  skipped:     ${preview.skipped.length} (not donations)`)
          console.log(`  errors:      ${preview.errors.length}`)
          for (const t of preview.totals)
            console.log(
              `  new money:   ${t.currency} gross ${minorToDecimal(t.gross, t.currency)}, fees ${minorToDecimal(t.fees, t.currency)}, net ${minorToDecimal(t.net, t.currency)} (${t.count} donations)`,
            )
          for (const notice of preview.notices) console.log(`  note: ${notice}`)
          if (preview.sameFile) console.log(`  note: this exact file was imported on ${preview.sameFile.importedAt.toISOString()}`)
          for (const e of preview.errors.slice(0, MAX_LISTED)) console.log(`  line ${e.line}: ${e.reason}`)
          if (preview.errors.length > MAX_LISTED) console.log(`  … and ${preview.errors.length - MAX_LISTED} more errors`)
          if (preview.errors.length > 0)
            throw new CliError(`${preview.errors.length} row${preview.errors.length > 1 ? 's' : ''} in error: nothing imported`)
          if (options.dryRun) {
            console.log('dry run: nothing written')
            return
          }
          const outcome = await confirmImport({ bytes, fileName, format, mapping: mapping?.mapping, actorId: actor?.id ?? null })
          console.log(
            `imported: ${outcome.inserted} added, ${outcome.duplicates} duplicates, ${outcome.skipped} skipped${outcome.refundsMarked ? `, ${outcome.refundsMarked} earlier donations marked refunded` : ''} (batch ${outcome.batchId})`,
          )
        } catch (error) {
          if (error instanceof ImportFileError || error instanceof DomainError) throw new CliError(`${fileName}: ${error.message}`)
          throw error
        }
      })
    })
}
