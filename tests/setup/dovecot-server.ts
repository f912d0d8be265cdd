// A private Dovecot 2.3 for tests: its own directory, config, users and port on 127.0.0.1, with the
// configuration verified in CONNECTORS.md §4 (plain IMAP, PLAIN login, maildir, a \Sent folder).
// Mail processes run as Debian's `mail` user (uid 8) when the tests run as root, as Dovecot refuses
// root for them; otherwise as the user running the tests.
//
// Free of any test runner, so the vitest suites (through dovecot.ts, which adds describeWithDovecot)
// and the Playwright specs (tests/e2e) start it alike.
import { execFile, spawn } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { ImapFlow } from 'imapflow'

const run = promisify(execFile)

/** Runs Dovecot's master, which daemonizes: its children keep no pipe of ours, so waiting ends when it forks. */
function startMaster(conf: string) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(DOVECOT, ['-c', conf], { stdio: 'ignore' })
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`dovecot exited with ${code}`))))
  })
}

export const DOVECOT = '/usr/sbin/dovecot'
export const DOVEADM = '/usr/bin/doveadm'
const INSTALL = 'apt-get install dovecot-imapd'

/** Why the Dovecot tests cannot run here, or null when they can. */
export function missingDovecot(): string | null {
  if (!existsSync(DOVECOT) || !existsSync(DOVEADM)) return `Dovecot is not installed (no ${DOVECOT}): install it with \`${INSTALL}\`.`
  return null
}

export interface SeedMessage {
  folder: string
  raw: string
  flags?: string[]
  internalDate: Date
}

export interface DovecotServer {
  host: '127.0.0.1'
  port: number
  dir: string
  /** Appends messages over IMAP (the only way here that sets INTERNALDATE); returns their UIDs in order. */
  append(user: string, messages: SeedMessage[]): Promise<number[]>
  /** Each message's flags by UID, read by doveadm (not through the code under test); \Recent left out. */
  flags(user: string, folder: string): Promise<Record<number, string[]>>
  uidValidity(user: string, folder: string): Promise<number>
  /** Sets the folder's UIDVALIDITY, as a server does after a folder is rebuilt or restored. */
  setUidValidity(user: string, folder: string, value: number): Promise<void>
  /** Removes one message, as another mail client would. */
  expunge(user: string, folder: string, uid: number): Promise<void>
  /** Dovecot's own counters of each finished IMAP session of the user, oldest first (`body_count=0 …`). */
  sessions(user: string): Array<Record<string, number>>
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** Stops the master and waits until it is gone (Dovecot takes about 2 s to wind down its services). */
async function stopMaster(dir: string, conf: string) {
  const pidFile = path.join(dir, 'run', 'master.pid')
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : undefined
  await run(DOVECOT, ['-c', conf, 'stop']).catch(() => {})
  for (let i = 0; pid && i < 200; i++) {
    try {
      process.kill(pid, 0)
    } catch {
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Resolves once the server greets on the port (Dovecot daemonizes before it listens). */
async function waitForGreeting(port: number, timeoutMs: number) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1')
      socket.setTimeout(1_000)
      socket.once('data', (data) => {
        socket.destroy()
        resolve(data.toString().startsWith('* OK'))
      })
      socket.once('error', () => resolve(false))
      socket.once('timeout', () => {
        socket.destroy()
        resolve(false)
      })
    })
    if (greeted) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`Dovecot did not greet on 127.0.0.1:${port} within ${timeoutMs} ms`)
}

/** The name of a group id, from /etc/group (Dovecot takes group names). */
function groupName(gid: number) {
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((entry) => entry.split(':')[2] === String(gid))
  return line?.split(':')[0] ?? String(gid)
}

