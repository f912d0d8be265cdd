import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { httpUrl } from './http-url.ts'
import { parseTrustProxy } from './trust-proxy.ts'

const URL_MESSAGE = 'must be a URL starting with https:// or http://'

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine((value) => value === undefined || protocols.some((p) => value.startsWith(`${p}:`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    })

/**
 * STEWARD_SECRET_KEY is exactly 32 random bytes, written as 64 hex digits or as base64 (standard
 * or URL-safe, padding optional). Nothing else is accepted: a passphrase would need a slow key
 * derivation to be safe, and a random key needs none. Returns null for anything else.
 */
export function decodeSecretKey(text: string): Buffer | null {
  const value = text.trim()
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex')
  if (!/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(value)) return null
  const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
  return bytes.length === 32 ? bytes : null
}

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
    STEWARD_DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
    PORT: z.coerce.number({ message: 'must be a port number' }).int('must be a whole number').min(1).max(65535).default(3000),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((value, ctx) => {
        try {
          return parseTrustProxy(value)
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message })
          return z.NEVER
        }
      }),
    // A session unused this many days ends, even within its 30 days.
    STEWARD_SESSION_IDLE_DAYS: z.coerce
      .number({ message: 'must be a number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be at least 1 day')
      .max(30, 'must be at most 30 days (sessions end after 30 days anyway)')
      .default(14),
    SESSION_SECRET: z
      .string()
      .optional()
      .transform((value) => (value === '' ? undefined : value))
      .refine((value) => value === undefined || value.length >= 32, { message: 'must be at least 32 characters long' }),
    STEWARD_PUBLIC_URL: optionalUrl(['http', 'https']),
    GITHUB_TOKEN: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value === '' ? undefined : value)),
    GITHUB_GRAPHQL_URL: httpUrl(URL_MESSAGE).default('https://api.github.com/graphql'),
    OPENCOLLECTIVE_GRAPHQL_URL: httpUrl(URL_MESSAGE).default('https://api.opencollective.com/graphql/v2'),
    // The folder holding the ECB's three reference-rate files; a trailing slash keeps relative file names inside it.
    ECB_RATES_URL: httpUrl(URL_MESSAGE)
      .default('https://www.ecb.europa.eu/stats/eurofxref/')
      .transform((value) => (value.endsWith('/') ? value : `${value}/`)),
    STEWARD_FETCH_RATES: z
      .enum(['true', 'false', '1', '0', ''], { message: 'must be true or false' })
      .default('true')
      .transform((value) => value !== 'false' && value !== '0'),
    SMTP_URL: optionalUrl(['smtp', 'smtps']),
    SMTP_FROM: z.string().trim().default('Steward <steward@localhost>'),
    STEWARD_BACKUP_KEEP: z.coerce
      .number({ message: 'must be a number of backups' })
      .int('must be a whole number')
      .min(0, 'must be 0 (no automatic backups) or more')
      .default(7),
    // A background job still running after this long is taken to have died with its worker
    // (killed, machine lost) and is tried again by any worker; pg-boss's own default.
    STEWARD_JOB_TIMEOUT_SECONDS: z.coerce
      .number({ message: 'must be a number of seconds' })
      .int('must be a whole number')
      .min(5, 'must be at least 5 seconds')
      .max(86_400, 'must be at most a day (86400)')
      .default(900),
    STEWARD_SECRET_KEY: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value === '' ? undefined : value))
      .refine((value) => value === undefined || decodeSecretKey(value) !== null, {
        message: 'must be 32 random bytes written as base64 (openssl rand -base64 32) or hex (openssl rand -hex 32)',
      }),
  })
  .superRefine((env, ctx) => {
    // E-mailed links must be absolute, and a worker has no request to take an origin from.
    if (env.SMTP_URL && !env.STEWARD_PUBLIC_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['STEWARD_PUBLIC_URL'],
        message: 'is required when SMTP_URL is set (the address people reach Steward at, for links in e-mails)',
      })
    }
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'is required when NODE_ENV=production (at least 32 random characters)',
      })
    }
  })

export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string; databaseKind: 'postgres' | 'pglite' }

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Parses the environment, naming every bad variable in one message. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Omit<Env, 'SESSION_SECRET'> & { SESSION_SECRET?: string } {
  const result = EnvSchema.safeParse(source)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`)
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`)
  }
  return { ...result.data, databaseKind: result.data.DATABASE_URL ? 'postgres' : 'pglite' }
}

/**
 * Without SESSION_SECRET (allowed outside production) a secret is generated once into the data
 * directory, so sessions survive restarts without asking a first-time user to configure anything.
 */
function sessionSecretFromDataDir(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('hex')
  writeFileSync(file, secret + '\n', { mode: 0o600 })
  return secret
}

const ENV_KEY = Symbol.for('steward.env')
type GlobalWithEnv = typeof globalThis & { [ENV_KEY]?: Env }

/** The validated configuration of this process (parsed once). */
export function getEnv(): Env {
  const g = globalThis as GlobalWithEnv
  if (!g[ENV_KEY]) {
    const parsed = parseEnv()
    g[ENV_KEY] = { ...parsed, SESSION_SECRET: parsed.SESSION_SECRET ?? sessionSecretFromDataDir(parsed.STEWARD_DATA_DIR) }
  }
  return g[ENV_KEY]
}

/** For tests: forget the parsed configuration so the next getEnv() reads process.env again. */
export function resetEnv() {
  delete (globalThis as GlobalWithEnv)[ENV_KEY]
}
