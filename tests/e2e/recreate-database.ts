// Drops and creates the database DATABASE_URL names, so a browser-test server on PostgreSQL
// starts as empty as one on a new embedded data folder.
import postgres from 'postgres'

const target = new URL(process.env.DATABASE_URL ?? '')
const name = target.pathname.slice(1)
if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`refusing to recreate database "${name}"`)
const admin = new URL(target)
admin.pathname = '/postgres'
const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} })
await sql.unsafe(`drop database if exists ${name} with (force)`)
await sql.unsafe(`create database ${name}`)
await sql.end()
