// Steward's own processes for the operations tests: the production start command and the worker,
// spawned exactly as a process manager would, against a database these helpers create.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import postgres from 'postgres'

export const root = fileURLToPath(new URL('../..', import.meta.url))

/** The tests run the production build, as `.ci/run` leaves it: the server's and the command line's bundles. */
export function requireBuild() {
  for (const part of ['build/server/index.js', 'build/cli/steward.mjs']) {
    if (!existsSync(`${root}${part}`)) throw new Error(`No production build (${part}): run \`npm run build\` first.`)
  }
}

/** DATABASE_URL (a server where the user may create databases), required: these tests are about PostgreSQL. */
export function requireServerUrl() {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('The operations tests need DATABASE_URL=postgres://… (a server where databases may be created).')
  return url
}

/** A new, empty database on the server; `drop` removes it (closing any connection left). */
export async function createDatabase(serverUrl: string, prefix = 'steward_ops') {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    name,
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}

export interface StewardProcess {
  name: string
  child: ChildProcess
  pid: number
  /** everything it printed so far (stdout and stderr) */
  output: () => string
  /** resolves once the output contains `text` */
  waitFor: (text: string | RegExp, timeoutMs?: number) => Promise<void>
  /** SIGTERM (or the signal given), then waits for the exit */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>
  exited: Promise<number | null>
}

/**
 * `node build/cli/steward.mjs …args` (the production command line, as `npm start` and the container
 * run it) with a clean production environment plus `env`.
 */
export function startSteward(name: string, args: string[], env: Record<string, string>): StewardProcess {
  const child = spawn(process.execPath, ['build/cli/steward.mjs', ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      TZ: 'UTC',
      NODE_ENV: 'production',
      SESSION_SECRET: 'ops-test-secret-ops-test-secret-0123456789',
      STEWARD_FETCH_RATES: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const waiters: Array<() => void> = []
  const onData = (chunk: Buffer) => {
    output += chunk.toString()
    for (const waiter of [...waiters]) waiter()
  }
  child.stdout?.on('data', onData)
  child.stderr?.on('data', onData)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const waitFor = (text: string | RegExp, timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const matches = () => (typeof text === 'string' ? output.includes(text) : text.test(output))
      if (matches()) return resolve()
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(check), 1)
        reject(new Error(`${name} did not print ${String(text)} within ${timeoutMs} ms:\n${output}`))
      }, timeoutMs)
      const check = () => {
        if (!matches()) return
        clearTimeout(timer)
        waiters.splice(waiters.indexOf(check), 1)
        resolve()
      }
      waiters.push(check)
      void exited.then(() => {
        if (waiters.includes(check)) {
          clearTimeout(timer)
          waiters.splice(waiters.indexOf(check), 1)
          reject(new Error(`${name} exited before printing ${String(text)}:\n${output}`))
        }
      })
    })
  return {
    name,
    child,
    pid: child.pid!,
    output: () => output,
    waitFor,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}

/** A web process: `serve --no-worker` on `port`, resolved once /healthz answers 200. */
export async function startWeb(name: string, port: number, env: Record<string, string>) {
  const web = startSteward(name, ['serve', '--no-worker'], { PORT: String(port), HOST: '127.0.0.1', ...env })
  await web.waitFor('Steward is running at', 90_000)
  return web
}

/** A worker process: `worker`, resolved once it says it runs. */
export async function startWorker(name: string, env: Record<string, string>) {
  const worker = startSteward(name, ['worker'], env)
  await worker.waitFor('Steward worker is running', 90_000)
  return worker
}

/** Runs a command to completion (`user add`, `repo add`, …); rejects with its output on failure. */
export async function runSteward(args: string[], env: Record<string, string>) {
  const command = startSteward(args.join(' '), args, env)
  const code = await command.exited
  if (code !== 0) throw new Error(`steward ${args.join(' ')} exited with ${code}:\n${command.output()}`)
  return command.output()
}

/**
 * Which of `pids` holds a TCP connection to `port` on this machine (Linux: /proc/net/tcp gives the
 * sockets' inodes, /proc/PID/fd the process holding one). Tells which worker is talking to a fake.
 */
export function processConnectedTo(port: number, pids: number[]): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0')
  const inodes = new Set<string>()
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      // rem_address ends with the port; st 01 is ESTABLISHED
      if (fields.length > 9 && fields[2].endsWith(`:${hexPort}`) && fields[3] === '01') inodes.add(fields[9])
    }
  }
  for (const pid of pids) {
    let fds: string[] = []
    try {
      fds = readdirSync(`/proc/${pid}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1]
        if (inode && inodes.has(inode)) return pid
      } catch {
        // the descriptor closed while we looked
      }
    }
  }
  return undefined
}

/** Polls `check` every `everyMs` until it returns a value other than undefined/false. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs: number, what: string, everyMs = 250) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check().catch(() => undefined)
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}

/** Signs in through the login form; returns the session cookie ("name=value"). */
export async function signIn(baseUrl: string, email: string, password: string) {
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
    body: new URLSearchParams({ email, password }).toString(),
  })
  const setCookie = response.headers.getSetCookie().map((c) => c.split(';')[0])
  if (response.status !== 302 || setCookie.length === 0) {
    throw new Error(`sign-in answered ${response.status} without a session cookie: ${(await response.text()).slice(0, 300)}`)
  }
  return setCookie.join('; ')
}
