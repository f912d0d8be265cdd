#!/usr/bin/env node
// `npm start` runs this before serving: it rebuilds the production build only when the inputs of
// the build changed since the last one. The inputs are hashed (paths and contents, not
// timestamps: a checkout, a copy or a `touch` changes times without changing the build), and the
// hash is kept in build/.inputs-hash beside the build it describes.
//   node --import tsx bin/build-if-changed.ts [--check]   (--check: only say whether a build is needed; exit 1 if so)
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildCli } from './build-cli.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
export const STAMP = path.join(root, 'build', '.inputs-hash')

/**
 * Folders whose files go into the build: the server bundle includes db/ and jobs/ code the routes
 * import, and the command line's bundle (build/cli/) all of them with bin/ and server/.
 */
const INPUT_DIRS = ['app', 'bin', 'db', 'jobs', 'public', 'server']
/** Files at the root that shape the build. */
const INPUT_FILES = ['package.json', 'package-lock.json', 'react-router.config.ts', 'vite.config.ts', 'tsconfig.json']
/** Never part of the build: tests, and the migrations (read from disk at run time, not bundled). */
const ignored = (relative: string) => /\.test\.tsx?$/.test(relative) || relative.startsWith('db/migrations/')

function* walk(relative: string): Generator<string> {
  const absolute = path.join(root, relative)
  if (!existsSync(absolute)) return
  for (const entry of readdirSync(absolute, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const child = path.posix.join(relative, entry.name)
    if (entry.isDirectory()) yield* walk(child)
    else if (entry.isFile() && !ignored(child)) yield child
  }
}

/** SHA-256 over every input's path and content, in a fixed order. */
export function hashBuildInputs(): string {
  const hash = createHash('sha256')
  const files = [...INPUT_DIRS.flatMap((dir) => [...walk(dir)]), ...INPUT_FILES.filter((f) => existsSync(path.join(root, f)))]
  for (const file of files) {
    hash.update(`${file}\0`)
    hash.update(readFileSync(path.join(root, file)))
    hash.update('\0')
  }
  return hash.digest('hex')
}

/** Whether build/ holds a complete build made from exactly the current inputs. */
export function buildIsCurrent(hash = hashBuildInputs()): boolean {
  const parts = [path.join('server', 'index.js'), 'client', path.join('cli', 'steward.mjs')]
  if (parts.some((part) => !existsSync(path.join(root, 'build', part)))) return false
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === hash
}

async function main() {
  const started = performance.now()
  const hash = hashBuildInputs()
  if (buildIsCurrent(hash)) {
    console.log(`The build is current (inputs checked in ${Math.round(performance.now() - started)} ms).`)
    return
  }
  if (process.argv.includes('--check')) {
    console.log('The build is out of date.')
    process.exit(1)
  }
  console.log('Sources changed since the last build: building…')
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', '@react-router', 'dev', 'bin.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
  await buildCli()
  // Written last: an interrupted build leaves no stamp and is built again next time.
  writeFileSync(STAMP, `${hash}\n`)
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