function configText(dir: string, port: number, sentSpecialUse: boolean) {
  const root = process.getuid?.() === 0
  const me = userInfo()
  const mailUser = root
    ? ['first_valid_uid = 8', 'mail_uid = mail', 'mail_gid = mail']
    : [
        `first_valid_uid = ${me.uid}`,
        `mail_uid = ${me.uid}`,
        `mail_gid = ${me.gid}`,
        `default_internal_user = ${me.username}`,
        `default_login_user = ${me.username}`,
        `default_internal_group = ${groupName(me.gid)}`,
      ]
  return [
    'protocols = imap',
    'listen = 127.0.0.1',
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `log_path = ${dir}/dovecot.log`,
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    // Refused logins answer at once instead of after Dovecot's default 2 s.
    'auth_failure_delay = 0',
    ...mailUser,
    `mail_location = maildir:${dir}/mail/%n`,
    `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${dir}/users\n}`,
    `userdb {\n  driver = static\n  args = home=${dir}/mail/%n\n}`,
    // No growing delay for the logins after a refused one (Dovecot's wiki, Authentication/Penalty); chroot needs root.
    `service anvil {\n${root ? '' : '  chroot =\n'}  unix_listener anvil-auth-penalty {\n    mode = 0\n  }\n}`,
    `service imap-login {\n${root ? '' : '  chroot =\n'}  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    // Without special_use the folder is still called Sent: a client must not take it for one by its name.
    `namespace inbox {\n  inbox = yes\n  mailbox Sent {\n${sentSpecialUse ? '    special_use = \\Sent\n' : ''}    auto = subscribe\n  }\n}`,
    '',
  ].join('\n')
}

/** Starts a private Dovecot with these users (address → password). Stop it with stop(), in afterAll. */
export async function startDovecot(options: { users: Record<string, string>; sentSpecialUse?: boolean }): Promise<DovecotServer> {
  const missing = missingDovecot()
  if (missing) throw new Error(missing)
  const dir = mkdtempSync(path.join(tmpdir(), 'steward-dovecot-'))
  // The mail user has to reach the maildirs inside; mkdtemp makes the folder private (0700).
  chmodSync(dir, 0o755)
  mkdirSync(path.join(dir, 'mail'))
  if (process.getuid?.() === 0) chownSync(path.join(dir, 'mail'), 8, 8)
  writeFileSync(
    path.join(dir, 'users'),
    Object.entries(options.users)
      .map(([user, password]) => `${user}:{PLAIN}${password}\n`)
      .join(''),
  )
  const conf = path.join(dir, 'dovecot.conf')
  const doveadm = (...args: string[]) => run(DOVEADM, ['-c', conf, ...args])

  const log = () => (existsSync(path.join(dir, 'dovecot.log')) ? readFileSync(path.join(dir, 'dovecot.log'), 'utf8') : '')
  let port = 0
  for (let attempt = 1; ; attempt++) {
    port = await freePort()
    writeFileSync(conf, configText(dir, port, options.sentSpecialUse ?? true))
    try {
      await startMaster(conf)
      await waitForGreeting(port, 5_000)
      break
    } catch (error) {
      await stopMaster(dir, conf)
      // Another process may have taken the port between freePort() and Dovecot's bind: try another.
      if (attempt === 3 || !/Address already in use/.test(log())) {
        const words = `Dovecot did not start: ${(error as Error).message}\n${log()}`
        rmSync(dir, { recursive: true, force: true })
        throw new Error(words)
      }
    }
  }
  // If the test process ends without afterAll (a crash, a kill), take Dovecot down with it.
  const masterPid = Number(readFileSync(path.join(dir, 'run', 'master.pid'), 'utf8').trim())
  const killOnExit = () => {
    try {
      process.kill(masterPid, 'SIGTERM')
    } catch {
      // already gone
    }
  }
  process.once('exit', killOnExit)

  return {
    host: '127.0.0.1',
    port,
    dir,

    async append(user, messages) {
      const client = new ImapFlow({
        host: '127.0.0.1',
        port,
        secure: false,
        doSTARTTLS: false,
        auth: { user, pass: options.users[user] },
        logger: false,
        disableAutoIdle: true,
      })
      client.on('error', () => {})
      await client.connect()
      try {
        const uids: number[] = []
        for (const message of messages) {
          const appended = await client.append(message.folder, message.raw, message.flags ?? [], message.internalDate)
          if (!appended || appended.uid === undefined) throw new Error(`Dovecot did not append to ${message.folder}`)
          uids.push(appended.uid)
        }
        return uids
      } finally {
        await client.logout()
      }
    },

    async flags(user, folder) {
      const { stdout } = await doveadm('-f', 'tab', 'fetch', '-u', user, 'uid flags', 'mailbox', folder, 'all')
      const result: Record<number, string[]> = {}
      for (const line of stdout.trim().split('\n').slice(1)) {
        if (!line.trim()) continue
        const [uid, flags = ''] = line.split('\t')
        result[Number(uid)] = flags
          .split(' ')
          .filter((flag) => flag && flag !== '\\Recent')
          .sort()
      }
      return result
    },

    async uidValidity(user, folder) {
      const { stdout } = await doveadm('-f', 'flow', 'mailbox', 'status', '-u', user, 'uidvalidity', folder)
      const match = /uidvalidity=(\d+)/.exec(stdout)
      if (!match) throw new Error(`doveadm gave no UIDVALIDITY for ${folder}: ${stdout}`)
      return Number(match[1])
    },

    async setUidValidity(user, folder, value) {
      await doveadm('mailbox', 'update', '-u', user, '--uid-validity', String(value), folder)
    },

    async expunge(user, folder, uid) {
      await doveadm('expunge', '-u', user, 'mailbox', folder, 'uid', String(uid))
    },

    sessions(user) {
      return readFileSync(path.join(dir, 'dovecot.log'), 'utf8')
        .split('\n')
        .filter((line) => line.includes(`imap(${user})`) && line.includes('Disconnected'))
        .map((line) => Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map(([, name, value]) => [name, Number(value)])))
    },

    async stop() {
      process.off('exit', killOnExit)
      await stopMaster(dir, conf)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
