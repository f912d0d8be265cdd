import type { Command } from 'commander'
import { writeFileSync } from 'node:fs'
import { DomainError } from '#app/domain/errors.ts'
import { parsePaper, type ReportFormat, renderReport } from '#app/domain/reports/render-report.server.ts'
import { generateReport, getReportDocument } from '#app/domain/reports/reports.server.ts'
import { isQuarterId } from '#app/utils/time.ts'
import { CliError, withDatabase } from '../context.ts'

const FORMATS: ReportFormat[] = ['json', 'md', 'pdf']

export function registerReport(program: Command) {
  const report = program.command('report').description('quarterly Steering Council reports')
  report
    .command('generate')
    .description("generate the quarter's draft, or refresh its open draft, and print it (a published report is printed unchanged)")
    .requiredOption('--quarter <quarter>', 'the quarter, like 2025-Q3 (in the project time zone)')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'json')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--paper <paper>', 'PDF paper size: a4 or letter', 'a4')
    .option('--base-url <url>', 'where Steward is reached, for the chart links in Markdown', '')
    .addHelpText(
      'after',
      '\nExamples:\n  npm run steward -- report generate --quarter 2025-Q3\n  npm run steward -- report generate --quarter 2025-Q3 --format pdf --out report-2025-Q3.pdf',
    )
    .action(async (options: { quarter: string; format: string; out?: string; paper: string; baseUrl: string }) => {
      const quarter = options.quarter.trim().toUpperCase()
      if (!isQuarterId(quarter)) throw new CliError(`--quarter: ${options.quarter} is not a quarter (expected e.g. 2025-Q3)`)
      if (!FORMATS.includes(options.format as ReportFormat)) throw new CliError(`--format: use one of ${FORMATS.join(', ')}`)
      if (options.format === 'pdf' && !options.out && process.stdout.isTTY)
        throw new CliError('a PDF is binary: give --out FILE or redirect standard output')
      const { body, outcome, version } = await withDatabase('report generate', async () => {
        try {
          const started = performance.now()
          const { outcome } = await generateReport({ quarter, actor: null })
          const doc = (await getReportDocument(quarter))!
          const body = await renderReport(doc, options.format as ReportFormat, {
            paper: parsePaper(options.paper),
            chartBaseUrl: options.baseUrl.replace(/\/+$/, ''),
          })
          process.stderr.write(
            `report ${quarter}: ${outcome === 'published' ? `version ${doc.version} is published and was left unchanged` : `version ${doc.version} ${outcome}`} in ${Math.round(performance.now() - started)} ms\n`,
          )
          return { body, outcome, version: doc.version }
        } catch (error) {
          if (error instanceof DomainError) throw new CliError(error.message)
          throw error
        }
      })
      if (options.out) {
        writeFileSync(options.out, body)
        process.stderr.write(`wrote ${options.out} (${outcome}, version ${version})\n`)
      } else {
        process.stdout.write(body)
      }
    })
}
