import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError'
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Steward process (pid ${holder.pid}, ${holder.command}). ` +
        `Stop that process first, or run this command against PostgreSQL with DATABASE_URL.`,
    )
  }
}

interface LockHolder {
  pid: number
  command: string
  startedAt: string
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * PGlite keeps a data directory open in one process only: a second opener would corrupt it.
 * The lock is a file created with O_EXCL holding the owner's pid; a lock left by a dead
 * process is taken over.
 */
export function acquireDataDirLock(dataDir: string, command: string): () => void {
  mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, 'steward.lock')
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600)
      const holder: LockHolder = { pid: process.pid, command, startedAt: new Date().toISOString() }
      writeSync(fd, JSON.stringify(holder))
      closeSync(fd)
      let released = false
      const release = () => {
        if (released) return
        released = true
        process.off('exit', release)
        try {
          const current = JSON.parse(readFileSync(file, 'utf8')) as LockHolder
          if (current.pid === process.pid) rmSync(file, { force: true })
        } catch {
          // already gone
        }
      }
      process.on('exit', release)
      return release
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      let holder: LockHolder | undefined
      try {
        holder = JSON.parse(readFileSync(file, 'utf8')) as LockHolder
      } catch {
        holder = undefined // half-written or unreadable: treat as stale
      }
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) throw new DataDirInUseError(dataDir, holder)
      if (existsSync(file)) rmSync(file, { force: true })
    }
  }
  throw new Error(`Could not lock the data directory ${dataDir}`)
}
