// Measures a 100,000-row donation import end to end (parse, preview against the ledger, confirm in
// one transaction, then the same file again: all duplicates). PGlite in memory by default;
// PostgreSQL with BENCH_DATABASE_URL (a fresh database is created and dropped).
//   node --import tsx bench/fundraising-import.ts [rows]
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { migrateDatabase, openDatabase, setDatabase, type DatabaseHandle } from '#db/client.server.ts'
import { confirmImport, previewImport } from '#app/domain/fundraising/imports.server.ts'
import { parseDonationFile } from '#app/integrations/donation-imports/index.ts'

const rows = Number(process.argv[2] ?? 100_000)

function stripeExport(n: number) {
  const lines = ['id,Created date (UTC),Amount,Amount Refunded,Currency,Fee,Status,Customer Email,Customer ID,Customer Name,Description']
  const start = Date.UTC(2024, 0, 1)
  for (let i = 0; i < n; i++) {
    const at = new Date(start + i * 600_000).toISOString().replace('T', ' ').slice(0, 19)
    const customer = i % 5000
    const amount = [5, 10, 25, 50, 100][i % 5]
    lines.push(`ch_bench_${i},${at},${amount}.00,0.00,usd,${(amount * 0.029 + 0.3).toFixed(2)},Paid,donor${customer}@example.org,cus_${customer},Donor ${customer},Donation`)
  }
  return Buffer.from(lines.join('\n') + '\n')
}

async function time<T>(label: string, run: () => Promise<T> | T): Promise<T> {
  const started = performance.now()
  const result = await run()
  console.log(`${label.padEnd(34)} ${((performance.now() - started) / 1000).toFixed(2)} s`)
  return result
}

let handle: DatabaseHandle
let cleanup = async () => {}
const serverUrl = process.env.BENCH_DATABASE_URL
if (serverUrl) {
  const name = `steward_bench_${randomBytes(4).toString('hex')}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  handle = await openDatabase({ kind: 'postgres', url: url.toString() })
  await migrateDatabase(handle, url.toString())
  cleanup = async () => {
    await handle.close()
    await admin.unsafe(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
} else {
  handle = await openDatabase({ kind: 'pglite-memory' })
  await migrateDatabase(handle)
  cleanup = () => handle.close()
}
setDatabase(handle)

const bytes = stripeExport(rows)
console.log(`${rows} Stripe rows, ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB, ${handle.kind}`)
await time('parse', () => parseDonationFile(bytes))
const preview = await time('preview (empty ledger)', () => previewImport({ bytes, fileName: 'bench.csv' }))
const outcome = await time('confirm (one transaction)', () => confirmImport({ bytes, fileName: 'bench.csv', actorId: null }))
const again = await time('re-import (all duplicates)', () => confirmImport({ bytes, fileName: 'bench.csv', actorId: null }))
console.log(`to add ${preview.toAdd.length}; inserted ${outcome.inserted}; second time inserted ${again.inserted}, duplicates ${again.duplicates}`)
await cleanup()
